//! Shared text helpers: folding to lowercase ASCII, tokenising, string similarity.

/// Folds `s` to lowercase ASCII: common Latin accents lose their mark, other
/// non-alphanumeric characters become spaces (so they separate tokens).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mapped = match c {
            'a'..='z' | '0'..='9' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ñ' | 'Ñ' => 'n',
            'ç' | 'Ç' => 'c',
            '\'' | '`' | '’' => continue,
            _ => ' ',
        };
        out.push(mapped);
    }
    out
}

/// Splits folded text into tokens.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|t| !t.is_empty())
}

/// Jaro-Winkler similarity on bytes (inputs are folded ASCII), in 0..=1.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    jaro_winkler_bytes(a.as_bytes(), b.as_bytes())
}

/// [`jaro_winkler`] on byte strings (folded ASCII), without allocating.
pub fn jaro_winkler_bytes(a: &[u8], b: &[u8]) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let window = (l.len() / 2).saturating_sub(1);
    let mut l_used = [false; 64];
    let mut s_match = [0u8; 64];
    let mut matches = 0usize;
    let sl = s.len().min(64);
    let ll = l.len().min(64);
    for (i, &c) in s.iter().take(sl).enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(ll);
        for j in lo..hi {
            if !l_used[j] && l[j] == c {
                l_used[j] = true;
                s_match[matches] = c;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut k = 0usize;
    let mut transpositions = 0usize;
    for (j, &c) in l.iter().take(ll).enumerate() {
        if l_used[j] {
            if s_match[k] != c {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    let jaro = (m / sl as f64 + m / ll as f64 + (m - (transpositions / 2) as f64) / m) / 3.0;
    let prefix = s
        .iter()
        .zip(l.iter())
        .take(4)
        .take_while(|(x, y)| x == y)
        .count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Restricted Damerau-Levenshtein distance, stopping early above `max`
/// (returns `max + 1` then).
pub fn damerau_within(a: &str, b: &str, max: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let n = b.len();
    // Rows live on the stack for the short strings compared here.
    const STACK: usize = 64;
    let (mut s2, mut s1, mut s0) = ([0usize; STACK], [0usize; STACK], [0usize; STACK]);
    let (mut h2, mut h1, mut h0);
    let (mut prev2, mut prev, mut cur): (&mut [usize], &mut [usize], &mut [usize]) = if n < STACK {
        (&mut s2[..=n], &mut s1[..=n], &mut s0[..=n])
    } else {
        h2 = vec![0usize; n + 1];
        h1 = vec![0usize; n + 1];
        h0 = vec![0usize; n + 1];
        (&mut h2[..], &mut h1[..], &mut h0[..])
    };
    for (j, x) in prev.iter_mut().enumerate() {
        *x = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n].min(max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(fold("Sélamat, Dr.Budi"), "selamat  dr budi");
        assert_eq!(fold("Ma'ruf"), "maruf");
    }

    #[test]
    fn jaro_winkler_known_values() {
        assert!((jaro_winkler("martha", "marhta") - 0.961).abs() < 0.01);
        assert_eq!(jaro_winkler("", "a"), 0.0);
        assert_eq!(jaro_winkler("abc", "abc"), 1.0);
    }

    #[test]
    fn damerau_counts_transpositions_once() {
        assert_eq!(damerau_within("3507", "3570", 2), 1);
        assert_eq!(damerau_within("abc", "abd", 2), 1);
        assert_eq!(damerau_within("abc", "xyz", 1), 2);
    }

    proptest! {
        #[test]
        fn similarity_never_panics(a in ".{0,80}", b in ".{0,80}") {
            let (fa, fb) = (fold(&a), fold(&b));
            let s = jaro_winkler(&fa, &fb);
            prop_assert!((0.0..=1.0 + 1e-9).contains(&s));
            let _ = damerau_within(&fa, &fb, 2);
        }
    }
}
