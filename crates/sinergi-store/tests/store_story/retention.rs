//! Retention, statistics and key rotation in the store contract: what is old enough to purge,
//! purging with retained statistics, erasing protected identities, the reporter's urgency of a
//! tip, break-glass expiry, victim statistics and sealed columns.

use super::prevention::{applicant, office};
use super::records::{case, tip};
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::case_record::{Attachment, CaseEvent, CasePerson};
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::org::AgencyKind;
use sinergi_domain::prevention::ApplicationStatus;
use sinergi_store::people::PersonRow;
use sinergi_store::testing::TestDatabase;
use sinergi_store::trust::{BreakGlassRow, StatisticRow};

fn stat(record_type: &str, value: &str) -> StatisticRow {
    StatisticRow {
        record_type: record_type.into(),
        period: "2026-01".into(),
        dimension: "status".into(),
        value: value.into(),
        count: 1,
    }
}

async fn fresh() -> TestDatabase {
    let db = TestDatabase::new().await.expect("test database");
    db.store.migrate().await.expect("migrate");
    db.store
        .upsert_agency(&office("kanim-malang", AgencyKind::Imigrasi))
        .await
        .expect("office");
    db
}

#[tokio::test]
async fn decided_applications_and_closed_tips_past_their_period_are_purged_with_statistics() {
    let db = fresh().await;
    let s = &db.store;
    for (id, at, status) in [
        ("a1", 100, ApplicationStatus::Issued),
        ("a2", 100, ApplicationStatus::New),
        ("a3", 900, ApplicationStatus::Refused),
    ] {
        assert!(
            s.insert_applicant(&applicant(id, at))
                .await
                .expect("applicant")
        );
        s.set_applicant_status(id, status).await.expect("status");
    }
    let old = s.applicants_decided_before(500, 10).await.expect("old");
    assert_eq!(old.len(), 1, "undecided and recent ones stay: {old:?}");
    assert_eq!(
        (
            old[0].id.as_str(),
            old[0].created_at,
            old[0].status.as_str()
        ),
        ("a1", 100, "issued")
    );
    assert_eq!(
        (old[0].destination.as_str(), old[0].sex.as_deref()),
        ("SA", Some("P"))
    );
    let ids = vec!["a1".to_string()];
    assert_eq!(
        s.purge_applicants(&ids, &[stat("applicants", "issued")])
            .await
            .expect("purge"),
        1
    );
    assert_eq!(s.applicant("a1").await.expect("gone"), None);
    assert!(s.applicant("a2").await.expect("kept").is_some());
    assert_eq!(
        s.retained_statistics("applicants").await.expect("stats"),
        vec![stat("applicants", "issued")]
    );

    for (id, status, at) in [
        ("t1", TipStatus::Closed, 100),
        ("t2", TipStatus::Received, 100),
        ("t3", TipStatus::Duplicate, 900),
        ("t4", TipStatus::Assigned, 300),
    ] {
        s.insert_tip(&tip(id, status, at)).await.expect("tip");
    }
    let open: Vec<_> = s
        .open_tips()
        .await
        .expect("open")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(open, ["t4", "t2"], "received and assigned, newest first");
    let old = s.tips_closed_before(500, 10).await.expect("old tips");
    assert_eq!(old.len(), 1);
    assert_eq!(
        (old[0].id.as_str(), old[0].received_at, old[0].kind.as_str()),
        ("t1", 100, "tppo")
    );
    assert_eq!(old[0].severity, "ordinary");
    let ids = vec!["t1".to_string()];
    assert_eq!(
        s.purge_tips(&ids, &[stat("tips", "closed")])
            .await
            .expect("purge"),
        1
    );
    assert_eq!(s.tip("t1").await.expect("gone"), None);
    assert_eq!(
        s.retained_statistics("tips").await.expect("stats"),
        vec![stat("tips", "closed")]
    );

    assert_eq!(s.tip_reported_severity("t2").await.expect("unsaid"), None);
    s.set_tip_reported_severity("t2", "imminent_danger")
        .await
        .expect("say");
    assert_eq!(
        s.tip_reported_severity("t2")
            .await
            .expect("said")
            .as_deref(),
        Some("imminent_danger")
    );
    assert_eq!(s.tip_reported_severity("nope").await.expect("no tip"), None);
    db.cleanup().await;
}

#[tokio::test]
async fn closed_cases_lose_protected_identities_and_attachments() {
    let db = fresh().await;
    let s = &db.store;
    s.insert_case(&case("c1", CaseStatus::Closed, 100))
        .await
        .expect("closed case");
    s.insert_case(&case("c2", CaseStatus::Open, 100))
        .await
        .expect("open case");
    s.insert_case_event(&CaseEvent {
        id: "e1".into(),
        case_id: "c1".into(),
        at: 300,
        actor_id: "u1".into(),
        agency_code: "kanim-malang".into(),
        agency_name: "Kanim Malang".into(),
        kind: "case.close".into(),
        detail: String::new(),
    })
    .await
    .expect("event");
    assert!(
        s.cases_closed_before(200)
            .await
            .expect("not yet")
            .is_empty(),
        "the last event counts"
    );
    assert_eq!(s.cases_closed_before(400).await.expect("old"), ["c1"]);

    let victim = crate::fixtures::protected_victim("p1", "c1");
    let suspect = CasePerson::named(
        "p2".into(),
        "c1".into(),
        PersonRole::Suspect,
        "Budi".into(),
        111,
    );
    s.insert_case_person(&victim).await.expect("victim");
    s.insert_case_person(&suspect).await.expect("suspect");

    let victims = s.statistics_victims().await.expect("victims");
    assert_eq!(victims.len(), 1);
    assert_eq!(
        (victims[0].person_id.as_str(), victims[0].case_id.as_str()),
        ("p1", "c1")
    );
    assert_eq!(victims[0].case_status, "closed");
    assert_eq!(
        victims[0].region_code.as_deref(),
        Some("35.73"),
        "the lead agency's region"
    );
    let facts = s.statistics_case_facts().await.expect("facts");
    assert!(
        facts
            .iter()
            .any(|f| (f.case_id.as_str(), f.fact.as_str(), f.value.as_str())
                == ("c1", "suspect", "p2")),
        "{facts:?}"
    );

    assert_eq!(s.erase_protected_identities("c1").await.expect("erase"), 1);
    assert_eq!(s.erase_protected_identities("c1").await.expect("again"), 0);
    let p1 = s.case_person("p1").await.expect("p1").expect("kept");
    assert_eq!((p1.name_enc, p1.nik_idx, p1.birth_date), (None, None, None));
    let p2 = s.case_person("p2").await.expect("p2").expect("kept");
    assert_eq!(p2.name.as_deref(), Some("Budi"), "a suspect keeps the name");

    s.insert_attachment(&Attachment {
        id: "f1".into(),
        case_id: "c1".into(),
        file_name: "lp.pdf".into(),
        content_type: "application/pdf".into(),
        size: 5,
        sha256: "x".into(),
        path: "cases/c1/f1".into(),
        added_by: "u1".into(),
        added_at: 1,
    })
    .await
    .expect("attachment");
    assert_eq!(
        s.purge_case_attachments("c1").await.expect("purge"),
        ["cases/c1/f1"]
    );
    assert!(s.case_attachments("c1").await.expect("none").is_empty());
    assert!(
        s.purge_case_attachments("c1")
            .await
            .expect("again")
            .is_empty()
    );
    db.cleanup().await;
}

#[tokio::test]
async fn break_glass_ends_and_sealed_values_rotate() {
    let db = fresh().await;
    let s = &db.store;
    s.insert_user(&super::user("u1", "dewi"), 1)
        .await
        .expect("user");
    s.insert_break_glass(&BreakGlassRow {
        id: "g1".into(),
        user_id: "u1".into(),
        agency_code: "kanim-malang".into(),
        subject_kind: "case".into(),
        subject_id: "c1".into(),
        reason: "Korban dalam bahaya".into(),
        granted_at: 100,
        expires_at: 500,
        reviewed_by: None,
        reviewed_at: None,
        review_verdict: None,
    })
    .await
    .expect("grant");
    assert_eq!(
        s.break_glass_until("u1", "case", "c1", 100)
            .await
            .expect("open"),
        Some(500)
    );
    assert_eq!(
        s.break_glass_until("u1", "case", "c1", 600)
            .await
            .expect("ended"),
        None
    );
    assert_eq!(
        s.break_glass_until("u2", "case", "c1", 100)
            .await
            .expect("other"),
        None
    );

    let columns = s.sealed_columns().await.expect("columns");
    let nik = ("people".to_string(), "nik_enc".to_string());
    assert!(columns.contains(&nik), "{columns:?}");
    assert!(columns.iter().all(|(_, c)| c.ends_with("_enc")));
    let rows = [(1u8, "p1"), (1, "p2"), (2, "p3")].map(|(version, id)| PersonRow {
        id: id.into(),
        source: "uji".into(),
        source_ref: id.into(),
        full_name: id.into(),
        nik_enc: Some(vec![version, id.as_bytes()[1]]),
        ..PersonRow::default()
    });
    s.insert_people(&rows, 1).await.expect("people");
    let old = s
        .sealed_values_below(&nik, 2, &[], 10)
        .await
        .expect("below");
    assert_eq!(old, vec![vec![1, b'1'], vec![1, b'2']]);
    assert_eq!(
        s.sealed_values_below(&nik, 2, &[1, b'1'], 10)
            .await
            .expect("after"),
        vec![vec![1, b'2']]
    );
    assert_eq!(
        s.replace_sealed_value(&nik, &[1, b'1'], &[2, b'9'])
            .await
            .expect("rotate"),
        1
    );
    assert_eq!(
        s.replace_sealed_value(&nik, &[1, b'1'], &[2, b'8'])
            .await
            .expect("gone"),
        0
    );
    assert_eq!(
        s.sealed_values_below(&nik, 2, &[], 10).await.expect("left"),
        vec![vec![1, b'2']]
    );
    assert_eq!(
        s.person("p1").await.expect("p1").expect("some").nik_enc,
        Some(vec![2, b'9'])
    );
    db.cleanup().await;
}
