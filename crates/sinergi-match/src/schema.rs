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
#[serde(deny_unknown_fields)]
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
        }
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
    /// Recognises the standard columns in `headers` (`full_name` or `given_name` +
    /// `family_name`, `birth_date`, `sex`, `birth_place`, `nik`, `passport_no`,
    /// `phone`, `address`, `region_code`), or takes the fields of `settings`.
    pub fn from_headers(headers: &[&str], settings: Option<&Settings>) -> Schema {
        let id_column = settings
            .and_then(|s| s.id_column.clone())
            .unwrap_or_else(|| "id".to_owned());
        if let Some(s) = settings.filter(|s| !s.fields.is_empty()) {
            return Schema {
                id_column,
                fields: s.fields.clone(),
            };
        }
        let has = |c: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(c));
        let mut fields = Vec::new();
        if has("full_name") {
            fields.push(FieldSpec::new("full_name", FieldKind::Name));
        } else if has("given_name") || has("family_name") {
            let mut f = FieldSpec::new("full_name", FieldKind::Name);
            f.columns = ["given_name", "family_name"]
                .iter()
                .filter(|c| has(c))
                .map(|c| (*c).to_owned())
                .collect();
            fields.push(f);
        }
        let standard: [(&str, FieldKind, IdScheme); 8] = [
            ("birth_date", FieldKind::Date, IdScheme::Generic),
            ("sex", FieldKind::Category, IdScheme::Generic),
            ("birth_place", FieldKind::Text, IdScheme::Generic),
            ("nik", FieldKind::Identifier, IdScheme::Nik),
            ("passport_no", FieldKind::Identifier, IdScheme::Passport),
            ("phone", FieldKind::Phone, IdScheme::Generic),
            ("address", FieldKind::Address, IdScheme::Generic),
            ("region_code", FieldKind::Category, IdScheme::Generic),
        ];
        for (name, kind, scheme) in standard {
            if has(name) {
                let mut f = FieldSpec::new(name, kind);
                f.scheme = scheme;
                fields.push(f);
            }
        }
        Schema { id_column, fields }
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
    fn settings_errors_name_the_line() {
        let e = Settings::parse("[[field]]\nname = \"x\"\nkind = \"colour\"\n");
        let msg = match e {
            Err(SettingsError::Toml(t)) => t.to_string(),
            other => format!("{other:?}"),
        };
        assert!(msg.contains("line 3"), "{msg}");
    }
}
