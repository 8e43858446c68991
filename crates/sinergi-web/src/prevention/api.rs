//! Passport applicants over the JSON API. The handlers call the same use cases as the pages:
//! record and screen one (`POST /api/v1/applicants`), read one (`GET /api/v1/applicants/{id}`),
//! import a day's CSV export of the office system (`POST /api/v1/applicants/import`, body
//! `text/csv`), record the interview, judge a hit and decide
//! (`POST /api/v1/applicants/{id}/{interview,hits,decision}`). Identifiers travel only in
//! bodies; every body is typed in the OpenAPI document.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::middleware::ApiErrorBody;
use crate::prevention::present::{about_text, evidence_text, target_href, target_kind};
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use sinergi_app::App;
use sinergi_app::prevention::{ApplicationInput, DecisionInput, Interview};
use sinergi_domain::prevention::Applicant;
use utoipa::ToSchema;

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
    /// `watchlist`, `applicant`, `person`, `case_person`, `recruiter_phone`.
    pub kind: String,
    /// The matched record's key: send it back to judge the hit.
    pub target: String,
    /// Name on the other record.
    pub name: String,
    /// What the other record is, in the request's language.
    pub label: String,
    /// Match probability 0-1.
    pub probability: f64,
    /// Per-field evidence, e.g. `full_name=one typo(+7.2)`.
    pub explanation: Vec<String>,
    /// The page of the matched record, when the caller may open it.
    pub link: Option<String>,
    /// `confirmed` or `false_match` once an officer judged it.
    pub verdict: Option<String>,
}

/// An application with its screening and decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantBody {
    /// Id.
    pub id: String,
    /// The immigration office that holds it (agency code).
    pub office: String,
    /// `new`, `issued`, `deferred`, `refused`, `lapsed`.
    pub status: String,
    /// Document codes shown.
    pub documents: Vec<String>,
    /// Risk score 0-100 (advice only).
    pub score: Option<i64>,
    /// `low`, `medium`, `high`.
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
    /// `issue`, `defer` or `refuse` once decided.
    pub decision: Option<String>,
    /// Deferral deadline (ISO 8601 date).
    pub deadline: Option<String>,
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

/// Body of `POST /api/v1/applicants/{id}/hits`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct VerdictRequest {
    /// The hit's `target` key.
    pub target: String,
    /// `confirmed` or `false_match`.
    pub verdict: String,
}

async fn body(app: &App, lang: Lang, a: &Applicant) -> ApplicantBody {
    let s = a.screening.as_ref();
    let mut hits = Vec::new();
    for h in s.map(|s| s.hits.as_slice()).unwrap_or_default() {
        hits.push(HitBody {
            kind: target_kind(&h.target).into(),
            target: h.target.key(),
            name: h.name.clone(),
            label: about_text(app, lang, &h.about).await,
            probability: h.probability,
            explanation: h.evidence.iter().map(evidence_text).collect(),
            link: target_href(&h.target),
            verdict: h.verdict.map(|v| v.code().into()),
        });
    }
    ApplicantBody {
        id: a.id.clone(),
        office: a.office_code.clone(),
        status: a.status.code().into(),
        documents: a.documents.iter().map(|d| d.code().into()).collect(),
        score: s.map(|s| s.score.total),
        band: s.map(|s| s.band().code().into()),
        indicator_version: s.map(|s| s.score.indicator_version),
        rules_version: s.map(|s| s.rules_version.clone()),
        contributions: s
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
        hits,
        missing_documents: s
            .map(|s| {
                s.missing_documents
                    .iter()
                    .map(|d| d.code().into())
                    .collect()
            })
            .unwrap_or_default(),
        decision: a.decision.as_ref().map(|d| d.decision.code().into()),
        deadline: a
            .decision
            .as_ref()
            .and_then(|d| d.deadline)
            .map(sinergi_domain::dates::format_iso),
    }
}

/// Records an application at the caller's office and screens it.
#[utoipa::path(
    post,
    path = "/api/v1/applicants",
    operation_id = "record_applicant",
    tag = "screening",
    security(("bearer" = [])),
    request_body = ApplicationInput,
    responses(
        (status = 200, description = "Recorded and screened", body = ApplicantBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed", body = ApiErrorBody),
        (status = 409, description = "Already recorded (same office and source id)", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn record_applicant(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    req: Result<Json<ApplicationInput>, JsonRejection>,
) -> Result<Json<ApplicantBody>, WebError> {
    let Json(input) = req.map_err(|_| WebError::BadRequest)?;
    let a = state.app.record_application(&caller.actor, &input).await?;
    Ok(Json(body(&state.app, lang, &a).await))
}

/// One application with its screening (immigration offices, or an agency it was referred to).
#[utoipa::path(
    get,
    path = "/api/v1/applicants/{id}",
    operation_id = "get_applicant",
    tag = "screening",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = ApplicantBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 404, description = "Unknown or not visible", body = ApiErrorBody),
    )
)]
pub(crate) async fn get_applicant(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ApplicantBody>, WebError> {
    let view = state.app.open_applicant(&caller.actor, &id).await?;
    Ok(Json(body(&state.app, lang, &view.applicant).await))
}

/// Imports a CSV export (columns named like the fields of `ApplicationInput`, `id` = the
/// office system's id). Bad rows are reported by line and column; re-running adds nothing.
#[utoipa::path(
    post,
    path = "/api/v1/applicants/import",
    operation_id = "import_applicants",
    tag = "screening",
    security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, description = "What the import did", body = ImportBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed", body = ApiErrorBody),
    )
)]
pub(crate) async fn import_applicants(
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

/// Records the interview (only the office that holds the application) and screens again.
/// Without `documents` the documents recorded at intake stay.
#[utoipa::path(
    post,
    path = "/api/v1/applicants/{id}/interview",
    operation_id = "record_interview",
    tag = "screening",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Application id")),
    request_body = Interview,
    responses(
        (status = 200, description = "Screened again", body = ApplicantBody),
        (status = 403, description = "Not allowed, or another office holds it", body = ApiErrorBody),
        (status = 404, description = "Unknown", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn record_interview(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<Interview>, JsonRejection>,
) -> Result<Json<ApplicantBody>, WebError> {
    let Json(iv) = req.map_err(|_| WebError::BadRequest)?;
    let a = state.app.record_interview(&caller.actor, &id, &iv).await?;
    Ok(Json(body(&state.app, lang, &a).await))
}

/// Confirms a hit or marks it a false match (not shown again for this person and entry).
#[utoipa::path(
    post,
    path = "/api/v1/applicants/{id}/hits",
    operation_id = "judge_hit",
    tag = "screening",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Application id")),
    request_body = VerdictRequest,
    responses(
        (status = 200, description = "Screened again", body = ApplicantBody),
        (status = 403, description = "Not allowed, or another office holds it", body = ApiErrorBody),
        (status = 404, description = "Unknown", body = ApiErrorBody),
        (status = 422, description = "Unknown target or verdict", body = ApiErrorBody),
    )
)]
pub(crate) async fn judge_hit(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<VerdictRequest>, JsonRejection>,
) -> Result<Json<ApplicantBody>, WebError> {
    let Json(v) = req.map_err(|_| WebError::BadRequest)?;
    let a = state
        .app
        .judge_hit(&caller.actor, &id, &v.target, &v.verdict)
        .await?;
    Ok(Json(body(&state.app, lang, &a).await))
}

/// Decides (issue, defer or refuse, with a reason); only the office that holds the application.
#[utoipa::path(
    post,
    path = "/api/v1/applicants/{id}/decision",
    operation_id = "decide_applicant",
    tag = "screening",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Application id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "Decided", body = ApplicantBody),
        (status = 403, description = "Not allowed, or another office holds it", body = ApiErrorBody),
        (status = 404, description = "Unknown", body = ApiErrorBody),
        (status = 409, description = "Already decided", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn decide_applicant(
    State(state): State<AppState>,
    lang: Lang,
    caller: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<DecisionInput>, JsonRejection>,
) -> Result<Json<ApplicantBody>, WebError> {
    let Json(input) = req.map_err(|_| WebError::BadRequest)?;
    let a = state
        .app
        .decide_applicant(&caller.actor, &id, &input)
        .await?;
    Ok(Json(body(&state.app, lang, &a).await))
}

#[cfg(test)]
mod tests {
    #[test]
    fn operation_ids_are_unique_and_every_applicant_route_has_typed_bodies() {
        let doc: serde_json::Value =
            serde_json::from_str(crate::api::openapi_json()).expect("json");
        let mut ids = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                let id = op["operationId"]
                    .as_str()
                    .expect("operation id")
                    .to_string();
                assert!(!ids.contains(&id), "operation id {id} used twice");
                ids.push(id);
                if path.starts_with("/api/v1/applicants") {
                    let ok = &op["responses"]["200"]["content"]["application/json"]["schema"];
                    assert!(!ok.is_null(), "{method} {path}: no typed answer");
                    if method == "post" {
                        assert!(
                            !op["requestBody"].is_null(),
                            "{method} {path}: no typed request"
                        );
                    }
                }
            }
        }
        assert!(ids.contains(&"record_applicant".to_string()));
    }
}
