//! The public tip form (`/lapor`) and the receipt-code status page (`/lapor/status`): no
//! sign-in; the status page shows the status of the tip with that code and nothing else.

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::ClientAddr;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use serde::Deserialize;
use sinergi_app::AppError;
use sinergi_app::cases::public_tip::{PublicTip, location_choices};
use sinergi_domain::cases::tip::TipStatus;

/// `templates/cases/tip_form.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/tip_form.html")]
pub(crate) struct TipFormPage {
    lang: Lang,
    nav: Option<Nav>,
    receipt: Option<String>,
    error: Option<&'static str>,
    /// The location picker: Malang Raya kecamatan `(code, name)`.
    locations: Vec<(String, &'static str)>,
}

/// `templates/cases/tip_status.html`.
#[derive(Template, WebTemplate)]
#[template(path = "cases/tip_status.html")]
pub(crate) struct TipStatusPage {
    lang: Lang,
    nav: Option<Nav>,
    code: String,
    status: Option<&'static str>,
}

/// The form fields (checkboxes are present only when ticked).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TipForm {
    kind: String,
    child_involved: Option<String>,
    imminent_danger: Option<String>,
    consent: Option<String>,
    suspect_name: String,
    narrative: String,
    reporter_contact: String,
    location: String,
    /// The honeypot (hidden from people).
    website: String,
}

pub(crate) async fn form(lang: Lang) -> TipFormPage {
    TipFormPage {
        lang,
        nav: None,
        receipt: None,
        error: None,
        locations: location_choices(),
    }
}

pub(crate) async fn submit(
    State(s): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    Form(f): Form<TipForm>,
) -> Result<TipFormPage, WebError> {
    // An anonymous reporter chooses neither channel nor region beyond the location picker;
    // what they say about urgency is a statement for triage (see `submit_public_tip`).
    let tip = PublicTip {
        kind: f.kind,
        child_involved: f.child_involved.is_some(),
        imminent_danger: f.imminent_danger.is_some(),
        consent: f.consent.is_some(),
        location: f.location,
        suspect_name: f.suspect_name,
        narrative: f.narrative,
        reporter_contact: f.reporter_contact,
        website: f.website,
    };
    let page = |receipt, error| TipFormPage {
        lang,
        nav: None,
        receipt,
        error,
        locations: location_choices(),
    };
    match s.app.submit_public_tip(&client, tip).await {
        Ok(receipt) => Ok(page(Some(receipt), None)),
        Err(e @ (AppError::Invalid { .. } | AppError::Throttled)) => {
            Ok(page(None, Some(lang.t(e.key()))))
        }
        Err(e) => Err(e.into()),
    }
}

/// `?kode=` on the status page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct StatusQuery {
    kode: String,
}

pub(crate) async fn status(
    State(s): State<AppState>,
    lang: Lang,
    Query(q): Query<StatusQuery>,
) -> Result<TipStatusPage, WebError> {
    let code: String = q.kode.chars().take(20).collect();
    let status = if code.is_empty() {
        None
    } else {
        match s.app.tip_status(&code).await {
            Ok(st) => Some(match st.status {
                TipStatus::Received => "tip_status_received",
                TipStatus::Assigned => "tip_status_assigned",
                TipStatus::Duplicate => "tip_status_duplicate",
                TipStatus::CaseOpened => "tip_status_case_opened",
                TipStatus::Closed => "tip_status_closed",
            }),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e.into()),
        }
    };
    Ok(TipStatusPage {
        lang,
        nav: None,
        code,
        status,
    })
}
