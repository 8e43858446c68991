//! Contract tests of the coordination tables, on SQLite and (with `SINERGI_TEST_DATABASE_URL`)
//! on PostgreSQL.

use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::assistance::{Outcome, Service};
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::case_record::{
    Attachment, Case, CaseEntity, CaseEvent, CasePerson, EntityKind, LinkKind,
};
use sinergi_domain::cases::charges::{ChargeSheet, Cited, Combination, Verdict};
use sinergi_domain::cases::coordination_record::{
    ActionItem, Assistance, Bulletin, BulletinRead, Meeting, Notification, NotificationKind,
};
use sinergi_domain::cases::legal::{Investigator, Regime, Stage};
use sinergi_domain::cases::legal_record::{Charges, LegalStep};
use sinergi_domain::cases::meeting::{ActionState, BulletinKind};
use sinergi_domain::cases::referral::ReferralState;
use sinergi_domain::cases::referral_record::Referral;
use sinergi_domain::cases::tip::{Severity, TipChannel, TipStatus};
use sinergi_domain::cases::tip_record::Tip;
use sinergi_domain::org::{Agency, AgencyKind, AgencyName};
use sinergi_store::StoreError;
use sinergi_store::testing::TestDatabase;
use time::macros::date;

fn agency(code: &str, kind: AgencyKind) -> Agency {
    Agency {
        code: code.into(),
        kind,
        region_code: None,
        names: vec![AgencyName {
            name: code.to_uppercase(),
            parent_code: None,
            valid_from: date!(2000 - 01 - 01),
            valid_to: None,
        }],
    }
}

#[tokio::test]
async fn cases_referrals_legal_meetings_round_trip() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    for (c, k) in [
        ("polres", AgencyKind::Polri),
        ("iom", AgencyKind::Iom),
        ("batu", AgencyKind::Pemda),
    ] {
        s.upsert_agency(&agency(c, k)).await.expect("agency");
    }
    let tip = Tip {
        id: "t1".into(),
        receipt: "ABCDE-FGHJK".into(),
        channel: TipChannel::Portal,
        kind: CaseKind::Tppo,
        severity: Severity::Child,
        consent: false,
        region_code: None,
        suspect_name: None,
        suspect_phone_idx: None,
        narrative_sealed: Some(vec![1, 2, 3]),
        reporter_contact_sealed: None,
        status: TipStatus::Received,
        assigned_agency: None,
        duplicate_of: None,
        case_id: None,
        received_at: 10,
        escalate_at: 20,
        escalated: false,
        updated_at: 10,
        source: None,
        close_reason_sealed: None,
    };
    s.insert_tip(&tip).await.expect("tip");
    assert_eq!(
        s.tip_by_receipt("ABCDE-FGHJK").await.expect("by receipt"),
        Some(tip.clone())
    );
    // An agency's report names the agency and the applicant; a closed tip keeps its reason.
    let reported = Tip {
        id: "t-agency".into(),
        receipt: "KLMNP-QRSTU".into(),
        channel: TipChannel::Agency,
        source: Some(sinergi_domain::cases::tip_record::TipSource {
            agency: "polres".into(),
            applicant_id: Some("app-1".into()),
        }),
        close_reason_sealed: Some(vec![9, 9]),
        ..tip.clone()
    };
    s.insert_tip(&reported).await.expect("agency tip");
    assert_eq!(
        s.tips_from_applicant("app-1")
            .await
            .expect("from applicant"),
        vec![reported.clone()]
    );
    assert!(
        s.tips_from_applicant("app-2")
            .await
            .expect("none")
            .is_empty()
    );
    let mut t2 = tip.clone();
    t2.status = TipStatus::CaseOpened;
    t2.case_id = Some("c1".into());
    t2.escalated = true;
    assert!(
        !s.update_tip(&t2, TipStatus::Assigned).await.expect("stale"),
        "an update from a stale status changes nothing"
    );
    assert!(
        s.update_tip(&t2, TipStatus::Received)
            .await
            .expect("update")
    );
    assert_eq!(
        s.tip("t1").await.expect("tip").expect("some").status,
        TipStatus::CaseOpened
    );
    let mut t3 = t2.clone();
    t3.case_id = Some("c2".into());
    assert!(
        !s.update_tip(&t3, TipStatus::CaseOpened)
            .await
            .expect("second case"),
        "a tip with a case never gets a second one"
    );
    assert_eq!(s.tips(10).await.expect("tips").len(), 2);

    let case = Case {
        id: "c1".into(),
        number: "SNG/2026/000001".into(),
        kind: CaseKind::Tppo,
        title: "Perekrutan ke Malaysia".into(),
        lead_agency: "polres".into(),
        regime: Regime::Kuhap2025,
        started_on: date!(2026 - 03 - 01),
        status: CaseStatus::Open,
        created_by: "u1".into(),
        created_at: 100,
    };
    s.insert_case(&case).await.expect("case");
    assert_eq!(
        s.count_cases_with_prefix("SNG/2026/").await.expect("count"),
        1
    );
    assert_eq!(
        s.cases_visible_to("polres", "")
            .await
            .expect("visible")
            .len(),
        1
    );
    assert!(
        s.cases_visible_to("batu", "")
            .await
            .expect("visible")
            .is_empty()
    );
    s.share_case("c1", "iom", 101).await.expect("share");
    s.share_case("c1", "iom", 102).await.expect("share twice");
    assert_eq!(
        s.case_agencies("c1").await.expect("agencies"),
        vec!["polres", "iom"]
    );
    assert_eq!(
        s.cases_visible_to("iom", "malaysia")
            .await
            .expect("search")
            .len(),
        1
    );

    let victim = crate::fixtures::protected_victim("p1", "c1");
    let suspect = CasePerson {
        investigator: Some(Investigator::Polri),
        phone_idx: Some("ph".into()),
        ..CasePerson::named(
            "p2".into(),
            "c1".into(),
            PersonRole::Suspect,
            "Budi Santoso".into(),
            111,
        )
    };
    s.insert_case_person(&victim).await.expect("victim");
    s.insert_case_person(&suspect).await.expect("suspect");
    assert_eq!(
        s.case_people("c1").await.expect("people"),
        vec![victim.clone(), suspect.clone()]
    );
    assert_eq!(
        s.named_case_people().await.expect("named"),
        vec![suspect.clone()]
    );
    assert_eq!(
        s.case_people_by_phone_idx("ph").await.expect("by phone"),
        vec![suspect.clone()]
    );
    assert_eq!(
        s.case_person("p1").await.expect("one"),
        Some(victim.clone())
    );
    assert!(
        !s.has_case_consent("p1", "victim_assistance")
            .await
            .expect("consent")
    );
    s.insert_case_consent("k1", "p1", "victim_assistance", "2026-03-02", "u1", 112)
        .await
        .expect("consent");
    assert!(
        s.has_case_consent("p1", "victim_assistance")
            .await
            .expect("consent")
    );

    let ev = CaseEvent {
        id: "e1".into(),
        case_id: "c1".into(),
        at: 120,
        actor_id: "u1".into(),
        agency_code: "polres".into(),
        agency_name: "Polres Malang".into(),
        kind: "case.open".into(),
        detail: "".into(),
    };
    s.insert_case_event(&ev).await.expect("event");
    assert_eq!(s.case_events("c1").await.expect("events"), vec![ev]);
    s.link_case("c1", LinkKind::Screening, "scr-1", 130)
        .await
        .expect("link");
    s.link_case("c1", LinkKind::Screening, "scr-1", 131)
        .await
        .expect("link twice");
    assert_eq!(s.case_links("c1").await.expect("links").len(), 1);
    s.link_case("c1", LinkKind::Meeting, "m-1", 132)
        .await
        .expect("meeting link");
    assert_eq!(
        s.cases_linking(LinkKind::Meeting, "m-1")
            .await
            .expect("cases linking"),
        vec!["c1".to_string()]
    );
    assert!(
        s.cases_linking(LinkKind::Meeting, "m-2")
            .await
            .expect("none")
            .is_empty()
    );
    s.insert_entity(&CaseEntity {
        id: "o1".into(),
        case_id: "c1".into(),
        kind: EntityKind::P3mi,
        name: "PT X".into(),
        detail: "".into(),
        added_at: 1,
    })
    .await
    .expect("entity");
    assert_eq!(s.case_entities("c1").await.expect("entities").len(), 1);
    s.insert_attachment(&Attachment {
        id: "a1".into(),
        case_id: "c1".into(),
        file_name: "lp.pdf".into(),
        content_type: "application/pdf".into(),
        size: 5,
        sha256: "x".into(),
        path: "cases/c1/a1".into(),
        added_by: "u1".into(),
        added_at: 1,
    })
    .await
    .expect("attachment");
    assert_eq!(
        s.case_attachments("c1").await.expect("attachments").len(),
        1
    );

    let r = Referral {
        id: "r1".into(),
        case_id: "c1".into(),
        from_agency: "polres".into(),
        to_agency: "iom".into(),
        purpose: "victim_assistance".into(),
        reason: "shelter".into(),
        due_at: 1000,
        state: ReferralState::InProgress,
        state_reason: None,
        consent_basis: "consent:k1".into(),
        transfer_lead: false,
        created_by: "u1".into(),
        created_at: 200,
        updated_at: 200,
        reminded_at: None,
    };
    s.insert_referral(&r).await.expect("referral");
    assert_eq!(
        s.overdue_referrals(2000, 0).await.expect("overdue").len(),
        1
    );
    assert!(
        s.update_referral_state(
            "r1",
            ReferralState::InProgress,
            ReferralState::Accepted,
            None,
            300
        )
        .await
        .expect("accept")
    );
    assert!(
        !s.update_referral_state(
            "r1",
            ReferralState::InProgress,
            ReferralState::Rejected,
            Some("x".into()),
            301,
        )
        .await
        .expect("stale")
    );
    s.mark_referral_reminded("r1", 2000)
        .await
        .expect("reminded");
    assert!(
        s.overdue_referrals(2000, 1500)
            .await
            .expect("overdue")
            .is_empty()
    );
    assert_eq!(
        s.referrals_for_agency("iom").await.expect("inbox")[0].state,
        ReferralState::Accepted
    );
    assert_eq!(s.referrals_for_case("c1").await.expect("by case").len(), 1);
    assert_eq!(
        s.referral("r1")
            .await
            .expect("one")
            .expect("some")
            .reminded_at,
        Some(2000)
    );

    let step = LegalStep {
        id: "l1".into(),
        case_id: "c1".into(),
        person_id: "p2".into(),
        seq: 1,
        stage: Stage::Penyelidikan,
        on_date: date!(2026 - 03 - 01),
        document_no: "SP.Lidik/1".into(),
        office: "Polres Malang".into(),
        recorded_by: "u1".into(),
        recorded_at: 300,
    };
    s.insert_legal_step(&step).await.expect("step");
    let mut dup = step.clone();
    dup.id = "l2".into();
    assert!(matches!(
        s.insert_legal_step(&dup).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.legal_steps_for_case("c1").await.expect("steps"),
        vec![step]
    );
    let mut ch = Charges {
        person_id: "p2".into(),
        case_id: "c1".into(),
        sheet: ChargeSheet {
            combination: Combination::Cumulative,
            lines: vec![vec![Cited {
                law: "UU 21/2007".into(),
                article: "4".into(),
            }]],
        }
        .into(),
        offence_on: date!(2026 - 02 - 01),
        verdict: None,
        updated_at: 1,
    };
    s.upsert_charges(&ch).await.expect("charges");
    ch.verdict = Some(Verdict {
        number: "12/Pid.Sus/2026/PN Mlg".into(),
        sentence_months: 36,
        fine: 120_000_000,
        restitution: 5_000_000,
    });
    s.upsert_charges(&ch).await.expect("charges again");
    assert_eq!(s.charges_for_case("c1").await.expect("charges"), vec![ch]);

    let a = Assistance {
        id: "s1".into(),
        case_id: "c1".into(),
        person_id: Some("p1".into()),
        service: Service::Shelter,
        agency_code: "iom".into(),
        started_on: date!(2026 - 03 - 03),
        ended_on: Some(date!(2026 - 03 - 20)),
        outcome: Outcome::Ongoing,
        simfoni_no: Some("3507/2026/1".into()),
        recorded_by: "u2".into(),
        recorded_at: 1,
    };
    s.insert_assistance(&a).await.expect("assistance");
    assert_eq!(
        s.assistance_for_case("c1").await.expect("assistance"),
        vec![a]
    );

    let m = Meeting {
        id: "m1".into(),
        held_on: date!(2026 - 03 - 05),
        host_agency: "batu".into(),
        title: "Rakor".into(),
        agenda: "a".into(),
        minutes: "m".into(),
        decisions: "d".into(),
        created_by: "u3".into(),
        created_at: 1,
    };
    s.insert_meeting(&m, &["polres".into(), "iom".into()])
        .await
        .expect("meeting");
    assert_eq!(s.meeting("m1").await.expect("m").expect("some"), m);
    assert_eq!(s.meetings().await.expect("list").len(), 1);
    assert_eq!(
        s.meeting_attendees("m1").await.expect("att"),
        vec!["iom", "polres"]
    );
    let item = ActionItem {
        id: "ai1".into(),
        meeting_id: "m1".into(),
        agency_code: "polres".into(),
        description: "x".into(),
        due_on: date!(2026 - 03 - 10),
        state: ActionState::Open,
        closed_by: None,
        closed_at: None,
    };
    s.insert_action_item(&item).await.expect("item");
    assert_eq!(s.open_action_items("polres").await.expect("open").len(), 1);
    assert!(
        s.close_action_item("ai1", ActionState::Done, "u1", 5)
            .await
            .expect("close")
    );
    assert!(
        !s.close_action_item("ai1", ActionState::Done, "u1", 6)
            .await
            .expect("close twice")
    );
    assert!(
        s.open_action_items("polres")
            .await
            .expect("open")
            .is_empty()
    );
    assert_eq!(
        s.action_items("m1").await.expect("items")[0].closed_at,
        Some(5)
    );
    assert_eq!(
        s.action_item("ai1")
            .await
            .expect("item")
            .expect("some")
            .state,
        ActionState::Done
    );

    s.insert_bulletin(&Bulletin {
        id: "b1".into(),
        from_agency: "polres".into(),
        kind: BulletinKind::Modus,
        title: "t".into(),
        body: "b".into(),
        region_code: None,
        created_by: "u1".into(),
        created_at: 1,
    })
    .await
    .expect("bulletin");
    s.mark_bulletin_read("b1", "u2", "iom", 7)
        .await
        .expect("read");
    s.mark_bulletin_read("b1", "u2", "iom", 8)
        .await
        .expect("read again");
    assert_eq!(
        s.bulletin_reads("b1").await.expect("reads"),
        vec![BulletinRead {
            user_id: "u2".into(),
            agency_code: "iom".into(),
            read_at: 7,
        }]
    );
    assert_eq!(s.bulletins().await.expect("bulletins").len(), 1);
    s.insert_notification(&Notification {
        id: "n1".into(),
        agency_code: "iom".into(),
        kind: NotificationKind::Referral,
        subject_id: "r1".into(),
        detail: "".into(),
        created_at: 1,
        read_at: None,
    })
    .await
    .expect("notification");
    assert_eq!(s.notifications("iom", 10).await.expect("notes").len(), 1);
    s.set_case_lead("c1", "iom").await.expect("lead");
    assert_eq!(
        s.case("c1").await.expect("case").expect("some").lead_agency,
        "iom"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn unsharing_a_case() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    for (c, k) in [("polres", AgencyKind::Polri), ("iom", AgencyKind::Iom)] {
        s.upsert_agency(&agency(c, k)).await.expect("agency");
    }
    let case = Case {
        id: "c9".into(),
        number: "SNG/2026/000009".into(),
        kind: CaseKind::Tppo,
        title: "t".into(),
        lead_agency: "polres".into(),
        regime: Regime::Kuhap2025,
        started_on: date!(2026 - 03 - 01),
        status: CaseStatus::Open,
        created_by: "u1".into(),
        created_at: 1,
    };
    s.insert_case(&case).await.expect("case");
    s.share_case("c9", "iom", 2).await.expect("share");
    s.unshare_case("c9", "iom").await.expect("unshare");
    assert_eq!(
        s.case_agencies("c9").await.expect("agencies"),
        vec!["polres"]
    );
    db.cleanup().await;
}
