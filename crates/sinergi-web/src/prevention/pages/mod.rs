//! Passport screening pages (`/prevention…`): the office queue and search, the intake form,
//! the applicant page (explained score, hits, interview, decision), the printable deferral
//! notice, the referral inbox of Disnaker/BP3MI, the watchlist, indicator weights and figures.

pub(crate) mod applicant;
pub(crate) mod inbox;
pub(crate) mod letters;
pub(crate) mod letters_pdf;
pub(crate) mod manage;
pub(crate) mod queue;

/// A posted form that carries only the CSRF token.
#[derive(serde::Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    pub(crate) csrf_token: String,
}
