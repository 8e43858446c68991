//! Import of person records: bad rows named by line and column, good rows kept, re-runs add
//! nothing, and no input makes it panic (property test, bounded cases).

use proptest::prelude::*;
use sinergi_app::App;
use sinergi_app::audit::Origin;
use sinergi_store::testing::TestDatabase;
use sinergi_testkit::TestEnv;
use time::macros::datetime;

/// The application at 10:00 WIB on 28/11/2026.
async fn app() -> (TestDatabase, App) {
    let env = TestEnv::at(datetime!(2026-11-28 03:00 UTC)).await;
    (env.db, env.app)
}

const GOOD: &str = "id,full_name,birth_date,sex,birth_place,nik,phone,address,region_code\n\
1,Siti Aminah,01/01/1990,P,Kab. Malang,3507044101900001,081234567890,Jl. Mawar 1,35.07.04\n\
2,Budi Santoso,1985-05-12,L,Kota Malang,,+62 812-3456-7891,,\n";

#[tokio::test]
async fn good_rows_are_kept_and_reruns_add_nothing() {
    let (db, app) = app().await;
    let r = app
        .import_people_csv(&Origin::cli(), "uji", GOOD.as_bytes())
        .await
        .expect("import");
    assert_eq!((r.rows_read, r.added, r.already_present), (2, 2, 0));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let again = app
        .import_people_csv(&Origin::cli(), "uji", GOOD.as_bytes())
        .await
        .expect("import");
    assert_eq!((again.added, again.already_present), (0, 2));
    assert_eq!(app.count_people().await.expect("count"), 2);
    db.cleanup().await;
}

#[tokio::test]
async fn bad_rows_are_reported_by_line_and_column() {
    let (db, app) = app().await;
    let input = "id,full_name,birth_date,nik,phone\n\
1,Siti,31/02/1990,,\n\
2,Budi,,3507044101900001,\n\
3,Agus,,350704410190000X,\n\
4,Sri,,,12\n\
5,,,,\n\
6,Wahyu,,,\n\
7,Too,many,fields,here,x\n";
    let r = app
        .import_people_csv(&Origin::cli(), "uji", input.as_bytes())
        .await
        .expect("import");
    let found: Vec<(u64, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (2, "birth_date"),
            (4, "nik"),
            (5, "phone"),
            (6, "full_name"),
            (8, "-")
        ]
    );
    assert_eq!(r.added, 2, "rows 3 and 7 are good");
    for e in &r.errors {
        assert!(
            !e.message.contains("350704410190000X"),
            "values are not echoed"
        );
    }
    let no_header = app
        .import_people_csv(&Origin::cli(), "uji", "nama,nik\nx,y\n".as_bytes())
        .await;
    assert_eq!(no_header.unwrap_err().key(), "csv_missing_column");
    db.cleanup().await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn no_input_makes_import_panic(body in "[a-zA-Z0-9,\"\\n /.+\\-éñ]{0,400}") {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (db, app) = app().await;
            let input = format!("id,full_name,nik,phone,birth_date\n{body}");
            let r = app.import_people_csv(&Origin::cli(), "fuzz", input.as_bytes()).await;
            if let Ok(r) = r {
                prop_assert_eq!(r.rows_read, r.added + r.already_present + r.errors.len() as u64);
                for e in &r.errors {
                    prop_assert!(e.line >= 2);
                }
            }
            db.cleanup().await;
            Ok(())
        })?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (db, app) = app().await;
            let _ = app.import_people_csv(&Origin::cli(), "fuzz", bytes.as_slice()).await;
            db.cleanup().await;
        });
    }
}
