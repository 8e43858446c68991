//! Read-only queries behind anonymised statistics: one row per victim with the facts of the case,
//! never a name, NIK, phone or address (those columns are not selected).

use crate::query::binds;
use crate::{Result, Store};
use sqlx::Row;

/// One victim of a case, with the case fields statistics use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VictimStatRow {
    /// Case-person id (used only to join; never exported).
    pub person_id: String,
    /// Case id (used only to join; never exported).
    pub case_id: String,
    /// Birth date `yyyy-mm-dd`, when recorded.
    pub birth_date: Option<String>,
    /// Case kind code.
    pub case_kind: String,
    /// Day the matter began, `yyyy-mm-dd`.
    pub started_on: String,
    /// Case status code.
    pub case_status: String,
    /// Region code of the lead agency, when it has one.
    pub region_code: Option<String>,
}

/// One fact of a case: `(case id, fact, value)`. Facts: `stage` (a legal step's stage),
/// `verdict` (a verdict's JSON), `suspect` (a suspect's id), `service` (an assistance service),
/// `link` (a linked record's kind), `tip` (the channel of the tip the case came from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFactRow {
    /// Case id.
    pub case_id: String,
    /// Fact kind.
    pub fact: String,
    /// Value.
    pub value: String,
}

const VICTIMS: &str = "SELECT cp.id, cp.case_id, cp.birth_date, c.kind, c.started_on, c.status, \
     a.region_code FROM case_people cp JOIN cases c ON c.id = cp.case_id \
     JOIN agencies a ON a.code = c.lead_agency WHERE cp.role = 'victim' ORDER BY cp.id";

const FACTS: &str = "SELECT case_id, 'stage', stage FROM legal_steps \
     UNION ALL SELECT case_id, 'verdict', verdict_json FROM legal_charges WHERE verdict_json IS NOT NULL \
     UNION ALL SELECT case_id, 'suspect', id FROM case_people WHERE role = 'suspect' \
     UNION ALL SELECT case_id, 'service', service FROM assistance \
     UNION ALL SELECT case_id, 'link', link_kind FROM case_links \
     UNION ALL SELECT case_id, 'tip', channel FROM tips WHERE case_id IS NOT NULL";

impl Store {
    /// Every victim of every case (statistics only: the caller anonymises before anything leaves).
    pub async fn statistics_victims(&self) -> Result<Vec<VictimStatRow>> {
        self.rows(VICTIMS, binds![], |r| {
            Ok(VictimStatRow {
                person_id: r.try_get(0)?,
                case_id: r.try_get(1)?,
                birth_date: r.try_get(2)?,
                case_kind: r.try_get(3)?,
                started_on: r.try_get(4)?,
                case_status: r.try_get(5)?,
                region_code: r.try_get(6)?,
            })
        })
        .await
    }

    /// The facts of every case (legal stages, verdicts, suspects, services, links, tip channel).
    pub async fn statistics_case_facts(&self) -> Result<Vec<CaseFactRow>> {
        self.rows(FACTS, binds![], |r| {
            Ok(CaseFactRow {
                case_id: r.try_get(0)?,
                fact: r.try_get(1)?,
                value: r.try_get(2)?,
            })
        })
        .await
    }
}
