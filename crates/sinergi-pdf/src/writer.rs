//! Serialises laid-out pages as a PDF 1.4 file: catalog, page tree, the two standard fonts,
//! one uncompressed content stream per page, the cross-reference table and the trailer.

use crate::font::encode_char;
use crate::layout::Op;
use crate::{A4_HEIGHT, A4_WIDTH};
use std::fmt::Write as _;

/// A number with at most two decimals and no trailing zeros (`12`, `12.5`, `12.35`).
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A PDF literal string of `text` in WinAnsi, with `(`, `)` and `\` escaped and bytes outside
/// printable ASCII written in octal.
pub(crate) fn literal(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let b = encode_char(c);
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7E => out.push(b),
            _ => out.extend(format!("\\{b:03o}").bytes()),
        }
    }
    out.push(b')');
    out
}

fn content(ops: &[Op]) -> Vec<u8> {
    let mut out = Vec::new();
    for op in ops {
        match op {
            Op::Text {
                x,
                y,
                size,
                bold,
                text,
            } => {
                let font = if *bold { "F2" } else { "F1" };
                out.extend(
                    format!("BT /{font} {} Tf {} {} Td ", num(*size), num(*x), num(*y)).bytes(),
                );
                out.extend(literal(text));
                out.extend(b" Tj ET\n");
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                thickness,
            } => {
                out.extend(
                    format!(
                        "{} w {} {} m {} {} l S\n",
                        num(*thickness),
                        num(*x1),
                        num(*y1),
                        num(*x2),
                        num(*y2)
                    )
                    .bytes(),
                );
            }
            Op::Fill { x, y, w, h, gray } => {
                out.extend(
                    format!(
                        "q {} g {} {} {} {} re f Q\n",
                        num(*gray),
                        num(*x),
                        num(*y),
                        num(*w),
                        num(*h)
                    )
                    .bytes(),
                );
            }
        }
    }
    out
}

/// The PDF file of `pages`.
pub(crate) fn write(title: &str, pages: &[Vec<Op>]) -> Vec<u8> {
    // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, 5 info, then a page and
    // its content stream per page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: String = (0..pages.len()).fold(String::new(), |mut s, i| {
        let _ = write!(s, "{} 0 R ", 6 + 2 * i);
        s
    });
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.trim_end(),
            pages.len()
        )
        .into_bytes(),
    );
    for name in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    let mut info = b"<< /Title ".to_vec();
    info.extend(literal(title));
    info.extend(b" /Producer (Sinergi) >>");
    objects.push(info);
    for (i, ops) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                num(A4_WIDTH),
                num(A4_HEIGHT),
                7 + 2 * i
            )
            .into_bytes(),
        );
        let body = content(ops);
        let mut stream = format!("<< /Length {} >>\nstream\n", body.len()).into_bytes();
        stream.extend(body);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    // ASCII only (text outside ASCII is written in octal escapes): the file survives any
    // transfer and reads back exactly from a text body in tests.
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(obj);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for off in offsets {
        out.extend(format!("{off:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings_are_written_compactly_and_escaped() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(0.333), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(literal("a(b)\\c"), b"(a\\(b\\)\\\\c)".to_vec());
        assert_eq!(literal("–"), b"(\\226)".to_vec());
    }
}
