//! Browser journeys in headless Chromium against the real router (one test binary).

// A panic in test code is a failed test (allow-unwrap-in-tests covers `#[test]` fns only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::domain::access::Role;
use sinergi_app::{App, AppConfig};
use sinergi_e2e::{Browser, STEP_TIMEOUT, TestServer};
use sinergi_store::testing::TestDatabase;
use sinergi_web::WebSettings;
use std::sync::Arc;

const PASSWORD: &str = "kata-sandi-rahasia-42";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_switch_language_and_sign_out() {
    let db = TestDatabase::new().await.expect("test database");
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
    app.add_user(
        Caller::Operator,
        NewUser {
            username: "dewi".into(),
            display_name: "Dewi Petugas".into(),
            agency_code: "kanim-malang".into(),
            role: Role::ImmigrationOfficer,
            password: PASSWORD.into(),
        },
    )
    .await
    .expect("user");
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let browser = Browser::launch().await.expect("browser");
    let c = &browser.client;

    // The sign-in page, in Indonesian.
    c.goto(&server.url("/login")).await.unwrap();
    assert_eq!(browser.text_of("login-heading").await.unwrap(), "Masuk");
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys("dewi")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("login-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Home.
    assert_eq!(
        browser.text_of("welcome").await.unwrap(),
        "Selamat datang, Dewi Petugas"
    );

    // English.
    c.find(Locator::Id("lang-en"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Id("lang-id"))
        .await
        .unwrap();
    assert_eq!(
        browser.text_of("welcome").await.unwrap(),
        "Welcome, Dewi Petugas"
    );
    assert_eq!(
        browser.text_of("role").await.unwrap(),
        "Immigration officer"
    );

    // Sign out: back on the sign-in page, still in English, and home needs a session again.
    c.find(Locator::Id("logout-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        browser.text_of("login-notice").await.unwrap(),
        "You have signed out."
    );
    assert_eq!(browser.text_of("login-heading").await.unwrap(), "Sign in");
    c.goto(&server.url("/")).await.unwrap();
    assert_eq!(browser.text_of("login-heading").await.unwrap(), "Sign in");
    assert!(c.current_url().await.unwrap().path().ends_with("/login"));

    browser.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    db.cleanup().await;
}
