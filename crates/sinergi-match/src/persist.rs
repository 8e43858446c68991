//! A screening index written to bytes and read back without standardising a
//! single name again: the prepared records, the posting lists and an opaque
//! block of the caller's metadata (for example the watermark of the database
//! rows the index covers), in a small hand-written little-endian format.
//!
//! Loading is a sequence of copies, so it costs a fraction of a rebuild. The
//! bytes are trusted only when everything that shaped them is unchanged: the
//! format version, the schema, and a fingerprint of the standardisers and key
//! hashes (a fixed probe record prepared and hashed by this build). A file
//! that is truncated, altered or written by another build is refused with a
//! [`PersistError`], never half-read; the caller rebuilds.
//!
//! Layout: magic, version, fingerprint, metadata, live records in slot order,
//! posting lists (key, slots renumbered over the live records), and a 64-bit
//! checksum of everything before it.

use crate::record::{Record, Value};
use crate::schema::Schema;
use crate::screen::ScreeningIndex;
use crate::standardise::date::Date;
use crate::standardise::id::{IdScheme, StdId};
use crate::standardise::name::{NameToken, StdName};
use crate::tf::hash_str;

const MAGIC: &[u8; 8] = b"SNGMIDX\0";
/// Bumped whenever the layout below changes.
const VERSION: u32 = 1;

/// Why bytes could not be read back as an index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersistError {
    /// Not an index file, or one of another layout version.
    #[error("not a screening index of this format")]
    Format,
    /// Written by a build whose schema, standardisers or key hashes differ.
    #[error("written by a different build of the matching engine")]
    Fingerprint,
    /// The checksum does not match: the file was truncated or altered.
    #[error("checksum mismatch (truncated or altered)")]
    Checksum,
    /// The bytes end early or hold an impossible value.
    #[error("malformed at byte {0}")]
    Malformed(usize),
}

/// A 64-bit checksum over `bytes`, eight bytes at a time (corruption
/// detection, not a defence against tampering).
pub fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0xCBF2_9CE4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

/// What shaped the bytes: the schema's fields, and one probe record prepared
/// by this build's standardisers, its index keys and token hashes.
fn fingerprint(schema: &Schema) -> u64 {
    let mut w = Writer::default();
    for f in &schema.fields {
        w.str(&f.name);
        w.str(f.kind.as_str());
        w.u8(scheme_code(f.scheme));
    }
    let probe: Vec<Option<&str>> = schema
        .fields
        .iter()
        .map(|f| {
            Some(match f.kind {
                crate::FieldKind::Name => "Hj. Siti Nurhalizah binti Achmad als Siti Joesoef",
                crate::FieldKind::Date => "12/03/1995",
                crate::FieldKind::Identifier => "3507045203950002",
                crate::FieldKind::Phone => "0812-3456-7890",
                crate::FieldKind::Address => "Jl. Ijen No. 5 RT 03 RW 02 Klojen",
                crate::FieldKind::Category => "Perempuan",
                crate::FieldKind::Text => "Kepanjen",
                crate::FieldKind::Number => "42",
            })
        })
        .collect();
    let (record, _) = crate::record::prepare(schema, "probe", &probe);
    w.record(&record);
    let mut keys = Vec::new();
    crate::screen::index_keys(schema, &record, &mut keys);
    for k in keys {
        w.u64(k);
    }
    w.u64(hash_str("sinergi"));
    checksum(&w.buf)
}

fn scheme_code(s: IdScheme) -> u8 {
    match s {
        IdScheme::Nik => 0,
        IdScheme::Passport => 1,
        IdScheme::Generic => 2,
    }
}

#[derive(Default)]
struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn tokens(&mut self, toks: &[NameToken]) {
        self.len(toks.len());
        for t in toks {
            self.str(&t.norm);
            self.str(&t.key);
            self.u8(u8::from(t.weak));
        }
    }
    fn name(&mut self, n: &StdName) {
        self.tokens(&n.tokens);
        self.tokens(&n.patronym);
        self.len(n.aliases.len());
        for a in &n.aliases {
            self.tokens(a);
        }
        self.len(n.titles.len());
        for t in &n.titles {
            self.str(t);
        }
        self.u64(n.key_hash);
        match &n.written {
            None => self.u8(0),
            Some(w) => {
                self.u8(1);
                self.str(w);
            }
        }
    }
    fn record(&mut self, r: &Record) {
        self.str(&r.id);
        self.len(r.values.len());
        for v in &r.values {
            match v {
                Value::Null => self.u8(0),
                Value::Name(n) => {
                    self.u8(1);
                    self.name(n);
                }
                Value::Date(d) => {
                    self.u8(2);
                    self.buf.extend_from_slice(&d.year.to_le_bytes());
                    self.u8(d.month);
                    self.u8(d.day);
                }
                Value::Id(id) => {
                    self.u8(3);
                    self.str(&id.value);
                    self.u8(u8::from(id.valid));
                    self.u8(scheme_code(id.scheme));
                }
                Value::Phone(p) => {
                    self.u8(4);
                    self.str(p);
                }
                Value::Address(a) => {
                    self.u8(5);
                    self.len(a.len());
                    for h in a.iter() {
                        self.u64(*h);
                    }
                }
                Value::Text(t) => {
                    self.u8(6);
                    self.str(t);
                }
                Value::Category(c) => {
                    self.u8(7);
                    self.str(c);
                }
                Value::Number(x) => {
                    self.u8(8);
                    self.u64(x.to_bits());
                }
            }
        }
    }
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

type Res<T> = Result<T, PersistError>;

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(PersistError::Malformed(self.pos))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Res<u16> {
        let mut b = [0u8; 2];
        b.copy_from_slice(self.take(2)?);
        Ok(u16::from_le_bytes(b))
    }
    fn u32(&mut self) -> Res<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Res<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    /// A length, bounded by the bytes left (each element takes at least one byte).
    fn len(&mut self) -> Res<usize> {
        let at = self.pos;
        let n = self.u32()? as usize;
        if n > self.buf.len() - self.pos {
            return Err(PersistError::Malformed(at));
        }
        Ok(n)
    }
    fn str(&mut self) -> Res<Box<str>> {
        let n = self.len()?;
        let at = self.pos;
        std::str::from_utf8(self.take(n)?)
            .map(Into::into)
            .map_err(|_| PersistError::Malformed(at))
    }
    fn bool(&mut self) -> Res<bool> {
        let at = self.pos;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(PersistError::Malformed(at)),
        }
    }
    fn tokens(&mut self) -> Res<Vec<NameToken>> {
        let n = self.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(NameToken {
                norm: self.str()?,
                key: self.str()?,
                weak: self.bool()?,
            });
        }
        Ok(out)
    }
    fn name(&mut self) -> Res<StdName> {
        let tokens = self.tokens()?;
        let patronym = self.tokens()?;
        let n = self.len()?;
        let mut aliases = Vec::with_capacity(n);
        for _ in 0..n {
            aliases.push(self.tokens()?);
        }
        let n = self.len()?;
        let mut titles = Vec::with_capacity(n);
        for _ in 0..n {
            titles.push(self.str()?);
        }
        let key_hash = self.u64()?;
        let written = if self.bool()? {
            Some(self.str()?)
        } else {
            None
        };
        Ok(StdName {
            tokens,
            patronym,
            aliases,
            titles,
            key_hash,
            written,
        })
    }
    fn record(&mut self) -> Res<Record> {
        let id = self.str()?;
        let n = self.len()?;
        let mut values = Vec::with_capacity(n);
        for _ in 0..n {
            let at = self.pos;
            values.push(match self.u8()? {
                0 => Value::Null,
                1 => Value::Name(Box::new(self.name()?)),
                2 => {
                    let year = self.u16()?;
                    let (month, day) = (self.u8()?, self.u8()?);
                    Value::Date(
                        Date::new(year, month, day).map_err(|_| PersistError::Malformed(at))?,
                    )
                }
                3 => Value::Id(StdId {
                    value: self.str()?,
                    valid: self.bool()?,
                    scheme: match self.u8()? {
                        0 => IdScheme::Nik,
                        1 => IdScheme::Passport,
                        2 => IdScheme::Generic,
                        _ => return Err(PersistError::Malformed(at)),
                    },
                }),
                4 => Value::Phone(self.str()?),
                5 => {
                    let n = self.len()?;
                    let mut a = Vec::with_capacity(n);
                    for _ in 0..n {
                        a.push(self.u64()?);
                    }
                    Value::Address(a.into())
                }
                6 => Value::Text(self.str()?),
                7 => Value::Category(self.str()?),
                8 => Value::Number(f64::from_bits(self.u64()?)),
                _ => return Err(PersistError::Malformed(at)),
            });
        }
        Ok(Record { id, values })
    }
}

impl ScreeningIndex {
    /// Writes the index with the caller's `meta` bytes (returned by
    /// [`ScreeningIndex::from_bytes`]). Removed entries are left out and the
    /// remaining ones renumbered, so a file never holds a removed record.
    pub fn to_bytes(&self, meta: &[u8]) -> Vec<u8> {
        let mut w = Writer::default();
        w.buf.extend_from_slice(MAGIC);
        w.u32(VERSION);
        w.u64(fingerprint(&self.schema));
        w.len(meta.len());
        w.buf.extend_from_slice(meta);
        // Old slot → new slot over the live records.
        let mut renumber = vec![u32::MAX; self.entries.len()];
        w.u64(self.live as u64);
        let mut next = 0u32;
        for (slot, e) in self.entries.iter().enumerate() {
            if let Some(r) = e {
                renumber[slot] = next;
                next += 1;
                w.record(r);
            }
        }
        w.u64(self.postings.len() as u64);
        for (key, list) in &self.postings {
            w.u64(*key);
            w.len(list.len());
            for &slot in list {
                w.u32(renumber.get(slot as usize).copied().unwrap_or(u32::MAX));
            }
        }
        let sum = checksum(&w.buf);
        w.u64(sum);
        w.buf
    }

    /// Reads an index written by [`ScreeningIndex::to_bytes`] into an empty
    /// index `self` (made with the same schema and model as the one written),
    /// returning the caller's metadata. On error `self` is left empty.
    pub fn from_bytes(&mut self, bytes: &[u8]) -> Result<Vec<u8>, PersistError> {
        if bytes.len() < MAGIC.len() + 4 + 8 + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(PersistError::Format);
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let mut r = Reader { buf: body, pos: 8 };
        if r.u32()? != VERSION {
            return Err(PersistError::Format);
        }
        let mut s = [0u8; 8];
        s.copy_from_slice(sum);
        if checksum(body) != u64::from_le_bytes(s) {
            return Err(PersistError::Checksum);
        }
        if r.u64()? != fingerprint(&self.schema) {
            return Err(PersistError::Fingerprint);
        }
        let n = r.len()?;
        let meta = r.take(n)?.to_vec();
        let result = self.read_body(&mut r);
        if result.is_err() {
            self.clear();
        }
        result.map(|()| meta)
    }

    fn read_body(&mut self, r: &mut Reader<'_>) -> Res<()> {
        self.clear();
        let at = r.pos;
        let n = usize::try_from(r.u64()?).map_err(|_| PersistError::Malformed(at))?;
        let fields = self.schema.fields.len();
        self.entries.reserve(n.min(r.buf.len()));
        for slot in 0..n {
            let at = r.pos;
            let rec = r.record()?;
            if rec.values.len() != fields || self.by_id.contains_key(&rec.id) {
                return Err(PersistError::Malformed(at));
            }
            for (i, f) in self.model.frequencies.iter_mut().enumerate() {
                if let (Some(f), Value::Name(name)) = (f.as_mut(), &rec.values[i]) {
                    f.add(name);
                }
            }
            self.by_id.insert(rec.id.clone(), slot as u32);
            self.entries.push(Some(rec));
        }
        self.live = n;
        let at = r.pos;
        let keys = usize::try_from(r.u64()?).map_err(|_| PersistError::Malformed(at))?;
        self.postings.reserve(keys.min(r.buf.len()));
        for _ in 0..keys {
            let key = r.u64()?;
            let len = r.len()?;
            let mut list = Vec::with_capacity(len);
            for _ in 0..len {
                let at = r.pos;
                let slot = r.u32()?;
                if slot as usize >= n {
                    return Err(PersistError::Malformed(at));
                }
                list.push(slot);
            }
            self.postings.insert(key, list);
        }
        if r.pos != r.buf.len() {
            return Err(PersistError::Malformed(r.pos));
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "persist_tests.rs"]
mod tests;
