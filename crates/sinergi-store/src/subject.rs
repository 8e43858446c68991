//! Subject access: every record about one person, found by the NIK blind index across passport
//! applicants and case people, and tips that name one of their phones.

use crate::query::binds;
use crate::{Result, Store};
use sqlx::Row;

/// One record about a data subject found for a subject-access request, whatever table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectRecordRow {
    /// `passport_applicant`, `case_person` or `tip`.
    pub kind: String,
    /// Record id.
    pub id: String,
    /// Where it lives: the office of an applicant, the case of a case person, the kind of a tip.
    pub holder: String,
    /// The role of a case person or the status of an applicant or tip.
    pub role: String,
    /// Name in the clear (applicants, named case people).
    pub name: Option<String>,
    /// Sealed name (protected case people).
    pub name_enc: Option<Vec<u8>>,
    /// Birth date `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// Sealed phone.
    pub phone_enc: Option<Vec<u8>>,
    /// Blind index of the phone (to find tips that name it).
    pub phone_idx: Option<String>,
    /// Created or received (epoch ms).
    pub at: i64,
}

const SUBJECT_APPLICANTS: &str = "SELECT id, office_code, status, full_name, birth_date, phone_enc, phone_idx, created_at \
     FROM applicants WHERE nik_idx = $1 ORDER BY created_at, id";
const SUBJECT_CASE_PEOPLE: &str = "SELECT id, case_id, role, name, name_enc, birth_date, phone_enc, phone_idx, added_at \
     FROM case_people WHERE nik_idx = $1 ORDER BY added_at, id";
const SUBJECT_TIPS_BY_PHONE: &str = "SELECT id, kind, status, received_at FROM tips WHERE suspect_phone_idx = $1 ORDER BY received_at, id";

impl Store {
    /// Passport applicants and case people with this NIK blind index (subject access).
    pub async fn subject_records_by_nik_index(&self, idx: &str) -> Result<Vec<SubjectRecordRow>> {
        let mut out = Vec::new();
        let mut found = self
            .rows(SUBJECT_APPLICANTS, binds![idx], |r| {
                Ok(SubjectRecordRow {
                    kind: "passport_applicant".into(),
                    id: r.try_get("id")?,
                    holder: r.try_get("office_code")?,
                    role: r.try_get("status")?,
                    name: r.try_get("full_name")?,
                    name_enc: None,
                    birth_date: r.try_get("birth_date")?,
                    phone_enc: r.try_get("phone_enc")?,
                    phone_idx: r.try_get("phone_idx")?,
                    at: r.try_get("created_at")?,
                })
            })
            .await?;
        out.append(&mut found);
        let mut found = self
            .rows(SUBJECT_CASE_PEOPLE, binds![idx], |r| {
                Ok(SubjectRecordRow {
                    kind: "case_person".into(),
                    id: r.try_get("id")?,
                    holder: r.try_get("case_id")?,
                    role: r.try_get("role")?,
                    name: r.try_get("name")?,
                    name_enc: r.try_get("name_enc")?,
                    birth_date: r.try_get("birth_date")?,
                    phone_enc: r.try_get("phone_enc")?,
                    phone_idx: r.try_get("phone_idx")?,
                    at: r.try_get("added_at")?,
                })
            })
            .await?;
        out.append(&mut found);
        Ok(out)
    }

    /// Tips that name a phone with this blind index (subject access: tips about a person).
    pub async fn tips_by_phone_index(&self, idx: &str) -> Result<Vec<SubjectRecordRow>> {
        self.rows(SUBJECT_TIPS_BY_PHONE, binds![idx], |r| {
            Ok(SubjectRecordRow {
                kind: "tip".into(),
                id: r.try_get("id")?,
                holder: r.try_get("kind")?,
                role: r.try_get("status")?,
                name: None,
                name_enc: None,
                birth_date: None,
                phone_enc: None,
                phone_idx: None,
                at: r.try_get("received_at")?,
            })
        })
        .await
    }
}
