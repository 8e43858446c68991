//! The officer's workspace over HTTP: a refused case form keeps the typed input and the menu;
//! an officer denied a case is offered break-glass on the denial page and then reads the case
//! under a banner; tips are triaged from the page (assign, close); a case is opened without a
//! tip; the verdict is recorded from the case page.

use axum::http::StatusCode;
use sinergi_domain::access::Role;
use sinergi_testkit::{TestWeb, add_user};

/// The case id in a redirect to `/kasus/{id}`.
fn case_id_of(location: &str) -> String {
    location
        .trim_start_matches("/kasus/")
        .split('#')
        .next()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn an_officer_works_a_case_from_the_pages_alone() {
    let t = TestWeb::new().await;
    let app = &t.env.app;
    add_user(app, "bambang", "polres-malang", Role::Investigator).await;
    add_user(app, "lestari", "kejari-kab-malang", Role::Prosecutor).await;
    let polres = t.login("bambang").await;

    // A case opened without a tip, from the list page's form.
    let list = t.get("/kasus", &polres).await;
    assert!(
        list.body.contains("form-new-case"),
        "the list offers a new case"
    );
    let csrf = list.csrf_field();
    let res = t
        .post_form(
            "/kasus",
            &polres,
            &[
                ("csrf_token", &csrf),
                ("kind", "pmi_np"),
                ("title", "Rujukan Imigrasi: calon PMI tanpa dokumen"),
                ("started_on", "2026-11-20"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let case = case_id_of(res.header("location"));
    let page = t.get(&format!("/kasus/{case}"), &polres).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("PMI non-prosedural"), "kind as a label");

    // A refused form: the page comes back with the message beside the form, the typed
    // input and the menu.
    let res = t
        .post_form(
            &format!("/kasus/{case}/orang"),
            &polres,
            &[
                ("csrf_token", &csrf),
                ("role", "suspect"),
                ("name", "Darto Sugiharto"),
                ("nik", "12345"),
                ("phone", "0812-3456-7890"),
                ("investigator", "polri"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("id=\"person-error\""),
        "message beside the form"
    );
    assert!(
        res.body.contains("value=\"Darto Sugiharto\""),
        "typed name kept"
    );
    assert!(
        res.body.contains("value=\"0812-3456-7890\""),
        "typed phone kept"
    );
    assert!(res.body.contains("action=\"/logout\""), "the menu stays");

    // The same person with a valid form, then the legal process to the verdict.
    let res = t
        .post_form(
            &format!("/kasus/{case}/orang"),
            &polres,
            &[
                ("csrf_token", &csrf),
                ("role", "suspect"),
                ("name", "Darto Sugiharto"),
                ("investigator", "polri"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = t.get(&format!("/kasus/{case}"), &polres).await;
    let marker = "data-person=\"";
    let at = page.body.find(marker).expect("a suspect card") + marker.len();
    let suspect = page.body[at..at + 36].to_string();
    assert!(
        page.body
            .contains("<option value=\"penyelidikan\">Penyelidikan</option>"),
        "the first stages are offered by name"
    );
    assert!(
        !page.body.contains("<option value=\"p21\">"),
        "a stage that cannot come next is not offered"
    );
    for (stage, on) in [("penyelidikan", "2026-11-20"), ("penyidikan", "2026-11-25")] {
        let res = t
            .post_form(
                &format!("/kasus/{case}/tahap"),
                &polres,
                &[
                    ("csrf_token", &csrf),
                    ("person_id", &suspect),
                    ("stage", stage),
                    ("on", on),
                    ("document_no", "B/12/XI/2026/Satreskrim"),
                    ("office", "Polres Malang"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{stage}: {}", res.body);
    }
    let res = t
        .post_form(
            &format!("/kasus/{case}/pasal"),
            &polres,
            &[
                ("csrf_token", &csrf),
                ("person_id", &suspect),
                ("charges", "Pasal 81 UU 18/2017"),
                ("offence_on", "2026-11-01"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res = t
        .post_form(
            &format!("/kasus/{case}/putusan"),
            &polres,
            &[
                ("csrf_token", &csrf),
                ("person_id", &suspect),
                ("number", "88/Pid.Sus/2026/PN Kpn"),
                ("sentence_months", "30"),
                ("fine", "50.000.000"),
                ("restitution", "10.000.000"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = t.get(&format!("/kasus/{case}"), &polres).await;
    assert!(page.body.contains("88/Pid.Sus/2026/PN Kpn"));
    assert!(page.body.contains("Rp50.000.000"), "fine in rupiah");
    assert!(page.body.contains("mencatat putusan"), "history in words");
    assert!(!page.body.contains("legal.verdict"), "no event codes");

    // The prosecutor's office is not shared on this case: "not found", with the menu and an
    // offer of emergency access; asking opens the case under a banner.
    let kejari = t.login("lestari").await;
    let denied = t.get(&format!("/kasus/{case}"), &kejari).await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
    assert!(
        denied.body.contains("action=\"/logout\""),
        "the menu on the denial page"
    );
    assert!(
        denied.body.contains("id=\"form-break-glass\""),
        "{}",
        denied.body
    );
    let csrf_k = denied.csrf_field();
    let res = t
        .post_form(
            "/break-glass",
            &kejari,
            &[
                ("csrf_token", &csrf_k),
                ("kind", "case"),
                ("id", &case),
                ("next", &format!("/kasus/{case}")),
                ("reason", "Korban anak dalam bahaya, perlu segera"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), format!("/kasus/{case}"));
    let page = t.get(&format!("/kasus/{case}"), &kejari).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"break-glass-banner\""));
    t.finish().await;
}

#[tokio::test]
async fn tips_are_triaged_from_the_page() {
    let t = TestWeb::new().await;
    let app = &t.env.app;
    add_user(app, "bambang", "polres-malang", Role::Investigator).await;
    sinergi_app::cases::seed_demo_cases(app)
        .await
        .expect("demo cases");
    let polres = t.login("bambang").await;
    let page = t.get("/kasus/laporan", &polres).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.csrf_field();
    // The first open tip's actions.
    let marker = "action=\"/kasus/laporan/";
    let at = page.body.find(marker).expect("an open tip") + marker.len();
    let tip = page.body[at..at + 36].to_string();
    let res = t
        .post_form(
            &format!("/kasus/laporan/{tip}/tutup"),
            &polres,
            &[("csrf_token", &csrf), ("reason", "")],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );
    assert!(res.body.contains("class=\"error\""));
    let res = t
        .post_form(
            &format!("/kasus/laporan/{tip}/tugaskan"),
            &polres,
            &[("csrf_token", &csrf), ("agency", "polres-batu")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let all = t.get("/kasus/laporan?semua=1", &polres).await;
    assert!(
        all.body.contains("Kepolisian Resor Batu"),
        "assigned agency by name"
    );
    t.finish().await;
}

#[tokio::test]
async fn attachments_are_uploaded_and_downloaded_in_the_browser() {
    let dir = std::env::temp_dir().join(format!("sinergi-att-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let t = TestWeb::with_settings(sinergi_web::WebSettings {
        data_dir: Some(dir.clone()),
        ..sinergi_web::WebSettings::default()
    })
    .await;
    add_user(&t.env.app, "bambang", "polres-malang", Role::Investigator).await;
    let polres = t.login("bambang").await;
    let csrf = t.get("/kasus", &polres).await.csrf_field();
    let res = t
        .post_form(
            "/kasus",
            &polres,
            &[
                ("csrf_token", &csrf),
                ("kind", "tppo"),
                ("title", "Berkas laporan polisi"),
                ("started_on", "2026-11-20"),
            ],
        )
        .await;
    let case = case_id_of(res.header("location"));
    let upload = |file: &'static [u8], name: &'static str| {
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--b0undary\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n\
                 --b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n--b0undary--\r\n");
        axum::http::Request::post(format!("/kasus/{case}/lampiran"))
            .header("cookie", &polres)
            .header("content-type", "multipart/form-data; boundary=b0undary")
            .body(axum::body::Body::from(body))
            .expect("request")
    };
    // Not a PDF: refused beside the form, nothing stored.
    let res = t.send(upload(b"<html>not a pdf</html>", "lp.pdf")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"attachment-error\""));
    let res = t
        .send(upload(b"%PDF-1.7\nlaporan polisi\n%%EOF\n", "LP 12-XI.pdf"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = t.get(&format!("/kasus/{case}"), &polres).await;
    let marker = format!("/kasus/{case}/lampiran/");
    let at = page.body.find(&marker).expect("a download link") + marker.len();
    let file = page.body[at..at + 36].to_string();
    let res = t
        .get(&format!("/kasus/{case}/lampiran/{file}"), &polres)
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), "application/pdf");
    assert!(
        res.header("content-disposition")
            .starts_with("attachment; filename=\"LP12-XI.pdf\"")
    );
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert!(res.body.contains("laporan polisi"));
    // Another agency's officer cannot fetch it by its address.
    add_user(&t.env.app, "lestari", "kejari-kab-malang", Role::Prosecutor).await;
    let kejari = t.login("lestari").await;
    let res = t
        .get(&format!("/kasus/{case}/lampiran/{file}"), &kejari)
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    t.finish().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_language_switch_keeps_the_page_and_its_query() {
    let t = TestWeb::new().await;
    let send = |referer: &'static str| {
        axum::http::Request::get("/informasi/izin?lang=en")
            .header("host", "sinergi.test")
            .header("referer", referer)
            .body(axum::body::Body::empty())
            .expect("request")
    };
    // Pressed on the same page with a query: back to that page, in English.
    let res = t
        .send(send("https://sinergi.test/informasi/izin?q=sinar+jaya"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/informasi/izin?q=sinar+jaya");
    assert!(res.header("set-cookie").contains("sinergi_lang=en"));
    // Another host, another path or no query: the page is served as asked (no redirect).
    for other in [
        "https://elsewhere.test/informasi/izin?q=x",
        "https://sinergi.test/kasus?q=x",
        "https://sinergi.test/informasi/izin",
        "https://sinergi.test.evil/informasi/izin?q=x",
    ] {
        let res = t.send(send(other)).await;
        assert_ne!(res.status, StatusCode::SEE_OTHER, "{other}");
    }
    t.finish().await;
}
