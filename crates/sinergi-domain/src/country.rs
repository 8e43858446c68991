//! Country names for destinations, by ISO 3166-1 alpha-2 code, in Indonesian and English
//! (`data/countries.toml`). A code the table does not know has no name: pages show it as written.

use std::sync::OnceLock;

/// The shipped table.
const COUNTRIES_TOML: &str = include_str!("../../../data/countries.toml");

/// One country.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub code: String,
    /// Indonesian name.
    pub id: String,
    /// English name.
    pub en: String,
}

#[derive(serde::Deserialize)]
struct File {
    country: Vec<Country>,
}

/// Parses a country table; an error names what is wrong.
pub fn parse_countries(text: &str) -> Result<Vec<Country>, String> {
    toml::from_str::<File>(text)
        .map(|f| f.country)
        .map_err(|e| e.to_string())
}

fn table() -> &'static [Country] {
    static TABLE: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE.get_or_init(|| parse_countries(COUNTRIES_TOML).unwrap_or_default())
}

/// The country's name in Indonesian (`indonesian`) or English, if the code is known.
pub fn country_name(code: &str, indonesian: bool) -> Option<&'static str> {
    let code = code.trim();
    table()
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(code))
        .map(|c| {
            if indonesian {
                c.id.as_str()
            } else {
                c.en.as_str()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_names_destinations() {
        let all = parse_countries(COUNTRIES_TOML).expect("data/countries.toml parses");
        assert!(all.len() > 40);
        assert_eq!(country_name("TW", true), Some("Taiwan"));
        assert_eq!(country_name("sa", true), Some("Arab Saudi"));
        assert_eq!(country_name("SA", false), Some("Saudi Arabia"));
        assert_eq!(country_name("XX", true), None);
        let mut codes: Vec<&str> = all.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "each code once");
    }
}
