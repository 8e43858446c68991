//! Backup and restore of a whole Sinergi installation: every table, read from one consistent
//! snapshot while the server runs, plus the case attachments and the master key's fingerprint
//! (never the key: it is kept apart from the data, and a backup without it cannot be read).
//!
//! A backup is one `.tar.gz` file:
//! - `manifest.json`: format, engine, migration versions, key fingerprint, and for every table
//!   and attachment its size and SHA-256;
//! - `tables/NNN_<table>.jsonl`: one file per table (see `sinergi_store::backup`);
//! - `attachments/…`: the files of the attachments folder.
//!
//! Restoring checks every SHA-256 and the key's fingerprint before it writes anything, loads the
//! tables into a fresh database in one transaction, moves the attachments into place, and (same
//! engine, same schema) exports the copy again to prove every table is identical.

use crate::vault::MasterKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sinergi_store::{ConnectOptions, Store, StoreError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The format written in every manifest.
pub const FORMAT: &str = "sinergi-backup-1";

/// What can go wrong while backing up or restoring. Messages never hold row values.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Reading or writing a file failed.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// The database refused or failed.
    #[error("database: {0}")]
    Store(#[from] StoreError),
    /// The backup file or the target is not acceptable.
    #[error("{0}")]
    Refused(String),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackupError {
    let what = what.into();
    move |e| BackupError::Io(what, e)
}

/// One file inside a backup.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Path inside the archive.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 (hex).
    pub sha256: String,
}

/// One table inside a backup.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TableEntry {
    /// Table name.
    pub name: String,
    /// Rows.
    pub rows: u64,
    /// Its file.
    pub file: FileEntry,
}

/// The table of contents of a backup.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Version of the program that wrote it.
    pub sinergi_version: String,
    /// When the snapshot was taken (epoch ms).
    pub created_at_ms: i64,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Migration versions of the source database.
    pub schema_versions: Vec<i64>,
    /// Fingerprint of the master key the data is sealed with ([`key_fingerprint`]).
    pub key_fingerprint: String,
    /// Every table.
    pub tables: Vec<TableEntry>,
    /// Every attachment file.
    pub attachments: Vec<FileEntry>,
}

/// A short public fingerprint of a master key: the first 16 bytes of SHA-256 over a label and
/// the key. It tells which key a backup needs without revealing it.
pub fn key_fingerprint(key: &MasterKey) -> String {
    let mut h = Sha256::new();
    h.update(b"sinergi master key fingerprint v1\0");
    h.update(key.to_hex().as_bytes());
    hex(&h.finalize()[..16])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes a file; returns (bytes, hex SHA-256).
fn hash_file(path: &Path) -> Result<(u64, String), BackupError> {
    let mut f = std::fs::File::open(path).map_err(io(path.display().to_string()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io(path.display().to_string()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex(&h.finalize())))
}

/// Every regular file under `root`, as paths relative to it (sorted).
fn files_under(root: &Path) -> Result<Vec<PathBuf>, BackupError> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        for entry in std::fs::read_dir(&dir).map_err(io(dir.display().to_string()))? {
            let entry = entry.map_err(io(dir.display().to_string()))?;
            let kind = entry.file_type().map_err(io(dir.display().to_string()))?;
            let child = rel.join(entry.file_name());
            if kind.is_dir() {
                stack.push(child);
            } else if kind.is_file() {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A staging folder next to a target, removed when dropped.
struct Staging(PathBuf);

impl Staging {
    fn new(near: &Path, label: &str) -> Result<Staging, BackupError> {
        let parent = near
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = parent.join(format!(
            ".sinergi-{label}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).map_err(io(dir.display().to_string()))?;
        Ok(Staging(dir))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What to back up and where.
#[derive(Debug, Clone)]
pub struct BackupRequest<'a> {
    /// The database (read only, while the server keeps running).
    pub database_url: &'a str,
    /// The attachments folder (`<data-dir>/attachments`).
    pub attachments_dir: &'a Path,
    /// The master key in use (only its fingerprint is written).
    pub key: &'a MasterKey,
    /// The `.tar.gz` file to write (written under a temporary name, then renamed).
    pub output: &'a Path,
    /// The snapshot instant recorded in the manifest (epoch ms).
    pub now_ms: i64,
}

async fn connect(url: &str) -> Result<Store, BackupError> {
    Ok(Store::connect_with(
        url,
        ConnectOptions {
            max_connections: Some(2),
            ..ConnectOptions::default()
        },
    )
    .await?)
}

/// Writes a backup; returns its manifest.
pub async fn create_backup(req: &BackupRequest<'_>) -> Result<Manifest, BackupError> {
    let staging = Staging::new(req.output, "backup")?;
    let tables_dir = staging.0.join("tables");
    let store = connect(req.database_url).await?;
    let snapshot = store.export_snapshot(&tables_dir).await;
    store.close().await;
    let snapshot = snapshot?;
    let mut tables = Vec::new();
    for t in &snapshot.tables {
        let (bytes, sha256) = hash_file(&tables_dir.join(&t.file))?;
        tables.push(TableEntry {
            name: t.name.clone(),
            rows: t.rows,
            file: FileEntry {
                path: format!("tables/{}", t.file),
                bytes,
                sha256,
            },
        });
    }
    // Attachments are written once and never changed; copied after the snapshot, so every
    // attachment row in the snapshot has its file (an upload racing the backup may add a file
    // without its row, which is harmless).
    let att_stage = staging.0.join("attachments");
    let mut attachments = Vec::new();
    for rel in files_under(req.attachments_dir)? {
        let src = req.attachments_dir.join(&rel);
        let dst = att_stage.join(&rel);
        if let Some(parent) = dst.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent.display().to_string()))?;
        }
        if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst).map_err(io(src.display().to_string()))?;
        }
        let (bytes, sha256) = hash_file(&dst)?;
        attachments.push(FileEntry {
            path: format!("attachments/{}", rel_string(&rel)),
            bytes,
            sha256,
        });
    }
    let manifest = Manifest {
        format: FORMAT.to_string(),
        sinergi_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at_ms: req.now_ms,
        backend: snapshot.backend.name().to_string(),
        schema_versions: snapshot.schema_versions,
        key_fingerprint: key_fingerprint(req.key),
        tables,
        attachments,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| BackupError::Refused(format!("manifest: {e}")))?;
    std::fs::write(staging.0.join("manifest.json"), &json).map_err(io("manifest.json"))?;

    let partial = req.output.with_extension("partial");
    write_archive(&staging.0, &manifest, &partial)?;
    std::fs::rename(&partial, req.output).map_err(io(req.output.display().to_string()))?;
    Ok(manifest)
}

fn write_archive(stage: &Path, manifest: &Manifest, out: &Path) -> Result<(), BackupError> {
    let file = std::fs::File::create(out).map_err(io(out.display().to_string()))?;
    let gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut paths = vec!["manifest.json".to_string()];
    paths.extend(manifest.tables.iter().map(|t| t.file.path.clone()));
    paths.extend(manifest.attachments.iter().map(|a| a.path.clone()));
    for p in &paths {
        tar.append_path_with_name(stage.join(p), p)
            .map_err(io(p.clone()))?;
    }
    let gz = tar.into_inner().map_err(io(out.display().to_string()))?;
    let mut w = gz.finish().map_err(io(out.display().to_string()))?;
    w.flush().map_err(io(out.display().to_string()))?;
    w.into_inner()
        .map_err(|e| BackupError::Io(out.display().to_string(), e.into_error()))?
        .sync_all()
        .map_err(io(out.display().to_string()))
}

/// Reads only the manifest of a backup file (to show what it holds and which key it needs).
pub fn read_manifest(input: &Path) -> Result<Manifest, BackupError> {
    let file = std::fs::File::open(input).map_err(io(input.display().to_string()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    let entries = tar.entries().map_err(io(input.display().to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(io(input.display().to_string()))?;
        let is_manifest = entry
            .path()
            .map(|p| p == Path::new("manifest.json"))
            .unwrap_or(false);
        if is_manifest {
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .map_err(io("manifest.json"))?;
            return parse_manifest(&text);
        }
    }
    Err(BackupError::Refused(
        "no manifest.json in the backup".into(),
    ))
}

fn parse_manifest(text: &str) -> Result<Manifest, BackupError> {
    let m: Manifest = serde_json::from_str(text)
        .map_err(|e| BackupError::Refused(format!("manifest.json: {e}")))?;
    if m.format != FORMAT {
        return Err(BackupError::Refused(format!(
            "unknown backup format {:?} (this version reads {FORMAT})",
            m.format
        )));
    }
    Ok(m)
}

/// Where to restore a backup.
#[derive(Debug, Clone)]
pub struct RestoreRequest<'a> {
    /// A fresh database: an SQLite file that does not exist yet, or an empty PostgreSQL database.
    pub database_url: &'a str,
    /// The attachments folder to fill (must be empty or missing).
    pub attachments_dir: &'a Path,
    /// The master key the restored installation will use; must match the backup's fingerprint.
    pub key: &'a MasterKey,
    /// The backup file.
    pub input: &'a Path,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Rows loaded per table.
    pub tables: Vec<(String, u64)>,
    /// Attachment files put in place.
    pub attachments: usize,
    /// Whether the copy was exported again and found identical, table by table (same engine
    /// and schema only; `false` when that check does not apply).
    pub verified_identical: bool,
}

/// Restores a backup into a fresh database and attachments folder.
pub async fn restore_backup(req: &RestoreRequest<'_>) -> Result<RestoreReport, BackupError> {
    let staging = Staging::new(req.attachments_dir, "restore")?;
    let file = std::fs::File::open(req.input).map_err(io(req.input.display().to_string()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    // `unpack` refuses entries that would land outside the folder (`..`, absolute paths).
    tar.unpack(&staging.0)
        .map_err(io(req.input.display().to_string()))?;
    let text = std::fs::read_to_string(staging.0.join("manifest.json"))
        .map_err(io("manifest.json in the backup"))?;
    let manifest = parse_manifest(&text)?;
    if key_fingerprint(req.key) != manifest.key_fingerprint {
        return Err(BackupError::Refused(format!(
            "the master key in effect (fingerprint {}) is not the key of this backup \
             (fingerprint {}); give the backup's key with SINERGI_MASTER_KEY or the key file",
            key_fingerprint(req.key),
            manifest.key_fingerprint
        )));
    }
    for f in manifest
        .tables
        .iter()
        .map(|t| &t.file)
        .chain(&manifest.attachments)
    {
        let (bytes, sha256) = hash_file(&staging.0.join(&f.path))?;
        if bytes != f.bytes || sha256 != f.sha256 {
            return Err(BackupError::Refused(format!(
                "{} does not match its checksum: the backup is damaged",
                f.path
            )));
        }
    }
    if !files_under(req.attachments_dir)?.is_empty() {
        return Err(BackupError::Refused(format!(
            "the attachments folder {} is not empty; restore only into a fresh data folder",
            req.attachments_dir.display()
        )));
    }

    let store = connect(req.database_url).await?;
    let result = load(&store, &manifest, &staging.0).await;
    store.close().await;
    let (tables, verified_identical) = result?;

    let from = staging.0.join("attachments");
    if from.exists() {
        if let Some(parent) = req.attachments_dir.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent.display().to_string()))?;
        }
        let _ = std::fs::remove_dir(req.attachments_dir);
        if std::fs::rename(&from, req.attachments_dir).is_err() {
            for rel in files_under(&from)? {
                let dst = req.attachments_dir.join(&rel);
                if let Some(parent) = dst.parent() {
                    std::fs::create_dir_all(parent).map_err(io(parent.display().to_string()))?;
                }
                std::fs::copy(from.join(&rel), &dst).map_err(io(dst.display().to_string()))?;
            }
        }
    }
    Ok(RestoreReport {
        attachments: manifest.attachments.len(),
        manifest,
        tables,
        verified_identical,
    })
}

async fn load(
    store: &Store,
    manifest: &Manifest,
    stage: &Path,
) -> Result<(Vec<(String, u64)>, bool), BackupError> {
    store.migrate().await?;
    let versions = store.schema_versions().await?;
    if let Some(v) = manifest
        .schema_versions
        .iter()
        .find(|v| !versions.contains(v))
    {
        return Err(BackupError::Refused(format!(
            "the backup has migration {v}, which this version of Sinergi does not know; \
             restore with the version that wrote it ({})",
            manifest.sinergi_version
        )));
    }
    let files: Vec<PathBuf> = manifest
        .tables
        .iter()
        .map(|t| stage.join(&t.file.path))
        .collect();
    let loaded = store.import_snapshot(&files).await?;
    for t in &manifest.tables {
        let got = loaded
            .iter()
            .find(|(n, _)| n == &t.name)
            .map_or(0, |(_, r)| *r);
        if got != t.rows {
            return Err(BackupError::Refused(format!(
                "table {}: {got} rows loaded, the backup has {}",
                t.name, t.rows
            )));
        }
    }
    // Same engine and schema: export the copy and compare every table file byte for byte.
    let same = manifest.backend == store.backend().name() && manifest.schema_versions == versions;
    if !same {
        return Ok((loaded, false));
    }
    let check_dir = stage.join("verify");
    let again = store.export_snapshot(&check_dir).await?;
    for t in &manifest.tables {
        let Some(e) = again.tables.iter().find(|e| e.name == t.name) else {
            return Err(BackupError::Refused(format!(
                "table {} missing after restore",
                t.name
            )));
        };
        let (_, sha256) = hash_file(&check_dir.join(&e.file))?;
        if sha256 != t.file.sha256 {
            return Err(BackupError::Refused(format!(
                "table {} differs from the backup after restore",
                t.name
            )));
        }
    }
    Ok((loaded, true))
}

/// Rows per table of a database (for operators and tests comparing a copy with its source).
pub async fn table_counts(database_url: &str) -> Result<Vec<(String, i64)>, BackupError> {
    let store = connect(database_url).await?;
    let counts = store.table_counts().await;
    store.close().await;
    Ok(counts?)
}
