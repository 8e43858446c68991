//! Referrals between agencies and the legal process of suspects over the JSON API.

use super::body;
use super::requests::*;
use super::responses::*;
use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use serde::Deserialize;
use sinergi_app::AppError;
use sinergi_domain::cases::charges::{ChargeSheet, Combination};
use utoipa::ToSchema;

/// Refers a case to another agency (victim assistance needs the victim's consent, or an
/// override reason with `override_consent`).
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/referrals",
    operation_id = "refer_case",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    request_body = ReferralRequest,
    responses(
        (status = 200, description = "Sent", body = CreatedBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs handle_referrals)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "A field is not valid, or consent is required (`consent_required`)", body = ApiErrorBody),
    )
)]
pub(crate) async fn refer(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<ReferralRequest>, JsonRejection>,
) -> Result<Json<CreatedBody>, WebError> {
    let id = s.app.refer_case(&c.actor, &id, body(req)?.into()).await?;
    Ok(Json(CreatedBody { id }))
}

/// The referrals sent to the caller's agency.
#[utoipa::path(
    get,
    path = "/api/v1/referrals",
    operation_id = "list_referrals",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The inbox", body = [ReferralBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs handle_referrals)", body = ApiErrorBody),
    )
)]
pub(crate) async fn case_referral_inbox(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<ReferralBody>>, WebError> {
    let rows = s.app.case_referral_inbox(&c.actor).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Accepts, rejects or completes a referral (receiving agency) or revokes it (referring agency).
#[utoipa::path(
    post,
    path = "/api/v1/referrals/{id}/action",
    operation_id = "act_on_referral",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Referral id")),
    request_body = ReferralActionRequest,
    responses(
        (status = 200, description = "The referral's new state", body = ReferralStateBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed, or not this side's action", body = ApiErrorBody),
        (status = 404, description = "Unknown referral", body = ApiErrorBody),
        (status = 409, description = "The referral changed meanwhile", body = ApiErrorBody),
        (status = 422, description = "Unknown event, no reason, or not possible from the current state", body = ApiErrorBody),
    )
)]
pub(crate) async fn referral_action(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<ReferralActionRequest>, JsonRejection>,
) -> Result<Json<ReferralStateBody>, WebError> {
    let b = body(req)?;
    let st = s
        .app
        .referral_action(&c.actor, &id, &b.event, &b.reason)
        .await?;
    Ok(Json(ReferralStateBody {
        state: st.code().into(),
    }))
}

/// Records a step of a suspect's legal process (checked against the allowed transitions and
/// the KUHAP in force).
#[utoipa::path(
    post,
    path = "/api/v1/suspects/{id}/steps",
    operation_id = "record_legal_step",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Suspect (case person) id")),
    request_body = LegalStepRequest,
    responses(
        (status = 200, description = "Recorded: the stage reached", body = StageBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs record_legal_steps)", body = ApiErrorBody),
        (status = 404, description = "Unknown suspect, or in a case not shared with the caller's agency", body = ApiErrorBody),
        (status = 409, description = "Another step was recorded meanwhile", body = ApiErrorBody),
        (status = 422, description = "A field is not valid, or the step does not follow", body = ApiErrorBody),
    )
)]
pub(crate) async fn legal_step(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<LegalStepRequest>, JsonRejection>,
) -> Result<Json<StageBody>, WebError> {
    let stage = s
        .app
        .record_legal_step(&c.actor, &id, body(req)?.into())
        .await?;
    Ok(Json(StageBody {
        stage: stage.code().into(),
    }))
}

/// Sets a suspect's charges, structured (`sheet`) or as written (`text`), checked against the
/// articles in force on the day of the offence.
#[utoipa::path(
    post,
    path = "/api/v1/suspects/{id}/charges",
    operation_id = "set_charges",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Suspect (case person) id")),
    request_body = ChargesRequest,
    responses(
        (status = 200, description = "Recorded: the charges as written", body = ChargesBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs record_legal_steps)", body = ApiErrorBody),
        (status = 404, description = "Unknown suspect, or in a case not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "An article is unknown or not in force, or a field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn charges(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<ChargesRequest>, JsonRejection>,
) -> Result<Json<ChargesBody>, WebError> {
    let b = body(req)?;
    let charges = match b.sheet {
        None if !b.text.trim().is_empty() => {
            s.app
                .set_charges_text(&c.actor, &id, &b.text, &b.offence_on)
                .await?
        }
        sheet => {
            let sheet = sheet.map_or(
                ChargeSheet {
                    combination: Combination::Cumulative,
                    lines: vec![],
                },
                Into::into,
            );
            s.app
                .set_charges(&c.actor, &id, sheet, &b.offence_on)
                .await?
        }
    };
    Ok(Json(ChargesBody { charges }))
}

/// A verdict to record for a suspect with charges.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub(crate) struct VerdictRequest {
    /// Verdict number, e.g. `12/Pid.Sus/2026/PN Kpn`.
    number: String,
    /// Prison sentence in months (0 when acquitted).
    sentence_months: u32,
    /// Fine in rupiah.
    fine: i64,
    /// Restitution to victims in rupiah.
    restitution: i64,
}

/// Records the first-instance verdict of a suspect whose charges are recorded (appeal,
/// cassation and execution are legal steps).
#[utoipa::path(
    post,
    path = "/api/v1/suspects/{id}/verdict",
    operation_id = "record_verdict",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Suspect (case person) id")),
    request_body = VerdictRequest,
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs record_legal_steps)", body = ApiErrorBody),
        (status = 404, description = "Unknown suspect, or in a case not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "No charges recorded yet, or no verdict number", body = ApiErrorBody),
    )
)]
pub(crate) async fn verdict(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<VerdictRequest>, JsonRejection>,
) -> Result<axum::http::StatusCode, WebError> {
    let b = body(req)?;
    c.actor
        .require(sinergi_domain::access::Permission::RecordLegalSteps)?;
    if b.number.trim().is_empty() {
        return Err(AppError::invalid("number", "required", "verdict number").into());
    }
    s.app
        .set_verdict(
            &c.actor,
            &id,
            sinergi_domain::cases::charges::Verdict {
                number: b.number.trim().to_string(),
                sentence_months: b.sentence_months,
                fine: b.fine,
                restitution: b.restitution,
            },
        )
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
