//! What the web crate actually routes, read from its sources.

use std::collections::BTreeSet;
use std::path::Path;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// `(METHOD, path)` of every `.route("…", get(…).post(…))` in the `.rs` files below `src`,
/// plus `extra` (routes declared through a macro, such as `sinergi_web::api::API_V1_ROUTES`).
pub fn routes_in_sources(src: &Path, extra: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("source folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source file");
            scan(&text, &mut found);
        }
    }
    for (method, path) in extra {
        found.insert((method.to_ascii_uppercase(), (*path).to_string()));
    }
    found
}

/// Adds the routes of one source text.
fn scan(text: &str, found: &mut BTreeSet<(String, String)>) {
    for (start, _) in text.match_indices(".route(") {
        let rest = text[start + 7..].trim_start();
        let Some(lit) = rest.strip_prefix('"') else {
            continue; // `route($path, …)` inside a macro: the caller passes those as `extra`
        };
        let Some(end) = lit.find('"') else { continue };
        let route_path = &lit[..end];
        // Scan the argument list for method-router calls until `route(` closes.
        let args = &lit[end + 1..];
        let bytes = args.as_bytes();
        let mut depth = 1;
        let mut i = 0;
        while i < bytes.len() && depth > 0 {
            match bytes[i] {
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            for m in METHODS {
                let is_call = args[i..].starts_with(m)
                    && args[i + m.len()..].starts_with('(')
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'_');
                if depth == 1 && is_call {
                    found.insert((m.to_ascii_uppercase(), route_path.to_string()));
                }
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_chained_methods_and_skips_macro_routes() {
        let mut found = BTreeSet::new();
        scan(
            r#"Router::new().route("/a/{id}", get(x).post(y)).route($path, get(z)).route("/b", delete(w))"#,
            &mut found,
        );
        let want: BTreeSet<_> = [("GET", "/a/{id}"), ("POST", "/a/{id}"), ("DELETE", "/b")]
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(found, want);
    }
}
