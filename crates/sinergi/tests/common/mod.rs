//! Shared helpers of the binary's end-to-end tests: temporary data folders, fresh databases on
//! the engine chosen by `SINERGI_TEST_DATABASE_URL`, running the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixed master key for tests (64 hex digits), so every process of a test shares it.
pub const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// A fresh, empty folder under the temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "sinergi-ops-{name}-{}-{}",
        std::process::id(),
        uuid_like()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{:x}", n & 0xffff_ffff_ffff)
}

/// One database for a test: an SQLite file in `dir`, or a new PostgreSQL database when
/// `SINERGI_TEST_DATABASE_URL` is set (dropped by [`Db::drop_database`]).
pub struct Db {
    /// URL to give `--database-url`.
    pub url: String,
    pg: Option<(String, String)>,
}

/// The PostgreSQL URL the suites run on, if any.
pub fn pg_url() -> Option<String> {
    std::env::var("SINERGI_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

fn with_db(url: &str, db: &str) -> String {
    match url.rfind('/') {
        Some(i) => format!("{}/{db}", &url[..i]),
        None => format!("{url}/{db}"),
    }
}

impl Db {
    /// A fresh database named after `label`.
    pub async fn fresh(dir: &Path, label: &str) -> Db {
        match pg_url() {
            None => Db {
                url: format!("sqlite://{}", dir.join(format!("{label}.db")).display()),
                pg: None,
            },
            Some(admin) => {
                use sqlx::Connection;
                let name = format!("sinergi_ops_{label}_{}_{}", std::process::id(), uuid_like());
                let mut c = sqlx::PgConnection::connect(&admin)
                    .await
                    .expect("connect pg");
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut c)
                    .await
                    .expect("create database");
                let _ = c.close().await;
                Db {
                    url: with_db(&admin, &name),
                    pg: Some((admin, name)),
                }
            }
        }
    }

    /// Whether this is PostgreSQL.
    pub fn is_pg(&self) -> bool {
        self.pg.is_some()
    }

    /// Drops the PostgreSQL database (no-op on SQLite).
    pub async fn drop_database(self) {
        if let Some((admin, name)) = self.pg {
            use sqlx::Connection;
            if let Ok(mut c) = sqlx::PgConnection::connect(&admin).await {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await;
                let _ = c.close().await;
            }
        }
    }
}

/// The binary with a data folder, a database and the shared test key.
pub fn sinergi_cmd(data: &Path, db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sinergi"));
    c.arg("--data-dir")
        .arg(data)
        .arg("--database-url")
        .arg(db)
        .env("SINERGI_MASTER_KEY", KEY)
        .env("SINERGI_LOG", "warn")
        .env_remove("SINERGI_CONFIG");
    c
}

/// Runs the binary to completion.
pub fn sinergi(data: &Path, db: &str, args: &[&str]) -> Output {
    sinergi_cmd(data, db)
        .args(args)
        .output()
        .expect("run sinergi")
}

/// stdout and stderr of a run, for assertion messages.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
