//! Addresses: `Jl./Jln./Jalan`, `RT/RW`, `Desa/Ds./Kel.`, `Kec.`, `Kab./Kota`,
//! `No.` and common English street words become one canonical token each, so the
//! comparison is on the meaningful tokens.

use super::name::modern_spelling;
use super::text::fold;

/// Standardises an address into canonical tokens (order kept, duplicates dropped).
pub fn standardise(raw: &str) -> Vec<Box<str>> {
    let lower = raw.to_lowercase();
    // "RT 03/RW 05", "RT.003 RW.005", "rt3/rw5": make the numbers tokens of their own.
    let folded = fold(&lower.replace('/', " / "));
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<Box<str>> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let mut push = |t: String| {
            let t = t.into_boxed_str();
            if !out.contains(&t) {
                out.push(t);
            }
        };
        // "RT/RW 010/002".
        if w == "rt" && words.get(i + 1) == Some(&"rw") {
            let a = words.get(i + 2).and_then(|x| x.parse::<u32>().ok());
            let b = words.get(i + 3).and_then(|x| x.parse::<u32>().ok());
            if let (Some(a), Some(b)) = (a, b) {
                push(format!("rt{a}"));
                push(format!("rw{b}"));
                i += 4;
                continue;
            }
        }
        // rt/rw followed by a number, or glued ("rt03").
        let mut rt_rw: Option<(String, usize)> = None;
        for prefix in ["rt", "rw"] {
            if let Some(num) = w.strip_prefix(prefix) {
                let glued = !num.is_empty();
                let num_str = if glued {
                    num
                } else {
                    words.get(i + 1).copied().unwrap_or("")
                };
                if let Ok(n) = num_str.parse::<u32>() {
                    rt_rw = Some((format!("{prefix}{n}"), if glued { 1 } else { 2 }));
                }
            }
        }
        if let Some((tok, step)) = rt_rw {
            push(tok);
            i += step;
            continue;
        }
        let canon: Option<&str> = match w {
            "jl" | "jln" | "jalan" | "street" | "st" | "str" => Some("jl"),
            "gg" | "gang" => Some("gg"),
            "ds" | "desa" | "dsn" | "dusun" | "kel" | "kelurahan" | "lurah" => Some(""),
            "kec" | "kecamatan" => Some(""),
            "kab" | "kabupaten" | "kota" | "kodya" => Some(""),
            "prov" | "provinsi" | "propinsi" => Some(""),
            "no" | "nomor" | "nomer" | "number" | "apt" | "unit" => Some(""),
            "avenue" | "ave" => Some("ave"),
            "road" | "rd" => Some("rd"),
            "drive" | "dr" => Some("dr"),
            "lane" | "ln" => Some("ln"),
            "boulevard" | "blvd" => Some("blvd"),
            "north" | "n" => Some("n"),
            "south" | "s" => Some("s"),
            "east" | "e" => Some("e"),
            "west" | "w" => Some("w"),
            _ => None,
        };
        match canon {
            Some("") => {}
            Some(c) => push(c.to_owned()),
            None => {
                if let Ok(n) = w.parse::<u64>() {
                    push(n.to_string());
                } else {
                    push(modern_spelling(w));
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn indonesian_abbreviations_agree() {
        let a = standardise("Jl. Mawar No. 12 RT 03/RW 05 Ds. Sumbersari Kec. Lowokwaru");
        let b = standardise("JALAN MAWAR 12, RT.003 RW.005, Desa Sumbersari, Kecamatan Lowokwaru");
        assert_eq!(a, b);
        assert!(a.iter().any(|t| &**t == "rt3"));
        assert!(a.iter().any(|t| &**t == "rw5"));
        let c = standardise("Jl. Mawar 12, RT/RW 003/005, Ds. Sumbersari, Kec. Lowokwaru");
        assert_eq!(a, c);
    }

    #[test]
    fn old_spelling_in_place_names() {
        assert_eq!(standardise("Djember"), standardise("Jember"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = standardise(&s);
        }
    }
}
