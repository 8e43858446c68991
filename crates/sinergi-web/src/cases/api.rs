//! JSON handlers of the cases API. Dates are ISO 8601; errors use the common body.

use crate::AppState;
use crate::error::WebError;
use crate::session::{ApiCaller, ClientAddr};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};
use sinergi_app::cases::*;
use sinergi_domain::cases::charges::{ChargeSheet, Combination};

type J = Result<Json<Value>, WebError>;

fn ok<T: serde::Serialize>(v: T) -> J {
    Ok(Json(serde_json::to_value(v).unwrap_or(Value::Null)))
}

/// Optional search text.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Q {
    q: String,
}

/// A body with one agency code.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AgencyBody {
    agency: String,
}

pub(crate) async fn submit_tip(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(tip): Json<NewTip>,
) -> J {
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
    ok(json!({ "receipt": receipt }))
}

pub(crate) async fn tip_status(State(s): State<AppState>, Path(receipt): Path<String>) -> J {
    ok(s.app.tip_status(&receipt).await?)
}

pub(crate) async fn tip_queue(State(s): State<AppState>, c: ApiCaller) -> J {
    ok(s.app.tip_queue(&c.actor).await?)
}

pub(crate) async fn assign_tip(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<AgencyBody>,
) -> J {
    s.app.assign_tip(&c.actor, &id, &b.agency).await?;
    ok(json!({ "ok": true }))
}

pub(crate) async fn cases(State(s): State<AppState>, c: ApiCaller, Query(q): Query<Q>) -> J {
    ok(s.app.cases(&c.actor, &q.q).await?.into_iter().map(|r| json!({
        "id": r.id, "number": r.number, "kind": r.kind, "title": r.title,
        "lead_agency": r.lead_agency, "regime": r.regime, "started_on": r.started_on.to_string(), "status": r.status,
    })).collect::<Vec<_>>())
}

pub(crate) async fn export_cases(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<impl IntoResponse, WebError> {
    let csv = s.app.export_cases_csv(&c.actor).await?;
    Ok(([(CONTENT_TYPE, "text/csv; charset=utf-8")], csv))
}

pub(crate) async fn open_case(
    State(s): State<AppState>,
    c: ApiCaller,
    Json(b): Json<NewCase>,
) -> J {
    let r = s.app.open_case(&c.actor, b).await?;
    ok(json!({ "id": r.id, "number": r.number, "regime": r.regime }))
}

pub(crate) async fn case_detail(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> J {
    ok(s.app.case_detail(&c.actor, &id).await?)
}

pub(crate) async fn network(State(s): State<AppState>, c: ApiCaller, Path(id): Path<String>) -> J {
    ok(s.app.case_network(&c.actor, &id).await?)
}

pub(crate) async fn add_person(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<NewCasePerson>,
) -> J {
    ok(json!({ "id": s.app.add_case_person(&c.actor, &id, b).await? }))
}

/// A screening id to link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ScreeningBody {
    screening_id: String,
}

pub(crate) async fn link_screening(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<ScreeningBody>,
) -> J {
    s.app.link_screening(&c.actor, &id, &b.screening_id).await?;
    ok(json!({ "ok": true }))
}

/// A consent to record.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ConsentBody {
    person_id: String,
    purpose: String,
    given_on: String,
}

pub(crate) async fn record_consent(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(_case): Path<String>,
    Json(b): Json<ConsentBody>,
) -> J {
    s.app
        .record_victim_consent(&c.actor, &b.person_id, &b.purpose, &b.given_on)
        .await?;
    ok(json!({ "ok": true }))
}

pub(crate) async fn refer(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<NewReferral>,
) -> J {
    ok(json!({ "id": s.app.refer_case(&c.actor, &id, b).await? }))
}

pub(crate) async fn case_referral_inbox(State(s): State<AppState>, c: ApiCaller) -> J {
    ok(s.app.case_referral_inbox(&c.actor).await?.into_iter().map(|r| json!({
        "id": r.id, "case_id": r.case_id, "from_agency": r.from_agency, "to_agency": r.to_agency,
        "purpose": r.purpose, "reason": r.reason, "due_at": r.due_at, "state": r.state,
        "state_reason": r.state_reason, "transfer_lead": r.transfer_lead,
    })).collect::<Vec<_>>())
}

/// A referral event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActionBody {
    event: String,
    reason: String,
}

pub(crate) async fn referral_action(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<ActionBody>,
) -> J {
    let st = s
        .app
        .referral_action(&c.actor, &id, &b.event, &b.reason)
        .await?;
    ok(json!({ "state": st }))
}

pub(crate) async fn legal_step(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<NewLegalStep>,
) -> J {
    ok(json!({ "stage": s.app.record_legal_step(&c.actor, &id, b).await? }))
}

/// Charges to set.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChargesBody {
    sheet: Option<ChargeSheet>,
    /// The charge as a prosecutor writes it (used when `sheet` is absent).
    text: String,
    offence_on: String,
}

pub(crate) async fn charges(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<ChargesBody>,
) -> J {
    if b.sheet.is_none() && !b.text.trim().is_empty() {
        return ok(
            json!({ "charges": s.app.set_charges_text(&c.actor, &id, &b.text, &b.offence_on).await? }),
        );
    }
    let sheet = b.sheet.unwrap_or(ChargeSheet {
        combination: Combination::Cumulative,
        lines: vec![],
    });
    ok(json!({ "charges": s.app.set_charges(&c.actor, &id, sheet, &b.offence_on).await? }))
}

pub(crate) async fn assistance(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<NewAssistance>,
) -> J {
    ok(json!({ "id": s.app.record_assistance(&c.actor, &id, b).await? }))
}

pub(crate) async fn meetings(State(s): State<AppState>, c: ApiCaller) -> J {
    ok(s.app.meetings(&c.actor).await?.into_iter().map(|(m, att, items)| json!({
        "id": m.id, "held_on": m.held_on.to_string(), "host_agency": m.host_agency, "title": m.title,
        "agenda": m.agenda, "minutes": m.minutes, "decisions": m.decisions, "attendees": att,
        "action_items": items.into_iter().map(|a| json!({
            "id": a.id, "agency": a.agency_code, "description": a.description, "due_on": a.due_on.to_string(), "state": a.state,
        })).collect::<Vec<_>>(),
    })).collect::<Vec<_>>())
}

pub(crate) async fn create_meeting(
    State(s): State<AppState>,
    c: ApiCaller,
    Json(b): Json<NewMeeting>,
) -> J {
    ok(json!({ "id": s.app.create_meeting(&c.actor, b).await? }))
}

/// An action item to assign.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ActionItemBody {
    agency: String,
    description: String,
    due_on: String,
}

pub(crate) async fn add_action(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<ActionItemBody>,
) -> J {
    ok(
        json!({ "id": s.app.add_action_item(&c.actor, &id, &b.agency, &b.description, &b.due_on).await? }),
    )
}

/// How to close an action item.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CloseBody {
    state: String,
}

pub(crate) async fn close_action(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
    Json(b): Json<CloseBody>,
) -> J {
    let to = if b.state.is_empty() {
        "done".to_string()
    } else {
        b.state
    };
    s.app.close_action_item(&c.actor, &id, &to).await?;
    ok(json!({ "state": to }))
}

pub(crate) async fn bulletins(State(s): State<AppState>, c: ApiCaller) -> J {
    ok(s.app.bulletins(&c.actor).await?.into_iter().map(|(b, reads)| json!({
        "id": b.id, "from_agency": b.from_agency, "kind": b.kind, "title": b.title, "body": b.body,
        "region_code": b.region_code, "created_at": b.created_at,
        "reads": reads.into_iter().map(|r| json!({ "user_id": r.user_id, "agency": r.agency_code, "at": r.read_at })).collect::<Vec<_>>(),
    })).collect::<Vec<_>>())
}

/// A bulletin to post.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct BulletinBody {
    kind: String,
    title: String,
    body: String,
    region_code: Option<String>,
}

pub(crate) async fn post_bulletin(
    State(s): State<AppState>,
    c: ApiCaller,
    Json(b): Json<BulletinBody>,
) -> J {
    ok(
        json!({ "id": s.app.post_bulletin(&c.actor, &b.kind, &b.title, &b.body, b.region_code).await? }),
    )
}

pub(crate) async fn read_bulletin(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> J {
    s.app.read_bulletin(&c.actor, &id).await?;
    ok(json!({ "ok": true }))
}

pub(crate) async fn notifications(State(s): State<AppState>, c: ApiCaller) -> J {
    ok(s.app.notifications(&c.actor).await?.into_iter().map(|n| json!({
        "id": n.id, "kind": n.kind, "subject_id": n.subject_id, "detail": n.detail, "created_at": n.created_at, "read": n.read_at.is_some(),
    })).collect::<Vec<_>>())
}

pub(crate) async fn home_notices(State(s): State<AppState>, c: ApiCaller) -> J {
    ok(s.app.home_notices(&c.actor).await?)
}

pub(crate) async fn person_network(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> J {
    ok(s.app.person_network(&c.actor, &id).await?)
}
