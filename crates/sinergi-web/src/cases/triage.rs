//! Public reports (tips) for the agencies that hold them: the triage page with every tip as a
//! card (what was reported, urgency as stated and as confirmed, who receives it and why,
//! possible duplicates by receipt code) and its actions: confirm urgency, assign to an agency,
//! mark as a duplicate, close with a reason, or open a case. Opening a case without a tip (a
//! walk-in report, an immigration referral) is the "new case" form of the case list.

use super::pages::{agency_names, wib};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{MatchedPath, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sinergi_app::AppError;
use sinergi_app::cases::*;
use sinergi_domain::access::Permission;
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::tip::Severity;

/// One tip as the page shows it.
pub(crate) struct TipCard {
    id: String,
    receipt: String,
    received: String,
    channel: &'static str,
    kind: &'static str,
    kind_code: &'static str,
    severity: &'static str,
    urgent: bool,
    /// What the reporter said about urgency, when triage has not confirmed it yet.
    stated: Option<&'static str>,
    status: &'static str,
    open: bool,
    overdue: bool,
    assigned: String,
    suspect: String,
    narrative: Option<String>,
    /// (what, receipt or number, why).
    duplicates: Vec<(&'static str, String, String)>,
    /// How many more possible duplicates there are than shown.
    more_duplicates: usize,
    /// Earlier tips it may repeat: (tip id, receipt).
    duplicate_choices: Vec<(String, String)>,
    /// (agency kind, basis).
    forwarding: Vec<(&'static str, &'static str)>,
    case_id: Option<String>,
    /// For an agency's report: "agency name" and the applicant's name as the viewer may read it.
    source: Option<(String, String)>,
    /// Why it was closed (for holders who may read it).
    close_reason: Option<String>,
}

/// `templates/cases/triage.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/triage.html")]
pub(crate) struct TriagePage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    tips: Vec<TipCard>,
    agencies: Vec<(String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    can_open: bool,
    /// A refused action: (tip id, message).
    err: Option<(String, &'static str)>,
    /// Whether closed tips are listed too.
    all: bool,
    page: usize,
    pages: usize,
    total: usize,
}

/// Tips per page.
const PER_PAGE: usize = 20;

/// Possible duplicates shown per tip.
const MAX_DUPLICATES: usize = 3;

/// Why two reports may be the same, in words (the matcher explains in short English).
fn why_in_words(lang: Lang, why: &str) -> String {
    match why {
        "same phone" => lang.t("dup_same_phone").to_string(),
        "same name key" => lang.t("dup_same_name").to_string(),
        w if w.starts_with("similar name key") => {
            let score = w
                .split("jw ")
                .nth(1)
                .map(|s| s.trim_end_matches(')'))
                .unwrap_or("");
            format!("{} ({score})", lang.t("dup_similar_name"))
        }
        w => w.to_string(),
    }
}

/// Which tips to list: open ones by default, every one with `semua=1`; a page of them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Filter {
    semua: Option<String>,
    halaman: Option<usize>,
}

async fn triage_page(
    s: &AppState,
    lang: Lang,
    signed: &SignedIn,
    filter: &Filter,
    err: Option<(String, &'static str)>,
) -> Result<TriagePage, WebError> {
    let all = filter.semua.is_some();
    let views: Vec<TipView> = s
        .app
        .tip_queue(&signed.actor)
        .await?
        .into_iter()
        .filter(|t| all || t.status.is_open())
        .collect();
    let total = views.len();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = filter.halaman.unwrap_or(1).clamp(1, pages);
    // Receipt codes of every tip listed (duplicates may sit on another page).
    let receipts: std::collections::HashMap<String, String> = views
        .iter()
        .map(|t| (t.id.clone(), t.receipt.clone()))
        .collect();
    let views: Vec<TipView> = views
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let names = agency_names(s).await?;
    let mut agencies: Vec<(String, String)> =
        names.iter().map(|(c, n)| (c.clone(), n.clone())).collect();
    agencies.sort_by(|a, b| a.1.cmp(&b.1));
    let numbers: std::collections::HashMap<String, String> = s
        .app
        .cases(&signed.actor, "")
        .await?
        .into_iter()
        .map(|c| (c.id, c.number))
        .collect();
    let mut tips = Vec::new();
    for t in views {
        let stated = match s.app.tip_reported_urgency(&signed.actor, &t.id).await {
            Ok(Some(st)) if st != t.severity && st != Severity::Ordinary => {
                Some(lang.label("severity", st.code()))
            }
            _ => None,
        };
        tips.push(TipCard {
            receipt: t.receipt.clone(),
            received: wib(t.received_at),
            channel: lang.label("tip_channel", t.channel.code()),
            kind: lang.label("case_kind", t.kind.code()),
            kind_code: t.kind.code(),
            severity: lang.label("severity", t.severity.code()),
            urgent: t.severity != Severity::Ordinary,
            stated,
            status: lang.label("tip_status", t.status.code()),
            open: t.status.is_open(),
            overdue: t.overdue,
            assigned: t
                .assigned_agency
                .as_deref()
                .and_then(|a| names.get(a).cloned())
                .unwrap_or_default(),
            suspect: t.suspect_name.clone().unwrap_or_default(),
            narrative: t.narrative.clone(),
            duplicates: t
                .possible_duplicates
                .iter()
                .take(MAX_DUPLICATES)
                .map(|(k, id, why)| {
                    (
                        lang.label("link_kind", k),
                        receipts
                            .get(id)
                            .cloned()
                            .or_else(|| numbers.get(id).cloned())
                            .unwrap_or_default(),
                        why_in_words(lang, why),
                    )
                })
                .collect(),
            more_duplicates: t.possible_duplicates.len().saturating_sub(MAX_DUPLICATES),
            duplicate_choices: t
                .possible_duplicates
                .iter()
                .filter(|(k, ..)| k == "tip")
                .filter_map(|(_, id, _)| receipts.get(id).map(|r| (id.clone(), r.clone())))
                .collect(),
            forwarding: t
                .forwarding
                .iter()
                .map(|(kind, basis)| {
                    (
                        lang.label("agency_kind", kind),
                        lang.label("forward_basis", basis),
                    )
                })
                .collect(),
            case_id: t.case_id.clone(),
            source: t.source.as_ref().map(|src| {
                (
                    names.get(&src.agency).cloned().unwrap_or_default(),
                    src.applicant_name.clone().unwrap_or_default(),
                )
            }),
            close_reason: t.close_reason.clone(),
            id: t.id,
        });
    }
    Ok(TriagePage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        tips,
        agencies,
        kinds: CaseKind::ALL
            .iter()
            .map(|k| (k.code(), lang.label("case_kind", k.code())))
            .collect(),
        can_open: signed.actor.can(Permission::ManageCases),
        err,
        all,
        page,
        pages,
        total,
    })
}

/// `GET /kasus/laporan`.
pub(crate) async fn triage(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(filter): Query<Filter>,
) -> Result<TriagePage, WebError> {
    triage_page(&s, lang, &signed, &filter, None).await
}

/// Every triage form (fields unused by a form stay empty).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TipForm {
    csrf_token: String,
    kind: String,
    title: String,
    started_on: String,
    agency: String,
    duplicate_of: String,
    reason: String,
    child_involved: Option<String>,
    imminent_danger: Option<String>,
}

/// `POST /kasus/laporan/{id}/buka|tugaskan|duplikat|tutup|urgensi`.
pub(crate) async fn act(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    matched: MatchedPath,
    Path(id): Path<String>,
    Form(f): Form<TipForm>,
) -> Result<Response, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    let a = &signed.actor;
    let result = match matched.as_str().rsplit('/').next().unwrap_or_default() {
        "buka" => match s
            .app
            .open_case(
                a,
                NewCase {
                    kind: f.kind,
                    title: f.title,
                    started_on: f.started_on,
                    tip_id: Some(id.clone()),
                },
            )
            .await
        {
            Ok(c) => return Ok(Redirect::to(&format!("/kasus/{}", c.id)).into_response()),
            Err(e) => Err(e),
        },
        "tugaskan" => s.app.assign_tip(a, &id, &f.agency).await,
        "duplikat" => s.app.mark_tip_duplicate(a, &id, &f.duplicate_of).await,
        "tutup" => s.app.close_tip(a, &id, &f.reason).await,
        "urgensi" => {
            s.app
                .confirm_tip_urgency(
                    a,
                    &id,
                    f.child_involved.is_some(),
                    f.imminent_danger.is_some(),
                )
                .await
        }
        _ => return Err(AppError::NotFound.into()),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/kasus/laporan").into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let page = triage_page(
                &s,
                lang,
                &signed,
                &Filter::default(),
                Some((id, lang.t(e.key()))),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The "new case" form of the case list (a report made in person, an immigration referral).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct NewCaseForm {
    csrf_token: String,
    kind: String,
    title: String,
    started_on: String,
}

/// `POST /kasus`: opens a case without a tip.
pub(crate) async fn open_case(
    State(s): State<AppState>,
    signed: SignedIn,
    Form(f): Form<NewCaseForm>,
) -> Result<Redirect, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    let c = s
        .app
        .open_case(
            &signed.actor,
            NewCase {
                kind: f.kind,
                title: f.title,
                started_on: f.started_on,
                tip_id: None,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/kasus/{}", c.id)))
}
