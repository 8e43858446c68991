//! The licence registry of placement companies (P3MI: SIP3MI licence, branches, SIP2MI job
//! orders) and training institutes (LPK): import from CSV and the public licence check.
//!
//! The check finds a name however it is written ("sinar jaya abadi pt", "Sinar Djaja") through
//! `sinergi-match`: legal-form words (PT, CV, LPK, Tbk …) are set aside here, the rest is a
//! person-style name for the engine (old spelling, typos, token order). The registry is small (a
//! few thousand rows), so the index is built per query from the store.
//!
//! Import: one row per licence; the id is the kind and the folded licence number, so re-running
//! a file replaces rows and never duplicates. Bad rows are named by line and column.

use super::{Bilingual, country_name};
use crate::audit::Origin;
use crate::import::RowError;
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use sinergi_domain::dates::parse_date;
use sinergi_match::{Schema, ScreeningIndex};
use sinergi_store::information::LicenceRow;
use time::Date;

/// The kind of a registered organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceKind {
    /// Placement company (Perusahaan Penempatan PMI) holding a SIP3MI.
    P3mi,
    /// Training institute (Lembaga Pelatihan Kerja).
    Lpk,
}

impl LicenceKind {
    /// Stable code: `p3mi` or `lpk`.
    pub fn code(self) -> &'static str {
        match self {
            LicenceKind::P3mi => "p3mi",
            LicenceKind::Lpk => "lpk",
        }
    }

    fn parse(s: &str) -> Option<LicenceKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "p3mi" => Some(LicenceKind::P3mi),
            "lpk" => Some(LicenceKind::Lpk),
            _ => None,
        }
    }
}

/// One job order (SIP2MI): where, in which sector, how many workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobOrder {
    /// ISO country code.
    pub country: String,
    /// Country name in both languages.
    pub country_name: Bilingual,
    /// Sector as registered.
    pub sector: String,
    /// Workers allowed.
    pub quota: u32,
}

/// A registry entry as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceView {
    /// P3MI or LPK.
    pub kind: LicenceKind,
    /// Registered name.
    pub name: String,
    /// Licence number.
    pub licence_no: String,
    /// First day valid.
    pub valid_from: Option<Date>,
    /// Last day valid.
    pub valid_until: Option<Date>,
    /// Whether the licence is valid on the day asked.
    pub valid_now: bool,
    /// Head office.
    pub address: String,
    /// Branch offices.
    pub branches: Vec<String>,
    /// Job orders by country and sector.
    pub job_orders: Vec<JobOrder>,
}

/// One answer of the licence check.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenceMatch {
    /// The entry.
    pub entry: LicenceView,
    /// Match probability from the engine (0..1).
    pub score: f64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryImportReport {
    /// Data rows read.
    pub rows_read: u64,
    /// New entries.
    pub added: u64,
    /// Entries whose content changed.
    pub updated: u64,
    /// Entries already stored as they are.
    pub unchanged: u64,
    /// Refused rows by line and column.
    pub errors: Vec<RowError>,
}

/// Matches at or above this probability are shown as "registered under this name".
pub const MATCH_THRESHOLD: f64 = 0.5;

/// Words that name a legal form, not the organisation.
const LEGAL_FORMS: &[&str] = &[
    "pt", "cv", "tbk", "persero", "lpk", "blk", "yayasan", "ud", "koperasi", "p3mi", "pppmi",
];

/// The name without legal-form words, punctuation folded to spaces.
pub fn core_name(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty() && !LEGAL_FORMS.contains(t))
        .collect::<Vec<_>>()
        .join(" ")
}

fn row_id(kind: LicenceKind, licence_no: &str) -> String {
    let folded: String = licence_no
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    format!("{}:{folded}", kind.code())
}

fn stored_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn view_of(r: &LicenceRow, today: Date) -> LicenceView {
    let date = |s: &Option<String>| s.as_deref().and_then(|t| parse_date(t, 2000).ok());
    let valid_from = date(&r.valid_from);
    let valid_until = date(&r.valid_until);
    LicenceView {
        kind: LicenceKind::parse(&r.kind).unwrap_or(LicenceKind::P3mi),
        name: r.name.clone(),
        licence_no: r.licence_no.clone(),
        valid_from,
        valid_until,
        valid_now: valid_from.is_none_or(|f| f <= today) && valid_until.is_some_and(|u| today <= u),
        address: r.address.clone(),
        branches: split_list(&r.branches),
        job_orders: split_list(&r.job_orders)
            .iter()
            .filter_map(|j| parse_job_order(j).ok())
            .collect(),
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_job_order(s: &str) -> Result<JobOrder, &'static str> {
    let parts: Vec<&str> = s.split('|').map(str::trim).collect();
    let [country, sector, quota] = parts.as_slice() else {
        return Err("expected country|sector|quota");
    };
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err("country must be a 2-letter ISO code");
    }
    if sector.is_empty() {
        return Err("sector is empty");
    }
    let quota = quota.parse().map_err(|_| "quota must be a whole number")?;
    let country = country.to_ascii_uppercase();
    Ok(JobOrder {
        country_name: country_name(&country),
        country,
        sector: (*sector).to_string(),
        quota,
    })
}

/// Column names accepted for each field (Indonesian first).
const COLUMNS: [(&str, &[&str]); 8] = [
    ("kind", &["jenis", "kind"]),
    ("name", &["nama", "name"]),
    ("licence_no", &["nomor_izin", "licence_no", "sip3mi"]),
    ("valid_from", &["berlaku_dari", "valid_from"]),
    ("valid_until", &["berlaku_sampai", "valid_until"]),
    ("address", &["alamat", "address"]),
    ("branches", &["cabang", "branches"]),
    ("job_orders", &["job_order", "job_orders", "sip2mi"]),
];

/// Parses one CSV record into a row, or the column at fault.
fn parse_row(
    cols: &[Option<usize>; 8],
    rec: &csv::StringRecord,
    source: &str,
    now_ms: i64,
) -> Result<LicenceRow, (&'static str, String)> {
    let get = |i: usize| cols[i].and_then(|c| rec.get(c)).unwrap_or("").trim();
    let kind = LicenceKind::parse(get(0)).ok_or(("kind", "expected p3mi or lpk".to_string()))?;
    let name = get(1);
    if name.is_empty() {
        return Err(("name", "required".into()));
    }
    let licence_no = get(2);
    if licence_no.is_empty() {
        return Err(("licence_no", "required".into()));
    }
    let date = |i: usize, col: &'static str| -> Result<Option<Date>, (&'static str, String)> {
        let t = get(i);
        if t.is_empty() {
            return Ok(None);
        }
        parse_date(t, 2000)
            .map(Some)
            .map_err(|_| (col, "expected dd/mm/yyyy or yyyy-mm-dd".to_string()))
    };
    let from = date(3, "valid_from")?;
    let until = date(4, "valid_until")?;
    if until.is_none() {
        return Err(("valid_until", "required".into()));
    }
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        return Err(("valid_until", "before valid_from".into()));
    }
    let job_orders = split_list(get(7));
    for j in &job_orders {
        parse_job_order(j).map_err(|m| ("job_orders", m.to_string()))?;
    }
    Ok(LicenceRow {
        id: row_id(kind, licence_no),
        kind: kind.code().into(),
        name: name.into(),
        licence_no: licence_no.into(),
        valid_from: from.map(stored_date),
        valid_until: until.map(stored_date),
        address: get(5).into(),
        branches: split_list(get(6)).join("; "),
        job_orders: job_orders.join("; "),
        source: source.into(),
        imported_at: now_ms,
    })
}

fn same_content(a: &LicenceRow, b: &LicenceRow) -> bool {
    (
        &a.kind,
        &a.name,
        &a.licence_no,
        &a.valid_from,
        &a.valid_until,
    ) == (
        &b.kind,
        &b.name,
        &b.licence_no,
        &b.valid_from,
        &b.valid_until,
    ) && (&a.address, &a.branches, &a.job_orders) == (&b.address, &b.branches, &b.job_orders)
}

impl App {
    /// Imports the registry from CSV (columns `jenis, nama, nomor_izin, berlaku_dari,
    /// berlaku_sampai, alamat, cabang, job_order` or their English names; lists `;`-separated,
    /// job orders `country|sector|quota`). Good rows are stored, bad rows reported by line and
    /// column; re-running the same file changes nothing. Run by the operator (CLI) or the demo.
    pub async fn import_licence_registry(
        &self,
        origin: &Origin,
        source: &str,
        input: impl std::io::Read,
    ) -> Result<RegistryImportReport, AppError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input);
        let headers = reader
            .headers()
            .map_err(|_| AppError::invalid("header", "invalid_csv", "unreadable header"))?
            .clone();
        let mut cols: [Option<usize>; 8] = [None; 8];
        for (i, (_, names)) in COLUMNS.iter().enumerate() {
            cols[i] = headers
                .iter()
                .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)));
        }
        for (i, (field, _)) in COLUMNS.iter().enumerate().take(3) {
            if cols[i].is_none() {
                return Err(AppError::invalid(field, "missing_column", "column missing"));
            }
        }
        let now = to_millis(self.clock.now());
        let mut report = RegistryImportReport::default();
        let mut rows = Vec::new();
        for rec in reader.records() {
            report.rows_read += 1;
            let line = report.rows_read + 1;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(line, |p| p.line());
                    report.errors.push(RowError {
                        line,
                        column: "-".into(),
                        message: "unreadable row".into(),
                    });
                    continue;
                }
            };
            let line = rec.position().map_or(line, |p| p.line());
            match parse_row(&cols, &rec, source, now) {
                Ok(row) => rows.push(row),
                Err((column, message)) => report.errors.push(RowError {
                    line,
                    column: column.into(),
                    message,
                }),
            }
        }
        self.atomically(async |app| {
            for row in &rows {
                match app.store.licence(&row.id).await? {
                    Some(old) if same_content(&old, row) => report.unchanged += 1,
                    Some(_) => {
                        app.store.upsert_licence(row).await?;
                        report.updated += 1;
                    }
                    None => {
                        app.store.upsert_licence(row).await?;
                        report.added += 1;
                    }
                }
            }
            let detail = format!(
                "added {} updated {} unchanged {} refused {}",
                report.added,
                report.updated,
                report.unchanged,
                report.errors.len()
            );
            app.audit(origin, "registry.import", source, &detail).await
        })
        .await?;
        Ok(report)
    }

    /// Entries in the registry.
    pub async fn licence_registry_size(&self) -> Result<i64, AppError> {
        Ok(self.store.licence_count().await?)
    }

    /// The public licence check: the best registry entries for a typed name, best first, those
    /// at or above [`MATCH_THRESHOLD`] only. Empty answer = not registered under that name.
    pub async fn check_licence(
        &self,
        typed: &str,
        kind: Option<LicenceKind>,
    ) -> Result<Vec<LicenceMatch>, AppError> {
        let typed: String = typed.chars().take(200).collect();
        let wanted = core_name(&typed);
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<LicenceRow> = self
            .store
            .licences()
            .await?
            .into_iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k.code()))
            .collect();
        let schema = Schema::from_headers(&["id", "full_name"], None);
        let mut records = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            let core = core_name(&r.name);
            let (rec, _) = sinergi_match::record::prepare(&schema, &i.to_string(), &[Some(&core)]);
            records.push(rec);
        }
        let index = ScreeningIndex::build(schema, records);
        let (query, _) = index.prepare("query", &[Some(&wanted)]);
        let today = self.clock.now_wib().date();
        Ok(index
            .search(&query, 5)
            .into_iter()
            .filter(|h| h.score >= MATCH_THRESHOLD)
            .filter_map(|h| {
                let row = rows.get(h.entry_id.parse::<usize>().ok()?)?;
                Some(LicenceMatch {
                    entry: view_of(row, today),
                    score: h.score,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_are_set_aside() {
        assert_eq!(core_name("PT. Sinar Jaya Abadi"), "sinar jaya abadi");
        assert_eq!(core_name("sinar jaya abadi pt"), "sinar jaya abadi");
        assert_eq!(core_name("LPK Contoh, Tbk"), "contoh");
    }

    #[test]
    fn job_orders_parse_or_say_why() {
        let j = parse_job_order("my|manufaktur|120").unwrap();
        assert_eq!((j.country.as_str(), j.quota), ("MY", 120));
        assert!(parse_job_order("Malaysia|x|1").is_err());
        assert!(parse_job_order("MY|x|many").is_err());
        assert!(parse_job_order("MY|x").is_err());
    }

    #[test]
    fn licence_numbers_fold_into_one_id() {
        assert_eq!(
            row_id(LicenceKind::P3mi, "sip3mi-001 "),
            row_id(LicenceKind::P3mi, "SIP3MI 001")
        );
        assert_ne!(
            row_id(LicenceKind::P3mi, "X1"),
            row_id(LicenceKind::Lpk, "X1")
        );
    }
}
