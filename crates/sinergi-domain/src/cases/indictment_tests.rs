//! Tests of the parent module.
use super::*;

fn cited(law: &str, article: &str) -> Cited {
    Cited {
        law: law.into(),
        article: article.into(),
    }
}

#[test]
fn a_jo_chain_reads_and_prints_as_the_prosecutor_wrote_it() {
    let text = "Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP";
    let i = Indictment::parse(text).expect("parses");
    assert_eq!(
        i,
        Indictment::Count(vec![
            cited("UU 21/2007", "4"),
            cited("UU 21/2007", "10"),
            cited("KUHP", "55 ayat (1) ke-1"),
        ])
    );
    assert_eq!(i.form(), Form::Single);
    assert_eq!(i.render(), text);
}

#[test]
fn subsidiary_alternative_cumulative_and_combination() {
    let sub = "Primair: Pasal 4 jo Pasal 10 UU 21/2007; Subsidair: Pasal 81 UU 18/2017; Lebih Subsidair: Pasal 126 huruf c UU 6/2011";
    let i = Indictment::parse(sub).expect("parses");
    assert_eq!(i.form(), Form::Subsidiary);
    assert_eq!(i.counts().len(), 3);
    assert_eq!(i.render(), sub);
    let alt = "Pertama: Pasal 4 UU 21/2007 atau Kedua: Pasal 81 UU 18/2017";
    assert_eq!(
        Indictment::parse(alt).expect("alt").form(),
        Form::Alternative
    );
    assert_eq!(Indictment::parse(alt).expect("alt").render(), alt);
    let cum = "Kesatu: Pasal 4 UU 21/2007 dan Kedua: Pasal 81 UU 18/2017";
    assert_eq!(
        Indictment::parse(cum).expect("cum").form(),
        Form::Cumulative
    );
    let combo = "Kesatu: (Primair: Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP; Subsidair: Pasal 83 UU 18/2017) dan Kedua: Pasal 126 huruf c UU 6/2011";
    let c = Indictment::parse(combo).expect("combination");
    assert_eq!(c.form(), Form::Combination);
    assert_eq!(c.render(), combo);
    assert_eq!(Indictment::parse(&c.render()).expect("again"), c);
}

#[test]
fn long_law_names_and_shared_laws_are_normalised() {
    let i = Indictment::parse("Pasal 81 dan 83 Undang-Undang Nomor 18 Tahun 2017").expect("ok");
    assert_eq!(
        i,
        Indictment::Cumulative(vec![
            Indictment::Count(vec![cited("UU 18/2017", "81")]),
            Indictment::Count(vec![cited("UU 18/2017", "83")]),
        ])
    );
    let j = Indictment::parse("Pasal 2 ayat (1) UU RI No. 21 Tahun 2007").expect("ok");
    assert_eq!(
        j,
        Indictment::Count(vec![cited("UU 21/2007", "2 ayat (1)")])
    );
}

#[test]
fn errors_are_typed() {
    assert_eq!(Indictment::parse("  "), Err(IndictmentError::Empty));
    assert_eq!(
        Indictment::parse("Pasal 4"),
        Err(IndictmentError::MissingLaw("Pasal 4".into()))
    );
    assert_eq!(
        Indictment::parse("Kesatu: (Pasal 4 UU 21/2007"),
        Err(IndictmentError::Parentheses)
    );
    assert_eq!(base_article("55 ayat (1) ke-1"), "55");
}

#[test]
fn the_shipped_table_checks_dates_and_penalties() {
    use time::macros::date;
    let t =
        crate::cases::charges::parse_tables(include_str!("../../../../data/legal/articles.toml"))
            .expect("articles.toml parses");
    assert!(t.articles.len() >= 45);
    assert_eq!(t.fine_categories.len(), 8);
    let old = Indictment::parse("Pasal 4 jo Pasal 10 UU 21/2007 jo Pasal 55 ayat (1) ke-1 KUHP")
        .expect("parses");
    let check = old.check_against(&t.articles, date!(2025 - 06 - 01));
    assert_eq!(
        check,
        ArticleCheck::default(),
        "every article known and in force"
    );
    assert_eq!(
        old.max_months(&t.articles, date!(2025 - 06 - 01)),
        Some(180)
    );
    let after = old.check_against(&t.articles, date!(2026 - 03 - 01));
    assert_eq!(after.not_in_force, vec![cited("KUHP", "55 ayat (1) ke-1")]);
    let new = Indictment::parse("Pasal 4 jo Pasal 17 UU 21/2007 jo Pasal 20 huruf c UU 1/2023")
        .expect("parses");
    assert!(
        new.check_against(&t.articles, date!(2026 - 03 - 01))
            .not_in_force
            .is_empty()
    );
    assert_eq!(
        new.max_months(&t.articles, date!(2026 - 03 - 01)),
        Some(240),
        "child victim +1/3"
    );
    for a in ["3", "5", "6", "8", "9", "11", "12", "16"] {
        assert!(
            t.articles
                .iter()
                .any(|r| r.law == "UU 21/2007" && r.article == a),
            "{a}"
        );
    }
    for a in ["82", "85", "86"] {
        assert!(
            t.articles
                .iter()
                .any(|r| r.law == "UU 18/2017" && r.article == a),
            "{a}"
        );
    }
    let unknown = Indictment::parse("Pasal 999 UU 21/2007").expect("parses");
    assert_eq!(
        unknown
            .check_against(&t.articles, date!(2025 - 06 - 01))
            .unknown
            .len(),
        1
    );
}
