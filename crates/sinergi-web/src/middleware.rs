//! Cross-cutting layers: request id and access log, security headers, language choice and
//! error rendering.

use crate::error::ErrorReport;
use crate::i18n::Lang;
use crate::session::{ClientAddr, LANG_COOKIE, SESSION_COOKIE, cookie, cookie_header};
use crate::{AppState, pages};
use axum::Json;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY,
    SET_COOKIE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sinergi_app::ops::{Histogram, HistogramSnapshot};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The response header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of one request: shown on error pages and in JSON errors, and in every log line
/// about the request, so a user's report can be matched to the log.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl RequestId {
    fn new() -> Self {
        // 64 random bits are plenty to tell requests apart and short enough to read aloud.
        let simple = uuid::Uuid::new_v4().simple().to_string();
        RequestId(simple.chars().take(16).collect())
    }
}

/// Request figures per matched route for `/metrics`: counts by status class and a latency
/// histogram. Keys are route templates (`/kasus/{id}`), never concrete URIs, so the number of
/// series is bounded and no identifier reaches the metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<HashMap<(String, String), Arc<RouteStats>>>,
    in_flight: AtomicI64,
}

#[derive(Debug, Default)]
struct RouteStats {
    /// 1xx..5xx at 0..4.
    by_class: [AtomicU64; 5],
    latency: Histogram,
}

/// The figures of one route, as `/metrics` prints them.
#[derive(Debug, Clone)]
pub struct RouteFigures {
    /// HTTP method.
    pub method: String,
    /// Route template, or `<unmatched>`.
    pub route: String,
    /// Requests per status class (`2xx`, …) with at least one request.
    pub by_class: Vec<(&'static str, u64)>,
    /// Latency.
    pub latency: HistogramSnapshot,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, took: std::time::Duration) {
        let stats = {
            let Ok(mut map) = self.routes.lock() else {
                return;
            };
            map.entry((method.to_string(), route.to_string()))
                .or_default()
                .clone()
        };
        let class = usize::from((status / 100).clamp(1, 5) - 1);
        stats.by_class[class].fetch_add(1, Ordering::Relaxed);
        stats.latency.observe(took);
    }

    /// Requests being served now.
    pub fn in_flight(&self) -> i64 {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Every route seen so far, sorted by route then method.
    pub fn routes(&self) -> Vec<RouteFigures> {
        const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];
        let Ok(map) = self.routes.lock() else {
            return Vec::new();
        };
        let mut out: Vec<RouteFigures> = map
            .iter()
            .map(|((method, route), s)| RouteFigures {
                method: method.clone(),
                route: route.clone(),
                by_class: CLASSES
                    .iter()
                    .zip(&s.by_class)
                    .map(|(c, n)| (*c, n.load(Ordering::Relaxed)))
                    .filter(|(_, n)| *n > 0)
                    .collect(),
                latency: s.latency.snapshot(),
            })
            .collect();
        out.sort_by(|a, b| (&a.route, &a.method).cmp(&(&b.route, &b.method)));
        out
    }
}

/// Outermost layer: gives the request an id, counts it in [`Metrics`], and logs one line when
/// it ends with method, matched route, status and latency. Never the query string, headers or
/// body: they may hold personal data (a NIK, a name, a session token).
pub(crate) async fn observe(
    State(metrics): State<Arc<Metrics>>,
    mut req: Request,
    next: Next,
) -> Response {
    let id = RequestId::new();
    req.extensions_mut().insert(id.clone());
    let method = req.method().clone();
    let started = Instant::now();
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let mut res = next.run(req).await;
    metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let route = res
        .extensions()
        .get::<MatchedPath>()
        .map_or("<unmatched>", MatchedPath::as_str)
        .to_string();
    let status = res.status().as_u16();
    let took = started.elapsed();
    metrics.record(method.as_str(), &route, status, took);
    let latency_ms = took.as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::error!(request_id = %id.0, %method, route, status, latency_ms, "request");
    } else {
        tracing::info!(request_id = %id.0, %method, route, status, latency_ms, "request");
    }
    if let Ok(v) = HeaderValue::from_str(&id.0) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), v);
    }
    res
}

/// Route layer: copies the matched route template (`/api/v1/me`, never the concrete URI) into
/// the response so the access log can name it.
pub(crate) async fn record_matched_path(req: Request, next: Next) -> Response {
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(m) = matched {
        res.extensions_mut().insert(m);
    }
    res
}

/// The `Content-Security-Policy` of every response: nothing from elsewhere, no inline script,
/// no framing.
pub const CSP: &str = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/// Adds the security headers to every response, and `Cache-Control: no-store` unless the
/// handler chose a cache policy (pages carry personal data; shared office PCs are common).
/// Cookies set on a request that arrived over HTTPS through the trusted proxy get `Secure`.
pub(crate) async fn security_headers(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let https = crate::session::forwarded_https(req.headers(), &state.settings);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if https && !state.settings.secure_cookies {
        crate::session::secure_set_cookies(h);
    }
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The language of a request: `?lang=` (which also sets the `sinergi_lang` cookie), else the
/// cookie, else (for the JSON API only) `Accept-Language`, else the configured default.
///
/// Pages ignore `Accept-Language` on purpose: Bahasa Indonesia is the default and English is
/// given on request (the switch), not because an office PC runs an English browser.
pub(crate) async fn language(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let from_query = req
        .uri()
        .query()
        .and_then(|q| {
            q.split('&')
                .filter_map(|pair| pair.strip_prefix("lang="))
                .next_back()
        })
        .and_then(Lang::parse);
    let lang = from_query
        .or_else(|| cookie(req.headers(), LANG_COOKIE).and_then(Lang::parse))
        .or_else(|| {
            if !req.uri().path().starts_with("/api/") {
                return None;
            }
            req.headers()
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(state.settings.default_lang);
    req.extensions_mut().insert(lang);
    // The language switch is a bare `?lang=` link: when it was pressed on the same page with
    // a query of its own (filters, a period, a page number), go back to that page with its query
    // in the chosen language instead of losing it.
    let back = match from_query {
        Some(_) if req.method() == axum::http::Method::GET => {
            same_page_with_query(req.headers(), req.uri().path())
        }
        _ => None,
    };
    let mut res = match back {
        Some(to) => axum::response::Redirect::to(&to).into_response(),
        None => next.run(req).await,
    };
    if let Some(chosen) = from_query {
        let set = cookie_header(
            LANG_COOKIE,
            chosen.code(),
            "/",
            Some(365 * 24 * 3600),
            &state.settings,
        );
        if let Ok(v) = HeaderValue::from_str(&set) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

/// The same-origin page the request came from, when it is this path with a query that carries no
/// `lang=` (a `Referer` under `Referrer-Policy: same-origin` is only sent by our own pages).
fn same_page_with_query(headers: &axum::http::HeaderMap, path: &str) -> Option<String> {
    let referer = headers.get(axum::http::header::REFERER)?.to_str().ok()?;
    let after_scheme = referer.split_once("://")?.1;
    let path_and_query = &after_scheme[after_scheme.find('/')?..];
    let (ref_path, query) = path_and_query.split_once('?')?;
    let host = headers.get(axum::http::header::HOST)?.to_str().ok()?;
    let same_host = after_scheme
        .strip_prefix(host)
        .is_some_and(|rest| rest.starts_with('/'));
    let clean = !query.is_empty()
        && !query.split('&').any(|p| p.starts_with("lang="))
        && !query.contains('#');
    (same_host
        && clean
        && ref_path == path
        && crate::session::local_redirect(path_and_query).is_some())
    .then(|| path_and_query.to_string())
}

/// The JSON error body of the API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    /// The stable error key, e.g. `auth_required`.
    pub error: String,
    /// The message in the request's language.
    pub message: String,
    /// The request id, as in the server log.
    pub request_id: String,
    /// The input field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Turns an [`ErrorReport`] left by a handler into a translated page (or JSON under `/api/`),
/// and logs its internal detail with the request id.
pub(crate) async fn render_errors(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let lang = req.extensions().get::<Lang>().copied().unwrap_or_default();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map_or_else(String::new, |r| r.0.clone());
    let api = req.uri().path().starts_with("/api/");
    let path = req.uri().path().to_string();
    let (mut parts, body) = req.into_parts();
    let token = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string);
    let client = ClientAddr::from_request_parts(&mut parts, &state)
        .await
        .map_or_else(|never| match never {}, |c| c.0);
    let req = Request::from_parts(parts, body);
    let mut res = next.run(req).await;
    let report = res.extensions_mut().remove::<ErrorReport>();
    let key = match &report {
        Some(r) => r.key,
        None if res.status() == axum::http::StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        None => return res,
    };
    if let Some(detail) = report.as_ref().and_then(|r| r.detail.as_ref()) {
        tracing::error!(request_id = %request_id, key = key, detail = %detail, "request failed");
    }
    // A signed-in person keeps the menu on an error page (and may ask for emergency access
    // to a case that is not shared with the agency).
    let actor = match (&token, api) {
        (Some(t), false) => state.app.actor_for_token(t, &client).await.ok().flatten(),
        _ => None,
    };
    let field = report.and_then(|r| r.field);
    let (res_parts, _) = res.into_parts();
    let body = if api {
        Json(ApiErrorBody {
            error: key.to_string(),
            message: lang.t(key).to_string(),
            request_id: request_id.to_string(),
            field: field.map(str::to_string),
        })
        .into_response()
    } else {
        let offer = actor
            .as_ref()
            .filter(|_| res_parts.status == axum::http::StatusCode::NOT_FOUND)
            .and_then(|a| pages::errors::break_glass_offer(a, &path));
        pages::errors::page(
            lang,
            key,
            &request_id,
            res_parts.status,
            actor.as_ref().map(pages::Nav::of),
            offer,
        )
    };
    with_body(res_parts, body)
}

/// `parts` (status, headers) with the body and content type of `body`.
fn with_body(mut parts: axum::http::response::Parts, body: Response) -> Response {
    let (body_parts, body) = body.into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    if let Some(ct) = body_parts.headers.get(CONTENT_TYPE) {
        parts.headers.insert(CONTENT_TYPE, ct.clone());
    }
    Response::from_parts(parts, body)
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Lang>().copied().unwrap_or_default())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(String::new())))
    }
}
