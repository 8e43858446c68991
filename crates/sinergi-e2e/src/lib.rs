//! Browser-test harness for Sinergi: a real server on `127.0.0.1:0` and headless Debian
//! Chromium driven through ChromeDriver (WebDriver, via fantoccini).
//!
//! The journeys themselves live in `tests/`; this crate gives them two reusable pieces:
//! - [`TestServer`]: serves an [`App`] with the real router (`sinergi_web::serve`) on a free
//!   port and stops it gracefully.
//! - [`Browser`]: starts `chromedriver` on a free port with a fresh profile directory, opens a
//!   WebDriver session and kills the driver's whole process group when dropped, also when a test
//!   fails half-way.
//!
//! Tests wait for conditions (`client.wait().for_element(..)`), never for time. A missing
//! Chromium is an error, not a skip: `.ci/run` installs it.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use fantoccini::{Client, ClientBuilder};
use sinergi_app::App;
use sinergi_web::WebSettings;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use fantoccini;

mod info_steps;
mod steps;

pub use info_steps::REFRESH_TIMEOUT;

/// Errors of the harness (setup failures; test assertions panic as usual).
pub type HarnessError = Box<dyn std::error::Error + Send + Sync>;

/// Names under which Chromium is found on `PATH` (Debian package `chromium`), unless
/// `SINERGI_CHROMIUM` names the binary.
pub const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];
/// Names under which ChromeDriver is found on `PATH` (Debian package `chromium-driver`),
/// unless `SINERGI_CHROMEDRIVER` names the binary.
pub const CHROMEDRIVER_NAMES: &[&str] = &["chromedriver"];
/// What to do when a browser binary is missing.
const INSTALL_HINT: &str = "run `bash .ci/test` (the README's test command installs the Debian packages chromium and chromium-driver), or skip the browser journeys with `cargo test --workspace --exclude sinergi-e2e`";

/// Finds a binary: the variable `env` if set, else the first of `names` on `PATH`.
pub fn find_binary(env: &str, names: &[&str]) -> Result<PathBuf, HarnessError> {
    if let Some(path) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("{env}={} does not exist; {INSTALL_HINT}", path.display()).into())
        };
    }
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&dirs) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(format!("{} is not installed: {INSTALL_HINT}", names.join(" / ")).into())
}
/// How long a browser step may wait for an element before the test fails.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// The real web application served on a free local port.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The application behind it (to create users, read the audit trail, ...).
    pub app: App,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Binds `127.0.0.1:0` and serves `app` with `settings` in a background task.
    pub async fn start(app: App, settings: WebSettings) -> Result<TestServer, HarnessError> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(sinergi_web::serve(
            app.clone(),
            listener,
            settings,
            async move {
                let _ = stopped.await;
            },
        ));
        Ok(TestServer {
            addr,
            app,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server gracefully and waits for it (it also closes the app's pool).
    pub async fn stop(mut self) -> Result<(), HarnessError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await??;
        }
        Ok(())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A running `chromedriver`, in a process group of its own so that dropping it also ends the
/// Chromium processes it started.
pub struct ChromeDriver {
    /// The WebDriver endpoint, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    child: tokio::process::Child,
}

impl ChromeDriver {
    /// Starts `chromedriver` on a free port and waits (by reading its output, not by sleeping)
    /// until it says it is ready.
    pub async fn start() -> Result<ChromeDriver, HarnessError> {
        let chromedriver = find_binary("SINERGI_CHROMEDRIVER", CHROMEDRIVER_NAMES)?;
        // Ask the OS for a free port, then hand it to chromedriver (it cannot report a port
        // it picked itself). The gap between the two is tiny and only on loopback.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut command = tokio::process::Command::new(&chromedriver);
        command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true);
        #[cfg(unix)]
        command.process_group(0);
        let mut child = command.spawn()?;
        let stdout = child.stdout.take().ok_or("chromedriver has no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let ready = tokio::time::timeout(STEP_TIMEOUT, async {
            while let Some(line) = lines.next_line().await? {
                if line.contains("started successfully") {
                    return Ok::<bool, std::io::Error>(true);
                }
            }
            Ok(false)
        })
        .await;
        let driver = ChromeDriver {
            url: format!("http://127.0.0.1:{port}"),
            child,
        };
        match ready {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => return Err("chromedriver exited before it was ready".into()),
            Ok(Err(e)) => return Err(format!("reading chromedriver output: {e}").into()),
            Err(_) => return Err("chromedriver did not become ready in time".into()),
        }
        // Keep draining its output so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(driver)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and anything it left behind. `kill_process_group`
        // takes a positive, non-zero pid, so this can never become `kill(-1)` (which would end
        // every process of the user); never shell out to `kill -<pgid>` for this: procps 4.0.2
        // misparses negative pids.
        #[cfg(unix)]
        if let Some(pid) = self
            .child
            .id()
            .and_then(|id| i32::try_from(id).ok())
            .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        let _ = self.child.start_kill();
        let _ = self.child.try_wait();
    }
}

/// A headless Chromium session with a fresh profile; the driver and the profile directory go
/// away when it is dropped.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    // Field order is drop order: the session's client first, then the driver, then the profile.
    _driver: ChromeDriver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium with a fresh `--user-data-dir`, asking for
    /// pages in Indonesian (`Accept-Language: id-ID,id`), as the officers' browsers do.
    pub async fn launch() -> Result<Browser, HarnessError> {
        Self::launch_with_language("id-ID,id").await
    }

    /// Like [`Browser::launch`] with another `Accept-Language`, e.g. `en-US,en`.
    pub async fn launch_with_language(accept_language: &str) -> Result<Browser, HarnessError> {
        let chromium = find_binary("SINERGI_CHROMIUM", CHROMIUM_NAMES)?;
        let profile = tempfile::Builder::new()
            .prefix("sinergi-e2e-chromium-")
            .tempdir()?;
        let driver = ChromeDriver::start().await?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_string(),
            serde_json::json!({
                "binary": chromium.to_string_lossy(),
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1024,768",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": {"intl.accept_languages": accept_language}
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await?;
        Ok(Browser {
            client,
            _driver: driver,
            _profile: profile,
        })
    }

    /// Waits (up to [`STEP_TIMEOUT`]) for the element with this id and returns its text.
    pub async fn text_of(&self, id: &str) -> Result<String, HarnessError> {
        let element = self
            .client
            .wait()
            .at_most(STEP_TIMEOUT)
            .for_element(fantoccini::Locator::Id(id))
            .await?;
        Ok(element.text().await?)
    }

    /// Ends the WebDriver session (Chromium exits); the driver is killed on drop.
    pub async fn close(self) -> Result<(), HarnessError> {
        self.client.clone().close().await?;
        Ok(())
    }
}

impl Drop for Browser {
    /// When a test fails before [`Browser::close`], ChromeDriver never ends the session, and
    /// Chromium (which ChromeDriver starts in a session of its own) would outlive the test.
    /// Its processes are found by the unique profile directory on their command line and
    /// killed by pid.
    fn drop(&mut self) {
        kill_processes_mentioning(&format!(
            "--user-data-dir={}",
            self._profile.path().display()
        ));
    }
}

/// Kills (SIGKILL) every process whose command line contains `needle` (Linux `/proc`), then
/// waits (at most two seconds) until they have died, so their files can be removed.
fn kill_processes_mentioning(needle: &str) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    let me = std::process::id().to_string();
    let mut killed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(needle)
            && let Some(p) = pid
                .parse::<i32>()
                .ok()
                .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process(p, rustix::process::Signal::KILL);
            killed.push(pid.to_string());
        }
    }
    // A process is gone once /proc has no entry for it or shows it as a zombie (state Z).
    let alive = |pid: &String| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                stat.rsplit_once(')')
                    .map(|(_, rest)| !rest.trim_start().starts_with('Z'))
            })
            .unwrap_or(false)
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while killed.iter().any(alive) && std::time::Instant::now() < deadline {
        std::thread::yield_now();
    }
}
