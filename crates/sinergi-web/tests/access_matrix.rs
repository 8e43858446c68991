//! The access matrix: every route, called as every role of every agency (and anonymously),
//! must allow or deny exactly as `sinergi_web::access::ROUTE_ACCESS` says; and every route the
//! sources register must be in that table, so a route added without a permission fails here.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::{Permission, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_store::testing::TestDatabase;
use sinergi_web::access::{ROUTE_ACCESS, access_of};
use sinergi_web::api::API_V1_ROUTES;
use sinergi_web::{WebSettings, router};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use time::macros::datetime;
use tower::ServiceExt;

const PASSWORD: &str = "matriks-akses-2026";

/// `(METHOD, path)` of every route in the crate's sources, plus the macro-declared API routes.
fn routes_in_sources() -> BTreeSet<(String, String)> {
    sinergi_testkit::routes_in_sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        API_V1_ROUTES,
    )
}

#[test]
fn every_routed_path_has_an_access_rule_and_every_rule_a_route() {
    let in_sources = routes_in_sources();
    assert!(in_sources.len() >= 20, "the scan found {in_sources:?}");
    for (method, path) in &in_sources {
        assert!(
            access_of(method, path).is_some(),
            "{method} {path} is routed but has no entry in access::ROUTE_ACCESS"
        );
    }
    for (method, path, _) in ROUTE_ACCESS {
        assert!(
            in_sources.contains(&(method.to_string(), path.to_string())),
            "access::ROUTE_ACCESS lists {method} {path}, which nothing routes"
        );
    }
}

struct Caller_ {
    label: String,
    username: String,
    token: String,
    csrf: String,
    can: Box<dyn Fn(Permission) -> bool>,
}

fn request(method: &str, path: &str, who: Option<&Caller_>) -> Request<Body> {
    let uri = path.replace("{id}", "0f0e0d0c-0b0a-4909-8807-060504030201");
    let api = path.starts_with("/api/");
    let mut r = Request::builder().method(method).uri(&uri);
    let login_csrf = "0123456789abcdef0123456789abcdef";
    let mut cookies = format!("sinergi_login_csrf={login_csrf}");
    if let Some(c) = who {
        if api {
            r = r.header("authorization", format!("Bearer {}", c.token));
        } else {
            cookies.push_str(&format!("; sinergi_session={}", c.token));
        }
    }
    r = r.header("cookie", cookies);
    let body = match (method, api) {
        ("GET", _) => Body::empty(),
        (_, true) => {
            r = r.header("content-type", "application/json");
            Body::from("{}")
        }
        (_, false) => {
            r = r.header("content-type", "application/x-www-form-urlencoded");
            let csrf = match (path, who) {
                ("/login", _) | (_, None) => login_csrf.to_string(),
                (_, Some(c)) => c.csrf.clone(),
            };
            Body::from(format!("csrf_token={csrf}"))
        }
    };
    r.body(body).unwrap()
}

/// Logging out ends the session the rest of the matrix needs: those routes go last.
fn ends_session(method: &str, path: &str) -> bool {
    path.starts_with("/logout") || (method == "DELETE" && path == "/api/v1/session")
}

#[tokio::test]
async fn every_route_as_every_role_of_every_agency() {
    let db = TestDatabase::new().await.expect("test database");
    let config = AppConfig {
        argon2_memory_kib: 32,
        ..AppConfig::new("unused")
    };
    let clock = Arc::new(FixedClock(datetime!(2026-11-28 08:00 UTC)));
    let app: App = App::from_store(db.store.clone(), config, clock)
        .await
        .expect("app");
    let web = router(app.clone(), WebSettings::default());

    let mut callers = Vec::new();
    for agency in app.agencies().await.unwrap() {
        for role in Role::ALL {
            if !role.fits_agency(agency.kind) {
                continue;
            }
            let username: String = format!("{}.{}", role.code(), agency.code)
                .chars()
                .take(64)
                .collect();
            app.add_user(
                Caller::Operator,
                NewUser {
                    username: username.clone(),
                    display_name: username.clone(),
                    agency_code: agency.code.clone(),
                    role,
                    password: PASSWORD.into(),
                },
            )
            .await
            .unwrap();
            let s = app.login(&username, PASSWORD, "matrix").await.unwrap();
            let actor = s.actor.clone();
            callers.push(Caller_ {
                label: username.clone(),
                username,
                token: s.token,
                csrf: actor.csrf_token.clone(),
                can: Box::new(move |p| actor.can(p)),
            });
        }
    }
    assert!(
        callers.len() > 60,
        "every role of every agency: {}",
        callers.len()
    );

    let mut order: Vec<&(&str, &str, sinergi_web::access::Access)> = ROUTE_ACCESS.iter().collect();
    order.sort_by_key(|(m, p, _)| ends_session(m, p));
    let mut checked = 0;
    let mut failures = Vec::new();

    for (method, path, access) in &order {
        let res = web
            .clone()
            .oneshot(request(method, path, None))
            .await
            .unwrap();
        let status = res.status();
        let to_login = res
            .headers()
            .get("location")
            .is_some_and(|l| l.to_str().unwrap_or("").starts_with("/login"));
        checked += 1;
        if access.allows(None) {
            // A public route may still answer 401 for wrong credentials; never 403 or 5xx.
            let not_ready = *path == "/readyz" && status == StatusCode::SERVICE_UNAVAILABLE;
            if status == StatusCode::FORBIDDEN || (status.is_server_error() && !not_ready) {
                failures.push(format!(
                    "anonymous {method} {path}: {status}, expected allowed"
                ));
            }
        } else if path.starts_with("/api/") {
            if status != StatusCode::UNAUTHORIZED {
                failures.push(format!("anonymous {method} {path}: {status}, expected 401"));
            }
        } else if !(status == StatusCode::SEE_OTHER && to_login) {
            failures.push(format!(
                "anonymous {method} {path}: {status}, expected 303 to /login"
            ));
        }
    }

    for c in &mut callers {
        for (method, path, access) in &order {
            if ends_session(method, path) {
                // Each sign-out gets a fresh session to end.
                let s = app.login(&c.username, PASSWORD, "matrix").await.unwrap();
                c.token = s.token;
                c.csrf = s.actor.csrf_token;
            }
            let res = web
                .clone()
                .oneshot(request(method, path, Some(c)))
                .await
                .unwrap();
            let status = res.status();
            let to_login = res
                .headers()
                .get("location")
                .is_some_and(|l| l.to_str().unwrap_or("").starts_with("/login"));
            checked += 1;
            let allowed = access.allows(Some(&*c.can));
            let public = matches!(access, sinergi_web::access::Access::Public);
            // A readiness probe answers 503 while the screening index is rebuilt after a
            // change made by an earlier call: that is its answer, not a failure of access.
            let not_ready = *path == "/readyz" && status == StatusCode::SERVICE_UNAVAILABLE;
            let ok = if status.is_server_error() && !not_ready {
                false
            } else if allowed && public {
                status != StatusCode::FORBIDDEN
            } else if allowed {
                // Signing out legitimately lands on /login; any other route must not.
                status != StatusCode::FORBIDDEN
                    && status != StatusCode::UNAUTHORIZED
                    && (!to_login || ends_session(method, path))
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{} {method} {path}: {status}, expected {}",
                    c.label,
                    if allowed { "allowed" } else { "403" }
                ));
            }
        }
    }
    eprintln!("access matrix: {checked} calls, {} callers", callers.len());
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    db.cleanup().await;
}
