//! What an official letter needs besides its body: the letterhead (the issuing office under its
//! parent bodies, by the names in force on the letter's date), the place it is issued at (the
//! office's kabupaten/kota), and a number from the office's series of the year.

use crate::{App, AppError};
use sinergi_domain::region::{RegionCode, RegionLevel};
use time::Date;

/// The series a letter belongs to, and the mark it carries in its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    /// Notice that a passport application is deferred.
    DeferralNotice,
    /// Letter referring an applicant to another agency.
    ApplicantReferral,
}

impl LetterKind {
    fn code(self) -> &'static str {
        match self {
            LetterKind::DeferralNotice => "deferral_notice",
            LetterKind::ApplicantReferral => "applicant_referral",
        }
    }

    /// The series mark in the number (Sinergi's own; an office may ask for its official one).
    fn mark(self) -> &'static str {
        match self {
            LetterKind::DeferralNotice => "PNDA-PSP",
            LetterKind::ApplicantReferral => "RJK-PMI",
        }
    }
}

/// The head and place of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// From the ministry down to the issuing office, in capitals.
    pub lines: Vec<String>,
    /// The town the letter is issued at (`Malang`), empty when the office has no region.
    pub place: String,
}

/// Roman month numbers, as Indonesian letter numbers write them.
const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

impl App {
    /// The letterhead of `office` on `day`: its parents' names and its own, in force that day.
    pub async fn letterhead(&self, office: &str, day: Date) -> Result<Letterhead, AppError> {
        let mut lines = Vec::new();
        let mut code = Some(office.to_string());
        let mut region = None;
        // Parents are few (ministry, regional office); a cycle in bad data stops at five.
        while let Some(c) = code.take().filter(|_| lines.len() < 5) {
            let Ok(a) = self.store.agency(&c).await else {
                break;
            };
            if region.is_none() {
                region = a.region_code.clone();
            }
            lines.push(a.name_on(day).to_uppercase());
            code = a.parent_on(day).map(str::to_string);
        }
        lines.reverse();
        let place = region
            .as_deref()
            .and_then(|r| RegionCode::parse(r).ok())
            .and_then(|r| r.truncate(RegionLevel::KabupatenKota))
            .and_then(|r| r.region())
            .map(|r| town(r.name()))
            .unwrap_or_default();
        Ok(Letterhead { lines, place })
    }

    /// The number of the letter of `kind` about `subject_id`, issued by the actor's office:
    /// `0007/PNDA-PSP/XII/2026`. The same subject keeps its number.
    pub async fn letter_number(
        &self,
        office: &str,
        kind: LetterKind,
        subject_id: &str,
        day: Date,
    ) -> Result<String, AppError> {
        let seq = self
            .store
            .letter_number(
                office,
                day.year(),
                kind.code(),
                subject_id,
                sinergi_domain::clock::to_millis(self.clock.now()),
            )
            .await?;
        let month = ROMAN[usize::from(u8::from(day.month())) - 1];
        Ok(format!("{seq:04}/{}/{month}/{}", kind.mark(), day.year()))
    }
}

/// `KOTA MALANG` → `Malang`, `KABUPATEN MALANG` → `Malang`, `KOTA BATU` → `Batu`.
fn town(region_name: &str) -> String {
    let name = region_name
        .trim_start_matches("KABUPATEN ")
        .trim_start_matches("KOTA ")
        .trim_start_matches("Kabupaten ")
        .trim_start_matches("Kota ");
    name.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn towns_read_as_written_in_letters() {
        assert_eq!(town("KOTA MALANG"), "Malang");
        assert_eq!(town("KABUPATEN MALANG"), "Malang");
        assert_eq!(town("Kota Batu"), "Batu");
    }
}
