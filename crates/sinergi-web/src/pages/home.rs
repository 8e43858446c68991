//! The home page (`GET /`): who is signed in, for which agency, and a few figures.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use sinergi_domain::access::Permission;
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::clock::format_wib;

/// One thing that needs the user: (link, text, count, urgent).
pub(crate) type Todo = (&'static str, &'static str, usize, bool);

/// `templates/home.html`: the work home — what needs me today, the cases I follow, my areas.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub(crate) struct HomePage {
    lang: Lang,
    nav: Option<Nav>,
    display_name: String,
    username: String,
    agency_name: String,
    role_name: &'static str,
    people_count: Option<i64>,
    today: String,
    /// Things waiting, each a link.
    todos: Vec<Todo>,
    /// Overdue action items of the agency: (description, due).
    overdue_actions: Vec<(String, String)>,
    /// Open cases the agency follows: (href, number, title, kind).
    cases: Vec<(String, String, String, &'static str)>,
    csrf_token: String,
}

/// `GET /`: needs a session (else 303 to `/login`).
pub(crate) async fn get(
    State(state): State<AppState>,
    lang: Lang,
    SignedIn { actor, .. }: SignedIn,
) -> Result<HomePage, WebError> {
    let app = &state.app;
    let people_count = match actor.can(Permission::ViewPeople) {
        true => Some(app.count_people().await?),
        false => None,
    };
    let mut todos: Vec<Todo> = Vec::new();
    if actor.can(Permission::ScreenApplicants) {
        let waiting = app.todays_waiting_count(&actor).await?;
        todos.push(("/prevention", "home_todo_applicants", waiting, false));
    }
    if actor.can(Permission::HandleReferrals) {
        let open = app.open_applicant_referral_count(&actor).await?;
        todos.push((
            "/prevention/inbox",
            "home_todo_applicant_referrals",
            open,
            false,
        ));
    }
    if actor.can(Permission::TriageTips) {
        let open = app.open_tip_count(&actor).await?;
        todos.push(("/kasus/laporan", "home_todo_tips", open, false));
    }
    // Notices need case access; a user without it simply has none.
    let notices = app.home_notices(&actor).await.ok();
    if let Some(n) = &notices {
        if actor.can(Permission::HandleReferrals) {
            todos.push((
                "/kasus/rujukan",
                "home_pending_referrals",
                n.pending_referrals,
                false,
            ));
        }
        if n.overdue_referrals > 0 {
            todos.push((
                "/kasus/rujukan",
                "home_overdue_referrals",
                n.overdue_referrals,
                true,
            ));
        }
        todos.push(("/kasus/notifikasi", "home_unread", n.unread, false));
    }
    let cases = match actor.can(Permission::ViewCases) {
        true => app
            .cases(&actor, "")
            .await?
            .into_iter()
            .filter(|c| c.status == CaseStatus::Open)
            .take(10)
            .map(|c| {
                (
                    format!("/kasus/{}", c.id),
                    c.number,
                    c.title,
                    lang.label("case_kind", c.kind.code()),
                )
            })
            .collect(),
        false => Vec::new(),
    };
    Ok(HomePage {
        lang,
        nav: Some(Nav::of(&actor)),
        role_name: role_name(lang, actor.user.role),
        display_name: actor.user.display_name,
        username: actor.user.username,
        agency_name: actor.agency_name,
        people_count,
        todos,
        overdue_actions: notices
            .as_ref()
            .map(|n| {
                n.overdue_actions
                    .iter()
                    .map(|(_, d, due)| (d.clone(), crate::cases::dmy(due)))
                    .collect()
            })
            .unwrap_or_default(),
        cases,
        today: format_wib(state.app.clock().now()),
        csrf_token: actor.csrf_token,
    })
}

/// The translated name of a role.
pub(crate) fn role_name(lang: Lang, role: sinergi_domain::access::Role) -> &'static str {
    use sinergi_domain::access::Role;
    match role {
        Role::Admin => lang.t("role_admin"),
        Role::Supervisor => lang.t("role_supervisor"),
        Role::ImmigrationOfficer => lang.t("role_immigration_officer"),
        Role::Coordinator => lang.t("role_coordinator"),
        Role::LabourOfficer => lang.t("role_labour_officer"),
        Role::Investigator => lang.t("role_investigator"),
        Role::Prosecutor => lang.t("role_prosecutor"),
        Role::Caseworker => lang.t("role_caseworker"),
        Role::Analyst => lang.t("role_analyst"),
    }
}
