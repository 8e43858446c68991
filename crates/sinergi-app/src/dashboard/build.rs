//! Assembles a [`Dashboard`] from the store's grouped counts.

use super::rollup::{
    area_of, cell, day_of_text, median, month_of_day, month_of_text, months, protect, protect_pairs,
};
use super::{
    Area, Dashboard, DashboardQuery, FunnelStage, FunnelStep, Median, MonthRow, RegionRow,
};
use crate::{App, AppError};
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::assistance::Service;
use sinergi_domain::cases::legal::Stage;
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::clock::to_millis;
use sinergi_domain::dates::format_iso;
use sinergi_domain::prevention::ApplicationStatus;
use sinergi_domain::region::{self, MALANG_RAYA, RegionLevel};
use sinergi_store::dashboard::{FunnelRow, Group, Scope};
use std::collections::BTreeMap;
use std::str::FromStr;
use time::Date;

const DAY_MS: i64 = 86_400_000;
const WIB_MS: i64 = 7 * 3_600_000;
/// Julian day number of 01/01/1970.
const EPOCH_JD: i64 = 2_440_588;

/// Days since 01/01/1970 of a date.
fn day_number(d: Date) -> i64 {
    i64::from(d.to_julian_day()) - EPOCH_JD
}

/// The store's scope of a query: the period in WIB as instants and days, and the region filter
/// (the province also takes records without a region).
pub(crate) fn scope_of(q: &DashboardQuery) -> Scope {
    let (region_eq, region_like) = if q.region.level() == RegionLevel::Provinsi {
        (String::new(), format!("{}%", q.region))
    } else {
        (q.region.to_string(), format!("{}.%", q.region))
    };
    Scope {
        from_ms: day_number(q.from) * DAY_MS - WIB_MS,
        to_ms: (day_number(q.to) + 1) * DAY_MS - WIB_MS,
        from_day: format_iso(q.from),
        to_day: format_iso(q.to),
        region_eq,
        region_like,
    }
}

fn corrupt(what: &str, code: &str) -> AppError {
    AppError::Internal(format!("unknown stored {what} code {code:?}"))
}

/// Raw counts of one region row.
#[derive(Debug, Default, Clone, Copy)]
struct Raw {
    applicants: i64,
    deferred: i64,
    tips: i64,
    cases: i64,
    assisted: i64,
    outreach: i64,
}

/// Counts per month: applicants, tips, cases, outreach events.
type MonthMap = BTreeMap<(i32, u8), [i64; 4]>;

fn bump(map: &mut MonthMap, month: Option<(i32, u8)>, slot: usize, n: i64) {
    if let Some(m) = month
        && let Some(v) = map.get_mut(&m).and_then(|v| v.get_mut(slot))
    {
        *v += n;
    }
}

/// The region row a stored region code counts in (`None` without a breakdown).
fn row_of<'a>(
    rows: &'a mut BTreeMap<Area, Raw>,
    breakdown: Option<RegionLevel>,
    stored: &str,
) -> Option<&'a mut Raw> {
    breakdown.map(|l| rows.entry(area_of(stored, l)).or_default())
}

/// Sums `n` per key (first code of the group).
fn per_key(groups: &[Group]) -> BTreeMap<&str, i64> {
    let mut out = BTreeMap::new();
    for g in groups {
        *out.entry(g.key.as_str()).or_insert(0) += g.n;
    }
    out
}

pub(super) async fn build(app: &App, q: DashboardQuery) -> Result<Dashboard, AppError> {
    let scope = scope_of(&q);
    let store = app.reader();
    let small = q.region.level() == RegionLevel::Kecamatan;
    let breakdown = match q.region.level() {
        RegionLevel::Provinsi => Some(RegionLevel::KabupatenKota),
        RegionLevel::KabupatenKota => Some(RegionLevel::Kecamatan),
        _ => None,
    };
    let mut rows: BTreeMap<Area, Raw> = BTreeMap::new();
    match breakdown {
        Some(RegionLevel::KabupatenKota) => {
            for kab in MALANG_RAYA {
                rows.insert(Area::Region(kab), Raw::default());
            }
        }
        Some(_) => {
            for kec in region::children(q.region) {
                rows.insert(Area::Region(kec.code()), Raw::default());
            }
        }
        None => {}
    }
    let mut month_map: MonthMap = months(q.from, q.to)
        .into_iter()
        .map(|m| (m, [0; 4]))
        .collect();

    // Applicants, screenings, deferrals.
    let applicants = store.dashboard_applicants(&scope).await?;
    let (mut total, mut screened, mut deferred) = (0, 0, 0);
    let mut outcomes: BTreeMap<&str, i64> = BTreeMap::new();
    for g in &applicants {
        let is_deferral = g.sub == "defer";
        total += g.n;
        screened += g.extra;
        if is_deferral {
            deferred += g.n;
            *outcomes.entry(g.key.as_str()).or_insert(0) += g.n;
        }
        if let Some(r) = row_of(&mut rows, breakdown, &g.region) {
            r.applicants += g.n;
            if is_deferral {
                r.deferred += g.n;
            }
        }
    }
    for d in store.dashboard_applicants_daily(&scope).await? {
        bump(&mut month_map, month_of_day(d.day), 0, d.n);
    }
    for code in outcomes.keys() {
        ApplicationStatus::from_code(code).ok_or_else(|| corrupt("application status", code))?;
    }
    let deferral_outcomes = [
        ApplicationStatus::Deferred,
        ApplicationStatus::Issued,
        ApplicationStatus::Refused,
        ApplicationStatus::Lapsed,
    ]
    .into_iter()
    .map(|s| (s, cell(outcomes.get(s.code()).copied().unwrap_or(0), small)))
    .collect();

    // Tips.
    let tips = store.dashboard_tips(&scope).await?;
    let mut tip_status: BTreeMap<&str, i64> = BTreeMap::new();
    // Keyed by the kind's code; `""` for a kind outside the case kinds.
    let mut tip_kind: BTreeMap<&str, i64> = BTreeMap::new();
    for g in &tips {
        *tip_status.entry(g.sub.as_str()).or_insert(0) += g.n;
        let kind = CaseKind::from_str(&g.key).map(|k| k.code()).unwrap_or("");
        *tip_kind.entry(kind).or_insert(0) += g.n;
        if let Some(r) = row_of(&mut rows, breakdown, &g.region) {
            r.tips += g.n;
        }
    }
    for code in tip_status.keys() {
        TipStatus::from_str(code).map_err(|_| corrupt("tip status", code))?;
    }
    for d in store.dashboard_tips_daily(&scope).await? {
        bump(&mut month_map, month_of_day(d.day), 1, d.n);
    }
    let mut tips_by_kind: Vec<(Option<CaseKind>, _)> = CaseKind::ALL
        .iter()
        .map(|k| {
            (
                Some(*k),
                cell(tip_kind.get(k.code()).copied().unwrap_or(0), small),
            )
        })
        .collect();
    if let Some(n) = tip_kind.get("") {
        tips_by_kind.push((None, cell(*n, small)));
    }

    // Cases.
    let cases = store.dashboard_cases(&scope).await?;
    for g in &cases {
        CaseKind::from_str(&g.key).map_err(|_| corrupt("case kind", &g.key))?;
        bump(&mut month_map, month_of_text(&g.sub), 2, g.n);
        if let Some(r) = row_of(&mut rows, breakdown, &g.region) {
            r.cases += g.n;
        }
    }
    let case_kind = per_key(&cases);

    // Suspects by their latest stage.
    let stages = store.dashboard_suspect_stages(&scope).await?;
    let by_stage = per_key(&stages);
    let mut suspects_by_stage = Vec::new();
    if let Some(n) = by_stage.get("") {
        suspects_by_stage.push((None, cell(*n, small)));
    }
    for code in by_stage.keys().filter(|c| !c.is_empty()) {
        Stage::from_str(code).map_err(|_| corrupt("legal stage", code))?;
    }
    for s in Stage::ALL {
        if let Some(n) = by_stage.get(s.code()) {
            suspects_by_stage.push((Some(*s), cell(*n, small)));
        }
    }

    // Victims assisted.
    let assistance = store.dashboard_assistance(&scope).await?;
    let by_service = per_key(&assistance);
    for code in by_service.keys().filter(|c| !c.is_empty()) {
        Service::from_str(code).map_err(|_| corrupt("assistance service", code))?;
    }
    for g in assistance.iter().filter(|g| g.key.is_empty()) {
        if let Some(r) = row_of(&mut rows, breakdown, &g.region) {
            r.assisted += g.n;
        }
    }

    // Overdue referrals and action items (now, whatever the period).
    let now = app.clock.now_wib();
    let referrals = store
        .dashboard_overdue_referrals(to_millis(app.clock.now()), &scope)
        .await?;
    let actions = store
        .dashboard_overdue_actions(&format_iso(now.date()), &scope)
        .await?;

    // Outreach.
    let outreach = store.dashboard_outreach(&scope).await?;
    let (mut events, mut audience) = (0, 0);
    for g in &outreach {
        events += g.n;
        audience += g.extra;
        bump(&mut month_map, month_of_text(&g.key), 3, g.n);
        if let Some(r) = row_of(&mut rows, breakdown, &g.region) {
            r.outreach += g.n;
        }
    }

    let funnel = funnel(&store.dashboard_funnel(&scope).await?, small);
    let sum = |m: &BTreeMap<&str, i64>| m.values().sum::<i64>();
    let mut d = Dashboard {
        query: q,
        small_cells: small,
        breakdown,
        applicants: cell(total, small),
        screened: cell(screened, small),
        deferred: cell(deferred, small),
        deferral_outcomes,
        tips: cell(tips.iter().map(|g| g.n).sum(), small),
        tips_by_kind,
        tips_by_status: TipStatus::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    cell(tip_status.get(s.code()).copied().unwrap_or(0), small),
                )
            })
            .collect(),
        cases: cell(sum(&case_kind), small),
        cases_by_kind: CaseKind::ALL
            .iter()
            .map(|k| {
                (
                    *k,
                    cell(case_kind.get(k.code()).copied().unwrap_or(0), small),
                )
            })
            .collect(),
        suspects: cell(sum(&by_stage), small),
        suspects_by_stage,
        assisted: cell(by_service.get("").copied().unwrap_or(0), small),
        assisted_by_service: Service::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    cell(by_service.get(s.code()).copied().unwrap_or(0), small),
                )
            })
            .collect(),
        overdue_referrals: cell(referrals.iter().map(|g| g.n).sum(), small),
        overdue_referrals_by_agency: by_agency(app, &referrals, small).await,
        overdue_actions: cell(actions.iter().map(|g| g.n).sum(), small),
        overdue_actions_by_agency: by_agency(app, &actions, small).await,
        outreach_events: events,
        outreach_audience: audience,
        funnel,
        months: month_map
            .into_iter()
            .map(|((year, month), [a, t, c, o])| MonthRow {
                year,
                month,
                applicants: cell(a, small),
                tips: cell(t, small),
                cases: cell(c, small),
                outreach_events: o,
            })
            .collect(),
        regions: region_rows(rows, breakdown == Some(RegionLevel::Kecamatan)),
    };
    protect_all(&mut d);
    Ok(d)
}

/// Secondary suppression of every breakdown whose cells add up to a shown total (people
/// assisted per service do not: one person may receive several services).
fn protect_all(d: &mut Dashboard) {
    protect_pairs(&mut d.deferral_outcomes);
    protect_pairs(&mut d.tips_by_kind);
    protect_pairs(&mut d.tips_by_status);
    protect_pairs(&mut d.cases_by_kind);
    protect_pairs(&mut d.suspects_by_stage);
    protect_pairs(&mut d.overdue_referrals_by_agency);
    protect_pairs(&mut d.overdue_actions_by_agency);
    type Get = fn(&mut MonthRow) -> &mut super::Cell;
    let month_columns: [Get; 3] = [|m| &mut m.applicants, |m| &mut m.tips, |m| &mut m.cases];
    for get in month_columns {
        let mut cells: Vec<_> = d.months.iter_mut().map(|m| *get(m)).collect();
        protect(&mut cells);
        for (m, c) in d.months.iter_mut().zip(cells) {
            *get(m) = c;
        }
    }
    type GetRow = fn(&mut RegionRow) -> &mut super::Cell;
    let region_columns: [GetRow; 5] = [
        |r| &mut r.applicants,
        |r| &mut r.deferred,
        |r| &mut r.tips,
        |r| &mut r.cases,
        |r| &mut r.assisted,
    ];
    for get in region_columns {
        let mut cells: Vec<_> = d.regions.iter_mut().map(|r| *get(r)).collect();
        protect(&mut cells);
        for (r, c) in d.regions.iter_mut().zip(cells) {
            *get(r) = c;
        }
    }
}

/// Counts per agency, with the agency's name in force today, most first.
async fn by_agency(app: &App, groups: &[Group], small: bool) -> Vec<(String, super::Cell)> {
    let mut out = Vec::new();
    for (code, n) in per_key(groups) {
        out.push((app.agency_name_today(code).await, n));
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.into_iter()
        .map(|(name, n)| (name, cell(n, small)))
        .collect()
}

/// The region rows: regions by name, then records known only above the level, then records
/// without a region (those two only when not empty).
fn region_rows(rows: BTreeMap<Area, Raw>, small: bool) -> Vec<RegionRow> {
    let name = |a: &Area| match a {
        Area::Region(c) | Area::Above(c) => region::lookup(*c).map(|r| r.name()).unwrap_or(""),
        Area::Unrecorded => "",
    };
    let mut list: Vec<(Area, Raw)> = rows
        .into_iter()
        .filter(|(a, r)| {
            matches!(a, Area::Region(_))
                || r.applicants + r.tips + r.cases + r.assisted + r.outreach > 0
        })
        .collect();
    list.sort_by(|a, b| {
        let rank = |x: &Area| match x {
            Area::Region(_) => 0,
            Area::Above(_) => 1,
            Area::Unrecorded => 2,
        };
        rank(&a.0).cmp(&rank(&b.0)).then(name(&a.0).cmp(name(&b.0)))
    });
    list.into_iter()
        .map(|(area, r)| RegionRow {
            area,
            applicants: cell(r.applicants, small),
            deferred: cell(r.deferred, small),
            tips: cell(r.tips, small),
            cases: cell(r.cases, small),
            assisted: cell(r.assisted, small),
            outreach_events: r.outreach,
        })
        .collect()
}

/// The funnel of the tips of the period: each case counted once (from its earliest tip).
fn funnel(rows: &[FunnelRow], small: bool) -> Vec<FunnelStep> {
    struct CaseDays {
        tip_ms: i64,
        created_ms: Option<i64>,
        charged: Option<i64>,
        verdict: Option<i64>,
    }
    let mut cases: BTreeMap<&str, CaseDays> = BTreeMap::new();
    for r in rows {
        let Some(id) = r.case_id.as_deref() else {
            continue;
        };
        let day = |t: &Option<String>| t.as_deref().and_then(day_of_text).map(day_number);
        let e = cases.entry(id).or_insert(CaseDays {
            tip_ms: r.received_at,
            created_ms: r.case_created_at,
            charged: day(&r.charged_on),
            verdict: day(&r.verdict_on),
        });
        e.tip_ms = e.tip_ms.min(r.received_at);
    }
    let (mut to_case, mut to_charge, mut to_verdict) = (Vec::new(), Vec::new(), Vec::new());
    let (mut charged, mut verdicts) = (0, 0);
    for c in cases.values() {
        let created_day = c.created_ms.map(|ms| (ms + WIB_MS).div_euclid(DAY_MS));
        if let Some(ms) = c.created_ms {
            to_case.push((ms - c.tip_ms) as f64 / DAY_MS as f64);
        }
        if let Some(ch) = c.charged {
            charged += 1;
            if let Some(cd) = created_day {
                to_charge.push((ch - cd) as f64);
            }
            if let Some(v) = c.verdict {
                to_verdict.push((v - ch) as f64);
            }
        }
        if c.verdict.is_some() {
            verdicts += 1;
        }
    }
    vec![
        FunnelStep {
            stage: FunnelStage::Tip,
            count: cell(rows.len() as i64, small),
            median_days: Median::None,
        },
        FunnelStep {
            stage: FunnelStage::Case,
            count: cell(cases.len() as i64, small),
            median_days: median(to_case, small),
        },
        FunnelStep {
            stage: FunnelStage::Charged,
            count: cell(charged, small),
            median_days: median(to_charge, small),
        },
        FunnelStep {
            stage: FunnelStage::Verdict,
            count: cell(verdicts, small),
            median_days: median(to_verdict, small),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_domain::region::RegionCode;
    use time::macros::date;

    #[test]
    fn the_period_is_whole_wib_days_and_the_region_a_prefix() {
        let q = DashboardQuery {
            region: RegionCode::parse("35.07").unwrap(),
            from: date!(1970 - 01 - 02),
            to: date!(1970 - 01 - 02),
        };
        let s = scope_of(&q);
        assert_eq!(s.from_ms, DAY_MS - WIB_MS);
        assert_eq!(s.to_ms, 2 * DAY_MS - WIB_MS);
        assert_eq!(
            (s.region_eq.as_str(), s.region_like.as_str()),
            ("35.07", "35.07.%")
        );
        let p = scope_of(&DashboardQuery {
            region: RegionCode::parse("35").unwrap(),
            ..q
        });
        assert_eq!((p.region_eq.as_str(), p.region_like.as_str()), ("", "35%"));
    }

    #[test]
    fn funnel_counts_each_case_once_from_its_first_tip() {
        let row =
            |at: i64, case: Option<&str>, charged: Option<&str>, verdict: Option<&str>| FunnelRow {
                received_at: at,
                case_id: case.map(str::to_string),
                case_created_at: case.map(|_| 10 * DAY_MS),
                charged_on: charged.map(str::to_string),
                verdict_on: verdict.map(str::to_string),
            };
        let f = funnel(
            &[
                row(0, Some("a"), Some("1970-01-21"), Some("1970-02-10")),
                row(
                    5 * DAY_MS,
                    Some("a"),
                    Some("1970-01-21"),
                    Some("1970-02-10"),
                ),
                row(2 * DAY_MS, Some("b"), None, None),
                row(3 * DAY_MS, None, None, None),
            ],
            false,
        );
        let counts: Vec<_> = f.iter().map(|s| s.count).collect();
        use super::super::Cell::Count;
        assert_eq!(counts, vec![Count(4), Count(2), Count(1), Count(1)]);
        assert_eq!(f[1].median_days, Median::Days { value: 9.0, of: 2 });
        assert_eq!(f[2].median_days, Median::Days { value: 10.0, of: 1 });
        assert_eq!(f[3].median_days, Median::Days { value: 20.0, of: 1 });
    }
}
