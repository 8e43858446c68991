//! `sinergi backup` / `sinergi restore` end to end, on SQLite or (with
//! `SINERGI_TEST_DATABASE_URL`) PostgreSQL: a backup taken while an import writes, restored into
//! a fresh database and data folder, compared table by table, and the audit chain verified on
//! the copy; damaged backups and the wrong key are refused.

mod common;

use common::{Db, KEY, sinergi, sinergi_cmd, temp_dir, text};
use sinergi_app::backup::read_manifest;
use std::path::Path;

async fn people_rows(url: &str) -> i64 {
    sinergi_app::backup::table_counts(url)
        .await
        .expect("counts")
        .into_iter()
        .find(|(t, _)| t == "people")
        .map_or(0, |(_, n)| n)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_during_writes_restores_identically_and_its_audit_verifies() {
    let dir = temp_dir("backup");
    let src = Db::fresh(&dir, "src").await;
    let a = dir.join("a");
    let demo = sinergi(&a, &src.url, &["demo", "--no-serve", "--people", "400"]);
    assert!(demo.status.success(), "{}", text(&demo));
    let att = a.join("attachments/cases/case-1");
    std::fs::create_dir_all(&att).expect("attachments dir");
    std::fs::write(att.join("a1"), b"%PDF-1.4 synthetic").expect("attachment");
    std::fs::write(att.join("a2"), [0u8, 1, 2, 255]).expect("attachment");

    // An import keeps writing while the backup runs.
    let csv = dir.join("late.csv");
    let synth = sinergi(
        &a,
        &src.url,
        &["synth", "--n", "3000", "--seed", "9", "--output", s(&csv)],
    );
    assert!(synth.status.success(), "{}", text(&synth));
    let mut import = sinergi_cmd(&a, &src.url)
        .args(["import", "--input", s(&csv), "--source", "late"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn import");
    // Back up once the import has begun writing (each count is a round trip: no sleep needed).
    let people_before = people_rows(&src.url).await;
    while people_rows(&src.url).await == people_before {
        assert!(
            import.try_wait().expect("import status").is_none(),
            "the import ended first"
        );
    }
    let b1 = dir.join("one.tar.gz");
    let out = sinergi(&a, &src.url, &["backup", "--output", s(&b1)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("fingerprint"), "{}", text(&out));
    // Synthetic data holds some deliberately broken NIKs: the import reports them and ends.
    let done = import.wait_with_output().expect("import ends");
    assert!(text(&done).contains("added"), "{}", text(&done));

    // The key itself is nowhere in the backup file.
    let bytes = std::fs::read(&b1).expect("backup file");
    assert!(!bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()));

    // Restore into a fresh database and data folder.
    let dst = Db::fresh(&dir, "dst").await;
    let b = dir.join("b");
    let out = sinergi(&b, &dst.url, &["restore", "--input", s(&b1)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("identical"),
        "the restore checks the copy itself: {}",
        text(&out)
    );

    // Independently: a backup of the copy has every table with the same rows and checksum.
    let b2 = dir.join("two.tar.gz");
    let out = sinergi(&b, &dst.url, &["backup", "--output", s(&b2)]);
    assert!(out.status.success(), "{}", text(&out));
    let m1 = read_manifest(&b1).expect("manifest one");
    let m2 = read_manifest(&b2).expect("manifest two");
    assert!(m1.tables.len() >= 30, "{} tables", m1.tables.len());
    assert_eq!(m1.tables.len(), m2.tables.len());
    for (t1, t2) in m1.tables.iter().zip(&m2.tables) {
        assert_eq!(t1.name, t2.name);
        assert_eq!(t1.rows, t2.rows, "rows of {}", t1.name);
        assert_eq!(t1.file.sha256, t2.file.sha256, "content of {}", t1.name);
    }
    let people = m1
        .tables
        .iter()
        .find(|t| t.name == "people")
        .expect("people");
    assert!(people.rows >= 350, "{} people", people.rows);
    let audit = m1
        .tables
        .iter()
        .find(|t| t.name == "audit_log")
        .expect("audit");
    assert!(audit.rows > 0);
    assert_eq!(m1.attachments, m2.attachments);
    assert_eq!(m1.attachments.len(), 2);
    assert_eq!(
        std::fs::read(b.join("attachments/cases/case-1/a2")).expect("restored attachment"),
        vec![0u8, 1, 2, 255]
    );

    // The audit chain verifies on the copy.
    let out = sinergi(&b, &dst.url, &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("intact"), "{}", text(&out));

    // Restoring again over the filled copy is refused.
    let out = sinergi(&b, &dst.url, &["restore", "--input", s(&b1)]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("not empty"), "{}", text(&out));

    src.drop_database().await;
    dst.drop_database().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_backup_or_another_key_is_refused_before_anything_is_written() {
    let dir = temp_dir("damaged");
    let src = Db::fresh(&dir, "src").await;
    let a = dir.join("a");
    let demo = sinergi(&a, &src.url, &["demo", "--no-serve", "--people", "50"]);
    assert!(demo.status.success(), "{}", text(&demo));
    let b1 = dir.join("one.tar.gz");
    let out = sinergi(&a, &src.url, &["backup", "--output", s(&b1)]);
    assert!(out.status.success(), "{}", text(&out));

    // Another key: refused, naming the fingerprint the backup needs.
    let dst = Db::fresh(&dir, "dst").await;
    let b = dir.join("b");
    let other = "ff".repeat(32);
    let out = sinergi_cmd(&b, &dst.url)
        .env("SINERGI_MASTER_KEY", &other)
        .args(["restore", "--input", s(&b1)])
        .output()
        .expect("run");
    assert!(!out.status.success(), "{}", text(&out));
    let m = read_manifest(&b1).expect("manifest");
    assert!(text(&out).contains(&m.key_fingerprint), "{}", text(&out));

    // One changed byte in a table file: refused by its checksum.
    let x = dir.join("x");
    std::fs::create_dir_all(&x).expect("dir");
    let st = std::process::Command::new("tar")
        .args(["xzf", s(&b1), "-C", s(&x)])
        .status()
        .expect("tar x");
    assert!(st.success());
    let people = x.join(
        &m.tables
            .iter()
            .find(|t| t.name == "people")
            .expect("people")
            .file
            .path,
    );
    let mut body = std::fs::read_to_string(&people).expect("people file");
    let at = body.rfind("\"synth-").expect("a source label in the rows");
    body.replace_range(at + 1..at + 2, "S");
    std::fs::write(&people, body).expect("write");
    let damaged = dir.join("damaged.tar.gz");
    let st = std::process::Command::new("tar")
        .args(["czf", s(&damaged), "-C", s(&x), "manifest.json", "tables"])
        .status()
        .expect("tar c");
    assert!(st.success());
    let out = sinergi(&b, &dst.url, &["restore", "--input", s(&damaged)]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("checksum"), "{}", text(&out));
    // Nothing was written: the intact backup still restores into the same target.
    let out = sinergi(&b, &dst.url, &["restore", "--input", s(&b1)]);
    assert!(out.status.success(), "{}", text(&out));

    src.drop_database().await;
    dst.drop_database().await;
    let _ = std::fs::remove_dir_all(&dir);
}
