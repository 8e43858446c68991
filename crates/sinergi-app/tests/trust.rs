//! Application-level tests of sign-in, sessions, the audit chain and the trust layer, on SQLite
//! and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL.

use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::totp::{LoginStep, base32_decode, code_at};
use sinergi_app::{App, AppConfig, AppError};
use sinergi_domain::access::{Permission, Role};
use sinergi_domain::clock::ManualClock;
use sinergi_store::testing::TestDatabase;
use sinergi_store::trust::BreachMark;
use std::sync::Arc;
use time::macros::datetime;

const PW: &str = "kata-sandi-uji-2026";

struct Env {
    db: TestDatabase,
    app: App,
    clock: Arc<ManualClock>,
}

async fn env() -> Env {
    env_with(None).await
}

/// A folder of its own under the system temp folder (removed by the OS, not by the test).
fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sinergi-trust-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

async fn env_with(checkpoint: Option<std::path::PathBuf>) -> Env {
    let db = TestDatabase::new().await.expect("test database");
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 03:00 UTC)));
    let config = AppConfig {
        argon2_memory_kib: 64,
        audit_checkpoint: checkpoint,
        ..AppConfig::new("unused")
    };
    let app = App::from_store(db.store.clone(), config, clock.clone())
        .await
        .expect("app");
    Env { db, app, clock }
}

async fn user(app: &App, username: &str, agency: &str, role: Role) {
    app.add_user(
        Caller::Operator,
        NewUser {
            username: username.into(),
            display_name: format!("Uji {username}"),
            agency_code: agency.into(),
            role,
            password: PW.into(),
        },
    )
    .await
    .expect("user");
}

#[tokio::test]
async fn sign_in_sessions_and_sign_out_everywhere() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let s1 = e.app.login("Dewi", PW, "10.0.0.1").await.expect("login");
    assert_eq!(s1.actor.user.username, "dewi");
    assert!(s1.actor.agency_name.contains("Malang"));
    let s2 = e.app.login("dewi", PW, "10.0.0.2").await.expect("login 2");
    let a = e
        .app
        .actor_for_token(&s1.token, "10.0.0.1")
        .await
        .expect("ok");
    assert!(a.is_some());
    assert!(
        e.app
            .actor_for_token("forged", "x")
            .await
            .expect("ok")
            .is_none()
    );
    e.app.logout(&s1.token, &s1.actor).await.expect("logout");
    assert!(
        e.app
            .actor_for_token(&s1.token, "x")
            .await
            .expect("ok")
            .is_none()
    );
    assert!(
        e.app
            .actor_for_token(&s2.token, "x")
            .await
            .expect("ok")
            .is_some()
    );
    assert_eq!(e.app.logout_everywhere(&s2.actor).await.expect("all"), 1);
    assert!(
        e.app
            .actor_for_token(&s2.token, "x")
            .await
            .expect("ok")
            .is_none()
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn sessions_expire_without_activity() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let s = e.app.login("dewi", PW, "c").await.expect("login");
    e.clock.advance(time::Duration::minutes(59));
    assert!(
        e.app
            .actor_for_token(&s.token, "c")
            .await
            .expect("ok")
            .is_some()
    );
    e.clock.advance(time::Duration::minutes(61));
    assert!(
        e.app
            .actor_for_token(&s.token, "c")
            .await
            .expect("ok")
            .is_none()
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn wrong_passwords_slow_the_pair_down_but_never_lock_the_account() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let attacker = "203.0.113.66";
    // The first failures cost nothing; from then on the pair waits 1 s, 2 s, 4 s …
    for _ in 0..3 {
        let r = e.app.login("dewi", "salah-sandi-123", attacker).await;
        assert!(matches!(r, Err(AppError::BadCredentials)), "{r:?}");
    }
    let r = e.app.login("dewi", "salah-sandi-123", attacker).await;
    assert!(matches!(r, Err(AppError::Throttled)), "{r:?}");
    e.clock.advance(time::Duration::seconds(1));
    let r = e.app.login("dewi", "salah-sandi-123", attacker).await;
    assert!(
        matches!(r, Err(AppError::BadCredentials)),
        "after 1 s: {r:?}"
    );
    e.clock.advance(time::Duration::seconds(1));
    let r = e.app.login("dewi", PW, attacker).await;
    assert!(matches!(r, Err(AppError::Throttled)), "4 fails: 2 s: {r:?}");
    // Many more failures from the attacker's address …
    for _ in 0..12 {
        e.clock.advance(time::Duration::minutes(15));
        let _ = e.app.login("dewi", "salah-sandi-123", attacker).await;
    }
    assert_eq!(
        sinergi_app::auth::pair_delay_ms(40),
        15 * 60 * 1000,
        "capped"
    );
    // … and the account owner still signs in at once from her own counter.
    let s = e.app.login("dewi", PW, "10.20.0.7").await;
    assert!(s.is_ok(), "{:?}", s.map(|_| ()));
    let unknown = e.app.login("nobody", PW, "10.20.0.7").await;
    assert!(matches!(unknown, Err(AppError::BadCredentials)));
    e.db.cleanup().await;
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_paused_alone() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let stuffer = "198.51.100.9";
    for i in 0..sinergi_app::auth::MAX_FAILS_PER_CLIENT {
        let _ = e
            .app
            .login(&format!("user{i}"), "salah-sandi-123", stuffer)
            .await;
    }
    let r = e.app.login("dewi", PW, stuffer).await;
    assert!(matches!(r, Err(AppError::Throttled)), "{r:?}");
    assert!(e.app.login("dewi", PW, "10.20.0.7").await.is_ok());
    e.clock.advance(time::Duration::minutes(16));
    assert!(e.app.login("dewi", PW, stuffer).await.is_ok());
    e.db.cleanup().await;
}

#[tokio::test]
async fn accounts_are_validated() {
    let e = env().await;
    let add = |username: &str, agency: &str, role: Role, password: &str| {
        e.app.add_user(
            Caller::Operator,
            NewUser {
                username: username.into(),
                display_name: "X".into(),
                agency_code: agency.into(),
                role,
                password: password.into(),
            },
        )
    };
    assert_eq!(
        add("jaksa", "iom-indonesia", Role::Prosecutor, PW)
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "role_not_for_agency"
    );
    assert_eq!(
        add("x", "kanim-malang", Role::Supervisor, PW)
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "username_invalid"
    );
    assert_eq!(
        add("budi", "kanim-malang", Role::Supervisor, "pendek")
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "password_weak"
    );
    assert_eq!(
        add("budi", "no-such", Role::Supervisor, PW)
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "agency_unknown"
    );
    add("budi", "kanim-malang", Role::Supervisor, PW)
        .await
        .expect("ok");
    assert_eq!(
        add("budi", "kanim-malang", Role::Supervisor, PW)
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "username_taken"
    );
    // Only holders of ManageUsers may add accounts.
    let officer = e.app.login("budi", PW, "c").await.expect("login").actor;
    let r = e
        .app
        .add_user(
            Caller::Actor(&officer),
            NewUser {
                username: "siti".into(),
                display_name: "Siti".into(),
                agency_code: "kanim-malang".into(),
                role: Role::ImmigrationOfficer,
                password: PW.into(),
            },
        )
        .await;
    assert!(matches!(r, Err(AppError::Forbidden)));
    e.db.cleanup().await;
}

#[tokio::test]
async fn audit_chain_verifies_and_names_a_changed_row() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    e.app.login("dewi", PW, "c").await.expect("login");
    let _ = e.app.login("dewi", "salah-sandi-123", "c").await;
    let ok = e.app.verify_audit().await.expect("verify");
    assert!(ok.rows >= 3);
    assert_eq!(ok.broken, None);
    e.db.execute("UPDATE audit_log SET detail = 'edited' WHERE seq = 2")
        .await
        .expect("tamper");
    let bad = e.app.verify_audit().await.expect("verify");
    assert_eq!(bad.broken.map(|(seq, _)| seq), Some(2));
    e.db.cleanup().await;
}

#[tokio::test]
async fn second_factor_flow() {
    let e = env().await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    let actor = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let enrolment = e.app.enrol_totp(&actor, PW, "").await.expect("enrol");
    assert!(enrolment.uri.starts_with("otpauth://totp/Sinergi:hendra?"));
    let secret = base32_decode(&enrolment.secret_base32).expect("secret");
    let step = |app_clock: &ManualClock| {
        use sinergi_domain::clock::Clock;
        app_clock.now().unix_timestamp() / 30
    };
    let code = |s: i64| format!("{:06}", code_at(&secret, s).expect("code"));
    assert!(e.app.confirm_totp(&actor, "12345x").await.is_err());
    e.app
        .confirm_totp(&actor, &code(step(&e.clock)))
        .await
        .expect("confirm");
    // Password alone is no longer enough.
    assert_eq!(
        e.app
            .login("hendra", PW, "c")
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "totp_required"
    );
    e.clock.advance(time::Duration::seconds(30));
    let LoginStep::SecondFactor { pending_token } =
        e.app.login_start("hendra", PW, "c").await.expect("start")
    else {
        panic!("expected a second-factor step");
    };
    let session = e
        .app
        .login_second_factor(&pending_token, &code(step(&e.clock)), "c")
        .await
        .expect("second factor");
    assert_eq!(session.actor.user.username, "hendra");
    // The pending token is single-use, and the same code cannot be replayed.
    assert!(
        e.app
            .login_second_factor(&pending_token, &code(step(&e.clock)), "c")
            .await
            .is_err()
    );
    let LoginStep::SecondFactor { pending_token } =
        e.app.login_start("hendra", PW, "c").await.expect("start")
    else {
        panic!("expected a second-factor step");
    };
    assert!(matches!(
        e.app
            .login_second_factor(&pending_token, &code(step(&e.clock)), "c")
            .await,
        Err(AppError::BadCredentials)
    ));
    e.db.cleanup().await;
}

#[tokio::test]
async fn the_second_factor_cannot_be_reset_or_removed_without_password_and_code() {
    use sinergi_domain::clock::Clock;
    let e = env().await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    let actor = e.app.login("hendra", PW, "c").await.expect("login").actor;
    assert!(matches!(
        e.app.enrol_totp(&actor, "salah-sandi-123", "").await,
        Err(AppError::BadCredentials)
    ));
    let first = e.app.enrol_totp(&actor, PW, "").await.expect("enrol");
    let secret = base32_decode(&first.secret_base32).expect("secret");
    let step = || e.clock.now().unix_timestamp() / 30;
    let code = |s: &[u8], st: i64| format!("{:06}", code_at(s, st).expect("code"));
    e.app
        .confirm_totp(&actor, &code(&secret, step()))
        .await
        .expect("confirm");
    // The probe's attack: post the enrolment form again, then sign in with the password alone.
    e.clock.advance(time::Duration::seconds(30));
    assert_eq!(
        e.app
            .enrol_totp(&actor, PW, "")
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "totp_invalid"
    );
    assert_eq!(
        e.app
            .login("hendra", PW, "c")
            .await
            .map(|_| ())
            .unwrap_err()
            .key(),
        "totp_required",
        "the second factor is still on"
    );
    // Re-enrolment with password and a current code: the old secret stays in force until the
    // new one is confirmed.
    let second = e
        .app
        .enrol_totp(&actor, PW, &code(&secret, step()))
        .await
        .expect("re-enrol");
    let new_secret = base32_decode(&second.secret_base32).expect("secret");
    assert!(e.app.has_totp(&actor.user.id).await.expect("has"));
    e.clock.advance(time::Duration::seconds(30));
    e.app
        .confirm_totp(&actor, &code(&new_secret, step()))
        .await
        .expect("confirm new");
    // Switching off needs both: the password alone, or a code alone, is refused.
    e.clock.advance(time::Duration::seconds(30));
    assert!(e.app.disable_totp(&actor, PW, "000000").await.is_err());
    assert!(
        e.app
            .disable_totp(&actor, "salah-sandi-123", &code(&new_secret, step()))
            .await
            .is_err()
    );
    assert!(e.app.has_totp(&actor.user.id).await.expect("has"));
    e.clock.advance(time::Duration::minutes(20));
    e.app
        .disable_totp(&actor, PW, &code(&new_secret, step()))
        .await
        .expect("disable");
    assert!(!e.app.has_totp(&actor.user.id).await.expect("has"));
    let audit = e.db.store.recent_audit(100).await.expect("audit");
    for action in [
        "totp.enrol",
        "totp.reenrol",
        "totp.disable",
        "totp.code_failed",
    ] {
        assert!(audit.iter().any(|r| r.action == action), "{action} audited");
    }
    e.db.cleanup().await;
}

#[tokio::test]
async fn wrong_second_factor_codes_count_toward_throttling() {
    use sinergi_domain::clock::Clock;
    let e = env().await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    let actor = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let en = e.app.enrol_totp(&actor, PW, "").await.expect("enrol");
    let secret = base32_decode(&en.secret_base32).expect("secret");
    let step = e.clock.now().unix_timestamp() / 30;
    e.app
        .confirm_totp(
            &actor,
            &format!("{:06}", code_at(&secret, step).expect("c")),
        )
        .await
        .expect("confirm");
    for _ in 0..3 {
        let LoginStep::SecondFactor { pending_token } =
            e.app.login_start("hendra", PW, "x").await.expect("start")
        else {
            panic!("expected a second-factor step");
        };
        let r = e
            .app
            .login_second_factor(&pending_token, "000000", "x")
            .await;
        assert!(matches!(r, Err(AppError::BadCredentials)));
    }
    // Three wrong codes after right passwords: the pair now waits.
    assert!(matches!(
        e.app.login_start("hendra", PW, "x").await,
        Err(AppError::Throttled)
    ));
    e.db.cleanup().await;
}

#[tokio::test]
async fn api_clients_are_scoped_and_revocable() {
    let e = env().await;
    user(&e.app, "admin", "kanwil-jatim", Role::Admin).await;
    let admin = e.app.login("admin", PW, "c").await.expect("login").actor;
    let too_wide = e
        .app
        .create_api_client(&admin, "SIMKIM", "kanim-malang", &[Permission::ManageUsers])
        .await;
    assert_eq!(
        too_wide.map(|_| ()).unwrap_err().key(),
        "scope_not_for_agency"
    );
    // Scopes follow the agency kind: a village's client cannot decide passport applications,
    // read the audit trail or handle personal-data duties (the supervisor's permissions do not
    // count: a supervisor fits every agency).
    for p in [
        Permission::DecideApplicants,
        Permission::ViewAudit,
        Permission::ManagePrivacy,
        Permission::ScreenApplicants,
    ] {
        let r = e
            .app
            .create_api_client(&admin, "Desa", "desa-sitiarjo", &[p])
            .await;
        assert_eq!(
            r.map(|_| ()).unwrap_err().key(),
            "scope_not_for_agency",
            "{p:?}"
        );
    }
    assert!(
        e.app
            .create_api_client(&admin, "Desa", "desa-sitiarjo", &[Permission::TriageTips])
            .await
            .is_ok()
    );
    assert!(
        e.app
            .create_api_client(
                &admin,
                "SIMKIM",
                "kanim-malang",
                &[Permission::DecideApplicants]
            )
            .await
            .is_ok()
    );
    assert!(
        e.app
            .create_api_client(&admin, "SIMKIM", "kanim-malang", &[Permission::ViewAudit])
            .await
            .is_err()
    );
    let (client, token) = e
        .app
        .create_api_client(
            &admin,
            "SIMKIM",
            "kanim-malang",
            &[Permission::ScreenApplicants],
        )
        .await
        .expect("client");
    let actor = e
        .app
        .actor_for_bearer(&token, "10.1.1.1")
        .await
        .expect("ok")
        .expect("some");
    assert!(actor.can(Permission::ScreenApplicants));
    assert!(!actor.can(Permission::ViewPeople), "outside its scopes");
    assert!(!actor.can(Permission::ViewDashboard));
    e.app
        .revoke_api_client(&admin, &client.id)
        .await
        .expect("revoke");
    assert!(
        e.app
            .actor_for_bearer(&token, "x")
            .await
            .expect("ok")
            .is_none()
    );
    assert!(
        e.app
            .actor_for_bearer("snrg_forged", "x")
            .await
            .expect("ok")
            .is_none()
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn a_supervisor_reads_only_their_own_agencys_audit_trail() {
    let e = env().await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    user(&e.app, "rudi", "polres-malang", Role::Supervisor).await;
    user(&e.app, "admin", "kanwil-jatim", Role::Admin).await;
    let hendra = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let rudi = e.app.login("rudi", PW, "c").await.expect("login").actor;
    let admin = e.app.login("admin", PW, "c").await.expect("login").actor;
    let own = e.app.recent_audit(&hendra, 500).await.expect("own");
    assert!(!own.is_empty());
    assert!(
        own.iter().all(|r| r.actor == hendra.user.id),
        "only kanim-malang's rows: {:?}",
        own.iter().map(|r| &r.actor).collect::<Vec<_>>()
    );
    assert!(!own.iter().any(|r| r.actor == rudi.user.id));
    let all = e.app.recent_audit(&admin, 500).await.expect("all");
    assert!(all.iter().any(|r| r.actor == rudi.user.id));
    assert!(all.iter().any(|r| r.actor == hendra.user.id));
    assert_eq!(
        e.app.audit_scope(&hendra).expect("scope"),
        sinergi_app::audit::AuditScope::Agency("kanim-malang".into())
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn break_glass_needs_a_reason_and_another_supervisor() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    user(&e.app, "rudi", "polres-malang", Role::Supervisor).await;
    let dewi = e.app.login("dewi", PW, "c").await.expect("login").actor;
    let hendra = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let rudi = e.app.login("rudi", PW, "c").await.expect("login").actor;
    assert_eq!(
        e.app
            .break_glass(&dewi, "case", "k1", "perlu")
            .await
            .unwrap_err()
            .key(),
        "reason_too_short"
    );
    assert!(
        !e.app
            .has_break_glass(&dewi, "case", "k1")
            .await
            .expect("ok")
    );
    e.app
        .break_glass(
            &dewi,
            "case",
            "k1",
            "pemohon mengaku korban, perlu cek segera",
        )
        .await
        .expect("grant");
    assert!(
        e.app
            .has_break_glass(&dewi, "case", "k1")
            .await
            .expect("ok")
    );
    assert!(matches!(
        e.app.break_glass_to_review(&dewi).await,
        Err(AppError::Forbidden)
    ));
    assert!(
        e.app
            .break_glass_to_review(&rudi)
            .await
            .expect("ok")
            .is_empty(),
        "other agency"
    );
    let queue = e.app.break_glass_to_review(&hendra).await.expect("queue");
    assert_eq!(queue.len(), 1);
    e.app
        .review_break_glass(&hendra, &queue[0].id, true)
        .await
        .expect("review");
    assert!(
        e.app
            .break_glass_to_review(&hendra)
            .await
            .expect("ok")
            .is_empty()
    );
    e.clock.advance(time::Duration::hours(5));
    assert!(
        !e.app
            .has_break_glass(&dewi, "case", "k1")
            .await
            .expect("ok"),
        "expired"
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn consent_breaches_and_retention() {
    let e = env().await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    user(&e.app, "tono", "kanwil-jatim", Role::Analyst).await;
    let sup = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let analyst = e.app.login("tono", PW, "c").await.expect("login").actor;
    let nik = "3507044101900001";
    assert!(
        !e.app
            .has_consent(nik, "pendampingan_korban")
            .await
            .expect("ok")
    );
    e.app
        .record_consent(&sup, nik, "pendampingan_korban")
        .await
        .expect("consent");
    assert!(
        e.app
            .has_consent(nik, "pendampingan_korban")
            .await
            .expect("ok")
    );
    assert!(matches!(
        e.app
            .record_consent(&analyst, nik, "pendampingan_korban")
            .await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(
        e.app
            .withdraw_consent(&sup, nik, "pendampingan_korban")
            .await
            .expect("w"),
        1
    );
    assert!(
        !e.app
            .has_consent(nik, "pendampingan_korban")
            .await
            .expect("ok")
    );

    let discovered = sinergi_domain::clock::to_millis(datetime!(2026-11-28 01:00 UTC));
    let id = e
        .app
        .record_breach(
            &sup,
            discovered,
            "Laptop hilang",
            "nik,phone",
            40,
            "Kunci diganti",
        )
        .await
        .expect("breach");
    let list = e.app.breaches(&sup).await.expect("list");
    assert_eq!(
        list[0].remaining_ms,
        Some(70 * 3600 * 1000),
        "72h minus the 2h since discovery"
    );
    e.app
        .mark_breach(&sup, &id, BreachMark::SubjectsNotified)
        .await
        .expect("mark");
    e.app
        .mark_breach(&sup, &id, BreachMark::AgencyNotified)
        .await
        .expect("mark");
    assert_eq!(
        e.app.breaches(&sup).await.expect("list")[0].remaining_ms,
        None
    );
    assert!(matches!(
        e.app.breaches(&analyst).await,
        Err(AppError::Forbidden)
    ));

    // Nothing is old enough yet; then, six years on, everything goes and statistics stay.
    let before = e.app.purge_expired().await.expect("purge");
    assert_eq!(before.people_deleted, 0);
    e.db.cleanup().await;
}

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

// ------------------------------------------------------------------ subject access across records

#[tokio::test]
async fn subject_access_finds_a_person_as_applicant_case_victim_and_in_tips() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    user(&e.app, "bayu", "polres-malang", Role::Investigator).await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    let dewi = e.app.login("dewi", PW, "c").await.expect("login").actor;
    let bayu = e.app.login("bayu", PW, "c").await.expect("login").actor;
    let hendra = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let nik = "3507045203950002";
    e.app
        .record_application(
            &dewi,
            &sinergi_app::prevention::ApplicationInput {
                full_name: "Siti Nurhalizah".into(),
                nik: nik.into(),
                birth_date: "12/03/1995".into(),
                sex: "P".into(),
                phone: "0812-3456-7001".into(),
                purpose: "umrah_hajj".into(),
                destination: "SA".into(),
                documents: "ktp".into(),
                ..Default::default()
            },
        )
        .await
        .expect("application");
    let case = e
        .app
        .open_case(
            &bayu,
            sinergi_app::cases::NewCase {
                kind: "tppo".into(),
                title: "Perekrutan ke Timur Tengah".into(),
                started_on: "2026-11-01".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    e.app
        .add_case_person(
            &bayu,
            &case.id,
            sinergi_app::cases::NewCasePerson {
                role: "victim".into(),
                name: "Siti Nurhalizah".into(),
                nik: Some(nik.into()),
                phone: Some("0812-3456-7001".into()),
                ..Default::default()
            },
        )
        .await
        .expect("victim");
    e.app
        .submit_tip(
            &sinergi_app::audit::Origin {
                actor: "public".into(),
                client: "10.0.0.9".into(),
            },
            sinergi_app::cases::NewTip {
                channel: "phone".into(),
                kind: "tppo".into(),
                suspect_phone: Some("+6281234567001".into()),
                narrative: "Nomor ini menawarkan pekerjaan".into(),
                ..Default::default()
            },
        )
        .await
        .expect("tip");
    let export = e
        .app
        .subject_access_export(&hendra, nik)
        .await
        .expect("export");
    let kinds: Vec<&str> = export
        .records
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"passport_applicant"), "{kinds:?}");
    assert!(kinds.contains(&"case_person"), "{kinds:?}");
    assert!(kinds.contains(&"tip_naming_phone"), "{kinds:?}");
    let victim = export
        .records
        .iter()
        .find(|r| r["kind"] == "case_person")
        .expect("victim");
    assert_eq!(
        victim["full_name"], "Siti Nurhalizah",
        "the subject's own name, unmasked"
    );
    assert_eq!(victim["phone"], "+6281234567001");
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

// ------------------------------------------------------------------ the public report form

fn public_tip(narrative: &str) -> sinergi_app::cases::public_tip::PublicTip {
    sinergi_app::cases::public_tip::PublicTip {
        kind: "tppo".into(),
        narrative: narrative.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_public_form_is_rate_limited_per_address_and_overall() {
    use sinergi_app::cases::public_tip::{GLOBAL, PER_ADDRESS};
    let e = env().await;
    for i in 0..PER_ADDRESS {
        e.app
            .submit_public_tip("203.0.113.5", public_tip(&format!("laporan {i}")))
            .await
            .expect("within the limit");
    }
    assert!(matches!(
        e.app
            .submit_public_tip("203.0.113.5", public_tip("satu lagi"))
            .await,
        Err(AppError::Throttled)
    ));
    // Another address is not affected; after the window the first one may report again.
    e.app
        .submit_public_tip("198.51.100.1", public_tip("dari alamat lain"))
        .await
        .expect("other address");
    e.clock.advance(time::Duration::minutes(16));
    e.app
        .submit_public_tip("203.0.113.5", public_tip("sesudahnya"))
        .await
        .expect("window passed");
    // Overall: many addresses together cannot flood triage either.
    let mut refused = 0;
    for i in 0..(GLOBAL + 10) {
        if e.app
            .submit_public_tip(
                &format!("10.1.{}.{}", i / 250, i % 250),
                public_tip("banjir"),
            )
            .await
            .is_err()
        {
            refused += 1;
        }
    }
    assert!(refused >= 10, "global limit: {refused} refused");
    e.db.cleanup().await;
}

#[tokio::test]
async fn the_public_form_refuses_robots_long_fields_and_unknown_places() {
    let e = env().await;
    let mut robot = public_tip("isi");
    robot.website = "http://spam.example".into();
    assert_eq!(
        e.app.submit_public_tip("c", robot).await.unwrap_err().key(),
        "tip_rejected"
    );
    let long = public_tip(&"x".repeat(200_000));
    assert_eq!(
        e.app.submit_public_tip("c", long).await.unwrap_err().key(),
        "text_too_long"
    );
    let mut name = public_tip("isi");
    name.suspect_name = "y".repeat(500);
    assert_eq!(
        e.app.submit_public_tip("c", name).await.unwrap_err().key(),
        "text_too_long"
    );
    let mut far = public_tip("isi");
    far.location = "31.71.01".into(); // Jakarta: not a Malang Raya kecamatan
    assert_eq!(
        e.app.submit_public_tip("c", far).await.unwrap_err().key(),
        "location_unknown"
    );
    let choices = sinergi_app::cases::public_tip::location_choices();
    assert!(
        choices.len() > 30,
        "Malang Raya kecamatan: {}",
        choices.len()
    );
    let mut here = public_tip("isi");
    here.location = choices[0].0.clone();
    assert!(e.app.submit_public_tip("c", here).await.is_ok());
    e.db.cleanup().await;
}

#[tokio::test]
async fn urgency_stated_by_an_anonymous_reporter_alerts_nobody_until_triage_confirms() {
    let e = env().await;
    user(&e.app, "bayu", "polres-malang", Role::Investigator).await;
    let bayu = e.app.login("bayu", PW, "c").await.expect("login").actor;
    let mut tip = public_tip("Ada anak yang akan diberangkatkan malam ini");
    tip.imminent_danger = true;
    tip.child_involved = true;
    let receipt = e.app.submit_public_tip("c", tip).await.expect("tip");
    let alerts = |n: &Vec<sinergi_store::cases::NotificationRow>| {
        n.iter().filter(|n| n.kind == "tip_mandatory").count()
    };
    assert_eq!(alerts(&e.app.notifications(&bayu).await.expect("n")), 0);
    let row =
        e.db.store
            .tip_by_receipt(&receipt)
            .await
            .expect("tip")
            .expect("some");
    assert_eq!(row.channel, "portal");
    assert_eq!(
        e.app
            .tip_reported_urgency(&bayu, &row.id)
            .await
            .expect("stated"),
        Some(sinergi_domain::cases::tip::Severity::ImminentDanger)
    );
    e.app
        .confirm_tip_urgency(&bayu, &row.id, true, true)
        .await
        .expect("confirm");
    assert_eq!(alerts(&e.app.notifications(&bayu).await.expect("n")), 1);
    e.db.cleanup().await;
}
