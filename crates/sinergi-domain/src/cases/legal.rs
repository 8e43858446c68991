//! The legal process per suspect: a state machine with dated transitions, each carrying the
//! document number and the issuing office (domain notes A4.4, A4.5).

use super::coded_enum;
use time::{Date, Month};

coded_enum!(
    /// The procedural regime a case runs under.
    Regime, "procedural regime", {
        /// KUHAP 1981 (UU 8/1981): cases begun before 2 January 2026.
        Kuhap1981 => "kuhap_1981",
        /// KUHAP 2025 (UU 20/2025): cases begun on or after 2 January 2026.
        Kuhap2025 => "kuhap_2025",
    }
);

/// The day KUHAP 2025 and the new KUHP took effect.
pub const KUHAP_2025_FROM: Date = match Date::from_calendar_date(2026, Month::January, 2) {
    Ok(d) => d,
    Err(_) => Date::MIN,
};

impl Regime {
    /// The regime of a case begun on `start` (non-retroactivity).
    pub fn for_start(start: Date) -> Regime {
        if start < KUHAP_2025_FROM {
            Regime::Kuhap1981
        } else {
            Regime::Kuhap2025
        }
    }
}

coded_enum!(
    /// Who investigates.
    Investigator, "investigating agency", {
        /// Polri (Polres / Polda / Bareskrim).
        Polri => "polri",
        /// PPNS Keimigrasian (UU 6/2011 Pasal 105-111).
        PpnsImigrasi => "ppns_imigrasi",
        /// PPNS of the labour / migrant-protection ministry.
        PpnsKetenagakerjaan => "ppns_ketenagakerjaan",
    }
);

coded_enum!(
    /// A stage of the criminal process for one suspect.
    Stage, "legal stage", {
        /// Laporan Polisi registered.
        LaporanPolisi => "laporan_polisi",
        /// Penyelidikan (inquiry).
        Penyelidikan => "penyelidikan",
        /// Penyidikan (investigation), suspect designated.
        Penyidikan => "penyidikan",
        /// SPDP sent to the prosecutor.
        Spdp => "spdp",
        /// P-16: prosecutor named to follow the investigation.
        P16 => "p16",
        /// Tahap I: case file handed to the prosecutor.
        TahapI => "tahap_1",
        /// P-18: file incomplete.
        P18 => "p18",
        /// P-19: file returned with instructions.
        P19 => "p19",
        /// P-20: the investigator's time to return the file has run out.
        P20 => "p20",
        /// P-21: file complete.
        P21 => "p21",
        /// P-21A: follow-up notice that the file is complete.
        P21A => "p21a",
        /// P-22: request to hand over suspect and evidence.
        P22 => "p22",
        /// Tahap II: suspect and evidence handed over.
        TahapII => "tahap_2",
        /// Indictment (dakwaan) read in court.
        Dakwaan => "dakwaan",
        /// Prosecutor's sentencing demand (tuntutan).
        Tuntutan => "tuntutan",
        /// First-instance verdict (putusan PN).
        Putusan => "putusan",
        /// Appeal (banding, PT).
        Banding => "banding",
        /// Cassation (kasasi, MA).
        Kasasi => "kasasi",
        /// Final and binding (inkracht).
        Inkracht => "inkracht",
        /// Execution of the sentence.
        Eksekusi => "eksekusi",
        /// Exit: investigation stopped (SP3 / penghentian penyelidikan).
        Sp3 => "sp3",
        /// Exit: acquitted (putusan bebas / lepas).
        Acquitted => "acquitted",
        /// Side step: pretrial review (praperadilan).
        Praperadilan => "praperadilan",
        /// Side step: restitution application for victims (through LPSK).
        Restitusi => "restitusi",
        /// Side step: extraordinary review (peninjauan kembali) of a final conviction.
        Pk => "pk",
    }
);

impl Stage {
    /// The main stages that may follow this one (`data/legal/process.toml`).
    pub fn next(self) -> &'static [Stage] {
        super::process::next(self)
    }

    /// Whether this is a side step (pretrial review, restitution, PK) that is recorded without
    /// moving the main stage.
    pub fn is_side(self) -> bool {
        matches!(self, Stage::Praperadilan | Stage::Restitusi | Stage::Pk)
    }

    /// Whether the process has ended here.
    pub fn is_final(self) -> bool {
        !self.is_side() && self.next().is_empty()
    }

    /// Position on the progress bar (0..=6): report, inquiry, investigation, file, court,
    /// verdict, execution.
    pub fn phase(self) -> u8 {
        use Stage as S;
        match self {
            S::LaporanPolisi => 0,
            S::Penyelidikan => 1,
            S::Penyidikan | S::Spdp | S::P16 | S::Sp3 | S::Praperadilan => 2,
            S::TahapI | S::P18 | S::P19 | S::P20 | S::P21 | S::P21A | S::P22 => 3,
            S::TahapII | S::Dakwaan | S::Tuntutan => 4,
            S::Putusan | S::Banding | S::Kasasi | S::Acquitted | S::Restitusi => 5,
            S::Inkracht | S::Eksekusi | S::Pk => 6,
        }
    }

    /// Days a suspect may sit in this stage before it is flagged as stalled (a working rule of
    /// the Gugus Tugas, not a statutory deadline; SPDP uses the 7-day notice practice).
    pub fn stall_days(self) -> Option<i64> {
        use Stage as S;
        match self {
            S::LaporanPolisi => Some(14),
            S::Penyelidikan => Some(60),
            S::Penyidikan => Some(60),
            S::Spdp | S::P16 => Some(30),
            S::TahapI | S::P18 | S::P19 | S::P20 => Some(30),
            S::P21 | S::P21A | S::P22 => Some(14),
            S::TahapII => Some(30),
            S::Dakwaan | S::Tuntutan => Some(90),
            S::Putusan | S::Banding | S::Kasasi => Some(180),
            S::Inkracht => Some(30),
            S::Eksekusi | S::Sp3 | S::Acquitted => None,
            S::Praperadilan | S::Restitusi | S::Pk => None,
        }
    }

    /// Whether a suspect who entered this stage on `since` is stalled on `today`.
    pub fn stalled(self, since: Date, today: Date) -> bool {
        match self.stall_days() {
            Some(days) => (today - since).whole_days() > days,
            None => false,
        }
    }
}

/// One recorded transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The stage entered.
    pub to: Stage,
    /// Date of the document.
    pub on: Date,
    /// Document number (e.g. `LP/B/123/IV/2026/SPKT/POLRES MALANG`).
    pub document_no: String,
    /// Issuing office.
    pub office: String,
}

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegalError {
    /// The stage cannot follow the current one.
    #[error("{to} cannot follow {from}")]
    InvalidTransition {
        /// Current stage.
        from: Stage,
        /// Attempted stage.
        to: Stage,
    },
    /// The process must start with a police report or an inquiry.
    #[error("the process must start with a police report or penyelidikan")]
    InvalidStart,
    /// The date is before the previous transition.
    #[error("date before the previous stage")]
    DateBeforePrevious,
    /// A side step recorded at a stage where it is not possible.
    #[error("{side} is not possible at this stage")]
    SideNotAllowed {
        /// The side step.
        side: Stage,
    },
    /// The document number is missing.
    #[error("document number required")]
    DocumentRequired,
    /// The issuing office is missing.
    #[error("issuing office required")]
    OfficeRequired,
}

/// Checks that `t` may follow the transitions already recorded (`history`, oldest first).
pub fn check(history: &[Transition], t: &Transition) -> Result<(), LegalError> {
    if t.document_no.trim().is_empty() {
        return Err(LegalError::DocumentRequired);
    }
    if t.office.trim().is_empty() {
        return Err(LegalError::OfficeRequired);
    }
    if t.to.is_side() {
        return super::process::check_side(history, t);
    }
    match history.iter().rev().find(|h| !h.to.is_side()) {
        None => {
            if matches!(t.to, Stage::LaporanPolisi | Stage::Penyelidikan) {
                Ok(())
            } else {
                Err(LegalError::InvalidStart)
            }
        }
        Some(prev) => {
            if !prev.to.next().contains(&t.to) {
                return Err(LegalError::InvalidTransition {
                    from: prev.to,
                    to: t.to,
                });
            }
            if t.on < prev.on {
                return Err(LegalError::DateBeforePrevious);
            }
            Ok(())
        }
    }
}

/// The stages an officer may record next after `current` (the main stage reached, if any):
/// the first stages of a process, or the stages that follow, then the side steps (pretrial
/// review, restitution, PK) whose own conditions [`check`] applies.
pub fn allowed_next(current: Option<Stage>) -> Vec<Stage> {
    let mut out: Vec<Stage> = match current {
        None => vec![Stage::LaporanPolisi, Stage::Penyelidikan],
        Some(s) => s.next().to_vec(),
    };
    out.extend([Stage::Praperadilan, Stage::Restitusi, Stage::Pk]);
    out
}

/// How many times the case file went back to the investigator (P-19) in `history`.
pub fn p19_rounds(history: &[Transition]) -> usize {
    history.iter().filter(|t| t.to == Stage::P19).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn t(to: Stage, on: Date) -> Transition {
        Transition {
            to,
            on,
            document_no: "B/1/2026".into(),
            office: "Polres Malang".into(),
        }
    }

    #[test]
    fn regime_switches_on_2_january_2026() {
        assert_eq!(Regime::for_start(date!(2026 - 01 - 01)), Regime::Kuhap1981);
        assert_eq!(Regime::for_start(date!(2026 - 01 - 02)), Regime::Kuhap2025);
    }

    #[test]
    fn penyelidikan_to_p21_through_a_p19_loop() {
        let mut h = Vec::new();
        let d = date!(2026 - 03 - 01);
        for s in [
            Stage::Penyelidikan,
            Stage::Penyidikan,
            Stage::Spdp,
            Stage::TahapI,
            Stage::P19,
            Stage::TahapI,
            Stage::P21,
            Stage::TahapII,
        ] {
            let tr = t(s, d);
            check(&h, &tr).unwrap();
            h.push(tr);
        }
        assert_eq!(p19_rounds(&h), 1);
    }

    #[test]
    fn typed_errors() {
        let d = date!(2026 - 03 - 01);
        assert_eq!(check(&[], &t(Stage::P21, d)), Err(LegalError::InvalidStart));
        let h = vec![t(Stage::Penyelidikan, d)];
        assert_eq!(
            check(&h, &t(Stage::P21, d)),
            Err(LegalError::InvalidTransition {
                from: Stage::Penyelidikan,
                to: Stage::P21
            })
        );
        assert_eq!(
            check(&h, &t(Stage::Penyidikan, date!(2026 - 02 - 01))),
            Err(LegalError::DateBeforePrevious)
        );
        let mut no_doc = t(Stage::Penyidikan, d);
        no_doc.document_no = " ".into();
        assert_eq!(check(&h, &no_doc), Err(LegalError::DocumentRequired));
    }

    #[test]
    fn stalls_are_flagged() {
        assert!(Stage::Penyidikan.stalled(date!(2026 - 01 - 01), date!(2026 - 03 - 15)));
        assert!(!Stage::Penyidikan.stalled(date!(2026 - 01 - 01), date!(2026 - 02 - 01)));
        assert!(!Stage::Eksekusi.stalled(date!(2020 - 01 - 01), date!(2026 - 01 - 01)));
        assert!(Stage::Sp3.is_final() && Stage::Eksekusi.is_final());
    }

    proptest! {
        #[test]
        fn no_sequence_panics(steps in proptest::collection::vec((0usize..18, 0i64..40), 0..40)) {
            let mut h: Vec<Transition> = Vec::new();
            let mut d = date!(2025 - 06 - 01);
            for (i, days) in steps {
                let i = i % Stage::ALL.len();
                d = d.checked_add(time::Duration::days(days - 5)).unwrap_or(d);
                let tr = t(Stage::ALL[i], d);
                if check(&h, &tr).is_ok() {
                    if let Some(prev) = h.last() { prop_assert!(prev.to.next().contains(&tr.to)); }
                    h.push(tr);
                }
            }
            for w in h.windows(2) { prop_assert!(w[0].on <= w[1].on); }
        }
    }
}
