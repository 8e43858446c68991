//! A case opened from Imigrasi's deferral, meetings linked to cases, aliases and the kept
//! reason of a closed tip, on SQLite and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL.

use sinergi_app::AppError;
use sinergi_app::cases::*;
use sinergi_app::prevention::{ApplicationInput, DecisionInput};
use sinergi_domain::access::Role;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::case_record::LinkKind;
use sinergi_domain::cases::tip::{TipChannel, TipStatus};

use super::case_support::*;

fn dewi() -> sinergi_app::auth::Actor {
    actor("u-dewi", "kanim-malang", Role::ImmigrationOfficer)
}

fn sari() -> ApplicationInput {
    ApplicationInput {
        full_name: "Sari Wulandari".into(),
        nik: "3507045203950002".into(),
        birth_date: "12/03/1995".into(),
        sex: "P".into(),
        purpose: "tourism".into(),
        destination: "MY".into(),
        phone: "0812-3456-7010".into(),
        sponsor_name: "Darto Sugiharto".into(),
        sponsor_phone: "0812-3456-7001".into(),
        documents: "ktp,kartu_keluarga".into(),
        ..ApplicationInput::default()
    }
}

/// Records Sari's application at Kanim Malang and defers it; returns its id.
async fn deferred(app: &sinergi_app::App) -> String {
    let id = app
        .record_application(&dewi(), &sari())
        .await
        .expect("record")
        .id;
    app.decide_applicant(
        &dewi(),
        &id,
        &DecisionInput {
            decision: "defer".into(),
            reason: "Tujuan wisata, tetapi mengaku akan bekerja di kebun sawit".into(),
            ..DecisionInput::default()
        },
    )
    .await
    .expect("defer");
    id
}

#[tokio::test]
async fn imigrasi_reports_a_deferral_and_polres_opens_a_case_with_the_applicant() {
    let e = env().await;
    let app = &e.app;
    let id = app
        .record_application(&dewi(), &sari())
        .await
        .expect("record")
        .id;
    // Only a deferred or refused application can be reported.
    let early = app
        .report_applicant_to_police(&dewi(), &id, "Dicurigai")
        .await;
    assert_eq!(early.unwrap_err().key(), "report_needs_deferral");
    let id = deferred(app).await;
    // Another office may not report what it does not hold; a note is required.
    let blitar = actor("u-agus", "kanim-blitar", Role::ImmigrationOfficer);
    assert!(matches!(
        app.report_applicant_to_police(&blitar, &id, "x").await,
        Err(AppError::NotFound)
    ));
    assert_eq!(
        app.report_applicant_to_police(&dewi(), &id, " ")
            .await
            .unwrap_err()
            .key(),
        "required"
    );
    let receipt = app
        .report_applicant_to_police(&dewi(), &id, "Sponsor Darto menjanjikan kerja di Malaysia")
        .await
        .expect("report");
    assert!(matches!(
        app.report_applicant_to_police(&dewi(), &id, "lagi").await,
        Err(AppError::Conflict("already_reported"))
    ));
    let (r, status, case) = app
        .applicant_police_report(&dewi(), &id)
        .await
        .expect("report status")
        .expect("a report");
    assert_eq!(
        (r.as_str(), status, case),
        (receipt.as_str(), TipStatus::Received, None)
    );

    // Polres finds it in triage: from Kanim Malang, about the applicant, the sponsor as the
    // reported recruiter.
    let queue = app.tip_queue(&polres()).await.expect("queue");
    let t = queue
        .iter()
        .find(|t| t.receipt == receipt)
        .expect("the report is in Polres's triage");
    assert_eq!(t.channel, TipChannel::Agency);
    let src = t.source.as_ref().expect("source");
    assert_eq!(src.agency, "kanim-malang");
    assert_eq!(src.applicant_name.as_deref(), Some("Sari Wulandari"));
    assert_eq!(t.suspect_name.as_deref(), Some("Darto Sugiharto"));
    // Not for IOM (a caseworker does not triage).
    assert!(app.tip_queue(&iom()).await.is_err());

    // Polres may link only applicants reported to it; the picker lists Sari.
    let case = app
        .open_case(
            &polres(),
            NewCase {
                kind: "pmi_np".into(),
                title: "Calon PMI non-prosedural ke Malaysia".into(),
                started_on: "2026-03-01".into(),
                tip_id: Some(t.id.clone()),
            },
        )
        .await
        .expect("case from the report");
    let d = app.case_detail(&polres(), &case.id).await.expect("detail");
    let link = d
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Screening)
        .expect("the screening is linked");
    assert_eq!(link.ref_id, id);
    assert_eq!(link.label, "Sari Wulandari");
    assert!(
        !link.openable,
        "Polres does not open Imigrasi's applicant page"
    );
    let victim = d
        .people
        .iter()
        .find(|p| p.role == PersonRole::Victim)
        .expect("the applicant is the person to protect");
    assert_eq!(victim.name, "Sari Wulandari");
    assert_eq!(victim.nik.as_deref(), Some("3507045203950002"));
    assert_eq!(victim.phone.as_deref(), Some("+6281234567010"));
    assert!(
        d.people
            .iter()
            .any(|p| p.role == PersonRole::Suspect && p.name == "Darto Sugiharto")
    );
    // Imigrasi sees the report became a case.
    let (_, status, case_id) = app
        .applicant_police_report(&dewi(), &id)
        .await
        .expect("status")
        .expect("report");
    assert_eq!(status, TipStatus::CaseOpened);
    assert_eq!(case_id.as_deref(), Some(case.id.as_str()));

    // The picker: Polres sees the reported applicant, whatever it types; an unknown id is
    // refused instead of linking a reference that leads nowhere.
    let picks = app
        .linkable_screenings(&polres(), &case.id, "")
        .await
        .expect("picker");
    assert_eq!(picks.len(), 1);
    assert_eq!(picks[0].applicant_id, id);
    assert_eq!(
        app.link_screening(&polres(), &case.id, "SKR-0001")
            .await
            .unwrap_err()
            .key(),
        "screening_unknown"
    );
}

#[tokio::test]
async fn meetings_link_cases_aliases_show_and_a_closed_tip_keeps_its_reason() {
    let e = env().await;
    let app = &e.app;
    let case = app
        .open_case(
            &polres(),
            NewCase {
                kind: "tppo".into(),
                title: "Jaringan Pak Darto".into(),
                started_on: "2026-02-20".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    app.add_case_person(
        &polres(),
        &case.id,
        NewCasePerson {
            role: "suspect".into(),
            name: "Darto Sugiharto".into(),
            alias: Some("Pak Darto".into()),
            ..Default::default()
        },
    )
    .await
    .expect("suspect");
    app.add_case_person(
        &polres(),
        &case.id,
        NewCasePerson {
            role: "victim".into(),
            name: "Sri Wahyuni".into(),
            alias: Some("Yuni".into()),
            ..Default::default()
        },
    )
    .await
    .expect("victim");
    let d = app.case_detail(&polres(), &case.id).await.expect("detail");
    let suspect = d.people.iter().find(|p| p.role == PersonRole::Suspect);
    assert_eq!(suspect.and_then(|p| p.alias.as_deref()), Some("Pak Darto"));
    let victim = d.people.iter().find(|p| p.role == PersonRole::Victim);
    assert_eq!(victim.and_then(|p| p.alias.as_deref()), Some("Yuni"));
    // A reader who may not see victim identity sees neither the name nor the alias.
    let shared = app
        .refer_case(
            &polres(),
            &case.id,
            NewReferral {
                to_agency: "pemkot-batu".into(),
                purpose: "coordination".into(),
                reason: "Rapat Gugus Tugas".into(),
                due_on: "2026-03-20".into(),
                override_reason: Some("Tanpa identitas korban".into()),
            },
        )
        .await;
    assert!(shared.is_ok(), "{shared:?}");
    let seen = app.case_detail(&batu(), &case.id).await.expect("shared");
    let v = seen
        .people
        .iter()
        .find(|p| p.role == PersonRole::Victim)
        .expect("victim line");
    assert!(v.masked && v.alias.is_none(), "{v:?}");

    // The coordinator records a meeting that discussed the case; both sides show the link.
    let m = app
        .create_meeting(
            &batu(),
            NewMeeting {
                held_on: "2026-03-05".into(),
                title: "Rapat Gugus Tugas Maret".into(),
                attendees: vec!["polres-malang".into()],
                cases: vec![case.id.clone()],
                ..Default::default()
            },
        )
        .await
        .expect("meeting");
    assert_eq!(
        app.meeting_cases(&polres(), &m).await.expect("cases"),
        vec![(case.id.clone(), case.number.clone())]
    );
    let d = app.case_detail(&polres(), &case.id).await.expect("detail");
    let l = d
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Meeting)
        .expect("meeting link");
    assert_eq!(l.label, "Rapat Gugus Tugas Maret");
    assert_eq!(l.on, Some(time::macros::date!(2026 - 03 - 05)));
    // A meeting the agency did not attend cannot be linked; an attended one can, once.
    let other = app
        .create_meeting(
            &batu(),
            NewMeeting {
                held_on: "2026-03-06".into(),
                title: "Rapat internal Pemkot".into(),
                attendees: vec![],
                ..Default::default()
            },
        )
        .await
        .expect("other meeting");
    assert_eq!(
        app.link_meeting(&polres(), &case.id, &other)
            .await
            .unwrap_err()
            .key(),
        "unknown_meeting"
    );
    app.link_meeting(&polres(), &case.id, &m)
        .await
        .expect("linking again is harmless");
    let mine = app.my_meetings(&polres()).await.expect("mine");
    assert_eq!(mine.len(), 1);
    // A meeting cannot name a case its host may not see.
    let kanwil = actor("u-kanwil", "kanwil-jatim", Role::Coordinator);
    let hidden = app
        .create_meeting(
            &kanwil,
            NewMeeting {
                held_on: "2026-03-07".into(),
                title: "x".into(),
                cases: vec![case.id.clone()],
                ..Default::default()
            },
        )
        .await;
    assert_eq!(hidden.unwrap_err().key(), "unknown_case");

    // A tip closed without a case keeps its reason, readable by the holders who may read it.
    let public = sinergi_app::audit::Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };
    app.submit_tip(&public, tip("Nama Samaran"))
        .await
        .expect("tip");
    let q = app.tip_queue(&polres()).await.expect("queue");
    app.close_tip(&polres(), &q[0].id, "Sudah ditangani Polsek; bukan TPPO")
        .await
        .expect("close");
    let q = app.tip_queue(&polres()).await.expect("queue");
    assert_eq!(
        q[0].close_reason.as_deref(),
        Some("Sudah ditangani Polsek; bukan TPPO")
    );
    // The public cannot file an "agency" tip.
    let mut forged = tip("x");
    forged.channel = "agency".into();
    assert_eq!(
        app.submit_tip(&public, forged).await.unwrap_err().key(),
        "invalid_channel"
    );
}
