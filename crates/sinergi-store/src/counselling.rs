//! Counselling records of referred applicants (migration 16).

use crate::query::binds;
use crate::{Result, Store, StoreError};
use sinergi_domain::prevention::{Counselling, CounsellingOutcome};
use sqlx::Row;
use time::Date;
use time::format_description::well_known::Iso8601;

const INSERT: &str = "INSERT INTO applicant_counselling (referral_id, counselled_on, outcome, notes_enc, forwarded_to, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const FOR_AGENCY: &str = "SELECT c.referral_id, c.counselled_on, c.outcome, c.notes_enc, c.forwarded_to, c.recorded_by, c.recorded_at \
     FROM applicant_counselling c JOIN applicant_referrals r ON r.id = c.referral_id WHERE r.to_agency = $1";

fn date_text(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

impl Store {
    /// Records a counselling session (one per referral).
    pub async fn insert_counselling(&self, c: &Counselling) -> Result<()> {
        self.exec(
            INSERT,
            binds![
                &c.referral_id,
                date_text(c.on),
                c.outcome.code(),
                c.notes_sealed.clone(),
                c.forwarded_to.clone(),
                &c.by,
                c.at
            ],
        )
        .await?;
        Ok(())
    }

    /// The counselling records of the referrals sent to `agency`.
    pub async fn counselling_of_agency(&self, agency: &str) -> Result<Vec<Counselling>> {
        self.rows(FOR_AGENCY, binds![agency], |r| {
            let on: String = r.try_get("counselled_on")?;
            let outcome: String = r.try_get("outcome")?;
            Ok(Counselling {
                referral_id: r.try_get("referral_id")?,
                on: Date::parse(&on, &Iso8601::DATE)
                    .map_err(|_| StoreError::Corrupt("counselling date".into()))?,
                outcome: CounsellingOutcome::from_code(&outcome)
                    .ok_or_else(|| StoreError::Corrupt("counselling outcome".into()))?,
                notes_sealed: r.try_get("notes_enc")?,
                forwarded_to: r.try_get("forwarded_to")?,
                by: r.try_get("recorded_by")?,
                at: r.try_get("recorded_at")?,
            })
        })
        .await
    }
}
