//! Entities over HTTP: the overview of proposed pairs and decisions (`/orang`), one person's page
//! (`/orang/{id}`, the id being any record key of the person, e.g. `k:<case person id>`), the
//! person's network (SVG drawn here, in the web crate) and the merge, dismiss and undo forms;
//! the same under `/api/v1/entities*`. Records are words: kinds, roles and statuses are labels,
//! dates dd/mm/yyyy, engine levels and fields in the reader's language.

pub(crate) mod api;
mod pages;

use crate::AppState;
use crate::i18n::Lang;
use axum::Router;
use axum::routing::{get, post};
use sinergi_app::entities::{EntityRecord, MergeView, Proposal, RecordAbout};
use sinergi_domain::clock::{format_wib, from_millis};
use sinergi_domain::prevention::Evidence;
use std::collections::HashMap;

/// Every route of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/orang", get(pages::overview))
        .route("/orang/gabung", post(pages::merge))
        .route("/orang/bukan", post(pages::dismiss))
        .route("/orang/batal/{id}", post(pages::undo))
        .route("/orang/{id}", get(pages::person))
        .route("/orang/{id}/jaringan", get(pages::network))
        .route("/api/v1/entities/{id}", get(api::entity))
        .route("/api/v1/entities/{id}/network", get(api::network))
        .route("/api/v1/entity-proposals", get(api::proposals))
        .route("/api/v1/entity-merges", post(api::merge))
        .route("/api/v1/entity-merges/{id}/undo", post(api::undo))
        .route("/api/v1/entity-dismissals", post(api::dismiss))
}

/// One record as a line of a page.
#[derive(Debug, Clone)]
pub(crate) struct RecordLine {
    /// The record key (for forms and the person page link).
    pub(crate) key: String,
    /// The name as the record writes it.
    pub(crate) name: String,
    /// What kind of record, in words.
    pub(crate) kind: &'static str,
    /// What it is, in words.
    pub(crate) detail: String,
    /// The page of the record itself (case, application, tip queue, watchlist), if any.
    pub(crate) href: Option<String>,
}

/// A proposed pair as a line.
#[derive(Debug, Clone)]
pub(crate) struct ProposalLine {
    pub(crate) a: RecordLine,
    pub(crate) b: RecordLine,
    pub(crate) percent: String,
    pub(crate) evidence: Vec<String>,
}

/// A decision as a line.
#[derive(Debug, Clone)]
pub(crate) struct MergeLine {
    pub(crate) id: String,
    pub(crate) a: RecordLine,
    pub(crate) b: RecordLine,
    pub(crate) state: &'static str,
    pub(crate) when: String,
    pub(crate) undoable: bool,
    pub(crate) evidence: Vec<String>,
}

/// A date and time in WIB.
pub(crate) fn wib(ms: i64) -> String {
    format_wib(from_millis(ms))
}

/// The engine's evidence in words (the applicant page's wording): one line per field that was
/// compared.
pub(crate) fn evidence_words(lang: Lang, ev: &[Evidence]) -> Vec<String> {
    ev.iter()
        .filter(|e| e.level != "missing")
        .map(|e| crate::prevention::present::evidence_words(lang, e))
        .collect()
}

/// A probability as a whole percentage.
pub(crate) fn percent(p: f64) -> String {
    format!("{:.0}%", (p * 100.0).clamp(0.0, 100.0))
}

/// A record in words (agency names as in force today, from `names`).
pub(crate) fn record_line(
    lang: Lang,
    names: &HashMap<String, String>,
    r: &EntityRecord,
) -> RecordLine {
    let agency = |code: &str| names.get(code).cloned().unwrap_or_default();
    let (detail, href) = match &r.about {
        RecordAbout::CasePerson {
            case_id,
            case_number,
            role,
            lead_agency,
        } => (
            format!(
                "{case_number} · {} · {}",
                lang.label("person_role", role.code()),
                agency(lead_agency)
            ),
            Some(format!("/kasus/{case_id}")),
        ),
        RecordAbout::Applicant {
            id,
            office,
            status,
            recorded_at,
        } => (
            format!(
                "{} · {} · {}",
                agency(office),
                lang.t(crate::prevention::present::status_key(*status)),
                wib(*recorded_at)
            ),
            Some(crate::prevention::present::applicant_href(id)),
        ),
        RecordAbout::TipSubject {
            received_at,
            kind,
            status,
        } => (
            format!(
                "{} · {} · {}",
                lang.label("case_kind", kind.code()),
                lang.label("tip_status", status.code()),
                wib(*received_at)
            ),
            Some("/kasus/laporan".to_string()),
        ),
        RecordAbout::Watchlist {
            kind,
            status,
            reason,
        } => (
            format!(
                "{} · {} · {reason}",
                lang.t(crate::prevention::present::watchlist_kind_key(*kind)),
                lang.t(crate::prevention::present::watchlist_status_key(*status)),
            ),
            Some("/prevention/watchlist".to_string()),
        ),
        RecordAbout::PersonRecord { source, birth_date } => (
            match birth_date {
                Some(d) => format!("{source} · {}", crate::cases::dmy(d)),
                None => source.clone(),
            },
            None,
        ),
    };
    RecordLine {
        key: r.key.to_string(),
        name: r.name.clone(),
        kind: lang.label("record_kind", r.key.kind.code()),
        detail,
        href,
    }
}

/// A proposal in words.
pub(crate) fn proposal_line(
    lang: Lang,
    names: &HashMap<String, String>,
    p: &Proposal,
) -> ProposalLine {
    ProposalLine {
        a: record_line(lang, names, &p.a),
        b: record_line(lang, names, &p.b),
        percent: percent(p.probability),
        evidence: evidence_words(lang, &p.evidence),
    }
}

/// A decision in words.
pub(crate) fn merge_line(lang: Lang, names: &HashMap<String, String>, m: &MergeView) -> MergeLine {
    let when = m.merge.undone_at.unwrap_or(m.merge.decided_at);
    MergeLine {
        id: m.merge.id.clone(),
        a: record_line(lang, names, &m.a),
        b: record_line(lang, names, &m.b),
        state: lang.label("merge_state", m.merge.state.code()),
        when: wib(when),
        undoable: m.undoable,
        evidence: evidence_words(lang, &m.merge.evidence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_reads_as_words_without_the_missing_fields() {
        let ev = vec![
            Evidence {
                field: "phone".into(),
                level: "exact".into(),
                bits: Some(19.3),
            },
            Evidence {
                field: "nik".into(),
                level: "missing".into(),
                bits: Some(0.0),
            },
        ];
        let words = evidence_words(Lang::Id, &ev);
        assert_eq!(words.len(), 1, "missing fields are left out: {words:?}");
        assert!(words[0].contains("+19,3"), "{words:?}");
        assert!(
            !words[0].contains("exact") && !words[0].contains("phone"),
            "{words:?}"
        );
        assert_eq!(percent(0.414), "41%");
    }
}
