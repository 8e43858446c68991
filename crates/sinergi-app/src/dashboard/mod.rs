//! Dashboards: aggregate figures of a region (Jawa Timur, a Malang Raya kabupaten/kota or one of
//! its kecamatan) over a period, for users holding `ViewDashboard`; the tables behind them as
//! CSV for those also holding `ExportStatistics` (audited).
//!
//! The store counts in SQL (grouped by region code and a code); this module rolls the codes up
//! into the region asked for and its regions one level below, builds the monthly trend and the
//! funnel from tip to verdict, and masks small cells: a count about people (applicants, tips,
//! cases, suspects, victims, referrals, action items) of a single kecamatan that is 1 to
//! [`SMALL_CELL_K`]` - 1` is shown as "fewer than k", so one victim cannot be singled out; and
//! when a breakdown would have a single masked cell next to its shown total, the smallest other
//! non-zero cell is hidden too, so the masked one cannot be recovered by subtraction. Outreach
//! events are public and never masked.

mod build;
pub mod demo;
mod rollup;

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::assistance::Service;
use sinergi_domain::cases::legal::Stage;
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::prevention::ApplicationStatus;
use sinergi_domain::region::{self, JAWA_TIMUR, MALANG_RAYA, Region, RegionCode, RegionLevel};
use time::{Date, Month};

/// Counts of 1 to `SMALL_CELL_K - 1` in kecamatan-level cells are masked. Five, the usual
/// threshold for published aggregate tables; the record-level HTCDS export uses a stricter k.
pub const SMALL_CELL_K: i64 = 5;

/// The longest period a dashboard covers (days), so a query stays cheap.
pub const MAX_PERIOD_DAYS: i64 = 5 * 366;

/// What a dashboard is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DashboardQuery {
    /// Jawa Timur, a Malang Raya kabupaten/kota or one of its kecamatan.
    pub region: RegionCode,
    /// First day (WIB).
    pub from: Date,
    /// Last day (WIB), inclusive.
    pub to: Date,
}

/// A ready-made period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// From the first of this month to today.
    ThisMonth,
    /// The whole previous month.
    LastMonth,
    /// From 1 January to today.
    ThisYear,
    /// The whole previous year.
    LastYear,
    /// Twelve calendar months: the eleven before this one and this one up to today.
    Last12Months,
}

impl Preset {
    /// Every preset, in menu order.
    pub const ALL: [Preset; 5] = [
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::ThisYear,
        Preset::LastYear,
        Preset::Last12Months,
    ];

    /// The stable code (URLs, labels).
    pub fn code(self) -> &'static str {
        match self {
            Preset::ThisMonth => "this_month",
            Preset::LastMonth => "last_month",
            Preset::ThisYear => "this_year",
            Preset::LastYear => "last_year",
            Preset::Last12Months => "last_12_months",
        }
    }

    /// The preset of a code.
    pub fn from_code(code: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The days the preset covers when today is `today`.
    pub fn range(self, today: Date) -> (Date, Date) {
        let first_of = |y: i32, m: Month| Date::from_calendar_date(y, m, 1).unwrap_or(today);
        let month_start = first_of(today.year(), today.month());
        let year_start = first_of(today.year(), Month::January);
        match self {
            Preset::ThisMonth => (month_start, today),
            Preset::LastMonth => {
                let last = month_start.previous_day().unwrap_or(month_start);
                (first_of(last.year(), last.month()), last)
            }
            Preset::ThisYear => (year_start, today),
            Preset::LastYear => {
                let last = year_start.previous_day().unwrap_or(year_start);
                (first_of(last.year(), Month::January), last)
            }
            Preset::Last12Months => {
                let index = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - 11;
                let month =
                    Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
                (first_of(index.div_euclid(12), month), today)
            }
        }
    }
}

/// The regions a dashboard may be asked for, in menu order: Jawa Timur, then each Malang Raya
/// kabupaten/kota followed by its kecamatan (by name).
pub fn dashboard_regions() -> Vec<&'static Region> {
    let mut out: Vec<&'static Region> = region::lookup(JAWA_TIMUR).into_iter().collect();
    for kab in MALANG_RAYA {
        out.extend(region::lookup(kab));
        let mut kec: Vec<&'static Region> = region::children(kab).collect();
        kec.sort_by_key(|r| r.name());
        out.extend(kec);
    }
    out
}

/// A count as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// The exact count.
    Count(i64),
    /// 1 to [`SMALL_CELL_K`]` - 1`, masked.
    Small,
    /// Hidden although not small: the only other masked cell of its group could otherwise be
    /// worked out by subtracting the shown cells from the shown total.
    Hidden,
}

impl Cell {
    /// The exact count, if shown.
    pub fn value(self) -> Option<i64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Small | Cell::Hidden => None,
        }
    }
}

/// A median duration between two funnel steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Median {
    /// No case reached both steps.
    None,
    /// Fewer than k durations at kecamatan level: not shown.
    Small,
    /// The median in days, over `of` durations.
    Days {
        /// Days.
        value: f64,
        /// How many durations.
        of: usize,
    },
}

/// Where records fall in a breakdown by region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// A region of the breakdown's level.
    Region(RegionCode),
    /// Recorded only at a coarser level than the breakdown (e.g. a case known only by its lead
    /// agency's kabupaten).
    Above(RegionCode),
    /// No region recorded.
    Unrecorded,
}

/// One step of the funnel from tip to verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStage {
    /// Tips received in the period (duplicates left out).
    Tip,
    /// Cases those tips became.
    Case,
    /// Of those, cases with a suspect investigated as a suspect (penyidikan onwards).
    Charged,
    /// Of those, cases with a verdict.
    Verdict,
}

impl FunnelStage {
    /// The stable code (labels, CSV).
    pub fn code(self) -> &'static str {
        match self {
            FunnelStage::Tip => "tip",
            FunnelStage::Case => "case",
            FunnelStage::Charged => "charged",
            FunnelStage::Verdict => "verdict",
        }
    }
}

/// One step of the funnel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelStep {
    /// Which step.
    pub stage: FunnelStage,
    /// How many tips (first step) or cases reached it.
    pub count: Cell,
    /// Median days from the previous step (`Median::None` on the first).
    pub median_days: Median,
}

/// One month of the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRow {
    /// Year.
    pub year: i32,
    /// Month 1-12.
    pub month: u8,
    /// Passport applicants recorded.
    pub applicants: Cell,
    /// Tips received.
    pub tips: Cell,
    /// Cases begun.
    pub cases: Cell,
    /// Outreach events held.
    pub outreach_events: i64,
}

/// One region of the breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionRow {
    /// The region (or why records have none of this level).
    pub area: Area,
    /// Passport applicants recorded.
    pub applicants: Cell,
    /// Of which deferred.
    pub deferred: Cell,
    /// Tips received.
    pub tips: Cell,
    /// Cases begun.
    pub cases: Cell,
    /// People assisted.
    pub assisted: Cell,
    /// Outreach events held.
    pub outreach_events: i64,
}

/// Every figure of one dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// What was asked.
    pub query: DashboardQuery,
    /// Whether every count about people is masked when small (a kecamatan was asked for).
    pub small_cells: bool,
    /// The level of [`Dashboard::regions`] (`None` for a kecamatan: no breakdown).
    pub breakdown: Option<RegionLevel>,
    /// Passport applicants recorded in the period.
    pub applicants: Cell,
    /// Of which screened.
    pub screened: Cell,
    /// Of which deferred.
    pub deferred: Cell,
    /// Where the deferred applicants stand now.
    pub deferral_outcomes: Vec<(ApplicationStatus, Cell)>,
    /// Tips received.
    pub tips: Cell,
    /// Tips by kind (`None`: a kind outside the case kinds).
    pub tips_by_kind: Vec<(Option<CaseKind>, Cell)>,
    /// Tips by where they stand.
    pub tips_by_status: Vec<(TipStatus, Cell)>,
    /// Cases begun.
    pub cases: Cell,
    /// Cases by kind.
    pub cases_by_kind: Vec<(CaseKind, Cell)>,
    /// Suspects of those cases.
    pub suspects: Cell,
    /// Suspects by their latest main legal stage (`None`: no step recorded yet).
    pub suspects_by_stage: Vec<(Option<Stage>, Cell)>,
    /// People assisted by a service begun in the period.
    pub assisted: Cell,
    /// People assisted by service.
    pub assisted_by_service: Vec<(Service, Cell)>,
    /// Referrals open past their due date now.
    pub overdue_referrals: Cell,
    /// Those by receiving agency (name in force today).
    pub overdue_referrals_by_agency: Vec<(String, Cell)>,
    /// Action items open past their due date now.
    pub overdue_actions: Cell,
    /// Those by responsible agency (name in force today).
    pub overdue_actions_by_agency: Vec<(String, Cell)>,
    /// Outreach events held.
    pub outreach_events: i64,
    /// Their expected audience.
    pub outreach_audience: i64,
    /// Tip → case → suspect charged → verdict.
    pub funnel: Vec<FunnelStep>,
    /// The trend, one row per month of the period.
    pub months: Vec<MonthRow>,
    /// The breakdown by the regions one level below.
    pub regions: Vec<RegionRow>,
}

impl DashboardQuery {
    /// Checks the region (Jawa Timur, a Malang Raya kabupaten/kota or kecamatan) and the period.
    pub fn check(&self) -> Result<(), AppError> {
        let ok_region = self.region == JAWA_TIMUR
            || (region::is_malang_raya(self.region)
                && matches!(
                    self.region.level(),
                    RegionLevel::KabupatenKota | RegionLevel::Kecamatan
                )
                && region::lookup(self.region).is_some());
        if !ok_region {
            return Err(AppError::invalid(
                "region",
                "dashboard_region",
                "not Jawa Timur or a Malang Raya region",
            ));
        }
        let days = (self.to - self.from).whole_days();
        if !(0..=MAX_PERIOD_DAYS).contains(&days) {
            return Err(AppError::invalid(
                "period",
                "dashboard_period",
                "period reversed or too long",
            ));
        }
        Ok(())
    }
}

impl App {
    /// The dashboard of a region and period (needs `ViewDashboard`; counts only).
    pub async fn dashboard(
        &self,
        actor: &Actor,
        query: DashboardQuery,
    ) -> Result<Dashboard, AppError> {
        actor.require(Permission::ViewDashboard)?;
        self.dashboard_figures(query).await
    }

    /// The figures of a dashboard without a permission check: for use cases that checked
    /// their own (the task-force report), so both show the same numbers.
    pub(crate) async fn dashboard_figures(
        &self,
        query: DashboardQuery,
    ) -> Result<Dashboard, AppError> {
        query.check()?;
        self.sweep_deferrals().await?;
        build::build(self, query).await
    }

    /// The store's scope (period and region filter) of a query.
    pub(crate) fn dashboard_scope(query: &DashboardQuery) -> sinergi_store::dashboard::Scope {
        build::scope_of(query)
    }

    /// The dashboard again, for a CSV download of its table `table` (needs `ViewDashboard`
    /// and `ExportStatistics`). Audited: which table, region and period.
    pub async fn dashboard_export(
        &self,
        actor: &Actor,
        query: DashboardQuery,
        table: &str,
    ) -> Result<Dashboard, AppError> {
        actor.require(Permission::ViewDashboard)?;
        actor.require(Permission::ExportStatistics)?;
        let dashboard = self.dashboard(actor, query).await?;
        let detail = format!(
            "table {table} region {} from {} to {}",
            query.region,
            sinergi_domain::dates::format_iso(query.from),
            sinergi_domain::dates::format_iso(query.to)
        );
        self.audit(
            &actor.origin(),
            "statistics.dashboard_export",
            table,
            &detail,
        )
        .await?;
        Ok(dashboard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn presets_cover_the_expected_days() {
        let today = date!(2026 - 03 - 15);
        assert_eq!(
            Preset::ThisMonth.range(today),
            (date!(2026 - 03 - 01), today)
        );
        assert_eq!(
            Preset::LastMonth.range(today),
            (date!(2026 - 02 - 01), date!(2026 - 02 - 28))
        );
        assert_eq!(
            Preset::ThisYear.range(today),
            (date!(2026 - 01 - 01), today)
        );
        assert_eq!(
            Preset::LastYear.range(today),
            (date!(2025 - 01 - 01), date!(2025 - 12 - 31))
        );
        assert_eq!(
            Preset::Last12Months.range(today),
            (date!(2025 - 04 - 01), today)
        );
        for p in Preset::ALL {
            assert_eq!(Preset::from_code(p.code()), Some(p));
        }
    }

    #[test]
    fn only_jawa_timur_and_malang_raya_regions_are_asked_for() {
        let q = |code: &str| DashboardQuery {
            region: RegionCode::parse(code).unwrap(),
            from: date!(2026 - 01 - 01),
            to: date!(2026 - 12 - 31),
        };
        assert!(q("35").check().is_ok());
        assert!(q("35.07").check().is_ok());
        assert!(q("35.79.01").check().is_ok());
        assert!(q("35.78").check().is_err(), "Surabaya is not Malang Raya");
        assert!(q("35.07.04.2001").check().is_err(), "no desa dashboards");
        let mut reversed = q("35");
        reversed.to = date!(2025 - 01 - 01);
        assert!(reversed.check().is_err());
        let regions = dashboard_regions();
        assert_eq!(regions.first().map(|r| r.code()), Some(JAWA_TIMUR));
        assert!(regions.len() > 40, "{}", regions.len());
    }
}
