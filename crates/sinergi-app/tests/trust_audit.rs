//! The audit trail: keyed chain, checkpoint outside the database, old rows; and key rotation.

use super::support::*;
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_domain::clock::ManualClock;
use sinergi_store::testing::TestDatabase;
use std::sync::Arc;
use time::macros::datetime;

// ------------------------------------------------------------------ audit: keyed chain, checkpoint

use sinergi_app::audit::{CHAIN_KEYED, CHAIN_PLAIN, ChainBreak, chain_hash};

/// Writes `n` audit rows through ordinary use cases (failed sign-ins are audited).
async fn audited_rows(app: &App, n: usize) {
    for _ in 0..n {
        let _ = app.login("nobody", "salah-sandi-123", "10.9.9.9").await;
    }
}

async fn checkpointed_env(tag: &str) -> (Env, std::path::PathBuf) {
    let dir = temp_dir(tag);
    let path = dir.join("audit.checkpoint");
    let e = env_with(Some(path.clone())).await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    audited_rows(&e.app, 6).await;
    e.app.refresh_audit_checkpoint().await.expect("checkpoint");
    (e, path)
}

#[tokio::test]
async fn audit_truncation_is_caught_by_the_checkpoint_outside_the_database() {
    let (e, path) = checkpointed_env("trunc").await;
    let ok = e.app.verify_audit().await.expect("verify");
    assert_eq!(ok.broken, None);
    assert!(ok.checkpoint_checked);
    assert!(
        std::fs::read_to_string(&path)
            .expect("file")
            .contains("mac ")
    );
    let rows = i64::try_from(ok.rows).expect("rows");
    // Delete the newest row: the chain that remains is valid, the checkpoint is not.
    e.db.execute(&format!("DELETE FROM audit_log WHERE seq = {rows}"))
        .await
        .expect("delete");
    let bad = e.app.verify_audit().await.expect("verify");
    assert_eq!(
        bad.broken,
        Some((
            rows,
            ChainBreak::Truncated {
                expected: rows,
                found: rows - 1
            }
        ))
    );
    // A refresh does not launder the truncation: it refuses to move the checkpoint back.
    assert!(e.app.refresh_audit_checkpoint().await.is_err());
    // Deleting many rows is caught the same way.
    e.db.execute("DELETE FROM audit_log WHERE seq > 2")
        .await
        .expect("delete");
    let bad = e.app.verify_audit().await.expect("verify");
    assert!(matches!(
        bad.broken,
        Some((_, ChainBreak::Truncated { .. }))
    ));
    e.db.cleanup().await;
}

#[tokio::test]
async fn audit_rewrite_with_a_recomputed_plain_chain_is_caught() {
    let (e, _path) = checkpointed_env("rewrite").await;
    let rows = e.db.store.audit_after(0, 1000).await.expect("rows");
    assert!(rows.iter().all(|r| r.chain == CHAIN_KEYED));
    // The probe's attack: change row 3 and recompute the SHA-256 chain from there on.
    let mut prev = rows[1].hash.clone();
    for r in &rows[2..] {
        let mut forged = r.clone();
        if forged.seq == 3 {
            forged.detail = "edited".into();
        }
        forged.prev_hash = prev.clone();
        forged.hash = chain_hash(&forged);
        e.db.execute(&format!(
            "UPDATE audit_log SET detail = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            forged.detail, forged.prev_hash, forged.hash, forged.seq
        ))
        .await
        .expect("forge");
        prev = forged.hash;
    }
    let bad = e.app.verify_audit().await.expect("verify");
    assert_eq!(bad.broken, Some((3, ChainBreak::Content)));
    // Marking the forged rows as the old, unkeyed chain does not help: a downgrade.
    e.db.execute(&format!(
        "UPDATE audit_log SET chain = {CHAIN_PLAIN} WHERE seq >= 3"
    ))
    .await
    .expect("downgrade");
    let bad = e.app.verify_audit().await.expect("verify");
    assert_eq!(bad.broken, Some((3, ChainBreak::Downgrade)));
    // Rewriting the whole trail as unkeyed rows verifies as a chain, but not against the
    // checkpoint kept outside the database.
    let mut prev = sinergi_app::audit::GENESIS_HASH.to_string();
    for r in &rows {
        let mut forged = r.clone();
        forged.chain = CHAIN_PLAIN;
        if forged.seq == 3 {
            forged.detail = "edited".into();
        }
        forged.prev_hash = prev.clone();
        forged.hash = chain_hash(&forged);
        e.db.execute(&format!(
            "UPDATE audit_log SET chain = 1, detail = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            forged.detail, forged.prev_hash, forged.hash, forged.seq
        ))
        .await
        .expect("forge");
        prev = forged.hash;
    }
    let bad = e.app.verify_audit().await.expect("verify");
    assert!(
        matches!(bad.broken, Some((_, ChainBreak::CheckpointMismatch))),
        "{bad:?}"
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn a_changed_or_missing_checkpoint_file_is_reported() {
    let (e, path) = checkpointed_env("forged").await;
    let text = std::fs::read_to_string(&path).expect("file");
    let seq_line = text.lines().nth(1).expect("seq line").to_string();
    std::fs::write(&path, text.replace(&seq_line, "seq 2")).expect("edit");
    let bad = e.app.verify_audit().await.expect("verify");
    assert_eq!(bad.broken, Some((0, ChainBreak::CheckpointForged)));
    std::fs::remove_file(&path).expect("remove");
    let bad = e.app.verify_audit().await.expect("verify");
    assert_eq!(bad.broken, Some((0, ChainBreak::CheckpointMissing)));
    e.db.cleanup().await;
}

#[tokio::test]
async fn the_checkpoint_follows_commits_in_batches() {
    let dir = temp_dir("batch");
    let path = dir.join("audit.checkpoint");
    let e = env_with(Some(path.clone())).await;
    audited_rows(&e.app, 3).await;
    // The background refresher writes within its batch delay, without an explicit call.
    let mut written = None;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if let Ok(t) = std::fs::read_to_string(&path) {
            written = Some(t);
            break;
        }
    }
    let rows = e.app.verify_audit().await.expect("verify");
    assert_eq!(rows.broken, None);
    let text = written.expect("checkpoint written by the refresher");
    assert!(text.contains(&format!("seq {}", rows.rows)), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    e.db.cleanup().await;
}

#[tokio::test]
async fn rows_of_the_old_unkeyed_chain_stay_verifiable() {
    let e = env().await;
    // Two rows as the previous version wrote them (plain SHA-256), then new keyed rows.
    let mut prev = sinergi_app::audit::GENESIS_HASH.to_string();
    for seq in 1..=2 {
        let mut r = sinergi_store::audit::AuditRow {
            seq,
            at: seq,
            actor: "cli".into(),
            action: "user.add".into(),
            subject: format!("u{seq}"),
            detail: String::new(),
            client: "cli".into(),
            prev_hash: prev.clone(),
            hash: String::new(),
            chain: CHAIN_PLAIN,
        };
        r.hash = chain_hash(&r);
        prev = r.hash.clone();
        e.db.store.insert_audit(&r).await.expect("old row");
    }
    audited_rows(&e.app, 2).await;
    let ok = e.app.verify_audit().await.expect("verify");
    assert_eq!((ok.rows, ok.broken), (4, None));
    // Changing an old row is still caught: the first keyed row's MAC covers its hash.
    e.db.execute("UPDATE audit_log SET detail = 'x' WHERE seq = 1")
        .await
        .expect("tamper");
    assert_eq!(
        e.app.verify_audit().await.expect("verify").broken,
        Some((1, ChainBreak::Content))
    );
    e.db.cleanup().await;
}

// ------------------------------------------------------------------ key rotation

#[tokio::test]
async fn key_rotation_reseals_every_sealed_value_and_resumes() {
    use sinergi_app::vault::MasterKey;
    let db = TestDatabase::new().await.expect("test database");
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 03:00 UTC)));
    let k1 = MasterKey::generate().expect("key");
    let open = |key: MasterKey| {
        let config = AppConfig {
            argon2_memory_kib: 64,
            ..AppConfig::new("unused").with_master_key(key)
        };
        App::from_store(db.store.clone(), config, clock.clone())
    };
    let old = open(k1.clone()).await.expect("app");
    user(&old, "hendra", "kanim-malang", Role::Supervisor).await;
    let hendra = old.login("hendra", PW, "c").await.expect("login").actor;
    old.enrol_totp(&hendra, PW, "").await.expect("totp");
    old.import_people_csv(
        &sinergi_app::audit::Origin::cli(),
        "uji",
        "id,full_name,nik,phone\n1,Siti Aminah,3507044101900001,081234567890\n".as_bytes(),
    )
    .await
    .expect("import");
    let receipt = old
        .submit_tip(
            &sinergi_app::audit::Origin::cli(),
            sinergi_app::cases::NewTip {
                channel: "phone".into(),
                kind: "tppo".into(),
                narrative: "Cerita rahasia".into(),
                reporter_contact: Some("0812 0000 1111".into()),
                ..Default::default()
            },
        )
        .await
        .expect("tip");
    assert!(!receipt.is_empty());

    let k2 = k1.rotated().expect("rotate");
    let new = open(k2).await.expect("app with the new ring");
    assert!(new.rotation_pending().await.expect("pending"));
    let report = new.rotate_sealed_values().await.expect("rotation");
    assert_eq!(report.version, 2);
    assert_eq!(report.unopenable, 0);
    let per: std::collections::BTreeMap<_, _> = report.columns.iter().cloned().collect();
    for col in [
        "people.nik_enc",
        "people.phone_enc",
        "tips.narrative_enc",
        "tips.reporter_contact_enc",
        "totp_secrets.secret_enc",
    ] {
        assert_eq!(per.get(col), Some(&1), "{col}: {per:?}");
    }
    // Nothing is left under key 1, a second run has nothing to do, and the data still reads.
    assert!(!new.rotation_pending().await.expect("pending"));
    for col in db.store.sealed_columns().await.expect("columns") {
        assert!(
            db.store
                .sealed_values_below(&col, 2, &[], 1)
                .await
                .expect("below")
                .is_empty(),
            "{col:?}"
        );
    }
    assert_eq!(new.rotate_sealed_values().await.expect("again").total(), 0);
    let export = new
        .subject_access_export(&hendra, "3507044101900001")
        .await
        .expect("export");
    assert_eq!(export.records[0]["phone"], "+6281234567890");
    // The old ring alone cannot read what the rotation wrote.
    assert!(
        old.subject_access_export(&hendra, "3507044101900001")
            .await
            .is_err()
    );
    db.cleanup().await;
}
