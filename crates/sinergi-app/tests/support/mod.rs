//! Shared set-up of the trust-layer test files (`trust`, `trust_audit`, `trust_data`,
//! `second_factor`): an isolated database with a hand-moved clock, users, temporary folders.
#![allow(dead_code)]

use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_testkit::add_named_user;
use time::macros::datetime;

pub use sinergi_testkit::PASSWORD as PW;
pub use sinergi_testkit::TestEnv as Env;

/// The application at 10:00 WIB on 28/11/2026.
pub async fn env() -> Env {
    env_with(None).await
}

/// A folder of its own under the system temp folder (removed by the OS, not by the test).
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sinergi-trust-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The application with an audit checkpoint file (or none).
pub async fn env_with(checkpoint: Option<std::path::PathBuf>) -> Env {
    let config = AppConfig {
        audit_checkpoint: checkpoint,
        ..sinergi_testkit::config()
    };
    Env::with_config(datetime!(2026-11-28 03:00 UTC), config).await
}

/// Adds a user named "Uji <username>".
pub async fn user(app: &App, username: &str, agency: &str, role: Role) {
    add_named_user(app, username, &format!("Uji {username}"), agency, role).await;
}
