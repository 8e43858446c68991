//! The OpenAPI document against the router: every `/api/v1` route the sources register is
//! documented with its method (no known gaps), every documented operation is routed, operation
//! ids are unique (client generators need that), every answer has a typed body (errors the
//! common one), and the document passes a standard validator
//! (`openapi-spec-validator`, installed by `.ci/run`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;
use serde_json::Value;
use sinergi_testkit::{TestWeb, routes_in_sources};
use std::collections::BTreeMap;
use std::path::Path;

/// Operation ids used more than once, and operations without one (`METHOD path`).
fn operation_id_problems(doc: &Value) -> Vec<String> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let here = format!("{} {path}", method.to_uppercase());
            match op["operationId"].as_str() {
                None => problems.push(format!("{here} has no operationId")),
                Some(id) => {
                    if let Some(first) = seen.insert(id.to_string(), here.clone()) {
                        problems.push(format!("operationId `{id}` is used by {first} and {here}"));
                    }
                }
            }
        }
    }
    problems
}

/// Answers without a schema: every 2xx answer but 204 names its body, every error answer but
/// 413 (refused before a handler runs) is the common error body (`METHOD path status`).
fn untyped_answers(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            for (status, answer) in op["responses"].as_object().into_iter().flatten() {
                let here = format!("{} {path} {status}", method.to_uppercase());
                let contents: Vec<&Value> = answer["content"]
                    .as_object()
                    .map(|c| c.values().collect())
                    .unwrap_or_default();
                let typed =
                    !contents.is_empty() && contents.iter().all(|c| c["schema"].is_object());
                if status.starts_with('2') && status != "204" && !typed {
                    problems.push(format!("{here}: no typed body"));
                }
                let error_body = answer["content"]["application/json"]["schema"]["$ref"]
                    .as_str()
                    .is_some_and(|r| r.ends_with("/ApiErrorBody"));
                if (status.starts_with('4') || status.starts_with('5'))
                    && status != "413"
                    && !error_body
                {
                    problems.push(format!("{here}: not the common error body"));
                }
            }
        }
    }
    problems
}

#[tokio::test]
async fn the_document_matches_the_router_and_passes_a_validator() {
    let t = TestWeb::new().await;
    let res = t.get("/api/openapi.json", "").await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    let routed: Vec<(String, String)> = routes_in_sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        sinergi_web::api::API_V1_ROUTES,
    )
    .into_iter()
    .filter(|(_, p)| p.starts_with("/api/v1/") || p == "/api/v1")
    .collect();
    assert!(routed.len() >= 10, "the scan found {routed:?}");
    let paths = doc["paths"].as_object().unwrap();
    let undocumented: Vec<_> = routed
        .iter()
        .filter(|(m, p)| {
            paths
                .get(p)
                .and_then(|item| item.get(m.to_lowercase()))
                .is_none()
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "routed but not documented: {undocumented:?}"
    );
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routed.contains(&(method.to_uppercase(), path.clone())),
                "{method} {path} is documented but not routed"
            );
        }
    }
    let problems = operation_id_problems(&doc);
    assert!(problems.is_empty(), "{problems:#?}");
    let untyped = untyped_answers(&doc);
    assert!(untyped.is_empty(), "{untyped:#?}");
    validate_with_standard_tool(&res.body);
    t.finish().await;
}

/// The uniqueness check can fail: a planted clash is reported.
#[test]
fn a_clashing_operation_id_is_reported() {
    let doc = serde_json::json!({"paths": {
        "/a": {"post": {"operationId": "create"}},
        "/b": {"post": {"operationId": "create"}, "get": {}}
    }});
    let problems = operation_id_problems(&doc);
    assert_eq!(problems.len(), 2, "{problems:?}");
}

/// The typing check can fail: an answer without a schema and an error without the common
/// body are reported; a 204 without a body and a typed answer are not.
#[test]
fn an_untyped_answer_is_reported() {
    let error = serde_json::json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiErrorBody"}}}});
    let doc = serde_json::json!({"paths": {"/a": {
        "get": {"responses": {
            "200": {"description": "x"},
            "404": {"description": "x"},
            "401": error,
        }},
        "post": {"responses": {
            "200": {"content": {"application/json": {"schema": {"type": "string"}}}},
            "204": {"description": "x"},
        }},
    }}});
    let problems = untyped_answers(&doc);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("GET /a 200"), "{problems:?}");
    assert!(problems[1].contains("GET /a 404"), "{problems:?}");
}

/// Runs `openapi-spec-validator` on a document: `None` when the validator (or python3) is not
/// there, else its verdict with its output.
fn standard_validator(json: &str, name: &str) -> Option<Result<(), String>> {
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&file, json).unwrap();
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named") {
        return None;
    }
    if out.status.success() {
        Some(Ok(()))
    } else {
        let stdout = String::from_utf8_lossy(&out.stdout);
        Some(Err(format!("{stdout}\n{stderr}")))
    }
}

/// In CI (`CI=true`, which `.ci/run` sets) a missing validator fails the test; elsewhere the
/// test says how to install it and what was not checked.
fn validator_missing() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !ci,
        "openapi-spec-validator is not installed (.ci/run installs it)"
    );
    eprintln!("not validated by openapi-spec-validator (pip install openapi-spec-validator)");
}

/// Runs `openapi-spec-validator` on the document and fails on its complaints.
fn validate_with_standard_tool(json: &str) {
    match standard_validator(json, "openapi.json") {
        Some(Ok(())) => {}
        Some(Err(out)) => panic!("the OpenAPI document is invalid:\n{out}"),
        None => validator_missing(),
    }
}

#[test]
fn the_standard_validator_rejects_a_broken_document() {
    // Two operations share an id and a path parameter is not declared: both invalid.
    let broken = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/a/{id}": {"get": {"operationId": "create", "responses": {"200": {"description": "ok"}}}},
        "/b": {"post": {"operationId": "create", "responses": {"200": {"description": "ok"}}}}}}"#;
    match standard_validator(broken, "broken-openapi.json") {
        Some(verdict) => assert!(verdict.is_err(), "the validator accepted a broken document"),
        None => validator_missing(),
    }
}
