//! Browser journeys in headless Chromium against the real router (one test binary).

// A panic in test code is a failed test (allow-unwrap-in-tests covers `#[test]` fns only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use sinergi_app::domain::access::Role;
use sinergi_e2e::{Browser, STEP_TIMEOUT, TestServer};
use sinergi_web::WebSettings;

use sinergi_testkit::PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_switch_language_and_sign_out() {
    let (db, app) = sinergi_testkit::app_on_real_clock().await;
    sinergi_testkit::add_named_user(
        &app,
        "dewi",
        "Dewi Petugas",
        "kanim-malang",
        Role::ImmigrationOfficer,
    )
    .await;
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
