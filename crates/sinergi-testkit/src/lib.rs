//! Test fixtures shared by the tests of every crate (dev-dependency only, never in the binary).
//!
//! - [`TestEnv`]: the real application over an isolated database (in-memory SQLite, or a fresh
//!   PostgreSQL schema when `SINERGI_TEST_DATABASE_URL` is set) with a hand-moved clock, plus
//!   [`TestEnv::actor`] to add a user of a role and sign them in.
//! - [`TestWeb`]: the same application behind the real router, called in-process (`oneshot`),
//!   with helpers for forms, CSRF fields, cookies and JSON; [`TestWeb::finish`] checks the
//!   invariants every test must leave true (no 5xx answered, the audit chain verifies).
//! - [`routes_in_sources`]: what the web crate really routes, for tests that compare it with the
//!   access table and the OpenAPI document.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod http;
mod routes;

pub use http::{Resp, TestWeb, form_encode};
pub use routes::routes_in_sources;

use sinergi_app::auth::{Actor, Caller, NewUser};
use sinergi_app::{App, AppConfig};
use sinergi_domain::access::Role;
use sinergi_domain::clock::ManualClock;
use sinergi_store::testing::TestDatabase;
use std::sync::Arc;
use time::OffsetDateTime;
use time::macros::datetime;

/// The password every test user gets.
pub const PASSWORD: &str = "kata-sandi-uji-2026";

/// The instant test clocks start at: 28/11/2026 09:00 WIB.
pub const START: OffsetDateTime = datetime!(2026-11-28 02:00 UTC);

/// The application over an isolated database, with its clock.
pub struct TestEnv {
    /// The database (drop it with [`TestEnv::cleanup`]).
    pub db: TestDatabase,
    /// The application.
    pub app: App,
    /// The clock every rule reads; tests move it.
    pub clock: Arc<ManualClock>,
}

impl TestEnv {
    /// A fresh application at [`START`] with a cheap password hash.
    pub async fn new() -> TestEnv {
        Self::at(START).await
    }

    /// A fresh application whose clock stands at `now`.
    pub async fn at(now: OffsetDateTime) -> TestEnv {
        Self::with_config(now, config()).await
    }

    /// A fresh application with settings of its own (start from [`config`]).
    pub async fn with_config(now: OffsetDateTime, config: AppConfig) -> TestEnv {
        let db = TestDatabase::new().await.expect("test database");
        let clock = Arc::new(ManualClock::new(now));
        let app = App::from_store(db.store.clone(), config, clock.clone())
            .await
            .expect("app");
        TestEnv { db, app, clock }
    }

    /// Adds a user of `role` at `agency` (username = display name) and signs them in.
    pub async fn actor(&self, username: &str, agency: &str, role: Role) -> Actor {
        self.session(username, agency, role).await.actor
    }

    /// Adds a user and returns their bearer token (for API calls).
    pub async fn token(&self, username: &str, agency: &str, role: Role) -> String {
        self.session(username, agency, role).await.token
    }

    async fn session(
        &self,
        username: &str,
        agency: &str,
        role: Role,
    ) -> sinergi_app::auth::NewSession {
        add_user(&self.app, username, agency, role).await;
        self.app
            .login(username, PASSWORD, "test")
            .await
            .expect("login")
    }

    /// Checks the audit chain and drops the database.
    pub async fn cleanup(self) {
        let v = self.app.verify_audit().await.expect("verify audit");
        assert_eq!(v.broken, None, "audit chain broken");
        self.db.cleanup().await;
    }
}

/// The application over an isolated database on the real clock, for browser journeys whose
/// forms carry today's date. Drop the database with `TestDatabase::cleanup`.
pub async fn app_on_real_clock() -> (TestDatabase, App) {
    let db = TestDatabase::new().await.expect("test database");
    let app = App::from_store(
        db.store.clone(),
        config(),
        Arc::new(sinergi_domain::clock::SystemClock),
    )
    .await
    .expect("app");
    (db, app)
}

/// The application settings of tests: a small Argon2 cost so sign-in is fast.
pub fn config() -> AppConfig {
    AppConfig {
        argon2_memory_kib: 64,
        ..AppConfig::new("unused")
    }
}

/// Adds a user with [`PASSWORD`] whose display name is their username.
pub async fn add_user(app: &App, username: &str, agency: &str, role: Role) {
    add_named_user(app, username, username, agency, role).await;
}

/// Adds a user with [`PASSWORD`] and a display name of its own.
pub async fn add_named_user(
    app: &App,
    username: &str,
    display_name: &str,
    agency: &str,
    role: Role,
) {
    app.add_user(
        Caller::Operator,
        NewUser {
            username: username.into(),
            display_name: display_name.into(),
            agency_code: agency.into(),
            role,
            password: PASSWORD.into(),
        },
    )
    .await
    .expect("add user");
}
