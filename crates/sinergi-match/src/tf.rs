//! Term frequencies of name tokens and whole names, for the term-frequency
//! adjustment: agreeing on "Siti Aminah" is weaker evidence than agreeing on a
//! rare name, and agreeing on a rare token counts more.

use crate::compare::strong;
use crate::record::{Record, Value};
use crate::standardise::name::StdName;
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};

/// Hashes a string with a fixed hasher (stable within a process).
pub fn hash_str(s: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Token and whole-name counts of one name field.
#[derive(Debug, Clone, Default)]
pub struct NameFrequencies {
    tokens: FxHashMap<u64, u32>,
    names: FxHashMap<u64, u32>,
    total: u64,
}

impl NameFrequencies {
    /// Counts the names of field `field` in `records`.
    pub fn count(records: &[Record], field: usize) -> NameFrequencies {
        let mut f = NameFrequencies::default();
        for r in records {
            if let Some(Value::Name(n)) = r.values.get(field) {
                f.add(n);
            }
        }
        f
    }

    /// Adds one name.
    pub fn add(&mut self, n: &StdName) {
        self.total += 1;
        for t in &n.tokens {
            *self.tokens.entry(hash_str(&t.key)).or_insert(0) += 1;
        }
        *self.names.entry(n.key_hash).or_insert(0) += 1;
    }

    /// Removes one name added before.
    pub fn remove(&mut self, n: &StdName) {
        self.total = self.total.saturating_sub(1);
        for t in &n.tokens {
            if let Some(c) = self.tokens.get_mut(&hash_str(&t.key)) {
                *c = c.saturating_sub(1);
            }
        }
        if let Some(c) = self.names.get_mut(&n.key_hash) {
            *c = c.saturating_sub(1);
        }
    }

    /// Number of names counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// How many names contain the token with this key.
    pub fn token_count(&self, key: &str) -> u32 {
        self.tokens.get(&hash_str(key)).copied().unwrap_or(0)
    }

    /// Relative frequency of a whole name (sorted strong keys), at least 1/total.
    pub fn name_frequency(&self, n: &StdName) -> f64 {
        let c = self.names.get(&n.key_hash).copied().unwrap_or(0);
        f64::from(c.max(1)) / self.total.max(1) as f64
    }

    /// Relative frequency of a name judged token by token (product of the strong
    /// tokens' frequencies), at least 1/total.
    pub fn token_product_frequency(&self, n: &StdName) -> f64 {
        let total = self.total.max(1) as f64;
        let p: f64 = strong(&n.tokens)
            .iter()
            .map(|t| f64::from(self.token_count(&t.key).max(1)) / total)
            .product();
        p.max(1.0 / total)
    }
}
