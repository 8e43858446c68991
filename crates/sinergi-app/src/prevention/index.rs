//! The in-memory screening index of the prevention module: person records of all agencies,
//! earlier applicants of every office and watchlist entries, in one `sinergi-match`
//! [`ScreeningIndex`]. Built on first use from the database (identifiers decrypted in memory
//! only), then kept current as applicants and watchlist entries are added.

use crate::vault::Field;
use crate::{App, AppError};
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

/// The index and its schema.
#[derive(Debug)]
pub struct PreventionIndex {
    index: ScreeningIndex,
}

/// The plain fields of one record to index or query.
#[derive(Debug, Clone, Default)]
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

impl PreventionIndex {
    fn new() -> PreventionIndex {
        let schema = Schema::from_headers(&FIELDS, None);
        let model = Model::defaults(&schema);
        PreventionIndex {
            index: ScreeningIndex::new(schema, model),
        }
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
        let (record, _issues) = self.index.prepare(entry, &self.raw(f));
        self.index.remove(entry);
        self.index.insert(record);
    }

    /// Removes an entry.
    pub fn remove(&mut self, entry: &str) {
        self.index.remove(entry);
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
    /// Builds the index from the database if it is not built yet. Returns the entry count.
    pub async fn ensure_prevention_index(&self) -> Result<usize, AppError> {
        if let Ok(guard) = self.prevention.index.read()
            && let Some(idx) = guard.as_ref()
        {
            return Ok(idx.len());
        }
        let mut idx = PreventionIndex::new();
        // Person records of all agencies.
        let mut after = String::new();
        loop {
            let page = self.store.people_page(&after, 5000).await?;
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            for p in &page {
                let nik = p
                    .nik_enc
                    .as_ref()
                    .map(|b| self.vault.open(Field::Nik, b))
                    .transpose()?;
                let phone = p
                    .phone_enc
                    .as_ref()
                    .map(|b| self.vault.open(Field::Phone, b))
                    .transpose()?;
                idx.insert(
                    &entry_id(EntryKind::Person, &p.id),
                    &IndexFields {
                        full_name: p.full_name.clone(),
                        birth_date: p.birth_date.clone(),
                        sex: p.sex.clone(),
                        nik,
                        phone,
                    },
                );
            }
        }
        // Earlier applicants of every office.
        let mut after = String::new();
        loop {
            let page = self.store.applicants_page(&after, 5000).await?;
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            for a in &page {
                idx.insert(
                    &entry_id(EntryKind::Applicant, &a.id),
                    &self.applicant_fields(a)?,
                );
            }
        }
        // Named people of cases (suspects, recruiters, sponsors); protected roles never.
        for p in self.store.named_case_people().await? {
            let Some(name) = p.name.clone() else { continue };
            idx.insert(
                &entry_id(EntryKind::CasePerson, &p.id),
                &IndexFields {
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
                },
            );
        }
        // Active watchlist entries.
        for w in self.store.watchlist().await? {
            if w.status.in_use() {
                idx.insert(
                    &entry_id(EntryKind::Watchlist, &w.id),
                    &self.watchlist_fields(&w)?,
                );
            }
        }
        let n = idx.len();
        if let Ok(mut guard) = self.prevention.index.write() {
            *guard = Some(idx);
        }
        Ok(n)
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
        }
    }

    /// Removes one entry from the built index.
    pub(crate) fn index_remove(&self, entry: &str) {
        if let Ok(mut guard) = self.prevention.index.write()
            && let Some(idx) = guard.as_mut()
        {
            idx.remove(entry);
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
