//! The one translation source: every user-facing string of the web layer lives in the text files
//! `locales/id.ftl` (Bahasa Indonesia) and `locales/en.ftl`, read here; in Bahasa Indonesia
//! (the default) and English.
//!
//! Keys are stable snake_case. Error keys are exactly those of `AppError::key()` plus the few
//! the web layer adds (`csrf_invalid`, `bad_request`, `method_not_allowed`); a test scans the
//! application sources so a new error key cannot ship untranslated.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code: `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parses `id`/`en` (case-insensitive, region ignored: `en-GB` is English; `in` is the
    /// legacy code of Indonesian).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("id") || primary.eq_ignore_ascii_case("in") {
            Some(Lang::Id)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The preferred supported language of an `Accept-Language` header, by q-value (ties go to
    /// the earlier entry); `None` when it names neither Indonesian nor English.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    /// Whether this is Bahasa Indonesia (for templates).
    pub fn is_id(self) -> bool {
        self == Lang::Id
    }

    /// The text of `key` in this language. An unknown key returns the key itself (tests keep
    /// that from happening for every key the code and templates use).
    pub fn t(self, key: &'static str) -> &'static str {
        match lookup(key) {
            Some((id, en)) => match self {
                Lang::Id => id,
                Lang::En => en,
            },
            None => key,
        }
    }

    /// The label of a domain code: the text of `{group}_{code}` (`label("person_role",
    /// "victim")` reads `person_role_victim`). Tests keep every code of every group labelled;
    /// a code without a label reads as "(tanpa label)", never as the code itself.
    pub fn label(self, group: &str, code: &str) -> &'static str {
        match lookup(&format!("{group}_{code}")) {
            Some((id, en)) => match self {
                Lang::Id => id,
                Lang::En => en,
            },
            None => self.t("label_missing"),
        }
    }
}

/// The Indonesian text file (the default language), compiled into the binary.
const ID_FTL: &str = include_str!("../locales/id.ftl");
/// The English text file.
const EN_FTL: &str = include_str!("../locales/en.ftl");

/// Both languages, parsed once: key -> (Indonesian, English).
static TEXTS: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    let en: HashMap<&'static str, &'static str> = parse_ftl(EN_FTL).into_iter().collect();
    parse_ftl(ID_FTL)
        .into_iter()
        .map(|(key, id)| (key, (id, en.get(key).copied().unwrap_or(id))))
        .collect()
});

/// Looks up a key: `(Indonesian, English)`.
pub fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    TEXTS.get(key).copied()
}

/// Every key with its two texts, in no particular order (for tests and the page crawler).
pub fn all() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    TEXTS.iter().map(|(k, (id, en))| (*k, *id, *en))
}

/// Reads the subset of Fluent that the text files use: `key = text` messages, continuation
/// lines indented (joined with a newline), `#` comments and blank lines, and the string
/// literals `{"{"}` / `{"}"}` for literal braces. Texts are leaked once into `'static` (the
/// table is built once per process). Lines that are none of these are skipped; the tests
/// parse both files strictly with [`parse_ftl_strict`].
fn parse_ftl(text: &'static str) -> Vec<(&'static str, &'static str)> {
    parse_ftl_strict(text).unwrap_or_else(|(good, _)| good)
}

/// Like [`parse_ftl`], but also reports the line numbers that are not part of the subset.
#[allow(clippy::type_complexity)]
fn parse_ftl_strict(
    text: &'static str,
) -> Result<Vec<(&'static str, &'static str)>, (Vec<(&'static str, &'static str)>, Vec<usize>)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(' ') {
            match out.last_mut() {
                Some((_, value)) => {
                    if !value.is_empty() {
                        value.push('\n');
                    }
                    value.push_str(line.trim());
                }
                None => bad.push(n + 1),
            }
            continue;
        }
        match line.split_once('=') {
            Some((key, value))
                if !key.trim().is_empty()
                    && key
                        .trim()
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') =>
            {
                out.push((key.trim(), value.trim().to_string()));
            }
            _ => bad.push(n + 1),
        }
    }
    let good: Vec<(&'static str, &'static str)> = out
        .into_iter()
        .map(|(k, v)| {
            let v = v.replace("{\"{\"}", "{").replace("{\"}\"}", "}");
            (k, &*Box::leak(v.into_boxed_str()))
        })
        .collect();
    if bad.is_empty() {
        Ok(good)
    } else {
        Err((good, bad))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_app::AppError;
    use sinergi_domain::access::Role;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Both files parse strictly, keys are unique, and each language has exactly the keys of
    /// the other, with text for each.
    #[test]
    fn both_text_files_parse_with_the_same_unique_keys() {
        for (name, text) in [("id.ftl", ID_FTL), ("en.ftl", EN_FTL)] {
            let entries = match parse_ftl_strict(text) {
                Ok(e) => e,
                Err((_, lines)) => panic!("{name}: lines outside the format: {lines:?}"),
            };
            let mut seen = BTreeSet::new();
            for (key, value) in &entries {
                assert!(seen.insert(*key), "{name}: duplicate key {key}");
                assert!(!value.trim().is_empty(), "{name}: {key} has no text");
            }
        }
        let id: BTreeSet<_> = parse_ftl(ID_FTL).into_iter().map(|(k, _)| k).collect();
        let en: BTreeSet<_> = parse_ftl(EN_FTL).into_iter().map(|(k, _)| k).collect();
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty(), "keys without English text: {only_id:?}");
        assert!(
            only_en.is_empty(),
            "keys without Indonesian text: {only_en:?}"
        );
        assert!(id.len() > 300, "the text files look truncated");
    }

    /// The strict reader names a line outside the format (the check above can fail).
    #[test]
    fn strict_reader_names_a_bad_line() {
        let text: &'static str =
            "good = Baik\nno equals sign here\n# comment\nmulti =\n    satu\n    dua\n";
        match parse_ftl_strict(text) {
            Err((good, bad)) => {
                assert_eq!(bad, vec![2]);
                assert_eq!(good, vec![("good", "Baik"), ("multi", "satu\ndua")]);
            }
            Ok(_) => panic!("a bad line was accepted"),
        }
        let braces: &'static str = "b = a {\"{\"}x{\"}\"} b\n";
        assert_eq!(parse_ftl(braces), vec![("b", "a {x} b")]);
    }

    #[test]
    fn every_role_has_a_name() {
        for role in Role::ALL {
            let key = format!("role_{}", role.code());
            assert!(lookup(&key).is_some(), "no translation for {key}");
        }
    }

    /// Every variant's key, plus every `Invalid`/`Conflict` key the application sources use
    /// (scanned, so a key added in sinergi-app without a translation fails here).
    #[test]
    fn every_app_error_key_is_translated() {
        let fixed = [
            AppError::Unauthenticated,
            AppError::BadCredentials,
            AppError::Throttled,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::Conflict("conflict"),
            AppError::Unavailable,
            AppError::Internal(String::new()),
        ];
        let mut keys: BTreeSet<String> = fixed.iter().map(|e| e.key().to_string()).collect();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sinergi-app/src");
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                keys.extend(app_error_keys_in(&text));
            }
        }
        assert!(keys.contains("username_taken") && keys.contains("nik_invalid"));
        let missing: Vec<_> = keys.iter().filter(|k| lookup(k).is_none()).collect();
        assert!(missing.is_empty(), "untranslated error keys: {missing:?}");
    }

    /// String literals used as error keys: the second literal of `invalid(…)` and the literal
    /// of `Conflict("…")`.
    fn app_error_keys_in(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in text.match_indices("invalid(") {
            let literals = string_literals(&text[i..text.len().min(i + 400)]);
            if let Some(k) = literals.get(1)
                && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && k.contains('_')
            {
                out.push(k.clone());
            }
        }
        for (i, _) in text.match_indices("Conflict(\"") {
            if let Some(k) = string_literals(&text[i..]).first() {
                out.push(k.clone());
            }
        }
        out
    }

    fn string_literals(text: &str) -> Vec<String> {
        text.split('"')
            .skip(1)
            .step_by(2)
            .take(3)
            .map(str::to_string)
            .collect()
    }

    /// Every `t("…")` in the templates and the sources names a key of the table.
    #[test]
    fn every_key_used_exists() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if !path.ends_with("i18n.rs") {
                    files.push(path);
                }
            }
        }
        let mut used = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices(".t(\"") {
                let rest = &text[i + 4..];
                let key = &rest[..rest.find('"').unwrap()];
                used += 1;
                assert!(
                    lookup(key).is_some(),
                    "{}: unknown key {key}",
                    path.display()
                );
            }
        }
        assert!(used > 20, "the scan found only {used} uses");
    }

    #[test]
    fn accept_language_picks_by_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, id;q=0.8"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language("in-ID"), Some(Lang::Id));
        assert_eq!(Lang::from_accept_language("fr-FR, de"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn unknown_key_falls_back_to_the_key() {
        assert_eq!(Lang::En.t("no_such_key"), "no_such_key");
        assert_eq!(Lang::Id.t("login_title"), "Masuk");
        assert_eq!(Lang::En.t("login_title"), "Sign in");
    }
}
