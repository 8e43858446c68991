//! Crash safety: the server is killed with SIGKILL (no shutdown, no flush) during a burst of
//! applicant recordings and case updates, and during a bulk import; after a restart every
//! acknowledged write is there, every stored record has its audit row, nothing is half written,
//! the audit chain verifies, and the import resumes without duplicates. SQLite by default,
//! PostgreSQL with `SINERGI_TEST_DATABASE_URL`.

mod common;

use common::{Db, Server, demo_accounts, http, login, sinergi, sinergi_cmd, temp_dir, text};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

async fn rows(url: &str, sql: &str) -> Vec<String> {
    use sqlx::{Connection, Row};
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(url).await.expect("connect");
    let out = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_all(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("text column"))
        .collect();
    let _ = c.close().await;
    out
}

async fn count(url: &str, sql: &str) -> i64 {
    use sqlx::{Connection, Row};
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(url).await.expect("connect");
    let n = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<i64, _>(0)
        .expect("count");
    let _ = c.close().await;
    n
}

fn applicant_json(source_ref: &str, i: usize) -> String {
    format!(
        "{{\"source_ref\":\"{source_ref}\",\"full_name\":\"Crash Pemohon {i}\",\
         \"birth_date\":\"1990-01-{:02}\",\"sex\":\"P\",\"purpose\":\"tourism\",\
         \"destination\":\"MY\",\"passport_type\":\"biasa\"}}",
        i % 28 + 1
    )
}

/// A demo installation with data, and its accounts.
async fn installation(label: &str) -> (std::path::PathBuf, Db, Vec<(String, String)>) {
    let dir = temp_dir(label);
    let db = Db::fresh(&dir, label).await;
    let data = dir.join("data");
    let out = sinergi(&data, &db.url, &["demo", "--no-serve", "--people", "300"]);
    assert!(out.status.success(), "{}", text(&out));
    let accounts = demo_accounts(&out);
    assert!(accounts.len() >= 5, "accounts: {accounts:?}");
    (dir, db, accounts)
}

/// A case the investigator may update, and a CSRF token of the case page.
fn case_and_csrf(addr: &str, cookie: &str, candidates: &[String]) -> (String, String) {
    for id in candidates {
        if let Some((200, _, body)) = http(
            addr,
            "GET",
            &format!("/kasus/{id}"),
            &[("Cookie", cookie)],
            "",
        ) && let Some(start) = body.find("name=\"csrf_token\" value=\"")
        {
            let rest = &body[start + 25..];
            let token = rest[..rest.find('"').expect("quote")].to_string();
            return (id.clone(), token);
        }
    }
    panic!("no case page open to the investigator");
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_during_a_burst_of_recordings_and_case_updates_loses_no_acknowledged_write() {
    burst("burst").await;
}

/// `add_case_person` writes the person, its audit row and the case event in one transaction:
/// a kill at any moment leaves no person without its audit row.
#[tokio::test(flavor = "multi_thread")]
async fn sigkill_during_case_updates_leaves_no_case_person_without_its_audit_row() {
    burst("burstcase").await;
}

/// The burst scenario: after the kill and a restart, every acknowledged recording and case update
/// is there, and every stored one has its audit row (and a case update its case event).
async fn burst(label: &str) {
    let (dir, db, accounts) = installation(label).await;
    let data = dir.join("data");
    let server = Server::start(&data, &db.url);
    let addr = server.addr.clone();
    let officer = login(&addr, &accounts, "petugas.imigrasi");
    let cookie = format!("sinergi_session={}", login(&addr, &accounts, "penyidik"));
    let cases = rows(&db.url, "SELECT id FROM cases ORDER BY id").await;
    let (case_id, csrf) = case_and_csrf(&addr, &cookie, &cases);

    let stop = Arc::new(AtomicBool::new(false));
    let (acks, acked) = std::sync::mpsc::channel::<char>();
    let acked_applicants = Arc::new(Mutex::new(Vec::<String>::new()));
    let acked_people = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();
    for t in 0..3 {
        let (stop, acked, addr, auth, acks) = (
            stop.clone(),
            acked_applicants.clone(),
            addr.clone(),
            format!("Bearer {officer}"),
            acks.clone(),
        );
        workers.push(std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let body = applicant_json(&format!("crash-{t}-{i}"), i);
                let headers = [
                    ("Authorization", auth.as_str()),
                    ("Content-Type", "application/json"),
                ];
                match http(&addr, "POST", "/api/v1/applicants", &headers, &body) {
                    Some((200 | 201, _, body)) => {
                        let v: serde_json::Value = serde_json::from_str(&body).expect("json");
                        let id = v["id"].as_str().expect("id").to_string();
                        acked.lock().expect("lock").push(id);
                        let _ = acks.send('a');
                    }
                    Some((status, _, body)) => panic!("recording refused {status}: {body}"),
                    None => break, // the server is gone
                }
            }
        }));
    }
    {
        let (stop, acked, addr, cookie, case_id, csrf, acks) = (
            stop.clone(),
            acked_people.clone(),
            addr.clone(),
            cookie.clone(),
            case_id.clone(),
            csrf.clone(),
            acks.clone(),
        );
        workers.push(std::thread::spawn(move || {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let name = format!("Tersangka Crash {i}");
                let body = format!(
                    "csrf_token={csrf}&role=suspect&name={}",
                    name.replace(' ', "+")
                );
                let headers = [
                    ("Cookie", cookie.as_str()),
                    ("Content-Type", "application/x-www-form-urlencoded"),
                ];
                match http(
                    &addr,
                    "POST",
                    &format!("/kasus/{case_id}/orang"),
                    &headers,
                    &body,
                ) {
                    Some((303, _, _)) => {
                        acked.lock().expect("lock").push(name);
                        let _ = acks.send('c');
                    }
                    Some((status, _, body)) => panic!("case update refused {status}: {body}"),
                    None => break,
                }
            }
        }));
    }
    // Kill in the middle of the burst: once 40 recordings and 8 case updates are acknowledged.
    drop(acks);
    let (mut a, mut c) = (0, 0);
    while a < 40 || c < 8 {
        match acked.recv() {
            Ok('a') => a += 1,
            Ok(_) => c += 1,
            Err(_) => panic!("every writer stopped before the kill"),
        }
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("worker");
    }
    let acked_applicants = acked_applicants.lock().expect("lock").clone();
    let acked_people = acked_people.lock().expect("lock").clone();
    assert!(
        acked_applicants.len() >= 5,
        "too few writes before the kill: {}",
        acked_applicants.len()
    );
    assert!(
        acked_people.len() >= 2,
        "too few case updates before the kill: {}",
        acked_people.len()
    );

    // Restart on the same data.
    let server = Server::start(&data, &db.url);
    let officer = login(&server.addr, &accounts, "petugas.imigrasi");
    let auth = format!("Bearer {officer}");
    for id in &acked_applicants {
        let r = http(
            &server.addr,
            "GET",
            &format!("/api/v1/applicants/{id}"),
            &[("Authorization", &auth)],
            "",
        );
        assert_eq!(
            r.map(|r| r.0),
            Some(200),
            "acknowledged applicant {id} lost"
        );
    }
    let stored = rows(
        &db.url,
        "SELECT name FROM case_people WHERE name LIKE 'Tersangka Crash %'",
    )
    .await;
    for name in &acked_people {
        assert!(
            stored.contains(name),
            "acknowledged case update {name:?} lost"
        );
    }
    server.kill();

    // Every stored record has its audit row; nothing is half written.
    let no_audit = rows(
        &db.url,
        "SELECT a.id FROM applicants a WHERE a.source_ref LIKE 'crash-%' AND NOT EXISTS \
         (SELECT 1 FROM audit_log l WHERE l.action = 'applicant.create' AND l.subject = a.id)",
    )
    .await;
    assert!(
        no_audit.is_empty(),
        "applicants without their audit row: {no_audit:?}"
    );
    let unscreened = rows(
        &db.url,
        "SELECT id FROM applicants WHERE source_ref LIKE 'crash-%' AND score IS NULL",
    )
    .await;
    assert!(
        unscreened.is_empty(),
        "recorded but not screened (half written): {unscreened:?}"
    );
    case_updates_are_audited(&db.url).await;
    let out = sinergi(&data, &db.url, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));

    db.drop_database().await;
    let _ = std::fs::remove_dir_all(&dir);
}

async fn case_updates_are_audited(url: &str) {
    let person_no_audit = rows(
        url,
        "SELECT p.id FROM case_people p WHERE p.name LIKE 'Tersangka Crash %' AND NOT EXISTS \
         (SELECT 1 FROM audit_log l WHERE l.action = 'case.add_person' AND l.subject = p.case_id \
          AND l.detail = 'suspect ' || p.id)",
    )
    .await;
    assert!(
        person_no_audit.is_empty(),
        "case people without their audit row (case.add_person): {person_no_audit:?}"
    );
    let audit_no_event = rows(
        url,
        "SELECT l.detail FROM audit_log l WHERE l.action = 'case.add_person' AND NOT EXISTS \
         (SELECT 1 FROM case_events e WHERE e.case_id = l.subject AND e.kind = l.action AND e.detail = l.detail)",
    )
    .await;
    assert!(
        audit_no_event.is_empty(),
        "audit rows without their case event: {audit_no_event:?}"
    );
}

fn applications_csv(n: usize) -> String {
    let mut csv = String::from("id,full_name,birth_date,sex,purpose,destination,passport_type\n");
    for i in 0..n {
        csv.push_str(&format!(
            "imp-{i},Impor Pemohon {i},1991-02-{:02},L,work,SA,biasa\n",
            i % 28 + 1
        ));
    }
    csv
}

/// Kills the server during an applications import, restarts it and imports the same file
/// again. Returns (applicants from the file, sum of `added` over the import audit rows).
async fn import_killed_and_resumed(
    data: &Path,
    db: &str,
    accounts: &[(String, String)],
) -> (i64, i64) {
    const N: usize = 2000;
    let csv = applications_csv(N);
    let server = Server::start(data, db);
    let auth = format!(
        "Bearer {}",
        login(&server.addr, accounts, "petugas.imigrasi")
    );
    let (addr, body, a) = (server.addr.clone(), csv.clone(), auth.clone());
    let import = std::thread::spawn(move || {
        http(
            &addr,
            "POST",
            "/api/v1/applicants/import",
            &[("Authorization", &a), ("Content-Type", "text/csv")],
            &body,
        )
    });
    // Kill once part of the file is in (each count is a round trip: the loop paces itself).
    const IN: &str =
        "SELECT CAST(COUNT(*) AS BIGINT) FROM applicants WHERE source_ref LIKE 'imp-%'";
    while count(db, IN).await <= 50 {
        assert!(
            !import.is_finished(),
            "the import ended before it could be killed"
        );
    }
    server.kill();
    let first = import.join().expect("import thread");
    let before = count(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM applicants WHERE source_ref LIKE 'imp-%'",
    )
    .await;
    assert!(
        first.is_none() || before == N as i64,
        "the import answered although killed: {first:?}"
    );

    let server = Server::start(data, db);
    let auth = format!(
        "Bearer {}",
        login(&server.addr, accounts, "petugas.imigrasi")
    );
    let (status, _, body) = http(
        &server.addr,
        "POST",
        "/api/v1/applicants/import",
        &[("Authorization", &auth), ("Content-Type", "text/csv")],
        &csv,
    )
    .expect("second import");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        v["added"].as_i64().unwrap_or(-1) + v["already_present"].as_i64().unwrap_or(-1),
        N as i64,
        "{body}"
    );
    server.kill();
    let stored = count(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM applicants WHERE source_ref LIKE 'imp-%'",
    )
    .await;
    let distinct = count(
        db,
        "SELECT CAST(COUNT(DISTINCT source_ref) AS BIGINT) FROM applicants WHERE source_ref LIKE 'imp-%'",
    )
    .await;
    assert_eq!(
        (stored, distinct),
        (N as i64, N as i64),
        "resumed import: duplicates or missing rows"
    );
    // Every stored row has its own `applicant.create` audit row, written in the row's
    // transaction (the import's summary row is written only when the import finishes).
    let audited = count(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM applicants a WHERE a.source_ref LIKE 'imp-%' \
         AND EXISTS (SELECT 1 FROM audit_log l WHERE l.action = 'applicant.create' AND l.subject = a.id)",
    )
    .await;
    let out = sinergi(data, db, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    (stored, audited)
}

#[tokio::test(flavor = "multi_thread")]
async fn sigkill_during_a_bulk_import_then_the_import_resumes_without_duplicates() {
    let (dir, db, accounts) = installation("import").await;
    let data = dir.join("data");
    let (stored, audited) = import_killed_and_resumed(&data, &db.url, &accounts).await;
    println!("applications import: {stored} stored, {audited} covered by import audit rows");

    // The command-line people import, killed and run again: no duplicates.
    let csv = dir.join("people.csv");
    let out = sinergi(
        &data,
        &db.url,
        &[
            "synth",
            "--n",
            "20000",
            "--seed",
            "5",
            "--output",
            csv.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut first = sinergi_cmd(&data, &db.url)
        .args([
            "import",
            "--input",
            csv.to_str().expect("utf8"),
            "--source",
            "crash-people",
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn import");
    const PEOPLE_IN: &str =
        "SELECT CAST(COUNT(*) AS BIGINT) FROM people WHERE source = 'crash-people'";
    while count(&db.url, PEOPLE_IN).await == 0 {
        let running = first.try_wait().expect("import status").is_none();
        assert!(running, "the import ended before it could be killed");
    }
    let _ = first.kill();
    let _ = first.wait();
    let out = sinergi(
        &data,
        &db.url,
        &[
            "import",
            "--input",
            csv.to_str().expect("utf8"),
            "--source",
            "crash-people",
        ],
    );
    let t = text(&out);
    let added_and_present: i64 = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .skip(1)
        .take(2)
        .filter_map(|s| s.parse::<i64>().ok())
        .sum();
    let stored = count(
        &db.url,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM people WHERE source = 'crash-people'",
    )
    .await;
    let distinct = count(
        &db.url,
        "SELECT CAST(COUNT(DISTINCT source_ref) AS BIGINT) FROM people WHERE source = 'crash-people'",
    )
    .await;
    assert_eq!(
        stored, distinct,
        "duplicates after the resumed people import: {t}"
    );
    assert_eq!(stored, added_and_present, "{t}");

    db.drop_database().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Each imported application is stored with its own audit row in one transaction: killed in
/// the middle of an import, no stored row lacks its audit row.
#[tokio::test(flavor = "multi_thread")]
async fn every_imported_row_is_accounted_for_by_an_audit_row_after_a_kill() {
    let (dir, db, accounts) = installation("importaudit").await;
    let data = dir.join("data");
    let (stored, audited) = import_killed_and_resumed(&data, &db.url, &accounts).await;
    assert_eq!(
        stored, audited,
        "rows stored without an audit row accounting for them"
    );
    db.drop_database().await;
    let _ = std::fs::remove_dir_all(&dir);
}
