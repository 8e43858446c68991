//! `sinergi link` and `sinergi screen` read an agency's XLSX export as it comes: Indonesian
//! headers, a NIK typed as a number, no settings file. The workbook is written by the test
//! (a minimal, uncompressed XLSX), so no binary file is checked in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sinergi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .args(args)
        .env("SINERGI_LOG", "warn")
        .output()
        .expect("run sinergi")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sinergi-xlsx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A ZIP archive of `files`, stored without compression.
fn zip_stored(files: &[(&str, String)]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, body) in files {
        let (crc, len, offset) = (crc32(body.as_bytes()), body.len() as u32, out.len() as u32);
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(0u16.to_le_bytes()); // stored
            v.extend(0u32.to_le_bytes()); // time, date
            v.extend(crc.to_le_bytes());
            v.extend(len.to_le_bytes());
            v.extend(len.to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(name.as_bytes());
        out.extend(body.as_bytes());
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let (cd_offset, cd_len) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend(cd_len.to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// One cell: a number when `numeric`, else an inline string.
fn cell(col: usize, row: usize, value: &str, numeric: bool) -> String {
    let r = format!("{}{row}", (b'A' + col as u8) as char);
    if numeric {
        format!("<c r=\"{r}\"><v>{value}</v></c>")
    } else {
        format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{value}</t></is></c>")
    }
}

/// Writes a one-sheet XLSX; columns named in `numeric` hold numbers.
fn write_xlsx(path: &Path, rows: &[Vec<&str>], numeric: &[usize]) {
    let mut sheet = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (i, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", i + 1));
        for (c, v) in row.iter().enumerate() {
            sheet.push_str(&cell(c, i + 1, v, i > 0 && numeric.contains(&c)));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let files = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_owned()),
        ("_rels/.rels", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")),
        ("xl/workbook.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"{rel}\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>")),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    std::fs::write(path, zip_stored(&files)).expect("write xlsx");
}

const HEADER: [&str; 7] = [
    "No",
    "Nama Lengkap",
    "Tgl Lahir",
    "L/P",
    "No. KTP",
    "No HP",
    "Alamat Domisili",
];

fn export_rows() -> Vec<Vec<&'static str>> {
    vec![
        HEADER.to_vec(),
        vec![
            "1",
            "Budi Santoso",
            "01-02-1990",
            "L",
            "3507010102900001",
            "081234567890",
            "Jl. Mawar 12 RT 3 RW 5",
        ],
        vec![
            "2",
            "SANTOSO, Budi",
            "01-02-1990",
            "Laki-laki",
            "3507010102900001",
            "0812 3456 7890",
            "Jalan Mawar No. 12",
        ],
        vec![
            "3",
            "Siti Aminah",
            "15-08-1985",
            "P",
            "3507015508850002",
            "085711112222",
            "Desa Pojok",
        ],
        vec![
            "4",
            "Agus Salim",
            "03-03-1977",
            "L",
            "3573010303770003",
            "081399998888",
            "Jl. Kawi 3",
        ],
        vec![
            "5",
            "Dewi Lestari",
            "20-11-1995",
            "P",
            "3507066011950004",
            "082144445555",
            "Dusun Krajan",
        ],
    ]
}

fn cluster_of(out: &Path) -> std::collections::HashMap<String, String> {
    let mut r = csv::Reader::from_path(out).expect("clusters");
    r.records()
        .map(|x| {
            let x = x.expect("row");
            (x[0].to_owned(), x[1].to_owned())
        })
        .collect()
}

#[test]
fn link_reads_an_xlsx_export_with_indonesian_headers() {
    let d = temp_dir("link");
    let book = d.join("ekspor.xlsx");
    // The NIK and phone columns are numbers, as Excel stores what looks like one.
    write_xlsx(&book, &export_rows(), &[4, 5]);
    let out = d.join("clusters.csv");
    let o = sinergi(&[
        "link",
        "--input",
        book.to_str().expect("utf8"),
        "--output",
        out.to_str().expect("utf8"),
    ]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("nik <- \"No. KTP\" (NIK)"), "{t}");
    assert!(t.contains("birth_date <- \"Tgl Lahir\" (date)"), "{t}");
    assert!(t.contains("5 rows read, 0 rejected"), "{t}");
    let c = cluster_of(&out);
    assert_eq!(c.len(), 5, "{c:?}");
    assert_eq!(c["1"], c["2"], "{c:?}");
    assert_ne!(c["1"], c["3"], "{c:?}");

    // Screening a CSV of queries against the XLSX list finds Budi by his NIK.
    let queries = d.join("queries.csv");
    std::fs::write(&queries, "id,nik\nq1,3507010102900001\n").expect("queries");
    let hits = d.join("hits.csv");
    let o = sinergi(&[
        "screen",
        "--index",
        book.to_str().expect("utf8"),
        "--queries",
        queries.to_str().expect("utf8"),
        "--output",
        hits.to_str().expect("utf8"),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let h = std::fs::read_to_string(&hits).expect("hits");
    let first = h.lines().nth(1).unwrap_or_default();
    assert!(
        first.starts_with("q1,1,1,") || first.starts_with("q1,1,2,"),
        "{h}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_broken_workbook_gets_a_clear_message() {
    let d = temp_dir("broken");
    let book = d.join("rusak.xlsx");
    std::fs::write(&book, b"PK not really").expect("write");
    let o = sinergi(&[
        "link",
        "--input",
        book.to_str().expect("utf8"),
        "--output",
        d.join("out.csv").to_str().expect("utf8"),
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("not a readable spreadsheet"),
        "{}",
        text(&o)
    );
    let _ = std::fs::remove_dir_all(&d);
}
