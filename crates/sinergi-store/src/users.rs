//! User accounts and login attempts.

use crate::query::{binds, int};
use crate::{Result, Store, StoreError};
use sinergi_domain::access::{Role, User};
use sqlx::Row;
use sqlx::any::AnyRow;

const INSERT_USER: &str = "INSERT INTO users (id, username, display_name, agency_code, role, password_hash, active, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
const BY_USERNAME: &str = "SELECT id, username, display_name, agency_code, role, password_hash, active FROM users WHERE username = $1";
const BY_ID: &str = "SELECT id, username, display_name, agency_code, role, password_hash, active FROM users WHERE id = $1";
const ALL_USERS: &str = "SELECT id, username, display_name, agency_code, role, password_hash, active FROM users ORDER BY agency_code, username";
const SET_PASSWORD: &str = "UPDATE users SET password_hash = $1 WHERE id = $2";
const INSERT_ATTEMPT: &str =
    "INSERT INTO login_attempts (id, username, client, at, success) VALUES ($1, $2, $3, $4, $5)";
const FAILED_FOR_PAIR: &str = "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(MAX(at), 0) AS BIGINT) AS last \
     FROM login_attempts WHERE username = $1 AND client = $2 AND success = 0 AND at >= $3 \
     AND at > (SELECT CAST(COALESCE(MAX(at), 0) AS BIGINT) FROM login_attempts \
     WHERE username = $4 AND client = $5 AND success = 1)";
const FAILED_FOR_CLIENT: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM login_attempts \
     WHERE client = $1 AND at >= $2 AND success = 0";

/// Recent failed sign-ins, as throttling sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleFacts {
    /// Failures of this (account, address) pair since its last success and within the window.
    pub pair_fails: i64,
    /// Instant of the pair's newest failure (epoch ms; 0 when none).
    pub pair_last_fail: i64,
    /// Failures from this address (any account) within the window.
    pub client_fails: i64,
}

/// A user with the stored password hash (PHC string), as kept in the database.
#[derive(Debug, Clone)]
pub struct StoredUser {
    /// The account.
    pub user: User,
    /// Argon2id PHC string.
    pub password_hash: String,
}

fn user_from_row(r: &AnyRow) -> Result<StoredUser> {
    let role: String = r.try_get("role")?;
    let active: i64 = r.try_get("active")?;
    Ok(StoredUser {
        user: User {
            id: r.try_get("id")?,
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            agency_code: r.try_get("agency_code")?,
            role: role
                .parse::<Role>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            active: active == 1,
        },
        password_hash: r.try_get("password_hash")?,
    })
}

impl Store {
    /// Inserts a new user; [`StoreError::Conflict`] when the username is taken or the agency unknown.
    pub async fn insert_user(&self, u: &StoredUser, created_at: i64) -> Result<()> {
        self.exec(
            INSERT_USER,
            binds![
                u.user.id.as_str(),
                u.user.username.as_str(),
                u.user.display_name.as_str(),
                u.user.agency_code.as_str(),
                u.user.role.code(),
                u.password_hash.as_str(),
                i64::from(u.user.active),
                created_at
            ],
        )
        .await?;
        Ok(())
    }

    /// The user with this login name, if any.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<StoredUser>> {
        self.row(BY_USERNAME, binds![username], user_from_row).await
    }

    /// The user with this id.
    pub async fn user_by_id(&self, id: &str) -> Result<StoredUser> {
        self.row(BY_ID, binds![id], user_from_row)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Every user, by agency then username.
    pub async fn users(&self) -> Result<Vec<StoredUser>> {
        self.rows(ALL_USERS, binds![], user_from_row).await
    }

    /// Replaces a user's password hash.
    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<()> {
        let done = self.exec(SET_PASSWORD, binds![hash, user_id]).await?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Records one login attempt (for throttling).
    pub async fn record_login_attempt(
        &self,
        id: &str,
        username: &str,
        client: &str,
        at: i64,
        success: bool,
    ) -> Result<()> {
        self.exec(
            INSERT_ATTEMPT,
            binds![id, username, client, at, i64::from(success)],
        )
        .await?;
        Ok(())
    }

    /// What sign-in throttling needs to know about an (account, address) pair and the address.
    pub async fn login_throttle_facts(
        &self,
        username: &str,
        client: &str,
        pair_since: i64,
        client_since: i64,
    ) -> Result<ThrottleFacts> {
        let vals = binds![username, client, pair_since, username, client];
        let (pair_fails, pair_last_fail) = self
            .one(FAILED_FOR_PAIR, vals, |r| {
                Ok((r.try_get("n")?, r.try_get("last")?))
            })
            .await?;
        let vals = binds![client, client_since];
        let client_fails = self.one(FAILED_FOR_CLIENT, vals, int).await?;
        Ok(ThrottleFacts {
            pair_fails,
            pair_last_fail,
            client_fails,
        })
    }
}
