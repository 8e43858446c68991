//! The two standard fonts every PDF reader carries (Helvetica and Helvetica-Bold, so nothing is
//! embedded), their glyph widths from Adobe's font metrics, and WinAnsi encoding of text.

/// Widths of Helvetica, code points 32..=126, in 1/1000 of the font size.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, // '0'..'?'
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, // 'P'..'_'
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556,
    556, // '`'..'o'
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p'..'~'
];

/// Widths of Helvetica-Bold, code points 32..=126.
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584,
    611, // '0'..'?'
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722,
    778, // '@'..'O'
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
    556, // 'P'..'_'
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611,
    611, // '`'..'o'
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // 'p'..'~'
];

/// The characters of WinAnsi's 0x80..=0x9F row that differ from Latin-1, with their byte.
const WIN_ANSI_EXTRA: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// The WinAnsi byte of a character; `?` for one the encoding lacks.
pub(crate) fn encode_char(c: char) -> u8 {
    let code = u32::from(c);
    match code {
        0x20..=0x7E => code as u8,
        0xA0..=0xFF => code as u8,
        _ => WIN_ANSI_EXTRA
            .iter()
            .find(|(ch, _)| *ch == c)
            .map(|(_, b)| *b)
            .unwrap_or(b'?'),
    }
}

/// The character of a WinAnsi byte (the reverse of [`encode_char`]).
pub(crate) fn decode_byte(b: u8) -> char {
    match b {
        0x80..=0x9F => WIN_ANSI_EXTRA
            .iter()
            .find(|(_, byte)| *byte == b)
            .map(|(c, _)| *c)
            .unwrap_or('?'),
        _ => char::from(b),
    }
}

/// Width of one WinAnsi byte in 1/1000 of the font size.
fn byte_width(b: u8, bold: bool) -> u16 {
    match b {
        0x20..=0x7E => {
            let table = if bold { &BOLD } else { &REGULAR };
            table[usize::from(b - 0x20)]
        }
        0x96 | 0x80 => 556,         // en dash, euro
        0x97 | 0x85 | 0x89 => 1000, // em dash, ellipsis, per mille
        0x95 => 350,                // bullet
        0x91 | 0x92 => {
            if bold {
                278
            } else {
                222
            }
        }
        0x93 | 0x94 => {
            if bold {
                500
            } else {
                333
            }
        }
        0xA0 => 278, // no-break space
        0xD7 => 584, // multiplication sign
        _ => 556,
    }
}

/// Width of `text` in points at `size`.
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| u32::from(byte_width(encode_char(c), bold)))
        .sum();
    units as f32 * size / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_metrics() {
        assert!((width("MMMM", 10.0, false) - 33.32).abs() < 0.01);
        assert!(width("Jumlah", 10.0, true) > width("Jumlah", 10.0, false));
        assert_eq!(width("", 12.0, false), 0.0);
    }

    #[test]
    fn text_round_trips_through_win_ansi() {
        for c in "Kabupaten Malang – 07/12/2026 “ok” é × €".chars() {
            assert_eq!(decode_byte(encode_char(c)), c, "{c}");
        }
        assert_eq!(encode_char('あ'), b'?');
    }
}
