//! Rows of the prevention tables into domain aggregates, and the stored screening (JSON)
//! including the shape written before hits were typed (with display labels and page links),
//! which still loads: its links are dropped and its targets read from the entry keys.

use crate::agencies::text_to_date;
use crate::{Result, StoreError};
use serde::Deserialize;
use sinergi_domain::nik::Sex;
use sinergi_domain::passport::PassportType;
use sinergi_domain::prevention::{
    Applicant, ApplicantReferral, ApplicationStatus, Decision, DecisionRecord, Document, Evidence,
    Hit, HitAbout, HitTarget, InterviewRecord, Purpose, ReferralStatus, Score, Screening, Sealed,
    Verdict, WatchlistEntry, WatchlistKind, WatchlistStatus, WorkType,
};
use sqlx::Row;
use sqlx::any::AnyRow;

fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} `{value}`"))
}

fn code<T>(what: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(value).ok_or_else(|| bad(what, value))
}

fn sealed(r: &AnyRow, enc: &str, idx: &str) -> Result<Option<Sealed>> {
    let e: Option<Vec<u8>> = r.try_get(enc)?;
    let i: Option<String> = r.try_get(idx)?;
    match (e, i) {
        (Some(sealed), Some(index)) => Ok(Some(Sealed { sealed, index })),
        (None, None) => Ok(None),
        _ => Err(StoreError::Corrupt(format!("{enc} without {idx}"))),
    }
}

fn date(r: &AnyRow, col: &str) -> Result<Option<time::Date>> {
    r.try_get::<Option<String>, _>(col)?
        .as_deref()
        .map(text_to_date)
        .transpose()
}

fn documents(text: &str) -> Result<Vec<Document>> {
    Document::parse_list(text).map_err(|d| bad("document", &d))
}

pub(crate) fn applicant_from_row(r: &AnyRow) -> Result<Applicant> {
    let sex: Option<String> = r.try_get("sex")?;
    let passport_type: String = r.try_get("passport_type")?;
    let purpose: String = r.try_get("purpose")?;
    let work_type: Option<String> = r.try_get("work_type")?;
    let status: String = r.try_get("status")?;
    let decision: Option<String> = r.try_get("decision")?;
    let score_json: Option<String> = r.try_get("score_json")?;
    let decision = match decision {
        None => None,
        Some(d) => Some(DecisionRecord {
            decision: code("decision", &d, |s| s.parse::<Decision>().ok())?,
            reason: r
                .try_get::<Option<String>, _>("decision_reason")?
                .unwrap_or_default(),
            by: r
                .try_get::<Option<String>, _>("decided_by")?
                .unwrap_or_default(),
            at: r.try_get::<Option<i64>, _>("decided_at")?.unwrap_or(0),
            deadline: date(r, "deadline")?,
            missing: documents(
                r.try_get::<Option<String>, _>("missing_documents")?
                    .as_deref()
                    .unwrap_or(""),
            )?,
        }),
    };
    Ok(Applicant {
        id: r.try_get("id")?,
        office_code: r.try_get("office_code")?,
        source_ref: r.try_get("source_ref")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        full_name: r.try_get("full_name")?,
        birth_date: date(r, "birth_date")?,
        sex: sex
            .as_deref()
            .map(|s| code("sex", s, |s| Sex::parse(s).ok()))
            .transpose()?,
        birth_place: r.try_get("birth_place")?,
        address: r.try_get("address")?,
        region_code: r.try_get("region_code")?,
        nik: sealed(r, "nik_enc", "nik_idx")?,
        passport: sealed(r, "passport_enc", "passport_idx")?,
        phone: sealed(r, "phone_enc", "phone_idx")?,
        passport_type: code("passport type", &passport_type, |s| {
            PassportType::parse(s).ok()
        })?,
        purpose: code("purpose", &purpose, |s| s.parse::<Purpose>().ok())?,
        destination: r.try_get("destination")?,
        departure_date: date(r, "departure_date")?,
        sponsor_name: r.try_get("sponsor_name")?,
        sponsor_phone: sealed(r, "sponsor_phone_enc", "sponsor_phone_idx")?,
        agency_name: r.try_get("agency_name")?,
        documents: documents(&r.try_get::<String, _>("documents")?)?,
        previous_passports: r.try_get("previous_passports")?,
        interview: InterviewRecord {
            work_type: work_type
                .as_deref()
                .map(|w| code("work type", w, WorkType::from_code))
                .transpose()?,
            work_intent: r.try_get::<i64, _>("work_intent")? == 1,
            job_offer: r.try_get::<i64, _>("job_offer")? == 1,
            notes: r.try_get("interview_notes")?,
        },
        status: code("status", &status, ApplicationStatus::from_code)?,
        screening: score_json.as_deref().map(screening_from_json).transpose()?,
        decision,
    })
}

pub(crate) fn watchlist_from_row(r: &AnyRow) -> Result<WatchlistEntry> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    Ok(WatchlistEntry {
        id: r.try_get("id")?,
        kind: code("watchlist kind", &kind, WatchlistKind::from_code)?,
        full_name: r.try_get("full_name")?,
        nik: sealed(r, "nik_enc", "nik_idx")?,
        phone: sealed(r, "phone_enc", "phone_idx")?,
        reason: r.try_get("reason")?,
        legal_basis: r.try_get("legal_basis")?,
        review_date: text_to_date(&r.try_get::<String, _>("review_date")?)?,
        status: code("watchlist status", &status, WatchlistStatus::from_code)?,
        proposed_by: r.try_get("proposed_by")?,
        proposed_at: r.try_get("proposed_at")?,
        approved_by: r.try_get("approved_by")?,
        approved_at: r.try_get("approved_at")?,
        removal_by: r.try_get("removal_by")?,
        removal_reason: r.try_get("removal_reason")?,
    })
}

pub(crate) fn referral_from_row(r: &AnyRow) -> Result<ApplicantReferral> {
    let status: String = r.try_get("status")?;
    Ok(ApplicantReferral {
        id: r.try_get("id")?,
        applicant_id: r.try_get("applicant_id")?,
        from_agency: r.try_get("from_agency")?,
        to_agency: r.try_get("to_agency")?,
        reason: r.try_get("reason")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        status: code("referral status", &status, ReferralStatus::from_code)?,
        done_at: r.try_get("done_at")?,
        done_by: r.try_get("done_by")?,
    })
}

/// A hit as stored before hits were typed.
#[derive(Deserialize)]
struct LegacyHit {
    entry_ref: String,
    label: String,
    name: String,
    probability: f64,
    explanation: Vec<String>,
    link: Option<String>,
    verdict: Option<String>,
}

/// A screening as stored before hits were typed (NIK notes were Indonesian sentences).
#[derive(Deserialize)]
struct LegacyScreening {
    score: Score,
    rules_version: String,
    hits: Vec<LegacyHit>,
    missing_documents: Vec<String>,
    #[serde(default)]
    advisory_documents: Vec<String>,
}

/// `full_name=one typo(+7.2)` or `nik=exact`.
fn legacy_evidence(text: &str) -> Evidence {
    let (field, rest) = text.split_once('=').unwrap_or((text, ""));
    let (level, bits) = match rest.split_once('(') {
        Some((level, b)) => (level, b.trim_end_matches(')').parse::<f64>().ok()),
        None => (rest, None),
    };
    Evidence {
        field: field.to_string(),
        level: level.to_string(),
        bits,
    }
}

fn legacy_hit(h: LegacyHit) -> Result<Hit> {
    let mut target = HitTarget::from_key(&h.entry_ref).ok_or_else(|| bad("hit", &h.entry_ref))?;
    if let HitTarget::CasePerson { case_id, .. } = &mut target {
        *case_id = h
            .link
            .as_deref()
            .and_then(|l| l.rsplit('/').next())
            .map(str::to_string);
    }
    Ok(Hit {
        target,
        about: HitAbout::Earlier { label: h.label },
        name: h.name,
        probability: h.probability,
        evidence: h.explanation.iter().map(|e| legacy_evidence(e)).collect(),
        verdict: h
            .verdict
            .as_deref()
            .map(|v| code("verdict", v, Verdict::from_code))
            .transpose()?,
    })
}

/// Reads a stored screening: the typed shape, else the earlier one (links dropped, NIK notes
/// left out because they were prose; the next screening writes them typed).
pub(crate) fn screening_from_json(text: &str) -> Result<Screening> {
    if let Ok(s) = serde_json::from_str::<Screening>(text) {
        return Ok(s);
    }
    let old: LegacyScreening =
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("screening: {e}")))?;
    Ok(Screening {
        score: old.score,
        rules_version: old.rules_version,
        hits: old
            .hits
            .into_iter()
            .map(legacy_hit)
            .collect::<Result<_>>()?,
        nik_notes: Vec::new(),
        missing_documents: old
            .missing_documents
            .iter()
            .map(|d| code("document", d, Document::from_code))
            .collect::<Result<_>>()?,
        advisory_documents: old
            .advisory_documents
            .iter()
            .map(|d| code("document", d, Document::from_code))
            .collect::<Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sinergi_domain::prevention::RiskBand;

    const OLD: &str = r#"{"score":{"total":60,"band":"tinggi","indicator_version":1,
      "contributions":[{"code":"recruiter_link","weight":40,"id":"Terkait calo","en":"Linked"}]},
      "rules_version":"2026-01","nik_notes":["Tanggal lahir di NIK berbeda"],
      "missing_documents":["rekomendasi_disnaker"],
      "hits":[{"entry_ref":"a:abc","kind":"applicant","label":"Kanim Blitar · deferred · SA",
        "name":"Siti","probability":1.0,"explanation":["nik=exact"],
        "link":"/prevention/abc","verdict":null},
       {"entry_ref":"k:p1","kind":"case_person","label":"suspect · Polres","name":"Sutrisno",
        "probability":0.7,"explanation":["full_name=one typo(+7.2)"],"link":"/kasus/c9",
        "verdict":"confirmed"}]}"#;

    #[test]
    fn screenings_stored_with_links_still_load_without_them() {
        let s = screening_from_json(OLD).expect("loads");
        assert_eq!(s.score.band, RiskBand::High);
        assert_eq!(s.missing_documents, vec![Document::RekomendasiDisnaker]);
        assert_eq!(s.hits[0].target, HitTarget::Applicant { id: "abc".into() });
        assert_eq!(
            s.hits[1].target,
            HitTarget::CasePerson {
                id: "p1".into(),
                case_id: Some("c9".into())
            }
        );
        assert_eq!(s.hits[1].evidence[0].bits, Some(7.2));
        assert_eq!(s.hits[1].verdict, Some(Verdict::Confirmed));
        let again = serde_json::to_string(&s).expect("json");
        assert!(!again.contains("/prevention/") && !again.contains("/kasus/"));
        assert_eq!(screening_from_json(&again).expect("new shape"), s);
    }

    #[test]
    fn unknown_codes_in_a_stored_screening_are_corrupt() {
        let broken = OLD.replace("rekomendasi_disnaker", "visa");
        assert!(matches!(
            screening_from_json(&broken),
            Err(StoreError::Corrupt(_))
        ));
        assert!(screening_from_json("{}").is_err());
    }

    #[tokio::test]
    async fn an_unknown_stored_status_is_an_error_not_a_default() {
        use crate::Store;
        let store = Store::connect("sqlite::memory:").await.expect("store");
        store.migrate().await.expect("migrate");
        sqlx::query("INSERT INTO agencies (code, kind) VALUES ('k', 'imigrasi')")
            .execute(&mut *store.conn().await.expect("conn"))
            .await
            .expect("agency");
        let row = "INSERT INTO applicants (id, office_code, source_ref, created_at, created_by, \
            full_name, passport_type, purpose, destination, documents, previous_passports, \
            work_intent, job_offer, interview_notes, status) VALUES \
            ('x', 'k', 'x', 0, 'u', 'N', 'biasa', 'tourism', 'JP', 'ktp', 0, 0, 0, '', $1)";
        for (id, status) in [("new", "new"), ("odd", "nieuw")] {
            sqlx::query(sqlx::AssertSqlSafe(row.replace("'x'", &format!("'{id}'"))))
                .bind(status)
                .execute(&mut *store.conn().await.expect("conn"))
                .await
                .expect("row");
        }
        assert!(store.applicant("new").await.expect("known").is_some());
        assert!(matches!(
            store.applicant("odd").await,
            Err(StoreError::Corrupt(_))
        ));
    }
}
