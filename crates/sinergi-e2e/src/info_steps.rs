//! Steps of the information journeys (imports, downloads, pages that refresh themselves):
//! attach a file to a file input, fetch a download with the page's session, wait for an element
//! across reloads.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::{Browser, STEP_TIMEOUT};
use fantoccini::Locator;
use serde_json::Value;
use std::path::Path;

/// How long a page that refreshes itself (an import's progress) may take to show a result.
pub const REFRESH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Browser {
    /// Chooses a local file in a file input, as a person picks it in the dialog.
    pub async fn attach_file(&self, css: &str, file: &Path) {
        let path = file.to_str().expect("a UTF-8 path");
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("file input {css}: {e}"))
            .send_keys(path)
            .await
            .unwrap_or_else(|e| panic!("attach {path} to {css}: {e}"));
    }

    /// The bytes of a download link's target, fetched by the page with its session (what the
    /// browser would save when the link is clicked).
    pub async fn download(&self, link_css: &str) -> Vec<u8> {
        let href = self
            .find(link_css)
            .await
            .attr("href")
            .await
            .unwrap_or_else(|e| panic!("href of {link_css}: {e}"))
            .unwrap_or_else(|| panic!("{link_css} has no href"));
        let script = "const done = arguments[arguments.length - 1]; \
                      fetch(arguments[0], {credentials: 'same-origin'}) \
                        .then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status)) \
                        .then(b => done(Array.from(new Uint8Array(b)))) \
                        .catch(e => done('failed: ' + e));";
        let value = self
            .client
            .execute_async(script, vec![Value::from(href.clone())])
            .await
            .unwrap_or_else(|e| panic!("download {href}: {e}"));
        match value {
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_u64().and_then(|n| u8::try_from(n).ok()).unwrap_or(0))
                .collect(),
            other => panic!("download {href}: {other}"),
        }
    }

    /// Waits until an element exists, while the page may reload itself (up to
    /// [`REFRESH_TIMEOUT`]); then returns its text.
    pub async fn text_after_reloads(&self, css: &str) -> String {
        let probe = "const e = document.querySelector(arguments[0]); \
                     return document.readyState === 'complete' && e ? e.innerText : null;";
        let start = std::time::Instant::now();
        loop {
            if let Ok(Value::String(text)) =
                self.client.execute(probe, vec![Value::from(css)]).await
            {
                return text;
            }
            assert!(
                start.elapsed() < REFRESH_TIMEOUT.max(STEP_TIMEOUT),
                "{css} did not appear"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}
