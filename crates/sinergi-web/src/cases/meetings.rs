//! Pages of coordination between agencies: meetings with action items, bulletins with read
//! receipts, notifications and the agency registry.

use super::pages::{dmy_date, wib};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;
use sinergi_app::cases::*;

/// One meeting: (id, date, title, host, attendees, action items (id, agency name, agency code,
/// what, due, state), cases discussed that the viewer may see (id, number)).
type MeetingLine = (
    String,
    String,
    String,
    String,
    String,
    Vec<(String, String, String, String, String, String)>,
    Vec<(String, String)>,
);

/// `templates/cases/meetings.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/meetings.html")]
pub(crate) struct MeetingsPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    agency: String,
    can_manage: bool,
    meetings: Vec<MeetingLine>,
    /// Agencies to pick: (code, name), by name.
    agencies: Vec<(String, String)>,
    /// Cases the host may say the meeting discussed: (id, "number — title").
    cases: Vec<(String, String)>,
}

pub(crate) async fn meetings(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<MeetingsPage, WebError> {
    let names = super::pages::agency_names(&s).await?;
    let name = |code: &str| names.get(code).cloned().unwrap_or_default();
    let mut agencies: Vec<(String, String)> =
        names.iter().map(|(c, n)| (c.clone(), n.clone())).collect();
    agencies.sort_by(|a, b| a.1.cmp(&b.1));
    let mut meetings = Vec::new();
    for (m, att, items) in s.app.meetings(&signed.actor).await? {
        let discussed = s.app.meeting_cases(&signed.actor, &m.id).await?;
        meetings.push((
            m.id,
            dmy_date(m.held_on),
            m.title,
            name(&m.host_agency),
            att.iter().map(|a| name(a)).collect::<Vec<_>>().join(", "),
            items
                .into_iter()
                .map(|i| {
                    (
                        i.id,
                        name(&i.agency_code),
                        i.agency_code,
                        i.description,
                        dmy_date(i.due_on),
                        i.state.code().to_string(),
                    )
                })
                .collect(),
            discussed,
        ));
    }
    let can_manage = signed
        .actor
        .can(sinergi_domain::access::Permission::ManageMeetings);
    let cases = if can_manage
        && signed
            .actor
            .can(sinergi_domain::access::Permission::ViewCases)
    {
        s.app
            .cases(&signed.actor, "")
            .await?
            .into_iter()
            .map(|c| (c.id, format!("{} — {}", c.number, c.title)))
            .collect()
    } else {
        Vec::new()
    };
    Ok(MeetingsPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        agency: signed.actor.user.agency_code.clone(),
        can_manage,
        meetings,
        agencies,
        cases,
    })
}

/// Meeting and action-item forms.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MeetingForm {
    csrf_token: String,
    held_on: String,
    title: String,
    attendees: String,
    agenda: String,
    minutes: String,
    decisions: String,
    agency: String,
    description: String,
    due_on: String,
}

/// `POST /kasus/rapat`: the attendees come as repeated `attendees` checkboxes.
pub(crate) async fn create_meeting(
    State(s): State<AppState>,
    signed: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Redirect, WebError> {
    let field = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let f = MeetingForm {
        csrf_token: field("csrf_token"),
        held_on: field("held_on"),
        title: field("title"),
        agenda: field("agenda"),
        minutes: field("minutes"),
        decisions: field("decisions"),
        ..MeetingForm::default()
    };
    check_csrf(&signed.actor, &f.csrf_token)?;
    let many = |name: &str| -> Vec<String> {
        pairs
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split([',', ' ']))
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect()
    };
    let attendees = many("attendees");
    let cases = many("cases");
    s.app
        .create_meeting(
            &signed.actor,
            NewMeeting {
                held_on: f.held_on,
                title: f.title,
                attendees,
                agenda: f.agenda,
                minutes: f.minutes,
                decisions: f.decisions,
                cases,
            },
        )
        .await?;
    Ok(Redirect::to("/kasus/rapat"))
}

pub(crate) async fn add_action(
    State(s): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<MeetingForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    s.app
        .add_action_item(&signed.actor, &id, &f.agency, &f.description, &f.due_on)
        .await?;
    Ok(Redirect::to("/kasus/rapat"))
}

pub(crate) async fn close_action(
    State(s): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<MeetingForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    s.app.close_action_item(&signed.actor, &id, "done").await?;
    Ok(Redirect::to("/kasus/rapat"))
}

/// `templates/cases/bulletins.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/bulletins.html")]
pub(crate) struct BulletinsPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    rows: Vec<BulletinLine>,
}

/// (id, when, from, kind, title, body, read receipts "agency (when)", read by me).
type BulletinLine = (
    String,
    String,
    String,
    String,
    String,
    String,
    Vec<String>,
    bool,
);

pub(crate) async fn bulletins(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<BulletinsPage, WebError> {
    let me = signed.actor.user.id.clone();
    let rows = s
        .app
        .bulletins(&signed.actor)
        .await?
        .into_iter()
        .map(|(b, reads)| {
            let mine = reads.iter().any(|r| r.user_id == me);
            let receipts = reads
                .into_iter()
                .map(|r| format!("{} ({})", r.agency_code, wib(r.read_at)))
                .collect();
            (
                b.id,
                wib(b.created_at),
                b.from_agency,
                b.kind.code().to_string(),
                b.title,
                b.body,
                receipts,
                mine,
            )
        })
        .collect();
    Ok(BulletinsPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        rows,
    })
}

/// A bulletin to post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct BulletinForm {
    csrf_token: String,
    kind: String,
    title: String,
    body: String,
}

pub(crate) async fn post_bulletin(
    State(s): State<AppState>,
    signed: SignedIn,
    Form(f): Form<BulletinForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    s.app
        .post_bulletin(&signed.actor, &f.kind, &f.title, &f.body, None)
        .await?;
    Ok(Redirect::to("/kasus/buletin"))
}

pub(crate) async fn read_bulletin(
    State(s): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(f): Form<BulletinForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    s.app.read_bulletin(&signed.actor, &id).await?;
    Ok(Redirect::to("/kasus/buletin"))
}

/// `templates/cases/notifications.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/notifications.html")]
pub(crate) struct NotificationsPage {
    lang: Lang,
    nav: Option<Nav>,
    /// (when, kind, where to act, detail in words).
    rows: Vec<(String, &'static str, &'static str, String)>,
}

pub(crate) async fn notifications(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<NotificationsPage, WebError> {
    let agencies = super::pages::agency_names(&s).await?;
    let people = std::collections::HashMap::new();
    let names = super::history::Names {
        people: &people,
        agencies: &agencies,
    };
    let rows = s
        .app
        .notifications(&signed.actor)
        .await?
        .into_iter()
        .map(|n| {
            use sinergi_domain::cases::coordination_record::NotificationKind as K;
            let href = match n.kind {
                K::Referral | K::ReferralOverdue => "/kasus/rujukan",
                K::ActionItem => "/kasus/rapat",
                K::LegalStage => "/kasus",
                K::TipEscalated | K::TipMandatory | K::TipAssigned => "/kasus/laporan",
            };
            (
                wib(n.created_at),
                lang.label("notification_kind", n.kind.code()),
                href,
                super::history::detail_words(lang, &n.detail, &names),
            )
        })
        .collect();
    Ok(NotificationsPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        rows,
    })
}

/// `templates/cases/registry.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/registry.html")]
pub(crate) struct RegistryPage {
    lang: Lang,
    nav: Option<Nav>,
    /// (kind, name today, history lines "from – to: name (parent)").
    rows: Vec<(&'static str, String, Vec<String>)>,
}

pub(crate) async fn registry(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<RegistryPage, WebError> {
    let today = s.app.clock().now_wib().date();
    let d = |x: time::Date| format!("{:02}/{:02}/{:04}", x.day(), u8::from(x.month()), x.year());
    let parents = super::pages::agency_names(&s).await?;
    let rows = s
        .app
        .agencies()
        .await?
        .into_iter()
        .map(|a| {
            let history = a
                .names
                .iter()
                .map(|n| {
                    format!(
                        "{} – {}: {}{}",
                        d(n.valid_from),
                        n.valid_to.map(d).unwrap_or_default(),
                        n.name,
                        n.parent_code
                            .as_deref()
                            .and_then(|p| parents.get(p))
                            .map(|p| format!(" ({p})"))
                            .unwrap_or_default()
                    )
                })
                .collect();
            (
                lang.label("agency_kind", a.kind.code()),
                a.name_on(today).to_string(),
                history,
            )
        })
        .collect();
    Ok(RegistryPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        rows,
    })
}
