//! Coordination use cases on SQLite and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL:
//! need-to-know (IDOR by id, search, export, audit of denials), masking, every state machine and
//! the Done-means journey through the application API.

use sinergi_app::AppError;
use sinergi_app::cases::*;
use sinergi_domain::cases::charges::{ChargeSheet, Cited, Combination, Verdict};
use sinergi_domain::cases::legal::Stage;
use sinergi_domain::cases::referral::ReferralState;
use sinergi_domain::cases::tip::TipStatus;

use super::case_support::*;

#[tokio::test]
async fn the_coordination_journey_through_the_api() {
    let e = env().await;
    let app = &e.app;
    let public = sinergi_app::audit::Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };
    let receipt = app
        .submit_tip(&public, tip("Mochamad Soetrisno"))
        .await
        .expect("tip");
    assert_eq!(
        app.tip_status(&receipt.to_lowercase())
            .await
            .expect("status")
            .status,
        TipStatus::Received
    );
    assert!(matches!(
        app.tip_status("AAAAA-AAAAA").await,
        Err(AppError::NotFound)
    ));
    let queue = app.tip_queue(&polres()).await.expect("queue");
    assert_eq!(queue.len(), 1);
    assert!(
        queue[0]
            .forwarding
            .iter()
            .any(|(k, b)| k == "polri" && b == "duty_to_report")
    );

    // A tip becomes a case at Polres.
    let case = app
        .open_case(
            &polres(),
            NewCase {
                kind: "tppo".into(),
                title: "Perekrutan ke Malaysia".into(),
                started_on: "2026-02-10".into(),
                tip_id: Some(queue[0].id.clone()),
            },
        )
        .await
        .expect("case");
    assert_eq!(case.regime.code(), "kuhap_2025");
    assert_eq!(
        app.tip_status(&receipt).await.expect("status").status,
        TipStatus::CaseOpened
    );
    // A reference that leads to no screening is refused (links come from the picker; see
    // cases_from_deferral).
    assert_eq!(
        app.link_screening(&polres(), &case.id, "scr-0001")
            .await
            .unwrap_err()
            .key(),
        "screening_unknown"
    );
    let victim = app
        .add_case_person(
            &polres(),
            &case.id,
            NewCasePerson {
                role: "victim".into(),
                name: "Sri Wahyuni".into(),
                nik: None,
                phone: Some("0812-3456-7890".into()),
                ..Default::default()
            },
        )
        .await
        .expect("victim");
    // Referral to IOM: consent is required first.
    let refer = NewReferral {
        to_agency: "iom-indonesia".into(),
        purpose: PURPOSE_VICTIM_ASSISTANCE.into(),
        reason: "shelter".into(),
        due_on: "2026-03-10".into(),
        override_reason: None,
    };
    match app.refer_case(&polres(), &case.id, refer.clone()).await {
        Err(AppError::Invalid { key, .. }) => assert_eq!(key, "consent_required"),
        other => panic!("expected consent_required, got {other:?}"),
    }
    app.record_victim_consent(&polres(), &victim, PURPOSE_VICTIM_ASSISTANCE, "2026-03-01")
        .await
        .expect("consent");
    let r = app
        .refer_case(&polres(), &case.id, refer)
        .await
        .expect("refer");
    assert_eq!(
        app.home_notices(&iom())
            .await
            .expect("notices")
            .pending_referrals,
        1
    );
    assert_eq!(
        app.referral_action(&iom(), &r, "accept", "")
            .await
            .expect("accept"),
        ReferralState::Accepted
    );
    // The receiver cannot revoke; the sender cannot complete.
    assert!(
        app.referral_action(&iom(), &r, "revoke", "x")
            .await
            .is_err()
    );
    assert!(
        app.referral_action(&polres(), &r, "complete", "")
            .await
            .is_err()
    );
    app.record_assistance(
        &iom(),
        &case.id,
        NewAssistance {
            person_id: Some(victim.clone()),
            service: "shelter".into(),
            started_on: "2026-03-01".into(),
            outcome: "ongoing".into(),
            simfoni_no: Some("3507/2026/00012".into()),
            ..Default::default()
        },
    )
    .await
    .expect("assistance");
    // IOM sees the victim in clear (ViewVictimIdentity); a prosecutor-less coordinator would not.
    let d = app.case_detail(&iom(), &case.id).await.expect("iom sees");
    assert!(
        d.people
            .iter()
            .any(|p| p.name == "Sri Wahyuni" && !p.masked)
    );

    // A suspect moves from penyelidikan to P-21 with charges.
    let suspect = d
        .people
        .iter()
        .find(|p| p.role == sinergi_domain::cases::PersonRole::Suspect)
        .expect("suspect from tip")
        .id
        .clone();
    for (stage, on) in [
        ("penyelidikan", "2026-02-10"),
        ("penyidikan", "2026-02-20"),
        ("spdp", "2026-02-21"),
        ("tahap_1", "2026-02-25"),
        ("p19", "2026-02-26"),
        ("tahap_1", "2026-02-27"),
        ("p21", "2026-02-28"),
    ] {
        app.record_legal_step(
            &polres(),
            &suspect,
            NewLegalStep {
                stage: stage.into(),
                on: on.into(),
                document_no: format!("B/{stage}/2026"),
                office: "Polres Malang".into(),
            },
        )
        .await
        .expect(stage);
    }
    match app
        .record_legal_step(
            &polres(),
            &suspect,
            NewLegalStep {
                stage: "putusan".into(),
                on: "2026-02-28".into(),
                document_no: "x".into(),
                office: "PN".into(),
            },
        )
        .await
    {
        Err(AppError::Invalid { key, .. }) => assert_eq!(key, "invalid_transition"),
        other => panic!("expected invalid_transition, got {other:?}"),
    }
    let sheet = ChargeSheet {
        combination: Combination::Cumulative,
        lines: vec![
            vec![
                Cited {
                    law: "UU 21/2007".into(),
                    article: "4".into(),
                },
                Cited {
                    law: "UU 21/2007".into(),
                    article: "10".into(),
                },
            ],
            vec![Cited {
                law: "UU 18/2017".into(),
                article: "81".into(),
            }],
        ],
    };
    let rendered = app
        .set_charges(&polres(), &suspect, sheet, "2026-01-15")
        .await
        .expect("charges");
    assert_eq!(
        rendered,
        "Kesatu: Pasal 4 jo Pasal 10 UU 21/2007 dan Kedua: Pasal 81 UU 18/2017"
    );
    // UU 18/2017 was not in force for a 2016 offence.
    let bad = ChargeSheet {
        combination: Combination::Alternative,
        lines: vec![vec![Cited {
            law: "UU 18/2017".into(),
            article: "81".into(),
        }]],
    };
    assert!(
        app.set_charges(&polres(), &suspect, bad, "2016-01-15")
            .await
            .is_err()
    );
    app.set_verdict(
        &polres(),
        &suspect,
        Verdict {
            number: "12/Pid.Sus/2026/PN Kpn".into(),
            sentence_months: 60,
            fine: 120_000_000,
            restitution: 25_000_000,
        },
    )
    .await
    .expect("verdict");
    let d = app.case_detail(&polres(), &case.id).await.expect("detail");
    let prog = &d.legal[0];
    assert_eq!(prog.stage, Some(Stage::P21));
    assert_eq!(prog.p19_rounds, 1);
    assert!(prog.charges.as_deref().is_some_and(|c| c.contains(" jo ")));
    assert!(!prog.stalled);
    e.clock.advance(time::Duration::days(30));
    assert!(
        app.case_detail(&polres(), &case.id)
            .await
            .expect("detail")
            .legal[0]
            .stalled,
        "P-21 for 30 days is stalled"
    );

    // A meeting's action item is assigned and closed.
    let m = app
        .create_meeting(
            &batu(),
            NewMeeting {
                held_on: "2026-03-20".into(),
                title: "Rakor Gugus Tugas".into(),
                attendees: vec!["polres-malang".into(), "iom-indonesia".into()],
                agenda: "a".into(),
                minutes: "m".into(),
                decisions: "d".into(),
                cases: vec![],
            },
        )
        .await
        .expect("meeting");
    let item = app
        .add_action_item(
            &batu(),
            &m,
            "polres-malang",
            "Profil perekrut",
            "2026-03-25",
        )
        .await
        .expect("item");
    e.clock.advance(time::Duration::days(5));
    assert_eq!(
        app.home_notices(&polres())
            .await
            .expect("notices")
            .overdue_actions
            .len(),
        1
    );
    assert!(matches!(
        app.close_action_item(&iom(), &item, "done").await,
        Err(AppError::Forbidden)
    ));
    app.close_action_item(&polres(), &item, "done")
        .await
        .expect("close");
    assert!(
        app.close_action_item(&polres(), &item, "done")
            .await
            .is_err()
    );
    assert!(
        app.home_notices(&polres())
            .await
            .expect("notices")
            .overdue_actions
            .is_empty()
    );
    app.referral_action(&iom(), &r, "complete", "")
        .await
        .expect("done");

    // Every state change is in the timeline with who and the agency name at the time.
    let d = app.case_detail(&polres(), &case.id).await.expect("detail");
    let kinds: Vec<&str> = d.timeline.iter().map(|t| t.kind.as_str()).collect();
    for k in [
        "case.open",
        "case.link_tip",
        "case.add_person",
        "case.consent",
        "case.refer",
        "referral.accept",
        "assistance.record",
        "legal.step",
        "legal.charges",
        "legal.verdict",
        "referral.complete",
    ] {
        assert!(kinds.contains(&k), "timeline lacks {k}: {kinds:?}");
    }
    assert!(
        d.timeline
            .iter()
            .all(|t| !t.agency_name.is_empty() && !t.actor_id.is_empty())
    );
    assert!(
        d.timeline.iter().all(|t| !t.detail.contains("Sri")),
        "no victim names in the timeline"
    );
    assert!(
        !app.notifications(&polres())
            .await
            .expect("notes")
            .is_empty()
    );
    e.db.cleanup().await;
}

#[tokio::test]
async fn need_to_know_by_id_search_export_and_audit() {
    let e = env().await;
    let app = &e.app;
    let case = app
        .open_case(
            &polres(),
            NewCase {
                kind: "pmi_np".into(),
                title: "Calo Sumbermanjing".into(),
                started_on: "2025-12-30".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    assert_eq!(case.regime.code(), "kuhap_1981");
    let victim = app
        .add_case_person(
            &polres(),
            &case.id,
            NewCasePerson {
                role: "victim".into(),
                name: "Siti Aminah".into(),
                ..Default::default()
            },
        )
        .await
        .expect("victim");
    // By id: not found, and the attempt is audited.
    assert!(matches!(
        app.case_detail(&batu(), &case.id).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        app.case_network(&batu(), &case.id).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        app.link_screening(&batu(), &case.id, "x").await,
        Err(AppError::NotFound | AppError::Forbidden)
    ));
    let audit = app.recent_audit(&admin(), 50).await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|r| r.action == "case.denied" && r.subject == case.id && r.actor == "u-batu")
    );
    // Search and export.
    assert!(app.cases(&batu(), "Calo").await.expect("search").is_empty());
    assert_eq!(app.cases(&polres(), "calo").await.expect("search").len(), 1);
    assert!(
        !app.export_cases_csv(&batu())
            .await
            .expect("export")
            .contains("SNG/")
    );
    assert!(
        app.export_cases_csv(&polres())
            .await
            .expect("export")
            .contains(&case.number)
    );
    // A user without ViewVictimIdentity sees the victim masked once the case is shared.
    e.db.store
        .share_case(&case.id, "pemkot-batu", 1)
        .await
        .expect("share");
    let d = app
        .case_detail(&batu(), &case.id)
        .await
        .expect("shared now");
    let v = d.people.iter().find(|p| p.id == victim).expect("victim");
    assert!(
        v.masked && v.name == "******",
        "no initials, no lengths: {}",
        v.name
    );
    // Sealed at rest: the clear name is nowhere in the table.
    let rows = e.db.store.case_people(&case.id).await.expect("rows");
    assert!(rows.iter().all(|r| {
        r.name.is_none()
            && r.name_enc
                .as_ref()
                .is_some_and(|b| !String::from_utf8_lossy(b).contains("Siti"))
    }));
    // Referral with override needs the permission and a reason.
    let refer = NewReferral {
        to_agency: "iom-indonesia".into(),
        purpose: PURPOSE_VICTIM_ASSISTANCE.into(),
        reason: "shelter".into(),
        due_on: "2026-03-05".into(),
        override_reason: Some("korban dalam bahaya".into()),
    };
    let r = app
        .refer_case(&polres(), &case.id, refer)
        .await
        .expect("override by investigator");
    // Revocation needs a reason, then the referral is closed.
    assert!(
        app.referral_action(&polres(), &r, "revoke", "")
            .await
            .is_err()
    );
    assert_eq!(
        app.referral_action(&polres(), &r, "revoke", "salah alamat")
            .await
            .expect("revoke"),
        ReferralState::Revoked
    );
    assert!(app.referral_action(&iom(), &r, "accept", "").await.is_err());
    e.db.cleanup().await;
}
