//! Entities over HTTP: proposals with their evidence, merge and undo through the JSON API and the
//! page forms, the person network page, and need-to-know (another agency reads 404).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use sinergi_domain::access::Role;
use sinergi_testkit::TestWeb;

async fn seeded() -> TestWeb {
    let t = TestWeb::new().await;
    sinergi_app::prevention::demo::seed_demo_prevention(&t.env.app)
        .await
        .expect("prevention demo");
    sinergi_app::cases::seed_demo_cases(&t.env.app)
        .await
        .expect("cases demo");
    t
}

/// The keys of Pak Darto and of Darto Sugiharto in the same case, from the proposals.
fn pak_darto_pair(overview: &Value) -> (String, String) {
    let key = |v: &Value| v["key"].as_str().unwrap().to_string();
    overview["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|p| {
            let (a, b) = (&p["a"], &p["b"]);
            let same_case = a["case_id"].is_string() && a["case_id"] == b["case_id"];
            match (a["name"].as_str(), b["name"].as_str()) {
                (Some("Pak Darto"), Some("Darto Sugiharto")) if same_case => Some((key(a), key(b))),
                (Some("Darto Sugiharto"), Some("Pak Darto")) if same_case => Some((key(b), key(a))),
                _ => None,
            }
        })
        .expect("Pak Darto and Darto Sugiharto are proposed")
}

#[tokio::test]
async fn merge_and_undo_through_the_api_with_the_evidence() {
    let t = seeded().await;
    let police = t
        .env
        .token("bambang", "polres-malang", Role::Investigator)
        .await;
    let res = t
        .api(Method::GET, "/api/v1/entity-proposals", Some(&police), None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let overview = res.json();
    let (pak, darto) = pak_darto_pair(&overview);
    assert!(res.body.contains("\"field\":\"phone\",\"level\":\"exact\""));

    let res = t
        .api(
            Method::POST,
            "/api/v1/entity-merges",
            Some(&police),
            Some(json!({"a": pak, "b": darto})),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let merge = res.json();
    assert_eq!(merge["state"], "merged");
    let id = merge["id"].as_str().unwrap().to_string();
    let person = t
        .api(
            Method::GET,
            &format!("/api/v1/entities/{darto}"),
            Some(&police),
            None,
        )
        .await
        .json();
    assert_eq!(person["records"].as_array().unwrap().len(), 2);
    assert_eq!(person["name"], "Darto Sugiharto");

    let undo = format!("/api/v1/entity-merges/{id}/undo");
    let res = t.api(Method::POST, &undo, Some(&police), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["state"], "undone");
    let res = t.api(Method::POST, &undo, Some(&police), None).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(res.json()["error"], "merge_not_active");

    // Another agency: the records do not exist for it.
    let iom = t.env.token("maya", "iom-indonesia", Role::Caseworker).await;
    let res = t
        .api(
            Method::GET,
            &format!("/api/v1/entities/{pak}"),
            Some(&iom),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = t
        .api(
            Method::POST,
            "/api/v1/entity-merges",
            Some(&iom),
            Some(json!({"a": pak, "b": darto})),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    t.finish().await;
}

#[tokio::test]
async fn the_pages_merge_undo_and_draw_the_network_in_words() {
    let t = seeded().await;
    let police = t
        .env
        .token("bambang", "polres-malang", Role::Investigator)
        .await;
    let overview = t
        .api(Method::GET, "/api/v1/entity-proposals", Some(&police), None)
        .await
        .json();
    let (pak, darto) = pak_darto_pair(&overview);
    let cookie = t.login("bambang").await;
    let page = t.get("/orang", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Nomor telepon: sama persis"),
        "{}",
        page.body
    );
    assert!(page.body.contains("sebagian nama sama"));

    let page = t.get(&format!("/orang/{pak}"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.csrf_field();
    let res = t
        .post_form(
            "/orang/gabung",
            &cookie,
            &[
                ("csrf_token", &csrf),
                ("a", &pak),
                ("b", &darto),
                ("back", &pak),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), format!("/orang/{pak}"));
    let page = t.get(&format!("/orang/{pak}"), &cookie).await;
    assert!(page.body.contains("Digabung"), "{}", page.body);
    let marker = "action=\"/orang/batal/";
    let start = page.body.find(marker).expect("an undo form") + marker.len();
    let merge_id = &page.body[start..start + page.body[start..].find('"').unwrap()];
    let res = t
        .post_form(
            &format!("/orang/batal/{merge_id}"),
            &cookie,
            &[("csrf_token", &csrf), ("back", &pak)],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = t.get(&format!("/orang/{pak}"), &cookie).await;
    assert!(
        page.body.contains("Penggabungan dibatalkan"),
        "{}",
        page.body
    );
    // Without the form's token nothing happens.
    let res = t
        .post_form("/orang/gabung", &cookie, &[("a", &pak), ("b", &darto)])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // The network page as immigration: cases, the sponsor applicant, the P3MI, as words.
    t.env
        .token("dewi", "kanim-malang", Role::ImmigrationOfficer)
        .await;
    let cookie = t.login("dewi").await;
    let page = t.get(&format!("/orang/{darto}/jaringan"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for want in [
        "<svg",
        "Rina Marlina",
        "PT Sumber Rezeki Abadi",
        "Pemohon paspor",
    ] {
        assert!(page.body.contains(want), "{want}: {}", page.body);
    }
    assert!(!page.body.contains("Yuliana"), "victims never appear");
    t.finish().await;
}
