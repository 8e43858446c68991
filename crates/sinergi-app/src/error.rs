//! Application errors.
//!
//! Policy: every variant has a stable snake_case key ([`AppError::key`]) that the web layer
//! translates (id/en) and maps to an HTTP status in one place. Messages never contain personal
//! data: a field is named, its value is not echoed.

use sinergi_store::StoreError;

/// What a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is not acceptable; `field` names the input, `key` the reason.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The input field (form field name or CSV column).
        field: &'static str,
        /// Stable translation key of the reason.
        key: &'static str,
        /// The reason in English, for logs and CLI (no personal data).
        reason: String,
    },
    /// No valid session or token.
    #[error("sign-in required")]
    Unauthenticated,
    /// Wrong username or password (never says which).
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed sign-ins recently.
    #[error("too many failed sign-ins; wait 15 minutes")]
    Throttled,
    /// The caller may not do this.
    #[error("not allowed")]
    Forbidden,
    /// The record does not exist or is not visible to the caller.
    #[error("not found")]
    NotFound,
    /// The change conflicts with existing data.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The database cannot be reached.
    #[error("service unavailable")]
    Unavailable,
    /// A bug or corrupt data; details are logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// The stable key the user interface translates.
    pub fn key(&self) -> &'static str {
        match self {
            AppError::Invalid { key, .. } => key,
            AppError::Unauthenticated => "auth_required",
            AppError::BadCredentials => "auth_bad_credentials",
            AppError::Throttled => "auth_throttled",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict(key) => key,
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// Shorthand for an [`AppError::Invalid`].
    pub fn invalid(field: &'static str, key: &'static str, reason: impl Into<String>) -> Self {
        AppError::Invalid {
            field,
            key,
            reason: reason.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(_) => AppError::Conflict("conflict"),
            StoreError::Unavailable(m) => {
                tracing::error!(error = %m, "database unavailable");
                AppError::Unavailable
            }
            StoreError::Corrupt(m) | StoreError::Backend(m) => AppError::Internal(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_snake_case() {
        let all = [
            AppError::invalid("nik", "nik_invalid", "x"),
            AppError::Unauthenticated,
            AppError::BadCredentials,
            AppError::Throttled,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Conflict("username_taken"),
            AppError::Unavailable,
            AppError::Internal("x".into()),
        ];
        for e in all {
            let k = e.key();
            assert!(
                k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{k}"
            );
        }
    }
}
