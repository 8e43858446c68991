//! Tests of the parent module.
use super::*;
use proptest::prelude::*;
use time::macros::date;

#[test]
fn parses_a_valid_nik_with_separators() {
    let n = Nik::parse("3507.04-5101 900001").unwrap();
    assert_eq!(n.to_string(), "3507045101900001");
    assert_eq!(n.region_code().to_string(), "35.07.04");
    assert_eq!(n.kecamatan_name(), "Sumbermanjing Wetan");
    assert_eq!(n.kabupaten_kota_name(), "Kabupaten Malang");
    assert_eq!(n.province_name(), "Jawa Timur");
    assert_eq!(n.sex(), Sex::Female);
    assert_eq!(n.birth_day(), 11);
    assert_eq!(n.birth_month(), 1);
    assert_eq!(n.serial(), 1);
    assert_eq!(n.birth_date(2026), date!(1990 - 01 - 11));
    assert_eq!(n.masked(), "350704******0001");
    assert_eq!(format!("{n:?}"), "Nik(350704******0001)");
}

#[test]
fn century_resolution() {
    let n = Nik::parse("3573011205050123").unwrap();
    assert_eq!(n.sex(), Sex::Male);
    assert_eq!(n.birth_date(2026), date!(2005 - 05 - 12));
    assert_eq!(n.birth_date(2004), date!(1905 - 05 - 12));
    assert_eq!(
        n.birth_date_near(date!(1905 - 01 - 01)),
        date!(1905 - 05 - 12)
    );
    // 29/02/00 exists in 2000 only.
    let leap = Nik::parse("3573012902000001").unwrap();
    assert_eq!(leap.birth_date(1999), date!(2000 - 02 - 29));
}

#[test]
fn typed_errors() {
    assert_eq!(Nik::parse("35070451019000"), Err(NikError::WrongLength(14)));
    assert_eq!(Nik::parse("350704510190000x"), Err(NikError::NotDigit('x')));
    assert_eq!(
        Nik::parse("9907045101900001"),
        Err(NikError::UnknownProvince("99".into()))
    );
    assert_eq!(
        Nik::parse("3550045101900001"),
        Err(NikError::UnknownKabupatenKota("35.50".into()))
    );
    assert_eq!(
        Nik::parse("3507995101900001"),
        Err(NikError::UnknownKecamatan("35.07.99".into()))
    );
    assert_eq!(
        Nik::parse("3507043501900001"),
        Err(NikError::InvalidDay(35))
    );
    assert_eq!(Nik::parse("3507040001900001"), Err(NikError::InvalidDay(0)));
    assert_eq!(
        Nik::parse("3507047201900001"),
        Err(NikError::InvalidDay(72))
    );
    assert_eq!(
        Nik::parse("3507041013900001"),
        Err(NikError::InvalidMonth(13))
    );
    assert_eq!(
        Nik::parse("3502027102019913"),
        Err(NikError::NoSuchDate {
            day: 31,
            month: 2,
            yy: 1
        })
    );
    assert_eq!(
        Nik::parse("3507042902910001"),
        Err(NikError::NoSuchDate {
            day: 29,
            month: 2,
            yy: 91
        })
    );
    assert!(Nik::parse("3507042902920001").is_ok());
    assert_eq!(Nik::parse("3507041101900000"), Err(NikError::ZeroSerial));
    for e in [NikError::ZeroSerial, NikError::WrongLength(3)] {
        assert!(!e.message_id().is_empty());
        assert!(!e.key().is_empty());
    }
}

#[test]
fn from_parts_round_trip() {
    let kec = RegionCode::parse("35.79.02").unwrap();
    let n = Nik::from_parts(kec, date!(1987 - 12 - 31), Sex::Female, 42).unwrap();
    assert_eq!(n.to_string(), "3579027112870042");
    assert_eq!(n.birth_date(2026), date!(1987 - 12 - 31));
    assert_eq!(n.sex(), Sex::Female);
    assert_eq!(n.serial(), 42);
}

#[test]
fn sex_parse() {
    for s in ["L", "m", "Laki-laki", "male", " PRIA "] {
        assert_eq!(Sex::parse(s), Ok(Sex::Male), "{s}");
    }
    for s in ["P", "f", "perempuan", "Female", "wanita"] {
        assert_eq!(Sex::parse(s), Ok(Sex::Female), "{s}");
    }
    assert!(Sex::parse("x").is_err());
}

#[test]
fn discrepancies() {
    let n = Nik::parse("3507047101900001").unwrap(); // woman, 31/01/1990
    let ok = Stated {
        birth_date: Some(date!(1990 - 01 - 31)),
        sex: Some(Sex::Female),
        region_code: Some(RegionCode::parse("35.07").unwrap()),
    };
    assert!(n.check_against(&ok).is_empty());
    assert!(n.check_against(&Stated::default()).is_empty());
    let bad = Stated {
        birth_date: Some(date!(1990 - 01 - 13)),
        sex: Some(Sex::Male),
        region_code: Some(RegionCode::parse("35.73.02").unwrap()),
    };
    let d = n.check_against(&bad);
    assert_eq!(d.len(), 3);
    assert_eq!(
        d[0].message_id(),
        "Tanggal lahir di NIK 31/01/1990 berbeda dengan yang dinyatakan 13/01/1990"
    );
    assert_eq!(
        d[0].message_en(),
        "Birth date in NIK 31/01/1990 differs from the stated 13/01/1990"
    );
    assert_eq!(
        d[1],
        Discrepancy::Sex {
            nik: Sex::Female,
            stated: Sex::Male
        }
    );
    assert!(d[1].message_id().contains("Perempuan"));
    assert!(d[2].is_informative());
    assert!(d[2].message_id().contains("Klojen"));
    assert!(d[2].message_en().contains("Sumbermanjing Wetan"));
}

proptest! {
    #[test]
    fn parse_never_panics(s in ".*") {
        let _ = Nik::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_digits(s in "[0-9]{16}") {
        if let Ok(n) = Nik::parse(&s) {
            prop_assert_eq!(n.to_string(), s.clone());
            prop_assert_eq!(Nik::parse(&n.to_string()), Ok(n));
            let _ = n.birth_date(2026);
        }
    }

    #[test]
    fn from_parts_round_trips(
        kec in 1u8..=33, y in 1960i32..2008, doy in 1u16..=365, female: bool, serial in 1u16..=9999
    ) {
        let code = RegionCode::parse(&format!("3507{kec:02}")).unwrap();
        let d = Date::from_ordinal_date(y, doy).unwrap();
        let sex = if female { Sex::Female } else { Sex::Male };
        let n = Nik::from_parts(code, d, sex, serial).unwrap();
        prop_assert_eq!(n.birth_date(2026), d);
        prop_assert_eq!(n.sex(), sex);
        prop_assert_eq!(n.serial(), serial);
        prop_assert_eq!(n.region_code(), code);
        let stated = Stated { birth_date: Some(d), sex: Some(sex), region_code: Some(code) };
        let found = n.check_against(&stated);
        prop_assert!(found.is_empty());
    }
}
