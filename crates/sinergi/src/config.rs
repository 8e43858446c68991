//! One configuration: command-line flag, then `SINERGI_*` environment variable, then the TOML
//! file, then defaults derived from the data folder. Passed explicitly, never global.

use anyhow::Context;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The documented example printed by `sinergi config example`.
pub const EXAMPLE: &str = r#"# sinergi.toml: every setting is optional. Precedence: flag > SINERGI_* env > this file > default.
# Put it at <data-dir>/sinergi.toml or pass --config FILE. Nothing writes this file for you.

# Where Sinergi keeps its data (SQLite database, attachments). Default: ./sinergi-data
# data_dir = "/var/lib/sinergi"

# Database. Default: sqlite://<data_dir>/sinergi.db (embedded, WAL mode).
# For PostgreSQL: "postgres://user:password@127.0.0.1:5432/sinergi"
# database_url = "sqlite:///var/lib/sinergi/sinergi.db"

# Address the web server listens on. Default: 127.0.0.1:8080
# bind = "127.0.0.1:8080"

# Minutes a session lives without activity. Default: 60
# session_minutes = 60

# Mark cookies Secure (set when Sinergi is served over HTTPS by a proxy). Default: false
# secure_cookies = true

# Trust X-Forwarded-Proto / X-Forwarded-For from a reverse proxy (only when Sinergi listens
# behind one, on 127.0.0.1): cookies become Secure on HTTPS requests and sign-in throttling
# counts the real client address. Default: false
# trusted_proxy = true

# The master key file (protects NIKs, phones, passports, victim identities and the audit
# trail). Default: <data_dir>/sinergi.key. Keep it OFF the disk that holds the database and its
# backups: another disk, a mounted secret store (e.g. /run/secrets/sinergi.key) or an
# encrypted USB key; or give the key in the SINERGI_MASTER_KEY environment variable from a
# secret manager. Whoever has the database and the key can read everything; back the key up
# separately: without it sealed identifiers are lost. `sinergi key rotate` renews it.
# key_file = "/run/secrets/sinergi.key"

# The audit checkpoint (row count and head hash of the audit trail, MACed) that lets
# `sinergi audit verify` detect deleted rows. Default: <data_dir>/audit.checkpoint. Like the
# key, it is best kept away from the database's disk.
# audit_checkpoint = "/var/lib/sinergi-audit/audit.checkpoint"
"#;

/// Settings read from the TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Data folder.
    pub data_dir: Option<PathBuf>,
    /// Database URL.
    pub database_url: Option<String>,
    /// Listen address.
    pub bind: Option<String>,
    /// Session lifetime in minutes.
    pub session_minutes: Option<i64>,
    /// Secure cookies.
    pub secure_cookies: Option<bool>,
    /// Trust forwarding headers of a reverse proxy.
    pub trusted_proxy: Option<bool>,
    /// Master key file.
    pub key_file: Option<PathBuf>,
    /// Audit checkpoint file.
    pub audit_checkpoint: Option<PathBuf>,
}

/// The resolved configuration.
#[derive(Clone)]
pub struct Config {
    /// Data folder (created when missing).
    pub data_dir: PathBuf,
    /// Database URL.
    pub database_url: String,
    /// Listen address of `serve`/`demo` unless the command gives `--bind`.
    pub bind: String,
    /// Session lifetime in minutes.
    pub session_minutes: i64,
    /// Secure cookies.
    pub secure_cookies: bool,
    /// Trust forwarding headers of a reverse proxy.
    pub trusted_proxy: bool,
    /// Master key file.
    pub key_file: PathBuf,
    /// Audit checkpoint file.
    pub audit_checkpoint: PathBuf,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact(&self.database_url))
            .field("bind", &self.bind)
            .field("session_minutes", &self.session_minutes)
            .field("secure_cookies", &self.secure_cookies)
            .field("trusted_proxy", &self.trusted_proxy)
            .field("key_file", &self.key_file)
            .field("audit_checkpoint", &self.audit_checkpoint)
            .finish()
    }
}

/// Hides the password of a database URL (`postgres://user:***@host/db`).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((cred, host)) => match cred.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// Values given on the command line or in the environment (clap merges the two).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--data-dir` / `SINERGI_DATA_DIR`.
    pub data_dir: Option<PathBuf>,
    /// `--database-url` / `SINERGI_DATABASE_URL`.
    pub database_url: Option<String>,
    /// `--config` / `SINERGI_CONFIG`.
    pub config_file: Option<PathBuf>,
}

impl Config {
    /// Resolves the configuration; reads the TOML file if one is named or present in the data dir.
    pub fn resolve(o: &Overrides) -> anyhow::Result<Config> {
        let default_dir = PathBuf::from("sinergi-data");
        let probe_dir = o.data_dir.clone().unwrap_or_else(|| default_dir.clone());
        let file = match &o.config_file {
            Some(path) => Some(read_file(path)?),
            None => {
                let p = probe_dir.join("sinergi.toml");
                if p.exists() {
                    Some(read_file(&p)?)
                } else {
                    None
                }
            }
        }
        .unwrap_or_default();
        let data_dir = o.data_dir.clone().or(file.data_dir).unwrap_or(default_dir);
        let database_url = o
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("sinergi.db").display()));
        let session_minutes = file.session_minutes.unwrap_or(60);
        if !(5..=24 * 60).contains(&session_minutes) {
            anyhow::bail!("session_minutes must be between 5 and 1440, got {session_minutes}");
        }
        let key_file = file
            .key_file
            .unwrap_or_else(|| data_dir.join("sinergi.key"));
        let audit_checkpoint = file
            .audit_checkpoint
            .unwrap_or_else(|| data_dir.join("audit.checkpoint"));
        Ok(Config {
            trusted_proxy: file.trusted_proxy.unwrap_or(false),
            key_file,
            audit_checkpoint,
            data_dir,
            database_url,
            bind: file.bind.unwrap_or_else(|| "127.0.0.1:8080".to_string()),
            session_minutes,
            secure_cookies: file.secure_cookies.unwrap_or(false),
        })
    }

    /// Creates the data folder when the database is an SQLite file inside it.
    pub fn prepare_data_dir(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!("cannot create the data folder {}", self.data_dir.display())
        })?;
        crate::private_files::tighten(&self.data_dir, &self.database_url)
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("error in {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_derive_from_the_data_dir() {
        let c = Config::resolve(&Overrides {
            data_dir: Some(PathBuf::from("/nonexistent/x")),
            ..Overrides::default()
        })
        .expect("resolves");
        assert_eq!(c.database_url, "sqlite:///nonexistent/x/sinergi.db");
        assert_eq!(c.bind, "127.0.0.1:8080");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://sinergi:geheim@db:5432/s"),
            "postgres://sinergi:***@db:5432/s"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }

    #[test]
    fn the_example_parses() {
        let f: FileConfig = toml::from_str(EXAMPLE).expect("example parses");
        assert!(f.bind.is_none());
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert!(toml::from_str::<FileConfig>("bnid = \"x\"").is_err());
    }
}
