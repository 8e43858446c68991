//! Isolated databases for tests of every crate.
//!
//! With `SINERGI_TEST_DATABASE_URL` unset, each test gets its own in-memory SQLite database.
//! With it set (e.g. `postgres://postgres@127.0.0.1:5432/test`), each test gets a fresh schema in
//! that PostgreSQL database, so tests can run in parallel; the schema is dropped when the
//! test calls [`TestDatabase::cleanup`] (best effort `DROP SCHEMA`).

use crate::{ConnectOptions, Result, Store};

/// The one variable that switches every test suite to PostgreSQL.
pub const TEST_DATABASE_ENV: &str = "SINERGI_TEST_DATABASE_URL";

/// A fresh, isolated database for one test.
#[derive(Debug)]
pub struct TestDatabase {
    /// The store over it.
    pub store: Store,
    admin_url: Option<String>,
    schema: Option<String>,
}

impl TestDatabase {
    /// Creates the database (SQLite in memory, or a new PostgreSQL schema).
    pub async fn new() -> Result<TestDatabase> {
        match std::env::var(TEST_DATABASE_ENV) {
            Ok(url) if !url.trim().is_empty() => {
                let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                let admin = Store::connect_with(
                    &url,
                    ConnectOptions {
                        max_connections: Some(1),
                        ..ConnectOptions::default()
                    },
                )
                .await?;
                let create = format!("CREATE SCHEMA {schema}");
                sqlx::raw_sql(sqlx::AssertSqlSafe(create))
                    .execute(admin.pool())
                    .await?;
                admin.close().await;
                let store = Store::connect_with(
                    &url,
                    ConnectOptions {
                        pg_schema: Some(schema.clone()),
                        max_connections: Some(4),
                    },
                )
                .await?;
                Ok(TestDatabase {
                    store,
                    admin_url: Some(url),
                    schema: Some(schema),
                })
            }
            _ => Ok(TestDatabase {
                store: Store::connect("sqlite::memory:").await?,
                admin_url: None,
                schema: None,
            }),
        }
    }

    /// Runs raw SQL against the test database, e.g. to tamper with a row in a test that checks
    /// tamper detection. Tests only.
    pub async fn execute(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(self.store.pool())
            .await?
            .rows_affected())
    }

    /// The PostgreSQL schema of this test (`None` on SQLite), e.g. to open a standby's copy.
    pub fn pg_schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Which backend the tests run on, for messages.
    pub fn describe(&self) -> &'static str {
        self.store.backend().name()
    }

    /// Drops the PostgreSQL schema (no-op on SQLite). Call at the end of a test.
    pub async fn cleanup(self) {
        self.store.close().await;
        if let (Some(url), Some(schema)) = (self.admin_url, self.schema)
            && let Ok(admin) = Store::connect(&url).await
        {
            {
                let drop = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                    .execute(admin.pool())
                    .await;
                admin.close().await;
            }
        }
    }
}
