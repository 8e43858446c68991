//! JSON handlers of the cases API: tips and case records here, referrals and the legal process
//! in [`process`], meetings, bulletins and notifications in [`coordination`]. Every body is a
//! typed web-layer struct ([`requests`], [`responses`]) documented in the OpenAPI document under
//! the tag `cases`. Dates are ISO 8601; errors use the common body; a body that is not JSON of
//! the right shape is `400 bad_request`.

pub(crate) mod coordination;
pub(crate) mod process;
pub(crate) mod requests;
pub(crate) mod responses;
mod responses_coordination;
mod schemas;

pub(crate) use coordination::{
    add_action, bulletins, close_action, create_meeting, home_notices, meetings, notifications,
    post_bulletin, read_bulletin,
};
pub(crate) use process::{
    case_referral_inbox, charges, legal_step, refer, referral_action, verdict,
};

use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::{ApiCaller, ClientAddr};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use requests::*;
use responses::*;
use serde::Deserialize;

/// The body of a request, or `400 bad_request` when it is not JSON of the right shape.
pub(crate) fn body<T>(req: Result<Json<T>, JsonRejection>) -> Result<T, WebError> {
    req.map(|Json(b)| b).map_err(|_| WebError::BadRequest)
}

/// Optional search text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Q {
    q: String,
}

/// Submits a tip from the public (no sign-in). The channel is always the portal and urgency is
/// the reporter's statement; answers a receipt code to follow the status with.
#[utoipa::path(
    post,
    path = "/api/v1/tips",
    operation_id = "submit_tip",
    tag = "cases",
    request_body = TipRequest,
    responses(
        (status = 200, description = "Received", body = ReceiptBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
        (status = 429, description = "Too many tips from this address", body = ApiErrorBody),
    )
)]
pub(crate) async fn submit_tip(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    req: Result<Json<TipRequest>, JsonRejection>,
) -> Result<Json<ReceiptBody>, WebError> {
    let tip = body(req)?;
    // Anonymous: the channel and region are not the caller's to choose, urgency is a statement
    // (see `submit_public_tip`); the body keeps the NewTip shape for compatibility.
    let public = sinergi_app::cases::public_tip::PublicTip {
        kind: tip.kind,
        child_involved: tip.child_involved,
        imminent_danger: tip.imminent_danger,
        consent: tip.consent,
        location: tip.region_code.unwrap_or_default(),
        suspect_name: tip.suspect_name.unwrap_or_default(),
        narrative: tip.narrative,
        reporter_contact: tip.reporter_contact.unwrap_or_default(),
        website: String::new(),
    };
    let receipt = s.app.submit_public_tip(&client, public).await?;
    Ok(Json(ReceiptBody { receipt }))
}

/// The status of a tip by its receipt code (no sign-in): the status and nothing else.
#[utoipa::path(
    get,
    path = "/api/v1/tips/status/{id}",
    operation_id = "get_tip_status",
    tag = "cases",
    params(("id" = String, Path, description = "Receipt code")),
    responses(
        (status = 200, description = "The status", body = TipStatusBody),
        (status = 404, description = "No tip with this receipt code", body = ApiErrorBody),
    )
)]
pub(crate) async fn tip_status(
    State(s): State<AppState>,
    Path(receipt): Path<String>,
) -> Result<Json<TipStatusBody>, WebError> {
    Ok(Json(s.app.tip_status(&receipt).await?.into()))
}

/// The triage queue: tips the caller's agency receives, most urgent first, with duplicate
/// candidates and the forwarding policy.
#[utoipa::path(
    get,
    path = "/api/v1/tips",
    operation_id = "list_tips",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The queue", body = [TipBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs triage_tips)", body = ApiErrorBody),
    )
)]
pub(crate) async fn tip_queue(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<Vec<TipBody>>, WebError> {
    let tips = s.app.tip_queue(&c.actor).await?;
    Ok(Json(tips.into_iter().map(Into::into).collect()))
}

/// Assigns a tip to an agency.
#[utoipa::path(
    post,
    path = "/api/v1/tips/{id}/assign",
    operation_id = "assign_tip",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Tip id")),
    request_body = AssignTipRequest,
    responses(
        (status = 200, description = "Assigned", body = DoneBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs triage_tips)", body = ApiErrorBody),
        (status = 404, description = "Unknown tip", body = ApiErrorBody),
        (status = 409, description = "The tip changed meanwhile", body = ApiErrorBody),
        (status = 422, description = "Unknown agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn assign_tip(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<AssignTipRequest>, JsonRejection>,
) -> Result<Json<DoneBody>, WebError> {
    let b = body(req)?;
    s.app.assign_tip(&c.actor, &id, &b.agency).await?;
    Ok(Json(DoneBody::YES))
}

/// The cases visible to the caller's agency (lead or shared), optionally searched.
#[utoipa::path(
    get,
    path = "/api/v1/cases",
    operation_id = "list_cases",
    tag = "cases",
    security(("bearer" = [])),
    params(("q" = Option<String>, Query, description = "Search text (number or title)")),
    responses(
        (status = 200, description = "The cases", body = [CaseSummaryBody]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_cases)", body = ApiErrorBody),
    )
)]
pub(crate) async fn cases(
    State(s): State<AppState>,
    c: ApiCaller,
    Query(q): Query<Q>,
) -> Result<Json<Vec<CaseSummaryBody>>, WebError> {
    let rows = s.app.cases(&c.actor, &q.q).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// The visible cases as CSV (one row per case, no personal data).
#[utoipa::path(
    get,
    path = "/api/v1/cases-export",
    operation_id = "export_cases",
    tag = "cases",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cases as CSV", body = String, content_type = "text/csv"),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_cases)", body = ApiErrorBody),
    )
)]
pub(crate) async fn export_cases(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<impl IntoResponse, WebError> {
    let csv = s.app.export_cases_csv(&c.actor).await?;
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], csv))
}

/// Opens a case, led by the caller's agency (from a tip when `tip_id` is given).
#[utoipa::path(
    post,
    path = "/api/v1/cases",
    operation_id = "open_case",
    tag = "cases",
    security(("bearer" = [])),
    request_body = CaseRequest,
    responses(
        (status = 200, description = "Opened", body = OpenedCaseBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases)", body = ApiErrorBody),
        (status = 404, description = "Unknown tip", body = ApiErrorBody),
        (status = 409, description = "The tip already became a case, or no case number was free", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn open_case(
    State(s): State<AppState>,
    c: ApiCaller,
    req: Result<Json<CaseRequest>, JsonRejection>,
) -> Result<Json<OpenedCaseBody>, WebError> {
    let r = s.app.open_case(&c.actor, body(req)?.into()).await?;
    Ok(Json(OpenedCaseBody {
        id: r.id,
        number: r.number,
        regime: r.regime.code().into(),
    }))
}

/// One case with everything the caller may see (victim identity masked unless permitted).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    operation_id = "get_case",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = CaseBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_cases)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not shared with the caller's agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn case_detail(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CaseBody>, WebError> {
    Ok(Json(s.app.case_detail(&c.actor, &id).await?.into()))
}

/// The network around a case: its named people clustered across the visible cases, their
/// phones (masked), agencies and other cases. Victims never appear.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/network",
    operation_id = "get_case_network",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    responses(
        (status = 200, description = "The network", body = NetworkBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_cases)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not shared with the caller's agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn network(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<NetworkBody>, WebError> {
    Ok(Json(s.app.case_network(&c.actor, &id).await?.into()))
}

/// The network around one named person of a case.
#[utoipa::path(
    get,
    path = "/api/v1/case-people/{id}/network",
    operation_id = "get_person_network",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case person id")),
    responses(
        (status = 200, description = "The network", body = NetworkBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_cases)", body = ApiErrorBody),
        (status = 404, description = "Unknown, a victim, or in a case not shared with the caller's agency", body = ApiErrorBody),
    )
)]
pub(crate) async fn person_network(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<NetworkBody>, WebError> {
    Ok(Json(s.app.person_network(&c.actor, &id).await?.into()))
}

/// Adds a person (victim, suspect, recruiter, ...) to a case; protected identities are sealed.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/people",
    operation_id = "add_case_person",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    request_body = CasePersonRequest,
    responses(
        (status = 200, description = "Added", body = CreatedBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn add_person(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<CasePersonRequest>, JsonRejection>,
) -> Result<Json<CreatedBody>, WebError> {
    let id = s
        .app
        .add_case_person(&c.actor, &id, body(req)?.into())
        .await?;
    Ok(Json(CreatedBody { id }))
}

/// Links a passport screening to a case.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/screenings",
    operation_id = "link_case_screening",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    request_body = LinkScreeningRequest,
    responses(
        (status = 200, description = "Linked", body = DoneBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases or screen_applicants)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "No screening id", body = ApiErrorBody),
    )
)]
pub(crate) async fn link_screening(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<LinkScreeningRequest>, JsonRejection>,
) -> Result<Json<DoneBody>, WebError> {
    let b = body(req)?;
    s.app.link_screening(&c.actor, &id, &b.screening_id).await?;
    Ok(Json(DoneBody::YES))
}

/// Links a coordination meeting (hosted or attended by the caller's agency) to a case.
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/meetings",
    operation_id = "link_case_meeting",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    request_body = LinkMeetingRequest,
    responses(
        (status = 200, description = "Linked", body = DoneBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases or manage_meetings)", body = ApiErrorBody),
        (status = 404, description = "Unknown case, or not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "Unknown meeting, or the caller's agency did not attend", body = ApiErrorBody),
    )
)]
pub(crate) async fn link_meeting(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<LinkMeetingRequest>, JsonRejection>,
) -> Result<Json<DoneBody>, WebError> {
    let b = body(req)?;
    s.app.link_meeting(&c.actor, &id, &b.meeting_id).await?;
    Ok(Json(DoneBody::YES))
}

/// Imigrasi reports a deferred or refused applicant to the police (a tip of channel `agency`
/// naming the office and the applicant); Polres may open a case from it.
#[utoipa::path(
    post,
    path = "/api/v1/applicants/{id}/police-report",
    operation_id = "report_applicant_to_police",
    tag = "applicants",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Application id")),
    request_body = PoliceReportRequest,
    responses(
        (status = 200, description = "Reported", body = PoliceReportBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs decide_applicants)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or held by another office", body = ApiErrorBody),
        (status = 409, description = "Already reported", body = ApiErrorBody),
        (status = 422, description = "No note, or the application is not deferred or refused", body = ApiErrorBody),
    )
)]
pub(crate) async fn police_report(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<PoliceReportRequest>, JsonRejection>,
) -> Result<Json<PoliceReportBody>, WebError> {
    let b = body(req)?;
    let receipt = s
        .app
        .report_applicant_to_police(&c.actor, &id, &b.note)
        .await?;
    Ok(Json(PoliceReportBody { receipt }))
}

/// Records a victim's consent (the person id decides the case; the path's case id is not
/// read).
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/consents",
    operation_id = "record_case_consent",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id (not read: the person decides)")),
    request_body = ConsentRequest,
    responses(
        (status = 200, description = "Recorded", body = DoneBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases)", body = ApiErrorBody),
        (status = 404, description = "Unknown person, or in a case not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "A field is not valid, or the person is not a victim", body = ApiErrorBody),
    )
)]
pub(crate) async fn record_consent(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(_case): Path<String>,
    req: Result<Json<ConsentRequest>, JsonRejection>,
) -> Result<Json<DoneBody>, WebError> {
    let b = body(req)?;
    s.app
        .record_victim_consent(&c.actor, &b.person_id, &b.purpose, &b.given_on)
        .await?;
    Ok(Json(DoneBody::YES))
}

/// Records a service given to the victims of a case (shelter, medical care, legal aid, ...).
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/assistance",
    operation_id = "record_case_assistance",
    tag = "cases",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Case id")),
    request_body = AssistanceRequest,
    responses(
        (status = 200, description = "Recorded", body = CreatedBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs record_assistance)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not shared with the caller's agency", body = ApiErrorBody),
        (status = 422, description = "A field is not valid", body = ApiErrorBody),
    )
)]
pub(crate) async fn assistance(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    req: Result<Json<AssistanceRequest>, JsonRejection>,
) -> Result<Json<CreatedBody>, WebError> {
    let id = s
        .app
        .record_assistance(&c.actor, &id, body(req)?.into())
        .await?;
    Ok(Json(CreatedBody { id }))
}
