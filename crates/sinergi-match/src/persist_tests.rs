//! Tests of [`super`]: round trip, damage, another schema, the checksum.

use super::*;
use crate::Model;

fn schema() -> Schema {
    Schema::from_headers(
        &["id", "full_name", "birth_date", "sex", "nik", "phone"],
        None,
    )
}

fn sample() -> ScreeningIndex {
    let s = schema();
    let mut idx = ScreeningIndex::new(s.clone(), Model::defaults(&s));
    let rows: [(&str, [Option<&str>; 5]); 4] = [
        (
            "a:1",
            [
                Some("Hj. Siti Nurhalizah binti Achmad"),
                Some("12/03/1995"),
                Some("P"),
                Some("3507045203950002"),
                None,
            ],
        ),
        (
            "a:2",
            [
                Some("Budi Santoso als Budi Gondrong"),
                Some("1980-01-01"),
                Some("L"),
                None,
                Some("081234567890"),
            ],
        ),
        (
            "p:3",
            [
                Some("Dewi Lestari"),
                None,
                None,
                Some("3573014101900003"),
                None,
            ],
        ),
        (
            "w:4",
            [Some("Agus Salim"), None, None, None, Some("+6285755500011")],
        ),
    ];
    for (id, raw) in rows {
        let (r, _) = idx.prepare(id, &raw);
        idx.insert(r);
    }
    idx
}

fn empty() -> ScreeningIndex {
    let s = schema();
    ScreeningIndex::new(s.clone(), Model::defaults(&s))
}

fn query(idx: &ScreeningIndex, raw: [Option<&str>; 5]) -> Vec<(String, String)> {
    let (q, _) = idx.prepare("q", &raw);
    idx.search(&q, 5)
        .into_iter()
        .map(|h| (h.entry_id, format!("{:.6} {}", h.score, h.explanation)))
        .collect()
}

#[test]
fn a_written_index_reads_back_and_answers_the_same() {
    let mut idx = sample();
    assert!(idx.remove("p:3"));
    let bytes = idx.to_bytes(b"watermark=42");
    let mut back = empty();
    assert_eq!(back.from_bytes(&bytes), Ok(b"watermark=42".to_vec()));
    assert_eq!(back.len(), 3);
    assert!(!back.contains("p:3") && back.contains("a:1"));
    for q in [
        [
            Some("St. Nurhaliza"),
            Some("1995-03-12"),
            Some("P"),
            None,
            None,
        ],
        [None, None, None, Some("3507045203950012"), None],
        [
            Some("Budi Santosa"),
            None,
            None,
            None,
            Some("0812-3456-7890"),
        ],
        [
            Some("Dewi Lestari"),
            None,
            None,
            Some("3573014101900003"),
            None,
        ],
    ] {
        assert_eq!(query(&back, q), query(&idx, q));
    }
    assert!(
        query(&back, [Some("Dewi Lestari"), None, None, None, None])
            .iter()
            .all(|h| h.0 != "p:3")
    );
    // Still incremental after loading: insert, replace, remove.
    let (r, _) = back.prepare("a:9", &[Some("Sri Wahyuni"), None, None, None, None]);
    back.insert(r);
    assert!(back.remove("a:1"));
    assert_eq!(back.len(), 3);
    assert_eq!(
        query(&back, [Some("Sri Wahyuni"), None, None, None, None])[0].0,
        "a:9"
    );
}

#[test]
fn a_damaged_file_is_refused_and_leaves_the_index_empty() {
    let bytes = sample().to_bytes(b"m");
    for cut in [0, 7, 20, bytes.len() / 2, bytes.len() - 1] {
        let mut back = empty();
        assert!(back.from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        assert!(back.is_empty());
    }
    for at in [30, bytes.len() / 2, bytes.len() - 9] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x40;
        let mut back = empty();
        assert_eq!(
            back.from_bytes(&bad),
            Err(PersistError::Checksum),
            "byte {at}"
        );
        assert!(back.is_empty());
    }
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert_eq!(empty().from_bytes(&bad), Err(PersistError::Format));
}

#[test]
fn another_schema_is_refused() {
    let bytes = sample().to_bytes(b"");
    let s = Schema::from_headers(&["id", "full_name", "nik"], None);
    let mut other = ScreeningIndex::new(s.clone(), Model::defaults(&s));
    assert_eq!(other.from_bytes(&bytes), Err(PersistError::Fingerprint));
}

#[test]
fn the_checksum_sees_every_byte() {
    let data: Vec<u8> = (0..=255u8).cycle().take(1001).collect();
    let base = checksum(&data);
    for i in 0..data.len() {
        let mut d = data.clone();
        d[i] ^= 1;
        assert_ne!(checksum(&d), base, "byte {i}");
    }
    assert_ne!(checksum(&data[..1000]), base);
}
