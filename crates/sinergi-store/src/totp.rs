//! Storage of the second factor: TOTP secrets (sealed by the application, a pending one beside
//! the confirmed one during re-enrolment) and sign-ins waiting for their code.

use crate::{Result, Store};
use sqlx::Row;

/// A user's TOTP secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpRow {
    /// Owner.
    pub user_id: String,
    /// Secret, sealed by the application.
    pub secret_enc: Vec<u8>,
    /// Whether the user confirmed it with a first code.
    pub confirmed: bool,
    /// Last accepted time step (replay protection).
    pub last_step: i64,
    /// A new secret being enrolled while the confirmed one stays in force.
    pub pending_enc: Option<Vec<u8>>,
}

const TOTP_UPSERT: &str = "INSERT INTO totp_secrets (user_id, secret_enc, confirmed, last_step, created_at) VALUES ($1, $2, 0, 0, $3) \
     ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, confirmed = 0, last_step = 0, created_at = excluded.created_at";
const TOTP_GET: &str = "SELECT user_id, secret_enc, confirmed, last_step, pending_enc FROM totp_secrets WHERE user_id = $1";
const TOTP_SET_PENDING: &str = "UPDATE totp_secrets SET pending_enc = $1 WHERE user_id = $2";
const TOTP_PROMOTE: &str = "UPDATE totp_secrets SET secret_enc = pending_enc, pending_enc = NULL, confirmed = 1 \
     WHERE user_id = $1 AND pending_enc IS NOT NULL";
const TOTP_CONFIRM: &str = "UPDATE totp_secrets SET confirmed = 1 WHERE user_id = $1";
const TOTP_STEP: &str =
    "UPDATE totp_secrets SET last_step = $1 WHERE user_id = $2 AND last_step < $3";
const TOTP_DELETE: &str = "DELETE FROM totp_secrets WHERE user_id = $1";

const PENDING_INSERT: &str =
    "INSERT INTO pending_logins (token_hash, user_id, client, expires_at) VALUES ($1, $2, $3, $4)";
const PENDING_GET: &str =
    "SELECT user_id, client, expires_at FROM pending_logins WHERE token_hash = $1";
const PENDING_DELETE: &str = "DELETE FROM pending_logins WHERE token_hash = $1";

impl Store {
    /// Stores a new (unconfirmed) TOTP secret for a user, replacing any earlier one.
    pub async fn upsert_totp(&self, user_id: &str, secret_enc: &[u8], at: i64) -> Result<()> {
        sqlx::query(TOTP_UPSERT)
            .bind(user_id)
            .bind(secret_enc.to_vec())
            .bind(at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// The user's TOTP secret, if any.
    pub async fn totp(&self, user_id: &str) -> Result<Option<TotpRow>> {
        let row = sqlx::query(TOTP_GET)
            .bind(user_id)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        row.map(|r| {
            let confirmed: i64 = r.try_get("confirmed")?;
            Ok(TotpRow {
                user_id: r.try_get("user_id")?,
                secret_enc: r.try_get("secret_enc")?,
                confirmed: confirmed == 1,
                last_step: r.try_get("last_step")?,
                pending_enc: r.try_get("pending_enc")?,
            })
        })
        .transpose()
    }

    /// Stores a new secret beside the confirmed one, until [`Store::promote_totp_pending`].
    pub async fn set_totp_pending(&self, user_id: &str, secret_enc: &[u8]) -> Result<()> {
        sqlx::query(TOTP_SET_PENDING)
            .bind(secret_enc.to_vec())
            .bind(user_id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Replaces the confirmed secret by the pending one; false when none was pending.
    pub async fn promote_totp_pending(&self, user_id: &str) -> Result<bool> {
        Ok(sqlx::query(TOTP_PROMOTE)
            .bind(user_id)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Marks the user's TOTP secret as confirmed.
    pub async fn confirm_totp(&self, user_id: &str) -> Result<()> {
        sqlx::query(TOTP_CONFIRM)
            .bind(user_id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Records a used time step; false when that step (or a later one) was already used.
    pub async fn use_totp_step(&self, user_id: &str, step: i64) -> Result<bool> {
        Ok(sqlx::query(TOTP_STEP)
            .bind(step)
            .bind(user_id)
            .bind(step)
            .execute(&mut *self.conn().await?)
            .await?
            .rows_affected()
            == 1)
    }

    /// Removes the user's second factor.
    pub async fn delete_totp(&self, user_id: &str) -> Result<()> {
        sqlx::query(TOTP_DELETE)
            .bind(user_id)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Remembers a sign-in that passed the password and waits for the second factor.
    pub async fn insert_pending_login(
        &self,
        token_hash: &str,
        user_id: &str,
        client: &str,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(PENDING_INSERT)
            .bind(token_hash)
            .bind(user_id)
            .bind(client)
            .bind(expires_at)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(())
    }

    /// Takes (reads and deletes) a pending sign-in: `(user_id, client, expires_at)`.
    pub async fn take_pending_login(
        &self,
        token_hash: &str,
    ) -> Result<Option<(String, String, i64)>> {
        let row = sqlx::query(PENDING_GET)
            .bind(token_hash)
            .fetch_optional(&mut *self.conn().await?)
            .await?;
        let Some(r) = row else { return Ok(None) };
        sqlx::query(PENDING_DELETE)
            .bind(token_hash)
            .execute(&mut *self.conn().await?)
            .await?;
        Ok(Some((
            r.try_get("user_id")?,
            r.try_get("client")?,
            r.try_get("expires_at")?,
        )))
    }
}
