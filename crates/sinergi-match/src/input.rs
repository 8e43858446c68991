//! Reading records from CSV, streamed in batches (standardised in parallel), with
//! errors that name the line and the column. A bad row is skipped and reported;
//! a bad value is reported and treated as missing; the good rows always link.

use crate::progress::Progress;
use crate::record::{Record, prepare};
use crate::schema::{Schema, Settings};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::io::Read;
use std::path::Path;

/// A problem with one row or value of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputIssue {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The column concerned, when one is.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
    /// True when the whole row was skipped; false when only the value was dropped.
    pub rejected: bool,
}

impl std::fmt::Display for InputIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        let what = if self.rejected {
            "row skipped"
        } else {
            "value ignored"
        };
        write!(f, ": {} ({what})", self.message)
    }
}

/// Errors that stop reading a file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file cannot be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV cannot be read any further.
    #[error("line {line}: {message}")]
    Csv {
        /// Line where reading stopped.
        line: u64,
        /// The cause.
        message: String,
    },
    /// The file has no header row.
    #[error("the file is empty: a header row is needed")]
    NoHeader,
    /// The id column is missing.
    #[error("line 1: no `{0}` column (the record id); name it in the settings as id_column")]
    MissingIdColumn(String),
    /// A field's columns are all missing.
    #[error("line 1: field `{field}` needs column(s) {columns:?}, not in the header")]
    MissingColumns {
        /// The field.
        field: String,
        /// The columns it reads.
        columns: Vec<String>,
    },
    /// Nothing to compare.
    #[error(
        "line 1: no known column to compare; use full_name, birth_date, nik, phone ... or a settings file"
    )]
    NoFields,
    /// The settings file is invalid.
    #[error(transparent)]
    Settings(#[from] crate::schema::SettingsError),
}

/// The records read from one file, and what was wrong with the rest.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Good rows, standardised, in file order.
    pub records: Vec<Record>,
    /// Problems found, in file order.
    pub issues: Vec<InputIssue>,
    /// Data rows read (good and bad).
    pub rows_read: u64,
    /// Rows skipped.
    pub rows_rejected: u64,
}

/// Reads only the header of `path` and builds the schema from it and `settings`.
pub fn schema_for(path: &Path, settings: Option<&Settings>) -> Result<Schema, InputError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| io_error(path, e))?;
    let headers = rdr.headers().map_err(|e| io_error(path, e))?.clone();
    let h: Vec<&str> = headers.iter().collect();
    if h.is_empty() {
        return Err(InputError::NoHeader);
    }
    let schema = Schema::from_headers(&h, settings);
    if schema.fields.is_empty() {
        return Err(InputError::NoFields);
    }
    Ok(schema)
}

fn io_error(path: &Path, e: csv::Error) -> InputError {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => InputError::Io {
            path: path.display().to_string(),
            source,
        },
        _ => InputError::Csv { line: 1, message },
    }
}

/// Reads `path` with `schema`.
pub fn read_path(
    path: &Path,
    schema: &Schema,
    progress: &dyn Progress,
) -> Result<Dataset, InputError> {
    read_path_with(path, schema, progress, true)
}

/// Reads `path` with `schema`, see [`read_with`] for `strict_columns`.
pub fn read_path_with(
    path: &Path,
    schema: &Schema,
    progress: &dyn Progress,
    strict_columns: bool,
) -> Result<Dataset, InputError> {
    let file = std::fs::File::open(path).map_err(|source| InputError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.stage(
        &format!(
            "reading {}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        ),
        total,
    );
    let d = read_with(
        std::io::BufReader::with_capacity(1 << 20, file),
        schema,
        progress,
        strict_columns,
    );
    progress.finish();
    d
}

struct RawRow {
    line: u64,
    id: String,
    /// The row as read; fields are taken from it when standardising.
    record: csv::ByteRecord,
}

const BATCH: usize = 16_384;

/// Reads CSV from any reader with `schema`. Progress advances by bytes read.
/// Every field must find at least one of its columns.
pub fn read<R: Read>(
    reader: R,
    schema: &Schema,
    progress: &dyn Progress,
) -> Result<Dataset, InputError> {
    read_with(reader, schema, progress, true)
}

/// Like [`read`]; with `strict_columns = false` a field whose columns are all
/// missing is simply missing in every record (screening queries often carry
/// fewer columns than the watchlist).
pub fn read_with<R: Read>(
    reader: R,
    schema: &Schema,
    progress: &dyn Progress,
    strict_columns: bool,
) -> Result<Dataset, InputError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_owned())
            .collect(),
        Err(e) => {
            return Err(InputError::Csv {
                line: 1,
                message: e.to_string(),
            });
        }
    };
    if headers.iter().all(String::is_empty) {
        return Err(InputError::NoHeader);
    }
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let id_col = col(&schema.id_column)
        .ok_or_else(|| InputError::MissingIdColumn(schema.id_column.clone()))?;
    let mut field_cols: Vec<Vec<usize>> = Vec::with_capacity(schema.fields.len());
    for f in &schema.fields {
        let cols: Vec<usize> = f.columns.iter().filter_map(|c| col(c)).collect();
        if cols.is_empty() && strict_columns {
            return Err(InputError::MissingColumns {
                field: f.name.clone(),
                columns: f.columns.clone(),
            });
        }
        field_cols.push(cols);
    }
    let width = headers.len();
    let mut out = Dataset::default();
    let mut reader = Rows {
        rdr,
        headers: &headers,
        id_col,
        field_cols: &field_cols,
        width,
        seen: FxHashSet::default(),
        last_pos: 0,
    };
    // Parsing the next batch (one thread) overlaps standardising this one (the others).
    let mut batch = reader.next_batch(&mut out, progress)?;
    while !batch.is_empty() {
        let mut more = Dataset::default();
        let (prepared, next) = std::thread::scope(|s| {
            let worker = s.spawn(|| prepare_batch(&batch, schema, &field_cols, &headers));
            let next = reader.next_batch(&mut more, progress);
            (worker.join(), next)
        });
        let prepared = prepared.map_err(|_| InputError::Csv {
            line: batch.first().map_or(0, |r| r.line),
            message: "a record could not be standardised".to_owned(),
        })?;
        for (rec, issues) in prepared {
            out.records.push(rec);
            out.issues.extend(issues);
        }
        out.rows_read += more.rows_read;
        out.rows_rejected += more.rows_rejected;
        out.issues.extend(more.issues);
        batch = next?;
    }
    Ok(out)
}

struct Rows<'h, R: Read> {
    rdr: csv::Reader<R>,
    headers: &'h [String],
    id_col: usize,
    field_cols: &'h [Vec<usize>],
    width: usize,
    seen: FxHashSet<Box<str>>,
    last_pos: u64,
}

impl<R: Read> Rows<'_, R> {
    /// Reads up to [`BATCH`] good rows; bad rows are counted and reported in `out`.
    fn next_batch(
        &mut self,
        out: &mut Dataset,
        progress: &dyn Progress,
    ) -> Result<Vec<RawRow>, InputError> {
        let mut batch: Vec<RawRow> = Vec::with_capacity(BATCH);
        let mut record = csv::ByteRecord::new();
        let headers = self.headers;
        while batch.len() < BATCH {
            match self.rdr.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return Err(InputError::Csv {
                            line,
                            message: e.to_string(),
                        });
                    }
                    out.rows_read += 1;
                    out.rows_rejected += 1;
                    out.issues.push(InputIssue {
                        line,
                        column: None,
                        message: e.to_string(),
                        rejected: true,
                    });
                    continue;
                }
            }
            out.rows_read += 1;
            let line = record.position().map_or(0, csv::Position::line);
            let pos = record.position().map_or(0, csv::Position::byte);
            progress.advance(pos.saturating_sub(self.last_pos));
            self.last_pos = pos;
            let mut reject = |issue: InputIssue| {
                out.rows_rejected += 1;
                out.issues.push(issue);
            };
            if record.len() != self.width {
                reject(InputIssue {
                    line,
                    column: None,
                    message: format!("{} fields, the header has {}", record.len(), self.width),
                    rejected: true,
                });
                continue;
            }
            let bad_utf8 = |i: usize| InputIssue {
                line,
                column: Some(headers[i].clone()),
                message: "not valid UTF-8".to_owned(),
                rejected: true,
            };
            let id = match std::str::from_utf8(record.get(self.id_col).unwrap_or_default()) {
                Ok(s) if !s.trim().is_empty() => s.trim().to_owned(),
                Ok(_) => {
                    reject(InputIssue {
                        line,
                        column: Some(headers[self.id_col].clone()),
                        message: "empty id".into(),
                        rejected: true,
                    });
                    continue;
                }
                Err(_) => {
                    reject(bad_utf8(self.id_col));
                    continue;
                }
            };
            if !self.seen.insert(id.clone().into_boxed_str()) {
                reject(InputIssue {
                    line,
                    column: Some(headers[self.id_col].clone()),
                    message: format!("duplicate id {id:?}"),
                    rejected: true,
                });
                continue;
            }
            let bad = self
                .field_cols
                .iter()
                .flatten()
                .find(|&&c| std::str::from_utf8(record.get(c).unwrap_or_default()).is_err());
            if let Some(&c) = bad {
                reject(bad_utf8(c));
                continue;
            }
            batch.push(RawRow {
                line,
                id,
                record: record.clone(),
            });
        }
        Ok(batch)
    }
}

fn prepare_batch(
    batch: &[RawRow],
    schema: &Schema,
    field_cols: &[Vec<usize>],
    headers: &[String],
) -> Vec<(Record, Vec<InputIssue>)> {
    batch
        .par_iter()
        .map(|row| {
            let text = |c: usize| {
                std::str::from_utf8(row.record.get(c).unwrap_or_default())
                    .unwrap_or_default()
                    .trim()
            };
            // A field read from several columns joins their non-empty texts.
            let joined: Vec<Option<String>> = field_cols
                .iter()
                .map(|cols| {
                    (cols.len() > 1).then(|| {
                        let parts: Vec<&str> = cols
                            .iter()
                            .map(|&c| text(c))
                            .filter(|t| !t.is_empty())
                            .collect();
                        parts.join(" ")
                    })
                })
                .collect();
            let raw: Vec<Option<&str>> = field_cols
                .iter()
                .zip(&joined)
                .map(|(cols, j)| {
                    let t = match j {
                        Some(j) => j.as_str(),
                        None => cols.first().map_or("", |&c| text(c)),
                    };
                    (!t.is_empty()).then_some(t)
                })
                .collect();
            let (rec, issues) = prepare(schema, &row.id, &raw);
            let issues = issues
                .into_iter()
                .map(|i| InputIssue {
                    line: row.line,
                    column: field_cols[i.field].first().map(|&c| headers[c].clone()),
                    message: i.message,
                    rejected: false,
                })
                .collect();
            (rec, issues)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn bad_rows_are_reported_with_line_and_column() {
        let csv = "id,full_name,birth_date,nik\n\
                   1,Budi Santoso,01/02/1990,3507010102900001\n\
                   2,Siti,99/99/1990,\n\
                   3,too,many,fields,here\n\
                   1,Duplicate,,\n\
                   ,No Id,,\n\
                   4,Agus,1990-01-01,\n";
        let schema = Schema::from_headers(&["id", "full_name", "birth_date", "nik"], None);
        let d = read(csv.as_bytes(), &schema, &Silent);
        let d = d.expect("readable");
        assert_eq!(d.records.len(), 3);
        assert_eq!(d.rows_read, 6);
        assert_eq!(d.rows_rejected, 3);
        let msgs: Vec<String> = d.issues.iter().map(ToString::to_string).collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("line 3, column birth_date")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.starts_with("line 4:")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("duplicate")), "{msgs:?}");
    }

    #[test]
    fn invalid_utf8_names_the_column() {
        let mut bytes = b"id,full_name\n1,Budi\n2,".to_vec();
        bytes.extend([0xFF, 0xFE]);
        bytes.extend(b"\n3,Agus\n");
        let schema = Schema::from_headers(&["id", "full_name"], None);
        let d = read(&bytes[..], &schema, &Silent).expect("readable");
        assert_eq!(d.records.len(), 2);
        assert_eq!(d.issues[0].column.as_deref(), Some("full_name"));
        assert_eq!(d.issues[0].line, 3);
    }
}
