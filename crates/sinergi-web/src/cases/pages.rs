//! Signed-in pages of the cases area (Bahasa Indonesia first; dates dd/mm/yyyy, WIB):
//! case list, tip triage, case page (timeline, people with masked victims, legal progress with
//! stalled flags, referrals, assistance, links) and the referral inbox; meetings, bulletins and
//! the network pages live in sibling modules. Every form carries the session's CSRF token.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use serde::Deserialize;
use sinergi_app::cases::*;
use sinergi_domain::clock::{format_wib, from_millis};

/// `yyyy-mm-dd` as `dd/mm/yyyy`.
pub(crate) fn dmy(iso: &str) -> String {
    let p: Vec<&str> = iso.split('-').collect();
    if p.len() == 3 {
        format!("{}/{}/{}", p[2], p[1], p[0])
    } else {
        iso.to_string()
    }
}

/// A date as `dd/mm/yyyy`.
pub(super) fn dmy_date(d: time::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

pub(super) fn wib(ms: i64) -> String {
    format_wib(from_millis(ms))
}

/// `templates/cases/list.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/list.html")]
pub(crate) struct ListPage {
    lang: Lang,
    nav: Option<Nav>,
    q: String,
    rows: Vec<(String, String, String, String, String, String)>,
    notices: HomeNotices,
    can_open: bool,
    csrf_token: String,
    kinds: Vec<(&'static str, &'static str)>,
}

/// Search text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Q {
    q: String,
}

pub(crate) async fn list(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(q): Query<Q>,
) -> Result<ListPage, WebError> {
    let names = agency_names(&s).await?;
    let rows = s
        .app
        .cases(&signed.actor, &q.q)
        .await?
        .into_iter()
        .map(|c| {
            (
                c.id,
                c.number,
                c.kind.code().to_string(),
                c.title,
                names.get(&c.lead_agency).cloned().unwrap_or_default(),
                dmy_date(c.started_on),
            )
        })
        .collect();
    let notices = s.app.home_notices(&signed.actor).await?;
    Ok(ListPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        q: q.q,
        rows,
        notices,
        can_open: signed
            .actor
            .can(sinergi_domain::access::Permission::ManageCases),
        csrf_token: signed.actor.csrf_token.clone(),
        kinds: sinergi_domain::cases::CaseKind::ALL
            .iter()
            .map(|k| (k.code(), lang.label("case_kind", k.code())))
            .collect(),
    })
}

/// `templates/cases/inbox.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/inbox.html")]
pub(crate) struct InboxPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    agency: String,
    /// (referral id, case number, case id, from, to, to code, purpose, state, due).
    #[allow(clippy::type_complexity)]
    rows: Vec<(
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        &'static str,
        String,
    )>,
}

pub(crate) async fn inbox(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<InboxPage, WebError> {
    let names = agency_names(&s).await?;
    let numbers: std::collections::HashMap<String, String> = s
        .app
        .cases(&signed.actor, "")
        .await?
        .into_iter()
        .map(|c| (c.id, c.number))
        .collect();
    let rows = s
        .app
        .case_referral_inbox(&signed.actor)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.id,
                numbers
                    .get(&r.case_id)
                    .cloned()
                    .unwrap_or_else(|| "–".into()),
                r.case_id,
                names.get(&r.from_agency).cloned().unwrap_or_default(),
                names.get(&r.to_agency).cloned().unwrap_or_default(),
                r.to_agency,
                r.purpose,
                r.state.code(),
                wib(r.due_at),
            )
        })
        .collect();
    Ok(InboxPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        agency: signed.actor.user.agency_code.clone(),
        rows,
    })
}

/// Agency code → name in force today.
pub(crate) async fn agency_names(
    s: &AppState,
) -> Result<std::collections::HashMap<String, String>, WebError> {
    let today = s.app.clock().now_wib().date();
    Ok(s.app
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.clone(), a.name_on(today).to_string()))
        .collect())
}

/// A referral event from the inbox.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct EventForm {
    csrf_token: String,
    event: String,
    reason: String,
}

pub(crate) async fn referral_event(
    State(s): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<EventForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    s.app
        .referral_action(&signed.actor, &id, &f.event, &f.reason)
        .await?;
    Ok(Redirect::to("/kasus/rujukan"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        assert_eq!(dmy("2026-03-01"), "01/03/2026");
    }
}
