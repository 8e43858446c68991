//! Attachments in the browser: upload from the case page (a plain `multipart/form-data` form,
//! no script) and download with `Content-Disposition: attachment`, so a file is saved, never
//! rendered inside Sinergi's origin.

use super::case_forms::CaseForm;
use super::case_page::{FormErr, detail_page};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::session::{SignedIn, check_csrf};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_domain::access::Permission;

/// The largest upload the page accepts (the app refuses files over 10 MiB).
pub(crate) const MAX_UPLOAD: usize = 10 * 1024 * 1024 + 64 * 1024;

/// `POST /kasus/{id}/lampiran`: stores the uploaded file with the case.
pub(crate) async fn upload(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    // Who may upload is decided before the body is read.
    signed.actor.require(Permission::ManageCases)?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let parts = crate::multipart::parse(content_type, &body).ok_or(WebError::BadRequest)?;
    let field = |n: &str| parts.iter().find(|p| p.name == n);
    check_csrf(&signed.actor, crate::multipart::text(&parts, "csrf_token"))?;
    let result = match (field("file"), s.settings.data_dir.clone()) {
        (_, None) => Err(AppError::Conflict("attachments_not_configured")),
        (Some(f), Some(dir)) if !f.data.is_empty() => {
            let name = f.file_name.clone().unwrap_or_default();
            s.app
                .add_attachment(&signed.actor, &id, &dir, &name, f.data)
                .await
        }
        _ => Err(AppError::invalid("file", "file_required", "choose a file")),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/kasus/{id}#attachments")).into_response()),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let err = FormErr::new("attachments", lang.t(e.key()));
            let page = detail_page(&s, lang, &signed, &id, Some(err), CaseForm::default()).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /kasus/{id}/lampiran/{file}`: the file, to be saved (never shown inline).
pub(crate) async fn download(
    State(s): State<AppState>,
    signed: SignedIn,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    signed.actor.require(Permission::ViewCases)?;
    let Some(dir) = s.settings.data_dir.clone() else {
        return Err(AppError::NotFound.into());
    };
    let (name, content_type, bytes) = s
        .app
        .read_attachment(&signed.actor, &id, &file, &dir)
        .await?;
    // The stored name keeps only letters, digits, `.`, `-`, `_`: safe inside the quotes.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(CONTENT_DISPOSITION, disposition);
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
