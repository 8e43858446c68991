//! Files and folders only the service account can read, whatever the umask it was started with.
//!
//! The process umask is set to `077` before anything is created, so the SQLite database and its
//! WAL/SHM files, the key file, the audit checkpoint, attachments and every folder come out
//! `0600`/`0700`. Files an older version left readable are tightened when the data folder is
//! prepared. (OWASP ASVS 5.0 V13.3 secret management, V14.2 data protection.)

use anyhow::Context;
use std::path::Path;

/// Makes everything this process creates private to its user (umask 077). Call first in `main`.
pub fn restrict_umask() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Sets `path` to `mode` if it exists (unix only; elsewhere a no-op).
pub fn set_mode(path: &Path, mode: u32) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
                .with_context(|| format!("cannot restrict {}", path.display()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Tightens the data folder (0700), its attachment folder and the SQLite database with its
/// WAL/SHM files (0600) when they already exist, and creates the database file 0600 before
/// SQLite does (SQLite gives the WAL and SHM files the mode of the database file).
pub fn tighten(data_dir: &Path, database_url: &str) -> anyhow::Result<()> {
    set_mode(data_dir, 0o700)?;
    set_mode(&data_dir.join("attachments"), 0o700)?;
    if let Some(db) = sqlite_file(database_url) {
        if !db.exists() {
            create_private(&db)?;
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            set_mode(Path::new(&name), 0o600)?;
        }
    }
    Ok(())
}

/// Creates an empty file readable only by its owner (no-op when it exists).
fn create_private(path: &Path) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

/// The file of an SQLite URL (`sqlite://path?…` or a bare path), `None` for memory or PostgreSQL.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let body = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = body.split('?').next().unwrap_or(body);
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_files_are_found_in_urls() {
        assert_eq!(
            sqlite_file("sqlite://d/s.db?mode=rwc"),
            Some("d/s.db".into())
        );
        assert_eq!(sqlite_file("d/s.db"), Some("d/s.db".into()));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
    }
}
