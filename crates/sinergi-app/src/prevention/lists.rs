//! Lists and figures: today's queue per office, search by name / NIK / passport (fuzzy for
//! names, through the index), an applicant's history across offices, referral inboxes, and the
//! deferral figures for the dashboards.

use super::index::{EntryKind, IndexFields, parse_entry_id};
use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::{WIB, to_millis};
use sinergi_domain::prevention::{
    Applicant, ApplicantReferral, ApplicationStatus, Decision, HitTarget,
};
use sinergi_store::prevention::ApplicantKey;
use std::collections::BTreeMap;

/// Deferral figures: `(label, count)` per dimension, largest first.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Figures {
    /// Per immigration office.
    pub per_office: Vec<(String, i64)>,
    /// Per destination country.
    pub per_destination: Vec<(String, i64)>,
    /// Per indicator that held.
    pub per_indicator: Vec<(String, i64)>,
    /// Per kecamatan of origin (from the NIK: where it was issued).
    pub per_kecamatan: Vec<(String, i64)>,
    /// Applications screened in all.
    pub screened: i64,
    /// Applications per status.
    pub per_status: Vec<(ApplicationStatus, i64)>,
}

fn sorted(m: BTreeMap<String, i64>) -> Vec<(String, i64)> {
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

impl App {
    /// Today's applications (WIB) at the actor's office, newest first.
    pub async fn todays_queue(&self, actor: &Actor) -> Result<Vec<Applicant>, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        self.sweep_deferrals().await?;
        let now = self.clock.now_wib();
        let midnight = now.replace_time(time::Time::MIDNIGHT).to_offset(WIB);
        Ok(self
            .store
            .applicants_of_office_since(&actor.user.agency_code, to_millis(midnight), 500)
            .await?)
    }

    /// How many of today's applications at the actor's office still await a decision: a read for
    /// the work home (no lapse sweep, unlike [`App::todays_queue`]).
    pub async fn todays_waiting_count(&self, actor: &Actor) -> Result<usize, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let now = self.clock.now_wib();
        let midnight = now.replace_time(time::Time::MIDNIGHT).to_offset(WIB);
        Ok(self
            .store
            .applicants_of_office_since(&actor.user.agency_code, to_millis(midnight), 500)
            .await?
            .iter()
            .filter(|a| a.status == sinergi_domain::prevention::ApplicationStatus::New)
            .count())
    }

    /// How many applicant referrals to the actor's agency are still open (the referral rows
    /// alone, without loading each applicant as the inbox does).
    pub async fn open_applicant_referral_count(&self, actor: &Actor) -> Result<usize, AppError> {
        actor.require(Permission::HandleReferrals)?;
        Ok(self
            .store
            .applicant_referral_inbox(&actor.user.agency_code)
            .await?
            .iter()
            .filter(|r| r.status == sinergi_domain::prevention::ReferralStatus::Open)
            .count())
    }

    /// Searches applications by NIK or passport number (exact, through the blind index) or by
    /// name (fuzzy, through the matching index). Audited: a search reveals whom an office seeks.
    pub async fn search_applicants(
        &self,
        actor: &Actor,
        q: &str,
    ) -> Result<Vec<Applicant>, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let q = q.trim();
        if q.chars().count() < 3 || q.chars().count() > 100 {
            return Err(AppError::invalid(
                "q",
                "search_too_short",
                "search needs 3-100 characters",
            ));
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let mut out = Vec::new();
        if digits.len() == 16
            && q.chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '.')
        {
            out = self
                .store
                .applicants_by(ApplicantKey::Nik, &self.vault.index(Field::Nik, &digits))
                .await?;
        } else if let Ok(p) = sinergi_domain::passport::PassportNumber::parse(q) {
            out = self
                .store
                .applicants_by(
                    ApplicantKey::Passport,
                    &self.vault.index(Field::Passport, p.as_str()),
                )
                .await?;
        }
        if out.is_empty() {
            for h in self
                .index_search(
                    &IndexFields {
                        full_name: q.to_string(),
                        ..IndexFields::default()
                    },
                    20,
                )
                .await?
            {
                if h.score < 0.2 {
                    continue;
                }
                if let Some((EntryKind::Applicant, id)) = parse_entry_id(&h.entry_id)
                    && let Some(a) = self.store.applicant(id).await?
                {
                    out.push(a);
                }
            }
        }
        self.audit(
            &actor.origin(),
            "applicant.search",
            "-",
            &format!("hits={}", out.len()),
        )
        .await?;
        Ok(out)
    }

    /// Earlier applications of the same person at any office (same NIK or passport, or a strong
    /// index match), oldest first.
    pub async fn applicant_history(
        &self,
        actor: &Actor,
        a: &Applicant,
    ) -> Result<Vec<Applicant>, AppError> {
        actor.require(Permission::ScreenApplicants)?;
        let mut out: Vec<Applicant> = Vec::new();
        if let Some(nik) = &a.nik {
            out.extend(
                self.store
                    .applicants_by(ApplicantKey::Nik, &nik.index)
                    .await?,
            );
        }
        if let Some(s) = &a.screening {
            for h in s.hits.iter().filter(|h| h.probability >= 0.8) {
                if let HitTarget::Applicant { id } = &h.target
                    && !out.iter().any(|o| &o.id == id)
                    && let Some(e) = self.store.applicant(id).await?
                {
                    out.push(e);
                }
            }
        }
        out.retain(|o| o.id != a.id);
        out.sort_by_key(|o| o.created_at);
        Ok(out)
    }

    /// The referrals sent to the actor's agency.
    pub async fn applicant_referral_inbox(
        &self,
        actor: &Actor,
    ) -> Result<Vec<(ApplicantReferral, Applicant)>, AppError> {
        actor.require(Permission::HandleReferrals)?;
        let mut out = Vec::new();
        for r in self
            .store
            .applicant_referral_inbox(&actor.user.agency_code)
            .await?
        {
            if let Some(a) = self.store.applicant(&r.applicant_id).await? {
                out.push((r, a));
            }
        }
        Ok(out)
    }

    /// The receiving agency closes a referral (counselling given).
    pub async fn finish_applicant_referral(&self, actor: &Actor, id: &str) -> Result<(), AppError> {
        actor.require(Permission::HandleReferrals)?;
        self.atomically(async |app| {
            if !app
                .store
                .finish_applicant_referral(
                    id,
                    &actor.user.agency_code,
                    &actor.user.id,
                    to_millis(app.clock.now()),
                )
                .await?
            {
                return Err(AppError::NotFound);
            }
            app.audit(&actor.origin(), "applicant.referral_done", id, "")
                .await
        })
        .await
    }

    /// Deferral figures for dashboards (needs `ViewDashboard`; counts only, no personal data).
    pub async fn screening_figures(&self, actor: &Actor) -> Result<Figures, AppError> {
        actor.require(Permission::ViewDashboard)?;
        self.sweep_deferrals().await?;
        let (mut office, mut dest, mut ind, mut kec) = (
            BTreeMap::new(),
            BTreeMap::new(),
            BTreeMap::new(),
            BTreeMap::new(),
        );
        let mut status: BTreeMap<&'static str, (ApplicationStatus, i64)> = BTreeMap::new();
        let mut screened = 0;
        let mut after = String::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        loop {
            let page = self.reader().applicants_page(&after, 5000).await?;
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            for a in page {
                if a.screening.is_some() {
                    screened += 1;
                }
                status.entry(a.status.code()).or_insert((a.status, 0)).1 += 1;
                if a.decision.as_ref().map(|d| d.decision) != Some(Decision::Defer) {
                    continue;
                }
                let name = match names.get(&a.office_code) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.agency_name_today(&a.office_code).await;
                        names.insert(a.office_code.clone(), n.clone());
                        n
                    }
                };
                *office.entry(name).or_insert(0) += 1;
                *dest.entry(a.destination.clone()).or_insert(0) += 1;
                let kecamatan = a
                    .region_code
                    .as_deref()
                    .and_then(sinergi_domain::region::lookup_str)
                    .map(|r| r.full_name())
                    .unwrap_or_else(|| "-".into());
                *kec.entry(kecamatan).or_insert(0) += 1;
                if let Some(s) = a.screening {
                    for c in s.score.contributions {
                        *ind.entry(c.code).or_insert(0) += 1;
                    }
                }
            }
        }
        Ok(Figures {
            per_office: sorted(office),
            per_destination: sorted(dest),
            per_indicator: sorted(ind),
            per_kecamatan: sorted(kec),
            screened,
            per_status: {
                let mut v: Vec<_> = status.into_values().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code().cmp(b.0.code())));
                v
            },
        })
    }
}
