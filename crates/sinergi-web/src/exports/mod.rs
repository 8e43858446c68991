//! Lists as files: every list a user may see downloads as XLSX and CSV from the same rows.
//! CSV is the dashboard's writer (RFC 4180, formula cells neutralised with a leading
//! apostrophe). XLSX is written here: a stored ZIP ([`zip`]) of five small XML parts, text as
//! inline strings, whole numbers as numbers, the header bold and frozen. A text cell that a
//! spreadsheet could take for a formula (`=`, `+`, `-`, `@`) is written with Excel's
//! "quote prefix" style, so it stays text even when the cell is edited; an XLSX cell here is
//! never a formula (no `<f>` element is ever written).
//!
//! Why our own writer: `rust_xlsxwriter` costs a cold build of its own and of `zip` (see the
//! report of the Excel work); an XLSX of one sheet of text is ~150 lines.

mod zip;

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// One sheet of a workbook: a name, a header row, text rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Sheet name (cut to 31 characters; `[]:*?/\` replaced).
    pub name: String,
    /// The header row.
    pub headers: Vec<String>,
    /// The data rows.
    pub rows: Vec<Vec<String>>,
}

/// The file formats of a list download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values, UTF-8.
    Csv,
    /// Office Open XML workbook.
    Xlsx,
}

impl Format {
    /// The format of a `format=` parameter (`csv` or `xlsx`).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Whether a text cell could be read as a formula by a spreadsheet.
pub fn formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0 (tab, newline and CR are).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The column letters of a 0-based index (`0` → `A`, `26` → `AA`).
pub fn column_name(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// A whole number an XLSX may store as a number without changing how it reads (no leading
/// zero, at most 15 digits, so phone numbers and NIKs stay text).
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && !text.starts_with('-')
}

fn sheet_xml(sheet: &Sheet) -> Vec<u8> {
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.chars().count()).collect();
    for row in &sheet.rows {
        for (i, cell) in row.iter().enumerate() {
            let n = cell.chars().count();
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(n),
                None => widths.push(n),
            }
        }
    }
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" \
         activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><cols>",
    );
    for (i, w) in widths.iter().enumerate() {
        let width = (*w).clamp(6, 60) + 2;
        x.push_str(&format!(
            "<col min=\"{n}\" max=\"{n}\" width=\"{width}\" customWidth=\"1\"/>",
            n = i + 1
        ));
    }
    x.push_str("</cols><sheetData>");
    let header = std::iter::once((true, &sheet.headers));
    let body = sheet.rows.iter().map(|r| (false, r));
    for (r, (head, row)) in header.chain(body).enumerate() {
        x.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, text) in row.iter().enumerate() {
            let at = format!("{}{}", column_name(c), r + 1);
            if !head && is_plain_number(text) {
                x.push_str(&format!("<c r=\"{at}\"><v>{text}</v></c>"));
                continue;
            }
            // Styles: 1 = bold header, 2 = text with quote prefix (never a formula).
            let style = if head {
                " s=\"1\""
            } else if formula_like(text) {
                " s=\"2\""
            } else {
                ""
            };
            x.push_str(&format!(
                "<c r=\"{at}\" t=\"inlineStr\"{style}><is><t xml:space=\"preserve\">{}</t></is></c>",
                escape(text)
            ));
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData></worksheet>");
    x.into_bytes()
}

fn sheet_name(name: &str, i: usize, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    let clean = if clean.trim().is_empty() {
        format!("Sheet{}", i + 1)
    } else {
        clean
    };
    if taken.contains(&clean) {
        format!("{}{}", clean.chars().take(28).collect::<String>(), i + 1)
    } else {
        clean
    }
}

/// The workbook of `sheets` as an XLSX file.
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let mut names: Vec<String> = Vec::new();
    for (i, s) in sheets.iter().enumerate() {
        let n = sheet_name(&s.name, i, &names);
        names.push(n);
    }
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
    );
    let mut workbook = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>",
    );
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, name) in names.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        workbook.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            escape(name)
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
    }
    types.push_str("</Types>");
    workbook.push_str("</sheets></workbook>");
    let styles_id = sheets.len() + 1;
    rels.push_str(&format!(
        "<Relationship Id=\"rId{styles_id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    ));
    let root_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>\
         <font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>\
         <fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
         <xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" quotePrefix=\"1\"/></cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), types.into_bytes()),
        ("_rels/.rels".into(), root_rels.as_bytes().to_vec()),
        ("xl/workbook.xml".into(), workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()),
        ("xl/styles.xml".into(), styles.as_bytes().to_vec()),
    ];
    for (i, s) in sheets.iter().enumerate() {
        entries.push((format!("xl/worksheets/sheet{}.xml", i + 1), sheet_xml(s)));
    }
    zip::stored(&entries)
}

/// The sheet as CSV (the dashboard's writer: formula cells get a leading apostrophe).
pub fn csv(sheet: &Sheet) -> String {
    crate::dashboard::tables::csv_rows(&sheet.headers, &sheet.rows)
}

/// A download of `sheet` in `format`, named `<stem>.csv` or `<stem>.xlsx` (the stem is kept
/// to letters, digits and `-`).
pub fn download(sheet: &Sheet, format: Format, stem: &str) -> Response {
    let stem: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let (mime, ext, body) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv", csv(sheet).into_bytes()),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            xlsx(std::slice::from_ref(sheet)),
        ),
    };
    (
        [
            (CONTENT_TYPE, mime.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{ext}\""),
            ),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_in_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn numbers_stay_numbers_and_identifiers_stay_text() {
        assert!(is_plain_number("12"));
        assert!(is_plain_number("0"));
        assert!(!is_plain_number("0812345678"), "a phone keeps its zero");
        assert!(!is_plain_number("3507012345670001"), "a NIK has 16 digits");
        assert!(!is_plain_number("-5"));
        assert!(!is_plain_number("<5"));
    }

    #[test]
    fn formula_cells_are_text_with_a_quote_prefix_and_never_formulas() {
        let sheet = Sheet {
            name: "Daftar: [uji]".into(),
            headers: vec!["Nama".into(), "Jumlah".into()],
            rows: vec![
                vec!["=HYPERLINK(\"http://contoh.invalid\")".into(), "3".into()],
                vec!["A & B <C>".into(), "0812".into()],
            ],
        };
        let xml = String::from_utf8(sheet_xml(&sheet)).unwrap();
        assert!(!xml.contains("<f>"), "no formula element");
        assert!(xml.contains("t=\"inlineStr\" s=\"2\"><is><t xml:space=\"preserve\">=HYPERLINK"));
        assert!(xml.contains("<c r=\"B2\"><v>3</v></c>"));
        assert!(xml.contains("A &amp; B &lt;C&gt;"));
        assert!(xml.contains(">0812<"));
        let file = xlsx(&[sheet]);
        assert!(file.starts_with(b"PK\x03\x04"));
        let text = String::from_utf8_lossy(&file);
        assert!(
            text.contains("name=\"Daftar- -uji-\""),
            "sheet name cleaned"
        );
        assert_eq!(
            csv(&Sheet {
                name: String::new(),
                headers: vec!["a".into()],
                rows: vec![vec!["@SUM(1)".into()]],
            }),
            "a\r\n'@SUM(1)\r\n"
        );
    }
}
