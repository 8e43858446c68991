//! Passport screening pages (`/prevention…`): the office queue and search, the intake form,
//! the applicant page (explained score, hits, interview, decision), the printable deferral
//! notice, the referral inbox of Disnaker/BP3MI, the watchlist, indicator weights and figures.

pub(crate) mod applicant;
pub(crate) mod manage;
pub(crate) mod queue;

use sinergi_app::prevention::ApplicantRow;
use sinergi_domain::clock::{format_wib, from_millis};

/// One application in a list.
pub(crate) struct Line {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) office: String,
    pub(crate) purpose: String,
    pub(crate) destination: String,
    pub(crate) status: String,
    pub(crate) score: String,
    pub(crate) at: String,
}

impl Line {
    pub(crate) fn of(a: &ApplicantRow) -> Line {
        Line {
            id: a.id.clone(),
            name: a.full_name.clone(),
            office: a.office_code.clone(),
            purpose: a.purpose.clone(),
            destination: a.destination.clone(),
            status: a.status.clone(),
            score: a.score.map_or_else(|| "–".into(), |s| s.to_string()),
            at: format_wib(from_millis(a.created_at)),
        }
    }
}

/// A posted form that carries only the CSRF token.
#[derive(serde::Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    pub(crate) csrf_token: String,
}

/// The translation key of a status code.
pub(crate) fn status_key(status: &str) -> &'static str {
    match status {
        "new" => "status_new",
        "issued" => "status_issued",
        "deferred" => "status_deferred",
        "refused" => "status_refused",
        "lapsed" => "status_lapsed",
        _ => "status_new",
    }
}
