//! The forms of the case page: one handler for every form, told apart by the route's last
//! segment; a refusal re-renders the page with the input kept and the message beside the form.

use super::case_page::{FormErr, detail_page};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::session::{SignedIn, check_csrf};
use axum::Form;
use axum::extract::{MatchedPath, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sinergi_app::AppError;
use sinergi_app::cases::*;
use sinergi_domain::cases::charges::Verdict;

/// Every form of the case page (fields unused by a form stay empty).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CaseForm {
    pub(super) csrf_token: String,
    pub(super) role: String,
    pub(super) name: String,
    pub(super) nik: String,
    pub(super) phone: String,
    pub(super) birth_date: String,
    pub(super) address: String,
    pub(super) investigator: String,
    pub(super) screening_id: String,
    pub(super) person_id: String,
    pub(super) purpose: String,
    pub(super) given_on: String,
    pub(super) to_agency: String,
    pub(super) reason: String,
    pub(super) due_on: String,
    pub(super) override_reason: String,
    pub(super) stage: String,
    pub(super) on: String,
    pub(super) document_no: String,
    pub(super) office: String,
    pub(super) charges: String,
    pub(super) offence_on: String,
    pub(super) number: String,
    pub(super) sentence_months: String,
    pub(super) fine: String,
    pub(super) restitution: String,
    pub(super) service: String,
    pub(super) started_on: String,
    pub(super) ended_on: String,
    pub(super) outcome: String,
    pub(super) simfoni_no: String,
    pub(super) alias: String,
    pub(super) meeting_id: String,
}

/// After a case form: back to the case page, or the page again with the refusal and the input.
async fn after<T>(
    s: &AppState,
    lang: Lang,
    signed: &SignedIn,
    id: &str,
    form: &'static str,
    input: CaseForm,
    result: Result<T, AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/kasus/{id}#{form}")).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let err = FormErr::new(form, lang.t(e.key()));
            let page = detail_page(s, lang, signed, id, Some(err), input).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parses a whole number typed with or without thousands dots (`120.000.000`).
fn number(field: &'static str, s: &str) -> Result<i64, AppError> {
    let digits: String = s.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if digits.is_empty() {
        return Ok(0);
    }
    digits
        .parse()
        .map_err(|_| AppError::invalid(field, "invalid_number", "not a whole number"))
}

/// `POST /kasus/{id}/orang`, `…/skrining`, `…/rapat`, `…/persetujuan`, `…/rujuk`, `…/tahap`, `…/pasal`,
/// `…/putusan`, `…/pendampingan`: every form of the case page, told apart by the route's
/// last segment.
pub(crate) async fn post(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    matched: MatchedPath,
    Path(id): Path<String>,
    Form(f): Form<CaseForm>,
) -> Result<Response, WebError> {
    check_csrf(&signed.actor, &f.csrf_token)?;
    let a = &signed.actor;
    let app = &s.app;
    let form = matched.as_str().rsplit('/').next().unwrap_or_default();
    let (name, result): (&'static str, Result<(), AppError>) = match form {
        "orang" => (
            "people",
            app.add_case_person(
                a,
                &id,
                NewCasePerson {
                    role: f.role.clone(),
                    name: f.name.clone(),
                    nik: opt(&f.nik),
                    phone: opt(&f.phone),
                    address: opt(&f.address),
                    birth_date: opt(&f.birth_date),
                    investigator: opt(&f.investigator),
                    alias: opt(&f.alias),
                    ..NewCasePerson::default()
                },
            )
            .await
            .map(drop),
        ),
        "skrining" => (
            "links",
            app.link_screening(a, &id, f.screening_id.trim())
                .await
                .map(drop),
        ),
        "rapat" => ("links", app.link_meeting(a, &id, f.meeting_id.trim()).await),
        "persetujuan" => (
            "consent",
            app.record_victim_consent(a, &f.person_id, &f.purpose, &f.given_on)
                .await
                .map(drop),
        ),
        "rujuk" => (
            "referrals",
            app.refer_case(
                a,
                &id,
                NewReferral {
                    to_agency: f.to_agency.clone(),
                    purpose: f.purpose.clone(),
                    reason: f.reason.clone(),
                    due_on: f.due_on.clone(),
                    override_reason: opt(&f.override_reason),
                },
            )
            .await
            .map(drop),
        ),
        "tahap" => (
            "legal",
            app.record_legal_step(
                a,
                &f.person_id,
                NewLegalStep {
                    stage: f.stage.clone(),
                    on: f.on.clone(),
                    document_no: f.document_no.clone(),
                    office: f.office.clone(),
                },
            )
            .await
            .map(drop),
        ),
        "pasal" => (
            "legal",
            app.set_charges_text(a, &f.person_id, &f.charges, &f.offence_on)
                .await
                .map(drop),
        ),
        "putusan" => ("legal", record_verdict(&s, a, &f).await),
        "pendampingan" => (
            "assistance",
            app.record_assistance(
                a,
                &id,
                NewAssistance {
                    person_id: opt(&f.person_id),
                    service: f.service.clone(),
                    started_on: f.started_on.clone(),
                    ended_on: opt(&f.ended_on),
                    outcome: f.outcome.clone(),
                    simfoni_no: opt(&f.simfoni_no),
                },
            )
            .await
            .map(drop),
        ),
        _ => return Err(AppError::NotFound.into()),
    };
    after(&s, lang, &signed, &id, name, f, result).await
}

async fn record_verdict(
    s: &AppState,
    actor: &sinergi_app::auth::Actor,
    f: &CaseForm,
) -> Result<(), AppError> {
    // Who may record a verdict is decided before the figures are read.
    actor.require(sinergi_domain::access::Permission::RecordLegalSteps)?;
    let months = number("sentence_months", &f.sentence_months)?;
    let verdict = Verdict {
        number: f.number.trim().to_string(),
        sentence_months: u32::try_from(months)
            .map_err(|_| AppError::invalid("sentence_months", "invalid_number", "out of range"))?,
        fine: number("fine", &f.fine)?,
        restitution: number("restitution", &f.restitution)?,
    };
    if verdict.number.is_empty() {
        return Err(AppError::invalid("number", "required", "verdict number"));
    }
    s.app.set_verdict(actor, &f.person_id, verdict).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        assert_eq!(number("fine", "120.000.000").ok(), Some(120_000_000));
        assert_eq!(number("fine", "").ok(), Some(0));
        assert!(number("fine", "seratus").is_err());
    }
}
