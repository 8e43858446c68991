//! Sinergi's web layer: HTTP in, use cases of `sinergi-app` out.
//!
//! It serves server-rendered pages (askama templates, Bahasa Indonesia first, usable without
//! JavaScript), a JSON API under `/api/v1` with its OpenAPI document, and `/healthz`. It holds
//! no rules of its own: authorisation, sessions and the audit trail are the application's;
//! this crate extracts the actor, calls one use case and renders the answer or the error.
//!
//! Key decisions:
//! - **One error mapping.** Handlers return [`WebError`]; a middleware renders it in the
//!   request's language with the request id (HTML or JSON). See [`error`].
//! - **One translation table** ([`i18n`]), covering every error key of the application.
//! - **No personal data in logs**: the access log has method, matched route, status and latency
//!   only, never query strings, headers or bodies.
//! - It never depends on `sinergi-store` or `sqlx` (checked by the layer script in CI).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod access;
pub mod api;
mod cases;
pub(crate) mod dashboard;
mod entities;
pub mod error;
pub mod exports;
mod health;
pub mod i18n;
mod imports;
pub mod middleware;
mod multipart;
mod pages;
mod portal;
mod prevention;
pub mod reports;
pub mod session;

pub use error::WebError;
pub use i18n::Lang;

use axum::Router;
use axum::routing::get;
use sinergi_app::App;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when served over HTTPS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// The language when neither `?lang=`, the `sinergi_lang` cookie nor (API only)
    /// `Accept-Language` chooses one.
    pub default_lang: Lang,
    /// Folder where case attachments are stored (`None`: uploads are refused).
    pub data_dir: Option<std::path::PathBuf>,
    /// Sinergi listens behind a reverse proxy whose `X-Forwarded-Proto` and `X-Forwarded-For`
    /// are trusted: cookies get `Secure` on HTTPS requests, throttling sees the real client.
    pub trusted_proxy: bool,
}

impl Default for WebSettings {
    /// Plain-HTTP cookies (local use and tests) and Bahasa Indonesia.
    fn default() -> Self {
        WebSettings {
            secure_cookies: false,
            default_lang: Lang::Id,
            data_dir: None,
            trusted_proxy: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone, Debug)]
pub(crate) struct AppState {
    pub(crate) app: App,
    pub(crate) settings: Arc<WebSettings>,
    pub(crate) metrics: Arc<middleware::Metrics>,
}

/// The whole web application: pages, API, health check, static files and the middleware
/// (request id and access log, security headers, language, error rendering).
pub fn router(app: App, settings: WebSettings) -> Router {
    let metrics = Arc::new(middleware::Metrics::default());
    let state = AppState {
        app,
        settings: Arc::new(settings),
        metrics: metrics.clone(),
    };
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(cases::routes())
        .merge(dashboard::routes())
        .merge(entities::routes())
        .merge(reports::routes())
        .merge(imports::routes())
        .merge(portal::routes())
        .merge(prevention::routes())
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route_layer(axum::middleware::from_fn(middleware::record_matched_path))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::render_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::language,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            middleware::observe,
        ))
        .with_state(state)
}

/// Serves [`router`] on `listener` until `shutdown` resolves, then stops accepting, lets
/// requests in flight finish (graceful shutdown) and closes the application's database pool.
///
/// The peer address of each connection is made available to handlers (sign-in throttling and
/// the audit trail record it).
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    settings: WebSettings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(app.clone(), settings).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await;
    app.close().await;
    result
}
