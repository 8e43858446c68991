//! The entities JSON API (tag `entities`): one person with the records the caller may see, the
//! proposals across what the caller may see, the person's network, and merge, dismiss and undo.
//! Record keys are `<kind letter>:<id>` (`a` application, `k` case person, `t` tip subject,
//! `w` watchlist entry, `p` person record).

use super::pages::key;
use crate::AppState;
use crate::cases::api::body;
use crate::cases::api::responses::NetworkBody;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use sinergi_app::AppError;
use sinergi_app::entities::{
    EntityRecord, MergeView, Proposal, RecordAbout, may_resolve, may_view,
};
use sinergi_domain::entities::MergeRecord;
use utoipa::ToSchema;

/// One record of a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordBody {
    /// Record key (`k:<id>` …).
    pub key: String,
    /// Kind: `applicant`, `case_person`, `tip_subject`, `watchlist` or `person_record`.
    pub kind: String,
    /// The name as the record writes it.
    pub name: String,
    /// Case id (case people).
    pub case_id: Option<String>,
    /// Case number (case people).
    pub case_number: Option<String>,
    /// Person role code (case people).
    pub role: Option<String>,
    /// Status code (applications, tips, watchlist entries).
    pub status: Option<String>,
}

impl From<&EntityRecord> for RecordBody {
    fn from(r: &EntityRecord) -> Self {
        let mut b = RecordBody {
            key: r.key.to_string(),
            kind: r.key.kind.code().into(),
            name: r.name.clone(),
            case_id: None,
            case_number: None,
            role: None,
            status: None,
        };
        match &r.about {
            RecordAbout::CasePerson {
                case_id,
                case_number,
                role,
                ..
            } => {
                b.case_id = Some(case_id.clone());
                b.case_number = Some(case_number.clone());
                b.role = Some(role.code().into());
            }
            RecordAbout::Applicant { status, .. } => b.status = Some(status.code().into()),
            RecordAbout::TipSubject { status, .. } => b.status = Some(status.code().into()),
            RecordAbout::Watchlist { status, .. } => b.status = Some(status.code().into()),
            RecordAbout::PersonRecord { .. } => {}
        }
        b
    }
}

/// One field's part in a match.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceBody {
    /// Field (`full_name`, `birth_date`, `sex`, `nik`, `phone`).
    pub field: String,
    /// Level reached (`exact`, `subset`, `one typo` …).
    pub level: String,
    /// Bits of evidence it added.
    pub bits: Option<f64>,
}

fn evidence(e: &[sinergi_domain::prevention::Evidence]) -> Vec<EvidenceBody> {
    e.iter()
        .map(|x| EvidenceBody {
            field: x.field.clone(),
            level: x.level.clone(),
            bits: x.bits,
        })
        .collect()
}

/// A pair the engine proposes as one person.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalBody {
    /// One record.
    pub a: RecordBody,
    /// The other.
    pub b: RecordBody,
    /// Match probability.
    pub probability: f64,
    /// Each field's part.
    pub evidence: Vec<EvidenceBody>,
}

impl From<&Proposal> for ProposalBody {
    fn from(p: &Proposal) -> Self {
        ProposalBody {
            a: (&p.a).into(),
            b: (&p.b).into(),
            probability: p.probability,
            evidence: evidence(&p.evidence),
        }
    }
}

/// A decision on a pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct MergeBody {
    /// Id (undo with `POST /api/v1/entity-merges/{id}/undo`).
    pub id: String,
    /// The record kept.
    pub record_a: String,
    /// The record joined.
    pub record_b: String,
    /// `merged`, `undone` or `dismissed`.
    pub state: String,
    /// Match probability when decided.
    pub probability: f64,
    /// Each field's part when decided.
    pub evidence: Vec<EvidenceBody>,
    /// When decided (epoch ms).
    pub decided_at: i64,
    /// When undone (epoch ms).
    pub undone_at: Option<i64>,
}

impl From<&MergeRecord> for MergeBody {
    fn from(m: &MergeRecord) -> Self {
        MergeBody {
            id: m.id.clone(),
            record_a: m.record_a.to_string(),
            record_b: m.record_b.to_string(),
            state: m.state.code().into(),
            probability: m.probability,
            evidence: evidence(&m.evidence),
            decided_at: m.decided_at,
            undone_at: m.undone_at,
        }
    }
}

fn merges(m: &[MergeView]) -> Vec<MergeBody> {
    m.iter().map(|v| (&v.merge).into()).collect()
}

/// One person with what the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntityBody {
    /// The fullest name among the visible records.
    pub name: String,
    /// The records the caller may see.
    pub records: Vec<RecordBody>,
    /// Pairs proposed with other persons.
    pub proposals: Vec<ProposalBody>,
    /// Decisions on the person's records.
    pub merges: Vec<MergeBody>,
}

/// Proposals and recent decisions across what the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewBody {
    /// Proposed pairs, most probable first.
    pub proposals: Vec<ProposalBody>,
    /// Recent decisions.
    pub merges: Vec<MergeBody>,
}

/// Two records.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PairRequest {
    /// The record whose person stays.
    pub a: String,
    /// The record whose person joins it.
    pub b: String,
}

/// One person (entity) by any of its record keys.
#[utoipa::path(
    get,
    path = "/api/v1/entities/{id}",
    operation_id = "get_entity",
    tag = "entities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Record key, e.g. `k:<case person id>`")),
    responses(
        (status = 200, description = "The person", body = EntityBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "No permission to read any kind of person record", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not visible to the caller", body = ApiErrorBody),
    )
)]
pub(crate) async fn entity(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EntityBody>, WebError> {
    if !may_view(&c.actor) {
        return Err(AppError::Forbidden.into());
    }
    let v = s.app.entity(&c.actor, &key(&id)?).await?;
    Ok(Json(EntityBody {
        name: v.name.clone(),
        records: v.records.iter().map(Into::into).collect(),
        proposals: v.proposals.iter().map(Into::into).collect(),
        merges: merges(&v.merges),
    }))
}

/// The network of one person: cases, phones (masked), applicants who gave a phone as their
/// sponsor's, P3MI and watchlist entries, each under need-to-know.
#[utoipa::path(
    get,
    path = "/api/v1/entities/{id}/network",
    operation_id = "get_entity_network",
    tag = "entities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Record key, e.g. `k:<case person id>`")),
    responses(
        (status = 200, description = "The network", body = NetworkBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "No permission to read any kind of person record", body = ApiErrorBody),
        (status = 404, description = "Unknown, or not visible to the caller", body = ApiErrorBody),
    )
)]
pub(crate) async fn network(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<NetworkBody>, WebError> {
    if !may_view(&c.actor) {
        return Err(AppError::Forbidden.into());
    }
    let g = s.app.entity_network(&c.actor, &key(&id)?).await?;
    Ok(Json(g.into()))
}

/// Pairs the engine proposes across the records the caller may see, and recent decisions.
#[utoipa::path(
    get,
    path = "/api/v1/entity-proposals",
    operation_id = "get_entity_proposals",
    tag = "entities",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Proposals and decisions", body = OverviewBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "No permission to read any kind of person record", body = ApiErrorBody),
    )
)]
pub(crate) async fn proposals(
    State(s): State<AppState>,
    c: ApiCaller,
) -> Result<Json<OverviewBody>, WebError> {
    let o = s.app.entity_overview(&c.actor).await?;
    Ok(Json(OverviewBody {
        proposals: o.proposals.iter().map(Into::into).collect(),
        merges: merges(&o.merges),
    }))
}

/// Merges the person of `b` into the person of `a` (a proposed pair; audited).
#[utoipa::path(
    post,
    path = "/api/v1/entity-merges",
    operation_id = "merge_entities",
    tag = "entities",
    security(("bearer" = [])),
    request_body = PairRequest,
    responses(
        (status = 200, description = "Merged", body = MergeBody),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases or decide_applicants, and every record of both persons visible)", body = ApiErrorBody),
        (status = 404, description = "A record is unknown or not visible", body = ApiErrorBody),
        (status = 409, description = "Already one person", body = ApiErrorBody),
        (status = 422, description = "The engine does not propose this pair", body = ApiErrorBody),
    )
)]
pub(crate) async fn merge(
    State(s): State<AppState>,
    c: ApiCaller,
    req: Result<Json<PairRequest>, JsonRejection>,
) -> Result<Json<MergeBody>, WebError> {
    if !may_resolve(&c.actor) {
        return Err(AppError::Forbidden.into());
    }
    let r = body(req)?;
    let m = s
        .app
        .merge_entities(&c.actor, &key(&r.a)?, &key(&r.b)?)
        .await?;
    Ok(Json((&m).into()))
}

/// Records that two records are two people: the pair is not proposed again (audited).
#[utoipa::path(
    post,
    path = "/api/v1/entity-dismissals",
    operation_id = "dismiss_entity_pair",
    tag = "entities",
    security(("bearer" = [])),
    request_body = PairRequest,
    responses(
        (status = 204, description = "Dismissed"),
        (status = 400, description = "Not JSON of the right shape", body = ApiErrorBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases or decide_applicants)", body = ApiErrorBody),
        (status = 404, description = "A record is unknown or not visible", body = ApiErrorBody),
        (status = 409, description = "Already one person", body = ApiErrorBody),
        (status = 422, description = "The engine does not propose this pair", body = ApiErrorBody),
    )
)]
pub(crate) async fn dismiss(
    State(s): State<AppState>,
    c: ApiCaller,
    req: Result<Json<PairRequest>, JsonRejection>,
) -> Result<axum::http::StatusCode, WebError> {
    if !may_resolve(&c.actor) {
        return Err(AppError::Forbidden.into());
    }
    let r = body(req)?;
    s.app
        .dismiss_pair(&c.actor, &key(&r.a)?, &key(&r.b)?)
        .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Undoes a merge: every record it moved returns to the person it belonged to (audited).
#[utoipa::path(
    post,
    path = "/api/v1/entity-merges/{id}/undo",
    operation_id = "undo_entity_merge",
    tag = "entities",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Merge id")),
    responses(
        (status = 200, description = "Undone", body = MergeBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs manage_cases or decide_applicants)", body = ApiErrorBody),
        (status = 404, description = "Unknown, or a record not visible", body = ApiErrorBody),
        (status = 409, description = "Not merged now, or a later merge moved the records on", body = ApiErrorBody),
    )
)]
pub(crate) async fn undo(
    State(s): State<AppState>,
    c: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<MergeBody>, WebError> {
    let m = s.app.undo_merge(&c.actor, &id).await?;
    Ok(Json((&m).into()))
}
