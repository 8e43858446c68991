//! Prevention at the door (passport screening) over HTTP, one folder for the area: the pages
//! under `/prevention…` ([`pages`]: queue and search, intake, the applicant page with its
//! forms, the printable deferral notice, the referral inbox, the watchlist, indicator weights,
//! figures), the JSON API under `/api/v1/applicants…` ([`api`]), and [`present`], which turns
//! the typed screening values into labels and links. Templates are in `templates/prevention/`.
//! Pages and API call the same use cases of `sinergi_app::prevention`.

pub(crate) mod api;
mod pages;
pub(crate) mod present;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The page routes of the area (the API routes are declared with the other `/api/v1` routes).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/prevention", get(pages::queue::queue))
        .route("/prevention/search", post(pages::queue::search))
        .route(
            "/prevention/new",
            get(pages::queue::new_form).post(pages::queue::create),
        )
        .route("/prevention/inbox", get(pages::inbox::inbox))
        .route(
            "/prevention/inbox/{id}/done",
            post(pages::inbox::inbox_done),
        )
        .route(
            "/prevention/watchlist",
            get(pages::manage::watchlist).post(pages::manage::propose),
        )
        .route(
            "/prevention/watchlist/{id}/approve",
            post(pages::manage::approve),
        )
        .route(
            "/prevention/watchlist/{id}/remove",
            post(pages::manage::propose_removal),
        )
        .route(
            "/prevention/watchlist/{id}/confirm-removal",
            post(pages::manage::confirm_removal),
        )
        .route(
            "/prevention/indicators",
            get(pages::manage::indicators).post(pages::manage::set_weight),
        )
        .route("/prevention/figures", get(pages::manage::figures))
        .route("/prevention/{id}", get(pages::applicant::show))
        .route(
            "/prevention/{id}/interview",
            post(pages::applicant::interview),
        )
        .route("/prevention/{id}/hits", post(pages::applicant::hit))
        .route(
            "/prevention/{id}/police-report",
            post(pages::applicant::police_report),
        )
        .route("/prevention/{id}/decision", post(pages::applicant::decide))
        .route(
            "/prevention/{id}/documents-arrived",
            post(pages::applicant::documents_arrived),
        )
        .route("/prevention/{id}/notice", get(pages::applicant::notice))
        .route(
            "/prevention/{id}/referral-letter",
            get(pages::letters::referral_letter),
        )
        .route(
            "/prevention/{id}/notice.pdf",
            get(pages::letters_pdf::notice_pdf),
        )
        .route(
            "/prevention/{id}/referral-letter.pdf",
            get(pages::letters_pdf::referral_letter_pdf),
        )
}
