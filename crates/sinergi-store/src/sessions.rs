//! Login sessions. Only a hash of the session token is stored, so a copy of the database cannot
//! be used to take over a session.

use crate::query::binds;
use crate::{Result, Store};
use sqlx::Row;

const INSERT: &str = "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)";
const BY_HASH: &str = "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = $1";
const TOUCH: &str = "UPDATE sessions SET expires_at = $1 WHERE token_hash = $2";
const DELETE: &str = "DELETE FROM sessions WHERE token_hash = $1";
const DELETE_FOR_USER: &str = "DELETE FROM sessions WHERE user_id = $1";
const DELETE_EXPIRED: &str = "DELETE FROM sessions WHERE expires_at < $1";

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Owner.
    pub user_id: String,
    /// The CSRF token bound to this session.
    pub csrf_token: String,
    /// Creation instant (epoch ms).
    pub created_at: i64,
    /// Expiry instant (epoch ms).
    pub expires_at: i64,
}

impl Store {
    /// Stores a new session.
    pub async fn insert_session(&self, s: &SessionRow) -> Result<()> {
        self.exec(
            INSERT,
            binds![
                s.token_hash.as_str(),
                s.user_id.as_str(),
                s.csrf_token.as_str(),
                s.created_at,
                s.expires_at
            ],
        )
        .await?;
        Ok(())
    }

    /// The session with this token hash, if any (expired ones included: the caller decides).
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        self.row(BY_HASH, binds![token_hash], |r| {
            Ok(SessionRow {
                token_hash: r.try_get("token_hash")?,
                user_id: r.try_get("user_id")?,
                csrf_token: r.try_get("csrf_token")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .await
    }

    /// Moves a session's expiry (sliding expiry on activity).
    pub async fn touch_session(&self, token_hash: &str, expires_at: i64) -> Result<()> {
        self.exec(TOUCH, binds![expires_at, token_hash]).await?;
        Ok(())
    }

    /// Ends one session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.exec(DELETE, binds![token_hash]).await?;
        Ok(())
    }

    /// Ends every session of a user ("sign out everywhere"); returns how many ended.
    pub async fn delete_user_sessions(&self, user_id: &str) -> Result<u64> {
        self.exec(DELETE_FOR_USER, binds![user_id]).await
    }

    /// Removes sessions that expired before `now`; returns how many.
    pub async fn purge_expired_sessions(&self, now: i64) -> Result<u64> {
        self.exec(DELETE_EXPIRED, binds![now]).await
    }
}
