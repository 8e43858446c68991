//! `sinergi`: the one program of Sinergi. Parses arguments and configuration, starts things,
//! and turns errors into exit codes (0 success, 1 failure or invalid input found, 2 usage).
//! It holds no rules: every action is a use case of `sinergi-app`.

/// `println!` for command output: a closed pipe (`sinergi nik … | head`) ends the program
/// quietly with success instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

/// `print!` counterpart of [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod cmd;
mod config;
mod private_files;
mod server;

use clap::{Parser, Subcommand};
use config::{Config, Overrides};
use std::path::PathBuf;
use std::process::ExitCode;

/// Sinergi: shared platform of Malang Raya agencies against non-procedural migrant work (PMI-NP),
/// trafficking in persons (TPPO) and people smuggling.
#[derive(Debug, Parser)]
#[command(name = "sinergi", version, propagate_version = true)]
struct Cli {
    /// Data folder (SQLite database, attachments). Default: ./sinergi-data
    #[arg(long, global = true, env = "SINERGI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB. Default: SQLite in the data folder.
    #[arg(
        long,
        global = true,
        env = "SINERGI_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Read replica (PostgreSQL hot standby) for dashboards and searches. Default: none.
    #[arg(
        long,
        global = true,
        env = "SINERGI_READ_DATABASE_URL",
        hide_env_values = true
    )]
    read_database_url: Option<String>,
    /// Configuration file (TOML). Default: <data-dir>/sinergi.toml when present.
    #[arg(long, global = true, env = "SINERGI_CONFIG")]
    config: Option<PathBuf>,
    /// Log level: error, warn, info, debug or trace.
    #[arg(long, global = true, env = "SINERGI_LOG", default_value = "info")]
    log_level: tracing::Level,
    /// Log format: text (for people) or json (one object per line). Default: text, or the
    /// configuration file's log_format.
    #[arg(long, global = true, env = "SINERGI_LOG_FORMAT", value_parser = ["text", "json"])]
    log_format: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (pages and JSON API).
    Serve(server::ServeArgs),
    /// Load synthetic Malang Raya demo data, print demo accounts, and run the web server.
    Demo(server::DemoArgs),
    /// Apply pending database migrations and seed the agency registry.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(cmd::user::UserCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(cmd::audit::AuditCommand),
    /// The master key: `sinergi key rotate` re-seals every sealed field under a new key.
    #[command(subcommand)]
    Key(cmd::key::KeyCommand),
    /// Personal-data protection duties (retention purge).
    #[command(subcommand)]
    Privacy(cmd::privacy::PrivacyCommand),
    /// List the agency registry with the names in force on a date.
    Agencies(cmd::agencies::AgenciesArgs),
    /// Import person records from a CSV file (re-running adds no duplicates).
    Import(cmd::import::ImportArgs),
    /// Explain NIKs: region, birth date, sex and serial, or what is wrong.
    Nik(cmd::nik::NikArgs),
    /// Write synthetic people with ground truth to a CSV file.
    Synth(cmd::synth::SynthArgs),
    /// Link records: deduplicate one file or link two files.
    Link(cmd::matching::LinkArgs),
    /// Screen query records against a watchlist.
    Screen(cmd::matching::ScreenArgs),
    /// Measure performance (prints figures; not a test).
    #[command(subcommand)]
    Bench(cmd::bench::BenchCommand),
    /// Write an online, consistent backup (database, attachments, key fingerprint).
    Backup(cmd::backup::BackupArgs),
    /// Restore a backup into a fresh data folder or database.
    Restore(cmd::restore::RestoreArgs),
    /// Configuration helpers.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The P3MI/LPK licence registry of the public licence check.
    #[command(subcommand)]
    Registry(cmd::registry::RegistryCommand),
    /// Anonymised statistics exports.
    #[command(subcommand)]
    Export(cmd::export::ExportCommand),
    /// Printed reports (the task-force report as PDF).
    #[command(subcommand)]
    Report(cmd::report::ReportCommand),
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print a documented example configuration file.
    Example,
    /// Print the configuration in effect (secrets redacted).
    Show,
}

fn main() -> ExitCode {
    private_files::restrict_umask();
    let cli = Cli::parse();
    let json = match &cli.log_format {
        Some(f) => f == "json",
        None => Config::resolve(&Overrides {
            data_dir: cli.data_dir.clone(),
            database_url: None,
            config_file: cli.config.clone(),
            read_database_url: None,
        })
        .ok()
        .and_then(|c| c.log_format)
        .is_some_and(|f| f == "json"),
    };
    let logs = tracing_subscriber::fmt()
        .with_max_level(cli.log_level)
        .with_writer(std::io::stderr)
        .with_target(false);
    if json {
        logs.json()
            .flatten_event(true)
            .with_current_span(false)
            .init();
    } else {
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("sinergi: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Runs a command; `Ok(false)` means it ran but found invalid input.
fn run(cli: Cli) -> anyhow::Result<bool> {
    let overrides = Overrides {
        data_dir: cli.data_dir,
        database_url: cli.database_url,
        config_file: cli.config,
        read_database_url: cli.read_database_url,
    };
    match cli.command {
        Command::Nik(a) => cmd::nik::run(&a),
        Command::Synth(a) => cmd::synth::run(&a).map(|_| true),
        Command::Link(a) => cmd::matching::run_link(&a).map(|_| true),
        Command::Screen(a) => cmd::matching::run_screen(&a).map(|_| true),
        Command::Config(ConfigCommand::Example) => {
            out!("{}", config::EXAMPLE);
            Ok(true)
        }
        Command::Config(ConfigCommand::Show) => {
            outln!("{:#?}", Config::resolve(&overrides)?);
            Ok(true)
        }
        other => {
            let config = Config::resolve(&overrides)?;
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(run_async(other, config))
        }
    }
}

async fn run_async(command: Command, config: Config) -> anyhow::Result<bool> {
    match command {
        Command::Serve(a) => server::serve(&config, &a).await.map(|_| true),
        Command::Demo(a) => server::demo(&config, &a).await.map(|_| true),
        Command::Migrate => {
            let app = server::open_app(&config).await?;
            outln!(
                "Database ready ({}); agency registry seeded.",
                app.backend_name()
            );
            app.close().await;
            Ok(true)
        }
        Command::User(c) => cmd::user::run(&config, c).await.map(|_| true),
        Command::Audit(c) => cmd::audit::run(&config, c).await,
        Command::Key(c) => cmd::key::run(&config, c).await,
        Command::Privacy(c) => cmd::privacy::run(&config, c).await.map(|_| true),
        Command::Bench(c) => cmd::bench::run(c).await.map(|_| true),
        Command::Agencies(a) => cmd::agencies::run(&config, &a).await.map(|_| true),
        Command::Import(a) => cmd::import::run(&config, &a).await,
        Command::Registry(c) => cmd::registry::run(&config, &c).await,
        Command::Export(c) => cmd::export::run(&config, &c).await.map(|_| true),
        Command::Report(c) => cmd::report::run(&config, &c).await.map(|_| true),
        Command::Backup(a) => cmd::backup::run(&config, &a).await,
        Command::Restore(a) => cmd::restore::run(&config, &a).await,
        Command::Nik(_)
        | Command::Synth(_)
        | Command::Link(_)
        | Command::Screen(_)
        | Command::Config(_) => Ok(true),
    }
}
