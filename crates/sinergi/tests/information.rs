//! `sinergi registry import` and `sinergi export htcds` end to end on a temporary data folder.

mod common;

use common::{sinergi_sqlite as sinergi, temp_dir, text};

#[test]
fn registry_import_reruns_add_nothing_and_bad_rows_are_named() {
    let d = temp_dir("registry");
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/portal/registry-demo.csv"
    );
    let first = sinergi(&d, &["registry", "import", "--input", csv]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("6 added"), "{}", text(&first));
    let again = sinergi(&d, &["registry", "import", "--input", csv]);
    assert!(
        text(&again).contains("0 added, 0 updated, 6 unchanged"),
        "{}",
        text(&again)
    );
    assert!(text(&again).contains("Registry: 6 entries"));
    let bad = d.join("bad.csv");
    std::fs::write(
        &bad,
        "jenis,nama,nomor_izin,berlaku_dari,berlaku_sampai\np3mi,PT A,N1,,01/01/2030\nxx,PT B,N2,,01/01/2030\n",
    )
    .unwrap();
    let out = sinergi(
        &d,
        &["registry", "import", "--input", bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("line 3, column kind"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn htcds_export_writes_the_header_and_reports_suppression() {
    let d = temp_dir("htcds");
    let demo = sinergi(&d, &["demo", "--no-serve", "--people", "20"]);
    assert!(demo.status.success(), "{}", text(&demo));
    let file = d.join("htcds.csv");
    let out = sinergi(
        &d,
        &[
            "export",
            "htcds",
            "--output",
            file.to_str().unwrap(),
            "--k",
            "11",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("k = 11"), "{report}");
    // The demo's victims (its case and a year of dashboard history) are too few for k = 11:
    // every record the report says was read is suppressed, and the file has the header only.
    let read: usize = report
        .split(": ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("records read: {report}"));
    assert!(read > 0, "{report}");
    assert!(
        report.contains(&format!("Suppressed {read} records")),
        "{report}"
    );
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.starts_with("prs_AgeBroad,ext_RegionOfRegistration,cas_IncomingReferralDate"));
    assert_eq!(csv.lines().count(), 1, "every demo victim is suppressed");
    let too_small = sinergi(
        &d,
        &[
            "export",
            "htcds",
            "--output",
            file.to_str().unwrap(),
            "--k",
            "1",
        ],
    );
    assert!(!too_small.status.success());
    let _ = std::fs::remove_dir_all(&d);
}
