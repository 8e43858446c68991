//! Reading an uploaded file into sheets of text cells: CSV (comma, semicolon or tab, UTF-8 or
//! Windows-1252 as Excel writes it) and XLSX/XLS/ODS through `calamine`. Each row keeps the
//! number it has in the file (the header is row 1 when it is the first row), so a problem is
//! reported where the user will look for it. Dates stored as Excel serial numbers become
//! dd/mm/yyyy; whole numbers lose their `.0`.

use crate::AppError;
use calamine::{Data, Reader};
use time::Date;

/// The largest file an import takes (bytes).
pub const MAX_FILE_BYTES: usize = 25 * 1024 * 1024;
/// The most data rows an import takes over all sheets.
pub const MAX_ROWS: usize = 250_000;

/// One row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// Its number in the file (1-based, as a spreadsheet shows it).
    pub number: u32,
    /// Its cells as text, one per header column.
    pub cells: Vec<String>,
}

/// One sheet (a CSV file is one sheet named after the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The header row (the first non-empty row), trimmed.
    pub headers: Vec<String>,
    /// The number of the header row.
    pub header_row: u32,
    /// The data rows after it (empty rows left out).
    pub rows: Vec<SheetRow>,
}

fn unreadable(why: &str) -> AppError {
    AppError::invalid("file", "import_unreadable", why.to_string())
}

/// Whether a file name says XLSX/XLS/ODS (else it is read as CSV).
pub fn is_spreadsheet(file_name: &str) -> bool {
    let lower = file_name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Reads a file by its name and content.
pub fn read_file(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::invalid(
            "file",
            "import_too_large",
            "file larger than the limit",
        ));
    }
    let sheets = if is_spreadsheet(file_name) || bytes.starts_with(b"PK\x03\x04") {
        read_workbook(bytes)?
    } else {
        vec![read_csv(file_name, bytes)?]
    };
    let rows: usize = sheets.iter().map(|s| s.rows.len()).sum();
    if rows > MAX_ROWS {
        return Err(AppError::invalid(
            "file",
            "import_too_many_rows",
            "more rows than the limit",
        ));
    }
    if sheets.iter().all(|s| s.headers.is_empty()) {
        return Err(AppError::invalid("file", "import_empty", "no header row"));
    }
    Ok(sheets)
}

/// Excel's day 0 (30/12/1899) as a Julian day number.
const EXCEL_EPOCH_JD: i64 = 2_415_019;

fn excel_date(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let jd = i32::try_from(EXCEL_EPOCH_JD + serial.floor() as i64).ok()?;
    Date::from_julian_day(jd).ok()
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn cell_text(d: &Data) -> String {
    let text = match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            if dt.is_datetime() {
                excel_date(serial)
                    .map(sinergi_domain::dates::format_id)
                    .unwrap_or_else(|| number_text(serial))
            } else {
                number_text(serial)
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    };
    // A cell is one line of text: a line break inside would break row numbering downstream.
    text.replace(['\r', '\n'], " ").trim().to_string()
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, AppError> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|_| unreadable("not a readable workbook"))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|_| unreadable("unreadable sheet"))?;
        let first_row = range.start().map_or(0, |(r, _)| r);
        let first_col = range.start().map_or(0, |(_, c)| c) as usize;
        let mut sheet = Sheet {
            name: name.clone(),
            headers: Vec::new(),
            header_row: 0,
            rows: Vec::new(),
        };
        for (i, row) in range.rows().enumerate() {
            let number = first_row + i as u32 + 1;
            // Columns left of the used range are empty: keep positions as the sheet shows them.
            let mut cells: Vec<String> = vec![String::new(); first_col];
            cells.extend(row.iter().map(cell_text));
            push_row(&mut sheet, number, cells);
        }
        out.push(sheet);
    }
    Ok(out)
}

fn push_row(sheet: &mut Sheet, number: u32, mut cells: Vec<String>) {
    if cells.iter().all(String::is_empty) {
        return;
    }
    if sheet.headers.is_empty() {
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        sheet.headers = cells;
        sheet.header_row = number;
        return;
    }
    cells.resize(sheet.headers.len().max(cells.len()), String::new());
    sheet.rows.push(SheetRow { number, cells });
}

/// Windows-1252 bytes as text (Excel on Windows saves CSV so).
fn decode_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(*b),
        })
        .collect()
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Sheet, AppError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => decode_1252(bytes),
    };
    // The separator seen most in the first lines (a tie goes to the comma, the last here).
    let sample: Vec<&str> = text.lines().take(10).collect();
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|d| {
            sample
                .iter()
                .map(|l| l.bytes().filter(|b| b == d).count())
                .sum::<usize>()
        })
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let name = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "CSV".to_string());
    let mut sheet = Sheet {
        name,
        headers: Vec::new(),
        header_row: 0,
        rows: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    let raw = text.as_bytes();
    // Line numbers from byte offsets: the reader's own line count skips blank lines unevenly.
    let mut counted = (0usize, 1u32);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => return Err(unreadable("malformed CSV")),
        }
        let mut at = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(raw.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        let (from, line) = counted;
        let newlines = raw
            .get(from..at)
            .map_or(0, |s| s.iter().filter(|b| **b == b'\n').count());
        counted = (at.max(from), line + newlines as u32);
        let number = counted.1;
        let cells = record
            .iter()
            .map(|c| c.replace(['\r', '\n'], " ").trim().to_string())
            .collect();
        push_row(&mut sheet, number, cells);
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_and_windows_text_reads_with_row_numbers() {
        let bytes = b"\n;\nNama;Tanggal\nSiti Aminah;01/02/1990\n\nJos\xe9 Ram\xf4s;\n";
        let sheets = read_file("data pmi.csv", bytes).unwrap();
        let s = &sheets[0];
        assert_eq!(s.name, "data pmi");
        assert_eq!(s.headers, vec!["Nama", "Tanggal"]);
        assert_eq!(s.header_row, 3);
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].number, 4);
        assert_eq!(s.rows[1].number, 6);
        assert_eq!(s.rows[1].cells[0], "José Ramôs");
    }

    #[test]
    fn excel_serial_dates_become_calendar_dates() {
        assert_eq!(
            excel_date(45658.0).map(sinergi_domain::dates::format_id),
            Some("01/01/2025".to_string())
        );
        assert_eq!(
            excel_date(1.0).map(sinergi_domain::dates::format_id),
            Some("31/12/1899".to_string())
        );
        assert_eq!(number_text(3507.0), "3507");
        assert_eq!(number_text(2.5), "2.5");
    }

    #[test]
    fn garbage_is_refused_with_a_key() {
        let e = read_file("x.xlsx", b"not a zip").unwrap_err();
        assert_eq!(e.key(), "import_unreadable");
        let e = read_file("x.csv", b"\n\n").unwrap_err();
        assert_eq!(e.key(), "import_empty");
    }
}
