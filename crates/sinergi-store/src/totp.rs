//! Storage of the second factor: TOTP secrets (sealed by the application, a pending one beside
//! the confirmed one during re-enrolment) and sign-ins waiting for their code.

use crate::query::binds;
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
        self.exec(TOTP_UPSERT, binds![user_id, secret_enc.to_vec(), at])
            .await?;
        Ok(())
    }

    /// The user's TOTP secret, if any.
    pub async fn totp(&self, user_id: &str) -> Result<Option<TotpRow>> {
        self.row(TOTP_GET, binds![user_id], |r| {
            let confirmed: i64 = r.try_get("confirmed")?;
            Ok(TotpRow {
                user_id: r.try_get("user_id")?,
                secret_enc: r.try_get("secret_enc")?,
                confirmed: confirmed == 1,
                last_step: r.try_get("last_step")?,
                pending_enc: r.try_get("pending_enc")?,
            })
        })
        .await
    }

    /// Stores a new secret beside the confirmed one, until [`Store::promote_totp_pending`].
    pub async fn set_totp_pending(&self, user_id: &str, secret_enc: &[u8]) -> Result<()> {
        self.exec(TOTP_SET_PENDING, binds![secret_enc.to_vec(), user_id])
            .await?;
        Ok(())
    }

    /// Replaces the confirmed secret by the pending one; false when none was pending.
    pub async fn promote_totp_pending(&self, user_id: &str) -> Result<bool> {
        Ok(self.exec(TOTP_PROMOTE, binds![user_id]).await? == 1)
    }

    /// Marks the user's TOTP secret as confirmed.
    pub async fn confirm_totp(&self, user_id: &str) -> Result<()> {
        self.exec(TOTP_CONFIRM, binds![user_id]).await?;
        Ok(())
    }

    /// Records a used time step; false when that step (or a later one) was already used.
    pub async fn use_totp_step(&self, user_id: &str, step: i64) -> Result<bool> {
        Ok(self.exec(TOTP_STEP, binds![step, user_id, step]).await? == 1)
    }

    /// Removes the user's second factor.
    pub async fn delete_totp(&self, user_id: &str) -> Result<()> {
        self.exec(TOTP_DELETE, binds![user_id]).await?;
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
        self.exec(
            PENDING_INSERT,
            binds![token_hash, user_id, client, expires_at],
        )
        .await?;
        Ok(())
    }

    /// Takes (reads and deletes) a pending sign-in: `(user_id, client, expires_at)`.
    pub async fn take_pending_login(
        &self,
        token_hash: &str,
    ) -> Result<Option<(String, String, i64)>> {
        let pending = self
            .row(PENDING_GET, binds![token_hash], |r| {
                Ok((
                    r.try_get("user_id")?,
                    r.try_get("client")?,
                    r.try_get("expires_at")?,
                ))
            })
            .await?;
        let Some(pending) = pending else {
            return Ok(None);
        };
        self.exec(PENDING_DELETE, binds![token_hash]).await?;
        Ok(Some(pending))
    }
}
