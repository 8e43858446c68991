//! The home page (`GET /`): who is signed in, for which agency, and a few figures.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use sinergi_domain::clock::format_wib;

/// `templates/home.html`.
#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub(crate) struct HomePage {
    lang: Lang,
    nav: Option<Nav>,
    display_name: String,
    username: String,
    agency_name: String,
    role_name: &'static str,
    people_count: i64,
    today: String,
    /// Overdue action items of the agency: (description, due).
    overdue_actions: Vec<(String, String)>,
    pending_referrals: usize,
    overdue_referrals: usize,
    unread: usize,
    csrf_token: String,
}

/// `GET /`: needs a session (else 303 to `/login`).
pub(crate) async fn get(
    State(state): State<AppState>,
    lang: Lang,
    SignedIn { actor, .. }: SignedIn,
) -> Result<HomePage, WebError> {
    let people_count = state.app.count_people().await?;
    // Notices need case access; a user without it simply has none.
    let notices = state.app.home_notices(&actor).await.ok();
    Ok(HomePage {
        lang,
        nav: Some(Nav::of(&actor)),
        role_name: role_name(lang, actor.user.role),
        display_name: actor.user.display_name,
        username: actor.user.username,
        agency_name: actor.agency_name,
        people_count,
        overdue_actions: notices
            .as_ref()
            .map(|n| {
                n.overdue_actions
                    .iter()
                    .map(|(_, d, due)| (d.clone(), due.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        pending_referrals: notices.as_ref().map_or(0, |n| n.pending_referrals),
        overdue_referrals: notices.as_ref().map_or(0, |n| n.overdue_referrals),
        unread: notices.as_ref().map_or(0, |n| n.unread),
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
