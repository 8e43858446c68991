//! The coordination journey through the JSON API (in-process), need-to-know over HTTP, and the
//! public tip form with its receipt-status page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use sinergi_app::App;
use sinergi_domain::access::Role;
use sinergi_testkit::{PASSWORD, TestWeb, add_user};
use sinergi_web::WebSettings;
use time::macros::datetime;
use tower::ServiceExt;

async fn token(app: &App, username: &str, agency: &str, role: Role) -> String {
    add_user(app, username, agency, role).await;
    app.login(username, PASSWORD, "test").await.unwrap().token
}

async fn call(
    web: &axum::Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    let mut r = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    let body = if method == "GET" {
        Body::empty()
    } else {
        Body::from(body.to_string())
    };
    let res = web.clone().oneshot(r.body(body).unwrap()).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_coordination_journey_over_the_api() {
    let t = TestWeb::at(datetime!(2026-03-01 03:00 UTC), WebSettings::default()).await;
    let (app, web) = (t.env.app.clone(), t.router.clone());
    let polres = token(&app, "penyidik", "polres-malang", Role::Investigator).await;
    let iom = token(&app, "pendamping", "iom-indonesia", Role::Caseworker).await;
    let batu = token(&app, "koordinator", "pemkot-batu", Role::Coordinator).await;

    let (st, v) = call(&web, "POST", "/api/v1/tips", None, json!({"channel": "portal", "kind": "tppo", "consent": true, "suspect_name": "Mochamad Soetrisno", "narrative": "Ditawari kerja ke Malaysia"})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let receipt = v["receipt"].as_str().unwrap().to_string();
    let (_, v) = call(
        &web,
        "GET",
        &format!("/api/v1/tips/status/{receipt}"),
        None,
        json!({}),
    )
    .await;
    assert_eq!(
        v,
        json!({"receipt": receipt, "status": "received"}),
        "only the status"
    );
    let (_, q) = call(&web, "GET", "/api/v1/tips", Some(&polres), json!({})).await;
    let tip_id = q[0]["id"].as_str().unwrap().to_string();

    let (st, c) = call(&web, "POST", "/api/v1/cases", Some(&polres), json!({"kind": "tppo", "title": "Perekrutan ke Malaysia", "started_on": "2026-02-10", "tip_id": tip_id})).await;
    assert_eq!(st, StatusCode::OK, "{c}");
    let case = c["id"].as_str().unwrap().to_string();
    let (st, _) = call(
        &web,
        "POST",
        &format!("/api/v1/cases/{case}/screenings"),
        Some(&polres),
        json!({"screening_id": "scr-42"}),
    )
    .await;
    // A reference that leads to no screening the caller may link is refused.
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, p) = call(
        &web,
        "POST",
        &format!("/api/v1/cases/{case}/people"),
        Some(&polres),
        json!({"role": "victim", "name": "Sri Wahyuni"}),
    )
    .await;
    let victim = p["id"].as_str().unwrap().to_string();
    let refer = json!({"to_agency": "iom-indonesia", "purpose": "victim_assistance", "reason": "shelter", "due_on": "2026-03-10"});
    let (st, e) = call(
        &web,
        "POST",
        &format!("/api/v1/cases/{case}/referrals"),
        Some(&polres),
        refer.clone(),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"], "consent_required");
    let (st, _) = call(
        &web,
        "POST",
        &format!("/api/v1/cases/{case}/consents"),
        Some(&polres),
        json!({"person_id": victim, "purpose": "victim_assistance", "given_on": "2026-03-01"}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (_, r) = call(
        &web,
        "POST",
        &format!("/api/v1/cases/{case}/referrals"),
        Some(&polres),
        refer,
    )
    .await;
    let referral = r["id"].as_str().unwrap().to_string();
    let (_, inbox) = call(&web, "GET", "/api/v1/referrals", Some(&iom), json!({})).await;
    assert_eq!(inbox[0]["id"], referral.as_str());
    let (_, a) = call(
        &web,
        "POST",
        &format!("/api/v1/referrals/{referral}/action"),
        Some(&iom),
        json!({"event": "accept"}),
    )
    .await;
    assert_eq!(a["state"], "accepted");

    // Need-to-know over HTTP: Pemkot Batu cannot read the case, by id, list or export.
    let (st, _) = call(
        &web,
        "GET",
        &format!("/api/v1/cases/{case}"),
        Some(&batu),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    let (_, list) = call(&web, "GET", "/api/v1/cases", Some(&batu), json!({})).await;
    assert_eq!(list, json!([]));

    let (_, d) = call(
        &web,
        "GET",
        &format!("/api/v1/cases/{case}"),
        Some(&polres),
        json!({}),
    )
    .await;
    let suspect = d["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["role"] == "suspect")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (stage, on) in [
        ("penyelidikan", "2026-02-10"),
        ("penyidikan", "2026-02-15"),
        ("spdp", "2026-02-16"),
        ("tahap_1", "2026-02-20"),
        ("p21", "2026-02-27"),
    ] {
        let (st, v) = call(&web, "POST", &format!("/api/v1/suspects/{suspect}/steps"), Some(&polres), json!({"stage": stage, "on": on, "document_no": format!("B/{stage}"), "office": "Polres Malang"})).await;
        assert_eq!(st, StatusCode::OK, "{stage}: {v}");
    }
    let (st, v) = call(&web, "POST", &format!("/api/v1/suspects/{suspect}/charges"), Some(&polres), json!({"offence_on": "2026-01-20", "sheet": {"combination": "cumulative", "lines": [[{"law": "UU 21/2007", "article": "4"}, {"law": "UU 21/2007", "article": "10"}], [{"law": "UU 18/2017", "article": "81"}]]}})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    // The verdict over the API: a number is required; then it shows in the case.
    let (st, _) = call(
        &web,
        "POST",
        &format!("/api/v1/suspects/{suspect}/verdict"),
        Some(&polres),
        json!({"sentence_months": 36}),
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (st, v) = call(&web, "POST", &format!("/api/v1/suspects/{suspect}/verdict"), Some(&polres), json!({"number": "12/Pid.Sus/2026/PN Kpn", "sentence_months": 36, "fine": 120000000, "restitution": 5000000})).await;
    assert_eq!(st, StatusCode::NO_CONTENT, "{v}");
    let (_, d) = call(
        &web,
        "GET",
        &format!("/api/v1/cases/{case}"),
        Some(&polres),
        json!({}),
    )
    .await;
    assert_eq!(d["legal"][0]["stage"], "p21");
    assert!(!d["links"].to_string().contains("scr-42"));

    let (_, m) = call(&web, "POST", "/api/v1/meetings", Some(&batu), json!({"held_on": "2026-03-01", "title": "Rakor", "attendees": ["polres-malang", "iom-indonesia"], "agenda": "a", "minutes": "m", "decisions": "d"})).await;
    let meeting = m["id"].as_str().unwrap().to_string();
    // Polres attended: it links the meeting to its case.
    let (st, b) = call(
        &web,
        "POST",
        &format!("/api/v1/cases/{case}/meetings"),
        Some(&polres),
        json!({"meeting_id": meeting}),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let (_, d) = call(
        &web,
        "GET",
        &format!("/api/v1/cases/{case}"),
        Some(&polres),
        json!({}),
    )
    .await;
    assert!(d["links"].to_string().contains(&meeting), "{}", d["links"]);
    let (_, item) = call(&web, "POST", &format!("/api/v1/meetings/{meeting}/actions"), Some(&batu), json!({"agency": "polres-malang", "description": "Profil perekrut", "due_on": "2026-02-28"})).await;
    let item = item["id"].as_str().unwrap().to_string();
    let (_, n) = call(
        &web,
        "GET",
        "/api/v1/home-notices",
        Some(&polres),
        json!({}),
    )
    .await;
    assert_eq!(n["overdue_actions"].as_array().unwrap().len(), 1);
    let (st, _) = call(
        &web,
        "POST",
        &format!("/api/v1/actions/{item}/close"),
        Some(&polres),
        json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let (_, n) = call(
        &web,
        "GET",
        "/api/v1/home-notices",
        Some(&polres),
        json!({}),
    )
    .await;
    assert!(n["overdue_actions"].as_array().unwrap().is_empty());
    t.finish().await;
}

#[tokio::test]
async fn the_public_tip_form_gives_a_receipt_and_shows_only_the_status() {
    let t = TestWeb::at(datetime!(2026-03-01 03:00 UTC), WebSettings::default()).await;
    let (_app, web) = (t.env.app.clone(), t.router.clone());
    let res = web
        .clone()
        .oneshot(Request::get("/lapor").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let form = "kind=pmi_np&child_involved=1&suspect_name=Joko&narrative=Anak+dijanjikan+kerja&reporter_contact=";
    let res = web
        .clone()
        .oneshot(
            Request::post("/lapor")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await
        .unwrap();
    let html = String::from_utf8(
        axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    let start = html.find("id=\"tip-receipt\">").unwrap() + 17;
    let receipt = &html[start..start + 11];
    let res = web
        .clone()
        .oneshot(
            Request::get(format!("/lapor/status?kode={receipt}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let html = String::from_utf8(
        axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("Diterima"), "status shown");
    assert!(
        !html.contains("Joko") && !html.contains("dijanjikan"),
        "nothing else shown"
    );
    t.finish().await;
}
