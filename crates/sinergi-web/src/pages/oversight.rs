//! Oversight pages for supervisors: the audit trail (`/audit`, needs `ViewAudit`) and the review
//! queue of break-glass accesses (`/break-glass`, needs `ReviewBreakGlass`); and the form by
//! which a user opens a record outside their scope with a reason (`POST /break-glass`).

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::audit::AuditScope;
use sinergi_domain::access::Permission;
use sinergi_domain::clock::{format_wib, from_millis};

/// One row of the audit page.
pub(crate) struct AuditLine {
    seq: i64,
    at: String,
    actor: String,
    action: &'static str,
    subject: String,
    detail: String,
    client: String,
}

/// `templates/trust/audit.html`.
#[derive(Template, WebTemplate)]
#[template(path = "trust/audit.html")]
pub(crate) struct AuditPage {
    lang: Lang,
    nav: Option<Nav>,
    rows: Vec<AuditLine>,
    /// Whether the reader sees the whole trail (then the chain check is shown).
    whole_trail: bool,
    verified_rows: u64,
    broken: Option<(i64, &'static str)>,
}

/// `GET /audit`: the newest 200 rows the reader may see (a supervisor: their own agency's),
/// and, for a reader of the whole trail, the state of the chain and its checkpoint.
pub(crate) async fn audit(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<AuditPage, WebError> {
    let rows = state.app.recent_audit(&signed.actor, 200).await?;
    let users = state.app.user_names(&signed.actor).await?;
    let agencies = crate::cases::agency_names(&state).await?;
    let names = crate::cases::Names {
        people: &users,
        agencies: &agencies,
    };
    let whole_trail = state.app.audit_scope(&signed.actor)? == AuditScope::All;
    let (verified_rows, broken) = if whole_trail {
        let v = state.app.verify_audit().await?;
        (v.rows, v.broken.map(|(seq, why)| (seq, why.code())))
    } else {
        (0, None)
    };
    Ok(AuditPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        rows: rows
            .into_iter()
            .map(|r| AuditLine {
                seq: r.seq,
                at: format_wib(from_millis(r.at)),
                actor: users
                    .get(&r.actor)
                    .cloned()
                    .unwrap_or_else(|| match r.actor.as_str() {
                        "public" | "anonymous" => lang.t("audit_actor_public").to_string(),
                        "cli" | "system" | "demo" => lang.t("audit_actor_system").to_string(),
                        _ => lang.t("audit_actor_unknown").to_string(),
                    }),
                action: lang.label("event", &r.action.replace('.', "_")),
                subject: crate::cases::detail_words(
                    lang,
                    &crate::cases::short_ref(&r.subject),
                    &names,
                ),
                detail: crate::cases::detail_words(lang, &r.detail, &names),
                client: r.client,
            })
            .collect(),
        whole_trail,
        verified_rows,
        broken: broken.map(|(seq, code)| (seq, lang.t(code))),
    })
}

/// One grant awaiting review.
pub(crate) struct GrantLine {
    id: String,
    /// Who opened it (display name).
    who: String,
    /// What was opened, in words ("Perkara SNG/2026/0001").
    subject: String,
    reason: String,
    granted_at: String,
}

/// `templates/trust/break_glass.html`.
#[derive(Template, WebTemplate)]
#[template(path = "trust/break_glass.html")]
pub(crate) struct ReviewPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    grants: Vec<GrantLine>,
}

/// `GET /break-glass`: grants of the own agency awaiting a verdict.
pub(crate) async fn review_queue(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
) -> Result<ReviewPage, WebError> {
    let app = &state.app;
    let names = app.user_names(&signed.actor).await.unwrap_or_default();
    let mut lines = Vec::new();
    for g in app.break_glass_to_review(&signed.actor).await? {
        let what = app
            .break_glass_subject(&signed.actor, &g.subject_kind, &g.subject_id)
            .await?
            .unwrap_or_default();
        lines.push(GrantLine {
            id: g.id,
            who: names
                .get(&g.user_id)
                .cloned()
                .unwrap_or_else(|| lang.t("audit_actor_unknown").to_string()),
            subject: format!(
                "{} {what}",
                lang.label("break_glass_subject", &g.subject_kind)
            ),
            reason: g.reason,
            granted_at: format_wib(from_millis(g.granted_at)),
        });
    }
    Ok(ReviewPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        grants: lines,
    })
}

/// The verdict form.
#[derive(serde::Deserialize)]
pub(crate) struct VerdictForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    verdict: String,
}

/// `POST /break-glass/{id}/review`.
pub(crate) async fn review(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    form: Result<Form<VerdictForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    signed.actor.require(Permission::ReviewBreakGlass)?;
    let justified = match form.verdict.as_str() {
        "justified" => true,
        "unjustified" => false,
        _ => return Err(WebError::BadRequest),
    };
    state
        .app
        .review_break_glass(&signed.actor, &id, justified)
        .await?;
    Ok(Redirect::to("/break-glass").into_response())
}

/// The break-glass request form.
#[derive(serde::Deserialize)]
pub(crate) struct BreakGlassForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    reason: String,
    /// Where to go afterwards (a local path only).
    #[serde(default)]
    next: String,
}

/// `POST /break-glass`: opens one record for four hours with a reason, then returns to it.
pub(crate) async fn request(
    State(state): State<AppState>,
    signed: SignedIn,
    form: Result<Form<BreakGlassForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|_| WebError::BadRequest)?;
    check_csrf(&signed.actor, &form.csrf_token)?;
    let kind_ok = !form.kind.is_empty()
        && form.kind.len() <= 32
        && form
            .kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_');
    if !kind_ok || form.id.is_empty() || form.id.len() > 64 {
        return Err(WebError::BadRequest);
    }
    state
        .app
        .break_glass(&signed.actor, &form.kind, &form.id, &form.reason)
        .await?;
    // Only same-site paths: never an open redirect (`/\\evil`, `//evil`, `https:` refused).
    let next = crate::session::local_redirect(&form.next).unwrap_or("/");
    Ok(Redirect::to(next).into_response())
}
