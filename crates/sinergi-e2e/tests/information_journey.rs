//! Information journeys in headless Chromium: a coordinator opens the Malang Raya dashboard,
//! changes the period, downloads a chart's table as XLSX and the task-force report as PDF; an
//! immigration supervisor imports an Excel file with a bad row and reads where it is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::Reader;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::domain::access::Role;
use sinergi_app::{App, AppConfig};
use sinergi_e2e::{Browser, TestServer};
use sinergi_store::testing::TestDatabase;
use sinergi_web::WebSettings;
use sinergi_web::exports::{Sheet, xlsx};
use std::sync::Arc;

const PASSWORD: &str = "kata-sandi-rahasia-42";

async fn app_with(db: &TestDatabase, users: &[(&str, &str, Role)]) -> App {
    let config = AppConfig {
        argon2_memory_kib: 64,
        ..AppConfig::new("unused")
    };
    let app = App::from_store(
        db.store.clone(),
        config,
        Arc::new(sinergi_app::domain::clock::SystemClock),
    )
    .await
    .expect("app");
    for (u, agency, role) in users {
        app.add_user(
            Caller::Operator,
            NewUser {
                username: (*u).into(),
                display_name: (*u).into(),
                agency_code: (*agency).into(),
                role: *role,
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("user");
    }
    app
}

/// The rows of the first sheet of a workbook, as text.
fn sheet_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).expect("XLSX opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_changes_the_dashboard_period_and_downloads_a_table_and_the_report() {
    let db = TestDatabase::new().await.expect("test database");
    let app = app_with(&db, &[("koordinator", "kanwil-jatim", Role::Coordinator)]).await;
    sinergi_app::dashboard::demo::seed_demo_dashboard(&app)
        .await
        .expect("demo history");
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let b = Browser::launch().await.expect("browser");
    b.sign_in(&server, "koordinator", PASSWORD).await;

    // The dashboard from the menu; Kabupaten Malang over a period of its own.
    b.click("header nav a[href='/dasbor']").await;
    assert!(b.text("h1").await.contains("Jawa Timur"));
    b.choose("#d-region", "35.07").await;
    b.fill("#d-from", "01/03/2026").await;
    b.fill("#d-to", "30/09/2026").await;
    b.click("#d-submit").await;
    assert_eq!(b.text("h1").await, "Dasbor: Kabupaten Malang");
    assert_eq!(
        b.text("#dash-period").await,
        "Periode 01/03/2026 – 30/09/2026"
    );
    // The regions chart's table, as the page shows it and as the XLSX holds it.
    let shown = b.text("#dash-wilayah table tbody tr").await;
    let rows = sheet_rows(b.download("#dash-wilayah a.dash-xlsx").await);
    assert_eq!(rows[0][0], "Wilayah", "{rows:?}");
    assert!(rows.len() > 5, "a row per kecamatan: {rows:?}");
    let first = rows[1].join(" ");
    assert_eq!(
        shown, first,
        "the first row of the page is the first of the file"
    );
    // A preset period from the same form.
    b.click("button[name='periode'][value='last_month']").await;
    assert!(
        b.text("#dash-period")
            .await
            .starts_with("Periode 01/11/2026")
    );

    // The task-force report of Kabupaten Malang, printable and as PDF.
    b.click("header nav a[href='/laporan-gugus-tugas']").await;
    b.choose("#r-region", "35.07").await;
    b.click("#r-submit").await;
    assert!(
        b.text(".report-region")
            .await
            .starts_with("Kabupaten Malang")
    );
    let pdf = sinergi_pdf::inspect(&b.download("#rep-pdf").await).expect("the PDF opens");
    assert!(
        pdf.lines()
            .iter()
            .any(|l| l.starts_with("Kabupaten Malang "))
    );

    b.close().await.unwrap();
    server.stop().await.unwrap();
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_excel_import_with_a_bad_row_in_the_browser() {
    let db = TestDatabase::new().await.expect("test database");
    let app = app_with(&db, &[("supervisor", "kanim-malang", Role::Supervisor)]).await;
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data warga.xlsx");
    let row = |no: &str, name: &str, born: &str| vec![no.to_string(), name.into(), born.into()];
    std::fs::write(
        &file,
        xlsx(&[Sheet {
            name: "Januari".into(),
            headers: ["No", "Nama Lengkap", "Tanggal Lahir"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                row("1", "Siti Aminah", "12/03/1990"),
                row("2", "", "01/07/1985"),
                row("3", "Dewi Lestari", "20/10/2000"),
                row("4", "Budi Santoso", "05/05/1995"),
            ],
        }]),
    )
    .unwrap();
    let b = Browser::launch().await.expect("browser");
    b.sign_in(&server, "supervisor", PASSWORD).await;

    b.click("header nav a[href='/impor']").await;
    b.choose("#imp-kind", "people").await;
    b.fill("#imp-source", "Dukcapil Kabupaten Malang").await;
    b.attach_file("#imp-file", &file).await;
    b.click("#imp-submit").await;
    // The preview, with the columns guessed from the headers.
    assert!(b.text("h1").await.contains("data warga.xlsx"));
    assert!(b.page_text().await.contains("Siti Aminah"));
    let chosen = b
        .js("return document.querySelector('#kolom-full_name').value;")
        .await;
    assert_eq!(chosen, "Nama Lengkap");
    b.click("#imp-start").await;
    // The progress page refreshes itself until the outcome is there.
    assert_eq!(b.text_after_reloads("#imp-added").await, "3");
    assert_eq!(b.text("#imp-refused").await, "1");
    let problem = b.text("#imp-problems tbody tr").await;
    assert_eq!(
        problem,
        "Januari 3 B (Nama Lengkap) Isian wajib kosong: Nama lengkap"
    );
    let rows = sheet_rows(b.download("#imp-problems-xlsx").await);
    assert_eq!(rows[1][..3], ["Januari", "3", "B (Nama Lengkap)"]);

    b.close().await.unwrap();
    server.stop().await.unwrap();
    db.cleanup().await;
}
