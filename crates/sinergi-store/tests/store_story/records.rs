//! Reads that feed other parts of the system, in the store contract: people and applicant pages
//! for the screening index, subject access by blind index, the licence registry, outreach, one
//! agency's audit trail and the counselling of referred applicants.

use super::prevention::{applicant, office};
use super::{agency, user};
use crate::fixtures::{audit_row, person, referral};
use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::case_record::{Case, CasePerson};
use sinergi_domain::cases::legal::Regime;
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::org::AgencyKind;
use sinergi_domain::prevention::{Counselling, CounsellingOutcome};
use sinergi_store::audit::AuditRow;
use sinergi_store::information::{LicenceRow, OutreachRow};
use sinergi_store::people::PersonRow;
use sinergi_store::testing::TestDatabase;
use time::macros::date;

pub(super) use crate::fixtures::tip;

/// A case led by Kanim Malang.
pub(super) fn case(id: &str, status: CaseStatus, created_at: i64) -> Case {
    Case {
        id: id.into(),
        number: format!("SNG/2026/{id}"),
        kind: CaseKind::Tppo,
        title: "Perekrutan ke Malaysia".into(),
        lead_agency: "kanim-malang".into(),
        regime: Regime::Kuhap2025,
        started_on: date!(2026 - 03 - 01),
        status,
        created_by: "u1".into(),
        created_at,
    }
}

#[tokio::test]
async fn people_pages_feeds_and_blind_indexes() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    let early = vec![person("p1"), person("p2"), person("p3")];
    assert_eq!(s.insert_people(&early, 100).await.expect("insert"), 3);
    let p4 = PersonRow {
        nik_idx: Some("n4".into()),
        phone_idx: Some("ph4".into()),
        ..person("p4")
    };
    s.insert_people(std::slice::from_ref(&p4), 200)
        .await
        .expect("insert");
    let ids = |rows: Vec<PersonRow>| rows.into_iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(ids(s.people_page("", 2).await.expect("page")), ["p1", "p2"]);
    assert_eq!(
        ids(s.people_page("p2", 10).await.expect("page")),
        ["p3", "p4"]
    );
    assert_eq!(
        s.people_by_nik_index("n4").await.expect("nik"),
        vec![p4.clone()]
    );
    assert_eq!(
        s.people_by_phone_index("ph4").await.expect("phone"),
        vec![p4]
    );
    assert!(s.people_by_nik_index("none").await.expect("nik").is_empty());
    assert_eq!(
        ids(s.people_since(150, "", 10).await.expect("since")),
        ["p4"]
    );
    assert_eq!(
        ids(s.people_since(0, "p1", 2).await.expect("since")),
        ["p2", "p3"]
    );
    assert_eq!(
        s.people_ids("p1", 10).await.expect("ids"),
        ["p2", "p3", "p4"]
    );
    assert_eq!(s.count_people_rows().await.expect("count"), 4);
    db.cleanup().await;
}

#[tokio::test]
async fn applicant_feeds_and_subject_access_by_blind_index() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&office("kanim-malang", AgencyKind::Imigrasi))
        .await
        .expect("office");
    for (id, at) in [("a1", 100), ("a2", 200)] {
        assert!(
            s.insert_applicant(&applicant(id, at))
                .await
                .expect("applicant")
        );
    }
    assert_eq!(s.applicant_ids("", 10).await.expect("ids"), ["a1", "a2"]);
    assert_eq!(s.applicant_ids("a1", 10).await.expect("ids"), ["a2"]);
    assert_eq!(s.count_applicants().await.expect("count"), 2);
    let since = s.applicants_since(150, "", 10).await.expect("since");
    assert_eq!(since, vec![applicant("a2", 200)]);
    assert!(
        s.applicants_since(0, "a2", 10)
            .await
            .expect("since")
            .is_empty()
    );

    s.insert_case(&case("c1", CaseStatus::Open, 300))
        .await
        .expect("case");
    let victim = CasePerson {
        nik_idx: Some("idx-nik".into()),
        ..CasePerson::named(
            "v1".into(),
            "c1".into(),
            PersonRole::Victim,
            "Siti".into(),
            310,
        )
    };
    s.insert_case_person(&victim).await.expect("victim");
    let found = s
        .subject_records_by_nik_index("idx-nik")
        .await
        .expect("subject");
    let seen: Vec<_> = found
        .iter()
        .map(|r| (r.kind.as_str(), r.id.as_str(), r.holder.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("passport_applicant", "a1", "kanim-malang"),
            ("passport_applicant", "a2", "kanim-malang"),
            ("case_person", "v1", "c1")
        ]
    );
    assert!(
        s.subject_records_by_nik_index("other")
            .await
            .expect("none")
            .is_empty()
    );

    s.insert_tip(&tip("t1", TipStatus::Received, 50))
        .await
        .expect("tip");
    let tips = s.tips_by_phone_index("ph-t1").await.expect("tips");
    assert_eq!(tips.len(), 1);
    assert_eq!((tips[0].kind.as_str(), tips[0].id.as_str()), ("tip", "t1"));
    assert!(
        s.tips_by_phone_index("ph-t2")
            .await
            .expect("none")
            .is_empty()
    );
    db.cleanup().await;
}

#[tokio::test]
async fn the_licence_registry_and_outreach_calendar() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    let lic = LicenceRow {
        id: "l1".into(),
        kind: "p3mi".into(),
        name: "PT Sinar Jaya".into(),
        licence_no: "SIP3MI/001".into(),
        valid_from: Some("2024-01-01".into()),
        valid_until: None,
        address: "Malang".into(),
        branches: String::new(),
        job_orders: String::new(),
        source: "mirror".into(),
        imported_at: 5,
    };
    assert!(s.upsert_licence(&lic).await.expect("new"));
    let renamed = LicenceRow {
        name: "PT Sinar Jaya Abadi".into(),
        ..lic.clone()
    };
    assert!(!s.upsert_licence(&renamed).await.expect("replace"));
    assert_eq!(s.licence("l1").await.expect("one"), Some(renamed.clone()));
    assert_eq!(s.licence("l2").await.expect("none"), None);
    assert_eq!(s.licences().await.expect("all"), vec![renamed]);
    assert_eq!(s.licence_count().await.expect("count"), 1);

    let event = |id: &str, held_on: &str| OutreachRow {
        id: id.into(),
        held_on: held_on.into(),
        start_time: "09:00".into(),
        kecamatan_code: "35.07.04".into(),
        place: "Balai desa".into(),
        title: "Migrasi aman".into(),
        agencies: "disnaker".into(),
        audience: "warga".into(),
        expected_audience: 40,
        materials: String::new(),
        created_by: "u1".into(),
        created_at: 1,
    };
    s.insert_outreach(&event("o1", "2026-11-01"))
        .await
        .expect("past");
    s.insert_outreach(&event("o2", "2026-12-01"))
        .await
        .expect("coming");
    assert_eq!(
        s.outreach_from("2026-11-15").await.expect("from"),
        vec![event("o2", "2026-12-01")]
    );
    db.cleanup().await;
}

#[tokio::test]
async fn one_agencys_audit_trail_and_its_counselling_records() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&agency()).await.expect("agency");
    s.upsert_agency(&office("disnaker-kab-malang", AgencyKind::Disnaker))
        .await
        .expect("disnaker");
    s.insert_user(&user("u1", "dewi"), 1).await.expect("user");
    for (seq, actor) in [(1, "u1"), (2, "cli"), (3, "u1")] {
        s.insert_audit(&audit_row(seq, actor)).await.expect("audit");
    }
    let seqs = |rows: Vec<AuditRow>| rows.into_iter().map(|r| r.seq).collect::<Vec<_>>();
    assert_eq!(
        seqs(
            s.recent_audit_of_agency("kanim-malang", 10)
                .await
                .expect("trail")
        ),
        [3, 1]
    );
    assert_eq!(
        seqs(
            s.recent_audit_of_agency("kanim-malang", 1)
                .await
                .expect("trail")
        ),
        [3]
    );
    assert!(
        s.recent_audit_of_agency("disnaker-kab-malang", 10)
            .await
            .expect("none")
            .is_empty()
    );

    assert!(
        s.insert_applicant(&applicant("a1", 10))
            .await
            .expect("applicant")
    );
    s.insert_applicant_referral(&referral("r1"))
        .await
        .expect("referral");
    let c = Counselling {
        referral_id: "r1".into(),
        on: date!(2026 - 12 - 02),
        outcome: CounsellingOutcome::Forwarded,
        notes_sealed: Some(vec![7, 7]),
        forwarded_to: Some("bp3mi-jatim".into()),
        by: "u2".into(),
        at: 30,
    };
    s.insert_counselling(&c).await.expect("counselling");
    assert!(
        s.insert_counselling(&c).await.is_err(),
        "one counselling per referral"
    );
    assert_eq!(
        s.counselling_of_agency("disnaker-kab-malang")
            .await
            .expect("of agency"),
        vec![c]
    );
    assert!(
        s.counselling_of_agency("kanim-malang")
            .await
            .expect("none")
            .is_empty()
    );
    db.cleanup().await;
}
