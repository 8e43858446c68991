//! Spreadsheets as agencies export them (XLSX, XLSM, XLS, XLSB, ODS), read
//! directly: the first sheet becomes CSV text, which the CSV reader then reads
//! like any other file, so columns, header mapping, bad rows and line numbers
//! behave the same (line 1 is the sheet's first row).
//!
//! Cells keep what an officer typed: a number typed as such (a NIK or phone
//! stored as a number) is written without a decimal part or exponent; a date
//! cell is written `yyyy-mm-dd`; an error cell is left empty.

use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// Whether `path` names a spreadsheet by its extension.
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| matches!(e.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods"))
}

/// Why a spreadsheet could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The workbook cannot be opened or parsed.
    #[error("{path}: not a readable spreadsheet ({message})")]
    Open {
        /// The file.
        path: String,
        /// The cause.
        message: String,
    },
    /// The workbook has no sheet.
    #[error("{0}: the workbook has no sheet")]
    NoSheet(String),
}

/// The text of one cell.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e17 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
    }
}

/// The first sheet of the workbook at `path` as CSV bytes (rows of unequal
/// length padded to the widest).
pub fn first_sheet_csv(path: &Path) -> Result<Vec<u8>, SheetError> {
    let open = |e: &dyn std::fmt::Display| SheetError::Open {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut book = open_workbook_auto(path).map_err(|e| open(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| SheetError::NoSheet(path.display().to_string()))?
        .map_err(|e| open(&e))?;
    let width = range.width();
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut row_text: Vec<String> = Vec::with_capacity(width);
    for row in range.rows() {
        row_text.clear();
        row_text.extend(row.iter().map(cell_text));
        row_text.resize(width, String::new());
        w.write_record(&row_text).map_err(|e| open(&e))?;
    }
    w.into_inner().map_err(|e| open(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_keep_what_was_typed() {
        assert_eq!(
            cell_text(&Data::Float(3507010102900001.0)),
            "3507010102900001"
        );
        assert_eq!(cell_text(&Data::Float(81234567890.0)), "81234567890");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Int(42)), "42");
        assert_eq!(cell_text(&Data::Empty), "");
        // 1 February 1990 is day 32,905 of Excel's 1900 calendar.
        let d = ExcelDateTime::new(32905.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(d)), "1990-02-01");
        assert!(is_spreadsheet(Path::new("ekspor.XLSX")));
        assert!(!is_spreadsheet(Path::new("ekspor.csv")));
    }

    #[test]
    fn an_unreadable_workbook_is_an_error() {
        let p = std::env::temp_dir().join(format!("sinergi-sheet-{}.xlsx", std::process::id()));
        std::fs::write(&p, b"not a zip").expect("write");
        let e = first_sheet_csv(&p);
        let _ = std::fs::remove_file(&p);
        assert!(matches!(e, Err(SheetError::Open { .. })), "{e:?}");
    }
}
