//! Passport applicants over the JSON API: record and screen one (`POST /api/v1/applicants`),
//! read one (`GET /api/v1/applicants/{id}`), import a day's CSV export of the office system
//! (`POST /api/v1/applicants/import`, body `text/csv`). Identifiers travel only in bodies.

use crate::error::WebError;
use crate::i18n::Lang;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use sinergi_app::App;
use sinergi_app::prevention::ApplicationInput;
use utoipa::ToSchema;

use crate::AppState;

/// Body of `POST /api/v1/applicants`: the application as the office records it.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ApplicantRequest {
    /// Id in the office system (optional).
    pub source_ref: String,
    /// Full name.
    pub full_name: String,
    /// NIK (16 digits).
    pub nik: String,
    /// Birth date (dd/mm/yyyy or yyyy-mm-dd).
    pub birth_date: String,
    /// Place of birth.
    pub birth_place: String,
    /// `L` or `P`.
    pub sex: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// `biasa`, `elektronik`, …
    pub passport_type: String,
    /// `tourism`, `umrah_hajj`, `visit_family`, `study`, `work`, `other`.
    pub purpose: String,
    /// ISO 3166 alpha-2.
    pub destination: String,
    /// Planned departure.
    pub departure_date: String,
    /// Sponsor or inviting party.
    pub sponsor_name: String,
    /// Sponsor's phone.
    pub sponsor_phone: String,
    /// Employer or placement company (P3MI).
    pub agency_name: String,
    /// Earlier passport number.
    pub previous_passport_no: String,
    /// Number of earlier passports.
    pub previous_passports: String,
    /// Document codes shown, comma separated.
    pub documents: String,
    /// The officer checked the KTP and accepts a NIK whose region code no code list knows.
    pub nik_region_accepted: bool,
}

/// One indicator that held.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionBody {
    /// Indicator code.
    pub code: String,
    /// Points added.
    pub weight: i64,
    /// The indicator's text in the request's language.
    pub text: String,
}

/// One match with another record.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitBody {
    /// `watchlist`, `applicant`, `person`, `recruiter_phone`.
    pub kind: String,
    /// Name on the other record.
    pub name: String,
    /// What the other record is.
    pub label: String,
    /// Match probability 0-1.
    pub probability: f64,
    /// Per-field explanation.
    pub explanation: Vec<String>,
}

/// An application with its screening.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantBody {
    /// Id.
    pub id: String,
    /// `new`, `issued`, `deferred`, `refused`, `lapsed`.
    pub status: String,
    /// Risk score 0-100 (advice only).
    pub score: Option<i64>,
    /// `rendah`, `sedang`, `tinggi`.
    pub band: Option<String>,
    /// Indicator version used.
    pub indicator_version: Option<i64>,
    /// Rule version used.
    pub rules_version: Option<String>,
    /// What added how much.
    pub contributions: Vec<ContributionBody>,
    /// Matches.
    pub hits: Vec<HitBody>,
    /// Required documents not shown.
    pub missing_documents: Vec<String>,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportBody {
    /// Data rows read.
    pub rows_read: u64,
    /// New applications stored.
    pub added: u64,
    /// Rows already imported before.
    pub already_present: u64,
    /// Refused rows: `line N, column C: why`.
    pub errors: Vec<String>,
}

fn body(lang: Lang, a: &sinergi_app::prevention::ApplicantRow) -> ApplicantBody {
    let s = App::screening_of(a);
    ApplicantBody {
        id: a.id.clone(),
        status: a.status.clone(),
        score: a.score,
        band: s.as_ref().map(|s| s.score.band.clone()),
        indicator_version: a.indicator_version,
        rules_version: a.rules_version.clone(),
        contributions: s
            .as_ref()
            .map(|s| {
                s.score
                    .contributions
                    .iter()
                    .map(|c| ContributionBody {
                        code: c.code.clone(),
                        weight: c.weight,
                        text: if lang.is_id() {
                            c.id.clone()
                        } else {
                            c.en.clone()
                        },
                    })
                    .collect()
            })
            .unwrap_or_default(),
        hits: s
            .as_ref()
            .map(|s| {
                s.hits
                    .iter()
                    .map(|h| HitBody {
                        kind: h.kind.clone(),
                        name: h.name.clone(),
                        label: h.label.clone(),
                        probability: h.probability,
                        explanation: h.explanation.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        missing_documents: s.map(|s| s.missing_documents).unwrap_or_default(),
    }
}

/// Records an application at the caller's office and screens it.
#[utoipa::path(
    post,
    path = "/api/v1/applicants",
    tag = "screening",
    security(("bearer" = [])),
    request_body = ApplicantRequest,
    responses(
        (status = 200, description = "Recorded and screened", body = ApplicantBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    req: Result<Json<ApplicantRequest>, JsonRejection>,
) -> Result<Json<ApplicantBody>, WebError> {
    let Json(r) = req.map_err(|_| WebError::BadRequest)?;
    let input = ApplicationInput {
        source_ref: r.source_ref,
        full_name: r.full_name,
        nik: r.nik,
        birth_date: r.birth_date,
        birth_place: r.birth_place,
        sex: r.sex,
        address: r.address,
        phone: r.phone,
        passport_type: r.passport_type,
        purpose: r.purpose,
        destination: r.destination,
        departure_date: r.departure_date,
        sponsor_name: r.sponsor_name,
        sponsor_phone: r.sponsor_phone,
        agency_name: r.agency_name,
        previous_passport_no: r.previous_passport_no,
        previous_passports: r.previous_passports,
        documents: r.documents,
        nik_region_accepted: r.nik_region_accepted,
    };
    let id = state.app.record_application(&caller.actor, &input).await?;
    let a = state.app.applicant_for(&caller.actor, &id).await?;
    Ok(Json(body(lang, &a)))
}

/// One application with its screening (immigration offices, or an agency it was referred to).
#[utoipa::path(
    get,
    path = "/api/v1/applicants/{id}",
    tag = "screening",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = ApplicantBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 404, description = "Unknown or not visible", body = ApiErrorBody),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ApplicantBody>, WebError> {
    use sinergi_domain::access::Permission;
    if !(caller.actor.can(Permission::ScreenApplicants)
        || caller.actor.can(Permission::HandleReferrals))
    {
        return Err(sinergi_app::AppError::Forbidden.into());
    }
    state.app.applicant_for(&caller.actor, &id).await?;
    state.app.screen_if_pending(&caller.actor, &id).await?;
    let a = state.app.applicant_for(&caller.actor, &id).await?;
    Ok(Json(body(lang, &a)))
}

/// Imports a CSV export (columns named like the fields of `ApplicantRequest`, `id` = the office
/// system's id). Bad rows are reported by line and column; re-running adds nothing.
#[utoipa::path(
    post,
    path = "/api/v1/applicants/import",
    tag = "screening",
    security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "What the import did", body = ImportBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed", body = ApiErrorBody),
    )
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    caller: ApiCaller,
    csv: String,
) -> Result<Json<ImportBody>, WebError> {
    let r = state
        .app
        .import_applications(&caller.actor, csv.as_bytes())
        .await?;
    Ok(Json(ImportBody {
        rows_read: r.rows_read,
        added: r.added,
        already_present: r.already_present,
        errors: r.errors.iter().map(ToString::to_string).collect(),
    }))
}
