//! Phone numbers to E.164. Indonesian numbers are the default (`08…`, `62…`,
//! `+62…`, `(0341) …`); numbers with another `+` country code are kept as written.

/// Why a phone number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Fewer than 7 or more than 15 digits remain.
    #[error("a phone number has 7 to 15 digits")]
    Length,
    /// Letters or other characters that phone numbers never contain.
    #[error("unexpected characters in a phone number")]
    Characters,
}

/// Normalises a phone number to E.164 (`+628123456789`).
pub fn parse(raw: &str) -> Result<String, PhoneError> {
    let s = raw.trim();
    let plus = s.starts_with('+') || s.starts_with("00");
    let mut digits = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '+' | '/' => {}
            _ => return Err(PhoneError::Characters),
        }
    }
    let national: &str;
    let e164 = if plus {
        let d = digits.strip_prefix("00").unwrap_or(&digits);
        format!("+{d}")
    } else if let Some(rest) = digits.strip_prefix("62") {
        national = rest.strip_prefix('0').unwrap_or(rest);
        format!("+62{national}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("+62{rest}")
    } else if digits.starts_with('8') && digits.len() >= 9 {
        // Mobile numbers written without the leading 0 ("812 3456 789").
        format!("+62{digits}")
    } else {
        format!("+{digits}")
    };
    let n = e164.len() - 1;
    if !(7..=15).contains(&n) {
        return Err(PhoneError::Length);
    }
    Ok(e164)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn indonesian_forms_agree() {
        let want = Ok("+6281234567890".to_owned());
        assert_eq!(parse("081234567890"), want);
        assert_eq!(parse("+62 812-3456-7890"), want);
        assert_eq!(parse("62812 3456 7890"), want);
        assert_eq!(parse("0062 812 3456 7890"), want);
        assert_eq!(parse("(0341) 551234"), Ok("+62341551234".to_owned()));
        assert_eq!(parse("+1 (555) 010-9999"), Ok("+15550109999".to_owned()));
        assert_eq!(parse("12"), Err(PhoneError::Length));
        assert_eq!(parse("0812abc"), Err(PhoneError::Characters));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
        }
    }
}
