//! The public portal in headless Chromium on a 390 px phone screen: a member of the public reads
//! the safe-migration guidance, checks a licensed company (typed in another order) and an
//! unlicensed one (misspelled), files a report and follows its status; the quick exit (Esc)
//! leaves the site and Back does not return to the page it left.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::Locator;
use sinergi_app::audit::Origin;
use sinergi_e2e::{Browser, STEP_TIMEOUT, TestServer};
use sinergi_web::WebSettings;

/// The page fits the phone screen: nothing sticks out sideways.
async fn fits_phone(b: &Browser, what: &str) {
    let w = b
        .js("return [document.documentElement.scrollWidth, window.innerWidth];")
        .await;
    let (scroll, inner) = (w[0].as_i64().unwrap(), w[1].as_i64().unwrap());
    assert!(inner <= 400, "{what}: viewport {inner} px, not a phone");
    assert!(
        scroll <= inner,
        "{what}: {scroll} px wide on a {inner} px screen"
    );
    // The quick exit is on screen without scrolling.
    let top = b
        .js("return document.getElementById('quick-exit').getBoundingClientRect().bottom;")
        .await;
    assert!(
        top.as_f64().unwrap() < 400.0,
        "{what}: quick exit below the fold"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_checks_licences_reads_guidance_and_follows_a_report() {
    let (db, app) = sinergi_testkit::app_on_real_clock().await;
    app.import_licence_registry(
        &Origin::cli(),
        "registry-demo.csv",
        sinergi_app::portal::demo::DEMO_REGISTRY.as_bytes(),
    )
    .await
    .expect("registry");
    let server = TestServer::start(app, WebSettings::default())
        .await
        .expect("server");
    let b = Browser::launch().await.expect("browser");
    b.client.set_window_size(390, 844).await.unwrap();

    // 1. The guidance, on a phone.
    b.client.goto(&server.url("/informasi")).await.unwrap();
    fits_phone(&b, "guidance").await;
    let steps = b.text("#guidance-steps").await;
    assert!(
        steps.contains("Disnaker") && steps.contains("BP3MI"),
        "{steps}"
    );
    assert!(
        b.text("#guidance-costs")
            .await
            .contains("Tidak boleh ditarik")
    );

    // 2. A licensed company, typed in another order.
    b.click("a[href='/informasi/izin']").await;
    b.fill("#licence-name", "sinar jaya abadi pt").await;
    b.click("#licence-submit").await;
    fits_phone(&b, "licence found").await;
    let hit = b.text(".licence-hit").await;
    assert!(hit.contains("PT Sinar Jaya Abadi"), "{hit}");
    assert!(hit.contains("Izin berlaku hari ini"), "{hit}");
    assert!(hit.contains("Malaysia"), "{hit}");

    // 3. Old spelling still finds it; an unlicensed company (misspelled) is "not registered".
    b.fill("#licence-name", "Sinar Djaja").await;
    b.click("#licence-submit").await;
    assert!(b.text(".licence-hit h2").await.contains("Sinar Jaya Abadi"));
    b.fill("#licence-name", "PT Berkah Mandiri Sentosaa").await;
    b.click("#licence-submit").await;
    let none = b.text("#licence-none").await;
    assert!(none.contains("Tidak terdaftar"), "{none}");
    fits_phone(&b, "licence not found").await;

    // 4. From the "not registered" answer to the report form; the receipt shows the status.
    b.click("#licence-none a[href='/lapor']").await;
    b.fill("#tip-kind", "pmi_np").await;
    b.client
        .find(Locator::Css("#tip-consent"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.fill("#tip-suspect", "PT Berkah Mandiri Sentosa").await;
    b.fill(
        "#tip-narrative",
        "Menawarkan kerja di Malaysia tanpa izin, minta uang jaminan (sintetis)",
    )
    .await;
    b.click("#tip-submit").await;
    let receipt = b.text("#tip-receipt").await;
    assert!(!receipt.is_empty());
    b.click("a[href='/lapor/status']").await;
    b.fill("#tip-code", &receipt).await;
    b.click("#tip-check").await;
    assert_eq!(b.text("#tip-status").await, "Diterima");
    fits_phone(&b, "status").await;

    // 5. Quick exit with Esc: the site is left and Back skips the page that was left.
    b.client
        .goto(&server.url("/informasi/larangan"))
        .await
        .unwrap();
    let left = b.client.current_url().await.unwrap().to_string();
    let body = b.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("\u{E00C}").await.unwrap();
    let start = std::time::Instant::now();
    loop {
        let now = b.client.current_url().await.unwrap().to_string();
        if !now.starts_with(&server.url("")) {
            break;
        }
        assert!(start.elapsed() < STEP_TIMEOUT, "Esc did not leave the site");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.client.back().await.unwrap();
    let back = b.client.current_url().await.unwrap().to_string();
    assert_ne!(back, left, "Back returned to the page the quick exit left");

    b.close().await.unwrap();
    server.stop().await.unwrap();
    db.cleanup().await;
}
