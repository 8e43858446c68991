//! The steps a journey takes in the browser, as a person would: fill a field, press a button and
//! wait for the next page, tick a box, read a text, sign in and out.
//!
//! Each step panics with the selector it could not find: journeys are tests, and the selector in
//! the message is what a failing run needs. Steps wait for conditions, never for time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::{Browser, STEP_TIMEOUT, TestServer};
use fantoccini::Locator;
use serde_json::Value;

impl Browser {
    /// Sets a form field by CSS selector (works for date inputs whatever the browser locale). A
    /// field inside a closed `<details>` box is shown first, as a person would open it.
    pub async fn fill(&self, css: &str, value: &str) {
        let js = "const e = document.querySelector(arguments[0]); \
                  const d = e.closest('details'); if (d) { d.open = true; } \
                  e.value = arguments[1]; return true;";
        self.client
            .execute(js, vec![Value::from(css), Value::from(value)])
            .await
            .unwrap_or_else(|e| panic!("fill {css}: {e}"));
    }

    /// Types into a field key by key (for fields whose own scripts react to typing).
    pub async fn type_into(&self, css: &str, value: &str) {
        let e = self.find(css).await;
        e.clear()
            .await
            .unwrap_or_else(|e| panic!("clear {css}: {e}"));
        e.send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Shows the element if it sits in a closed `<details>` box, as a person would open it.
    async fn reveal(&self, css: &str) {
        let open = "const e = document.querySelector(arguments[0]); \
                    const d = e && e.closest('details'); if (d) { d.open = true; } return true;";
        let _ = self.client.execute(open, vec![Value::from(css)]).await;
    }

    /// Chooses an option of a `<select>` by its value.
    pub async fn choose(&self, css: &str, value: &str) {
        self.reveal(css).await;
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
    }

    /// Chooses an option of a `<select>` by the text a person reads.
    pub async fn choose_label(&self, css: &str, label: &str) {
        self.reveal(css).await;
        self.find(css)
            .await
            .select_by_label(label)
            .await
            .unwrap_or_else(|e| panic!("choose {label:?} in {css}: {e}"));
    }

    /// Presses the button or link found by CSS selector and waits for the next page to load
    /// (every button it is used on submits a form or follows a link).
    pub async fn click(&self, css: &str) {
        self.reveal(css).await;
        let element = self.find(css).await;
        let marked = "window.__sinergiOld = true; return true;";
        self.client.execute(marked, vec![]).await.unwrap();
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
        self.wait_for_new_page(css).await;
    }

    /// Waits until the page that was marked before an action has been replaced by a loaded one.
    async fn wait_for_new_page(&self, after: &str) {
        let probe = "return !window.__sinergiOld && document.readyState === 'complete';";
        let start = std::time::Instant::now();
        loop {
            if let Ok(Value::Bool(true)) = self.client.execute(probe, vec![]).await {
                return;
            }
            if start.elapsed() > STEP_TIMEOUT {
                panic!("no new page after {after}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Ticks a checkbox or radio button (no navigation).
    pub async fn tick(&self, css: &str) {
        self.reveal(css).await;
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("tick {css}: {e}"));
    }

    /// Waits for the element and returns its visible text.
    pub async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of {css}: {e}"))
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    /// Opens a path of the test server and waits for it to load.
    pub async fn open(&self, server: &TestServer, path: &str) {
        self.client
            .goto(&server.url(path))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The current path and query, e.g. `/kasus/…`.
    pub async fn path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .unwrap_or_else(|e| panic!("current url: {e}"));
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Signs in on the login page and waits for the signed-in menu.
    pub async fn sign_in(&self, server: &TestServer, username: &str, password: &str) {
        self.open(server, "/login").await;
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click("#login-submit").await;
        self.find("#logout-submit").await;
    }

    /// Signs out and waits for the login page.
    pub async fn sign_out(&self) {
        self.click("#logout-submit").await;
        self.find("#login-heading").await;
    }

    /// Waits (up to [`STEP_TIMEOUT`]) for an element by CSS selector.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("find {css}: {e}"))
    }
}
