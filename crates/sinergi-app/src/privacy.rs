//! Personal-data protection duties (UU 27/2022): consent per purpose and its withdrawal,
//! subject-access export, the breach register with its 3×24-hour notification clock, and the
//! retention purge that keeps only statistics.

use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use serde::{Deserialize, Serialize};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::{from_millis, to_millis};
use sinergi_store::trust::{BreachRow, ConsentRow, StatisticRow};

/// What to mark on a breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreachMark {
    /// Data subjects were notified.
    SubjectsNotified,
    /// The supervisory agency was notified.
    AgencyNotified,
    /// Handling finished.
    Closed,
}

impl BreachMark {
    fn to_store(self) -> sinergi_store::trust::BreachMark {
        match self {
            BreachMark::SubjectsNotified => sinergi_store::trust::BreachMark::SubjectsNotified,
            BreachMark::AgencyNotified => sinergi_store::trust::BreachMark::AgencyNotified,
            BreachMark::Closed => sinergi_store::trust::BreachMark::Closed,
        }
    }
}
use std::collections::BTreeMap;

/// The breach notification window: 3×24 hours (Pasal 46).
pub const BREACH_WINDOW_MS: i64 = 72 * 60 * 60 * 1000;

/// Processing purposes with their legal basis (consent or a public task).
pub const PURPOSES: &[(&str, &str)] = &[
    ("pencegahan_pmi_np", "public_task"),
    ("penegakan_hukum", "legal_obligation"),
    ("pendampingan_korban", "consent"),
    ("statistik", "public_task"),
];

/// The retention configuration shipped in `data/retention.toml`.
const RETENTION: &str = include_str!("../../../data/retention.toml");

#[derive(Debug, Deserialize)]
struct RetentionEntry {
    days: i64,
}

/// Retention period in days per record type.
pub fn retention_days() -> Result<BTreeMap<String, i64>, AppError> {
    let parsed: BTreeMap<String, RetentionEntry> =
        toml::from_str(RETENTION).map_err(|e| AppError::Internal(format!("retention: {e}")))?;
    Ok(parsed.into_iter().map(|(k, v)| (k, v.days)).collect())
}

/// Keeps only the digits of a NIK, the form its blind index is made from.
fn normalise_nik(nik: &str) -> Result<String, AppError> {
    let digits: String = nik.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 16 {
        return Err(AppError::invalid(
            "nik",
            "nik_invalid",
            "a NIK has 16 digits",
        ));
    }
    Ok(digits)
}

/// A breach with its notification clock.
#[derive(Debug, Clone, Serialize)]
pub struct BreachStatus {
    /// Id.
    pub id: String,
    /// Description.
    pub description: String,
    /// Exposed data kinds.
    pub data_kinds: String,
    /// People affected (estimate).
    pub subjects_estimate: i64,
    /// Measures taken.
    pub measures: String,
    /// Discovery instant (epoch ms).
    pub discovered_at: i64,
    /// Deadline for notification (epoch ms).
    pub deadline: i64,
    /// Milliseconds left until the deadline (negative when overdue); `None` once both notified.
    pub remaining_ms: Option<i64>,
    /// Subjects notified at.
    pub notified_subjects_at: Option<i64>,
    /// Agency notified at.
    pub notified_agency_at: Option<i64>,
    /// Closed at.
    pub closed_at: Option<i64>,
}

/// Everything held about one person, for a subject-access request.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectExport {
    /// When the export was made (epoch ms).
    pub generated_at: i64,
    /// Person records (decrypted) with their source and purpose.
    pub records: Vec<serde_json::Value>,
    /// Consents and withdrawals.
    pub consents: Vec<serde_json::Value>,
}

/// What a purge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Person records deleted.
    pub people_deleted: u64,
    /// Sessions deleted.
    pub sessions_deleted: u64,
    /// Decided passport applications deleted.
    pub applicants_deleted: u64,
    /// Tips closed without a case deleted.
    pub tips_deleted: u64,
    /// Victims, family and witnesses of closed cases whose identity was erased.
    pub identities_erased: u64,
}

impl App {
    /// Records a data subject's consent (or other legal basis) for a purpose.
    pub async fn record_consent(
        &self,
        actor: &Actor,
        nik: &str,
        purpose: &str,
    ) -> Result<(), AppError> {
        if !(actor.can(Permission::ManagePrivacy) || actor.can(Permission::RecordAssistance)) {
            return Err(AppError::Forbidden);
        }
        let basis = PURPOSES
            .iter()
            .find(|(p, _)| *p == purpose)
            .map(|(_, b)| *b)
            .ok_or_else(|| AppError::invalid("purpose", "purpose_unknown", "unknown purpose"))?;
        let idx = self.vault.index(Field::Nik, &normalise_nik(nik)?);
        let row = ConsentRow {
            id: uuid::Uuid::new_v4().to_string(),
            subject_idx: idx,
            purpose: purpose.to_string(),
            basis: basis.to_string(),
            given_at: to_millis(self.clock.now()),
            recorded_by: actor.user.id.clone(),
            withdrawn_at: None,
            withdrawn_by: None,
        };
        self.store.insert_consent(&row).await?;
        self.audit(&actor.origin(), "consent.record", &row.id, purpose)
            .await
    }

    /// Withdraws consent for a purpose; processing for that purpose stops at once
    /// ([`App::has_consent`] answers false from now on). Returns how many consents ended.
    pub async fn withdraw_consent(
        &self,
        actor: &Actor,
        nik: &str,
        purpose: &str,
    ) -> Result<u64, AppError> {
        if !(actor.can(Permission::ManagePrivacy) || actor.can(Permission::RecordAssistance)) {
            return Err(AppError::Forbidden);
        }
        let idx = self.vault.index(Field::Nik, &normalise_nik(nik)?);
        let n = self
            .store
            .withdraw_consent(&idx, purpose, &actor.user.id, to_millis(self.clock.now()))
            .await?;
        self.audit(
            &actor.origin(),
            "consent.withdraw",
            "-",
            &format!("{purpose} n={n}"),
        )
        .await?;
        Ok(n)
    }

    /// Whether the person (by NIK) has an active consent for the purpose.
    pub async fn has_consent(&self, nik: &str, purpose: &str) -> Result<bool, AppError> {
        let idx = self.vault.index(Field::Nik, &normalise_nik(nik)?);
        Ok(self
            .store
            .consents_for(&idx)
            .await?
            .iter()
            .any(|c| c.purpose == purpose && c.withdrawn_at.is_none()))
    }

    /// Everything held about one person, found by NIK (needs `ManagePrivacy`; audited).
    pub async fn subject_access_export(
        &self,
        actor: &Actor,
        nik: &str,
    ) -> Result<SubjectExport, AppError> {
        actor.require(Permission::ManagePrivacy)?;
        let nik = normalise_nik(nik)?;
        let idx = self.vault.index(Field::Nik, &nik);
        let mut records = Vec::new();
        for p in self.store.people_by_nik_index(&idx).await? {
            let phone = match &p.phone_enc {
                Some(b) => Some(self.vault.open(Field::Phone, b)?),
                None => None,
            };
            records.push(serde_json::json!({
                "kind": "person_record",
                "source": p.source,
                "source_ref": p.source_ref,
                "full_name": p.full_name,
                "birth_date": p.birth_date,
                "sex": p.sex,
                "birth_place": p.birth_place,
                "nik": nik,
                "phone": phone,
                "address": p.address,
                "region_code": p.region_code,
            }));
        }
        // Passport applicants and case people by the same NIK index, and tips naming a phone of
        // theirs. A protected name is opened for the export (it is the subject's own data).
        let found = self.store.subject_records_by_nik_index(&idx).await?;
        let mut phone_indexes = std::collections::BTreeSet::new();
        for r in &found {
            let name = match (&r.name, &r.name_enc) {
                (Some(n), _) => Some(n.clone()),
                (None, Some(b)) => Some(self.vault.open(Field::VictimIdentity, b)?),
                (None, None) => None,
            };
            let phone = match &r.phone_enc {
                Some(b) => Some(self.vault.open(Field::Phone, b)?),
                None => None,
            };
            if let Some(p) = &r.phone_idx {
                phone_indexes.insert(p.clone());
            }
            records.push(serde_json::json!({
                "kind": r.kind,
                "id": r.id,
                "held_by": r.holder,
                "role_or_status": r.role,
                "full_name": name,
                "birth_date": r.birth_date,
                "nik": nik,
                "phone": phone,
                "recorded_at": r.at,
            }));
        }
        for p in &phone_indexes {
            for t in self.store.tips_by_phone_index(p).await? {
                records.push(serde_json::json!({
                    "kind": "tip_naming_phone",
                    "id": t.id,
                    "tip_kind": t.holder,
                    "status": t.role,
                    "received_at": t.at,
                }));
            }
        }
        let consents = self
            .store
            .consents_for(&idx)
            .await?
            .into_iter()
            .map(|c| {
                serde_json::json!({
                    "purpose": c.purpose,
                    "basis": c.basis,
                    "given_at": c.given_at,
                    "withdrawn_at": c.withdrawn_at,
                })
            })
            .collect();
        self.audit(
            &actor.origin(),
            "privacy.subject_export",
            "-",
            &format!("records={}", records.len()),
        )
        .await?;
        Ok(SubjectExport {
            generated_at: to_millis(self.clock.now()),
            records,
            consents,
        })
    }

    /// Records a personal-data breach; the 3×24-hour notification clock starts at `discovered_at`.
    pub async fn record_breach(
        &self,
        actor: &Actor,
        discovered_at: i64,
        description: &str,
        data_kinds: &str,
        subjects_estimate: i64,
        measures: &str,
    ) -> Result<String, AppError> {
        actor.require(Permission::ManagePrivacy)?;
        for (field, text) in [("description", description), ("measures", measures)] {
            if text.trim().is_empty() || text.chars().count() > 4000 {
                return Err(AppError::invalid(
                    field,
                    "text_invalid",
                    "1-4000 characters",
                ));
            }
        }
        if !(0..=100_000_000).contains(&subjects_estimate) {
            return Err(AppError::invalid(
                "subjects_estimate",
                "number_invalid",
                "0-100000000",
            ));
        }
        let row = BreachRow {
            id: uuid::Uuid::new_v4().to_string(),
            discovered_at,
            recorded_by: actor.user.id.clone(),
            description: description.trim().to_string(),
            data_kinds: data_kinds.trim().to_string(),
            subjects_estimate,
            measures: measures.trim().to_string(),
            notified_subjects_at: None,
            notified_agency_at: None,
            closed_at: None,
        };
        self.store.insert_breach(&row).await?;
        self.audit(&actor.origin(), "breach.record", &row.id, "")
            .await?;
        Ok(row.id)
    }

    /// The breach register with the time left in each notification window.
    pub async fn breaches(&self, actor: &Actor) -> Result<Vec<BreachStatus>, AppError> {
        actor.require(Permission::ManagePrivacy)?;
        let now = to_millis(self.clock.now());
        Ok(self
            .store
            .breaches()
            .await?
            .into_iter()
            .map(|b| {
                let deadline = b.discovered_at + BREACH_WINDOW_MS;
                let done = b.notified_subjects_at.is_some() && b.notified_agency_at.is_some();
                BreachStatus {
                    remaining_ms: (!done).then_some(deadline - now),
                    deadline,
                    id: b.id,
                    description: b.description,
                    data_kinds: b.data_kinds,
                    subjects_estimate: b.subjects_estimate,
                    measures: b.measures,
                    discovered_at: b.discovered_at,
                    notified_subjects_at: b.notified_subjects_at,
                    notified_agency_at: b.notified_agency_at,
                    closed_at: b.closed_at,
                }
            })
            .collect())
    }

    /// Marks a breach's notifications or closure.
    pub async fn mark_breach(
        &self,
        actor: &Actor,
        id: &str,
        what: BreachMark,
    ) -> Result<(), AppError> {
        actor.require(Permission::ManagePrivacy)?;
        if !self
            .store
            .mark_breach(id, what.to_store(), to_millis(self.clock.now()))
            .await?
        {
            return Err(AppError::Conflict("already_marked"));
        }
        self.audit(&actor.origin(), "breach.mark", id, &format!("{what:?}"))
            .await
    }

    /// Deletes person records older than their retention period, keeping monthly counts per
    /// region and sex; also ends expired sessions. Run by `sinergi privacy purge`.
    pub async fn purge_expired(&self) -> Result<PurgeReport, AppError> {
        let days = retention_days()?;
        let now = to_millis(self.clock.now());
        let mut report = PurgeReport {
            sessions_deleted: self.store.purge_expired_sessions(now).await?,
            ..PurgeReport::default()
        };
        let people_days = days.get("people").copied().unwrap_or(1825);
        let cutoff = now - people_days * 24 * 60 * 60 * 1000;
        loop {
            let batch = self.store.people_created_before(cutoff, 1000).await?;
            if batch.is_empty() {
                break;
            }
            let mut counts: BTreeMap<(String, String, String), i64> = BTreeMap::new();
            for c in &batch {
                let t = from_millis(c.created_at);
                let period = format!("{:04}-{:02}", t.year(), u8::from(t.month()));
                let region = c
                    .region_code
                    .as_deref()
                    .map(|r| r.chars().take(5).collect::<String>())
                    .unwrap_or_else(|| "-".into());
                let sex = c.sex.clone().unwrap_or_else(|| "-".into());
                for (dim, val) in [
                    ("all", "all".to_string()),
                    ("kabkota", region),
                    ("sex", sex),
                ] {
                    *counts
                        .entry((period.clone(), dim.to_string(), val))
                        .or_default() += 1;
                }
            }
            let stats: Vec<StatisticRow> = counts
                .into_iter()
                .map(|((period, dimension, value), count)| StatisticRow {
                    record_type: "people".into(),
                    period,
                    dimension,
                    value,
                    count,
                })
                .collect();
            let ids: Vec<String> = batch.into_iter().map(|c| c.id).collect();
            report.people_deleted += self.store.purge_people(&ids, &stats).await?;
            // Gone from the screening index at once, not at the next catch-up.
            for id in &ids {
                self.index_remove(&crate::prevention::index::entry_id(
                    crate::prevention::index::EntryKind::Person,
                    id,
                ));
            }
        }
        self.purge_by_policy(&mut report).await?;
        self.audit(
            &crate::audit::Origin {
                actor: "system".into(),
                client: "cli".into(),
            },
            "privacy.purge",
            "people",
            &format!(
                "deleted={} applicants={} tips={} identities={}",
                report.people_deleted,
                report.applicants_deleted,
                report.tips_deleted,
                report.identities_erased
            ),
        )
        .await?;
        Ok(report)
    }

    /// Statistics kept from purged records (a figure, no personal data).
    pub async fn retained_statistics(&self) -> Result<Vec<StatisticRow>, AppError> {
        Ok(self.store.retained_statistics("people").await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_config_parses() {
        let d = retention_days().expect("parses");
        assert_eq!(d.get("people"), Some(&1825));
    }

    #[test]
    fn nik_normalisation() {
        assert_eq!(
            normalise_nik("3507.0441.0190.0001").expect("ok"),
            "3507044101900001"
        );
        assert!(normalise_nik("123").is_err());
    }
}
