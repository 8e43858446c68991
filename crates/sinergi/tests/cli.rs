//! The `sinergi` binary end to end on a temporary data folder: demo data, protection at rest,
//! the audit chain and its tamper detection, and clear errors with exit codes.

mod common;

use common::{sinergi_sqlite as sinergi, temp_dir, text};
use std::path::Path;
use std::process::Command;

#[test]
fn demo_loads_data_that_is_unreadable_in_the_database_file() {
    let d = temp_dir("demo");
    let out = sinergi(
        &d,
        &["demo", "--no-serve", "--people", "300", "--seed", "7"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("petugas.imigrasi"), "{t}");
    assert!(t.contains("immigration_officer"), "{t}");
    // Re-running gives new passwords and adds no duplicate people.
    let again = sinergi(
        &d,
        &["demo", "--no-serve", "--people", "300", "--seed", "7"],
    );
    assert!(again.status.success(), "{}", text(&again));

    // The same synthetic people, written to CSV: none of their NIKs or phones may appear in the
    // database file in clear text.
    let csv = d.join("people.csv");
    let synth = sinergi(
        &d,
        &[
            "synth",
            "--n",
            "300",
            "--seed",
            "7",
            "--output",
            csv.to_str().expect("utf8"),
        ],
    );
    assert!(synth.status.success(), "{}", text(&synth));
    let mut reader = csv::Reader::from_path(&csv).expect("csv");
    let headers = reader.headers().expect("header").clone();
    let nik_col = headers.iter().position(|h| h == "nik").expect("nik column");
    let phone_col = headers
        .iter()
        .position(|h| h == "phone")
        .expect("phone column");
    let mut secrets = Vec::new();
    for rec in reader.records() {
        let rec = rec.expect("record");
        let nik: String = rec[nik_col].chars().filter(char::is_ascii_digit).collect();
        if nik.len() == 16 {
            secrets.push(nik);
        }
        let phone: String = rec[phone_col]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if phone.len() >= 10 {
            // national significant number, as it would appear inside any format
            secrets.push(
                phone
                    .trim_start_matches("62")
                    .trim_start_matches('0')
                    .to_string(),
            );
        }
    }
    assert!(secrets.len() > 200, "synth wrote identifiers");
    let mut bytes = std::fs::read(d.join("sinergi.db")).expect("db file");
    if let Ok(wal) = std::fs::read(d.join("sinergi.db-wal")) {
        bytes.extend(wal);
    }
    for s in &secrets {
        assert!(
            !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
            "an identifier is readable in the database file"
        );
    }
    assert!(
        d.join("sinergi.key").exists(),
        "the key lives outside the database"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn audit_verify_names_a_changed_row() {
    let d = temp_dir("audit");
    let out = sinergi(&d, &["demo", "--no-serve", "--people", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let ok = sinergi(&d, &["audit", "verify"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("intact"));

    let url = format!("sqlite://{}", d.join("sinergi.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("connect");
        sqlx::query("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3")
            .execute(&mut c)
            .await
            .expect("tamper");
        c.close().await.expect("close");
    });
    let bad = sinergi(&d, &["audit", "verify"]);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains("row 3"), "{}", text(&bad));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn bad_input_gets_a_clear_message_and_exit_code() {
    let d = temp_dir("bad");
    let usage = sinergi(&d, &["no-such-command"]);
    assert_eq!(usage.status.code(), Some(2));

    let nik = sinergi(&d, &["nik", "3507044101900001", "123"]);
    assert_eq!(
        nik.status.code(),
        Some(1),
        "one NIK is invalid: {}",
        text(&nik)
    );

    let csv = d.join("bad.csv");
    std::fs::write(
        &csv,
        "id,full_name,nik,phone\n1,Siti Aminah,3507044101900001,081234567890\n2,Budi,12345,0812345678\n3,\"unclosed,x,y\n",
    )
    .expect("write");
    let import = sinergi(
        &d,
        &[
            "import",
            "--input",
            csv.to_str().expect("utf8"),
            "--source",
            "uji",
        ],
    );
    let t = text(&import);
    assert_eq!(import.status.code(), Some(1), "{t}");
    assert!(t.contains("line 3, column nik"), "{t}");
    assert!(!t.contains("12345,"), "values are not echoed: {t}");

    let missing = sinergi(
        &d,
        &["import", "--input", "/nonexistent.csv", "--source", "x"],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing).contains("cannot open"));
    let _ = std::fs::remove_dir_all(&d);
}

fn delete_audit_rows_from(d: &Path, sql: &str) {
    let url = format!("sqlite://{}", d.join("sinergi.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("connect");
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut c)
            .await
            .expect("tamper");
        c.close().await.expect("close");
    });
}

#[test]
fn audit_verify_catches_deleted_rows_through_the_checkpoint() {
    let d = temp_dir("trunc");
    let out = sinergi(&d, &["demo", "--no-serve", "--people", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(d.join("audit.checkpoint").exists(), "written at shutdown");
    let ok = sinergi(&d, &["audit", "verify"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("checkpoint matches"), "{}", text(&ok));
    // The probe's attack: delete the newest row (the remaining chain is valid).
    delete_audit_rows_from(
        &d,
        "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)",
    );
    let bad = sinergi(&d, &["audit", "verify"]);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains("rows were deleted"), "{}", text(&bad));
    // Nor can the checkpoint be rewritten to match.
    let cp = sinergi(&d, &["audit", "checkpoint"]);
    assert_eq!(cp.status.code(), Some(1), "{}", text(&cp));
    let _ = std::fs::remove_dir_all(&d);
}

#[cfg(unix)]
#[test]
fn files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let d = temp_dir("modes");
    let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    // Started from a shell with the usual umask 022, and with an existing world-readable file.
    std::fs::write(d.join("sinergi.db"), b"").expect("touch");
    std::fs::set_permissions(d.join("sinergi.db"), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' --data-dir '{}' demo --no-serve --people 10",
            env!("CARGO_BIN_EXE_sinergi"),
            d.display()
        ))
        .env_remove("SINERGI_DATABASE_URL")
        .env_remove("SINERGI_MASTER_KEY")
        .env("SINERGI_LOG", "warn")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&d), 0o700, "data folder");
    for f in ["sinergi.db", "sinergi.key", "audit.checkpoint"] {
        assert_eq!(mode(&d.join(f)), 0o600, "{f}");
    }
    for f in ["sinergi.db-wal", "sinergi.db-shm"] {
        if d.join(f).exists() {
            assert_eq!(mode(&d.join(f)), 0o600, "{f}");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn key_rotate_adds_a_key_and_reseals_everything() {
    let d = temp_dir("rotate");
    let out = sinergi(&d, &["demo", "--no-serve", "--people", "30"]);
    assert!(out.status.success(), "{}", text(&out));
    let before = std::fs::read_to_string(d.join("sinergi.key")).expect("key");
    let rotated = sinergi(&d, &["key", "rotate"]);
    assert!(rotated.status.success(), "{}", text(&rotated));
    assert!(
        text(&rotated).contains("people.nik_enc"),
        "{}",
        text(&rotated)
    );
    let after = std::fs::read_to_string(d.join("sinergi.key")).expect("key");
    assert!(
        after.contains(before.trim()),
        "the old key stays in the ring"
    );
    assert!(after.lines().any(|l| l.starts_with("2 ")), "{after}");
    // The data still reads (NIK check by blind index, audit chain) after rotation.
    let ok = sinergi(&d, &["audit", "verify"]);
    assert!(ok.status.success(), "{}", text(&ok));
    let again = sinergi(&d, &["key", "rotate"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        std::fs::read_to_string(d.join("sinergi.key"))
            .expect("key")
            .lines()
            .any(|l| l.starts_with("3 "))
    );
    let _ = std::fs::remove_dir_all(&d);
}
