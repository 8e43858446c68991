//! `POST /api/v1/nik/check`: is a NIK well formed, and what does it encode.
//!
//! The NIK is personal data: it comes in the body (never the URL), is not stored, not audited
//! as a value and not logged; the answer shows it masked.

use crate::error::WebError;
use crate::i18n::Lang;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use serde::{Deserialize, Serialize};
use sinergi_domain::nik::Nik;
use utoipa::ToSchema;

/// Body of `POST /api/v1/nik/check`.
#[derive(Deserialize, ToSchema)]
pub struct NikCheckRequest {
    /// The NIK (16 digits; spaces, dots and dashes are tolerated).
    pub nik: String,
}

/// What a NIK says, or why it is not valid.
#[derive(Debug, Serialize, ToSchema)]
pub struct NikCheckResponse {
    /// Whether the NIK is well formed and consistent.
    pub valid: bool,
    /// Why not: a stable key such as `nik_wrong_length`.
    pub error: Option<String>,
    /// Why not, in the request's language.
    pub message: Option<String>,
    /// The NIK with its birth-date digits hidden.
    pub masked: Option<String>,
    /// Province of issue.
    pub province: Option<String>,
    /// Kabupaten/kota of issue.
    pub kabupaten_kota: Option<String>,
    /// Kecamatan of issue.
    pub kecamatan: Option<String>,
    /// `m` or `f`, as encoded in the day digits.
    pub sex: Option<String>,
}

/// Checks a NIK's structure (characters, length, region, date, serial).
#[utoipa::path(
    post,
    path = "/api/v1/nik/check",
    tag = "checks",
    security(("bearer" = [])),
    request_body = NikCheckRequest,
    responses(
        (status = 200, description = "The result of the check (valid or not)", body = NikCheckResponse),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn check(
    lang: Lang,
    _caller: ApiCaller,
    body: Result<Json<NikCheckRequest>, JsonRejection>,
) -> Result<Json<NikCheckResponse>, WebError> {
    let Json(body) = body.map_err(|_| WebError::BadRequest)?;
    Ok(Json(match Nik::parse(&body.nik) {
        Ok(nik) => NikCheckResponse {
            valid: true,
            error: None,
            message: None,
            masked: Some(nik.masked()),
            province: Some(nik.province_name().to_string()),
            kabupaten_kota: Some(nik.kabupaten_kota_name().to_string()),
            kecamatan: Some(nik.kecamatan_name().to_string()),
            sex: Some(nik.sex().code().to_string()),
        },
        Err(e) => NikCheckResponse {
            valid: false,
            error: Some(e.key().to_string()),
            // The domain owns the NIK messages in both languages (they quote the offending
            // part, which only the caller sees).
            message: Some(match lang {
                Lang::Id => e.message_id(),
                Lang::En => e.message_en(),
            }),
            masked: None,
            province: None,
            kabupaten_kota: None,
            kecamatan: None,
            sex: None,
        },
    }))
}
