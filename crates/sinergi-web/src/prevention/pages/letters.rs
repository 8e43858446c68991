//! The referral letter (`/prevention/{id}/referral-letter`): the immigration office refers a
//! deferred applicant to Disnaker (or BP3MI) for counselling on the procedural route, as an
//! official letter with the office's letterhead, a number from its series of the year, place
//! and date, and a signature block. The deferral notice lives beside the applicant page.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::prevention::present::{date_text, destination_text, purpose_key};
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use sinergi_app::AppError;
use sinergi_domain::access::Permission;

/// `templates/prevention/referral_letter.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/referral_letter.html")]
pub(crate) struct ReferralLetterPage {
    pub(super) lang: Lang,
    pub(super) nav: Option<crate::pages::Nav>,
    pub(super) letterhead: Vec<String>,
    pub(super) number: String,
    pub(super) place_date: String,
    pub(super) to: String,
    pub(super) office: String,
    pub(super) name: String,
    pub(super) birth_date: String,
    pub(super) purpose: &'static str,
    pub(super) destination: String,
    pub(super) reason: String,
    pub(super) officer: String,
}

/// `GET /prevention/{id}/referral-letter`.
pub(crate) async fn referral_letter(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<ReferralLetterPage, WebError> {
    referral_letter_page(&state, lang, &signed, &id).await
}

/// The referral letter's content, for the page and the PDF.
pub(super) async fn referral_letter_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
) -> Result<ReferralLetterPage, WebError> {
    if !(signed.actor.can(Permission::ScreenApplicants)
        || signed.actor.can(Permission::HandleReferrals))
    {
        return Err(AppError::Forbidden.into());
    }
    let l = state.app.referral_letter(&signed.actor, id).await?;
    let day = if lang.is_id() {
        sinergi_domain::dates::format_long_id(l.on)
    } else {
        sinergi_domain::dates::format_id(l.on)
    };
    Ok(ReferralLetterPage {
        lang,
        nav: Some(crate::pages::Nav::of(&signed.actor)),
        letterhead: l.letterhead.lines.clone(),
        number: l.number.clone(),
        place_date: if l.letterhead.place.is_empty() {
            day
        } else {
            format!("{}, {day}", l.letterhead.place)
        },
        to: l.to_name.clone(),
        office: l.office_name.clone(),
        name: l.applicant.full_name.clone(),
        birth_date: date_text(l.applicant.birth_date),
        purpose: lang.t(purpose_key(l.applicant.purpose)),
        destination: destination_text(lang, &l.applicant.destination),
        reason: l.referral.reason.clone(),
        officer: l.officer.clone(),
    })
}
