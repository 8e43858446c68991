//! User accounts and login attempts.

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
const FAILED_FOR_USER: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM login_attempts \
     WHERE username = $1 AND at >= $2 AND success = 0";
const FAILED_FOR_CLIENT: &str = "SELECT CAST(COUNT(*) AS BIGINT) FROM login_attempts \
     WHERE client = $1 AND at >= $2 AND success = 0";

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
        sqlx::query(INSERT_USER)
            .bind(u.user.id.as_str())
            .bind(u.user.username.as_str())
            .bind(u.user.display_name.as_str())
            .bind(u.user.agency_code.as_str())
            .bind(u.user.role.code())
            .bind(u.password_hash.as_str())
            .bind(i64::from(u.user.active))
            .bind(created_at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// The user with this login name, if any.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<StoredUser>> {
        let row = sqlx::query(BY_USERNAME)
            .bind(username)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The user with this id.
    pub async fn user_by_id(&self, id: &str) -> Result<StoredUser> {
        let row = sqlx::query(BY_ID)
            .bind(id)
            .fetch_optional(&mut *self.conn().await?)
            .await?
            .ok_or(StoreError::NotFound)?;
        user_from_row(&row)
    }

    /// Every user, by agency then username.
    pub async fn users(&self) -> Result<Vec<StoredUser>> {
        sqlx::query(ALL_USERS)
            .fetch_all(&mut *self.conn().await?)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    /// Replaces a user's password hash.
    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<()> {
        let done = sqlx::query(SET_PASSWORD)
            .bind(hash)
            .bind(user_id)
            .execute(&mut *self.conn().await?)
            .await?;
        if done.rows_affected() == 0 {
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
        sqlx::query(INSERT_ATTEMPT)
            .bind(id)
            .bind(username)
            .bind(client)
            .bind(at)
            .bind(i64::from(success))
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Failed attempts since `since` for a username and for a client address.
    pub async fn failed_logins_since(
        &self,
        username: &str,
        client: &str,
        since: i64,
    ) -> Result<(i64, i64)> {
        let by_user: i64 = sqlx::query(FAILED_FOR_USER)
            .bind(username)
            .bind(since)
            .fetch_one(&mut *self.conn().await?)
            .await?
            .try_get(0)?;
        let by_client: i64 = sqlx::query(FAILED_FOR_CLIENT)
            .bind(client)
            .bind(since)
            .fetch_one(&mut *self.conn().await?)
            .await?
            .try_get(0)?;
        Ok((by_user, by_client))
    }
}
