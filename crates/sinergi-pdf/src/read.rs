//! Reads a PDF written by this crate back, for tests: checks its structure (header, every
//! cross-reference offset pointing at its object, trailer, stream lengths) and extracts the text
//! of each page line by line. It reads what [`crate::Document::to_bytes`] writes (uncompressed
//! streams, one cross-reference section), not PDFs in general.

use crate::font::decode_byte;

/// What is wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file does not start with `%PDF-1.`.
    NotPdf,
    /// `startxref`, the cross-reference table or the trailer is missing or malformed.
    BadXref(String),
    /// An object is not where the cross-reference table says.
    ObjectMisplaced(usize),
    /// A stream's `/Length` does not match its data, or a page has no content stream.
    BadStream(usize),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotPdf => write!(f, "not a PDF file"),
            ReadError::BadXref(why) => write!(f, "bad cross-reference table: {why}"),
            ReadError::ObjectMisplaced(n) => write!(f, "object {n} is not at its offset"),
            ReadError::BadStream(n) => write!(f, "stream of object {n} is malformed"),
        }
    }
}

impl std::error::Error for ReadError {}

/// One string drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// Left edge (points).
    pub x: f32,
    /// Baseline (points from the bottom).
    pub y: f32,
    /// The text.
    pub text: String,
}

/// A PDF read back: its pages' text.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// Per page, the strings in drawing order.
    pub pages: Vec<Vec<TextItem>>,
}

impl Inspection {
    /// The text lines of every page, top to bottom: the strings sharing a baseline, left to
    /// right, joined by ` | ` (so a table row reads `label | figure`).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for page in &self.pages {
            let mut items: Vec<&TextItem> = page.iter().collect();
            items.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
            let mut line: Vec<&str> = Vec::new();
            let mut y = f32::NAN;
            for item in items {
                if (item.y - y).abs() > 1.0 && !line.is_empty() {
                    out.push(line.join(" | "));
                    line.clear();
                }
                y = item.y;
                line.push(&item.text);
            }
            if !line.is_empty() {
                out.push(line.join(" | "));
            }
        }
        out
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn number_after(hay: &[u8], key: &[u8], from: usize, to: usize) -> Option<usize> {
    let at = find(hay.get(..to)?, key, from)? + key.len();
    let digits: String = hay[at..]
        .iter()
        .map(|b| char::from(*b))
        .skip_while(|c| c.is_ascii_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Checks the structure of `bytes` and extracts the text of each page.
pub fn inspect(bytes: &[u8]) -> Result<Inspection, ReadError> {
    if !bytes.starts_with(b"%PDF-1.") {
        return Err(ReadError::NotPdf);
    }
    let bad = |why: &str| ReadError::BadXref(why.to_string());
    let sx = rfind(bytes, b"startxref").ok_or_else(|| bad("no startxref"))?;
    let xref = number_after(bytes, b"startxref", sx, bytes.len())
        .ok_or_else(|| bad("no offset after startxref"))?;
    if !bytes.get(xref..).is_some_and(|b| b.starts_with(b"xref")) {
        return Err(bad("startxref does not point at the table"));
    }
    let head_end = find(bytes, b"\n", xref + 5).ok_or_else(|| bad("truncated"))?;
    let head = String::from_utf8_lossy(&bytes[xref + 5..head_end]).to_string();
    let count: usize = head
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| bad("no object count"))?;
    let mut offsets = vec![0usize; count];
    for (i, off) in offsets.iter_mut().enumerate() {
        let at = head_end + 1 + i * 20;
        let entry = bytes.get(at..at + 20).ok_or_else(|| bad("short table"))?;
        let text = String::from_utf8_lossy(entry);
        let mut parts = text.split_whitespace();
        let o: usize = parts
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| bad("bad entry"))?;
        let used = text.contains(" n");
        if i > 0 {
            if !used {
                return Err(bad("free entry in the middle"));
            }
            let label = format!("{i} 0 obj");
            if !bytes
                .get(o..)
                .is_some_and(|b| b.starts_with(label.as_bytes()))
            {
                return Err(ReadError::ObjectMisplaced(i));
            }
        }
        *off = o;
    }
    let trailer = find(bytes, b"trailer", head_end).ok_or_else(|| bad("no trailer"))?;
    if number_after(bytes, b"/Size", trailer, sx) != Some(count) {
        return Err(bad("trailer /Size differs from the table"));
    }
    if find(&bytes[..sx], b"/Root", trailer).is_none() {
        return Err(bad("trailer has no /Root"));
    }
    if !bytes.ends_with(b"%%EOF\n") && !bytes.ends_with(b"%%EOF") {
        return Err(bad("no %%EOF"));
    }
    let object = |n: usize| -> Option<&[u8]> {
        let start = *offsets.get(n)?;
        let end = find(bytes, b"endobj", start)?;
        bytes.get(start..end)
    };
    let mut pages = Vec::new();
    for n in 1..count {
        let obj = object(n).ok_or(ReadError::ObjectMisplaced(n))?;
        if find(obj, b"/Type /Page ", 0).is_none() {
            continue;
        }
        let c = number_after(obj, b"/Contents", 0, obj.len()).ok_or(ReadError::BadStream(n))?;
        let stream = object(c).ok_or(ReadError::ObjectMisplaced(c))?;
        let len =
            number_after(stream, b"/Length", 0, stream.len()).ok_or(ReadError::BadStream(c))?;
        let start = find(stream, b"stream\n", 0).ok_or(ReadError::BadStream(c))? + 7;
        let data = stream
            .get(start..start + len)
            .ok_or(ReadError::BadStream(c))?;
        if !stream[start + len..].starts_with(b"\nendstream") {
            return Err(ReadError::BadStream(c));
        }
        pages.push(text_items(data));
    }
    Ok(Inspection { pages })
}

/// The strings shown by `Tj` in a content stream, each at the position of the `Td` before it.
fn text_items(data: &[u8]) -> Vec<TextItem> {
    let mut items = Vec::new();
    let mut numbers: Vec<f32> = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    let mut string: Option<String> = None;
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b == b'(' {
            let mut s = String::new();
            let mut depth = 1;
            i += 1;
            while i < data.len() {
                let c = data[i];
                match c {
                    b'\\' => {
                        let next = data.get(i + 1).copied().unwrap_or(b'\\');
                        if next.is_ascii_digit() {
                            let oct: String = data[i + 1..]
                                .iter()
                                .take(3)
                                .take_while(|d| d.is_ascii_digit())
                                .map(|d| char::from(*d))
                                .collect();
                            let code = u8::from_str_radix(&oct, 8).unwrap_or(b'?');
                            s.push(decode_byte(code));
                            i += oct.len();
                        } else {
                            s.push(decode_byte(next));
                            i += 1;
                        }
                    }
                    b'(' => {
                        depth += 1;
                        s.push('(');
                    }
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        s.push(')');
                    }
                    _ => s.push(decode_byte(c)),
                }
                i += 1;
            }
            string = Some(s);
            i += 1;
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let end = data[i..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'(')
            .map_or(data.len(), |p| p + i);
        let token = String::from_utf8_lossy(&data[i..end]);
        match token.as_ref() {
            "Td" => {
                if let [.., a, b] = numbers[..] {
                    (x, y) = (a, b);
                }
            }
            "BT" => (x, y) = (0.0, 0.0),
            "Tj" => {
                if let Some(text) = string.take() {
                    items.push(TextItem { x, y, text });
                }
            }
            t => {
                if let Ok(n) = t.parse::<f32>() {
                    numbers.push(n);
                    i = end;
                    continue;
                }
            }
        }
        numbers.clear();
        i = end;
    }
    items
}

#[cfg(test)]
mod tests {
    use crate::{Document, Style, Table};

    fn sample() -> Vec<u8> {
        let mut doc = Document::new("Uji (coba)");
        doc.heading("Laporan Tahunan – 2026")
            .paragraph("Teks dengan (kurung) dan \\ garis miring.", Style::body())
            .rule()
            .table(
                Table::new(vec!["Uraian".into(), "Jumlah".into()], vec![3.0, 1.0])
                    .right_aligned(1)
                    .row(vec!["Kasus".into(), "12".into()]),
            )
            .with_footer("Halaman {page} dari {pages}");
        doc.to_bytes()
    }

    #[test]
    fn what_is_written_reads_back() {
        let read = super::inspect(&sample()).unwrap();
        assert_eq!(read.pages.len(), 1);
        let lines = read.lines();
        assert_eq!(lines[0], "Laporan Tahunan – 2026");
        assert!(lines.contains(&"Teks dengan (kurung) dan \\ garis miring.".to_string()));
        assert!(lines.contains(&"Kasus | 12".to_string()), "{lines:?}");
        assert!(lines.contains(&"Halaman 1 dari 1".to_string()));
    }

    #[test]
    fn a_damaged_file_is_refused() {
        let good = sample();
        assert!(super::inspect(&good[1..]).is_err());
        // Object 1 follows the 9-byte header; an entry pointing one byte off is caught.
        let text = String::from_utf8(good.clone()).unwrap();
        assert!(text.contains("0000000009 00000 n"));
        let moved = text.replace("0000000009 00000 n", "0000000010 00000 n");
        assert_eq!(
            super::inspect(moved.as_bytes()),
            Err(super::ReadError::ObjectMisplaced(1))
        );
        let mut shifted = good.clone();
        shifted.splice(20..20, b"  ".iter().copied());
        assert!(
            super::inspect(&shifted).is_err(),
            "startxref no longer fits"
        );
        let cut = &good[..good.len() - 30];
        assert!(super::inspect(cut).is_err());
        let longer = text.replacen("/Length ", "/Length 1", 1);
        assert!(super::inspect(longer.as_bytes()).is_err());
    }
}
