//! `/sosialisasi`: signed-in officers enter outreach events (sosialisasi) that the portal shows.

use super::pages::{EventRow, event_rows};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::{SignedIn, check_csrf};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::portal::outreach::{NewOutreach, kecamatan_choices};
use sinergi_domain::access::Permission;

/// `templates/portal/outreach_form.html`.
#[derive(Template, WebTemplate)]
#[template(path = "portal/outreach_form.html")]
pub(crate) struct OutreachFormPage {
    lang: Lang,
    nav: Option<Nav>,
    csrf_token: String,
    choices: Vec<(String, String, String)>,
    agencies: Vec<(String, String)>,
    events: Vec<EventRow>,
    error: Option<&'static str>,
    saved: bool,
}

async fn page(
    s: &AppState,
    lang: Lang,
    signed: &SignedIn,
    error: Option<&'static str>,
    saved: bool,
) -> Result<OutreachFormPage, WebError> {
    signed.actor.require(Permission::ViewDashboard)?;
    let today = s.app.clock().now_wib().date();
    let mut agencies: Vec<(String, String)> = s
        .app
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name_on(today).to_string()))
        .collect();
    agencies.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(OutreachFormPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        csrf_token: signed.actor.csrf_token.clone(),
        choices: kecamatan_choices(),
        agencies,
        events: event_rows(s.app.upcoming_outreach(None).await?),
        error,
        saved,
    })
}

/// `?disimpan=1` after a successful save.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct SavedQuery {
    disimpan: String,
}

pub(crate) async fn form(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<OutreachFormPage, WebError> {
    page(&s, lang, &signed, None, q.disimpan == "1").await
}

/// The form body: repeated `agencies` fields, so it is read as pairs.
fn parse_body(body: &str) -> (String, NewOutreach) {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap_or_default();
    let mut csrf = String::new();
    let mut n = NewOutreach::default();
    for (k, v) in pairs {
        match k.as_str() {
            "csrf_token" => csrf = v,
            "held_on" => n.held_on = v,
            "start_time" => n.start_time = v,
            "kecamatan_code" => n.kecamatan_code = v,
            "place" => n.place = v,
            "title" => n.title = v,
            "agencies" => n.agencies.push(v),
            "audience" => n.audience = v,
            "expected_audience" => n.expected_audience = v.trim().parse().unwrap_or(0),
            "materials" => n.materials = v,
            _ => {}
        }
    }
    (csrf, n)
}

pub(crate) async fn create(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    body: String,
) -> Result<Response, WebError> {
    let (csrf, new) = parse_body(&body);
    check_csrf(&signed.actor, &csrf)?;
    match s.app.record_outreach(&signed.actor, new).await {
        Ok(_) => Ok(Redirect::to("/sosialisasi?disimpan=1").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let key = match &e {
                AppError::Invalid { field, .. } => match *field {
                    "held_on" => "portal_err_day",
                    "start_time" => "portal_err_time",
                    "kecamatan_code" => "portal_err_kecamatan",
                    "agencies" => "portal_err_agencies",
                    _ => "portal_err_required",
                },
                _ => "portal_err_required",
            };
            Ok(page(&s, lang, &signed, Some(key), false)
                .await?
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_agency_fields_are_all_kept() {
        let (csrf, n) = parse_body(
            "csrf_token=t&agencies=a&agencies=b&expected_audience=x&title=Sosialisasi+desa",
        );
        assert_eq!(csrf, "t");
        assert_eq!(n.agencies, vec!["a", "b"]);
        assert_eq!(n.expected_audience, 0);
        assert_eq!(n.title, "Sosialisasi desa");
    }
}
