//! The two official letters as PDF downloads (`/prevention/{id}/notice.pdf`,
//! `/prevention/{id}/referral-letter.pdf`), built from the same content as their printable
//! pages: letterhead, number and subject, place and date, the body, the signature block.

use super::applicant::{NoticePage, notice_page};
use super::letters::{ReferralLetterPage, referral_letter_page};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::session::SignedIn;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sinergi_pdf::{Document, Style};

/// One letter as the PDF lays it out.
struct Letter<'a> {
    lang: Lang,
    head: &'a [String],
    number: &'a str,
    subject: &'static str,
    place_date: &'a str,
    to: Option<&'a str>,
    before: Vec<String>,
    facts: Vec<(&'static str, String)>,
    after: Vec<String>,
    list: Vec<String>,
    closing: Vec<String>,
    office: &'a str,
    officer: &'a str,
}

impl Letter<'_> {
    fn to_pdf(&self) -> Vec<u8> {
        let lang = self.lang;
        let mut doc = Document::new(self.subject);
        for (i, line) in self.head.iter().enumerate() {
            let style = Style::body().center().space_after(1.0);
            let style = if i + 1 == self.head.len() {
                style.bold().size(12.0)
            } else {
                style.size(11.0)
            };
            doc.paragraph(line, style);
        }
        doc.letterhead_rule();
        doc.paragraph(
            &format!("{} : {}", lang.t("letter_number"), self.number),
            Style::body().space_after(1.0),
        );
        doc.paragraph(
            &format!("{} : {}", lang.t("letter_subject"), self.subject),
            Style::body(),
        );
        doc.paragraph(self.place_date, Style::body().right());
        if let Some(to) = self.to {
            doc.paragraph(lang.t("referral_letter_to"), Style::body().space_after(1.0));
            doc.paragraph(to, Style::body().bold());
        }
        for p in &self.before {
            doc.paragraph(p, Style::body());
        }
        for (label, value) in &self.facts {
            doc.paragraph(
                &format!("{} : {value}", lang.t(label)),
                Style::body().indent(20.0).space_after(2.0),
            );
        }
        doc.space(4.0);
        for p in &self.after {
            doc.paragraph(p, Style::body());
        }
        for (i, item) in self.list.iter().enumerate() {
            doc.paragraph(
                &format!("{}. {item}", i + 1),
                Style::body().indent(20.0).space_after(2.0),
            );
        }
        for p in &self.closing {
            doc.paragraph(p, Style::body());
        }
        let sign = Style::body().indent(260.0).space_after(2.0);
        doc.space(12.0);
        doc.paragraph(
            &format!("{} {}", lang.t("letter_on_behalf"), self.office),
            sign,
        );
        doc.space(48.0);
        let officer = if self.officer.is_empty() {
            "........................................"
        } else {
            self.officer
        };
        doc.paragraph(officer, sign.bold());
        doc.paragraph(lang.t("letter_officer"), sign);
        doc.to_bytes()
    }
}

/// A PDF download named after the letter's number.
fn pdf_response(bytes: Vec<u8>, stem: &str, number: &str) -> Response {
    let safe: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}-{safe}.pdf\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}

fn notice_letter(p: &NoticePage) -> Letter<'_> {
    let lang = p.lang;
    let mut after = vec![lang.t("notice_body").to_string(), p.reason.clone()];
    if !p.missing.is_empty() {
        after.push(lang.t("notice_missing").to_string());
    }
    let mut closing = vec![format!(
        "{} {}. {}",
        lang.t("notice_deadline"),
        p.deadline,
        lang.t("notice_after")
    )];
    if let Some(r) = &p.referred_to {
        closing.push(format!("{} {r}.", lang.t("notice_referred")));
    }
    closing.push(lang.t("notice_safe_migration").to_string());
    Letter {
        lang,
        head: &p.letterhead,
        number: &p.reference,
        subject: lang.t("notice_title"),
        place_date: &p.place_date,
        to: None,
        before: Vec::new(),
        facts: vec![
            ("users_name", p.name.clone()),
            ("prevention_birth_date", p.birth_date.clone()),
            (
                "prevention_purpose",
                format!("{} ({})", p.purpose, p.destination),
            ),
        ],
        after,
        list: p.missing.iter().map(|m| m.to_string()).collect(),
        closing,
        office: &p.office,
        officer: &p.officer,
    }
}

fn referral_letter(p: &ReferralLetterPage) -> Letter<'_> {
    let lang = p.lang;
    Letter {
        lang,
        head: &p.letterhead,
        number: &p.number,
        subject: lang.t("referral_letter_title"),
        place_date: &p.place_date,
        to: Some(&p.to),
        before: vec![lang.t("referral_letter_body").to_string()],
        facts: vec![
            ("users_name", p.name.clone()),
            ("prevention_birth_date", p.birth_date.clone()),
            (
                "prevention_purpose",
                format!("{} ({})", p.purpose, p.destination),
            ),
            ("prevention_reason", p.reason.clone()),
        ],
        after: vec![lang.t("referral_letter_request").to_string()],
        list: Vec::new(),
        closing: Vec::new(),
        office: &p.office,
        officer: &p.officer,
    }
}

/// `GET /prevention/{id}/notice.pdf`.
pub(crate) async fn notice_pdf(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let page = notice_page(&state, lang, &signed, &id).await?;
    let bytes = notice_letter(&page).to_pdf();
    Ok(pdf_response(bytes, "surat-penundaan", &page.reference))
}

/// `GET /prevention/{id}/referral-letter.pdf`.
pub(crate) async fn referral_letter_pdf(
    State(state): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let page = referral_letter_page(&state, lang, &signed, &id).await?;
    let bytes = referral_letter(&page).to_pdf();
    Ok(pdf_response(bytes, "surat-rujukan", &page.number))
}
