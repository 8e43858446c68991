//! Protection at rest: identifiers (NIK, passport number, phone) and victim identities are
//! encrypted before they reach the store, with a key that lives outside the database, plus a keyed
//! blind index for exact look-up. A stolen database file shows neither the values nor (without
//! the key) a way to test guesses against the index.
//!
//! - Encryption: XChaCha20-Poly1305 with a random 192-bit nonce per value; the field kind is the
//!   associated data, so a NIK ciphertext cannot be moved into the phone column unnoticed.
//! - Blind index: HMAC-SHA-256 of `kind:value` under a second key, first 128 bits in hex.
//! - Both keys are derived from one 256-bit master key (HMAC with distinct labels). The master
//!   key is a file outside the database (`<data-dir>/sinergi.key`, mode 0600) or
//!   `SINERGI_MASTER_KEY` (64 hex digits).

use crate::AppError;
use crate::audit::hex;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Highest key version: the first byte of a sealed value names the key version that sealed it.
const MAX_KEY_VERSION: u8 = 255;

/// Which kind of value is protected; part of the associated data and of the index input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// NIK, 16 digits.
    Nik,
    /// Passport number.
    Passport,
    /// Phone number in E.164.
    Phone,
    /// A victim's name or other identity field.
    VictimIdentity,
}

impl Field {
    fn label(self) -> &'static [u8] {
        match self {
            Field::Nik => b"nik",
            Field::Passport => b"passport",
            Field::Phone => b"phone",
            Field::VictimIdentity => b"victim",
        }
    }
}

/// The master key ring: 256-bit keys by version (1, 2, …). The newest seals new values; older
/// ones still open what they sealed until `sinergi key rotate` has re-sealed it. The blind-index
/// and audit keys derive from the first key, so indexes and the audit chain survive rotation
/// (values kept only as an index could not be re-indexed). `Debug` never prints a key.
#[derive(Clone)]
pub struct MasterKey {
    /// `(version, key)`, ascending by version; never empty.
    keys: Vec<(u8, [u8; 32])>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

fn parse_key_hex(t: &str) -> Option<[u8; 32]> {
    if t.len() != 64 {
        return None;
    }
    let mut k = [0u8; 32];
    for (i, chunk) in t.as_bytes().chunks(2).enumerate() {
        let s = std::str::from_utf8(chunk).ok()?;
        k[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(k)
}

impl MasterKey {
    /// A fresh random key (version 1).
    pub fn generate() -> Result<MasterKey, AppError> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        Ok(MasterKey { keys: vec![(1, k)] })
    }

    /// An all-zero key that [`crate::App`] refuses; only a placeholder when randomness failed.
    pub(crate) fn zero_for_failed_rng() -> MasterKey {
        MasterKey {
            keys: vec![(1, [0; 32])],
        }
    }

    /// Whether this is the refused all-zero key.
    pub(crate) fn is_zero(&self) -> bool {
        self.keys.iter().any(|(_, k)| *k == [0; 32])
    }

    /// Parses a key file: 64 hex digits (one key, version 1), or one `<version> <64 hex>` line
    /// per key; blank lines and `#` comments are ignored.
    pub fn from_hex(text: &str) -> Result<MasterKey, AppError> {
        let bad = || {
            AppError::invalid(
                "master_key",
                "master_key_invalid",
                "the master key must be 64 hexadecimal digits (or `<version> <64 hex>` lines)",
            )
        };
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let mut keys = Vec::new();
        for line in &lines {
            match line.split_once(char::is_whitespace) {
                None if lines.len() == 1 => keys.push((1, parse_key_hex(line).ok_or_else(bad)?)),
                Some((v, hex)) => {
                    let v: u8 = v.parse().map_err(|_| bad())?;
                    if v == 0 {
                        return Err(bad());
                    }
                    keys.push((v, parse_key_hex(hex.trim()).ok_or_else(bad)?));
                }
                None => return Err(bad()),
            }
        }
        keys.sort_by_key(|(v, _)| *v);
        if keys.is_empty() || keys.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(bad());
        }
        Ok(MasterKey { keys })
    }

    /// The newest key as 64 hex digits.
    pub fn to_hex(&self) -> String {
        self.keys.last().map(|(_, k)| hex(k)).unwrap_or_default()
    }

    /// The key file text: one `<version> <64 hex>` line per key, oldest first.
    pub fn to_file_text(&self) -> String {
        let mut s = String::from(
            "# Sinergi master keys: `<version> <key>`. Keep this file apart from the database.\n",
        );
        for (v, k) in &self.keys {
            s.push_str(&format!("{v} {}\n", hex(k)));
        }
        s
    }

    /// The version of the newest key (the one that seals).
    pub fn current_version(&self) -> u8 {
        self.keys.last().map_or(1, |(v, _)| *v)
    }

    /// The same ring with a new random key that becomes the sealing key.
    pub fn rotated(&self) -> Result<MasterKey, AppError> {
        let v = self.current_version();
        if v == MAX_KEY_VERSION {
            return Err(AppError::Internal("no key versions left".into()));
        }
        let mut next = MasterKey::generate()?;
        let mut keys = self.keys.clone();
        keys.push((v + 1, next.keys.remove(0).1));
        Ok(MasterKey { keys })
    }

    fn derive_with(key: &[u8; 32], label: &[u8]) -> Result<[u8; 32], AppError> {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key)
            .map_err(|e| AppError::Internal(format!("key derivation: {e}")))?;
        mac.update(label);
        let out = mac.finalize().into_bytes();
        let mut k = [0u8; 32];
        k.copy_from_slice(&out);
        Ok(k)
    }

    /// A key derived from the first (root) key of the ring.
    fn derive(&self, label: &[u8]) -> Result<[u8; 32], AppError> {
        let root = self
            .keys
            .first()
            .ok_or_else(|| AppError::Internal("empty key ring".into()))?;
        Self::derive_with(&root.1, label)
    }
}

fn keyed_mac(key: &[u8; 32], parts: &[&str]) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key) else {
        return String::new();
    };
    for p in parts {
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p.as_bytes());
    }
    hex(&mac.finalize().into_bytes())
}

/// Encrypts, decrypts and indexes protected fields.
#[derive(Clone)]
pub struct Vault {
    /// `(key version, cipher)`; the last one seals.
    ciphers: Vec<(u8, XChaCha20Poly1305)>,
    index_key: [u8; 32],
    audit_key: [u8; 32],
    checkpoint_key: [u8; 32],
    /// Seals files this process writes for itself (the screening-index snapshot). Derived
    /// from the root key, so a rotation does not orphan them.
    file_cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

impl Vault {
    /// Derives the encryption and index keys from the master key.
    pub fn new(master: &MasterKey) -> Result<Vault, AppError> {
        let mut ciphers = Vec::new();
        for (v, key) in &master.keys {
            let enc = MasterKey::derive_with(key, b"sinergi/encryption/v1")?;
            let cipher = XChaCha20Poly1305::new_from_slice(&enc)
                .map_err(|e| AppError::Internal(format!("cipher key: {e}")))?;
            ciphers.push((*v, cipher));
        }
        Ok(Vault {
            ciphers,
            index_key: master.derive(b"sinergi/blind-index/v1")?,
            audit_key: master.derive(b"sinergi/audit-chain/v1")?,
            checkpoint_key: master.derive(b"sinergi/audit-checkpoint/v1")?,
            file_cipher: XChaCha20Poly1305::new_from_slice(
                &master.derive(b"sinergi/local-files/v1")?,
            )
            .map_err(|e| AppError::Internal(format!("cipher key: {e}")))?,
        })
    }

    /// Encrypts a whole file's bytes, `purpose` bound as associated data: `nonce || ciphertext+tag`.
    pub fn seal_file(&self, purpose: &[u8], bytes: &[u8]) -> Result<Vec<u8>, AppError> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let ct = self
            .file_cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: bytes,
                    aad: purpose,
                },
            )
            .map_err(|_| AppError::Internal("encryption failed".into()))?;
        let mut out = Vec::with_capacity(24 + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts what [`Vault::seal_file`] wrote for the same purpose; `None` when it does not
    /// open (another key, another purpose, truncated or altered).
    pub fn open_file(&self, purpose: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < 24 + 16 {
            return None;
        }
        let mut nonce = [0u8; 24];
        nonce.copy_from_slice(&sealed[..24]);
        self.file_cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &sealed[24..],
                    aad: purpose,
                },
            )
            .ok()
    }

    /// The key version new values are sealed with.
    pub fn current_version(&self) -> u8 {
        self.ciphers.last().map_or(1, |(v, _)| *v)
    }

    /// HMAC-SHA-256 (hex) of length-prefixed parts under the audit-chain key.
    pub fn audit_mac(&self, parts: &[&str]) -> String {
        keyed_mac(&self.audit_key, parts)
    }

    /// HMAC-SHA-256 (hex) of length-prefixed parts under the audit-checkpoint key.
    pub fn checkpoint_mac(&self, parts: &[&str]) -> String {
        keyed_mac(&self.checkpoint_key, parts)
    }

    /// Opens a value sealed under any key of the ring (trying each field kind, which the
    /// authentication tag confirms) and seals it again under the current key. `None` when it
    /// opens under no field.
    pub fn reseal(&self, sealed: &[u8]) -> Result<Option<Vec<u8>>, AppError> {
        for field in [
            Field::Nik,
            Field::Passport,
            Field::Phone,
            Field::VictimIdentity,
        ] {
            if let Ok(clear) = self.open(field, sealed) {
                return self.seal(field, &clear).map(Some);
            }
        }
        Ok(None)
    }

    /// Encrypts a value: `version || nonce || ciphertext+tag`.
    pub fn seal(&self, field: Field, plaintext: &str) -> Result<Vec<u8>, AppError> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let (version, cipher) = self
            .ciphers
            .last()
            .ok_or_else(|| AppError::Internal("empty key ring".into()))?;
        let ct = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: field.label(),
                },
            )
            .map_err(|_| AppError::Internal("encryption failed".into()))?;
        let mut out = Vec::with_capacity(1 + 24 + ct.len());
        out.push(*version);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts a value sealed by [`Vault::seal`] for the same field.
    pub fn open(&self, field: Field, sealed: &[u8]) -> Result<String, AppError> {
        let cipher = (sealed.len() >= 1 + 24 + 16)
            .then(|| self.ciphers.iter().find(|(v, _)| *v == sealed[0]))
            .flatten()
            .map(|(_, c)| c)
            .ok_or_else(|| AppError::Internal("sealed value has an unknown format".into()))?;
        let mut nonce = [0u8; 24];
        nonce.copy_from_slice(&sealed[1..25]);
        let pt = cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &sealed[25..],
                    aad: field.label(),
                },
            )
            .map_err(|_| {
                AppError::Internal("sealed value does not open (wrong key or changed)".into())
            })?;
        String::from_utf8(pt).map_err(|_| AppError::Internal("sealed value is not text".into()))
    }

    /// The blind index of a normalised value: equal values give equal indexes under one key.
    pub fn index(&self, field: Field, normalised: &str) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.index_key) else {
            return String::new();
        };
        mac.update(field.label());
        mac.update(b":");
        mac.update(normalised.as_bytes());
        hex(&mac.finalize().into_bytes()[..16])
    }

    /// Seals an optional value and indexes it: `(ciphertext, index)`.
    pub fn protect(
        &self,
        field: Field,
        value: Option<&str>,
    ) -> Result<(Option<Vec<u8>>, Option<String>), AppError> {
        match value {
            None => Ok((None, None)),
            Some(v) => Ok((Some(self.seal(field, v)?), Some(self.index(field, v)))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::new(&MasterKey::generate().expect("key")).expect("vault")
    }

    #[test]
    fn round_trip_and_no_clear_text() {
        let v = vault();
        let sealed = v.seal(Field::Nik, "3507044101900001").expect("seal");
        assert!(!sealed.windows(16).any(|w| w == b"3507044101900001"));
        assert_eq!(
            v.open(Field::Nik, &sealed).expect("open"),
            "3507044101900001"
        );
    }

    #[test]
    fn same_value_seals_differently_but_indexes_equally() {
        let v = vault();
        let a = v.seal(Field::Phone, "+6281234567890").expect("a");
        let b = v.seal(Field::Phone, "+6281234567890").expect("b");
        assert_ne!(a, b);
        assert_eq!(
            v.index(Field::Phone, "+6281234567890"),
            v.index(Field::Phone, "+6281234567890")
        );
        assert_ne!(
            v.index(Field::Phone, "+6281234567890"),
            v.index(Field::Nik, "+6281234567890")
        );
    }

    #[test]
    fn wrong_field_wrong_key_or_tampering_fail() {
        let v = vault();
        let mut sealed = v.seal(Field::Nik, "3507044101900001").expect("seal");
        assert!(v.open(Field::Phone, &sealed).is_err());
        assert!(vault().open(Field::Nik, &sealed).is_err());
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(v.open(Field::Nik, &sealed).is_err());
        assert!(v.open(Field::Nik, &[1, 2, 3]).is_err());
    }

    #[test]
    fn master_key_hex_round_trip_and_errors() {
        let k = MasterKey::generate().expect("key");
        let again = MasterKey::from_hex(&k.to_hex()).expect("parse");
        assert_eq!(again.to_hex(), k.to_hex());
        assert!(MasterKey::from_hex("zz").is_err());
        assert!(MasterKey::from_hex(&"g".repeat(64)).is_err());
        assert_eq!(format!("{k:?}"), "MasterKey(***)");
    }

    #[test]
    fn rotation_keeps_old_values_readable_and_reseals_under_the_new_key() {
        let k1 = MasterKey::generate().expect("key");
        let old = Vault::new(&k1).expect("vault");
        let sealed = old.seal(Field::Passport, "C1234567").expect("seal");
        assert_eq!(sealed[0], 1);
        let k2 = k1.rotated().expect("rotate");
        assert_eq!(k2.current_version(), 2);
        let parsed = MasterKey::from_hex(&k2.to_file_text()).expect("file round trip");
        let new = Vault::new(&parsed).expect("vault");
        assert_eq!(
            new.open(Field::Passport, &sealed).expect("old opens"),
            "C1234567"
        );
        let again = new.reseal(&sealed).expect("reseal").expect("opens");
        assert_eq!(again[0], 2);
        assert_eq!(new.open(Field::Passport, &again).expect("open"), "C1234567");
        assert!(
            old.open(Field::Passport, &again).is_err(),
            "old ring lacks key 2"
        );
        // Indexes and audit MACs derive from the first key: unchanged by rotation.
        assert_eq!(old.index(Field::Nik, "1"), new.index(Field::Nik, "1"));
        assert_eq!(old.audit_mac(&["a"]), new.audit_mac(&["a"]));
        assert!(MasterKey::from_hex("0 00").is_err());
    }
}
