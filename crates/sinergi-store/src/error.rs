//! Store errors. Policy: callers see one of four kinds; the backend's text is kept for the
//! operator's log but never contains row values (drivers report constraint names, not data).

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database cannot be reached or timed out.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A stored value could not be turned into a domain value.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Backend(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation
                | sqlx::error::ErrorKind::ForeignKeyViolation => {
                    StoreError::Conflict(db.message().to_string())
                }
                _ => StoreError::Backend(db.message().to_string()),
            },
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Backend(e.to_string()),
        }
    }
}
