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

#[test]
fn the_task_force_report_of_kabupaten_malang_is_a_pdf_that_opens() {
    let d = temp_dir("report");
    let demo = sinergi(&d, &["demo", "--no-serve", "--people", "20"]);
    assert!(demo.status.success(), "{}", text(&demo));
    let file = d.join("laporan.pdf");
    let out = sinergi(
        &d,
        &[
            "report",
            "gugus-tugas",
            "--region",
            "3507",
            "--year",
            "2026",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let pdf = sinergi_pdf::inspect(&std::fs::read(&file).unwrap()).expect("the PDF opens");
    let lines = pdf.lines();
    assert!(lines.contains(&"Laporan Tahunan Gugus Tugas PP-TPPO".to_string()));
    assert!(lines.contains(&"Kabupaten Malang 2026".to_string()));
    // The demo has a year of cases: the summary counts them.
    let cases: i64 = lines
        .iter()
        .find_map(|l| l.strip_prefix("Perkara | "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no case count in {lines:?}"));
    assert!(cases > 0);
    let bad = sinergi(
        &d,
        &[
            "report",
            "gugus-tugas",
            "--region",
            "3578",
            "--year",
            "2026",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert!(!bad.status.success(), "Surabaya is not Malang Raya");
    let _ = std::fs::remove_dir_all(&d);
}

/// A workbook of `n` synthetic people on one sheet; row `bad` (1-based data row) has no name.
fn people_xlsx(n: usize, bad: usize) -> Vec<u8> {
    let rows = (1..=n)
        .map(|i| {
            let name = if i == bad {
                String::new()
            } else {
                format!("Warga Uji {i}")
            };
            vec![
                format!("U{i:06}"),
                name,
                format!("{:02}/{:02}/19{:02}", 1 + i % 28, 1 + i % 12, 50 + i % 50),
                if i % 2 == 0 { "L" } else { "P" }.to_string(),
            ]
        })
        .collect();
    sinergi_web::exports::xlsx(&[sinergi_web::exports::Sheet {
        name: "Data".into(),
        headers: ["No", "Nama Lengkap", "Tanggal Lahir", "Jenis Kelamin"]
            .map(String::from)
            .to_vec(),
        rows,
    }])
}

/// `sinergi import` of an XLSX through an import job: progress, bad rows by sheet, row and
/// column, and a re-run adds nothing. `SINERGI_IMPORT_ROWS=50000` gives the measurement of
/// issue #14 (under a minute); the default keeps the suite quick.
#[test]
fn an_xlsx_imports_from_the_command_line_once_with_its_bad_row_named() {
    let n: usize = std::env::var("SINERGI_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let d = temp_dir("xlsx");
    let file = d.join("warga.xlsx");
    std::fs::write(&file, people_xlsx(n, 7)).unwrap();
    let args = [
        "import",
        "--kind",
        "people",
        "--agency",
        "dukcapil-kab-malang",
        "--source",
        "uji-xlsx",
        "--input",
        file.to_str().unwrap(),
    ];
    let started = std::time::Instant::now();
    let first = sinergi(&d, &args);
    let took = started.elapsed();
    let out = text(&first);
    assert_eq!(first.status.code(), Some(1), "one row refused: {out}");
    assert!(
        out.contains(&format!("{} added, 0 already present, 1 refused", n - 1)),
        "{out}"
    );
    assert!(
        out.contains("sheet Data, row 8, column B (Nama Lengkap): empty"),
        "{out}"
    );
    assert!(out.contains(&format!("{n} / {n} rows")), "progress: {out}");
    assert!(took.as_secs() < 60, "{n} rows took {took:?}");
    let again = text(&sinergi(&d, &args));
    assert!(
        again.contains(&format!("0 added, {} already present, 1 refused", n - 1)),
        "{again}"
    );
    let _ = std::fs::remove_dir_all(&d);
}
