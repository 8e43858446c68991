//! Application-level tests of sign-in, sessions, throttling, accounts, API clients, break-glass
//! and privacy duties, on SQLite and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL.

use super::support::*;
use sinergi_app::AppError;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::privacy::BreachMark;
use sinergi_domain::access::{Permission, Role};
use time::macros::datetime;

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
