//! The life of the screening index across restarts: open from a snapshot, catch up with the
//! database, write the snapshot back.
//!
//! - **Snapshot**: `<data-dir>/screening.index` ([`crate::AppConfig::index_snapshot`]) holds the
//!   prepared index (`sinergi_match::persist`) and its watermark `synced_at`, sealed with a key
//!   derived from the master key (it holds NIKs and phones in clear once opened). Written to a
//!   temporary file, synced and renamed, so a crash leaves the old snapshot or the new one.
//! - **Open**: a snapshot that is missing, does not open (another key, truncated, altered) or
//!   was written by another build of the matching engine is discarded and the index rebuilt from
//!   the database. Otherwise the rows created since `synced_at - REPLAY_MARGIN_MS` are replayed.
//! - **Deletions** (retention purge, erasure, a restored older database) cannot be replayed by
//!   time: after replaying, the index's count of person records and applications is compared
//!   with the database's; when they differ the ids are compared and every entry whose row is
//!   gone is dropped (and any row the index lacks is added). Watchlist entries and named case
//!   people (small tables whose rows change in place) are reloaded whole on every catch-up.
//! - **Catch-up** runs at open, after an import, and from the server's job ticker; it also
//!   picks up rows other processes wrote (a CLI import, a second server).

use super::PreventionState;
use super::index::{EntryKind, IndexFields, PreventionIndex, entry_id};
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Instant;

/// Rows created this long before the watermark are replayed again: covers transactions that
/// commit after a later one and clocks of other processes a little behind.
pub const REPLAY_MARGIN_MS: i64 = 2 * 60 * 1000;
const PURPOSE: &[u8] = b"sinergi/screening-index-snapshot";
const FILE_MAGIC: &[u8; 8] = b"SNGIDXF1";
const PAGE: i64 = 5000;

/// Why the index was rebuilt instead of loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildReason {
    /// No snapshot file is configured (tests, `sqlite::memory:`).
    Disabled,
    /// The snapshot file does not exist.
    Missing,
    /// The file could not be read.
    Unreadable,
    /// The file does not open under this key (another key, truncated or altered).
    Sealed,
    /// It opened but is not an index this build can use (format, engine fingerprint, checksum).
    Damaged,
}

/// How the index was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenPath {
    /// Loaded from the snapshot and caught up.
    Snapshot,
    /// Rebuilt from the database.
    Rebuilt(RebuildReason),
}

/// What one catch-up with the database did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncStats {
    /// Entries added or replaced from rows.
    pub indexed: u64,
    /// Entries dropped because their row is gone.
    pub removed: u64,
    /// Whether the counts differed and the ids were compared.
    pub reconciled: bool,
}

/// The last opening of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOpen {
    /// Snapshot or rebuild.
    pub path: OpenPath,
    /// Entries once open.
    pub entries: usize,
    /// The catch-up that followed the load (or the rebuild itself).
    pub sync: SyncStats,
    /// Wall time, milliseconds.
    pub millis: u64,
}

/// Counters of the index's life in this process (for tests, `/metrics` and benches).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexReport {
    /// Full rebuilds from the database.
    pub rebuilds: u64,
    /// Openings from the snapshot.
    pub snapshot_loads: u64,
    /// Snapshots written.
    pub snapshot_saves: u64,
    /// Entries changed since the last snapshot was written.
    pub changes_since_save: u64,
    /// The last opening.
    pub last_open: Option<IndexOpen>,
}

/// The counters behind [`IndexReport`].
#[derive(Debug, Default)]
pub(crate) struct IndexLife {
    rebuilds: AtomicU64,
    loads: AtomicU64,
    saves: AtomicU64,
    changes: AtomicU64,
    last_save_ms: AtomicI64,
    last_open: std::sync::Mutex<Option<IndexOpen>>,
}

impl PreventionState {
    /// Counts entries changed since the last snapshot.
    pub(crate) fn note_change(&self, n: u64) {
        self.life.changes.fetch_add(n, Ordering::Relaxed);
    }
}

/// The index being caught up: one being opened (owned) or the one in service (locked briefly
/// for each page, so searches keep running).
enum Target<'a> {
    Local(&'a mut PreventionIndex),
    Live(&'a PreventionState),
}

impl Target<'_> {
    fn with<R>(&mut self, f: impl FnOnce(&mut PreventionIndex) -> R) -> Option<R> {
        match self {
            Target::Local(idx) => Some(f(idx)),
            Target::Live(state) => state.index.write().ok()?.as_mut().map(f),
        }
    }
}

fn unknown(target: &mut Target<'_>, ids: Vec<String>) -> HashSet<String> {
    target
        .with(|idx| ids.into_iter().filter(|e| !idx.contains(e)).collect())
        .unwrap_or_default()
}

impl App {
    fn index_now_ms(&self) -> i64 {
        to_millis(self.clock.now())
    }

    /// Opens the index (snapshot or rebuild), once: concurrent callers wait for the first.
    pub(crate) async fn open_prevention_index(&self) -> Result<usize, AppError> {
        let _one = self.prevention.opening.lock().await;
        if let Ok(guard) = self.prevention.index.read()
            && let Some(idx) = guard.as_ref()
        {
            return Ok(idx.len());
        }
        let started = Instant::now();
        let now = self.index_now_ms();
        let (mut idx, path) = match self.read_snapshot().await {
            Ok(idx) => (idx, OpenPath::Snapshot),
            Err(reason) => (PreventionIndex::new(), OpenPath::Rebuilt(reason)),
        };
        let since = (path == OpenPath::Snapshot).then_some(idx.synced_at);
        let sync = self.sync_index(Target::Local(&mut idx), since).await?;
        idx.synced_at = now;
        let entries = idx.len();
        if let Ok(mut guard) = self.prevention.index.write() {
            *guard = Some(idx);
        }
        let life = &self.prevention.life;
        match path {
            OpenPath::Snapshot => life.loads.fetch_add(1, Ordering::Relaxed),
            OpenPath::Rebuilt(_) => life.rebuilds.fetch_add(1, Ordering::Relaxed),
        };
        if let Ok(mut last) = life.last_open.lock() {
            *last = Some(IndexOpen {
                path,
                entries,
                sync,
                millis: started.elapsed().as_millis() as u64,
            });
        }
        tracing::info!(?path, entries, ?sync, "screening index open");
        self.prevention
            .note_change(sync.indexed + sync.removed + u64::from(since.is_none()));
        if self.prevention.life.changes.load(Ordering::Relaxed) > 0
            && let Err(e) = self.write_snapshot().await
        {
            tracing::warn!(error = %e, "screening index snapshot not written");
        }
        Ok(entries)
    }

    /// Catches the open index up with the database (rows added since its watermark, rows
    /// deleted behind its back, watchlist and case people reloaded); opens it if needed.
    pub async fn index_catch_up(&self) -> Result<SyncStats, AppError> {
        let since = match self.prevention.index.read() {
            Ok(g) => g.as_ref().map(|i| i.synced_at),
            Err(_) => return Err(AppError::Internal("screening index lock".into())),
        };
        let Some(since) = since else {
            self.ensure_prevention_index().await?;
            return Ok(SyncStats::default());
        };
        let now = self.index_now_ms();
        let stats = self
            .sync_index(Target::Live(&self.prevention), Some(since))
            .await?;
        if let Ok(mut g) = self.prevention.index.write()
            && let Some(idx) = g.as_mut()
        {
            idx.synced_at = now;
        }
        self.prevention.note_change(stats.indexed + stats.removed);
        Ok(stats)
    }

    /// Catches up and writes the snapshot when entries changed since the last one and it is at
    /// least `every_ms` old (the server's job ticker calls this). Returns whether it wrote.
    pub async fn maintain_index(&self, every_ms: i64) -> Result<bool, AppError> {
        if !self.index_ready() {
            return Ok(false);
        }
        self.index_catch_up().await?;
        let life = &self.prevention.life;
        let due = self.index_now_ms() - life.last_save_ms.load(Ordering::Relaxed) >= every_ms;
        if life.changes.load(Ordering::Relaxed) > 0 && due {
            return Ok(self.save_index_snapshot().await?.is_some());
        }
        Ok(false)
    }

    /// Catches the index up and writes its snapshot (shutdown, ticker). `None` when no snapshot
    /// file is configured or the index is not open; else the bytes written.
    pub async fn save_index_snapshot(&self) -> Result<Option<u64>, AppError> {
        if self.config.index_snapshot.is_none() || !self.index_ready() {
            return Ok(None);
        }
        self.index_catch_up().await?;
        self.write_snapshot().await
    }

    /// The ids of the best `k` entries for a query (`p:`, `a:`, `w:` or `k:` and the row id).
    /// Diagnostics and tests only: no authorisation, no audit; never expose it to a caller.
    pub async fn index_entry_ids(
        &self,
        f: &IndexFields,
        k: usize,
    ) -> Result<Vec<String>, AppError> {
        Ok(self
            .index_search(f, k)
            .await?
            .into_iter()
            .map(|h| h.entry_id)
            .collect())
    }

    /// The index's life in this process.
    pub fn index_report(&self) -> IndexReport {
        let life = &self.prevention.life;
        IndexReport {
            rebuilds: life.rebuilds.load(Ordering::Relaxed),
            snapshot_loads: life.loads.load(Ordering::Relaxed),
            snapshot_saves: life.saves.load(Ordering::Relaxed),
            changes_since_save: life.changes.load(Ordering::Relaxed),
            last_open: life.last_open.lock().ok().and_then(|g| *g),
        }
    }

    async fn read_snapshot(&self) -> Result<PreventionIndex, RebuildReason> {
        let Some(path) = self.config.index_snapshot.clone() else {
            return Err(RebuildReason::Disabled);
        };
        let vault = self.vault.clone();
        let read = tokio::task::spawn_blocking(move || {
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(RebuildReason::Missing);
                }
                Err(_) => return Err(RebuildReason::Unreadable),
            };
            let sealed = bytes
                .strip_prefix(FILE_MAGIC.as_slice())
                .ok_or(RebuildReason::Sealed)?;
            let plain = vault
                .open_file(PURPOSE, sealed)
                .ok_or(RebuildReason::Sealed)?;
            drop(bytes);
            PreventionIndex::from_bytes(&plain).map_err(|_| RebuildReason::Damaged)
        })
        .await;
        let result = read.unwrap_or(Err(RebuildReason::Unreadable));
        if let Err(reason) = result {
            tracing::warn!(?reason, "screening index snapshot not used; rebuilding");
        }
        result
    }

    async fn write_snapshot(&self) -> Result<Option<u64>, AppError> {
        let Some(path) = self.config.index_snapshot.clone() else {
            return Ok(None);
        };
        let state = self.prevention.clone();
        let vault = self.vault.clone();
        let written = tokio::task::spawn_blocking(move || -> Result<Option<u64>, AppError> {
            // Counted before encoding: a change made while encoding stays counted.
            let changes = state.life.changes.load(Ordering::Relaxed);
            let plain = match state.index.read() {
                Ok(g) => match g.as_ref() {
                    Some(idx) => idx.to_bytes(),
                    None => return Ok(None),
                },
                Err(_) => return Err(AppError::Internal("screening index lock".into())),
            };
            let mut out = FILE_MAGIC.to_vec();
            out.extend_from_slice(&vault.seal_file(PURPOSE, &plain)?);
            drop(plain);
            write_atomically(&path, &out)
                .map_err(|e| AppError::Internal(format!("index snapshot: {e}")))?;
            state.life.changes.fetch_sub(changes, Ordering::Relaxed);
            Ok(Some(out.len() as u64))
        })
        .await
        .map_err(|_| AppError::Internal("index snapshot task".into()))??;
        if written.is_some() {
            let life = &self.prevention.life;
            life.saves.fetch_add(1, Ordering::Relaxed);
            life.last_save_ms
                .store(self.index_now_ms(), Ordering::Relaxed);
        }
        Ok(written)
    }

    /// Brings `target` in line with the database: everything (`since` None: a rebuild) or the
    /// rows created since the watermark, then the small kinds, then the count check.
    async fn sync_index(
        &self,
        mut target: Target<'_>,
        since: Option<i64>,
    ) -> Result<SyncStats, AppError> {
        let mut stats = SyncStats::default();
        let from = since.map(|t| t - REPLAY_MARGIN_MS);
        // Person records of all agencies.
        let mut after = String::new();
        loop {
            let page = match from {
                None => self.store.people_page(&after, PAGE).await?,
                Some(t) => self.store.people_since(t, &after, PAGE).await?,
            };
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            // Rows never change their indexed fields: a known id is up to date.
            let fresh = unknown(
                &mut target,
                page.iter()
                    .map(|p| entry_id(EntryKind::Person, &p.id))
                    .collect(),
            );
            let mut add = Vec::with_capacity(fresh.len());
            for p in page
                .iter()
                .filter(|p| fresh.contains(&entry_id(EntryKind::Person, &p.id)))
            {
                add.push((entry_id(EntryKind::Person, &p.id), self.person_fields(p)?));
            }
            stats.indexed += apply(&mut target, &add, &[]);
        }
        // Earlier applicants of every office.
        let mut after = String::new();
        loop {
            let page = match from {
                None => self.store.applicants_page(&after, PAGE).await?,
                Some(t) => self.store.applicants_since(t, &after, PAGE).await?,
            };
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            let fresh = unknown(
                &mut target,
                page.iter()
                    .map(|a| entry_id(EntryKind::Applicant, &a.id))
                    .collect(),
            );
            let mut add = Vec::with_capacity(fresh.len());
            for a in page
                .iter()
                .filter(|a| fresh.contains(&entry_id(EntryKind::Applicant, &a.id)))
            {
                add.push((
                    entry_id(EntryKind::Applicant, &a.id),
                    self.applicant_fields(a)?,
                ));
            }
            stats.indexed += apply(&mut target, &add, &[]);
        }
        self.reload_small_kinds(&mut target, &mut stats).await?;
        if since.is_some() {
            let people = self.store.count_people_rows().await?;
            if target.with(|i| i.count(EntryKind::Person) as i64) != Some(people) {
                self.reconcile(&mut target, EntryKind::Person, &mut stats)
                    .await?;
            }
            let applicants = self.store.count_applicants().await?;
            if target.with(|i| i.count(EntryKind::Applicant) as i64) != Some(applicants) {
                self.reconcile(&mut target, EntryKind::Applicant, &mut stats)
                    .await?;
            }
        }
        Ok(stats)
    }

    /// Named case people and watchlist entries in use, reloaded whole (small tables whose rows
    /// change in place: an entry approved or withdrawn, a person edited).
    async fn reload_small_kinds(
        &self,
        target: &mut Target<'_>,
        stats: &mut SyncStats,
    ) -> Result<(), AppError> {
        let mut add: Vec<(String, IndexFields)> = Vec::new();
        for p in self.store.named_case_people().await? {
            if let Some(f) = self.case_person_fields(&p)? {
                add.push((entry_id(EntryKind::CasePerson, &p.id), f));
            }
        }
        for w in self.store.watchlist().await? {
            if w.status.in_use() {
                add.push((
                    entry_id(EntryKind::Watchlist, &w.id),
                    self.watchlist_fields(&w)?,
                ));
            }
        }
        let digest = |f: &IndexFields| {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            f.hash(&mut h);
            h.finish()
        };
        let want: std::collections::HashMap<String, u64> =
            add.iter().map(|(e, f)| (e.clone(), digest(f))).collect();
        let (changed, gone) = target
            .with(|idx| {
                let mut held = idx.entries_of(EntryKind::CasePerson);
                held.extend(idx.entries_of(EntryKind::Watchlist));
                let gone: Vec<String> =
                    held.into_iter().filter(|e| !want.contains_key(e)).collect();
                let changed: Vec<(String, IndexFields)> = add
                    .into_iter()
                    .filter(|(e, _)| idx.small.get(e) != want.get(e) || !idx.contains(e))
                    .collect();
                idx.small = want;
                (changed, gone)
            })
            .unwrap_or_default();
        stats.removed += gone.len() as u64;
        stats.indexed += apply(target, &changed, &gone);
        Ok(())
    }

    /// Compares the ids of one large kind with the database's: drops entries whose row is
    /// gone, adds rows the index lacks.
    async fn reconcile(
        &self,
        target: &mut Target<'_>,
        kind: EntryKind,
        stats: &mut SyncStats,
    ) -> Result<(), AppError> {
        stats.reconciled = true;
        let mut db: Vec<String> = Vec::new();
        let mut after = String::new();
        loop {
            let page = match kind {
                EntryKind::Person => self.store.people_ids(&after, 50_000).await?,
                _ => self.store.applicant_ids(&after, 50_000).await?,
            };
            let Some(last) = page.last() else { break };
            after = last.clone();
            db.extend(page.into_iter().map(|id| entry_id(kind, &id)));
        }
        db.sort_unstable();
        let held = target.with(|i| i.entries_of(kind)).unwrap_or_default();
        let gone: Vec<String> = held
            .iter()
            .filter(|e| db.binary_search(e).is_err())
            .cloned()
            .collect();
        stats.removed += gone.len() as u64;
        apply(target, &[], &gone);
        let held: HashSet<String> = held.into_iter().collect();
        let mut add = Vec::new();
        for e in db.iter().filter(|e| !held.contains(*e)) {
            let id = e.split_once(':').map_or("", |s| s.1);
            let fields = match kind {
                EntryKind::Person => match self.store.person(id).await? {
                    Some(p) => self.person_fields(&p)?,
                    None => continue,
                },
                _ => match self.store.applicant(id).await? {
                    Some(a) => self.applicant_fields(&a)?,
                    None => continue,
                },
            };
            add.push((e.clone(), fields));
        }
        stats.indexed += apply(target, &add, &[]);
        Ok(())
    }
}

/// Adds and removes entries under one lock; returns how many were added.
fn apply(target: &mut Target<'_>, add: &[(String, IndexFields)], remove: &[String]) -> u64 {
    if add.is_empty() && remove.is_empty() {
        return 0;
    }
    target
        .with(|idx| {
            for e in remove {
                idx.remove(e);
            }
            for (e, f) in add {
                idx.insert(e, f);
            }
        })
        .map_or(0, |()| add.len() as u64)
}

/// Writes `bytes` to a temporary file beside `path` (owner-only), syncs it and renames it over
/// `path`: a reader sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        // Best effort: makes the rename itself durable.
        let _ = d.sync_all();
    }
    Ok(())
}
