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

/// Version byte of the ciphertext format.
const FORMAT_V1: u8 = 1;

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

/// A 256-bit master key. `Debug` never prints it.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

impl MasterKey {
    /// A fresh random key.
    pub fn generate() -> Result<MasterKey, AppError> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        Ok(MasterKey(k))
    }

    /// An all-zero key that [`crate::App`] refuses; only a placeholder when randomness failed.
    pub(crate) fn zero_for_failed_rng() -> MasterKey {
        MasterKey([0; 32])
    }

    /// Whether this is the refused all-zero key.
    pub(crate) fn is_zero(&self) -> bool {
        self.0 == [0; 32]
    }

    /// Parses 64 hex digits (surrounding white space ignored).
    pub fn from_hex(text: &str) -> Result<MasterKey, AppError> {
        let t = text.trim();
        let bad = || {
            AppError::invalid(
                "master_key",
                "master_key_invalid",
                "the master key must be 64 hexadecimal digits",
            )
        };
        if t.len() != 64 {
            return Err(bad());
        }
        let mut k = [0u8; 32];
        for (i, chunk) in t.as_bytes().chunks(2).enumerate() {
            let s = std::str::from_utf8(chunk).map_err(|_| bad())?;
            k[i] = u8::from_str_radix(s, 16).map_err(|_| bad())?;
        }
        Ok(MasterKey(k))
    }

    /// The key as 64 hex digits (to write the key file).
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    fn derive(&self, label: &[u8]) -> Result<[u8; 32], AppError> {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(&self.0)
            .map_err(|e| AppError::Internal(format!("key derivation: {e}")))?;
        mac.update(label);
        let out = mac.finalize().into_bytes();
        let mut k = [0u8; 32];
        k.copy_from_slice(&out);
        Ok(k)
    }
}

/// Encrypts, decrypts and indexes protected fields.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    index_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

impl Vault {
    /// Derives the encryption and index keys from the master key.
    pub fn new(master: &MasterKey) -> Result<Vault, AppError> {
        let enc = master.derive(b"sinergi/encryption/v1")?;
        let cipher = XChaCha20Poly1305::new_from_slice(&enc)
            .map_err(|e| AppError::Internal(format!("cipher key: {e}")))?;
        Ok(Vault {
            cipher,
            index_key: master.derive(b"sinergi/blind-index/v1")?,
        })
    }

    /// Encrypts a value: `version || nonce || ciphertext+tag`.
    pub fn seal(&self, field: Field, plaintext: &str) -> Result<Vec<u8>, AppError> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| AppError::Internal(format!("randomness: {e}")))?;
        let ct = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: field.label(),
                },
            )
            .map_err(|_| AppError::Internal("encryption failed".into()))?;
        let mut out = Vec::with_capacity(1 + 24 + ct.len());
        out.push(FORMAT_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts a value sealed by [`Vault::seal`] for the same field.
    pub fn open(&self, field: Field, sealed: &[u8]) -> Result<String, AppError> {
        if sealed.len() < 1 + 24 + 16 || sealed[0] != FORMAT_V1 {
            return Err(AppError::Internal(
                "sealed value has an unknown format".into(),
            ));
        }
        let mut nonce = [0u8; 24];
        nonce.copy_from_slice(&sealed[1..25]);
        let pt = self
            .cipher
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
}
