//! Tests of region codes and the region table.
use super::*;
use proptest::prelude::*;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

#[test]
fn counts_match_the_official_list() {
    let provinces = all()
        .iter()
        .filter(|r| r.level() == RegionLevel::Provinsi)
        .count();
    assert_eq!(provinces, 38);
    assert_eq!(children(JAWA_TIMUR).count(), 38);
    assert_eq!(children(code("35.07")).count(), 33);
    assert_eq!(children(code("35.73")).count(), 5);
    assert_eq!(children(code("35.79")).count(), 3);
    assert_eq!(all().len(), 16331);
    assert!(descendants_at(JAWA_TIMUR, RegionLevel::Kecamatan).count() > 600);
}

#[test]
fn names_and_parent_chain() {
    let r = lookup(code("350704")).unwrap();
    assert_eq!(r.name(), "Sumbermanjing Wetan");
    assert_eq!(r.kabupaten_kota().unwrap().name(), "Kabupaten Malang");
    assert_eq!(r.province().unwrap().name(), "Jawa Timur");
    assert_eq!(r.kecamatan().unwrap().code(), r.code());
    assert_eq!(
        r.full_name(),
        "Sumbermanjing Wetan, Kabupaten Malang, Jawa Timur"
    );
    assert_eq!(lookup(code("35.73")).unwrap().name(), "Kota Malang");
    assert_eq!(lookup(code("35.79.02")).unwrap().name(), "Bumiaji");
    assert_eq!(lookup(code("35.07.11")).unwrap().name(), "Kalipare");
    assert_eq!(lookup(code("11")).unwrap().name(), "Aceh");
    let desa = lookup(code("35.07.04.2001")).unwrap();
    assert_eq!(desa.name(), "Tambakasri");
    assert_eq!(desa.kecamatan().unwrap().name(), "Sumbermanjing Wetan");
    assert_eq!(desa.path().len(), 4);
    assert!(lookup(code("35.07.99")).is_none());
    assert!(lookup(code("99")).is_none());
}

#[test]
fn parse_forms_and_errors() {
    assert_eq!(code("35.07.04"), code("350704"));
    assert_eq!(code("35.07.04").to_string(), "35.07.04");
    assert_eq!(code("3507042001").to_string(), "35.07.04.2001");
    assert_eq!(code("35.07.04").undotted(), "350704");
    assert_eq!(code("35.07.04").level(), RegionLevel::Kecamatan);
    assert_eq!(code("35.07.04").parent(), Some(code("35.07")));
    assert_eq!(
        RegionCode::from_number(350704, RegionLevel::Kecamatan),
        Some(code("35.07.04"))
    );
    assert_eq!(
        RegionCode::from_number(1_000_000, RegionLevel::Kecamatan),
        None
    );
    assert_eq!(code("35").parent(), None);
    assert_eq!(RegionCode::parse(""), Err(RegionCodeError::Empty));
    assert_eq!(
        RegionCode::parse("3507a"),
        Err(RegionCodeError::InvalidCharacter('a'))
    );
    assert_eq!(
        RegionCode::parse("35070"),
        Err(RegionCodeError::WrongLength(5))
    );
    assert_eq!(
        RegionCode::parse("3.507"),
        Err(RegionCodeError::MisplacedDot)
    );
    assert_eq!(
        RegionCode::parse("35..07"),
        Err(RegionCodeError::MisplacedDot)
    );
    assert_eq!(MALANG_RAYA[0], code("35.07"));
    assert_eq!(MALANG_RAYA[1], code("35.73"));
    assert_eq!(MALANG_RAYA[2], code("35.79"));
    assert_eq!(JAWA_TIMUR, code("35"));
}

#[test]
fn malang_raya_membership() {
    assert!(is_malang_raya(code("35.07.04")));
    assert!(is_malang_raya(code("35.79")));
    assert!(is_malang_raya(code("35.73.01.1001")));
    assert!(!is_malang_raya(code("35")));
    assert!(!is_malang_raya(code("35.08.01")));
}

#[test]
fn serde_uses_dotted_text() {
    // serde is exercised via its String conversions, which is what the derive calls.
    let s: String = code("350704").into();
    assert_eq!(s, "35.07.04");
    assert_eq!(RegionCode::try_from(s).unwrap(), code("35.07.04"));
}

#[test]
fn loading_is_fast() {
    let t0 = std::time::Instant::now();
    let n = all().len();
    assert!(n > 0);
    // Generous bound for debug builds on a busy machine; release takes a few ms.
    assert!(
        t0.elapsed() < std::time::Duration::from_millis(500),
        "{:?}",
        t0.elapsed()
    );
}

proptest! {
    #[test]
    fn parse_never_panics(s in ".*") {
        let _ = RegionCode::parse(&s);
    }

    #[test]
    fn round_trips(digits in "[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}") {
        let c = RegionCode::parse(&digits).unwrap();
        prop_assert_eq!(c.undotted(), digits.clone());
        prop_assert_eq!(RegionCode::parse(&c.to_string()).unwrap(), c);
    }
}
