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

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part<'a> {
    name: String,
    file_name: Option<String>,
    data: &'a [u8],
}

/// Splits a `multipart/form-data` body into its parts (RFC 7578); `None` when it is not one.
pub(crate) fn parse_multipart<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    if !content_type.starts_with("multipart/form-data") || boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let d = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut rest = body;
    // Skip the preamble up to the first delimiter.
    let first = find(rest, d)?;
    rest = &rest[first + d.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Some(parts); // the closing delimiter
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let after_head = &rest[head_end + 4..];
        let end = find(after_head, format!("\r\n{delimiter}").as_bytes())?;
        let data = &after_head[..end];
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        let param = |key: &str| {
            disposition.split(';').map(str::trim).find_map(|p| {
                p.strip_prefix(key)
                    .and_then(|v| v.strip_prefix('='))
                    .map(|v| v.trim_matches('"').to_string())
            })
        };
        parts.push(Part {
            name: param("name")?,
            file_name: param("filename"),
            data,
        });
        rest = &after_head[end + 2 + delimiter.len()..];
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

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
    let parts = parse_multipart(content_type, &body).ok_or(WebError::BadRequest)?;
    let field = |n: &str| parts.iter().find(|p| p.name == n);
    let csrf = field("csrf_token")
        .and_then(|p| std::str::from_utf8(p.data).ok())
        .unwrap_or("");
    check_csrf(&signed.actor, csrf)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_upload_splits_into_its_fields() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lp.pdf\"\r\n\
Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n%%EOF\r\n--XyZ--\r\n";
        let parts = parse_multipart("multipart/form-data; boundary=XyZ", body).expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf_token");
        assert_eq!(parts[0].data, b"abc");
        assert_eq!(parts[1].file_name.as_deref(), Some("lp.pdf"));
        assert_eq!(parts[1].data, b"%PDF-1.7\r\n%%EOF");
    }

    #[test]
    fn anything_else_is_refused_without_a_panic() {
        assert!(parse_multipart("application/x-www-form-urlencoded", b"a=1").is_none());
        assert!(parse_multipart("multipart/form-data; boundary=X", b"garbage").is_none());
        assert!(parse_multipart("multipart/form-data; boundary=X", b"--X\r\nno head").is_none());
        assert!(parse_multipart("multipart/form-data; boundary=", b"--\r\n").is_none());
    }
}
