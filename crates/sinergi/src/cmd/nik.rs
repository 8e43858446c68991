//! `sinergi nik`: explain NIKs for officers and scripts.
//! The rules live in `sinergi_domain::nik`; this module is arguments and output.

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};
use sinergi_domain::clock::{Clock, SystemClock};
use sinergi_domain::dates::{format_id, format_iso, parse_date};
use sinergi_domain::nik::{Nik, Sex, Stated};
use sinergi_domain::region::CODE_LIST_VERSION;
use sinergi_domain::region_history::NikRegion;

/// The region history of a NIK as JSON: `current`, or `historical` with what the code became.
fn region_status_json(nik: Nik) -> Value {
    match nik.region_status() {
        NikRegion::Historical {
            entry,
            kecamatan_checked,
        } => json!({
            "status": "historical",
            "code": entry.code.to_string(),
            "name": entry.name,
            "listed_in": entry.listed_in,
            "became": entry.became.map(|c| c.to_string()),
            "became_name": entry.successor().map(|r| r.full_name()),
            "kecamatan_checked": kecamatan_checked,
            "unsure": entry.unsure,
        }),
        other => json!({ "status": other.key() }),
    }
}

/// One line explaining a historical region code, in the chosen language.
fn region_status_line(nik: Nik, en: bool) -> Option<String> {
    let NikRegion::Historical { entry, .. } = nik.region_status() else {
        return None;
    };
    let now = match (entry.became, entry.successor()) {
        (Some(c), Some(r)) => format!("{} ({c})", r.full_name()),
        _ if en => "successor unknown".to_string(),
        _ => "penerusnya tidak diketahui".to_string(),
    };
    let lists = entry.listed_in.join(", ");
    let unsure = match (entry.unsure, en) {
        (true, true) => " [unsure: not confirmed in a source]",
        (true, false) => " [belum pasti: belum dikonfirmasi sumber]",
        _ => "",
    };
    Some(if en {
        format!(
            "historical region code {} ({}; listed in {lists}), now {now}{unsure}",
            entry.code, entry.name
        )
    } else {
        format!(
            "kode wilayah lama {} ({}; tercantum di {lists}), sekarang {now}{unsure}",
            entry.code, entry.name
        )
    })
}

/// Language of the text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia.
    Id,
    /// English.
    En,
}

/// Arguments of `sinergi nik`.
#[derive(Debug, Args)]
pub struct NikArgs {
    /// One or more NIKs (16 digits; spaces, dots and dashes are ignored).
    #[arg(required = true, value_name = "NIK")]
    pub niks: Vec<String>,
    /// Print a JSON array instead of text.
    #[arg(long)]
    pub json: bool,
    /// Language of the text output.
    #[arg(long, value_enum, default_value_t = Lang::Id)]
    pub lang: Lang,
    /// Year used to resolve the two-digit birth year (default: this year in WIB).
    #[arg(long)]
    pub reference_year: Option<i32>,
    /// Stated birth date to check against each NIK (dd/mm/yyyy, yyyy-mm-dd, 12 Januari 1990…).
    #[arg(long)]
    pub birth_date: Option<String>,
    /// Stated sex to check against each NIK (L/P, M/F, laki-laki/perempuan).
    #[arg(long)]
    pub sex: Option<String>,
}

/// Runs `sinergi nik`; returns whether every NIK was valid.
pub fn run(args: &NikArgs) -> anyhow::Result<bool> {
    let year = args
        .reference_year
        .unwrap_or_else(|| SystemClock.now_wib().year());
    let stated = Stated {
        birth_date: args
            .birth_date
            .as_deref()
            .map(|d| parse_date(d, year))
            .transpose()
            .context("--birth-date")?,
        sex: args
            .sex
            .as_deref()
            .map(Sex::parse)
            .transpose()
            .context("--sex")?,
        region_code: None,
    };
    let mut all_valid = true;
    let mut items = Vec::with_capacity(args.niks.len());
    for input in &args.niks {
        let parsed = Nik::parse(input);
        all_valid &= parsed.is_ok();
        if args.json {
            items.push(to_json(input, &parsed, year, &stated));
        } else {
            print_text(input, &parsed, year, &stated, args.lang);
        }
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&Value::Array(items))?);
    }
    Ok(all_valid)
}

/// The NIK's birth date as `(dd/mm/yyyy, yyyy-mm-dd)`, the century taken from the stated date
/// when there is one, else from the reference year.
fn birth_date(nik: Nik, year: i32, stated: &Stated) -> (String, String) {
    let d = match stated.birth_date {
        Some(d) => nik.birth_date_near(d),
        None => nik.birth_date(year),
    };
    (format_id(d), format_iso(d))
}

fn to_json(
    input: &str,
    parsed: &Result<Nik, sinergi_domain::nik::NikError>,
    year: i32,
    stated: &Stated,
) -> Value {
    match parsed {
        Ok(nik) => {
            let date = birth_date(*nik, year, stated);
            let discrepancies: Vec<Value> = nik
                .check_against(stated)
                .iter()
                .map(|d| {
                    json!({
                        "key": d.key(),
                        "informative": d.is_informative(),
                        "message_id": d.message_id(),
                        "message_en": d.message_en(),
                    })
                })
                .collect();
            json!({
                "input": input,
                "valid": true,
                "nik": nik.to_string(),
                "region_code": nik.region_code().to_string(),
                "code_list": CODE_LIST_VERSION,
                "province": nik.province_name(),
                "kabupaten_kota": nik.kabupaten_kota_name(),
                "kecamatan": nik.kecamatan_name(),
                "birth_date": date.0,
                "birth_date_iso": date.1,
                "sex": nik.sex().code(),
                "serial": format!("{:04}", nik.serial()),
                "region_status": region_status_json(*nik),
                "discrepancies": discrepancies,
            })
        }
        Err(e) => json!({
            "input": input,
            "valid": false,
            "error": {
                "key": e.key(),
                "officer_may_accept": e.is_region_warning(),
                "message_id": e.message_id(),
                "message_en": e.message_en(),
            },
        }),
    }
}

fn print_text(
    input: &str,
    parsed: &Result<Nik, sinergi_domain::nik::NikError>,
    year: i32,
    stated: &Stated,
    lang: Lang,
) {
    let en = lang == Lang::En;
    match parsed {
        Ok(nik) => {
            let date = birth_date(*nik, year, stated);
            outln!("{nik}  {}", if en { "valid" } else { "sah" });
            let (l_region, l_date, l_sex, l_serial) = if en {
                ("Region of issue", "Birth date", "Sex", "Serial")
            } else {
                (
                    "Wilayah terbit",
                    "Tanggal lahir",
                    "Jenis kelamin",
                    "Nomor urut",
                )
            };
            outln!(
                "  {l_region:<15}: {}, {}, {} ({})",
                nik.kecamatan_name(),
                nik.kabupaten_kota_name(),
                nik.province_name(),
                nik.region_code()
            );
            if let Some(line) = region_status_line(*nik, en) {
                outln!("  i {line}");
            }
            outln!("  {l_date:<15}: {}", date.0);
            let sex = if en {
                nik.sex().name_en()
            } else {
                nik.sex().name_id()
            };
            outln!("  {l_sex:<15}: {sex}");
            outln!("  {l_serial:<15}: {:04}", nik.serial());
            for d in nik.check_against(stated) {
                let text = if en { d.message_en() } else { d.message_id() };
                outln!("  ! {text}");
            }
        }
        Err(e) => {
            let text = if en { e.message_en() } else { e.message_id() };
            let word = if en { "INVALID" } else { "TIDAK SAH" };
            outln!("{}  {word}: {text}", input.trim());
            if e.is_region_warning() {
                outln!(
                    "  ! {}",
                    if en {
                        "warning only: the region code is in no code list; an officer who checked the KTP may accept it"
                    } else {
                        "hanya peringatan: kode wilayah tidak ada di daftar mana pun; petugas yang sudah memeriksa KTP dapat menerimanya"
                    }
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_valid_and_invalid() {
        let stated = Stated::default();
        let ok = to_json(
            "3507045403950001",
            &Nik::parse("3507045403950001"),
            2026,
            &stated,
        );
        assert_eq!(ok["valid"], true);
        assert_eq!(ok["kecamatan"], "Sumbermanjing Wetan");
        assert_eq!(ok["birth_date"], "14/03/1995");
        assert_eq!(ok["sex"], "P");
        assert_eq!(ok["serial"], "0001");
        let bad = to_json("123", &Nik::parse("123"), 2026, &stated);
        assert_eq!(bad["valid"], false);
        assert_eq!(bad["error"]["key"], "nik_wrong_length");
    }

    #[test]
    fn run_reports_validity() {
        let args = |niks: &[&str]| NikArgs {
            niks: niks.iter().map(|s| s.to_string()).collect(),
            json: true,
            lang: Lang::Id,
            reference_year: Some(2026),
            birth_date: Some("14/03/1995".into()),
            sex: Some("P".into()),
        };
        assert!(run(&args(&["3507045403950001"])).unwrap());
        assert!(!run(&args(&["3507045403950001", "3507040000000000"])).unwrap());
    }

    #[test]
    fn a_historical_region_code_says_what_it_became() {
        let nik = Nik::parse("9101014101900001").expect("valid");
        let v = region_status_json(nik);
        assert_eq!(v["status"], "historical");
        assert_eq!(v["code"], "91.01.01");
        assert!(v["became"].as_str().is_some_and(|b| b.starts_with("93.01")));
        let line = region_status_line(nik, false).expect("line");
        assert!(
            line.contains("Papua Selatan") && line.contains("sekarang"),
            "{line}"
        );
        let tarakan = Nik::parse("6473011201850003").expect("valid");
        let en = region_status_line(tarakan, true).expect("line");
        assert!(
            en.contains("Kota Tarakan, Kalimantan Utara (65.71)") && en.contains("unsure"),
            "{en}"
        );
        assert!(region_status_line(Nik::parse("3507045403950001").expect("ok"), true).is_none());
    }
}
