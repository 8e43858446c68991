//! Aggregate queries behind the dashboards: counts grouped in SQL by region code and one or two
//! codes (status, kind, stage, service, agency, month), never a person's row. The application
//! rolls the region codes up (kecamatan → kabupaten/kota → province) and masks small cells.
//!
//! Every query takes a [`Scope`]: a period and a region filter `reg = eq OR reg LIKE like`
//! (`35.07` is `eq = "35.07", like = "35.07.%"`; the province is `eq = "", like = "35%"`, which
//! also takes records without a recorded region). A case's region is the region of the tip it
//! came from, else its lead agency's region.

use crate::query::binds;
use crate::{Result, Store};
use sqlx::Row;
use sqlx::any::AnyRow;

/// The period and region of a dashboard query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// First instant, epoch milliseconds (inclusive).
    pub from_ms: i64,
    /// End instant, epoch milliseconds (exclusive).
    pub to_ms: i64,
    /// First day `yyyy-mm-dd` (inclusive).
    pub from_day: String,
    /// Last day `yyyy-mm-dd` (inclusive).
    pub to_day: String,
    /// A region code that matches exactly (`""` takes records without a region).
    pub region_eq: String,
    /// A `LIKE` pattern for the codes inside the region (`35.07.%`).
    pub region_like: String,
}

/// One group of a count query: the region code, up to two codes and two figures. What the codes
/// and figures mean is said by the function that returns them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Region code as stored (dotted; `""` when none was recorded).
    pub region: String,
    /// First code of the group.
    pub key: String,
    /// Second code of the group.
    pub sub: String,
    /// The count.
    pub n: i64,
    /// A second figure (screened applicants, audience), else 0.
    pub extra: i64,
}

/// How many records fell on one day (WIB), for the monthly trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    /// Days since 01/01/1970 in WIB.
    pub day: i64,
    /// Records on that day.
    pub n: i64,
}

/// One tip of the funnel cohort with the dates its case reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelRow {
    /// When the tip was received (ms).
    pub received_at: i64,
    /// The case it became (internal id, used only to count distinct cases).
    pub case_id: Option<String>,
    /// When that case was opened (ms).
    pub case_created_at: Option<i64>,
    /// First day a suspect of the case was investigated as a suspect (`yyyy-mm-dd`).
    pub charged_on: Option<String>,
    /// First day of a verdict in the case (`yyyy-mm-dd`).
    pub verdict_on: Option<String>,
}

/// Cases with the region they count under (`k.reg`).
macro_rules! cases_k {
    () => {
        "(SELECT c.id, c.kind, c.started_on, \
         COALESCE((SELECT MIN(t.region_code) FROM tips t WHERE t.case_id = c.id), a.region_code, '') AS reg \
         FROM cases c JOIN agencies a ON a.code = c.lead_agency) k"
    };
}

const APPLICANTS: &str = "SELECT COALESCE(region_code, ''), status, COALESCE(decision, ''), \
     CAST(COUNT(*) AS BIGINT), CAST(SUM(CASE WHEN score IS NULL THEN 0 ELSE 1 END) AS BIGINT) \
     FROM applicants WHERE created_at >= $1 AND created_at < $2 \
     AND (COALESCE(region_code, '') = $3 OR COALESCE(region_code, '') LIKE $4) \
     GROUP BY COALESCE(region_code, ''), status, COALESCE(decision, '')";

const APPLICANTS_DAILY: &str = "SELECT CAST((created_at + 25200000) / 86400000 AS BIGINT), \
     CAST(COUNT(*) AS BIGINT) FROM applicants WHERE created_at >= $1 AND created_at < $2 \
     AND (COALESCE(region_code, '') = $3 OR COALESCE(region_code, '') LIKE $4) \
     GROUP BY (created_at + 25200000) / 86400000";

const TIPS: &str = "SELECT COALESCE(region_code, ''), kind, status, CAST(COUNT(*) AS BIGINT), \
     CAST(0 AS BIGINT) FROM tips WHERE received_at >= $1 AND received_at < $2 \
     AND (COALESCE(region_code, '') = $3 OR COALESCE(region_code, '') LIKE $4) \
     GROUP BY COALESCE(region_code, ''), kind, status";

const TIPS_DAILY: &str = "SELECT CAST((received_at + 25200000) / 86400000 AS BIGINT), \
     CAST(COUNT(*) AS BIGINT) FROM tips WHERE received_at >= $1 AND received_at < $2 \
     AND (COALESCE(region_code, '') = $3 OR COALESCE(region_code, '') LIKE $4) \
     GROUP BY (received_at + 25200000) / 86400000";

const CASES: &str = concat!(
    "SELECT k.reg, k.kind, SUBSTR(k.started_on, 1, 7), CAST(COUNT(*) AS BIGINT), \
     CAST(0 AS BIGINT) FROM ",
    cases_k!(),
    " WHERE k.started_on >= $1 AND k.started_on <= $2 AND (k.reg = $3 OR k.reg LIKE $4) \
     GROUP BY k.reg, k.kind, SUBSTR(k.started_on, 1, 7)"
);

/// Side steps (pretrial review, restitution, PK) do not move a suspect's main stage.
const STAGES: &str = concat!(
    "SELECT x.reg, x.stage, '', CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) FROM \
     (SELECT k.reg AS reg, COALESCE((SELECT ls.stage FROM legal_steps ls \
     WHERE ls.person_id = p.id AND ls.stage NOT IN ('praperadilan', 'restitusi', 'pk') \
     ORDER BY ls.seq DESC LIMIT 1), '') AS stage \
     FROM case_people p JOIN ",
    cases_k!(),
    " ON k.id = p.case_id WHERE p.role = 'suspect' AND k.started_on >= $1 \
     AND k.started_on <= $2 AND (k.reg = $3 OR k.reg LIKE $4)) x GROUP BY x.reg, x.stage"
);

/// People assisted per service, and (service `""`) per region over every service.
const ASSISTANCE: &str = concat!(
    "SELECT k.reg, a.service, '', CAST(COUNT(DISTINCT COALESCE(a.person_id, a.id)) AS BIGINT), \
     CAST(0 AS BIGINT) FROM assistance a JOIN ",
    cases_k!(),
    " ON k.id = a.case_id WHERE a.started_on >= $1 AND a.started_on <= $2 \
     AND (k.reg = $3 OR k.reg LIKE $4) GROUP BY k.reg, a.service \
     UNION ALL SELECT k.reg, '', '', CAST(COUNT(DISTINCT COALESCE(a.person_id, a.id)) AS BIGINT), \
     CAST(0 AS BIGINT) FROM assistance a JOIN ",
    cases_k!(),
    " ON k.id = a.case_id WHERE a.started_on >= $1 AND a.started_on <= $2 \
     AND (k.reg = $3 OR k.reg LIKE $4) GROUP BY k.reg"
);

const OVERDUE_REFERRALS: &str = concat!(
    "SELECT k.reg, r.to_agency, '', CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) \
     FROM referrals r JOIN ",
    cases_k!(),
    " ON k.id = r.case_id WHERE r.state IN ('in_progress', 'accepted') AND r.due_at < $1 \
     AND (k.reg = $2 OR k.reg LIKE $3) GROUP BY k.reg, r.to_agency"
);

const OVERDUE_ACTIONS: &str = "SELECT COALESCE(ag.region_code, ''), ai.agency_code, '', \
     CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT) FROM action_items ai \
     JOIN agencies ag ON ag.code = ai.agency_code WHERE ai.state = 'open' AND ai.due_on < $1 \
     AND (COALESCE(ag.region_code, '') = $2 OR COALESCE(ag.region_code, '') LIKE $3) \
     GROUP BY COALESCE(ag.region_code, ''), ai.agency_code";

const OUTREACH: &str = "SELECT kecamatan_code, SUBSTR(held_on, 1, 7), '', CAST(COUNT(*) AS BIGINT), \
     CAST(SUM(expected_audience) AS BIGINT) FROM outreach_events \
     WHERE held_on >= $1 AND held_on <= $2 AND (kecamatan_code = $3 OR kecamatan_code LIKE $4) \
     GROUP BY kecamatan_code, SUBSTR(held_on, 1, 7)";

/// A suspect counts as charged from the first step after the inquiry (penyidikan onwards).
const FUNNEL: &str = "SELECT t.received_at, t.case_id, c.created_at, \
     (SELECT MIN(ls.on_date) FROM legal_steps ls WHERE ls.case_id = t.case_id AND ls.stage NOT IN \
     ('laporan_polisi', 'penyelidikan', 'sp3', 'praperadilan', 'restitusi', 'pk')), \
     (SELECT MIN(ls.on_date) FROM legal_steps ls WHERE ls.case_id = t.case_id \
     AND ls.stage IN ('putusan', 'acquitted')) \
     FROM tips t LEFT JOIN cases c ON c.id = t.case_id \
     WHERE t.received_at >= $1 AND t.received_at < $2 AND t.status <> 'duplicate' \
     AND (COALESCE(t.region_code, '') = $3 OR COALESCE(t.region_code, '') LIKE $4)";

fn group(r: &AnyRow) -> Result<Group> {
    Ok(Group {
        region: r.try_get(0)?,
        key: r.try_get(1)?,
        sub: r.try_get(2)?,
        n: r.try_get(3)?,
        extra: r.try_get(4)?,
    })
}

fn day_count(r: &AnyRow) -> Result<DayCount> {
    Ok(DayCount {
        day: r.try_get(0)?,
        n: r.try_get(1)?,
    })
}

fn funnel_row(r: &AnyRow) -> Result<FunnelRow> {
    Ok(FunnelRow {
        received_at: r.try_get(0)?,
        case_id: r.try_get(1)?,
        case_created_at: r.try_get(2)?,
        charged_on: r.try_get(3)?,
        verdict_on: r.try_get(4)?,
    })
}

impl Store {
    async fn by_ms<T>(
        &self,
        sql: &'static str,
        s: &Scope,
        f: fn(&AnyRow) -> Result<T>,
    ) -> Result<Vec<T>> {
        let vals = binds![
            s.from_ms,
            s.to_ms,
            s.region_eq.as_str(),
            s.region_like.as_str()
        ];
        self.rows(sql, vals, f).await
    }

    async fn by_day(&self, sql: &'static str, s: &Scope) -> Result<Vec<Group>> {
        let vals = binds![
            s.from_day.as_str(),
            s.to_day.as_str(),
            s.region_eq.as_str(),
            s.region_like.as_str()
        ];
        self.rows(sql, vals, group).await
    }

    async fn at(&self, sql: &'static str, at: &str, s: &Scope) -> Result<Vec<Group>> {
        let vals = binds![at, s.region_eq.as_str(), s.region_like.as_str()];
        self.rows(sql, vals, group).await
    }

    /// Applicants created in the period: key = status, sub = decision (`""` if none), n =
    /// applicants, extra = those screened.
    pub async fn dashboard_applicants(&self, s: &Scope) -> Result<Vec<Group>> {
        self.by_ms(APPLICANTS, s, group).await
    }

    /// Applicants created per day (WIB) in the period.
    pub async fn dashboard_applicants_daily(&self, s: &Scope) -> Result<Vec<DayCount>> {
        self.by_ms(APPLICANTS_DAILY, s, day_count).await
    }

    /// Tips received in the period: key = kind, sub = status.
    pub async fn dashboard_tips(&self, s: &Scope) -> Result<Vec<Group>> {
        self.by_ms(TIPS, s, group).await
    }

    /// Tips received per day (WIB) in the period.
    pub async fn dashboard_tips_daily(&self, s: &Scope) -> Result<Vec<DayCount>> {
        self.by_ms(TIPS_DAILY, s, day_count).await
    }

    /// Cases begun in the period: key = kind, sub = month `yyyy-mm`.
    pub async fn dashboard_cases(&self, s: &Scope) -> Result<Vec<Group>> {
        self.by_day(CASES, s).await
    }

    /// Suspects of the cases begun in the period: key = latest main legal stage (`""` = none).
    pub async fn dashboard_suspect_stages(&self, s: &Scope) -> Result<Vec<Group>> {
        self.by_day(STAGES, s).await
    }

    /// People assisted by services begun in the period: key = service, or `""` for the number
    /// of distinct people over every service.
    pub async fn dashboard_assistance(&self, s: &Scope) -> Result<Vec<Group>> {
        self.by_day(ASSISTANCE, s).await
    }

    /// Open referrals past their due instant `now_ms`, regardless of the period: key = the
    /// receiving agency.
    pub async fn dashboard_overdue_referrals(&self, now_ms: i64, s: &Scope) -> Result<Vec<Group>> {
        let vals = binds![now_ms, s.region_eq.as_str(), s.region_like.as_str()];
        self.rows(OVERDUE_REFERRALS, vals, group).await
    }

    /// Open action items due before `today` (`yyyy-mm-dd`), regardless of the period; region =
    /// the responsible agency's region, key = that agency.
    pub async fn dashboard_overdue_actions(&self, today: &str, s: &Scope) -> Result<Vec<Group>> {
        self.at(OVERDUE_ACTIONS, today, s).await
    }

    /// Outreach events held in the period: region = kecamatan, key = month `yyyy-mm`, n =
    /// events, extra = expected audience.
    pub async fn dashboard_outreach(&self, s: &Scope) -> Result<Vec<Group>> {
        self.by_day(OUTREACH, s).await
    }

    /// The tips of the period (duplicates left out) with how far their case went.
    pub async fn dashboard_funnel(&self, s: &Scope) -> Result<Vec<FunnelRow>> {
        self.by_ms(FUNNEL, s, funnel_row).await
    }
}
