//! Server-rendered pages: one module per screen, each with its template struct next to its
//! handler. Templates live in `templates/` and extend `base.html`.

pub(crate) mod admin;
pub(crate) mod assets;
pub(crate) mod errors;
pub(crate) mod home;
pub(crate) mod login;
pub(crate) mod login_code;
pub(crate) mod logout;
pub(crate) mod oversight;
pub(crate) mod privacy;
pub(crate) mod security;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};
use sinergi_domain::access::Permission;

/// What the page header shows for a signed-in user: the name, the links the user may follow
/// and the sign-out form.
#[derive(Debug, Clone)]
pub(crate) struct Nav {
    pub(crate) display_name: String,
    pub(crate) csrf_token: String,
    /// `(href, translation key)` of each menu entry, only those the actor's permissions allow.
    pub(crate) links: Vec<(&'static str, &'static str)>,
}

/// Menu entries: `(href, translation key, permission needed; None = every signed-in user)`.
/// Feature areas add their entries here.
const MENU: &[(&str, &str, Option<Permission>)] = &[
    ("/kasus", "nav_cases", Some(Permission::ViewCases)),
    ("/kasus/laporan", "nav_tips", Some(Permission::TriageTips)),
    (
        "/kasus/rujukan",
        "nav_case_referrals",
        Some(Permission::HandleReferrals),
    ),
    (
        "/kasus/rapat",
        "nav_meetings",
        Some(Permission::ViewDashboard),
    ),
    ("/dasbor", "nav_dashboard", Some(Permission::ViewDashboard)),
    ("/orang", "nav_entities", Some(Permission::ViewCases)),
    (
        "/laporan-gugus-tugas",
        "nav_reports",
        Some(Permission::ViewDashboard),
    ),
    ("/impor", "nav_imports", Some(Permission::Coordinate)),
    (
        "/prevention",
        "nav_prevention",
        Some(Permission::ScreenApplicants),
    ),
    (
        "/prevention/inbox",
        "nav_prevention_inbox",
        Some(Permission::HandleReferrals),
    ),
    ("/admin/users", "nav_users", Some(Permission::ManageUsers)),
    (
        "/admin/api-clients",
        "nav_api_clients",
        Some(Permission::ManageApiClients),
    ),
    ("/audit", "nav_audit", Some(Permission::ViewAudit)),
    (
        "/break-glass",
        "nav_break_glass",
        Some(Permission::ReviewBreakGlass),
    ),
    ("/privacy", "nav_privacy", Some(Permission::ManagePrivacy)),
    ("/account/security", "nav_security", None),
    (
        "/sosialisasi",
        "nav_outreach",
        Some(Permission::ViewDashboard),
    ),
];

impl Nav {
    pub(crate) fn of(actor: &sinergi_app::auth::Actor) -> Self {
        Nav {
            display_name: actor.user.display_name.clone(),
            csrf_token: actor.csrf_token.clone(),
            links: MENU
                .iter()
                .filter(|(_, _, p)| p.is_none_or(|p| actor.can(p)))
                .map(|(href, key, _)| (*href, *key))
                .collect(),
        }
    }
}

/// The routes of the pages and static files.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::get))
        .route("/login", get(login::get).post(login::post))
        .route("/logout", post(logout::post))
        .route("/logout/everywhere", post(logout::post_everywhere))
        .route("/static/sinergi.css", get(assets::css))
        .route("/login/code", get(login_code::get).post(login_code::post))
        .route("/account/security", get(security::get))
        .route("/account/totp/enrol", post(security::enrol))
        .route("/account/totp/confirm", post(security::confirm))
        .route("/account/totp/disable", post(security::disable))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route(
            "/admin/api-clients",
            get(admin::clients).post(admin::add_client),
        )
        .route("/admin/api-clients/{id}/revoke", post(admin::revoke_client))
        .route("/audit", get(oversight::audit))
        .route(
            "/break-glass",
            get(oversight::review_queue).post(oversight::request),
        )
        .route("/break-glass/{id}/review", post(oversight::review))
        .route("/privacy", get(privacy::get))
        .route("/privacy/breaches", post(privacy::record_breach))
        .route("/privacy/breaches/{id}/mark", post(privacy::mark_breach))
        .route("/privacy/consent", post(privacy::consent))
        .route("/privacy/export", post(privacy::export))
}
