//! The yearly report of the Gugus Tugas PP-TPPO (the anti-trafficking task force) of a
//! Malang Raya kabupaten/kota or of the province: prevention at the passport counter, tips and
//! cases, the legal process, victims assisted, coordination meetings and their action items,
//! outreach. Every figure that the dashboards also show comes from the same function
//! ([`App::dashboard_figures`] over 1 January to 31 December), so the two never differ; the
//! meetings and action items are counted by the store for the same region and days.

use crate::auth::{Actor, Caller};
use crate::dashboard::{Dashboard, DashboardQuery};
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::dates::format_iso;
use sinergi_domain::region::{self, JAWA_TIMUR, RegionCode, RegionLevel};
use time::{Date, Month};

/// Meetings held in the year and the action items they set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coordination {
    /// Coordination meetings held (host or an attending agency in the region).
    pub meetings: i64,
    /// Action items set at meetings of the year (responsible agency in the region).
    pub action_items: i64,
    /// Of those, reported done.
    pub done: i64,
    /// Of those, still open.
    pub open: i64,
    /// Of the open ones, past their due date today.
    pub overdue: i64,
}

/// The task-force report of one region and year.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskForceReport {
    /// The kabupaten/kota or the province.
    pub region: RegionCode,
    /// The year reported on.
    pub year: i32,
    /// The day the report was made (WIB).
    pub made_on: Date,
    /// The dashboard of the region over the whole year: every shared figure.
    pub figures: Dashboard,
    /// Meetings and action items.
    pub coordination: Coordination,
}

/// The query of the dashboard a report of `region` and `year` equals: 01/01 to 31/12.
pub fn report_query(region: RegionCode, year: i32) -> Result<DashboardQuery, AppError> {
    let bad_year = || AppError::invalid("year", "report_year", "year out of range");
    if !(2000..=2100).contains(&year) {
        return Err(bad_year());
    }
    let from = Date::from_calendar_date(year, Month::January, 1).map_err(|_| bad_year())?;
    let to = Date::from_calendar_date(year, Month::December, 31).map_err(|_| bad_year())?;
    let ok = region == JAWA_TIMUR
        || (region::is_malang_raya(region)
            && region.level() == RegionLevel::KabupatenKota
            && region::lookup(region).is_some());
    if !ok {
        return Err(AppError::invalid(
            "region",
            "report_region",
            "not Jawa Timur or a Malang Raya kabupaten/kota",
        ));
    }
    Ok(DashboardQuery { region, from, to })
}

/// The regions a report may be made for, in menu order: Jawa Timur, then Malang Raya.
pub fn report_regions() -> Vec<&'static region::Region> {
    std::iter::once(JAWA_TIMUR)
        .chain(region::MALANG_RAYA)
        .filter_map(region::lookup)
        .collect()
}

impl App {
    /// The task-force report of `region` (Jawa Timur or a Malang Raya kabupaten/kota) for
    /// `year`. A signed-in caller needs `ViewDashboard`; the report is audited as an export
    /// of statistics (`statistics.task_force_report`), since it leaves the system on paper.
    pub async fn task_force_report(
        &self,
        caller: Caller<'_>,
        region: RegionCode,
        year: i32,
    ) -> Result<TaskForceReport, AppError> {
        let origin = match caller {
            Caller::Operator => crate::audit::Origin::cli(),
            Caller::Actor(a) => {
                a.require(Permission::ViewDashboard)?;
                a.origin()
            }
        };
        let query = report_query(region, year)?;
        let figures = self.dashboard_figures(query).await?;
        let made_on = self.clock().now_wib().date();
        let scope = App::dashboard_scope(&query);
        let c = self
            .store
            .report_coordination(&scope, &format_iso(made_on))
            .await?;
        self.audit(
            &origin,
            "statistics.task_force_report",
            &region.to_string(),
            &format!("year {year}"),
        )
        .await?;
        Ok(TaskForceReport {
            region,
            year,
            made_on,
            figures,
            coordination: Coordination {
                meetings: c.meetings,
                action_items: c.action_items,
                done: c.done,
                open: c.open,
                overdue: c.overdue,
            },
        })
    }

    /// Whether `actor` may read task-force reports (the menu asks).
    pub fn may_read_reports(actor: &Actor) -> bool {
        actor.can(Permission::ViewDashboard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_cover_a_whole_year_of_a_kabupaten_kota_or_the_province() {
        let r = |c: &str| RegionCode::parse(c).unwrap();
        let q = report_query(r("3507"), 2026).unwrap();
        assert_eq!(q.region.to_string(), "35.07");
        assert_eq!(format_iso(q.from), "2026-01-01");
        assert_eq!(format_iso(q.to), "2026-12-31");
        assert!(report_query(r("35"), 2026).is_ok());
        assert!(report_query(r("35.07.04"), 2026).is_err(), "kecamatan");
        assert!(report_query(r("35.78"), 2026).is_err(), "Surabaya");
        assert!(report_query(r("35.79"), 1999).is_err());
        assert_eq!(report_regions().len(), 4);
    }
}
