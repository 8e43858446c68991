//! The cases area over HTTP (tips, cases and coordination between agencies): the JSON API of tips, cases, referrals, the legal process, victim
//! assistance, meetings, bulletins and notifications, plus the public tip form and its
//! receipt-status page (no sign-in). Handlers extract the caller, call one use case of
//! `sinergi_app::cases` (which enforces permissions and need-to-know) and answer.

pub(crate) mod api;
mod attachments_page;
mod case_forms;
mod case_page;
mod history;
pub(crate) use case_page::short_ref;
pub(crate) use history::{Names, detail_words};
mod meetings;
mod network_page;
pub(crate) mod network_svg;
mod pages;
pub(crate) use pages::{agency_names, dmy};
mod public;
mod triage;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

/// Every route of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/lapor", get(public::form).post(public::submit))
        .route("/lapor/status", get(public::status))
        .route("/kasus", get(pages::list).post(triage::open_case))
        .route("/kasus/laporan", get(triage::triage))
        .route("/kasus/laporan/{id}/buka", post(triage::act))
        .route("/kasus/laporan/{id}/tugaskan", post(triage::act))
        .route("/kasus/laporan/{id}/duplikat", post(triage::act))
        .route("/kasus/laporan/{id}/tutup", post(triage::act))
        .route("/kasus/laporan/{id}/urgensi", post(triage::act))
        .route("/kasus/rujukan", get(pages::inbox))
        .route("/kasus/rujukan/{id}", post(pages::referral_event))
        .route(
            "/kasus/rapat",
            get(meetings::meetings).post(meetings::create_meeting),
        )
        .route("/kasus/rapat/{id}/tindak", post(meetings::add_action))
        .route("/kasus/tindak/{id}/selesai", post(meetings::close_action))
        .route(
            "/kasus/buletin",
            get(meetings::bulletins).post(meetings::post_bulletin),
        )
        .route("/kasus/buletin/{id}/baca", post(meetings::read_bulletin))
        .route("/kasus/notifikasi", get(meetings::notifications))
        .route("/kasus/lembaga", get(meetings::registry))
        .route("/kasus/{id}/pendampingan", post(case_forms::post))
        .route(
            "/kasus/{id}/lampiran",
            post(attachments_page::upload).layer(axum::extract::DefaultBodyLimit::max(
                attachments_page::MAX_UPLOAD,
            )),
        )
        .route(
            "/kasus/{id}/lampiran/{file}",
            get(attachments_page::download),
        )
        .route("/kasus/{id}", get(case_page::detail))
        .route("/kasus/{id}/jaringan", get(network_page::network))
        .route("/kasus/{id}/orang", post(case_forms::post))
        .route("/kasus/{id}/skrining", post(case_forms::post))
        .route("/kasus/{id}/rapat", post(case_forms::post))
        .route("/kasus/{id}/persetujuan", post(case_forms::post))
        .route("/kasus/{id}/rujuk", post(case_forms::post))
        .route("/kasus/{id}/tahap", post(case_forms::post))
        .route("/kasus/{id}/pasal", post(case_forms::post))
        .route("/kasus/{id}/putusan", post(case_forms::post))
        .route("/api/v1/tips", get(api::tip_queue).post(api::submit_tip))
        .route("/api/v1/tips/status/{id}", get(api::tip_status))
        .route("/api/v1/tips/{id}/assign", post(api::assign_tip))
        .route("/api/v1/cases", get(api::cases).post(api::open_case))
        .route("/api/v1/cases-export", get(api::export_cases))
        .route("/api/v1/cases/{id}", get(api::case_detail))
        .route("/api/v1/cases/{id}/network", get(api::network))
        .route("/api/v1/cases/{id}/people", post(api::add_person))
        .route("/api/v1/cases/{id}/screenings", post(api::link_screening))
        .route("/api/v1/cases/{id}/meetings", post(api::link_meeting))
        .route(
            "/api/v1/applicants/{id}/police-report",
            post(api::police_report),
        )
        .route("/api/v1/cases/{id}/consents", post(api::record_consent))
        .route("/api/v1/cases/{id}/referrals", post(api::refer))
        .route("/api/v1/cases/{id}/assistance", post(api::assistance))
        .route("/api/v1/referrals", get(api::case_referral_inbox))
        .route("/api/v1/referrals/{id}/action", post(api::referral_action))
        .route("/api/v1/suspects/{id}/steps", post(api::legal_step))
        .route("/api/v1/suspects/{id}/charges", post(api::charges))
        .route("/api/v1/suspects/{id}/verdict", post(api::verdict))
        .route(
            "/api/v1/meetings",
            get(api::meetings).post(api::create_meeting),
        )
        .route("/api/v1/meetings/{id}/actions", post(api::add_action))
        .route("/api/v1/actions/{id}/close", post(api::close_action))
        .route(
            "/api/v1/bulletins",
            get(api::bulletins).post(api::post_bulletin),
        )
        .route("/api/v1/bulletins/{id}/read", post(api::read_bulletin))
        .route("/api/v1/notifications", get(api::notifications))
        .route("/api/v1/case-people/{id}/network", get(api::person_network))
        .route(
            "/kasus/orang/{id}/jaringan",
            get(network_page::person_network),
        )
        .route("/api/v1/home-notices", get(api::home_notices))
}
