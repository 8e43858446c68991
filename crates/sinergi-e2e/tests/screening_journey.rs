//! Passport screening in headless Chromium: an officer screens an applicant whose sponsor phone
//! belongs to a known recruiter (demo data), sees why the score is high, records the interview,
//! defers with a reason and a referral, prints the notice; Disnaker finds the referral.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use sinergi_app::domain::access::Role;
use sinergi_app::prevention::demo::{DEMO_RECRUITER_PHONE, seed_demo_prevention};
use sinergi_e2e::{Browser, STEP_TIMEOUT, TestServer};
use sinergi_web::WebSettings;

use sinergi_testkit::PASSWORD;

async fn fill(browser: &Browser, id: &str, text: &str) {
    let e = browser.client.find(Locator::Id(id)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn click(browser: &Browser, id: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn select(browser: &Browser, id: &str, value: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

async fn sign_in(browser: &Browser, server: &TestServer, username: &str) {
    browser.client.goto(&server.url("/login")).await.unwrap();
    fill(browser, "username", username).await;
    fill(browser, "password", PASSWORD).await;
    click(browser, "login-submit").await;
    browser.text_of("welcome").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_defers_a_recruiter_linked_applicant_and_disnaker_sees_the_referral() {
    let (db, app) = sinergi_testkit::app_on_real_clock().await;
    seed_demo_prevention(&app).await.expect("demo data");
    for (u, agency, role) in [
        ("dewi", "kanim-malang", Role::ImmigrationOfficer),
        ("wahyu", "disnaker-kab-malang", Role::LabourOfficer),
    ] {
        sinergi_testkit::add_user(&app, u, agency, role).await;
    }
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let browser = Browser::launch().await.expect("browser");
    let c = &browser.client;

    sign_in(&browser, &server, "dewi").await;
    c.goto(&server.url("/prevention/new")).await.unwrap();
    fill(&browser, "full_name", "Rina Maharani").await;
    fill(&browser, "nik", "3507046807980003").await;
    fill(&browser, "birth_date", "28/07/1998").await;
    select(&browser, "sex", "P").await;
    select(&browser, "purpose", "umrah_hajj").await;
    fill(&browser, "destination", "SA").await;
    fill(&browser, "sponsor_name", "Pak Darto").await;
    fill(&browser, "sponsor_phone", DEMO_RECRUITER_PHONE).await;
    click(&browser, "applicant-submit").await;

    // The applicant page explains the score: the recruiter link is one of its parts.
    assert_eq!(
        browser.text_of("applicant-name").await.unwrap(),
        "Rina Maharani"
    );
    let score: i64 = browser
        .text_of("risk-score")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(score >= 35, "score {score}");
    c.find(Locator::Css("tr.indicator[data-code='recruiter_link']"))
        .await
        .expect("the recruiter link is listed with its points");
    c.find(Locator::Css("article.hit[data-kind='recruiter_phone']"))
        .await
        .expect("the recruiter hit is shown");

    // Interview: intent to work as a domestic worker in Saudi Arabia.
    click(&browser, "work-intent").await;
    select(&browser, "work_type", "domestic").await;
    fill(
        &browser,
        "iv-notes",
        "Akan bekerja sebagai PRT, berangkat lewat sponsor",
    )
    .await;
    click(&browser, "interview-submit").await;
    c.wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(
            "tr.indicator[data-code='moratorium_destination']",
        ))
        .await
        .expect("the moratorium indicator now holds");

    // Defer with a reason and a referral to Disnaker.
    select(&browser, "decision", "defer").await;
    fill(
        &browser,
        "reason",
        "Indikasi PMI non-prosedural ke Arab Saudi; sponsor terhubung calo",
    )
    .await;
    select(&browser, "refer_to", "disnaker-kab-malang").await;
    click(&browser, "decision-submit").await;
    let deadline = browser.text_of("deadline").await.unwrap();
    assert_eq!(deadline.len(), 10, "dd/mm/yyyy: {deadline}");

    // The printable notice.
    click(&browser, "print-notice").await;
    assert!(
        browser
            .text_of("notice-title")
            .await
            .unwrap()
            .to_lowercase()
            .contains("penundaan")
    );
    assert_eq!(browser.text_of("notice-deadline").await.unwrap(), deadline);

    // Disnaker's inbox has the referral.
    c.goto(&server.url("/")).await.unwrap();
    browser.text_of("welcome").await.unwrap();
    click(&browser, "logout-submit").await;
    // Wait until the sign-out landed on the sign-in page before signing in again.
    browser.text_of("login-heading").await.unwrap();
    sign_in(&browser, &server, "wahyu").await;
    c.goto(&server.url("/prevention/inbox")).await.unwrap();
    let inbox = browser.text_of("inbox").await.unwrap();
    assert!(inbox.contains("Rina Maharani"), "{inbox}");

    browser.close().await.expect("close browser");
    server.stop().await.expect("stop server");
    db.cleanup().await;
}
