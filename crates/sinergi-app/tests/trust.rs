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
    let db = TestDatabase::new().await.expect("test database");
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 03:00 UTC)));
    let config = AppConfig {
        argon2_memory_kib: 64,
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
async fn wrong_passwords_are_throttled_per_account() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    for _ in 0..5 {
        let r = e.app.login("dewi", "salah-sandi-123", "c").await;
        assert!(matches!(r, Err(AppError::BadCredentials)), "{r:?}");
    }
    let r = e.app.login("dewi", PW, "c").await;
    assert!(matches!(r, Err(AppError::Throttled)), "{r:?}");
    e.clock.advance(time::Duration::minutes(16));
    assert!(e.app.login("dewi", PW, "c").await.is_ok());
    let unknown = e.app.login("nobody", PW, "c").await;
    assert!(matches!(unknown, Err(AppError::BadCredentials)));
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
    let enrolment = e.app.enrol_totp(&actor).await.expect("enrol");
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
