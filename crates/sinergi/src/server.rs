//! `sinergi serve` and `sinergi demo`: open the app and run the web server until Ctrl-C/SIGTERM.

use crate::config::Config;
use anyhow::Context;
use sinergi_app::vault::MasterKey;
use sinergi_app::{App, AppConfig};

/// Arguments of `sinergi serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks a free port).
    #[arg(long, env = "SINERGI_BIND")]
    pub bind: Option<String>,
}

/// Arguments of `sinergi demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, env = "SINERGI_BIND")]
    pub bind: Option<String>,
    /// How many synthetic person records to load.
    #[arg(long, default_value_t = 2000)]
    pub people: u64,
    /// Seed of the synthetic data (same seed, same people).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Load the data and print the accounts, but do not start the server.
    #[arg(long)]
    pub no_serve: bool,
}

/// Environment variable holding the master key (64 hex digits) instead of the key file.
pub const MASTER_KEY_ENV: &str = "SINERGI_MASTER_KEY";

/// Loads the master key that protects identifiers at rest: `SINERGI_MASTER_KEY`, else the key
/// file (`key_file`, default `<data-dir>/sinergi.key`), created (mode 0600) on first use. The key
/// never goes into the database; losing it makes sealed identifiers unreadable, so back it up
/// apart from the data.
pub fn load_master_key(config: &Config) -> anyhow::Result<MasterKey> {
    if let Ok(hex) = std::env::var(MASTER_KEY_ENV) {
        return MasterKey::from_hex(&hex).map_err(|e| anyhow::anyhow!("{MASTER_KEY_ENV}: {e}"));
    }
    let path = config.key_file.clone();
    if path.exists() {
        crate::private_files::set_mode(&path, 0o600)?;
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the key file {}", path.display()))?;
        return MasterKey::from_hex(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let key = MasterKey::generate()?;
    write_private(&path, &key.to_hex())
        .with_context(|| format!("cannot write the key file {}", path.display()))?;
    tracing::info!(path = %path.display(), "created a new master key; back it up apart from the database");
    Ok(key)
}

/// The master key if one exists (`SINERGI_MASTER_KEY` or the key file), never creating one:
/// backup and restore must not invent a key.
pub fn find_master_key(config: &Config) -> anyhow::Result<Option<MasterKey>> {
    let from_env = std::env::var(MASTER_KEY_ENV).is_ok();
    if from_env || config.data_dir.join("sinergi.key").exists() {
        return load_master_key(config).map(Some);
    }
    Ok(None)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Opens the application over the configured database (migrating and seeding it).
pub async fn open_app(config: &Config) -> anyhow::Result<App> {
    config.prepare_data_dir()?;
    let key = load_master_key(config)?;
    open_app_with_key(config, key).await
}

/// Like [`open_app`] with a given master key ring (key rotation).
pub async fn open_app_with_key(config: &Config, key: MasterKey) -> anyhow::Result<App> {
    let mut app_config = AppConfig::new(config.database_url.clone()).with_master_key(key);
    app_config.session_minutes = config.session_minutes;
    app_config.audit_checkpoint = Some(config.audit_checkpoint.clone());
    app_config.index_snapshot = Some(config.data_dir.join("screening.index"));
    let app = App::open(app_config).await.with_context(|| {
        format!(
            "cannot open the database {}",
            crate::config::redact(&config.database_url)
        )
    })?;
    match &config.read_database_url {
        None => Ok(app),
        Some(url) => app.with_read_replica(url).await.with_context(|| {
            format!(
                "cannot open the read replica {}",
                crate::config::redact(url)
            )
        }),
    }
}

/// Runs the web server.
pub async fn serve(config: &Config, args: &ServeArgs) -> anyhow::Result<()> {
    let app = open_app(config).await?;
    run_server(app, config, args.bind.as_deref()).await
}

/// Loads demo data, prints the accounts, runs the server unless `--no-serve`.
pub async fn demo(config: &Config, args: &DemoArgs) -> anyhow::Result<()> {
    let app = open_app(config).await?;
    let loaded = crate::cmd::import::load_synthetic(&app, args.people, args.seed).await?;
    let accounts = app.ensure_demo_accounts().await?;
    sinergi_app::prevention::demo::seed_demo_prevention(&app).await?;
    sinergi_app::cases::seed_demo_cases(&app).await?;
    sinergi_app::portal::demo::seed_demo_portal(&app).await?;
    sinergi_app::dashboard::demo::seed_demo_dashboard(&app).await?;
    outln!();
    outln!(
        "Sinergi demo: {loaded} synthetic person records loaded (seed {}).",
        args.seed
    );
    outln!("Akun demo (kata sandi baru setiap kali `demo` dijalankan) / demo accounts:");
    outln!(
        "  {:<22} {:<20} {:<14} agency",
        "username",
        "password",
        "role"
    );
    for a in &accounts {
        outln!(
            "  {:<22} {:<20} {:<14} {}",
            a.username,
            a.password,
            a.role.code(),
            a.agency_name
        );
    }
    outln!();
    if args.no_serve {
        app.close().await;
        return Ok(());
    }
    run_server(app, config, args.bind.as_deref()).await
}

async fn run_server(app: App, config: &Config, bind: Option<&str>) -> anyhow::Result<()> {
    let bind = bind.unwrap_or(&config.bind);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let addr = listener.local_addr()?;
    outln!("Sinergi listening on http://{addr}/ (Ctrl-C to stop)");
    let settings = sinergi_web::WebSettings {
        secure_cookies: config.secure_cookies,
        trusted_proxy: config.trusted_proxy,
        data_dir: Some(config.data_dir.join("attachments")),
        ..sinergi_web::WebSettings::default()
    };
    // The screening index opens in the background (from its snapshot, or rebuilt); /readyz
    // answers 503 until it is ready.
    let warm = app.clone();
    let warming = tokio::spawn(async move {
        match warm.warm_index().await {
            Ok(n) => tracing::info!(entries = n, "screening index ready"),
            Err(e) => tracing::error!(error = %e, "screening index could not be built"),
        }
    });
    // Background jobs (reminders, deferral sweep, retention purge) under database leases:
    // checked every 30 s; each runs when due, in at most one process at a time.
    let jobs = app.clone();
    let schedule = config.jobs;
    let holder = format!("{}-{}", std::process::id(), addr);
    let ticker = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            every.tick().await;
            match jobs.run_due_jobs(&holder, &schedule).await {
                Ok(ran) if !ran.is_empty() => tracing::info!(jobs = ?ran, "background jobs ran"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "background jobs could not run"),
            }
            // Rows written by other processes join the screening index; its snapshot is
            // rewritten at most every 10 minutes while entries change.
            if let Err(e) = jobs.maintain_index(10 * 60 * 1000).await {
                tracing::warn!(error = %e, "screening index could not catch up");
            }
        }
    });
    sinergi_web::serve(app.clone(), listener, settings, shutdown_signal()).await?;
    ticker.abort();
    warming.abort();
    app.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
