//! What the fields of a record are: their kind (which standardiser and which
//! comparison applies) and the input columns they are read from. The standard
//! columns are recognised by name; a TOML settings file maps any other layout.

use crate::standardise::id::IdScheme;
use serde::Deserialize;

/// The kind of a field: decides how it is standardised and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// A person or organisation name.
    Name,
    /// A calendar date (birth date).
    Date,
    /// A document number (NIK, passport, SSN ...).
    Identifier,
    /// A phone number.
    Phone,
    /// A postal address.
    Address,
    /// Free text compared as a whole (birth place, employer).
    Text,
    /// A code compared for equality (sex, region code).
    Category,
    /// A number compared with a relative tolerance.
    Number,
}

impl FieldKind {
    /// The lowercase name used in settings and explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Name => "name",
            FieldKind::Date => "date",
            FieldKind::Identifier => "identifier",
            FieldKind::Phone => "phone",
            FieldKind::Address => "address",
            FieldKind::Text => "text",
            FieldKind::Category => "category",
            FieldKind::Number => "number",
        }
    }
}

/// One field of the record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "RawFieldSpec")]
pub struct FieldSpec {
    /// Name used in explanations and output (e.g. `full_name`, `ssn`).
    pub name: String,
    /// How it is standardised and compared.
    pub kind: FieldKind,
    /// Input columns, joined with a space when more than one (given + family
    /// name, street + city + zip). Defaults to `[name]`.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Validation scheme for identifiers (`nik`, `passport`, `generic`).
    #[serde(default)]
    pub scheme: IdScheme,
    /// Whether two different valid values prove two different entities (true by
    /// default for identifiers: one person has one NIK). Such a conflict splits
    /// clusters.
    #[serde(default)]
    pub exclusive: Option<bool>,
    /// For dates: `dmy` (default) or `mdy`, deciding `01/02/1990`.
    #[serde(default)]
    pub date_order: crate::standardise::date::DateOrder,
    /// A category holding sex (`L`/`P`, `laki-laki`, `F` ...), read as `m`/`f`
    /// and compared with the sex a NIK encodes. Also true for a category whose
    /// name says sex.
    #[serde(default)]
    pub sex: bool,
}

/// A field as a settings file writes it: besides the engine's kinds, `nik`,
/// `passport`, `sex` and `region_code` name a kind with its meaning.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFieldSpec {
    name: String,
    kind: KindName,
    #[serde(default)]
    columns: Vec<String>,
    #[serde(default)]
    scheme: Option<IdScheme>,
    #[serde(default)]
    exclusive: Option<bool>,
    #[serde(default)]
    date_order: crate::standardise::date::DateOrder,
}

/// The kinds a settings file may name: the engine's kinds, and `nik`,
/// `passport`, `sex` and `region_code` (a kind with its meaning).
#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum KindName {
    Name,
    Date,
    Identifier,
    Nik,
    Passport,
    Phone,
    Address,
    Text,
    Category,
    Sex,
    RegionCode,
    Number,
}

impl From<RawFieldSpec> for FieldSpec {
    fn from(r: RawFieldSpec) -> FieldSpec {
        let (kind, scheme, sex) = match r.kind {
            KindName::Name => (FieldKind::Name, None, false),
            KindName::Date => (FieldKind::Date, None, false),
            KindName::Identifier => (FieldKind::Identifier, None, false),
            KindName::Nik => (FieldKind::Identifier, Some(IdScheme::Nik), false),
            KindName::Passport => (FieldKind::Identifier, Some(IdScheme::Passport), false),
            KindName::Phone => (FieldKind::Phone, None, false),
            KindName::Address => (FieldKind::Address, None, false),
            KindName::Text => (FieldKind::Text, None, false),
            KindName::Category | KindName::RegionCode => (FieldKind::Category, None, false),
            KindName::Sex => (FieldKind::Category, None, true),
            KindName::Number => (FieldKind::Number, None, false),
        };
        FieldSpec {
            name: r.name,
            kind,
            columns: r.columns,
            scheme: r.scheme.or(scheme).unwrap_or_default(),
            exclusive: r.exclusive,
            date_order: r.date_order,
            sex,
        }
    }
}

impl FieldSpec {
    /// A field read from the column of the same name.
    pub fn new(name: &str, kind: FieldKind) -> FieldSpec {
        FieldSpec {
            name: name.to_owned(),
            kind,
            columns: vec![name.to_owned()],
            scheme: IdScheme::Generic,
            exclusive: None,
            date_order: crate::standardise::date::DateOrder::Dmy,
            sex: false,
        }
    }

    /// Whether this category holds sex.
    pub fn is_sex(&self) -> bool {
        self.kind == FieldKind::Category && (self.sex || crate::model::is_sex_field(&self.name))
    }

    /// Whether different valid values of this field veto a merge.
    pub fn is_exclusive(&self) -> bool {
        self.exclusive.unwrap_or(self.kind == FieldKind::Identifier)
    }
}

/// Settings file (`link.toml`). Every key is optional.
///
/// ```toml
/// id_column = "person_id"
/// threshold = 0.9
/// [[field]]
/// name = "name"
/// kind = "name"
/// columns = ["given", "family"]
/// [[field]]
/// name = "ssn"
/// kind = "identifier"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Column holding the record id (default `id`).
    pub id_column: Option<String>,
    /// Match probability at or above which two records are linked.
    pub threshold: Option<f64>,
    /// Largest block compared in full; larger blocks are compared in a sorted
    /// window so that common names cannot explode the pair count.
    pub max_block_size: Option<usize>,
    /// Fields. When given, only these fields are used; otherwise the standard
    /// columns are recognised from the header.
    #[serde(default, rename = "field")]
    pub fields: Vec<FieldSpec>,
}

/// Why a settings file was refused.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file is not valid TOML or has unknown keys; the message names the line and column.
    #[error("the settings file is invalid")]
    Toml(#[from] toml::de::Error),
    /// A field is declared twice.
    #[error("settings: field `{0}` is declared twice")]
    DuplicateField(String),
    /// More than 16 fields (the comparison vector packs 4 bits per field).
    #[error("settings: at most 16 fields are supported")]
    TooManyFields,
}

impl Settings {
    /// Parses a settings file's text.
    pub fn parse(text: &str) -> Result<Settings, SettingsError> {
        let mut s: Settings = toml::from_str(text)?;
        for f in &mut s.fields {
            if f.columns.is_empty() {
                f.columns = vec![f.name.clone()];
            }
        }
        for (i, f) in s.fields.iter().enumerate() {
            if s.fields[..i].iter().any(|g| g.name == f.name) {
                return Err(SettingsError::DuplicateField(f.name.clone()));
            }
        }
        if s.fields.len() > crate::compare::MAX_FIELDS {
            return Err(SettingsError::TooManyFields);
        }
        Ok(s)
    }
}

/// The fields of a linkage run, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// The id column's name.
    pub id_column: String,
    /// The fields.
    pub fields: Vec<FieldSpec>,
}

impl Schema {
    /// Recognises the standard columns in `headers`, written either the
    /// standard way (`full_name` or `given_name` + `family_name`, `birth_date`,
    /// `sex`, `birth_place`, `nik`, `passport_no`, `phone`, `address`,
    /// `region_code`) or the way Indonesian offices write them (`Nama Lengkap`,
    /// `Tgl Lahir`, `L/P`, `Tempat Lahir`, `No. KTP`, `No HP`, `Alamat
    /// Domisili` ..., see [`crate::headers`]); or takes the fields of `settings`.
    /// Fields keep their standard names whatever the header, so the same records
    /// score the same however their columns are named.
    pub fn from_headers(headers: &[&str], settings: Option<&Settings>) -> Schema {
        use crate::headers::{FAMILY_NAME, FULL_NAME, GIVEN_NAME, ID_HEADERS, KNOWN, find};
        let id_column = settings
            .and_then(|s| s.id_column.clone())
            .or_else(|| find(headers, ID_HEADERS).map(str::to_owned))
            .unwrap_or_else(|| "id".to_owned());
        if let Some(s) = settings.filter(|s| !s.fields.is_empty()) {
            return Schema {
                id_column,
                fields: s.fields.clone(),
            };
        }
        let mut fields = Vec::new();
        if let Some(h) = find(headers, FULL_NAME) {
            let mut f = FieldSpec::new("full_name", FieldKind::Name);
            f.columns = vec![h.to_owned()];
            fields.push(f);
        } else {
            let cols: Vec<String> = [GIVEN_NAME, FAMILY_NAME]
                .iter()
                .filter_map(|names| find(headers, names).map(str::to_owned))
                .collect();
            if !cols.is_empty() {
                let mut f = FieldSpec::new("full_name", FieldKind::Name);
                f.columns = cols;
                fields.push(f);
            }
        }
        for k in KNOWN {
            if let Some(h) = find(headers, k.headers) {
                let mut f = FieldSpec::new(k.name, k.kind);
                f.scheme = k.scheme;
                f.columns = vec![h.to_owned()];
                fields.push(f);
            }
        }
        Schema { id_column, fields }
    }

    /// The mapping used, one line per field: `full_name <- "Nama Lengkap" (name)`.
    pub fn describe(&self) -> Vec<String> {
        let mut out = vec![format!("id <- {:?}", self.id_column)];
        for f in &self.fields {
            let cols: Vec<String> = f.columns.iter().map(|c| format!("{c:?}")).collect();
            let kind = match (f.kind, f.scheme) {
                (FieldKind::Identifier, IdScheme::Nik) => "NIK",
                (FieldKind::Identifier, IdScheme::Passport) => "passport",
                (FieldKind::Category, _) if f.is_sex() => "sex",
                (k, _) => k.as_str(),
            };
            out.push(format!("{} <- {} ({kind})", f.name, cols.join(" + ")));
        }
        out
    }

    /// The index of the field called `name`.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_columns_are_recognised() {
        let s = Schema::from_headers(
            &["id", "given_name", "family_name", "nik", "phone", "other"],
            None,
        );
        let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["full_name", "nik", "phone"]);
        assert_eq!(s.fields[0].columns, ["given_name", "family_name"]);
        assert_eq!(s.fields[1].scheme, IdScheme::Nik);
        assert!(s.fields[1].is_exclusive());
        assert!(!s.fields[2].is_exclusive());
    }

    #[test]
    fn settings_map_other_columns() {
        let s = Settings::parse(
            "id_column = \"pid\"\n[[field]]\nname = \"nama_lengkap\"\nkind = \"name\"\n[[field]]\nname = \"address\"\nkind = \"address\"\ncolumns = [\"street\", \"city\", \"zip\"]\n",
        );
        let s = s.ok();
        let schema = Schema::from_headers(&[], s.as_ref());
        assert_eq!(schema.id_column, "pid");
        assert_eq!(schema.fields[0].columns, ["nama_lengkap"]);
        assert_eq!(schema.fields[1].columns.len(), 3);
    }

    #[test]
    fn indonesian_headers_are_recognised() {
        let s = Schema::from_headers(
            &[
                "No",
                "Nama Lengkap",
                "Tgl Lahir",
                "L/P",
                "Tempat Lahir",
                "No. KTP",
                "No HP",
                "Alamat Domisili",
                "Keterangan",
            ],
            None,
        );
        let names: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "full_name",
                "birth_date",
                "sex",
                "birth_place",
                "nik",
                "phone",
                "address"
            ]
        );
        assert_eq!(s.id_column, "No");
        assert_eq!(s.fields[4].columns, ["No. KTP"]);
        assert_eq!(s.fields[4].scheme, IdScheme::Nik);
        let d = s.describe();
        assert!(d.contains(&"nik <- \"No. KTP\" (NIK)".to_owned()), "{d:?}");
        assert!(d.contains(&"sex <- \"L/P\" (sex)".to_owned()), "{d:?}");
    }

    #[test]
    fn settings_name_every_kind() {
        let s = Settings::parse(
            "[[field]]\nname = \"ktp\"\nkind = \"nik\"\n[[field]]\nname = \"jk\"\nkind = \"sex\"\n[[field]]\nname = \"kode\"\nkind = \"region_code\"\n",
        );
        let s = s.ok();
        let schema = Schema::from_headers(&[], s.as_ref());
        assert_eq!(schema.fields[0].kind, FieldKind::Identifier);
        assert_eq!(schema.fields[0].scheme, IdScheme::Nik);
        assert!(schema.fields[1].is_sex());
        assert_eq!(schema.fields[2].kind, FieldKind::Category);
        assert!(Settings::parse("[[field]]\nname = \"x\"\nkind = \"nik2\"\n").is_err());
    }

    #[test]
    fn settings_errors_name_the_line() {
        let e = Settings::parse("[[field]]\nname = \"x\"\nkind = \"colour\"\n");
        let msg = match e {
            Err(SettingsError::Toml(t)) => t.to_string(),
            other => format!("{other:?}"),
        };
        assert!(msg.contains("line 3"), "{msg}");
    }
}
