//! Import of person records from CSV: every row is checked with the domain parsers; a bad row is
//! reported by line and column (never by its value: values are personal data) and the good rows
//! are kept. Re-running the same file adds nothing, because (source, id) is unique in the store.

use crate::audit::Origin;
use crate::vault::{Field, Vault};
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use sinergi_store::people::PersonRow;
use std::io::Read;

/// Rows written per transaction.
const BATCH: usize = 1000;

/// One problem in one CSV row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The column at fault.
    pub column: String,
    /// What is wrong, without echoing the value.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read.
    pub rows_read: u64,
    /// Rows newly stored.
    pub added: u64,
    /// Valid rows that were already stored by an earlier run.
    pub already_present: u64,
    /// Rows refused, with the reason.
    pub errors: Vec<RowError>,
    /// Rows stored with a warning for an officer to check (a NIK whose region code is in
    /// neither the current nor an earlier code list).
    pub warnings: Vec<RowError>,
}

/// Column positions of the standard person columns.
struct Columns {
    id: usize,
    full_name: usize,
    birth_date: Option<usize>,
    sex: Option<usize>,
    birth_place: Option<usize>,
    nik: Option<usize>,
    phone: Option<usize>,
    address: Option<usize>,
    region_code: Option<usize>,
}

impl Columns {
    fn from_header(h: &csv::StringRecord) -> Result<Columns, AppError> {
        let find = |name: &str| h.iter().position(|c| c.trim().eq_ignore_ascii_case(name));
        let required = |name: &'static str| {
            find(name).ok_or_else(|| {
                AppError::invalid(
                    "header",
                    "csv_missing_column",
                    format!("line 1: the header has no `{name}` column"),
                )
            })
        };
        Ok(Columns {
            id: required("id")?,
            full_name: required("full_name")?,
            birth_date: find("birth_date"),
            sex: find("sex"),
            birth_place: find("birth_place"),
            nik: find("nik"),
            phone: find("phone"),
            address: find("address"),
            region_code: find("region_code"),
        })
    }
}

fn field(rec: &csv::StringRecord, at: Option<usize>) -> Option<&str> {
    at.and_then(|i| rec.get(i))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Checks one record and turns it into a storable row, or names its first bad column.
fn to_row(
    rec: &csv::StringRecord,
    c: &Columns,
    source: &str,
    vault: &Vault,
    reference_year: i32,
) -> Result<PersonRow, (String, String)> {
    let bad = |col: &str, msg: String| (col.to_string(), msg);
    let id = field(rec, Some(c.id)).ok_or_else(|| bad("id", "is empty".into()))?;
    if id.len() > 128 {
        return Err(bad("id", "is longer than 128 characters".into()));
    }
    let full_name =
        field(rec, Some(c.full_name)).ok_or_else(|| bad("full_name", "is empty".into()))?;
    if full_name.chars().count() > 200 {
        return Err(bad("full_name", "is longer than 200 characters".into()));
    }
    let birth_date = match field(rec, c.birth_date) {
        Some(t) => Some(
            sinergi_domain::dates::parse_date(t, reference_year)
                .map(sinergi_domain::dates::format_iso)
                .map_err(|e| {
                    // The value is a birth date: name the problem, never echo the date.
                    bad(
                        "birth_date",
                        format!("is not a real date in a known form ({})", e.key()),
                    )
                })?,
        ),
        None => None,
    };
    let sex = match field(rec, c.sex) {
        Some(t) => Some(
            t.parse::<sinergi_domain::nik::Sex>()
                .map(|s| s.code().to_string())
                .map_err(|_| bad("sex", "must be L/P, M/F, laki-laki/perempuan".into()))?,
        ),
        None => None,
    };
    // A NIK with an unknown region code is stored with a warning (the caller reports it),
    // never refused: the code list may simply not know an old or new region.
    let nik = match field(rec, c.nik) {
        Some(t) => Some(
            match sinergi_domain::nik::Nik::parse(t) {
                Err(e) if e.is_region_warning() => {
                    sinergi_domain::nik::Nik::parse_accepting_unknown_region(t)
                }
                other => other,
            }
            .map(|n| n.to_string())
            .map_err(|e| bad("nik", e.to_string()))?,
        ),
        None => None,
    };
    let phone = match field(rec, c.phone) {
        Some(t) => Some(
            sinergi_domain::phone::Phone::parse(t)
                .map(|p| p.e164().to_string())
                .map_err(|e| bad("phone", e.to_string()))?,
        ),
        None => None,
    };
    let region_code = match field(rec, c.region_code) {
        Some(t) => Some(
            sinergi_domain::region::RegionCode::parse(t)
                .map(|r| r.to_string())
                .map_err(|e| bad("region_code", e.to_string()))?,
        ),
        None => None,
    };
    let long_text = |col: &'static str, at: Option<usize>| match field(rec, at) {
        Some(t) if t.chars().count() > 300 => Err(bad(col, "is longer than 300 characters".into())),
        other => Ok(other.map(str::to_string)),
    };
    let (nik_enc, nik_idx) = vault
        .protect(Field::Nik, nik.as_deref())
        .map_err(|e| bad("nik", e.to_string()))?;
    let (phone_enc, phone_idx) = vault
        .protect(Field::Phone, phone.as_deref())
        .map_err(|e| bad("phone", e.to_string()))?;
    Ok(PersonRow {
        id: uuid::Uuid::new_v4().to_string(),
        source: source.to_string(),
        source_ref: id.to_string(),
        full_name: full_name.to_string(),
        birth_date,
        sex,
        birth_place: long_text("birth_place", c.birth_place)?,
        nik_enc,
        nik_idx,
        phone_enc,
        phone_idx,
        address: long_text("address", c.address)?,
        region_code,
    })
}

impl App {
    /// Imports person records from CSV under a source label (e.g. `kanim-malang-2026-11`).
    /// The caller is audited; callers other than the CLI operator need `ImportPeople`
    /// (checked by the caller-facing wrappers).
    pub async fn import_people_csv(
        &self,
        origin: &Origin,
        source: &str,
        input: impl Read,
    ) -> Result<ImportReport, AppError> {
        let source = source.trim();
        if source.is_empty() || source.len() > 64 {
            return Err(AppError::invalid(
                "source",
                "source_invalid",
                "the source label must be 1-64 characters",
            ));
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let header = reader
            .headers()
            .map_err(|e| AppError::invalid("header", "csv_unreadable", format!("line 1: {e}")))?;
        let columns = Columns::from_header(header)?;
        let width = header.len();
        let mut report = ImportReport::default();
        let mut batch = Vec::with_capacity(BATCH);
        let mut record = csv::StringRecord::new();
        let year = self.clock.now_wib().year();
        loop {
            let line = reader.position().line();
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    report.rows_read += 1;
                    let line = e.position().map_or(line, |p| p.line());
                    report.errors.push(RowError {
                        line,
                        column: "-".into(),
                        message: format!("unreadable CSV: {}", csv_error_kind(&e)),
                    });
                    continue;
                }
            }
            report.rows_read += 1;
            let line = record.position().map_or(line, |p| p.line());
            if record.len() != width {
                report.errors.push(RowError {
                    line,
                    column: "-".into(),
                    message: format!("has {} fields, the header has {width}", record.len()),
                });
                continue;
            }
            match to_row(&record, &columns, source, &self.vault, year) {
                Ok(row) => {
                    if let Some(e) = field(&record, columns.nik)
                        .and_then(|t| sinergi_domain::nik::Nik::parse(t).err())
                    {
                        report.warnings.push(RowError {
                            line,
                            column: "nik".into(),
                            message: format!("stored; check the KTP: {e}"),
                        });
                    }
                    batch.push(row)
                }
                Err((column, message)) => report.errors.push(RowError {
                    line,
                    column,
                    message,
                }),
            }
            if batch.len() >= BATCH {
                self.flush(&mut batch, &mut report).await?;
            }
        }
        self.flush(&mut batch, &mut report).await?;
        // The new records are screened against from now on (rows only: duplicates were not added).
        if report.added > 0
            && self.index_ready()
            && let Err(e) = self.index_catch_up().await
        {
            tracing::warn!(error = %e, "screening index not caught up after an import");
        }
        self.audit(
            origin,
            "people.import",
            source,
            &format!(
                "read={} added={} present={} errors={}",
                report.rows_read,
                report.added,
                report.already_present,
                report.errors.len()
            ),
        )
        .await?;
        Ok(report)
    }

    async fn flush(
        &self,
        batch: &mut Vec<PersonRow>,
        report: &mut ImportReport,
    ) -> Result<(), AppError> {
        if batch.is_empty() {
            return Ok(());
        }
        let added = self
            .store
            .insert_people(batch, to_millis(self.clock.now()))
            .await?;
        report.added += added;
        report.already_present += batch.len() as u64 - added;
        batch.clear();
        Ok(())
    }
}

/// The kind of a CSV error without the offending bytes.
fn csv_error_kind(e: &csv::Error) -> &'static str {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8",
        csv::ErrorKind::UnequalLengths { .. } => "wrong number of fields",
        csv::ErrorKind::Io(_) => "read error",
        _ => "malformed record",
    }
}
