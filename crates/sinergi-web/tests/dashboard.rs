//! `/dasbor` over HTTP: a coordinator sees figures, charts and tables in Bahasa Indonesia (and
//! English on request), downloads a table as CSV with formula cells neutralised; small cells are
//! masked at kecamatan level; roles without the permissions get 403.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;
use sinergi_domain::access::Role;
use sinergi_testkit::TestWeb;

/// "<5" as askama escapes it in text.
const LT5: &str = "&#60;5";

const FORMULA: &str = "=HYPERLINK(\"http://contoh.invalid\",\"klik\")";

#[tokio::test]
async fn coordinator_sees_the_dashboard_and_downloads_neutralised_csv() {
    let t = TestWeb::new().await;
    let app = &t.env.app;
    sinergi_app::cases::seed_demo_cases(app).await.unwrap();
    sinergi_app::dashboard::demo::seed_demo_dashboard(app)
        .await
        .unwrap();
    // The IOM referral of the demo case is overdue; its agency name is made a formula.
    let store = &t.env.db.store;
    let mut iom = store.agency("iom-indonesia").await.unwrap();
    for n in &mut iom.names {
        n.name = FORMULA.into();
    }
    store.upsert_agency(&iom).await.unwrap();
    t.env.actor("rina", "kanwil-jatim", Role::Coordinator).await;
    t.env
        .actor("budi", "polres-malang", Role::Investigator)
        .await;
    t.env.actor("adm", "kanwil-jatim", Role::Admin).await;
    let rina = t.login("rina").await;

    let page = t.get("/dasbor", &rina).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "Dasbor: Jawa Timur",
        "Tren per bulan",
        "Menurut wilayah",
        "Dari laporan sampai putusan",
        "Kabupaten Malang",
        "<svg class=\"chart\"",
        "id=\"dash-corong\"",
        "Unduh tabel (CSV)",
        "01/01/2026",
        "href=\"/dasbor\"",
    ] {
        assert!(page.body.contains(part), "missing {part}");
    }
    assert!(!page.body.contains("dash_"), "an untranslated key");
    assert!(!page.body.contains(">35."), "a region code shown as text");
    assert!(!page.body.contains("src=\"http"), "no third-party resource");
    assert!(!page.body.contains("<script"), "no script");
    assert!(
        !page.body.contains("id=\"dash-small\""),
        "nothing masked for the province"
    );

    let en = t.get("/dasbor?lang=en", &rina).await;
    assert!(en.body.contains("Trend by month") && en.body.contains("From tip to verdict"));

    // Kecamatan breakdown of a kabupaten, and one kecamatan: small cells read "<5".
    let kab = t
        .get("/dasbor?wilayah=35.07&periode=last_12_months", &rina)
        .await;
    assert_eq!(kab.status, StatusCode::OK);
    assert!(kab.body.contains("Dasbor: Kabupaten Malang"));
    assert!(kab.body.contains("id=\"dash-small\"") && kab.body.contains(LT5));
    let kec = t
        .get(
            "/dasbor?wilayah=35.07.04&dari=01/01/2026&sampai=28/11/2026",
            &rina,
        )
        .await;
    assert_eq!(kec.status, StatusCode::OK);
    assert!(kec.body.contains("Dasbor: Sumbermanjing Wetan"));
    assert!(kec.body.contains("id=\"dash-small\""));
    let tds: Vec<&str> = kec.body.split("<td>").skip(1).collect();
    assert!(
        tds.iter().any(|c| c.starts_with(&format!("{LT5}</td>"))),
        "some kecamatan cell is masked"
    );
    // Headline counts about people are never 1-4 there (outreach events are public).
    for figure in kec.body.split("class=\"card figure\"").skip(1) {
        let figure = &figure[..figure.find("</div></div>").unwrap_or(figure.len())];
        if figure.contains("Sosialisasi") {
            continue;
        }
        for small in ["1", "2", "3", "4"] {
            assert!(
                !figure.contains(&format!("<span class=\"number\">{small}</span>")),
                "a headline count of {small} shown for a kecamatan: {figure}"
            );
        }
    }
    let bad = t
        .get("/dasbor?dari=31/02/2026&sampai=01/03/2026", &rina)
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("id=\"dash-error\""));

    // CSV: the table as shown, formula cells neutralised.
    let csv = t
        .get(
            "/dasbor/unduh?tabel=rujukan&wilayah=35&dari=01%2F01%2F2026&sampai=28%2F11%2F2026",
            &rina,
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .contains("sinergi-rujukan-35-2026-01-01")
    );
    assert!(csv.body.starts_with("Lembaga,Jumlah\r\n"), "{}", csv.body);
    assert!(csv.body.contains("\"'=HYPERLINK("), "{}", csv.body);
    for line in csv.body.lines() {
        let first = line.trim_start_matches('"');
        assert!(
            !first.starts_with(['=', '+', '-', '@']),
            "formula cell: {line}"
        );
    }
    let trend = t
        .get("/dasbor/unduh?tabel=tren&wilayah=35.07.04", &rina)
        .await;
    assert_eq!(trend.status, StatusCode::OK);
    assert!(trend.body.starts_with("Bulan,Permohonan paspor,"));
    assert!(
        trend.body.contains("<5"),
        "masked in the CSV too: {}",
        trend.body
    );
    assert_eq!(
        t.get("/dasbor/unduh?tabel=tidak_ada", &rina).await.status,
        StatusCode::NOT_FOUND
    );

    // An investigator sees the dashboard but may not export; an administrator sees neither.
    let budi = t.login("budi").await;
    let page = t.get("/dasbor", &budi).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Unduh tabel"));
    assert_eq!(
        t.get("/dasbor/unduh?tabel=tren", &budi).await.status,
        StatusCode::FORBIDDEN
    );
    let adm = t.login("adm").await;
    assert_eq!(t.get("/dasbor", &adm).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.get("/dasbor/unduh?tabel=tren", &adm).await.status,
        StatusCode::FORBIDDEN
    );
    let home = t.get("/", &adm).await;
    assert!(
        !home.body.contains("href=\"/dasbor\""),
        "no link for the administrator"
    );
    assert_eq!(t.get("/dasbor", "").await.status, StatusCode::SEE_OTHER);
    t.finish().await;
}
