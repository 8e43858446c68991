//! Organisations (agencies and offices) whose names and parents change over time.
//!
//! In October 2024 Kemenkumham was split and Immigration moved to its own ministry; BP2MI became
//! KP2MI. So an agency is a stable `code` with a history of dated names and parents, never a
//! constant name. [`Agency::name_on`] answers "what was it called then?".

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// What kind of body an agency is. Drives which roles its users may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// Immigration: Kantor Imigrasi, Kanwil Ditjen Imigrasi.
    Imigrasi,
    /// Regional office of the Ministry of Law (Kanwil Kemenkum), the coordinator.
    Kanwil,
    /// Local government (Pemkab / Pemkot).
    Pemda,
    /// Manpower office (Dinas Tenaga Kerja) of a regency or city.
    Disnaker,
    /// Village or urban-village government (desa / kelurahan).
    Desa,
    /// Police (Polres, Polresta, Polda).
    Polri,
    /// Prosecutor's office (Kejaksaan Negeri).
    Kejaksaan,
    /// Court (Pengadilan Negeri, Pengadilan Tinggi).
    Pengadilan,
    /// Other state body with a protection or service mandate (LPSK, Kemenag offices).
    Lembaga,
    /// Migrant-worker protection office (BP3MI, under KP2MI).
    Bp3mi,
    /// International Organization for Migration.
    Iom,
    /// Non-governmental organisation or shelter.
    Ngo,
}

impl AgencyKind {
    /// Every kind, in display order.
    pub const ALL: [AgencyKind; 12] = [
        AgencyKind::Imigrasi,
        AgencyKind::Kanwil,
        AgencyKind::Pemda,
        AgencyKind::Disnaker,
        AgencyKind::Desa,
        AgencyKind::Polri,
        AgencyKind::Kejaksaan,
        AgencyKind::Pengadilan,
        AgencyKind::Lembaga,
        AgencyKind::Bp3mi,
        AgencyKind::Iom,
        AgencyKind::Ngo,
    ];

    /// The stable code used in storage, configuration and the API.
    pub fn code(self) -> &'static str {
        match self {
            AgencyKind::Imigrasi => "imigrasi",
            AgencyKind::Kanwil => "kanwil",
            AgencyKind::Pemda => "pemda",
            AgencyKind::Disnaker => "disnaker",
            AgencyKind::Desa => "desa",
            AgencyKind::Polri => "polri",
            AgencyKind::Kejaksaan => "kejaksaan",
            AgencyKind::Pengadilan => "pengadilan",
            AgencyKind::Lembaga => "lembaga",
            AgencyKind::Bp3mi => "bp3mi",
            AgencyKind::Iom => "iom",
            AgencyKind::Ngo => "ngo",
        }
    }
}

impl fmt::Display for AgencyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text that is not a known code of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{value}`; expected one of: {expected}")]
pub struct UnknownCode {
    /// What was being parsed, e.g. "agency kind".
    pub what: &'static str,
    /// The text given.
    pub value: String,
    /// The accepted codes, comma-separated.
    pub expected: String,
}

impl FromStr for AgencyKind {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        AgencyKind::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .ok_or_else(|| UnknownCode {
                what: "agency kind",
                value: s,
                expected: AgencyKind::ALL.map(|k| k.code()).join(", "),
            })
    }
}

/// One period of an agency's name and parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyName {
    /// Official name during the period.
    pub name: String,
    /// Code of the parent agency or ministry during the period, if any.
    pub parent_code: Option<String>,
    /// First day the name is in force.
    pub valid_from: Date,
    /// Last day the name is in force; `None` while it still is.
    pub valid_to: Option<Date>,
}

impl AgencyName {
    /// Whether this name is in force on `day`.
    pub fn in_force_on(&self, day: Date) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }
}

/// An agency or office taking part in Sinergi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Stable code, e.g. `kanim-malang`. Never changes when the name does.
    pub code: String,
    /// Kind of body.
    pub kind: AgencyKind,
    /// Kemendagri code of the area it serves (e.g. `35.07`), if local.
    pub region_code: Option<String>,
    /// Name history, any order.
    pub names: Vec<AgencyName>,
}

/// Why an agency record is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgencyError {
    /// The code is empty or has characters other than a-z, 0-9 and `-`.
    #[error("agency code `{0}` must be lower-case letters, digits and dashes")]
    BadCode(String),
    /// No name period is given.
    #[error("agency `{0}` has no name")]
    NoName(String),
    /// A period ends before it starts.
    #[error("agency `{code}`: name `{name}` ends before it starts")]
    EndsBeforeStart {
        /// Agency code.
        code: String,
        /// The offending name.
        name: String,
    },
    /// A village government without a desa/kelurahan region code (10 digits, `35.07.04.2007`).
    #[error("agency `{0}` is a village: its region code must be the desa/kelurahan code")]
    VillageCode(String),
    /// Two name periods overlap.
    #[error("agency `{code}`: names `{a}` and `{b}` overlap in time")]
    Overlap {
        /// Agency code.
        code: String,
        /// First name.
        a: String,
        /// Second name.
        b: String,
    },
}

impl Agency {
    /// Checks the code and the name history (non-empty, no period ends before it starts, no overlap).
    pub fn validate(&self) -> Result<(), AgencyError> {
        let code_ok = !self.code.is_empty()
            && self
                .code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !code_ok {
            return Err(AgencyError::BadCode(self.code.clone()));
        }
        if self.names.is_empty() {
            return Err(AgencyError::NoName(self.code.clone()));
        }
        if self.kind == AgencyKind::Desa
            && !self.region_code.as_deref().is_some_and(|r| {
                crate::region::RegionCode::parse(r)
                    .is_ok_and(|c| c.level() == crate::region::RegionLevel::DesaKelurahan)
            })
        {
            return Err(AgencyError::VillageCode(self.code.clone()));
        }
        let mut sorted: Vec<&AgencyName> = self.names.iter().collect();
        sorted.sort_by_key(|n| n.valid_from);
        for n in &sorted {
            if n.valid_to.is_some_and(|to| to < n.valid_from) {
                return Err(AgencyError::EndsBeforeStart {
                    code: self.code.clone(),
                    name: n.name.clone(),
                });
            }
        }
        for w in sorted.windows(2) {
            let open_or_late = w[0].valid_to.is_none_or(|to| to >= w[1].valid_from);
            if open_or_late {
                return Err(AgencyError::Overlap {
                    code: self.code.clone(),
                    a: w[0].name.clone(),
                    b: w[1].name.clone(),
                });
            }
        }
        Ok(())
    }

    /// The name period in force on `day`, if the agency existed then.
    pub fn period_on(&self, day: Date) -> Option<&AgencyName> {
        self.names.iter().find(|n| n.in_force_on(day))
    }

    /// The name in force on `day`; before the first period, the earliest name; after the last, the latest.
    pub fn name_on(&self, day: Date) -> &str {
        if let Some(p) = self.period_on(day) {
            return &p.name;
        }
        let earliest = self.names.iter().min_by_key(|n| n.valid_from);
        let latest = self.names.iter().max_by_key(|n| n.valid_from);
        match (earliest, latest) {
            (Some(e), _) if day < e.valid_from => &e.name,
            (_, Some(l)) => &l.name,
            _ => &self.code,
        }
    }

    /// The parent code in force on `day`.
    pub fn parent_on(&self, day: Date) -> Option<&str> {
        self.period_on(day).and_then(|p| p.parent_code.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn kanim() -> Agency {
        Agency {
            code: "kanim-malang".into(),
            kind: AgencyKind::Imigrasi,
            region_code: Some("35.73".into()),
            names: vec![
                AgencyName {
                    name: "Kantor Imigrasi Kelas I TPI Malang (Kemenkumham)".into(),
                    parent_code: Some("kemenkumham".into()),
                    valid_from: date!(2010 - 01 - 01),
                    valid_to: Some(date!(2024 - 10 - 20)),
                },
                AgencyName {
                    name: "Kantor Imigrasi Kelas I TPI Malang".into(),
                    parent_code: Some("kemenimipas".into()),
                    valid_from: date!(2024 - 10 - 21),
                    valid_to: None,
                },
            ],
        }
    }

    #[test]
    fn history_shows_the_name_in_force_at_the_time() {
        let a = kanim();
        assert!(a.validate().is_ok());
        assert_eq!(
            a.name_on(date!(2023 - 06 - 21)),
            "Kantor Imigrasi Kelas I TPI Malang (Kemenkumham)"
        );
        assert_eq!(a.parent_on(date!(2023 - 06 - 21)), Some("kemenkumham"));
        assert_eq!(a.parent_on(date!(2026 - 01 - 01)), Some("kemenimipas"));
        assert_eq!(
            a.name_on(date!(2026 - 01 - 01)),
            "Kantor Imigrasi Kelas I TPI Malang"
        );
        assert_eq!(
            a.name_on(date!(2000 - 01 - 01)),
            "Kantor Imigrasi Kelas I TPI Malang (Kemenkumham)"
        );
    }

    #[test]
    fn overlapping_periods_are_rejected() {
        let mut a = kanim();
        a.names[0].valid_to = Some(date!(2024 - 12 - 31));
        assert!(matches!(a.validate(), Err(AgencyError::Overlap { .. })));
        a.names[0].valid_to = None;
        assert!(matches!(a.validate(), Err(AgencyError::Overlap { .. })));
    }

    #[test]
    fn bad_codes_are_rejected() {
        let mut a = kanim();
        a.code = "Kanim Malang".into();
        assert!(matches!(a.validate(), Err(AgencyError::BadCode(_))));
        a.code = "kanim-malang".into();
        a.names.clear();
        assert!(matches!(a.validate(), Err(AgencyError::NoName(_))));
    }

    #[test]
    fn agency_kinds_parse_from_their_codes() {
        for k in AgencyKind::ALL {
            assert_eq!(k.code().parse::<AgencyKind>(), Ok(k));
        }
        let err = "kemenkumham".parse::<AgencyKind>().unwrap_err();
        assert!(err.to_string().contains("imigrasi"));
    }

    #[test]
    fn a_village_carries_its_village_code() {
        let mut v = Agency {
            code: "desa-x".into(),
            kind: AgencyKind::Desa,
            region_code: Some("35.07.04".into()),
            names: vec![AgencyName {
                name: "Desa X".into(),
                parent_code: None,
                valid_from: time::macros::date!(2000 - 01 - 01),
                valid_to: None,
            }],
        };
        assert_eq!(v.validate(), Err(AgencyError::VillageCode("desa-x".into())));
        v.region_code = Some("35.07.04.2007".into());
        assert_eq!(v.validate(), Ok(()));
    }
}
