//! Who is asking: cookies, the client address, the signed-in actor of a page (session cookie)
//! or of an API call (`Authorization: Bearer`), and CSRF checks.
//!
//! Sessions themselves live in the application layer; this module only carries the token.

use crate::error::WebError;
use crate::{AppState, WebSettings};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::HeaderValue;
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_app::AppError;
use sinergi_app::auth::Actor;
use std::net::SocketAddr;

/// The session cookie.
pub const SESSION_COOKIE: &str = "sinergi_session";
/// The language cookie (`id` or `en`).
pub const LANG_COOKIE: &str = "sinergi_lang";
/// The double-submit CSRF cookie of the login form.
pub const LOGIN_CSRF_COOKIE: &str = "sinergi_login_csrf";

/// The value of cookie `name` in the request, if any.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// A `Set-Cookie` value: always HttpOnly and SameSite=Lax, `Secure` when configured.
/// `max_age` `None` makes a browser-session cookie; `Some(0)` deletes the cookie.
pub(crate) fn cookie_header(
    name: &str,
    value: &str,
    path: &str,
    max_age: Option<i64>,
    settings: &WebSettings,
) -> String {
    let mut s = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    if settings.secure_cookies {
        s.push_str("; Secure");
    }
    s
}

/// Whether the request came over HTTPS through the trusted reverse proxy
/// (`X-Forwarded-Proto: https`; ignored unless `trusted_proxy` is set).
pub(crate) fn forwarded_https(headers: &HeaderMap, settings: &WebSettings) -> bool {
    settings.trusted_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// Adds `; Secure` to every `Set-Cookie` header that lacks it.
pub(crate) fn secure_set_cookies(headers: &mut HeaderMap) {
    let cookies: Vec<_> = headers.get_all(SET_COOKIE).iter().cloned().collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(SET_COOKIE);
    for c in cookies {
        let value = match c.to_str() {
            Ok(text) if !text.contains("; Secure") => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(c)
            }
            _ => c,
        };
        headers.append(SET_COOKIE, value);
    }
}

/// A redirect target after a form, if it is a path on this site: it starts with one `/` and is
/// followed by neither `/` nor `\` (browsers read `/\host` as `//host`), and holds no control
/// characters, scheme or backslash anywhere. Anything else is refused (no open redirect).
pub fn local_redirect(next: &str) -> Option<&str> {
    let bytes = next.as_bytes();
    let ok = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && next.len() <= 512;
    ok.then_some(next)
}

/// Compares two secrets in time that depends only on their lengths.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks the `csrf_token` field of a form posted from a signed-in page.
pub(crate) fn check_csrf(actor: &Actor, given: &str) -> Result<(), WebError> {
    if !given.is_empty() && constant_time_eq(&actor.csrf_token, given) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

/// The address of the connected peer (the throttling and audit "client"), or `unknown` when
/// the server was not started with connect info (in-process tests). Behind the trusted proxy,
/// the last address of `X-Forwarded-For` (the one the proxy itself added).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.settings.trusted_proxy
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok())
        {
            return Ok(ClientAddr(ip.to_string()));
        }
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string()),
        ))
    }
}

/// A signed-in user of the web pages (session cookie). Without a valid session the request is
/// redirected (303) to `/login`.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The actor.
    pub actor: Actor,
    /// The session token from the cookie (needed to sign out).
    pub token: String,
}

/// Why a page could not find its signed-in user.
#[derive(Debug)]
pub enum PageRejection {
    /// No or expired session: go to the sign-in page.
    SignIn,
    /// The session lookup failed.
    Error(WebError),
}

impl IntoResponse for PageRejection {
    fn into_response(self) -> Response {
        match self {
            PageRejection::SignIn => Redirect::to("/login").into_response(),
            PageRejection::Error(e) => e.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = PageRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else {
            return Err(PageRejection::SignIn);
        };
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .map_or_else(|never| match never {}, |c| c.0);
        match state.app.actor_for_token(&token, &client).await {
            Ok(Some(actor)) => Ok(SignedIn { actor, token }),
            Ok(None) => Err(PageRejection::SignIn),
            Err(e) => Err(PageRejection::Error(e.into())),
        }
    }
}

/// A caller of the JSON API, signed in with `Authorization: Bearer <token>`. Without a valid
/// token the answer is 401 `auth_required`.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    /// The actor.
    pub actor: Actor,
    /// The bearer token (needed to end the session).
    pub token: String,
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .ok_or(WebError::App(AppError::Unauthenticated))?;
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .map_or_else(|never| match never {}, |c| c.0);
        match state.app.actor_for_bearer(&token, &client).await? {
            Some(actor) => {
                if actor.scopes.is_some() && writes_through_a_read_scope(parts) {
                    return Err(WebError::App(AppError::Forbidden));
                }
                Ok(ApiCaller { actor, token })
            }
            None => Err(WebError::App(AppError::Unauthenticated)),
        }
    }
}

/// Whether this request changes something (any method but GET/HEAD) on a route whose access
/// rule asks only for read permissions: an API client's read scope never writes, whatever
/// permission a use case happens to check.
fn writes_through_a_read_scope(parts: &Parts) -> bool {
    use crate::access::{Access, ROUTE_ACCESS};
    use sinergi_app::api_clients::is_read_scope;
    if matches!(
        parts.method,
        axum::http::Method::GET | axum::http::Method::HEAD
    ) {
        return false;
    }
    let Some(path) = parts.extensions.get::<axum::extract::MatchedPath>() else {
        return false;
    };
    ROUTE_ACCESS
        .iter()
        .find(|(m, p, _)| *m == parts.method.as_str() && *p == path.as_str())
        .is_some_and(|(_, _, access)| match access {
            Access::Needs(p) => is_read_scope(*p),
            Access::NeedsAny(ps) => ps.iter().all(|p| is_read_scope(*p)),
            Access::Public | Access::SignedIn => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_several() {
        let mut h = HeaderMap::new();
        h.append(COOKIE, HeaderValue::from_static("a=1; sinergi_lang=en"));
        h.append(COOKIE, HeaderValue::from_static("sinergi_session=abc"));
        assert_eq!(cookie(&h, LANG_COOKIE), Some("en"));
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(local_redirect("/kasus/k1"), Some("/kasus/k1"));
        assert_eq!(local_redirect("/kasus?x=1"), Some("/kasus?x=1"));
        for bad in [
            "/\\evil.example",
            "//evil",
            "https://evil.example",
            "https:evil",
            "evil",
            "",
            "/a\\b",
            "/\t/evil",
            "/ /evil",
        ] {
            assert_eq!(local_redirect(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn forwarded_https_needs_the_trusted_proxy_setting() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        let mut s = WebSettings::default();
        assert!(!forwarded_https(&h, &s));
        s.trusted_proxy = true;
        assert!(forwarded_https(&h, &s));
        let mut res = HeaderMap::new();
        res.append(
            SET_COOKIE,
            HeaderValue::from_static("a=1; Path=/; HttpOnly"),
        );
        res.append(SET_COOKIE, HeaderValue::from_static("b=2; Secure"));
        secure_set_cookies(&mut res);
        let all: Vec<_> = res.get_all(SET_COOKIE).iter().collect();
        assert_eq!(all.len(), 2);
        assert!(
            all.iter()
                .all(|v| v.to_str().expect("text").contains("Secure"))
        );
    }

    #[test]
    fn secure_flag_follows_settings() {
        let mut s = WebSettings::default();
        assert!(!cookie_header("n", "v", "/", None, &s).contains("Secure"));
        s.secure_cookies = true;
        let h = cookie_header("n", "v", "/", Some(0), &s);
        assert!(h.contains("; Secure") && h.contains("HttpOnly") && h.contains("Max-Age=0"));
    }
}
