//! Exports as they come: the headers an Indonesian office writes link without
//! a settings file, and the same records score the same whichever way their
//! columns are named.

use super::fixture;
use sinergi_match::input::read;
use sinergi_match::progress::Silent;
use sinergi_match::{LinkOptions, Schema, dedupe};

const STANDARD: &str = "id,full_name,birth_date,sex,nik,phone,address";
const OFFICE: &str = "No,Nama Lengkap,Tgl Lahir,L/P,No. KTP,No HP,Alamat Domisili";

fn run(csv: &str) -> (Vec<u32>, Vec<(u32, u32, u64)>) {
    let headers: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let schema = Schema::from_headers(&headers, None);
    assert_eq!(schema.fields.len(), 6, "{:?}", schema.describe());
    let data = read(csv.as_bytes(), &schema, &Silent).expect("reads");
    let r = dedupe(&schema, &data.records, &LinkOptions::default(), &Silent);
    let pairs = r
        .pairs
        .iter()
        .map(|p| (p.left, p.right, p.probability.to_bits()))
        .collect();
    (r.clusters, pairs)
}

#[test]
fn an_office_export_links_as_the_standard_columns_do() {
    let (csv, _) = fixture(300, 11);
    assert!(csv.starts_with(STANDARD));
    let office = csv.replacen(STANDARD, OFFICE, 1);
    let (a, pa) = run(&csv);
    let (b, pb) = run(&office);
    assert!(!pa.is_empty());
    assert_eq!(a, b, "same clusters");
    assert_eq!(pa, pb, "same pairs, same probabilities");
}
