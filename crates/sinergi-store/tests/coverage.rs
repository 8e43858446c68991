//! The contract story calls every public function of the store: this test reads the crate's
//! sources, lists each `pub fn` (outside `#[cfg(test)]` modules) and fails naming the ones that
//! no test of this binary calls. The binary runs on SQLite and, with
//! `SINERGI_TEST_DATABASE_URL`, on PostgreSQL, so a call here is a call on both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The text of a source without its `#[cfg(test)]` module and without line comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names of the public functions in `sources` (`pub fn` and `pub async fn`; `pub(crate)`
/// and private ones are not the store's contract).
fn public_functions(sources: &[String]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for s in sources {
        for line in code_of(s).lines() {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("pub async fn ")
                .or_else(|| line.strip_prefix("pub fn "));
            if let Some(rest) = rest {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

/// Whether `code` calls `name` (`name(`, `name::<T>(`) or names it as a path (`Type::name`,
/// e.g. a function passed as a value).
fn calls(code: &str, name: &str) -> bool {
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(i) = code[from..].find(name) {
        let start = from + i;
        let end = start + name.len();
        from = end;
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        if start > 0 && word(bytes[start - 1]) || end < bytes.len() && word(bytes[end]) {
            continue;
        }
        let after = code[end..].trim_start();
        if after.starts_with('(') || after.starts_with("::<") || code[..start].ends_with("::") {
            return true;
        }
    }
    false
}

/// The public functions of `sources` that no text of `tests` calls.
fn uncalled(sources: &[String], tests: &[String]) -> Vec<String> {
    let tests: String = tests
        .iter()
        .map(|t| code_of(t))
        .collect::<Vec<_>>()
        .join("\n");
    public_functions(sources)
        .into_iter()
        .filter(|name| !calls(&tests, name))
        .collect()
}

fn read_all(dir: &Path, skip: Option<&Path>) -> Vec<String> {
    rust_files(dir)
        .into_iter()
        .filter(|p| Some(p.as_path()) != skip)
        .map(|p| std::fs::read_to_string(&p).expect("read source"))
        .collect()
}

#[test]
fn the_contract_story_calls_every_public_store_function() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = read_all(&root.join("src"), None);
    // This file names no store function; leave it out so its own text can never count.
    let tests = read_all(&root.join("tests"), Some(&root.join("tests/coverage.rs")));
    let public = public_functions(&sources);
    assert!(
        public.len() > 150,
        "the scan found only {} public functions: is it still reading the sources?",
        public.len()
    );
    let missing = uncalled(&sources, &tests);
    assert!(
        missing.is_empty(),
        "{} public store functions are called by no store test (add them to the contract \
         story with real assertions): {}",
        missing.len(),
        missing.join(", ")
    );
}

#[test]
fn the_coverage_scan_can_fail() {
    let source =
        "impl Store {\n    /// Doc.\n    pub async fn planted_never_called(&self) {}\n    \
                  pub fn planted_called(&self) {}\n    pub(crate) fn internal(&self) {}\n}\n\
                  #[cfg(test)]\nmod tests { pub fn only_in_tests() {} }\n"
            .to_string();
    let tests = "async fn t(s: &Store) {\n    s.planted_called();\n    \
                 // s.planted_never_called();\n    let _ = \"planted_never_called_too\";\n}\n"
        .to_string();
    assert_eq!(
        uncalled(std::slice::from_ref(&source), &[tests]),
        ["planted_never_called"],
        "a commented-out call or a longer name that contains it is no call"
    );
    let tests = "fn t() { let f = Store::planted_never_called; s.planted_called(); }".to_string();
    assert!(uncalled(&[source], &[tests]).is_empty());
}
