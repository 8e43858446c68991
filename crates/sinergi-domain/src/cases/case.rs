//! Cases: status, sharing and attachment checks.

use super::coded_enum;

coded_enum!(
    /// Where a case stands.
    CaseStatus, "case status", {
        /// Being worked.
        Open => "open",
        /// Closed (all suspects final, assistance ended).
        Closed => "closed",
    }
);

/// Largest attachment accepted: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// Why an attachment is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    /// Empty file.
    #[error("the file is empty")]
    Empty,
    /// Larger than [`MAX_ATTACHMENT_BYTES`].
    #[error("the file is too large")]
    TooLarge,
    /// Content is not one of the accepted types.
    #[error("file type not accepted")]
    BadType,
    /// The content is not only what its type says: markup or script a browser would run (a
    /// PDF/HTML polyglot), or a file without its type's closing marker.
    #[error("the file content does not match its type")]
    Mismatch,
}

/// Markers of content a browser would render or run, looked for anywhere in an attachment.
const ACTIVE_MARKERS: &[&[u8]] = &[
    b"<html",
    b"<!doctype",
    b"<script",
    b"<body",
    b"<svg",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<meta",
    b"javascript:",
    b"/javascript",
    b"/js ",
    b"/launch",
];

fn contains_active_markup(bytes: &[u8]) -> bool {
    ACTIVE_MARKERS
        .iter()
        .any(|m| bytes.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m)))
}

/// Whether the file ends as its type requires (PDF `%%EOF` near the end, PNG's `IEND` chunk,
/// JPEG's end-of-image marker), so nothing else hides after it.
fn ends_properly(kind: &str, bytes: &[u8]) -> bool {
    match kind {
        "application/pdf" => {
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            tail.windows(5).any(|w| w == b"%%EOF")
        }
        "image/png" => {
            bytes.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82])
        }
        "image/jpeg" => {
            let trimmed = bytes
                .iter()
                .rposition(|b| *b != 0)
                .map_or(bytes, |i| &bytes[..=i]);
            trimmed.ends_with(&[0xff, 0xd9])
        }
        _ => false,
    }
}

/// The accepted type of an attachment, decided from its first bytes (never from its name).
pub fn attachment_type(bytes: &[u8]) -> Result<&'static str, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentError::TooLarge);
    }
    let kind = if bytes.starts_with(b"%PDF-") {
        "application/pdf"
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        "image/png"
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else {
        return Err(AttachmentError::BadType);
    };
    if contains_active_markup(bytes) || !ends_properly(kind, bytes) {
        return Err(AttachmentError::Mismatch);
    }
    Ok(kind)
}

/// Whether an agency may see a case: it leads it or the case is shared with it.
pub fn visible_to(lead: &str, shared: &[String], agency: &str) -> bool {
    lead == agency || shared.iter().any(|a| a == agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_by_content() {
        assert_eq!(
            attachment_type(b"%PDF-1.7 ...\n%%EOF\n"),
            Ok("application/pdf")
        );
        assert_eq!(
            attachment_type(&[0xff, 0xd8, 0xff, 0xe0, 0, 0xff, 0xd9]),
            Ok("image/jpeg")
        );
        // A PDF/HTML polyglot: a PDF header, and markup a browser would render.
        assert_eq!(
            attachment_type(b"%PDF-1.4\n<HTML><body><script>alert(1)</script>\n%%EOF"),
            Err(AttachmentError::Mismatch)
        );
        assert_eq!(
            attachment_type(b"%PDF-1.4\n1 0 obj << /S /JavaScript /JS (app.alert(1)) >>\n%%EOF"),
            Err(AttachmentError::Mismatch)
        );
        assert_eq!(
            attachment_type(b"%PDF-1.4 no end marker"),
            Err(AttachmentError::Mismatch)
        );
        assert_eq!(attachment_type(b"MZ\x90"), Err(AttachmentError::BadType));
        assert_eq!(attachment_type(b""), Err(AttachmentError::Empty));
        assert_eq!(
            attachment_type(&vec![b'%'; MAX_ATTACHMENT_BYTES + 1]),
            Err(AttachmentError::TooLarge)
        );
    }

    #[test]
    fn visibility() {
        assert!(visible_to("polres", &[], "polres"));
        assert!(visible_to("polres", &["iom".into()], "iom"));
        assert!(!visible_to("polres", &["iom".into()], "pemkot-batu"));
    }
}
