//! The one integration-test binary of sinergi-match: the link and screen flows
//! the CLI runs, through the library, on synthetic fixtures made here.

use sinergi_match::input::{read, read_with, schema_for};
use sinergi_match::model::SplitMix;
use sinergi_match::output::{write_clusters, write_hits, write_pairs};
use sinergi_match::progress::Silent;
use sinergi_match::screen::search_all;
use sinergi_match::{LinkOptions, Model, ScreeningIndex, Settings, dedupe, link};
use std::collections::HashMap;
use std::io::Write;

#[path = "cases/headers.rs"]
mod headers;
#[path = "cases/names.rs"]
mod names;
#[path = "cases/nik.rs"]
mod nik;

const GIVEN: &[&str] = &[
    "Agus", "Budi", "Bambang", "Joko", "Slamet", "Heru", "Eko", "Wahyu", "Hendra", "Rudi", "Siti",
    "Sri", "Dewi", "Rina", "Wati", "Yuni", "Fitri", "Lestari", "Rahayu", "Indah", "Ratna",
    "Aminah", "Fatimah", "Aisyah", "Nur",
];
const FAMILY: &[&str] = &[
    "Santoso",
    "Wijaya",
    "Susilo",
    "Hartono",
    "Setiawan",
    "Kurniawan",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Wibowo",
    "Pratama",
    "Purnomo",
    "Prasetyo",
    "Gunawan",
    "Hermawan",
    "Utomo",
    "Sugiarto",
    "Suharto",
    "Sudirman",
    "Siswanto",
    "Cahyono",
    "Tjahjono",
    "Soekarno",
    "Djojo",
    "Wahid",
];

struct Person {
    entity: usize,
    name: String,
    dob: (u16, u8, u8),
    nik: String,
    phone: String,
}

/// Synthetic people and noisy copies: `(csv text, entity of each row id)`.
fn fixture(people: usize, seed: u64) -> (String, HashMap<String, usize>) {
    let mut rng = SplitMix(seed);
    let mut out = String::from("id,full_name,birth_date,sex,nik,phone,address\n");
    let mut truth = HashMap::new();
    let mut row = 0;
    for e in 0..people {
        let mut name = format!(
            "{} {}",
            GIVEN[rng.below(GIVEN.len())],
            FAMILY[rng.below(FAMILY.len())]
        );
        if rng.below(3) == 0 {
            name = format!("Muhammad {name}");
        }
        let dob = (
            1960 + rng.below(45) as u16,
            1 + rng.below(12) as u8,
            1 + rng.below(28) as u8,
        );
        let nik = format!(
            "3507{:02}{:02}{:02}{:02}{:04}",
            1 + rng.below(30),
            dob.2,
            dob.1,
            dob.0 % 100,
            1 + rng.below(9000)
        );
        let phone = format!("8{}", 100_000_000 + rng.below(899_999_999));
        let p = Person {
            entity: e,
            name,
            dob,
            nik,
            phone,
        };
        let copies = 1 + rng.below(3);
        for c in 0..copies {
            let name = if c == 0 {
                p.name.clone()
            } else {
                match rng.below(5) {
                    0 => p.name.to_uppercase(),
                    1 => p.name.replace("Muhammad", "Moch.").replace('u', "oe"),
                    2 => format!("H. {}, S.Pd.", p.name),
                    3 => {
                        let parts: Vec<&str> = p.name.rsplitn(2, ' ').collect();
                        format!("{}, {}", parts[0], parts.get(1).unwrap_or(&""))
                    }
                    _ => p.name.replacen('a', "aa", 1),
                }
            };
            let (y, m, d) = p.dob;
            let dob = match rng.below(3) {
                0 => format!("{d:02}/{m:02}/{y}"),
                1 => format!("{y}-{m:02}-{d:02}"),
                _ => format!("{d:02}-{m:02}-{:02}", y % 100),
            };
            let nik = if rng.below(3) == 0 {
                String::new()
            } else {
                p.nik.clone()
            };
            let phone = match rng.below(3) {
                0 => format!("0{}", p.phone),
                1 => format!("+62 {}", p.phone),
                _ => String::new(),
            };
            writeln!(
                out_writer(&mut out),
                "r{row},{name:?},{dob},,{nik},{phone},"
            )
            .ok();
            truth.insert(format!("r{row}"), p.entity);
            row += 1;
        }
    }
    (out.replace("\"\"", ""), truth)
}

fn out_writer(s: &mut String) -> StringWriter<'_> {
    StringWriter(s)
}

struct StringWriter<'a>(&'a mut String);

impl Write for StringWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.push_str(&String::from_utf8_lossy(buf));
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn pairwise_f1(clusters: &HashMap<String, String>, truth: &HashMap<String, usize>) -> (f64, f64) {
    let ids: Vec<&String> = clusters.keys().collect();
    let (mut tp, mut pp, mut tt) = (0u64, 0u64, 0u64);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let same_pred = clusters[*a] == clusters[*b];
            let same_true = truth[*a] == truth[*b];
            tp += u64::from(same_pred && same_true);
            pp += u64::from(same_pred);
            tt += u64::from(same_true);
        }
    }
    (tp as f64 / pp.max(1) as f64, tp as f64 / tt.max(1) as f64)
}

fn headers(csv: &str) -> Vec<&str> {
    csv.lines().next().unwrap_or_default().split(',').collect()
}

#[test]
fn dedupe_finds_people_written_differently() {
    let (csv, truth) = fixture(600, 1);
    let schema = sinergi_match::Schema::from_headers(&headers(&csv), None);
    let data = read(csv.as_bytes(), &schema, &Silent).expect("fixture reads");
    assert!(data.issues.is_empty(), "{:?}", data.issues.first());
    let result = dedupe(&schema, &data.records, &LinkOptions::default(), &Silent);
    let mut out = Vec::new();
    write_clusters(&mut out, &data.records, &result).expect("writes");
    let text = String::from_utf8(out).expect("utf8");
    let clusters: HashMap<String, String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(',').map(|(a, b)| (a.to_owned(), b.to_owned())))
        .collect();
    assert_eq!(
        clusters.len(),
        data.records.len(),
        "every row, singletons too"
    );
    let (p, r) = pairwise_f1(&clusters, &truth);
    assert!(p > 0.97 && r > 0.9, "precision {p:.3} recall {r:.3}");
    // Pairs carry their explanation.
    let mut pairs = Vec::new();
    write_pairs(&mut pairs, &data.records, &data.records, &result).expect("writes");
    let pairs = String::from_utf8(pairs).expect("utf8");
    assert!(pairs.starts_with("left_id,right_id,probability,explanation"));
    assert!(
        pairs.contains("full_name="),
        "{}",
        &pairs[..200.min(pairs.len())]
    );
}

#[test]
fn two_valid_niks_are_never_one_person() {
    // Twenty "Siti Aminah" born the same day, each with her own valid NIK and
    // the same shared phone: they must stay twenty people.
    let mut csv = String::from("id,full_name,birth_date,nik,phone\n");
    for i in 0..20 {
        csv.push_str(&format!(
            "s{i},Siti Aminah,01/02/1990,35070141029{:05},081234567890\n",
            1000 + i * 37
        ));
    }
    let schema = sinergi_match::Schema::from_headers(&headers(&csv), None);
    let data = read(csv.as_bytes(), &schema, &Silent).expect("reads");
    let result = dedupe(&schema, &data.records, &LinkOptions::default(), &Silent);
    let distinct: std::collections::HashSet<u32> = result.clusters.iter().copied().collect();
    assert_eq!(distinct.len(), 20);
}

#[test]
fn link_two_sources() {
    let (csv, truth) = fixture(300, 2);
    let mut lines: Vec<&str> = csv.lines().collect();
    let header = lines.remove(0);
    let (mut left, mut right) = (format!("{header}\n"), format!("{header}\n"));
    for (i, l) in lines.iter().enumerate() {
        if i % 2 == 0 {
            left.push_str(l)
        } else {
            right.push_str(l)
        }
        if i % 2 == 0 {
            left.push('\n')
        } else {
            right.push('\n')
        }
    }
    let schema = sinergi_match::Schema::from_headers(&headers(&csv), None);
    let l = read(left.as_bytes(), &schema, &Silent).expect("reads");
    let r = read(right.as_bytes(), &schema, &Silent).expect("reads");
    let result = link(
        &schema,
        &l.records,
        &r.records,
        &LinkOptions::default(),
        &Silent,
    );
    assert!(!result.pairs.is_empty());
    let correct = result
        .pairs
        .iter()
        .filter(|p| {
            truth[&*l.records[p.left as usize].id] == truth[&*r.records[p.right as usize].id]
        })
        .count();
    assert!(
        correct as f64 / result.pairs.len() as f64 > 0.97,
        "{correct}/{}",
        result.pairs.len()
    );
}

#[test]
fn settings_map_any_layout() {
    // A US-style export: other column names, an address over three columns, an SSN.
    let settings = Settings::parse(
        r#"
id_column = "pid"
[[field]]
name = "name"
kind = "name"
columns = ["given", "family"]
[[field]]
name = "dob"
kind = "date"
date_order = "mdy"
[[field]]
name = "ssn"
kind = "identifier"
[[field]]
name = "address"
kind = "address"
columns = ["street", "city", "zip"]
"#,
    )
    .expect("valid settings");
    let csv = "pid,given,family,dob,ssn,street,city,zip\n\
               1,John,Smith,03/04/1980,123-45-6789,12 Oak Street,Springfield,62701\n\
               2,JOHN,SMITH,1980-03-04,123456789,12 OAK ST,Springfield,62701\n\
               3,Jon,Smith,03/04/1980,,12 Oak St,Springfield,\n\
               4,Mary,Jones,07/08/1975,987-65-4321,9 Elm Road,Salem,97301\n";
    let dir = std::env::temp_dir().join(format!("sinergi-match-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("us.csv");
    std::fs::write(&path, csv).expect("write");
    let schema = schema_for(&path, Some(&settings)).expect("schema");
    assert_eq!(schema.fields.len(), 4);
    let data = read(csv.as_bytes(), &schema, &Silent).expect("reads");
    let mut model = Model::defaults(&schema);
    model.prior_log2_odds = -10.0;
    let e = model.explain(&data.records[0], &data.records[1]);
    assert!(e.probability > 0.99, "{e}");
    assert!(e.to_string().contains("dob=exact"), "{e}");
    let e = model.explain(&data.records[0], &data.records[3]);
    assert!(e.probability < 0.01, "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn malformed_rows_are_reported_and_good_rows_still_link() {
    let (csv, _) = fixture(200, 3);
    let mut broken = String::new();
    let mut bad = 0;
    for (i, line) in csv.lines().enumerate() {
        if i > 0 && i % 10 == 0 {
            bad += 1;
            match i % 3 {
                0 => broken.push_str(&format!("{line},extra,fields\n")),
                1 => broken.push_str(&format!(",{}\n", line.split_once(',').map_or("", |x| x.1))),
                _ => broken.push_str(&format!("{line}\n").replacen(",", ",\"unterminated", 1)),
            }
        } else {
            broken.push_str(line);
            broken.push('\n');
        }
    }
    let schema = sinergi_match::Schema::from_headers(&headers(&csv), None);
    let data = read(broken.as_bytes(), &schema, &Silent).expect("still reads");
    assert!(data.rows_rejected >= 1, "bad rows are reported");
    assert!(data.records.len() as u64 + data.rows_rejected == data.rows_read);
    assert!(data.issues.iter().all(|i| i.line > 1));
    assert!(bad > 0);
    let result = dedupe(&schema, &data.records, &LinkOptions::default(), &Silent);
    assert_eq!(result.clusters.len(), data.records.len());
    assert!(result.stats.links > 0);
}

#[test]
fn screening_index_insert_remove_search() {
    let (csv, truth) = fixture(2000, 4);
    let schema = sinergi_match::Schema::from_headers(&headers(&csv), None);
    let data = read(csv.as_bytes(), &schema, &Silent).expect("reads");
    // Hold out the last row of each person as a query when the person has another row.
    let mut last: HashMap<usize, usize> = HashMap::new();
    for (i, r) in data.records.iter().enumerate() {
        last.insert(truth[&*r.id], i);
    }
    let mut count: HashMap<usize, usize> = HashMap::new();
    for r in &data.records {
        *count.entry(truth[&*r.id]).or_default() += 1;
    }
    let (mut entries, mut queries) = (Vec::new(), Vec::new());
    for (i, r) in data.records.iter().enumerate() {
        let e = truth[&*r.id];
        if count[&e] >= 2 && last[&e] == i {
            queries.push(r.clone())
        } else {
            entries.push(r.clone())
        }
    }
    let mut index = ScreeningIndex::build(schema.clone(), entries);
    let run = search_all(&index, &queries, 5, false, &Silent);
    let found = run
        .hits
        .iter()
        .filter(|(q, hits)| hits.iter().any(|h| truth[&h.entry_id] == truth[&**q]))
        .count();
    assert!(
        found as f64 / queries.len() as f64 > 0.97,
        "{found}/{}",
        queries.len()
    );
    let mut out = Vec::new();
    write_hits(&mut out, &run.hits).expect("writes");
    assert!(String::from_utf8_lossy(&out).starts_with("query_id,rank,entry_id,score,explanation"));
    // Remove the best hit of the first query: it is gone from the next answer.
    let q = &queries[0];
    let best = index.search(q, 1)[0].entry_id.clone();
    assert!(index.remove(&best));
    assert!(index.search(q, 5).iter().all(|h| h.entry_id != best));
    // Queries may carry fewer columns than the watchlist.
    let few = "id,full_name\nq1,Budi Santoso\n";
    let qs = read_with(few.as_bytes(), index.schema(), &Silent, false).expect("reads");
    assert_eq!(qs.records.len(), 1);
    let _ = index.search(&qs.records[0], 5);
}
