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
}

/// The accepted type of an attachment, decided from its first bytes (never from its name).
pub fn attachment_type(bytes: &[u8]) -> Result<&'static str, AttachmentError> {
    if bytes.is_empty() {
        return Err(AttachmentError::Empty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentError::TooLarge);
    }
    if bytes.starts_with(b"%PDF-") {
        Ok("application/pdf")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]) {
        Ok("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Ok("image/jpeg")
    } else {
        Err(AttachmentError::BadType)
    }
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
        assert_eq!(attachment_type(b"%PDF-1.7 ..."), Ok("application/pdf"));
        assert_eq!(attachment_type(&[0xff, 0xd8, 0xff, 0xe0]), Ok("image/jpeg"));
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
