//! Passport screening over HTTP: the JSON API and the pages call the same use cases; the
//! interview keeps the intake documents; only the office that holds an application decides.

use super::support::app;
use axum::http::{Method, StatusCode};
use serde_json::json;
use sinergi_domain::access::Role;
use sinergi_testkit::{PASSWORD, TestWeb, add_user};

/// Adds an immigration officer of `agency` and signs them in over the API.
async fn officer(t: &TestWeb, username: &str, agency: &str) -> String {
    add_user(&t.env.app, username, agency, Role::ImmigrationOfficer).await;
    let res = t
        .api(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({"username": username, "password": PASSWORD})),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()["token"].as_str().expect("token").to_string()
}

#[tokio::test]
async fn applicants_over_the_api_interview_and_decision_by_the_holding_office() {
    let t = app().await;
    let dewi = officer(&t, "dewi", "kanim-malang").await;
    let agus = officer(&t, "agus", "kanim-blitar").await;
    let res = t
        .api(
            Method::POST,
            "/api/v1/applicants",
            Some(&dewi),
            Some(json!({
                "full_name": "Siti Nurhalizah", "nik": "3507045203950002",
                "birth_date": "12/03/1995", "sex": "P", "purpose": "umrah_hajj",
                "destination": "SA", "documents": "ktp,kartu_keluarga"
            })),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let a = res.json();
    let id = a["id"].as_str().expect("id").to_string();
    assert_eq!(a["status"], "new");
    assert!(["low", "medium", "high"].contains(&a["band"].as_str().expect("band")));
    assert!(
        !res.body.contains("/kasus/"),
        "no case links leak: {}",
        res.body
    );

    // The interview without a document list keeps what intake recorded.
    let path = format!("/api/v1/applicants/{id}/interview");
    let iv = json!({"work_type": "domestic", "work_intent": true, "notes": "PRT"});
    let res = t
        .api(Method::POST, &path, Some(&dewi), Some(iv.clone()))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["documents"], json!(["ktp", "kartu_keluarga"]));

    // Another office reads it but neither interviews nor decides.
    let get = t
        .api(
            Method::GET,
            &format!("/api/v1/applicants/{id}"),
            Some(&agus),
            None,
        )
        .await;
    assert_eq!(get.status, StatusCode::OK, "{}", get.body);
    let refuse = json!({"decision": "refuse", "reason": "Tidak sesuai dengan tujuan"});
    let decision = format!("/api/v1/applicants/{id}/decision");
    let res = t
        .api(Method::POST, &decision, Some(&agus), Some(refuse.clone()))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let res = t.api(Method::POST, &path, Some(&agus), Some(iv)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);

    // The holding office decides; the answer is the decided application.
    let res = t
        .api(Method::POST, &decision, Some(&dewi), Some(refuse.clone()))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["status"], "refused");
    assert_eq!(res.json()["decision"], "refuse");
    let again = t
        .api(Method::POST, &decision, Some(&dewi), Some(refuse))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // The page shows the same application with labels, not codes.
    let cookie = t.login("dewi").await;
    let page = t.get(&format!("/prevention/{id}"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ditolak"), "status label");
    assert!(!page.body.contains("umrah_hajj"), "purpose label, not code");
    t.finish().await;
}

#[tokio::test]
async fn the_deferral_notice_and_referral_letter_download_as_pdf() {
    let t = app().await;
    let dewi = officer(&t, "dewi", "kanim-malang").await;
    let res = t
        .api(
            Method::POST,
            "/api/v1/applicants",
            Some(&dewi),
            Some(json!({
                "full_name": "Sari Wulandari", "nik": "3507045203950002",
                "birth_date": "12/03/1995", "sex": "P", "purpose": "tourism",
                "destination": "TW", "documents": "ktp"
            })),
        )
        .await;
    let id = res.json()["id"].as_str().expect("id").to_string();
    let defer = json!({"decision": "defer", "reason": "Mengaku akan bekerja di pabrik",
                       "refer_to": "disnaker-kab-malang"});
    let res = t
        .api(
            Method::POST,
            &format!("/api/v1/applicants/{id}/decision"),
            Some(&dewi),
            Some(defer),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let cookie = t.login("dewi").await;
    // The page names the destination country, not its code.
    let page = t.get(&format!("/prevention/{id}"), &cookie).await;
    assert!(page.body.contains("Taiwan"), "country name on the page");
    for (path, words) in [
        ("notice.pdf", ["Sari Wulandari", "Taiwan", "PNDA-PSP"]),
        (
            "referral-letter.pdf",
            ["Sari Wulandari", "Kepada", "RJK-PMI"],
        ),
    ] {
        let pdf = t.get(&format!("/prevention/{id}/{path}"), &cookie).await;
        assert_eq!(pdf.status, StatusCode::OK, "{path}");
        assert_eq!(pdf.header("content-type"), "application/pdf");
        assert!(
            pdf.header("content-disposition").starts_with("attachment;"),
            "{path} downloads"
        );
        assert!(pdf.body.starts_with("%PDF-"), "{path} is a PDF");
        for w in words {
            assert!(pdf.body.contains(w), "{path} lacks {w}");
        }
    }
    // Another office's officer is refused the letters like the pages.
    add_user(&t.env.app, "wahyu", "iom-indonesia", Role::Caseworker).await;
    let other = t.login("wahyu").await;
    let refused = t.get(&format!("/prevention/{id}/notice.pdf"), &other).await;
    assert_ne!(refused.status, StatusCode::OK);
    t.finish().await;
}
