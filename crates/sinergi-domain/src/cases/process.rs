//! The criminal process as data (`data/legal/process.toml`): which stage may follow which, the
//! side steps (praperadilan, restitution, PK), the statutory deadlines (SPDP 7 days, P-18,
//! P-19, returning the file) and the KUHAP transition rule that gives each suspect a regime by
//! the stage their proceeding had reached on 2 January 2026.

use super::legal::{LegalError, Regime, Stage, Transition};
use serde::Deserialize;
use std::sync::OnceLock;
use time::{Date, Duration, Month};

const TOML: &str = include_str!("../../../../data/legal/process.toml");

#[derive(Deserialize)]
struct DeadlineRow {
    code: String,
    regime: String,
    after: String,
    expect: Vec<String>,
    days: i64,
    who: String,
    source: String,
    #[serde(default)]
    unsure: bool,
}

fn stage(s: &str) -> Result<Stage, String> {
    s.parse().map_err(|_| format!("unknown stage `{s}`"))
}

fn stages(v: &[String]) -> Result<Vec<Stage>, String> {
    v.iter().map(|s| stage(s)).collect()
}

fn regime(s: &str) -> Result<Regime, String> {
    s.parse().map_err(|_| format!("unknown regime `{s}`"))
}

/// One statutory deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Stable code (for translation), e.g. `deadline_spdp`.
    pub code: String,
    /// The regime it belongs to.
    pub regime: Regime,
    /// The stage that starts the clock.
    pub after: Stage,
    /// The stages that stop it.
    pub expect: Vec<Stage>,
    /// Calendar days allowed.
    pub days: i64,
    /// Who must act (`penyidik`, `penuntut umum`).
    pub who: String,
    /// Legal basis.
    pub source: String,
    /// Not confirmed in a source.
    pub unsure: bool,
}

#[derive(Deserialize)]
struct StageRow {
    code: String,
    next: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

#[derive(Deserialize)]
struct SideRaw {
    code: String,
    during: Vec<String>,
    #[serde(default)]
    after_conviction_only: bool,
}

struct SideRow {
    code: Stage,
    during: Vec<Stage>,
    after_conviction_only: bool,
}

#[derive(Deserialize)]
struct PhaseRow {
    reached: String,
    stages: Vec<String>,
    regime: String,
}

/// The KUHAP transition rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRule {
    /// The day UU 20/2025 took effect.
    pub effective: Date,
    /// Legal basis.
    pub source: String,
    /// Not confirmed in a source.
    pub unsure: bool,
    phases: Vec<(String, Vec<Stage>, Regime)>,
}

#[derive(Deserialize)]
struct TransitionRow {
    effective: toml::value::Datetime,
    source: String,
    #[serde(default)]
    unsure: bool,
    phase: Vec<PhaseRow>,
}

#[derive(Deserialize)]
struct File {
    stage: Vec<StageRow>,
    side: Vec<SideRaw>,
    deadline: Vec<DeadlineRow>,
    transition: TransitionRow,
}

/// The parsed process table.
pub struct Process {
    next: Vec<(Stage, Vec<Stage>)>,
    side: Vec<SideRow>,
    /// Deadlines of both regimes.
    pub deadlines: Vec<Deadline>,
    /// The KUHAP transition rule.
    pub transition: TransitionRule,
}

fn parse(text: &str) -> Result<Process, String> {
    let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
    let d = f
        .transition
        .effective
        .date
        .ok_or("transition.effective is no date")?;
    let month = Month::try_from(d.month).map_err(|e| e.to_string())?;
    let effective =
        Date::from_calendar_date(i32::from(d.year), month, d.day).map_err(|e| e.to_string())?;
    let mut next = Vec::new();
    for s in f.stage {
        next.push((stage(&s.code)?, stages(&s.next)?));
    }
    let mut side = Vec::new();
    for s in f.side {
        side.push(SideRow {
            code: stage(&s.code)?,
            during: stages(&s.during)?,
            after_conviction_only: s.after_conviction_only,
        });
    }
    let mut deadlines = Vec::new();
    for d in f.deadline {
        deadlines.push(Deadline {
            code: d.code,
            regime: regime(&d.regime)?,
            after: stage(&d.after)?,
            expect: stages(&d.expect)?,
            days: d.days,
            who: d.who,
            source: d.source,
            unsure: d.unsure,
        });
    }
    let mut phases = Vec::new();
    for p in f.transition.phase {
        phases.push((p.reached, stages(&p.stages)?, regime(&p.regime)?));
    }
    Ok(Process {
        next,
        side,
        deadlines,
        transition: TransitionRule {
            effective,
            source: f.transition.source,
            unsure: f.transition.unsure,
            phases,
        },
    })
}

/// The process table shipped with Sinergi (an empty one if it does not parse; a test holds that
/// it does).
pub fn table() -> &'static Process {
    static P: OnceLock<Process> = OnceLock::new();
    P.get_or_init(|| {
        parse(TOML).unwrap_or_else(|_| Process {
            next: Vec::new(),
            side: Vec::new(),
            deadlines: Vec::new(),
            transition: TransitionRule {
                effective: super::legal::KUHAP_2025_FROM,
                source: String::new(),
                unsure: true,
                phases: Vec::new(),
            },
        })
    })
}

/// The main stages that may follow `s`.
pub fn next(s: Stage) -> &'static [Stage] {
    table()
        .next
        .iter()
        .find(|(from, _)| *from == s)
        .map(|(_, n)| n.as_slice())
        .unwrap_or(&[])
}

fn main_stages(history: &[Transition]) -> impl DoubleEndedIterator<Item = &Transition> {
    history.iter().filter(|t| !t.to.is_side())
}

/// Whether the history ends in a conviction (the last verdict-like step is not an acquittal).
pub fn convicted(history: &[Transition]) -> bool {
    main_stages(history)
        .rev()
        .find(|t| {
            matches!(
                t.to,
                Stage::Putusan | Stage::Banding | Stage::Kasasi | Stage::Acquitted
            )
        })
        .is_some_and(|t| t.to != Stage::Acquitted)
}

/// Checks a side step against the history (the current main stage must allow it).
pub fn check_side(history: &[Transition], t: &Transition) -> Result<(), LegalError> {
    let current = main_stages(history).next_back();
    let Some(row) = table().side.iter().find(|s| s.code == t.to) else {
        return Err(LegalError::SideNotAllowed { side: t.to });
    };
    let allowed = current.is_some_and(|c| row.during.contains(&c.to))
        && (!row.after_conviction_only || convicted(history));
    if !allowed {
        return Err(LegalError::SideNotAllowed { side: t.to });
    }
    if history.last().is_some_and(|p| t.on < p.on) {
        return Err(LegalError::DateBeforePrevious);
    }
    Ok(())
}

/// The regime a suspect's proceeding runs under: decided by the stage it had reached on the day
/// UU 20/2025 took effect (the last main step dated before that day). No step before it: the
/// new KUHAP. Also returns the phase name (`inquiry`, `investigation`, `prosecution`, `trial`).
pub fn regime_for(history: &[Transition]) -> (Regime, Option<&'static str>) {
    let rule = &table().transition;
    let reached = main_stages(history)
        .filter(|t| t.on < rule.effective)
        .next_back();
    match reached {
        None => (Regime::Kuhap2025, None),
        Some(t) => rule
            .phases
            .iter()
            .find(|(_, stages, _)| stages.contains(&t.to))
            .map(|(name, _, r)| (*r, Some(name.as_str())))
            .unwrap_or((Regime::Kuhap1981, None)),
    }
}

/// A deadline running for a suspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineFlag {
    /// The rule.
    pub rule: &'static Deadline,
    /// The day the clock started.
    pub since: Date,
    /// The last day to act.
    pub due: Date,
    /// Whether `today` is past the due day.
    pub overdue: bool,
}

/// The deadlines running for a suspect on `today` under `regime`: those started by the current
/// main stage and not yet met.
pub fn deadlines(history: &[Transition], regime: Regime, today: Date) -> Vec<DeadlineFlag> {
    let Some(current) = main_stages(history).next_back() else {
        return Vec::new();
    };
    table()
        .deadlines
        .iter()
        .filter(|d| d.regime == regime && d.after == current.to)
        .map(|d| {
            let due = current.on.saturating_add(Duration::days(d.days));
            DeadlineFlag {
                rule: d,
                since: current.on,
                due,
                overdue: today > due,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::legal::check;
    use time::macros::date;

    fn t(to: Stage, on: Date) -> Transition {
        Transition {
            to,
            on,
            document_no: "B/1/2026".into(),
            office: "Polres Malang".into(),
        }
    }

    fn run(steps: &[(Stage, Date)]) -> Result<Vec<Transition>, LegalError> {
        let mut h = Vec::new();
        for (s, d) in steps {
            let tr = t(*s, *d);
            check(&h, &tr)?;
            h.push(tr);
        }
        Ok(h)
    }

    #[test]
    fn the_table_parses_and_covers_every_main_stage() {
        parse(TOML).expect("process.toml parses");
        for s in Stage::ALL.iter().filter(|s| !s.is_side()) {
            assert!(table().next.iter().any(|(f, _)| f == s), "{s} has no row");
        }
        assert!(table().deadlines.iter().all(|d| !d.source.is_empty()));
    }

    #[test]
    fn a_conviction_goes_to_banding_before_kasasi_an_acquittal_may_go_straight() {
        let d = date!(2026 - 05 - 01);
        let to_verdict = [
            (Stage::LaporanPolisi, d),
            (Stage::Penyidikan, d),
            (Stage::Spdp, d),
            (Stage::P16, d),
            (Stage::TahapI, d),
            (Stage::P21, d),
            (Stage::P21A, d),
            (Stage::TahapII, d),
            (Stage::Dakwaan, d),
            (Stage::Tuntutan, d),
        ];
        let mut convicted = to_verdict.to_vec();
        convicted.push((Stage::Putusan, d));
        let h = run(&convicted).expect("valid");
        assert_eq!(
            check(&h, &t(Stage::Kasasi, d)),
            Err(LegalError::InvalidTransition {
                from: Stage::Putusan,
                to: Stage::Kasasi
            })
        );
        assert!(check(&h, &t(Stage::Banding, d)).is_ok());
        let mut acquitted = to_verdict.to_vec();
        acquitted.push((Stage::Acquitted, d));
        let h = run(&acquitted).expect("valid");
        assert!(check(&h, &t(Stage::Kasasi, d)).is_ok());
    }

    #[test]
    fn side_steps_do_not_move_the_main_stage() {
        let d = date!(2026 - 05 - 01);
        let h = run(&[
            (Stage::LaporanPolisi, d),
            (Stage::Penyidikan, d),
            (Stage::Praperadilan, d),
            (Stage::Restitusi, d),
            (Stage::Spdp, d),
        ])
        .expect("side steps between main steps");
        assert_eq!(h.len(), 5);
        assert!(check(&[], &t(Stage::Praperadilan, d)).is_err());
        let h = run(&[
            (Stage::LaporanPolisi, d),
            (Stage::Penyidikan, d),
            (Stage::Spdp, d),
            (Stage::TahapI, d),
            (Stage::P21, d),
            (Stage::TahapII, d),
            (Stage::Dakwaan, d),
        ])
        .expect("ok");
        assert_eq!(
            check(&h, &t(Stage::Praperadilan, d)),
            Err(LegalError::SideNotAllowed {
                side: Stage::Praperadilan
            }),
            "pretrial review falls once trial begins"
        );
        let mut acq = h.clone();
        for s in [Stage::Tuntutan, Stage::Acquitted, Stage::Inkracht] {
            let tr = t(s, d);
            check(&acq, &tr).expect("ok");
            acq.push(tr);
        }
        assert!(
            check(&acq, &t(Stage::Pk, d)).is_err(),
            "no PK after an acquittal"
        );
        let mut conv = h;
        for s in [
            Stage::Tuntutan,
            Stage::Putusan,
            Stage::Inkracht,
            Stage::Eksekusi,
        ] {
            let tr = t(s, d);
            check(&conv, &tr).expect("ok");
            conv.push(tr);
        }
        assert!(check(&conv, &t(Stage::Pk, d)).is_ok());
        assert!(check(&conv, &t(Stage::Restitusi, d)).is_ok());
    }

    #[test]
    fn deadlines_spdp_p18_p19_and_returning_the_file() {
        let start = date!(2026 - 03 - 02);
        let h = run(&[(Stage::LaporanPolisi, start), (Stage::Penyidikan, start)]).expect("ok");
        let f = deadlines(&h, Regime::Kuhap1981, date!(2026 - 03 - 10));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule.code, "deadline_spdp");
        assert_eq!(f[0].due, date!(2026 - 03 - 09));
        assert!(f[0].overdue);
        assert!(f[0].rule.source.contains("130/PUU-XIII/2015"));
        let h = run(&[
            (Stage::LaporanPolisi, start),
            (Stage::Penyidikan, start),
            (Stage::Spdp, start),
            (Stage::TahapI, start),
        ])
        .expect("ok");
        let codes: Vec<&str> = deadlines(&h, Regime::Kuhap1981, start)
            .iter()
            .map(|d| d.rule.code.as_str())
            .collect();
        assert_eq!(
            codes,
            ["deadline_prosecutor_notice", "deadline_prosecutor_return"]
        );
        let h = run(&[
            (Stage::LaporanPolisi, start),
            (Stage::Penyidikan, start),
            (Stage::Spdp, start),
            (Stage::TahapI, start),
            (Stage::P19, date!(2026 - 03 - 05)),
        ])
        .expect("ok");
        let f = deadlines(&h, Regime::Kuhap1981, date!(2026 - 03 - 19));
        assert_eq!(f[0].rule.code, "deadline_investigator_return");
        assert!(!f[0].overdue, "due on the 14th day");
        assert!(deadlines(&h, Regime::Kuhap1981, date!(2026 - 03 - 20))[0].overdue);
        assert!(deadlines(&h, Regime::Kuhap2025, start)[0].rule.unsure);
    }

    #[test]
    fn one_case_holds_suspects_under_both_regimes() {
        let old = run(&[
            (Stage::LaporanPolisi, date!(2025 - 11 - 01)),
            (Stage::Penyidikan, date!(2025 - 11 - 10)),
            (Stage::Spdp, date!(2025 - 11 - 12)),
            (Stage::TahapI, date!(2026 - 02 - 01)),
        ])
        .expect("ok");
        let new = run(&[
            (Stage::LaporanPolisi, date!(2025 - 11 - 01)),
            (Stage::Penyidikan, date!(2026 - 02 - 03)),
        ])
        .expect("ok");
        let late = run(&[(Stage::LaporanPolisi, date!(2026 - 02 - 01))]).expect("ok");
        assert_eq!(regime_for(&old), (Regime::Kuhap1981, Some("investigation")));
        assert_eq!(regime_for(&late), (Regime::Kuhap2025, None));
        // A report before 2026 alone: the inquiry phase (data says the old KUHAP, unsure).
        assert_eq!(regime_for(&new), (Regime::Kuhap1981, Some("inquiry")));
        assert_eq!(regime_for(&[]).0, Regime::Kuhap2025);
        assert!(table().transition.unsure);
    }
}
