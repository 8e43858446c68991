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

/// Runs the binary on `data` with its own SQLite file (whatever the environment names) and
/// no master key from the environment.
pub fn sinergi_sqlite(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("SINERGI_DATABASE_URL")
        .env_remove("SINERGI_MASTER_KEY")
        .env("SINERGI_LOG", "warn")
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

/// A `sinergi serve` process on a free port.
pub struct Server {
    /// The process.
    pub child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Server {
    /// Starts the server and waits (by reading its log, not by sleeping) until the screening
    /// index is built, then checks that `/readyz` answers 200.
    pub fn start(data: &Path, db: &str) -> Server {
        use std::io::BufRead;
        let mut child = sinergi_cmd(data, db)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("SINERGI_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn server");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("server line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let stderr = child.stderr.take().expect("stderr");
        let mut log = std::io::BufReader::new(stderr).lines();
        let ready = log
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.contains("screening index ready"));
        assert!(ready, "the server ended before its index was ready");
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || log.for_each(drop));
        let server = Server { child, addr };
        let status = http(&server.addr, "GET", "/readyz", &[], "").map(|r| r.0);
        assert_eq!(status, Some(200), "/readyz after the index was built");
        server
    }

    /// SIGKILL: no shutdown, no flush, like a power cut of the process.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request over a fresh connection; `None` when the server cannot be reached or
/// the connection dies. Returns (status, headers in lower case, body).
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<(u16, String, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(600)))
        .ok()?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status: u16 = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, head.to_ascii_lowercase(), body.to_string()))
}

/// Demo accounts printed by `sinergi demo --no-serve`: (username, password).
pub fn demo_accounts(out: &Output) -> Vec<(String, String)> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let user = w.next()?;
            let pass = w.next()?;
            (user.contains('.') || user.chars().all(|c| c.is_ascii_lowercase()))
                .then_some(())
                .filter(|()| pass.len() >= 12 && pass.contains('-'))
                .map(|()| (user.to_string(), pass.to_string()))
        })
        .collect()
}

/// Signs in over the API; returns the session token.
pub fn login(addr: &str, accounts: &[(String, String)], user: &str) -> String {
    let pass = &accounts
        .iter()
        .find(|(u, _)| u == user)
        .unwrap_or_else(|| panic!("no demo account {user}"))
        .1;
    let body = format!("{{\"username\":\"{user}\",\"password\":\"{pass}\"}}");
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/v1/session",
        &[("Content-Type", "application/json")],
        &body,
    )
    .expect("login");
    assert!(status == 200 || status == 201, "{status}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    v["token"].as_str().expect("token").to_string()
}
