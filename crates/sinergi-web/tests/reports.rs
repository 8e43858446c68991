//! The task-force report over HTTP: the printable page and the PDF of Kabupaten Malang 2026;
//! the PDF opens (its structure is checked by `sinergi_pdf::inspect`) and every figure in it
//! equals the dashboard's for the same region and year; roles without statistics get 403.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::http::StatusCode;
use calamine::Reader;
use sinergi_app::dashboard::{Cell, DashboardQuery};
use sinergi_domain::access::Role;
use sinergi_domain::region::RegionCode;
use sinergi_testkit::TestWeb;
use time::macros::date;

fn text(c: Cell) -> String {
    match c {
        Cell::Count(n) => n.to_string(),
        Cell::Small => "<5".into(),
        Cell::Hidden => "×".into(),
    }
}

#[tokio::test]
async fn the_report_pdf_of_kabupaten_malang_opens_and_equals_the_dashboard() {
    let t = TestWeb::new().await;
    let app = &t.env.app;
    sinergi_app::cases::seed_demo_cases(app).await.unwrap();
    sinergi_app::dashboard::demo::seed_demo_dashboard(app)
        .await
        .unwrap();
    let rina = t.env.actor("rina", "kanwil-jatim", Role::Coordinator).await;
    t.env.actor("adm", "kanwil-jatim", Role::Admin).await;
    let cookie = t.login("rina").await;

    let page = t
        .get("/laporan-gugus-tugas?wilayah=35.07&tahun=2026", &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "Laporan Tahunan Gugus Tugas PP-TPPO",
        "Kabupaten Malang 2026",
        "01/01/2026 – 31/12/2026",
        "Rapat koordinasi yang diadakan",
        "href=\"/laporan-gugus-tugas\"",
        "/laporan-gugus-tugas/pdf?wilayah=35.07&#38;tahun=2026",
    ] {
        assert!(page.body.contains(part), "missing {part}");
    }
    assert!(!page.body.contains("rep_"), "an untranslated key");

    let res = t
        .get("/laporan-gugus-tugas/pdf?wilayah=3507&tahun=2026", &cookie)
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), "application/pdf");
    let pdf = sinergi_pdf::inspect(&res.bytes).expect("the PDF opens");
    let lines = pdf.lines();
    assert!(
        lines.iter().any(|l| l == "Kabupaten Malang 2026"),
        "{lines:?}"
    );

    let d = app
        .dashboard(
            &rina,
            DashboardQuery {
                region: RegionCode::parse("35.07").unwrap(),
                from: date!(2026 - 01 - 01),
                to: date!(2026 - 12 - 31),
            },
        )
        .await
        .unwrap();
    assert!(d.cases.value().unwrap_or(0) > 0, "the demo has cases");
    let expect = [
        ("Permohonan paspor", text(d.applicants)),
        ("Permohonan yang disaring", text(d.screened)),
        ("Penundaan paspor", text(d.deferred)),
        ("Laporan masyarakat", text(d.tips)),
        ("Perkara", text(d.cases)),
        ("Tersangka dalam perkara tersebut", text(d.suspects)),
        ("Korban didampingi", text(d.assisted)),
        ("Sosialisasi", d.outreach_events.to_string()),
    ];
    for (label, value) in expect {
        let line = format!("{label} | {value}");
        assert!(lines.contains(&line), "missing {line:?} in {lines:?}");
    }
    // Each kecamatan row of the dashboard's breakdown is a row of the report.
    for r in &d.regions {
        if let sinergi_app::dashboard::Area::Region(code) = r.area {
            let name = sinergi_domain::region::lookup(code).unwrap().name();
            let row = format!(
                "{name} | {} | {} | {} | {} | {} | {}",
                text(r.applicants),
                text(r.deferred),
                text(r.tips),
                text(r.cases),
                text(r.assisted),
                r.outreach_events
            );
            assert!(lines.contains(&row), "missing {row:?}");
        }
    }

    // The same report over the JSON API: the summary holds the dashboard's figures.
    let token = cookie.trim_start_matches("sinergi_session=");
    let api = t
        .api(
            axum::http::Method::GET,
            "/api/v1/reports/gugus-tugas?region=3507&year=2026",
            Some(token),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let body = api.json();
    assert_eq!(body["region"], "35.07");
    assert_eq!(body["from"], "2026-01-01");
    let summary = &body["sections"][0]["tables"][0]["rows"];
    assert_eq!(summary[4][0], "Perkara");
    assert_eq!(summary[4][1], text(d.cases));
    let bad = t
        .api(
            axum::http::Method::GET,
            "/api/v1/reports/gugus-tugas?region=3578&year=2026",
            Some(token),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let adm = t.login("adm").await;
    let refused = t.get("/laporan-gugus-tugas/pdf?wilayah=35.07", &adm).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let surabaya = t.get("/laporan-gugus-tugas?wilayah=35.78", &cookie).await;
    assert_eq!(surabaya.status, StatusCode::UNPROCESSABLE_ENTITY);
    t.finish().await;
}

#[tokio::test]
async fn a_dashboard_table_downloads_as_xlsx_with_the_cells_of_its_csv() {
    let t = TestWeb::new().await;
    let app = &t.env.app;
    sinergi_app::dashboard::demo::seed_demo_dashboard(app)
        .await
        .unwrap();
    t.env.actor("rina", "kanwil-jatim", Role::Coordinator).await;
    let cookie = t.login("rina").await;
    let page = t.get("/dasbor?wilayah=35.07", &cookie).await;
    assert!(page.body.contains("Unduh tabel (Excel)"));
    let q = "/dasbor/unduh?tabel=wilayah&wilayah=35.07&dari=01%2F01%2F2026&sampai=30%2F11%2F2026";
    let csv = t.get(q, &cookie).await;
    assert_eq!(csv.status, StatusCode::OK);
    let xlsx = t.get(&format!("{q}&format=xlsx"), &cookie).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(
        xlsx.header("content-disposition")
            .ends_with("sinergi-wilayah-3507-2026-01-01-2026-11-30.xlsx\"")
    );
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx.bytes.clone()))
        .expect("the XLSX opens");
    let name = book.sheet_names()[0].clone();
    assert_eq!(name, "Menurut wilayah");
    let range = book.worksheet_range(&name).unwrap();
    let from_xlsx: Vec<String> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let from_csv: Vec<&str> = csv.body.lines().collect();
    assert!(from_csv.len() > 5, "a row per kecamatan");
    assert_eq!(from_xlsx, from_csv, "the same cells in both");
    let bad = t.get(&format!("{q}&format=pdf"), &cookie).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    t.finish().await;
}
