//! Optional second factor: time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps,
//! 6 digits), as produced by common authenticator apps. The secret is sealed in the database;
//! each time step is accepted once (replay protection); one step of clock drift is tolerated.

use crate::audit::Origin;
use crate::auth::{Actor, NewSession, random_token, token_hash};
use crate::vault::Field;
use crate::{App, AppError};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sinergi_domain::clock::to_millis;

/// Seconds per time step.
pub const STEP_SECONDS: i64 = 30;
/// Minutes a password-verified sign-in waits for its second factor.
pub const PENDING_MINUTES: i64 = 5;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes RFC 4648 base32 (case-insensitive, spaces and padding ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32
            .iter()
            .position(|b| char::from(*b) == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The 6-digit code of `secret` at time step `step` (RFC 4226 dynamic truncation).
pub fn code_at(secret: &[u8], step: i64) -> Option<u32> {
    let mut mac = <Hmac<Sha1> as hmac::KeyInit>::new_from_slice(secret).ok()?;
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let slice = digest.get(offset..offset + 4)?;
    let bin = (u32::from(slice[0] & 0x7f) << 24)
        | (u32::from(slice[1]) << 16)
        | (u32::from(slice[2]) << 8)
        | u32::from(slice[3]);
    Some(bin % 1_000_000)
}

/// What the user needs to set up an authenticator app.
#[derive(Debug, Clone)]
pub struct TotpEnrolment {
    /// The secret in base32, to type in.
    pub secret_base32: String,
    /// An `otpauth://` URI for apps that import it.
    pub uri: String,
}

/// The result of the password step of a sign-in.
#[derive(Debug, Clone)]
pub enum LoginStep {
    /// Signed in.
    Done(Box<NewSession>),
    /// The account has a second factor: ask for a code and call [`App::login_second_factor`]
    /// with this token.
    SecondFactor {
        /// Short-lived token of the pending sign-in.
        pending_token: String,
    },
}

fn invalid_code() -> AppError {
    AppError::invalid("code", "totp_invalid", "the code is not valid")
}

fn parse_code(code: &str) -> Option<u32> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl App {
    fn current_step(&self) -> i64 {
        self.clock.now().unix_timestamp().div_euclid(STEP_SECONDS)
    }

    /// Starts second-factor enrolment, or re-enrolment on a new device. Needs the password
    /// (re-authentication), and when a second factor is already confirmed, a current code of it
    /// too. A re-enrolment leaves the confirmed secret in force until [`App::confirm_totp`] sees a
    /// code of the new one, so it can never switch the second factor off. Wrong passwords and
    /// codes count toward sign-in throttling; every outcome is audited.
    pub async fn enrol_totp(
        &self,
        actor: &Actor,
        password: &str,
        code: &str,
    ) -> Result<TotpEnrolment, AppError> {
        self.reauthenticate(actor, password).await?;
        let existing = self.store.totp(&actor.user.id).await?;
        let confirmed = existing.as_ref().is_some_and(|t| t.confirmed);
        if confirmed && !self.check_code_counted(actor, code).await? {
            return Err(invalid_code());
        }
        let mut secret = [0u8; 20];
        getrandom::fill(&mut secret).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let b32 = base32_encode(&secret);
        let sealed = self.vault.seal(Field::VictimIdentity, &b32)?;
        if confirmed {
            self.store.set_totp_pending(&actor.user.id, &sealed).await?;
        } else {
            self.store
                .upsert_totp(&actor.user.id, &sealed, to_millis(self.clock.now()))
                .await?;
        }
        let action = if confirmed {
            "totp.reenrol"
        } else {
            "totp.enrol"
        };
        self.audit(&actor.origin(), action, &actor.user.id, "")
            .await?;
        Ok(TotpEnrolment {
            uri: format!(
                "otpauth://totp/Sinergi:{}?secret={b32}&issuer=Sinergi&digits=6&period=30",
                actor.user.username
            ),
            secret_base32: b32,
        })
    }

    /// Checks the actor's password again (for changes to the second factor); a wrong one counts
    /// toward throttling like a failed sign-in.
    async fn reauthenticate(&self, actor: &Actor, password: &str) -> Result<(), AppError> {
        if actor.scopes.is_some() {
            return Err(AppError::Forbidden);
        }
        let id = self
            .verify_credentials(&actor.user.username, password, &actor.client)
            .await?;
        if id != actor.user.id {
            return Err(AppError::BadCredentials);
        }
        Ok(())
    }

    /// Checks a code of `sealed` (a secret) for a user, accepting each time step once.
    async fn check_code(
        &self,
        user_id: &str,
        sealed: &[u8],
        last_step: i64,
        code: &str,
    ) -> Result<bool, AppError> {
        let Some(code) = parse_code(code) else {
            return Ok(false);
        };
        let b32 = self.vault.open(Field::VictimIdentity, sealed)?;
        let secret = base32_decode(&b32).ok_or_else(|| AppError::Internal("totp secret".into()))?;
        let now = self.current_step();
        for step in [now - 1, now, now + 1] {
            if step > last_step && code_at(&secret, step) == Some(code) {
                return self
                    .store
                    .use_totp_step(user_id, step)
                    .await
                    .map_err(Into::into);
            }
        }
        Ok(false)
    }

    /// Checks a code against a user's current secret, accepting each step once.
    async fn check_totp(&self, user_id: &str, code: &str) -> Result<bool, AppError> {
        let Some(row) = self.store.totp(user_id).await? else {
            return Ok(false);
        };
        self.check_code(user_id, &row.secret_enc, row.last_step, code)
            .await
    }

    /// Like `check_totp` for a signed-in actor, under throttling: a wrong code is recorded as a
    /// failure of the (account, address) pair and audited.
    async fn check_code_counted(&self, actor: &Actor, code: &str) -> Result<bool, AppError> {
        self.check_throttle(&actor.user.username, &actor.client)
            .await?;
        if self.check_totp(&actor.user.id, code).await? {
            return Ok(true);
        }
        self.record_failure(&actor.user.username, &actor.client)
            .await?;
        self.audit(&actor.origin(), "totp.code_failed", &actor.user.id, "")
            .await?;
        Ok(false)
    }

    /// Confirms an enrolment (or re-enrolment) with a first valid code of the new secret; from
    /// then on sign-in asks for codes of it.
    pub async fn confirm_totp(&self, actor: &Actor, code: &str) -> Result<(), AppError> {
        self.check_throttle(&actor.user.username, &actor.client)
            .await?;
        let row = self
            .store
            .totp(&actor.user.id)
            .await?
            .ok_or_else(invalid_code)?;
        let (secret, pending) = match &row.pending_enc {
            Some(p) => (p.as_slice(), true),
            None if !row.confirmed => (row.secret_enc.as_slice(), false),
            None => return Err(invalid_code()),
        };
        if !self
            .check_code(&actor.user.id, secret, row.last_step, code)
            .await?
        {
            self.record_failure(&actor.user.username, &actor.client)
                .await?;
            self.audit(&actor.origin(), "totp.code_failed", &actor.user.id, "")
                .await?;
            return Err(invalid_code());
        }
        if pending {
            self.store.promote_totp_pending(&actor.user.id).await?;
        } else {
            self.store.confirm_totp(&actor.user.id).await?;
        }
        self.audit(&actor.origin(), "totp.confirm", &actor.user.id, "")
            .await
    }

    /// Removes the actor's second factor: needs the password and a current code; audited.
    pub async fn disable_totp(
        &self,
        actor: &Actor,
        password: &str,
        code: &str,
    ) -> Result<(), AppError> {
        self.reauthenticate(actor, password).await?;
        let confirmed = self
            .store
            .totp(&actor.user.id)
            .await?
            .is_some_and(|t| t.confirmed);
        if confirmed && !self.check_code_counted(actor, code).await? {
            return Err(invalid_code());
        }
        self.store.delete_totp(&actor.user.id).await?;
        self.audit(&actor.origin(), "totp.disable", &actor.user.id, "")
            .await
    }

    /// Whether the user has a confirmed second factor.
    pub async fn has_totp(&self, user_id: &str) -> Result<bool, AppError> {
        Ok(self.store.totp(user_id).await?.is_some_and(|t| t.confirmed))
    }

    /// The password step of a sign-in: a session, or a pending sign-in awaiting a code.
    pub async fn login_start(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<LoginStep, AppError> {
        let user_id = self.verify_credentials(username, password, client).await?;
        if self.has_totp(&user_id).await? {
            let token = random_token()?;
            let expires = to_millis(self.clock.now()) + PENDING_MINUTES * 60 * 1000;
            self.store
                .insert_pending_login(&token_hash(&token), &user_id, client, expires)
                .await?;
            return Ok(LoginStep::SecondFactor {
                pending_token: token,
            });
        }
        Ok(LoginStep::Done(Box::new(
            self.open_session(&user_id, client).await?,
        )))
    }

    /// The second step: a valid code for a pending sign-in opens the session.
    pub async fn login_second_factor(
        &self,
        pending_token: &str,
        code: &str,
        client: &str,
    ) -> Result<NewSession, AppError> {
        let Some((user_id, pending_client, expires)) = self
            .store
            .take_pending_login(&token_hash(pending_token))
            .await?
        else {
            return Err(AppError::Unauthenticated);
        };
        let now = to_millis(self.clock.now());
        if expires < now || pending_client != client {
            return Err(AppError::Unauthenticated);
        }
        let username = self.store.user_by_id(&user_id).await?.user.username;
        self.check_throttle(&username, client).await?;
        if !self.check_totp(&user_id, code).await? {
            let origin = Origin {
                actor: user_id.clone(),
                client: client.into(),
            };
            self.record_failure(&username, client).await?;
            self.audit(&origin, "login.totp_failed", &user_id, "")
                .await?;
            return Err(AppError::BadCredentials);
        }
        self.open_session(&user_id, client).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", 8 digits there; the
        // 6-digit codes are the last six of each.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59 / 30), Some(287_082));
        assert_eq!(code_at(secret, 1_111_111_109 / 30), Some(81_804));
        assert_eq!(code_at(secret, 1_234_567_890 / 30), Some(5_924));
        assert_eq!(code_at(secret, 2_000_000_000 / 30), Some(279_037));
    }

    #[test]
    fn base32_round_trip() {
        for n in 0..25 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi=="), Some(b"foobar".to_vec()));
        assert_eq!(base32_decode("1!"), None);
    }

    #[test]
    fn codes_must_be_six_digits() {
        assert_eq!(parse_code("123 456"), Some(123_456));
        assert_eq!(parse_code("12345"), None);
        assert_eq!(parse_code("12345a"), None);
    }
}
