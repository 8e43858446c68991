//! Prepared records: each field standardised once, so comparisons are cheap.

use crate::schema::{FieldKind, FieldSpec, Schema};
use crate::standardise::{address, date, id, name, phone, text};

/// One standardised field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Missing, empty or unreadable.
    Null,
    /// A name.
    Name(Box<name::StdName>),
    /// A date.
    Date(date::Date),
    /// An identifier.
    Id(id::StdId),
    /// A phone number in E.164.
    Phone(Box<str>),
    /// Address tokens, hashed (only their equality matters; numbers such as
    /// `rt3` or a house number are tokens too). Hashing keeps a million
    /// addresses small in memory.
    Address(Box<[u64]>),
    /// Folded text.
    Text(Box<str>),
    /// A folded category code.
    Category(Box<str>),
    /// A number.
    Number(f64),
}

impl Value {
    /// True for [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A record ready for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The record's id as given in the input.
    pub id: Box<str>,
    /// One value per schema field.
    pub values: Vec<Value>,
}

/// A field value that could not be read (the field is treated as missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    /// Index of the field in the schema.
    pub field: usize,
    /// What was wrong.
    pub message: String,
}

/// Standardises one field value.
pub fn standardise_value(spec: &FieldSpec, raw: &str) -> Result<Value, String> {
    let raw = raw.trim();
    if raw.is_empty() || matches!(raw, "-" | "NULL" | "null" | "NA" | "N/A" | "n/a") {
        return Ok(Value::Null);
    }
    Ok(match spec.kind {
        FieldKind::Name => {
            let n = name::standardise(raw);
            if n.is_empty() {
                Value::Null
            } else {
                Value::Name(Box::new(n))
            }
        }
        FieldKind::Date => Value::Date(
            date::parse_with(raw, spec.date_order).map_err(|e| format!("{e}: {raw:?}"))?,
        ),
        FieldKind::Identifier => id::parse(raw, spec.scheme).map_or(Value::Null, Value::Id),
        FieldKind::Phone => Value::Phone(
            phone::parse(raw)
                .map_err(|e| e.to_string())?
                .into_boxed_str(),
        ),
        FieldKind::Address => {
            let t = address::standardise(raw);
            if t.is_empty() {
                Value::Null
            } else {
                Value::Address(t.iter().map(|x| crate::tf::hash_str(x)).collect())
            }
        }
        FieldKind::Text => {
            let folded = text::fold(raw);
            let words: Vec<String> = text::tokens(&folded).map(name::modern_spelling).collect();
            if words.is_empty() {
                Value::Null
            } else {
                Value::Text(words.join(" ").into_boxed_str())
            }
        }
        FieldKind::Category => {
            let folded = text::fold(raw);
            let joined: Vec<&str> = text::tokens(&folded).collect();
            let v = joined.join(" ");
            let v = if crate::model::is_sex_field(&spec.name) {
                match v.as_str() {
                    "l" | "lk" | "laki laki" | "laki" | "pria" | "m" | "male" | "man" => {
                        "m".to_owned()
                    }
                    "p" | "pr" | "perempuan" | "wanita" | "f" | "female" | "woman" | "w" => {
                        "f".to_owned()
                    }
                    _ => v,
                }
            } else {
                v
            };
            if v.is_empty() {
                Value::Null
            } else {
                Value::Category(v.into_boxed_str())
            }
        }
        FieldKind::Number => {
            let cleaned: String = raw.chars().filter(|c| !matches!(c, ' ' | '_')).collect();
            let v: f64 = cleaned
                .replace(',', ".")
                .parse()
                .map_err(|_| format!("not a number: {raw:?}"))?;
            if v.is_finite() {
                Value::Number(v)
            } else {
                Value::Null
            }
        }
    })
}

/// Prepares a record from its raw field texts (one per schema field, already
/// joined across columns). Unreadable values become `Null` and are reported.
pub fn prepare(schema: &Schema, id: &str, raw: &[Option<&str>]) -> (Record, Vec<FieldIssue>) {
    let mut issues = Vec::new();
    let values = schema
        .fields
        .iter()
        .enumerate()
        .map(|(i, spec)| match raw.get(i).copied().flatten() {
            None => Value::Null,
            Some(text) => standardise_value(spec, text).unwrap_or_else(|message| {
                issues.push(FieldIssue { field: i, message });
                Value::Null
            }),
        })
        .collect();
    (
        Record {
            id: id.into(),
            values,
        },
        issues,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepares_and_reports_bad_values() {
        let schema = Schema::from_headers(&["id", "full_name", "birth_date", "sex", "phone"], None);
        let (r, issues) = prepare(
            &schema,
            "r1",
            &[
                Some("Hj. Siti"),
                Some("31/02/1990"),
                Some("Perempuan"),
                Some("0812-3456-789"),
            ],
        );
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, 1);
        assert!(r.values[1].is_null());
        assert_eq!(r.values[2], Value::Category("f".into()));
        assert_eq!(r.values[3], Value::Phone("+628123456789".into()));
    }
}
