//! The audit checkpoint: (row count, head hash), MACed, in a file outside the database.
//!
//! A keyed chain cannot be rewritten without the key, but its newest rows can be deleted and
//! what remains still verifies. The checkpoint closes that gap: it records how many rows the
//! trail had and the hash of the last, under a MAC only the master key can make, in a file the
//! database does not hold (by default `<data-dir>/audit.checkpoint`). It is refreshed shortly
//! after rows are committed (writes within [`BATCH_DELAY`] share one refresh) and at shutdown.
//! A refresh only ever moves forward: when the database no longer extends the checkpoint
//! (rows deleted or rewritten), it refuses to write and logs, so it cannot launder a truncation.

use crate::audit::{ChainBreak, GENESIS_HASH, check_row};
use crate::{App, AppError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a refresh waits for more rows to join the same write.
pub const BATCH_DELAY: Duration = Duration::from_millis(250);

const MAGIC: &str = "sinergi-audit-checkpoint";
const FORMAT: &str = "1";

/// What a checkpoint vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Rows in the trail (the last sequence number).
    pub seq: i64,
    /// Hash of row `seq` (the genesis hash when empty).
    pub head: String,
}

/// Keeps the checkpoint file of one application.
#[derive(Debug)]
pub struct Checkpointer {
    path: PathBuf,
    dirty: AtomicBool,
    stop: AtomicBool,
    wake: tokio::sync::Notify,
    writing: tokio::sync::Mutex<()>,
}

impl Checkpointer {
    /// A checkpointer for the file at `path` (not read or written yet).
    pub fn new(path: PathBuf) -> Arc<Checkpointer> {
        Arc::new(Checkpointer {
            path,
            dirty: AtomicBool::new(false),
            stop: AtomicBool::new(false),
            wake: tokio::sync::Notify::new(),
            writing: tokio::sync::Mutex::new(()),
        })
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Notes that rows were appended: the refresher writes soon.
    pub(crate) fn mark_dirty(&self) {
        self.dirty.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Starts the background refresher over `app` (a pool-backed application).
    pub(crate) fn spawn_refresher(self: &Arc<Self>, app: App) {
        let me = self.clone();
        tokio::spawn(async move {
            loop {
                me.wake.notified().await;
                if me.stop.load(Ordering::SeqCst) {
                    break;
                }
                tokio::time::sleep(BATCH_DELAY).await;
                if let Err(e) = me.refresh(&app).await {
                    tracing::error!(error = %e, "audit checkpoint not refreshed");
                }
            }
        });
    }

    /// Stops the background refresher (after a last refresh by the caller).
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Reads and authenticates the file: `Ok(None)` when it does not exist.
    pub(crate) fn read(&self, app: &App) -> Result<Option<Mark>, ChainBreak> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(_) => return Err(ChainBreak::CheckpointForged),
        };
        parse(app, &text)
            .map(Some)
            .ok_or(ChainBreak::CheckpointForged)
    }

    /// Writes the committed head of the trail, if the trail still extends the last checkpoint
    /// and the rows since then verify. Nothing is written when nothing was appended since the
    /// last refresh (unless `force`).
    pub(crate) async fn refresh_inner(&self, app: &App, force: bool) -> Result<(), AppError> {
        let _one_writer = self.writing.lock().await;
        if !self.dirty.swap(false, Ordering::SeqCst) && !force {
            return Ok(());
        }
        let old = self.read(app).map_err(|why| {
            AppError::Internal(format!("audit checkpoint {}: {why}", self.path.display()))
        })?;
        let head = app.store.last_audit().await?;
        let (seq, hash) = head.map_or((0, GENESIS_HASH.to_string()), |r| (r.seq, r.hash));
        let (mut expected, mut prev) = match &old {
            Some(m) if m.seq > seq => {
                return Err(AppError::Internal(format!(
                    "audit trail shorter ({seq} rows) than its checkpoint ({}): not overwriting",
                    m.seq
                )));
            }
            Some(m) if m.seq > 0 => {
                let at = app.store.audit_after(m.seq - 1, 1).await?;
                if at.first().map(|r| &r.hash) != Some(&m.head) {
                    return Err(AppError::Internal(format!(
                        "audit row {} no longer matches its checkpoint: not overwriting",
                        m.seq
                    )));
                }
                (m.seq + 1, m.head.clone())
            }
            _ => (1, GENESIS_HASH.to_string()),
        };
        // The rows since the last checkpoint must themselves verify before they are vouched for.
        let mut seen_keyed = old.is_some();
        while expected <= seq {
            let page = app.store.audit_after(expected - 1, 1000).await?;
            if page.is_empty() {
                break;
            }
            for row in &page {
                if let Some(why) = check_row(app, row, expected, &prev, seen_keyed) {
                    return Err(AppError::Internal(format!(
                        "audit row {} does not verify ({why}): checkpoint not moved",
                        row.seq
                    )));
                }
                seen_keyed |= row.chain == crate::audit::CHAIN_KEYED;
                prev = row.hash.clone();
                expected += 1;
            }
        }
        if old.as_ref().is_some_and(|m| m.seq == seq) {
            return Ok(());
        }
        write_private_atomically(&self.path, &format(app, &Mark { seq, head: hash }))
            .map_err(|e| AppError::Internal(format!("audit checkpoint: {e}")))
    }

    async fn refresh(&self, app: &App) -> Result<(), AppError> {
        self.refresh_inner(app, false).await
    }
}

fn mac_of(app: &App, mark: &Mark) -> String {
    app.vault
        .checkpoint_mac(&[MAGIC, FORMAT, &mark.seq.to_string(), &mark.head])
}

fn format(app: &App, mark: &Mark) -> String {
    format!(
        "{MAGIC} {FORMAT}\nseq {}\nhead {}\nmac {}\n",
        mark.seq,
        mark.head,
        mac_of(app, mark)
    )
}

fn parse(app: &App, text: &str) -> Option<Mark> {
    let mut lines = text.lines();
    if lines.next()? != format!("{MAGIC} {FORMAT}") {
        return None;
    }
    let seq: i64 = lines.next()?.strip_prefix("seq ")?.parse().ok()?;
    let head = lines.next()?.strip_prefix("head ")?.to_string();
    let mac = lines.next()?.strip_prefix("mac ")?;
    let mark = Mark { seq, head };
    let want = mac_of(app, &mark);
    // Constant-time comparison of the two MACs.
    let same = want.len() == mac.len()
        && want
            .bytes()
            .zip(mac.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    (same && seq >= 0).then_some(mark)
}

/// Writes `text` to `path` through a temporary file (mode 0600), synced, then renamed into
/// place, so a crash leaves either the old or the new checkpoint, never half of one.
pub fn write_private_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

impl App {
    /// Writes the audit checkpoint now (after verifying the rows since the last one). Callers:
    /// shutdown, commands that wrote audit rows, `sinergi audit checkpoint`. No-op without a
    /// configured checkpoint.
    pub async fn refresh_audit_checkpoint(&self) -> Result<(), AppError> {
        match &self.checkpoint {
            Some(c) => c.refresh_inner(self, true).await,
            None => Ok(()),
        }
    }
}
