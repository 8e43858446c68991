//! The in-memory screening index of the prevention module: person records of all agencies,
//! earlier applicants of every office and watchlist entries, in one `sinergi-match`
//! [`ScreeningIndex`]. Built on first use from the database (identifiers decrypted in memory
//! only), then kept current as applicants and watchlist entries are added.

use crate::vault::Field;
use crate::{App, AppError};
use sinergi_match::persist::PersistError;
use sinergi_match::{Hit, Model, Schema, ScreeningIndex};

/// Fields the index compares, in this order.
pub const FIELDS: [&str; 6] = ["id", "full_name", "birth_date", "sex", "nik", "phone"];

/// What an index entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A person record imported by an agency.
    Person,
    /// An earlier passport application.
    Applicant,
    /// A watchlist entry.
    Watchlist,
    /// A named person in a case (suspect, recruiter, sponsor; never a protected role).
    CasePerson,
}

/// The id of an index entry: kind prefix and record id.
pub fn entry_id(kind: EntryKind, id: &str) -> String {
    let p = match kind {
        EntryKind::Person => "p",
        EntryKind::Applicant => "a",
        EntryKind::Watchlist => "w",
        EntryKind::CasePerson => "k",
    };
    format!("{p}:{id}")
}

/// Splits an entry id into its kind and record id.
pub fn parse_entry_id(entry: &str) -> Option<(EntryKind, &str)> {
    let (p, id) = entry.split_once(':')?;
    let kind = match p {
        "p" => EntryKind::Person,
        "a" => EntryKind::Applicant,
        "w" => EntryKind::Watchlist,
        "k" => EntryKind::CasePerson,
        _ => return None,
    };
    Some((kind, id))
}

/// The index, its schema, how many entries of each kind it holds, and the database time up to
/// which it is known to be complete (its watermark, see [`super::index_sync`]).
#[derive(Debug)]
pub struct PreventionIndex {
    index: ScreeningIndex,
    counts: [usize; 4],
    /// Epoch ms: rows created before `synced_at - REPLAY_MARGIN_MS` are all reflected.
    pub(crate) synced_at: i64,
    /// Watchlist and case-person entries with a digest of their fields: a reload re-indexes
    /// only what changed.
    pub(crate) small: std::collections::HashMap<String, u64>,
}

/// The plain fields of one record to index or query.
#[derive(Debug, Clone, Default, Hash)]
pub struct IndexFields {
    /// Name.
    pub full_name: String,
    /// Birth date as stored (`yyyy-mm-dd`).
    pub birth_date: Option<String>,
    /// `L`/`P`.
    pub sex: Option<String>,
    /// NIK digits.
    pub nik: Option<String>,
    /// Phone in E.164.
    pub phone: Option<String>,
}

fn kind_slot(kind: EntryKind) -> usize {
    match kind {
        EntryKind::Person => 0,
        EntryKind::Applicant => 1,
        EntryKind::Watchlist => 2,
        EntryKind::CasePerson => 3,
    }
}

impl PreventionIndex {
    pub(crate) fn new() -> PreventionIndex {
        let schema = Schema::from_headers(&FIELDS, None);
        let model = Model::defaults(&schema);
        PreventionIndex {
            index: ScreeningIndex::new(schema, model),
            counts: [0; 4],
            synced_at: 0,
            small: std::collections::HashMap::new(),
        }
    }

    /// Writes the index with its watermark and small-kind digests (see
    /// [`sinergi_match::persist`]).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut meta = self.synced_at.to_le_bytes().to_vec();
        for (entry, digest) in &self.small {
            meta.extend_from_slice(&(entry.len() as u32).to_le_bytes());
            meta.extend_from_slice(entry.as_bytes());
            meta.extend_from_slice(&digest.to_le_bytes());
        }
        self.index.to_bytes(&meta)
    }

    /// Reads what [`PreventionIndex::to_bytes`] wrote.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<PreventionIndex, PersistError> {
        let mut idx = PreventionIndex::new();
        let meta = idx.index.from_bytes(bytes)?;
        let (synced, mut rest) = meta.split_at_checked(8).ok_or(PersistError::Format)?;
        let mut word = [0u8; 8];
        word.copy_from_slice(synced);
        idx.synced_at = i64::from_le_bytes(word);
        while !rest.is_empty() {
            let (len, r) = rest.split_at_checked(4).ok_or(PersistError::Format)?;
            let mut n = [0u8; 4];
            n.copy_from_slice(len);
            let (entry, r) = r
                .split_at_checked(u32::from_le_bytes(n) as usize)
                .ok_or(PersistError::Format)?;
            let (digest, r) = r.split_at_checked(8).ok_or(PersistError::Format)?;
            word.copy_from_slice(digest);
            let entry = std::str::from_utf8(entry).map_err(|_| PersistError::Format)?;
            idx.small.insert(entry.to_owned(), u64::from_le_bytes(word));
            rest = r;
        }
        for id in idx.index.ids() {
            let (kind, _) = parse_entry_id(id).ok_or(PersistError::Format)?;
            idx.counts[kind_slot(kind)] += 1;
        }
        Ok(idx)
    }

    fn raw<'a>(&self, f: &'a IndexFields) -> Vec<Option<&'a str>> {
        let schema = self.index.schema();
        schema
            .fields
            .iter()
            .map(|spec| match spec.name.as_str() {
                "full_name" => Some(f.full_name.as_str()),
                "birth_date" => f.birth_date.as_deref(),
                "sex" => f.sex.as_deref(),
                "nik" => f.nik.as_deref(),
                "phone" => f.phone.as_deref(),
                _ => None,
            })
            .collect()
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, entry: &str, f: &IndexFields) {
        let Some((kind, _)) = parse_entry_id(entry) else {
            return;
        };
        let (record, _issues) = self.index.prepare(entry, &self.raw(f));
        if !self.index.insert(record) {
            self.counts[kind_slot(kind)] += 1;
        }
    }

    /// Removes an entry.
    pub fn remove(&mut self, entry: &str) {
        if self.index.remove(entry)
            && let Some((kind, _)) = parse_entry_id(entry)
        {
            self.counts[kind_slot(kind)] -= 1;
        }
    }

    /// Whether an entry is held.
    pub fn contains(&self, entry: &str) -> bool {
        self.index.contains(entry)
    }

    /// Entries of one kind held.
    pub fn count(&self, kind: EntryKind) -> usize {
        self.counts[kind_slot(kind)]
    }

    /// The ids of the entries of one kind.
    pub fn entries_of(&self, kind: EntryKind) -> Vec<String> {
        self.index
            .ids()
            .filter(|id| parse_entry_id(id).is_some_and(|(k, _)| k == kind))
            .map(str::to_owned)
            .collect()
    }

    /// The best `k` entries for a query, with explanations.
    pub fn search(&self, f: &IndexFields, k: usize) -> Vec<Hit> {
        let (query, _issues) = self.index.prepare("query", &self.raw(f));
        self.index.search(&query, k)
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

impl App {
    /// Opens the index if it is not open yet (from its snapshot plus the rows added since, or
    /// by a full rebuild; see [`super::index_sync`]). Returns the entry count.
    pub async fn ensure_prevention_index(&self) -> Result<usize, AppError> {
        if let Ok(guard) = self.prevention.index.read()
            && let Some(idx) = guard.as_ref()
        {
            return Ok(idx.len());
        }
        self.open_prevention_index().await
    }

    pub(crate) fn person_fields(
        &self,
        p: &sinergi_store::people::PersonRow,
    ) -> Result<IndexFields, AppError> {
        Ok(IndexFields {
            full_name: p.full_name.clone(),
            birth_date: p.birth_date.clone(),
            sex: p.sex.clone(),
            nik: p
                .nik_enc
                .as_ref()
                .map(|b| self.vault.open(Field::Nik, b))
                .transpose()?,
            phone: p
                .phone_enc
                .as_ref()
                .map(|b| self.vault.open(Field::Phone, b))
                .transpose()?,
        })
    }

    /// The fields of a named case person; `None` for a protected role (no clear name).
    pub(crate) fn case_person_fields(
        &self,
        p: &sinergi_domain::cases::case_record::CasePerson,
    ) -> Result<Option<IndexFields>, AppError> {
        let Some(name) = p.name.clone() else {
            return Ok(None);
        };
        Ok(Some(IndexFields {
            full_name: name,
            birth_date: p.birth_date.map(|d| d.to_string()),
            sex: None,
            nik: p
                .nik_enc
                .as_ref()
                .map(|b| self.vault.open(Field::Nik, b))
                .transpose()?,
            phone: p
                .phone_enc
                .as_ref()
                .map(|b| self.vault.open(Field::Phone, b))
                .transpose()?,
        }))
    }

    pub(crate) fn applicant_fields(
        &self,
        a: &sinergi_domain::prevention::Applicant,
    ) -> Result<IndexFields, AppError> {
        Ok(IndexFields {
            full_name: a.full_name.clone(),
            birth_date: a.birth_date.map(sinergi_domain::dates::format_iso),
            sex: a.sex.map(|s| s.code().to_string()),
            nik: a
                .nik
                .as_ref()
                .map(|s| self.vault.open(Field::Nik, &s.sealed))
                .transpose()?,
            phone: a
                .phone
                .as_ref()
                .map(|s| self.vault.open(Field::Phone, &s.sealed))
                .transpose()?,
        })
    }

    pub(crate) fn watchlist_fields(
        &self,
        w: &sinergi_domain::prevention::WatchlistEntry,
    ) -> Result<IndexFields, AppError> {
        Ok(IndexFields {
            full_name: w.full_name.clone(),
            birth_date: None,
            sex: None,
            nik: w
                .nik
                .as_ref()
                .map(|s| self.vault.open(Field::Nik, &s.sealed))
                .transpose()?,
            phone: w
                .phone
                .as_ref()
                .map(|s| self.vault.open(Field::Phone, &s.sealed))
                .transpose()?,
        })
    }

    /// Adds or replaces one entry in the built index (no-op before it is built).
    pub(crate) fn index_upsert(&self, entry: &str, f: &IndexFields) {
        if let Ok(mut guard) = self.prevention.index.write()
            && let Some(idx) = guard.as_mut()
        {
            idx.insert(entry, f);
            self.prevention.note_change(1);
        }
    }

    /// Removes one entry from the built index.
    pub(crate) fn index_remove(&self, entry: &str) {
        if let Ok(mut guard) = self.prevention.index.write()
            && let Some(idx) = guard.as_mut()
        {
            idx.remove(entry);
            self.prevention.note_change(1);
        }
    }

    /// Searches the index (building it first if needed).
    pub(crate) async fn index_search(
        &self,
        f: &IndexFields,
        k: usize,
    ) -> Result<Vec<Hit>, AppError> {
        self.ensure_prevention_index().await?;
        let guard = self
            .prevention
            .index
            .read()
            .map_err(|_| AppError::Internal("screening index lock".into()))?;
        Ok(guard.as_ref().map(|i| i.search(f, k)).unwrap_or_default())
    }

    /// Indexes one new entry and resolves it against the index (the work a new record costs the
    /// index when it is recorded); returns the hits found. Benchmarks only: nothing is stored.
    pub fn bench_index_and_resolve(&self, entry: &str, f: &IndexFields) -> usize {
        match self.prevention.index.write() {
            Ok(mut g) => g.as_mut().map_or(0, |idx| {
                idx.insert(entry, f);
                idx.search(f, 10).len()
            }),
            Err(_) => 0,
        }
    }

    /// Loads `n` synthetic entries straight into the index (benchmarks only: nothing is stored).
    pub fn bench_fill_index(&self, entries: &[(String, IndexFields)]) {
        if let Ok(mut guard) = self.prevention.index.write() {
            let idx = guard.get_or_insert_with(PreventionIndex::new);
            for (id, f) in entries {
                idx.insert(id, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watermark_and_digests_survive_the_snapshot_bytes() {
        let mut idx = PreventionIndex::new();
        idx.insert(
            "w:1",
            &IndexFields {
                full_name: "Pak Darto".into(),
                ..IndexFields::default()
            },
        );
        idx.insert(
            "p:2",
            &IndexFields {
                full_name: "Sri Wahyuni".into(),
                ..IndexFields::default()
            },
        );
        idx.synced_at = 1_764_000_000_000;
        idx.small.insert("w:1".into(), 42);
        let back = PreventionIndex::from_bytes(&idx.to_bytes()).expect("reads back");
        assert_eq!(back.synced_at, idx.synced_at);
        assert_eq!(back.small, idx.small);
        assert_eq!(back.count(EntryKind::Watchlist), 1);
        assert_eq!(back.count(EntryKind::Person), 1);
        assert!(PreventionIndex::from_bytes(&idx.to_bytes()[..40]).is_err());
    }

    #[test]
    fn entry_ids_round_trip() {
        let e = entry_id(EntryKind::Watchlist, "x-1");
        assert_eq!(parse_entry_id(&e), Some((EntryKind::Watchlist, "x-1")));
        assert_eq!(parse_entry_id("zz"), None);
        assert_eq!(parse_entry_id("q:1"), None);
    }

    #[test]
    fn the_same_person_written_differently_is_found() {
        let mut idx = PreventionIndex::new();
        idx.insert(
            "a:1",
            &IndexFields {
                full_name: "Siti Nurhalizah".into(),
                birth_date: Some("1995-03-12".into()),
                sex: Some("P".into()),
                nik: Some("3507045203950002".into()),
                phone: None,
            },
        );
        idx.insert(
            "a:2",
            &IndexFields {
                full_name: "Budi Santoso".into(),
                birth_date: Some("1980-01-01".into()),
                ..IndexFields::default()
            },
        );
        let hits = idx.search(
            &IndexFields {
                full_name: "St. Nurhaliza".into(),
                birth_date: Some("1995-03-12".into()),
                sex: Some("P".into()),
                ..IndexFields::default()
            },
            3,
        );
        assert_eq!(hits.first().map(|h| h.entry_id.as_str()), Some("a:1"));
    }

    #[test]
    fn a_nik_with_one_wrong_digit_still_finds_the_earlier_applicant() {
        let mut idx = PreventionIndex::new();
        for (i, name) in ["Siti Nurhalizah", "Sri Wahyuni", "Dewi Lestari"]
            .iter()
            .enumerate()
        {
            idx.insert(
                &format!("a:{i}"),
                &IndexFields {
                    full_name: (*name).into(),
                    birth_date: Some("1995-03-12".into()),
                    sex: Some("P".into()),
                    nik: Some(format!("350704520395000{}", i + 1)),
                    phone: None,
                },
            );
        }
        // Every digit of the first applicant's NIK mistyped in turn, serial included.
        for pos in 0..16 {
            let mut nik: Vec<u8> = b"3507045203950001".to_vec();
            nik[pos] = if nik[pos] == b'9' { b'8' } else { nik[pos] + 1 };
            let hits = idx.search(
                &IndexFields {
                    full_name: "Siti Nurhalizah".into(),
                    birth_date: Some("1995-03-12".into()),
                    sex: Some("P".into()),
                    nik: Some(String::from_utf8_lossy(&nik).into_owned()),
                    phone: None,
                },
                3,
            );
            let top = hits.first();
            assert_eq!(top.map(|h| h.entry_id.as_str()), Some("a:0"), "digit {pos}");
            assert!(top.is_some_and(|h| h.score >= 0.8), "digit {pos}: {hits:?}");
        }
    }
}
