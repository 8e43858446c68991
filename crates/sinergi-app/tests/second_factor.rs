//! The second factor: enrolment, sign-in with a code, re-enrolment and switching off only with
//! the password and a current code, wrong codes counted by throttling.

use super::support::*;
use sinergi_app::AppError;
use sinergi_app::totp::{LoginStep, base32_decode, code_at};
use sinergi_domain::access::Role;
use sinergi_domain::clock::ManualClock;

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
