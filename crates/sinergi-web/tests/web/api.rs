//! The JSON API's plumbing: health, bearer sessions, error bodies, the OpenAPI document.

use super::support::{app, officer};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use sinergi_testkit::PASSWORD;

#[tokio::test]
async fn healthz_reports_the_database_and_503_when_it_is_gone() {
    let t = app().await;
    let res = t.get("/healthz", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let v = res.json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], t.env.app.backend_name());
    assert!(["sqlite", "postgres"].contains(&t.env.app.backend_name()));
    t.env.app.close().await;
    let res = t.get("/healthz", "").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.json()["status"], "unavailable");
    t.env.db.cleanup().await;
}

#[tokio::test]
async fn api_token_flow() {
    let t = app().await;
    officer(&t, "dewi", "Dewi Petugas").await;
    let creds = serde_json::json!({"username": "dewi", "password": PASSWORD});
    let res = t
        .api(Method::POST, "/api/v1/session", None, Some(creds))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let v = res.json();
    let token = v["token"].as_str().unwrap().to_string();
    assert_eq!(v["user"]["username"], "dewi");
    assert_eq!(v["user"]["role"], "immigration_officer");

    let me = t.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["display_name"], "Dewi Petugas");
    assert!(me.json()["permissions"].as_array().unwrap().len() > 1);

    let agencies = t
        .api(Method::GET, "/api/v1/agencies", Some(&token), None)
        .await
        .json();
    let p2mi = agencies
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "p2mi")
        .unwrap();
    assert!(
        p2mi["name"].as_str().unwrap().contains("KP2MI"),
        "name in force on 29/11/2026"
    );
    assert!(p2mi["names"].as_array().unwrap().len() >= 2, "name history");
    assert!(p2mi["names"][0]["valid_from"].as_str().unwrap().len() == 10);

    let count = t
        .api(Method::GET, "/api/v1/people/count", Some(&token), None)
        .await;
    assert_eq!(count.json()["count"], 0);

    let nik = t
        .api(
            Method::POST,
            "/api/v1/nik/check",
            Some(&token),
            Some(serde_json::json!({"nik": "12345"})),
        )
        .await;
    assert_eq!(nik.status, StatusCode::OK);
    assert_eq!(nik.json()["valid"], false);
    assert_eq!(nik.json()["error"], "nik_wrong_length");

    let bad_json = t
        .send(
            Request::post("/api/v1/session")
                .header("content-type", "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.json()["error"], "bad_request");

    let out = t
        .api(Method::DELETE, "/api/v1/session", Some(&token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let gone = t.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let v = gone.json();
    assert_eq!(v["error"], "auth_required");
    assert_eq!(v["message"], "Silakan masuk terlebih dahulu.");
    assert_eq!(v["request_id"], gone.header("x-request-id"));

    let en = t
        .send(
            Request::get("/api/v1/me")
                .header("accept-language", "en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(en.json()["message"], "Please sign in first.");

    let wrong = t
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(serde_json::json!({"username": "dewi", "password": "salah-sekali-123"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["error"], "auth_bad_credentials");
    t.finish().await;
}

#[tokio::test]
async fn openapi_documents_every_api_route() {
    let t = app().await;
    let res = t.get("/api/openapi.json", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in sinergi_web::api::API_V1_ROUTES {
        assert!(
            paths.get(*path).and_then(|p| p.get(*method)).is_some(),
            "{method} {path} is routed but not documented"
        );
        // And it is really routed: no 404/405 (unauthenticated calls get 401 or 400).
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let res = t.api(m, path, None, Some(serde_json::json!({}))).await;
        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&res.status),
            "{method} {path}: {}",
            res.status
        );
    }
    // Every documented operation is routed somewhere in the crate (the cases area routes its
    // API in its own module).
    let routed = sinergi_testkit::routes_in_sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        sinergi_web::api::API_V1_ROUTES,
    );
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routed.contains(&(method.to_uppercase(), path.clone())),
                "{method} {path} is documented but not routed"
            );
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    t.finish().await;
}
