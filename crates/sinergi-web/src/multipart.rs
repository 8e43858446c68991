//! `multipart/form-data` bodies (RFC 7578) of plain upload forms: the parts by name, with the
//! file name of file parts. The whole body is in memory (routes cap it with a body limit).

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part<'a> {
    /// The form field's name.
    pub(crate) name: String,
    /// The file name of a file part.
    pub(crate) file_name: Option<String>,
    /// The content.
    pub(crate) data: &'a [u8],
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Splits a body into its parts; `None` when it is not `multipart/form-data`.
pub(crate) fn parse<'a>(content_type: &str, body: &'a [u8]) -> Option<Vec<Part<'a>>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    if !content_type.starts_with("multipart/form-data") || boundary.is_empty() {
        return None;
    }
    let delimiter = format!("--{boundary}");
    let d = delimiter.as_bytes();
    let closing = format!("\r\n{delimiter}");
    let mut parts = Vec::new();
    let first = find(body, d)?;
    let mut rest = &body[first + d.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        let after_head = &rest[head_end + 4..];
        let end = find(after_head, closing.as_bytes())?;
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        let param = |key: &str| {
            disposition.split(';').map(str::trim).find_map(|p| {
                p.strip_prefix(key)
                    .and_then(|v| v.strip_prefix('='))
                    .map(|v| v.trim_matches('"').to_string())
            })
        };
        parts.push(Part {
            name: param("name")?,
            file_name: param("filename"),
            data: &after_head[..end],
        });
        rest = &after_head[end + closing.len()..];
    }
}

/// The text of a field (empty when missing or not UTF-8).
pub(crate) fn text<'a>(parts: &'a [Part<'_>], name: &str) -> &'a str {
    parts
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| std::str::from_utf8(p.data).ok())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_split_with_their_file_names() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\npeople\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"data.csv\"\r\n\
            Content-Type: text/csv\r\n\r\nno,nama\r\n1,Siti\r\n--XyZ--\r\n";
        let parts = parse("multipart/form-data; boundary=XyZ", body).unwrap();
        assert_eq!(text(&parts, "jenis"), "people");
        assert_eq!(parts[1].file_name.as_deref(), Some("data.csv"));
        assert_eq!(parts[1].data, b"no,nama\r\n1,Siti");
        assert_eq!(text(&parts, "missing"), "");
        assert!(parse("application/x-www-form-urlencoded", b"a=1").is_none());
        assert!(parse("multipart/form-data; boundary=X", b"garbage").is_none());
    }

    #[test]
    fn a_browser_upload_splits_into_its_fields() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lp.pdf\"\r\n\
Content-Type: application/pdf\r\n\r\n%PDF-1.7\r\n%%EOF\r\n--XyZ--\r\n";
        let parts = parse("multipart/form-data; boundary=XyZ", body).expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf_token");
        assert_eq!(parts[0].data, b"abc");
        assert_eq!(parts[1].file_name.as_deref(), Some("lp.pdf"));
        assert_eq!(parts[1].data, b"%PDF-1.7\r\n%%EOF");
    }

    #[test]
    fn anything_else_is_refused_without_a_panic() {
        assert!(parse("application/x-www-form-urlencoded", b"a=1").is_none());
        assert!(parse("multipart/form-data; boundary=X", b"garbage").is_none());
        assert!(parse("multipart/form-data; boundary=X", b"--X\r\nno head").is_none());
        assert!(parse("multipart/form-data; boundary=", b"--\r\n").is_none());
    }
}
