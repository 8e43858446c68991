//! The JSON API under `/api/v1`, authenticated with `Authorization: Bearer <token>` (the same
//! sessions as the pages), and its OpenAPI 3 document at `GET /api/openapi.json`.
//!
//! Errors are `{"error": key, "message": translated, "request_id": …}` (see
//! [`crate::middleware::ApiErrorBody`]). Dates in the API are ISO 8601 (`2026-11-28`);
//! the pages show dd/mm/yyyy.

pub mod attachments;
pub mod nik;
pub mod registry;
pub mod session;

use crate::AppState;
use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Declares the `/api/v1` routes once: the router and [`API_V1_ROUTES`] come from the same
/// list, so the OpenAPI test can check the document against what is actually routed.
macro_rules! api_v1 {
    ($($method:ident $path:literal => $handler:path;)*) => {
        /// Every `/api/v1` route as `(method, path)`, exactly as the router serves them.
        pub const API_V1_ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn api_v1_router() -> Router<AppState> {
            let router = Router::new();
            $(let router = router.route($path, axum::routing::$method($handler));)*
            router
        }
    };
}

api_v1! {
    post "/api/v1/session" => session::create;
    delete "/api/v1/session" => session::delete;
    get "/api/v1/me" => session::me;
    get "/api/v1/agencies" => registry::agencies;
    get "/api/v1/people/count" => registry::people_count;
    post "/api/v1/nik/check" => nik::check;
    post "/api/v1/applicants" => crate::prevention::api::record_applicant;
    post "/api/v1/applicants/import" => crate::prevention::api::import_applicants;
    get "/api/v1/applicants/{id}" => crate::prevention::api::get_applicant;
    post "/api/v1/applicants/{id}/interview" => crate::prevention::api::record_interview;
    post "/api/v1/applicants/{id}/hits" => crate::prevention::api::judge_hit;
    post "/api/v1/applicants/{id}/decision" => crate::prevention::api::decide_applicant;
    post "/api/v1/cases/{id}/attachments" => attachments::upload;
}

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sinergi API",
        description = "Sinergi JSON API (v1). Authenticate with POST /api/v1/session, then send `Authorization: Bearer <token>`."
    ),
    paths(
        session::create,
        session::delete,
        session::me,
        registry::agencies,
        registry::people_count,
        nik::check,
        crate::prevention::api::record_applicant,
        crate::prevention::api::import_applicants,
        crate::prevention::api::get_applicant,
        crate::prevention::api::record_interview,
        crate::prevention::api::judge_hit,
        crate::prevention::api::decide_applicant,
        attachments::upload,
        crate::cases::api::submit_tip,
        crate::cases::api::tip_status,
        crate::cases::api::tip_queue,
        crate::cases::api::assign_tip,
        crate::cases::api::cases,
        crate::cases::api::open_case,
        crate::cases::api::export_cases,
        crate::cases::api::case_detail,
        crate::cases::api::network,
        crate::cases::api::person_network,
        crate::cases::api::add_person,
        crate::cases::api::link_screening,
        crate::cases::api::link_meeting,
        crate::cases::api::police_report,
        crate::cases::api::record_consent,
        crate::cases::api::assistance,
        crate::cases::api::process::refer,
        crate::cases::api::process::case_referral_inbox,
        crate::cases::api::process::referral_action,
        crate::cases::api::process::legal_step,
        crate::cases::api::process::charges,
        crate::cases::api::process::verdict,
        crate::cases::api::coordination::meetings,
        crate::cases::api::coordination::create_meeting,
        crate::cases::api::coordination::add_action,
        crate::cases::api::coordination::close_action,
        crate::cases::api::coordination::bulletins,
        crate::cases::api::coordination::post_bulletin,
        crate::cases::api::coordination::read_bulletin,
        crate::cases::api::coordination::notifications,
        crate::cases::api::coordination::home_notices,
        crate::reports::api::report,
        crate::imports::api::list,
        crate::imports::api::one,
        crate::entities::api::entity,
        crate::entities::api::network,
        crate::entities::api::proposals,
        crate::entities::api::merge,
        crate::entities::api::dismiss,
        crate::entities::api::undo,
    ),
    components(schemas(crate::middleware::ApiErrorBody)),
    modifiers(&BearerAuth),
    tags(
        (name = "session", description = "Signing in and out"),
        (name = "registry", description = "Agencies and figures"),
        (name = "checks", description = "Stateless checks of identifiers"),
        (name = "screening", description = "Passport applicants: record, screen, import"),
        (name = "cases", description = "Tips, cases, referrals, the legal process, victim assistance, meetings, bulletins and notifications"),
        (name = "information", description = "The task-force report and imports from Excel/CSV"),
        (name = "entities", description = "People across the system: records resolved into persons, proposed merges, merge and undo, the network"),
    )
)]
pub struct ApiDoc;

/// Adds the `bearer` security scheme the paths refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as JSON, built once.
pub fn openapi_json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_json()
            .unwrap_or_else(|_| "{}".to_string())
    })
}

async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], openapi_json())
}

/// The routes of the API and its document.
pub(crate) fn routes() -> Router<AppState> {
    api_v1_router()
        // Case attachments may be up to 10 MiB (the app refuses more); JSON bodies stay far below.
        .layer(axum::extract::DefaultBodyLimit::max(
            10 * 1024 * 1024 + 1024,
        ))
        .route("/api/openapi.json", get(openapi))
}
