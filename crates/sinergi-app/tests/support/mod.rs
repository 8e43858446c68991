//! Shared set-up of the trust-layer test files (`trust`, `trust_audit`, `trust_data`,
//! `second_factor`): an isolated database with a hand-moved clock, users, temporary folders.
#![allow(dead_code)]

use sinergi_app::auth::{Caller, NewUser};
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_domain::clock::ManualClock;
use sinergi_store::testing::TestDatabase;
use std::sync::Arc;
use time::macros::datetime;

pub const PW: &str = "kata-sandi-uji-2026";

pub struct Env {
    pub db: TestDatabase,
    pub app: App,
    pub clock: Arc<ManualClock>,
}

pub async fn env() -> Env {
    env_with(None).await
}

/// A folder of its own under the system temp folder (removed by the OS, not by the test).
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sinergi-trust-{tag}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

pub async fn env_with(checkpoint: Option<std::path::PathBuf>) -> Env {
    let db = TestDatabase::new().await.expect("test database");
    let clock = Arc::new(ManualClock::new(datetime!(2026-11-28 03:00 UTC)));
    let config = AppConfig {
        argon2_memory_kib: 64,
        audit_checkpoint: checkpoint,
        ..AppConfig::new("unused")
    };
    let app = App::from_store(db.store.clone(), config, clock.clone())
        .await
        .expect("app");
    Env { db, app, clock }
}

pub async fn user(app: &App, username: &str, agency: &str, role: Role) {
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
