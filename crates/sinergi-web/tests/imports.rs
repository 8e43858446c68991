//! Imports over HTTP: an XLSX of two sheets with bad rows is uploaded, previewed, mapped and
//! imported; the bad rows are listed by sheet, row and column and download as XLSX and CSV;
//! a second run of the same file adds nothing and reuses the remembered mapping.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use calamine::Reader;
use sinergi_domain::access::Role;
use sinergi_testkit::{Resp, TestWeb};
use sinergi_web::exports::{Sheet, xlsx};

/// A multipart upload of `file` as `name` with the import form's fields.
async fn upload(
    t: &TestWeb,
    cookie: &str,
    csrf: &str,
    kind: &str,
    name: &str,
    file: &[u8],
) -> Resp {
    let mut body = Vec::new();
    for (field, value) in [("csrf_token", csrf), ("jenis", kind), ("sumber", "")] {
        body.extend(
            format!(
                "--B0undary\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    body.extend(
        format!(
            "--B0undary\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .bytes(),
    );
    body.extend(file);
    body.extend(b"\r\n--B0undary--\r\n");
    let req = Request::post("/impor")
        .header("cookie", cookie)
        .header("content-type", "multipart/form-data; boundary=B0undary")
        .body(Body::from(body))
        .unwrap();
    t.send(req).await
}

/// Waits until the job page no longer says it is running.
async fn finished(t: &TestWeb, cookie: &str, path: &str) -> Resp {
    for _ in 0..2000 {
        let page = t.get(path, cookie).await;
        if page.headers.get("refresh").is_none() {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    panic!("the import did not finish");
}

fn text(s: &str) -> String {
    s.to_string()
}

fn workbook() -> Vec<u8> {
    let person = |no: &str, name: &str, born: &str| vec![text(no), text(name), text(born)];
    xlsx(&[
        Sheet {
            name: "Januari".into(),
            headers: vec![text("No"), text("Nama Lengkap"), text("Tgl Lahir")],
            rows: vec![
                person("1", "Siti Aminah", "12/03/1990"),
                person("2", "Budi Santoso", "01/07/1985"),
                person("3", "", "05/05/1995"),
                person("4", "Dewi Lestari", "20/10/2000"),
            ],
        },
        Sheet {
            name: "Februari".into(),
            headers: vec![text("No"), text("Nama Lengkap"), text("Tgl Lahir")],
            rows: vec![
                person("5", "Agus Salim", "31/02/1990"),
                person("6", "=HYPERLINK(\"http://contoh.invalid\")", "02/02/1992"),
            ],
        },
    ])
}

fn location(res: &Resp) -> String {
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.header("location").to_string()
}

#[tokio::test]
async fn an_xlsx_with_bad_rows_imports_once_and_lists_them_by_sheet_row_and_column() {
    let t = TestWeb::new().await;
    t.env.actor("sari", "kanim-malang", Role::Supervisor).await;
    t.env.actor("adm", "kanwil-jatim", Role::Admin).await;
    let cookie = t.login("sari").await;
    let index = t.get("/impor", &cookie).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("Impor data dari Excel atau CSV"));
    assert!(index.body.contains("href=\"/impor\""), "in the menu");
    let csrf = index.csrf_field();

    let file = workbook();
    let job = location(&upload(&t, &cookie, &csrf, "people", "data pmi.xlsx", &file).await);
    let preview = t.get(&job, &cookie).await;
    assert_eq!(preview.status, StatusCode::OK);
    for part in [
        "Lembar Januari · 4 baris",
        "Lembar Februari · 2 baris",
        "Siti Aminah",
        "<option value=\"Nama Lengkap\" selected>Nama Lengkap</option>",
        "Pilihan kolom ditebak",
    ] {
        assert!(preview.body.contains(part), "missing {part}");
    }
    // A required field left out is refused with the form kept.
    let start = format!("{job}/mulai");
    let refused = t
        .post_form(
            &start,
            &cookie,
            &[("csrf_token", &csrf), ("kolom_id", "No")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Pilih kolom untuk setiap isian wajib")
    );
    let mapping = [
        ("csrf_token", csrf.as_str()),
        ("sumber", "Dukcapil uji"),
        ("kolom_id", "No"),
        ("kolom_full_name", "Nama Lengkap"),
        ("kolom_birth_date", "Tgl Lahir"),
    ];
    location(&t.post_form(&start, &cookie, &mapping).await);
    let done = finished(&t, &cookie, &job).await;
    assert!(done.body.contains("id=\"imp-added\">4<"), "{}", done.body);
    assert!(done.body.contains("id=\"imp-refused\">2<"));
    assert!(
        done.body
            .contains("<td>Januari</td><td>4</td><td>B (Nama Lengkap)</td><td>Isian wajib kosong: Nama lengkap</td>"),
        "{}",
        done.body
    );
    assert!(done.body.contains(
        "<td>Februari</td><td>2</td><td>C (Tgl Lahir)</td><td>Isian tidak sah: Tanggal lahir</td>"
    ));

    // The same job over the JSON API.
    let token = cookie.trim_start_matches("sinergi_session=");
    let id = job.trim_start_matches("/impor/");
    let api = t
        .api(
            Method::GET,
            &format!("/api/v1/imports/{id}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let body = api.json();
    assert_eq!(
        (body["state"].as_str(), body["added"].as_i64()),
        (Some("done"), Some(4))
    );
    assert_eq!(body["problems"][0]["sheet"], "Januari");
    assert_eq!(body["problems"][0]["row"], 4);
    assert_eq!(body["problems"][0]["column"], "B");
    assert_eq!(body["problems"][0]["reason"], "empty");
    let list = t
        .api(Method::GET, "/api/v1/imports", Some(token), None)
        .await;
    assert_eq!(list.json().as_array().map(Vec::len), Some(1));

    // The bad rows as XLSX and CSV.
    let x = t.get(&format!("{job}/masalah?format=xlsx"), &cookie).await;
    assert_eq!(x.status, StatusCode::OK);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(x.bytes.clone()))
        .expect("the XLSX opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["Lembar", "Baris", "Kolom", "Masalah"]);
    assert_eq!(rows[1][..3], ["Januari", "4", "B (Nama Lengkap)"]);
    let c = t.get(&format!("{job}/masalah?format=csv"), &cookie).await;
    assert!(
        c.body
            .starts_with("Lembar,Baris,Kolom,Masalah\r\nJanuari,4,")
    );

    // The same file again: nothing added, the mapping remembered for the source.
    let job2 = location(&upload(&t, &cookie, &csrf, "people", "Dukcapil uji.xlsx", &file).await);
    let preview = t.get(&job2, &cookie).await;
    assert!(
        preview
            .body
            .contains("Pilihan kolom diambil dari impor terakhir")
    );
    assert!(
        preview
            .body
            .contains("<option value=\"Tgl Lahir\" selected>")
    );
    location(
        &t.post_form(&format!("{job2}/mulai"), &cookie, &mapping)
            .await,
    );
    let done = finished(&t, &cookie, &job2).await;
    assert!(done.body.contains("id=\"imp-added\">0<"), "{}", done.body);
    assert!(done.body.contains("id=\"imp-present\">4<"));

    // The list of imports downloads too; its formula-like cells stay text.
    let list = t.get("/impor/unduh?format=xlsx", &cookie).await;
    assert_eq!(
        list.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(list.bytes.clone()))
        .expect("the list opens");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    assert_eq!(range.rows().count(), 3, "a header and two jobs");

    // Someone who may import nothing gets 403.
    let adm = t.login("adm").await;
    assert_eq!(t.get("/impor", &adm).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get(&job, &adm).await.status, StatusCode::FORBIDDEN);
    t.finish().await;
}
