//! The referral inbox of Disnaker and BP3MI (`/prevention/inbox`): applicants an immigration
//! office referred for counselling on the procedural route. The counsellor records the session
//! (date, outcome, notes) and may forward the person on (to BP3MI for placement through a
//! licensed P3MI); the record stays beside the referral.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::prevention::present::{applicant_href, status_key};
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::prevention::counselling::NewCounselling;
use sinergi_domain::clock::{format_wib, from_millis};
use sinergi_domain::dates::format_id;
use sinergi_domain::org::AgencyKind;
use sinergi_domain::prevention::{CounsellingOutcome, ReferralStatus};

/// One inbox line.
pub(crate) struct InboxLine {
    id: String,
    href: String,
    name: String,
    from: String,
    reason: String,
    at: String,
    open: bool,
    status: &'static str,
    /// The counselling record: (day, outcome, notes, forwarded to).
    counselled: Option<(String, &'static str, String, String)>,
}

/// `templates/prevention/inbox.html`.
#[derive(Template, WebTemplate)]
#[template(path = "prevention/inbox.html")]
pub(crate) struct InboxPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    lines: Vec<InboxLine>,
    outcomes: Vec<(&'static str, &'static str)>,
    /// Agencies to forward to (BP3MI and Disnaker offices): (code, name).
    forward_to: Vec<(String, String)>,
    /// A refused form: (referral id, message).
    err: Option<(String, &'static str)>,
}

async fn inbox_page(
    state: &AppState,
    lang: Lang,
    signed: &SignedIn,
    err: Option<(String, &'static str)>,
) -> Result<InboxPage, WebError> {
    let records = state.app.counselling_records(&signed.actor).await?;
    let today = state.app.clock().now_wib().date();
    let agencies = state.app.agencies().await?;
    let name_of = |code: &str| {
        agencies
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.name_on(today).to_string())
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for (r, a) in state.app.applicant_referral_inbox(&signed.actor).await? {
        let counselled = records.get(&r.id).map(|c| {
            (
                format_id(c.on),
                lang.label("counselling", c.outcome.code()),
                c.notes.clone().unwrap_or_default(),
                c.forwarded_to.as_deref().map(name_of).unwrap_or_default(),
            )
        });
        lines.push(InboxLine {
            open: r.status == ReferralStatus::Open,
            from: name_of(&r.from_agency),
            id: r.id,
            href: applicant_href(&a.id),
            name: a.full_name,
            reason: r.reason,
            at: format_wib(from_millis(r.created_at)),
            status: status_key(a.status),
            counselled,
        });
    }
    let mut forward_to: Vec<(String, String)> = agencies
        .iter()
        .filter(|a| matches!(a.kind, AgencyKind::Bp3mi | AgencyKind::Disnaker))
        .filter(|a| a.code != signed.actor.user.agency_code)
        .map(|a| (a.code.clone(), a.name_on(today).to_string()))
        .collect();
    forward_to.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(InboxPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        lines,
        outcomes: CounsellingOutcome::ALL
            .iter()
            .map(|o| (o.code(), lang.label("counselling", o.code())))
            .collect(),
        forward_to,
        err,
    })
}

/// `GET /prevention/inbox`.
pub(crate) async fn inbox(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<InboxPage, WebError> {
    inbox_page(&state, lang, &signed, None).await
}

/// The counselling form.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct CounsellingForm {
    csrf_token: String,
    on: String,
    outcome: String,
    notes: String,
    forward_to: String,
}

/// `POST /prevention/inbox/{id}/done`: records the counselling and closes the referral (a form
/// with the CSRF token only, as older clients send, records "follows the procedure" today).
pub(crate) async fn inbox_done(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<CounsellingForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(f) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &f.csrf_token)?;
    let today = state.app.clock().now_wib().date();
    let new = NewCounselling {
        on: if f.on.is_empty() {
            sinergi_domain::dates::format_iso(today)
        } else {
            f.on
        },
        outcome: if f.outcome.is_empty() {
            CounsellingOutcome::FollowsProcedure.code().into()
        } else {
            f.outcome
        },
        notes: f.notes,
        forward_to: f.forward_to,
    };
    match state.app.record_counselling(&signed.actor, &id, new).await {
        Ok(()) => Ok(Redirect::to("/prevention/inbox").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let page = inbox_page(&state, lang, &signed, Some((id, lang.t(e.key())))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
