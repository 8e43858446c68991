//! Sign-in, sessions and user accounts.
//!
//! Passwords are hashed with Argon2id. A session token is 256 random bits given to the browser
//! once; the database keeps only its SHA-256, plus a per-session CSRF token. Failed sign-ins are
//! throttled per account and per client address.

use crate::audit::{Origin, hex};
use crate::{App, AppError};
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use sinergi_domain::access::{Permission, Role, User, check_password, check_username};
use sinergi_domain::clock::to_millis;
use sinergi_store::StoreError;
use sinergi_store::sessions::SessionRow;
use sinergi_store::users::StoredUser;

// Sign-in throttling that cannot lock a user out (OWASP ASVS 5.0 V6.3.1: controls against
// credential stuffing and brute force, documented in docs/security.md). There is no account
// lockout: an account is never refused as such, so nobody can lock out counter staff by
// guessing their predictable usernames. Instead:
// - per (account, address) pair, failures since the pair's last success make the next attempt
//   wait: free for the first PAIR_FREE_FAILS, then 1 s, 2 s, 4 s … up to 15 minutes;
// - per address, more than MAX_FAILS_PER_CLIENT failures within 15 minutes (any accounts) pause
//   that address only (credential stuffing from one source);
// - an address that has not failed signs in at once, whatever other addresses did.
// Wrong second-factor codes count as failures of the pair (ASVS V6.5).

/// Failures of an (account, address) pair that cost no delay.
pub const PAIR_FREE_FAILS: i64 = 3;
/// The longest delay a pair waits after its latest failure: 15 minutes.
pub const MAX_PAIR_DELAY_MS: i64 = 15 * 60 * 1000;
/// How far back a pair's failures count: one hour.
pub const PAIR_WINDOW_MS: i64 = 60 * 60 * 1000;
/// Failed sign-ins allowed per client address within [`THROTTLE_WINDOW_MS`].
pub const MAX_FAILS_PER_CLIENT: i64 = 30;
/// The per-address window: 15 minutes.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;

/// How long a pair with `fails` recent failures waits after its latest one (milliseconds).
pub fn pair_delay_ms(fails: i64) -> i64 {
    if fails < PAIR_FREE_FAILS {
        return 0;
    }
    let doublings = u32::try_from(fails - PAIR_FREE_FAILS)
        .unwrap_or(u32::MAX)
        .min(20);
    (1000_i64 << doublings).min(MAX_PAIR_DELAY_MS)
}

/// A signed-in user acting through a session.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account.
    pub user: User,
    /// Name of the user's agency in force today.
    pub agency_name: String,
    /// The CSRF token every form of this session must carry.
    pub csrf_token: String,
    /// Client address of the current request.
    pub client: String,
    /// For API clients: the only permissions this actor may use (its scopes). `None` for people.
    pub scopes: Option<Vec<Permission>>,
}

impl Actor {
    /// Whether the actor may use `permission`: an active account whose role holds it, and for an
    /// API client, a token scoped to it. Use this (not `user.can`) in use cases.
    pub fn can(&self, permission: Permission) -> bool {
        match &self.scopes {
            Some(scopes) => self.user.active && scopes.contains(&permission),
            None => self.user.can(permission),
        }
    }

    /// `Ok` when the actor may use `permission`, else [`AppError::Forbidden`].
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The audit origin of this actor.
    pub fn origin(&self) -> Origin {
        Origin {
            actor: self.user.id.clone(),
            client: self.client.clone(),
        }
    }
}

/// A session just created by [`App::login`].
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The secret token for the cookie or `Authorization: Bearer` header. Shown once.
    pub token: String,
    /// The signed-in actor.
    pub actor: Actor,
}

/// Input of [`App::add_user`].
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Agency code.
    pub agency_code: String,
    /// Role.
    pub role: Role,
    /// Initial password (policy-checked).
    pub password: String,
}

/// Who asks for an account change: the operator at the command line, or a signed-in actor.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'a> {
    /// `sinergi user add` on the server itself.
    Operator,
    /// A signed-in user (needs `ManageUsers`).
    Actor(&'a Actor),
}

pub(crate) fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
    Ok(hex(&bytes))
}

/// SHA-256 of a session token, hex: the only form of it the database sees.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A random password that meets the policy, for demo accounts and resets.
pub fn random_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
    let mut s: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    s.insert(8, '-');
    s.push('7');
    Ok(s)
}

impl App {
    fn argon2(&self) -> Result<Argon2<'static>, AppError> {
        let params = Params::new(self.config.argon2_memory_kib, 2, 1, None)
            .map_err(|e| AppError::Internal(format!("argon2 params: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// Hashes a password with Argon2id into a PHC string.
    pub fn hash_password(&self, password: &str) -> Result<String, AppError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let hash: PasswordHash = self
            .argon2()?
            .hash_password_with_salt(password.as_bytes(), &salt)
            .map_err(|e| AppError::Internal(format!("hash: {e}")))?;
        Ok(hash.to_string())
    }

    fn verify_password(&self, password: &str, phc: &str) -> bool {
        let Ok(parsed) = PasswordHash::new(phc) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    }

    /// Creates an account after checking the caller's permission, the username, the password
    /// policy and that the role fits the agency.
    pub async fn add_user(&self, caller: Caller<'_>, new: NewUser) -> Result<User, AppError> {
        let origin = match caller {
            Caller::Operator => Origin::cli(),
            Caller::Actor(a) => {
                a.require(Permission::ManageUsers)?;
                a.origin()
            }
        };
        check_username(&new.username)
            .map_err(|e| AppError::invalid("username", "username_invalid", e.to_string()))?;
        check_password(&new.password)
            .map_err(|e| AppError::invalid("password", "password_weak", e.to_string()))?;
        let display_name = new.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 120 {
            return Err(AppError::invalid(
                "display_name",
                "display_name_invalid",
                "display name must be 1-120 characters",
            ));
        }
        let agency = match self.store.agency(&new.agency_code).await {
            Ok(a) => a,
            Err(StoreError::NotFound) => {
                return Err(AppError::invalid(
                    "agency",
                    "agency_unknown",
                    format!("unknown agency `{}`", new.agency_code),
                ));
            }
            Err(e) => return Err(e.into()),
        };
        if !new.role.fits_agency(agency.kind) {
            return Err(AppError::invalid(
                "role",
                "role_not_for_agency",
                format!("role {} is not for a {} agency", new.role, agency.kind),
            ));
        }
        let user = User {
            id: uuid::Uuid::new_v4().to_string(),
            username: new.username,
            display_name: display_name.to_string(),
            agency_code: agency.code,
            role: new.role,
            active: true,
        };
        let stored = StoredUser {
            user: user.clone(),
            password_hash: self.hash_password(&new.password)?,
        };
        match self
            .store
            .insert_user(&stored, to_millis(self.clock.now()))
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => return Err(AppError::Conflict("username_taken")),
            Err(e) => return Err(e.into()),
        }
        self.audit(&origin, "user.add", &user.id, user.role.code())
            .await?;
        Ok(user)
    }

    /// Sets a new password for an existing account (operator only; used by `demo` and resets)
    /// and ends the account's sessions.
    pub async fn reset_password(&self, username: &str, password: &str) -> Result<(), AppError> {
        check_password(password)
            .map_err(|e| AppError::invalid("password", "password_weak", e.to_string()))?;
        let stored = self
            .store
            .user_by_username(username)
            .await?
            .ok_or(AppError::NotFound)?;
        self.store
            .set_password_hash(&stored.user.id, &self.hash_password(password)?)
            .await?;
        self.store.delete_user_sessions(&stored.user.id).await?;
        self.audit(&Origin::cli(), "user.password_reset", &stored.user.id, "")
            .await
    }

    /// Signs in with a password alone. Accounts with a second factor must use
    /// [`App::login_start`] and [`App::login_second_factor`]; here they get `totp_required`.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<NewSession, AppError> {
        match self.login_start(username, password, client).await? {
            crate::totp::LoginStep::Done(session) => Ok(*session),
            crate::totp::LoginStep::SecondFactor { .. } => Err(AppError::invalid(
                "code",
                "totp_required",
                "this account needs a one-time code",
            )),
        }
    }

    /// Throttles and checks a username and password; returns the user id. Failures are
    /// recorded for throttling and audited without saying which part was wrong; a success is
    /// recorded only when the whole sign-in (second factor included) completes, so wrong codes
    /// keep counting after a right password.
    pub(crate) async fn verify_credentials(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<String, AppError> {
        let username = username.trim().to_ascii_lowercase();
        let anonymous = Origin {
            actor: "anonymous".into(),
            client: client.into(),
        };
        self.check_throttle(&username, client).await?;
        let stored = self.store.user_by_username(&username).await?;
        let ok = match &stored {
            Some(s) => s.user.active && self.verify_password(password, &s.password_hash),
            None => {
                // Spend the same effort as a real check, so timing does not reveal accounts.
                let _ = self.hash_password(password);
                false
            }
        };
        match stored.filter(|_| ok) {
            Some(s) => Ok(s.user.id),
            None => {
                self.record_failure(&username, client).await?;
                self.audit(&anonymous, "login.failed", "-", "").await?;
                Err(AppError::BadCredentials)
            }
        }
    }

    /// Refuses (with [`AppError::Throttled`], audited) a sign-in step of this (account, address)
    /// pair while its delay runs or while the address is over its limit.
    pub(crate) async fn check_throttle(
        &self,
        username: &str,
        client: &str,
    ) -> Result<(), AppError> {
        let now = to_millis(self.clock.now());
        let facts = self
            .store
            .login_throttle_facts(
                username,
                client,
                now - PAIR_WINDOW_MS,
                now - THROTTLE_WINDOW_MS,
            )
            .await?;
        let waiting = now < facts.pair_last_fail + pair_delay_ms(facts.pair_fails);
        if waiting || facts.client_fails >= MAX_FAILS_PER_CLIENT {
            let anonymous = Origin {
                actor: "anonymous".into(),
                client: client.into(),
            };
            let why = if waiting { "pair" } else { "address" };
            self.audit(&anonymous, "login.throttled", "-", why).await?;
            return Err(AppError::Throttled);
        }
        Ok(())
    }

    /// Records a failed sign-in step (a wrong password or code) of an (account, address) pair.
    pub(crate) async fn record_failure(
        &self,
        username: &str,
        client: &str,
    ) -> Result<(), AppError> {
        let now = to_millis(self.clock.now());
        self.store
            .record_login_attempt(
                &uuid::Uuid::new_v4().to_string(),
                username,
                client,
                now,
                false,
            )
            .await?;
        Ok(())
    }

    /// Opens a session for a user whose credentials were verified.
    pub(crate) async fn open_session(
        &self,
        user_id: &str,
        client: &str,
    ) -> Result<NewSession, AppError> {
        let stored = self.store.user_by_id(user_id).await?;
        let now = to_millis(self.clock.now());
        // A completed sign-in clears the delay of this (account, address) pair.
        self.store
            .record_login_attempt(
                &uuid::Uuid::new_v4().to_string(),
                &stored.user.username,
                client,
                now,
                true,
            )
            .await?;
        let token = random_token()?;
        let csrf_token = random_token()?;
        let ttl = self.config.session_minutes * 60 * 1000;
        self.store
            .insert_session(&SessionRow {
                token_hash: token_hash(&token),
                user_id: stored.user.id.clone(),
                csrf_token: csrf_token.clone(),
                created_at: now,
                expires_at: now + ttl,
            })
            .await?;
        let actor = Actor {
            agency_name: self.agency_name_today(&stored.user.agency_code).await,
            user: stored.user,
            csrf_token,
            client: client.to_string(),
            scopes: None,
        };
        self.audit(&actor.origin(), "login", &actor.user.id, "")
            .await?;
        Ok(NewSession { token, actor })
    }

    /// The actor behind a session token, or `None` when the token is unknown or expired or the
    /// account is inactive. Activity slides the expiry forward.
    pub async fn actor_for_token(
        &self,
        token: &str,
        client: &str,
    ) -> Result<Option<Actor>, AppError> {
        let hash = token_hash(token);
        let Some(session) = self.store.session(&hash).await? else {
            return Ok(None);
        };
        let now = to_millis(self.clock.now());
        if session.expires_at < now {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        let stored = match self.store.user_by_id(&session.user_id).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if !stored.user.active {
            return Ok(None);
        }
        let ttl = self.config.session_minutes * 60 * 1000;
        // Only write when a minute has passed, to keep reads cheap.
        if session.expires_at - (now + ttl) < -60_000 {
            self.store.touch_session(&hash, now + ttl).await?;
        }
        Ok(Some(Actor {
            agency_name: self.agency_name_today(&stored.user.agency_code).await,
            user: stored.user,
            csrf_token: session.csrf_token,
            client: client.to_string(),
            scopes: None,
        }))
    }

    /// Ends the session of this token.
    pub async fn logout(&self, token: &str, actor: &Actor) -> Result<(), AppError> {
        self.store.delete_session(&token_hash(token)).await?;
        self.audit(&actor.origin(), "logout", &actor.user.id, "")
            .await
    }

    /// Ends every session of the actor's account ("sign out everywhere").
    pub async fn logout_everywhere(&self, actor: &Actor) -> Result<u64, AppError> {
        let n = self.store.delete_user_sessions(&actor.user.id).await?;
        self.audit(
            &actor.origin(),
            "logout.everywhere",
            &actor.user.id,
            &n.to_string(),
        )
        .await?;
        Ok(n)
    }

    /// Every account (needs `ManageUsers`).
    pub async fn users(&self, actor: &Actor) -> Result<Vec<User>, AppError> {
        actor.require(Permission::ManageUsers)?;
        Ok(self
            .store
            .users()
            .await?
            .into_iter()
            .map(|s| s.user)
            .collect())
    }

    /// Display names of the accounts by id, to read the audit trail by (needs `ViewAudit`).
    pub async fn user_names(
        &self,
        actor: &Actor,
    ) -> Result<std::collections::HashMap<String, String>, AppError> {
        actor.require(Permission::ViewAudit)?;
        Ok(self
            .store
            .users()
            .await?
            .into_iter()
            .map(|s| (s.user.id, s.user.display_name))
            .collect())
    }
}
