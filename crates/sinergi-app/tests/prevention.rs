//! Passport screening end to end in the application layer, on SQLite and PostgreSQL.

use sinergi_app::auth::Actor;
use sinergi_app::prevention::{ApplicationInput, DecisionInput, Interview, WatchlistInput};
use sinergi_app::{App, AppError};
use sinergi_domain::access::Role;
use sinergi_domain::clock::ManualClock;
use sinergi_domain::prevention::{
    ApplicationStatus, Document, HitAbout, HitTarget, RiskBand, Screening,
};
use sinergi_store::testing::TestDatabase;
use std::sync::Arc;

use sinergi_testkit::PASSWORD as PW;
use sinergi_testkit::{TestEnv, add_user};

async fn setup() -> (TestDatabase, App, Arc<ManualClock>) {
    let TestEnv { db, app, clock } = TestEnv::new().await;
    (db, app, clock)
}

async fn actor(app: &App, username: &str, agency: &str, role: Role) -> Actor {
    add_user(app, username, agency, role).await;
    app.login(username, PW, "t").await.expect("login").actor
}

fn siti(sponsor_phone: &str) -> ApplicationInput {
    ApplicationInput {
        full_name: "Siti Nurhalizah".into(),
        nik: "3507045203950002".into(),
        birth_date: "12/03/1995".into(),
        sex: "P".into(),
        purpose: "umrah_hajj".into(),
        destination: "SA".into(),
        sponsor_name: "Pak Darto".into(),
        sponsor_phone: sponsor_phone.into(),
        documents: "ktp,kartu_keluarga".into(),
        ..ApplicationInput::default()
    }
}

#[tokio::test]
async fn recruiter_phone_deferral_referral_and_cross_office_flag() {
    let (db, app, clock) = setup().await;
    let dewi = actor(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let hendra = actor(&app, "hendra", "kanim-malang", Role::Supervisor).await;
    let blitar = actor(&app, "agus", "kanim-blitar", Role::ImmigrationOfficer).await;
    let disnaker = actor(&app, "wahyu", "disnaker-kab-malang", Role::LabourOfficer).await;

    // A recruiter's phone on the watchlist, four eyes.
    let w = app
        .propose_watchlist(
            &dewi,
            &WatchlistInput {
                kind: "recruiter".into(),
                full_name: "Darto Calo".into(),
                phone: "0812-3456-7001".into(),
                reason: "Perekrut PMI-NP ke Timur Tengah".into(),
                legal_basis: "LP/B/123/XI/2026/Polres Malang".into(),
                review_date: "28/05/2027".into(),
                ..WatchlistInput::default()
            },
        )
        .await
        .expect("propose");
    assert!(matches!(
        app.approve_watchlist(&dewi, &w.id).await,
        Err(AppError::Forbidden)
    ));
    app.approve_watchlist(&hendra, &w.id)
        .await
        .expect("approve");

    let id = app
        .record_application(&dewi, &siti("+62 812 3456 7001"))
        .await
        .expect("record")
        .id;
    let s = app
        .record_interview(
            &dewi,
            &id,
            &Interview {
                work_type: "domestic".into(),
                work_intent: true,
                notes: "Akan bekerja sebagai PRT di Riyadh".into(),
                documents: Some("ktp,kartu_keluarga".into()),
                ..Interview::default()
            },
        )
        .await
        .expect("interview")
        .screening
        .expect("screened");
    let codes: Vec<&str> = s
        .score
        .contributions
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert!(codes.contains(&"recruiter_link"), "{codes:?}");
    assert!(codes.contains(&"moratorium_destination"), "{codes:?}");
    assert!(codes.contains(&"work_intent_non_work_purpose"), "{codes:?}");
    assert_eq!(s.score.band, RiskBand::High);
    assert!(
        s.hits
            .iter()
            .any(|h| matches!(h.target, HitTarget::RecruiterPhone { .. }))
    );

    // A reason is mandatory; the decision refers the applicant to Disnaker.
    let no_reason = app
        .decide_applicant(
            &dewi,
            &id,
            &DecisionInput {
                decision: "defer".into(),
                ..DecisionInput::default()
            },
        )
        .await;
    assert_eq!(no_reason.unwrap_err().key(), "reason_required");
    app.decide_applicant(
        &dewi,
        &id,
        &DecisionInput {
            decision: "defer".into(),
            reason: "Indikasi PMI non-prosedural; dokumen kerja tidak ada".into(),
            refer_to: "disnaker-kab-malang".into(),
            ..DecisionInput::default()
        },
    )
    .await
    .expect("defer");
    let notice = app.deferral_notice(&dewi, &id).await.expect("notice");
    assert_eq!(
        notice.decision.deadline,
        Some(time::macros::date!(2026 - 12 - 28))
    );
    assert!(
        notice
            .decision
            .missing
            .contains(&Document::RekomendasiDisnaker)
    );
    let inbox = app
        .applicant_referral_inbox(&disnaker)
        .await
        .expect("inbox");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].1.id, id);
    // Disnaker may open the referred applicant, but not others.
    assert!(app.applicant_for(&disnaker, &id).await.is_ok());
    // The notice is an official letter: letterhead down to the office, a number from the
    // office's series of the year that stays when printed again, the place.
    assert_eq!(
        notice.letterhead.lines.last().map(String::as_str),
        Some("KANTOR IMIGRASI KELAS I TPI MALANG")
    );
    assert_eq!(notice.letterhead.place, "Malang");
    assert!(notice.number.starts_with("0001/"), "{}", notice.number);
    let again = app.deferral_notice(&dewi, &id).await.expect("again");
    assert_eq!(again.number, notice.number, "a letter keeps its number");
    // The referral letter: the next number in the office's register of outgoing letters,
    // with its own mark, addressed to the receiving agency by name.
    let letter = app
        .referral_letter(&dewi, &id)
        .await
        .expect("referral letter");
    assert!(
        letter.number.starts_with("0002/RJK-PMI/"),
        "{}",
        letter.number
    );
    assert!(
        letter.to_name.contains("Tenaga Kerja"),
        "{}",
        letter.to_name
    );

    // Disnaker counsels her and forwards her to BP3MI: the referral closes with the record,
    // BP3MI receives the next referral, and the notes are sealed.
    let forward = sinergi_app::prevention::counselling::NewCounselling {
        on: "2026-11-30".into(),
        outcome: "forwarded".into(),
        notes: "Ingin bekerja di Taiwan; diarahkan ke P3MI berizin".into(),
        forward_to: String::new(),
    };
    assert_eq!(
        app.record_counselling(&disnaker, &inbox[0].0.id, forward.clone())
            .await
            .unwrap_err()
            .key(),
        "forward_to_required"
    );
    app.record_counselling(
        &disnaker,
        &inbox[0].0.id,
        sinergi_app::prevention::counselling::NewCounselling {
            forward_to: "bp3mi-jatim".into(),
            ..forward
        },
    )
    .await
    .expect("counselled");
    let records = app.counselling_records(&disnaker).await.expect("records");
    let rec = records.get(&inbox[0].0.id).expect("record");
    assert_eq!(rec.forwarded_to.as_deref(), Some("bp3mi-jatim"));
    assert!(rec.notes.as_deref().is_some_and(|n| n.contains("Taiwan")));
    let bp3mi = actor(&app, "bp3mi", "bp3mi-jatim", Role::Caseworker).await;
    let theirs = app
        .applicant_referral_inbox(&bp3mi)
        .await
        .expect("bp3mi inbox");
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].1.id, id);
    assert!(
        app.record_counselling(
            &disnaker,
            &inbox[0].0.id,
            sinergi_app::prevention::counselling::NewCounselling {
                on: "2026-11-30".into(),
                outcome: "withdrew".into(),
                ..Default::default()
            },
        )
        .await
        .is_err(),
        "a closed referral is not counselled twice"
    );

    // The same woman applies in Blitar under another spelling: flagged, first record linked.
    let mut again = siti("");
    again.full_name = "St. Nurhaliza".into();
    again.nik = String::new();
    again.purpose = "tourism".into();
    let id2 = app
        .record_application(&blitar, &again)
        .await
        .expect("blitar")
        .id;
    let s2 = app.screen_applicant(&blitar, &id2).await.expect("screen");
    let earlier = s2
        .hits
        .iter()
        .find(|h| matches!(h.target, HitTarget::Applicant { .. }))
        .expect("earlier application found");
    assert_eq!(earlier.target, HitTarget::Applicant { id: id.clone() });
    assert!(matches!(
        &earlier.about,
        HitAbout::Application { office, status: ApplicationStatus::Deferred, .. }
            if office == "kanim-malang"
    ));
    assert!(
        s2.score
            .contributions
            .iter()
            .any(|c| c.code == "earlier_deferral")
    );

    // A false match is not shown again for that pair.
    let judged = app
        .judge_hit(&blitar, &id2, &earlier.target.key(), "false_match")
        .await
        .expect("judge");
    let s3 = judged.screening.expect("screened again");
    assert!(!s3.hits.iter().any(|h| h.target == earlier.target));

    // After the deadline the deferral lapses and documents no longer issue it.
    clock.advance(time::Duration::days(31));
    assert_eq!(
        app.documents_arrived(&dewi, &id).await.unwrap_err().key(),
        "deferral_lapsed"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn weight_changes_are_versions_and_decisions_keep_theirs() {
    let (db, app, _clock) = setup().await;
    let dewi = actor(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let hendra = actor(&app, "hendra", "kanim-malang", Role::Supervisor).await;
    let id = app
        .record_application(&dewi, &siti(""))
        .await
        .expect("record")
        .id;
    let version = |a: sinergi_domain::prevention::Applicant| {
        a.screening.map(|s: Screening| s.score.indicator_version)
    };
    let before = app.applicant_for(&dewi, &id).await.expect("get");
    assert_eq!(version(before), Some(1));
    assert!(matches!(
        app.set_indicator_weight(&dewi, "missing_documents", 5)
            .await,
        Err(AppError::Forbidden)
    ));
    let v2 = app
        .set_indicator_weight(&hendra, "missing_documents", 5)
        .await
        .expect("edit");
    assert_eq!(v2.version, 2);
    assert_eq!(
        version(app.applicant_for(&dewi, &id).await.expect("get")),
        Some(1),
        "the old screening keeps version 1"
    );
    let old = app.indicator_version(1).await.expect("v1");
    assert_ne!(old, v2);
    let id2 = app
        .record_application(
            &dewi,
            &ApplicationInput {
                full_name: "Budi Santoso".into(),
                purpose: "tourism".into(),
                destination: "JP".into(),
                ..ApplicationInput::default()
            },
        )
        .await
        .expect("record");
    assert_eq!(version(id2), Some(2));
    db.cleanup().await;
}

#[tokio::test]
async fn import_reports_bad_rows_by_line_and_keeps_the_others() {
    let (db, app, _clock) = setup().await;
    let dewi = actor(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let csv = "id,full_name,nik,birth_date,sex,purpose,destination,phone\n\
k1,Agus Salim,,01/02/1990,L,tourism,JP,081234567801\n\
k2,Sri Wahyuni,12345,01/02/1991,P,tourism,MY,\n\
k3,,,,,tourism,MY,\n\
k4,Nur Aini,,31/02/1992,P,work,MY,\n\
k5,Wahyu,,,,visit_family,XX1,\n";
    let r = app
        .import_applications(&dewi, csv.as_bytes())
        .await
        .expect("import");
    let bad: Vec<(u64, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        bad,
        vec![
            (3, "nik"),
            (4, "full_name"),
            (5, "birth_date"),
            (6, "destination")
        ]
    );
    assert_eq!(r.added, 1);
    let again = app
        .import_applications(&dewi, csv.as_bytes())
        .await
        .expect("again");
    assert_eq!((again.added, again.already_present), (0, 1));
    assert_eq!(app.todays_queue(&dewi).await.expect("queue").len(), 1);
    db.cleanup().await;
}

#[tokio::test]
async fn a_suspect_in_a_case_is_found_but_the_case_stays_need_to_know() {
    let (db, app, _clock) = setup().await;
    sinergi_app::cases::seed_demo_cases(&app)
        .await
        .expect("demo cases");
    let dewi = actor(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let id = app
        .record_application(
            &dewi,
            &ApplicationInput {
                full_name: "Moch. Sutrisno".into(),
                purpose: "tourism".into(),
                destination: "MY".into(),
                ..ApplicationInput::default()
            },
        )
        .await
        .expect("record")
        .id;
    let s = app.screen_applicant(&dewi, &id).await.expect("screen");
    let hit = s
        .hits
        .iter()
        .find(|h| matches!(h.target, HitTarget::CasePerson { .. }))
        .expect("the suspect of the Polres case is found under another spelling");
    assert!(
        matches!(&hit.target, HitTarget::CasePerson { case_id: None, .. }),
        "Kanim Malang may not open a Polres case"
    );
    assert!(
        matches!(
            &hit.about,
            HitAbout::InCase {
                role: sinergi_domain::cases::PersonRole::Suspect,
                case_number: None,
                ..
            }
        ),
        "no case number leaks: {:?}",
        hit.about
    );
    assert!(
        !s.score
            .contributions
            .iter()
            .any(|c| c.code == "recruiter_link"),
        "a name alone does not score"
    );
    // Once the officer confirms it, it counts as a recruiter link.
    app.judge_hit(&dewi, &id, &hit.target.key(), "confirmed")
        .await
        .expect("confirm");
    let s2 = app.screen_applicant(&dewi, &id).await.expect("screen");
    assert!(
        s2.score
            .contributions
            .iter()
            .any(|c| c.code == "recruiter_link")
    );
    db.cleanup().await;
}

#[tokio::test]
async fn the_interview_keeps_the_documents_recorded_at_intake() {
    let (db, app, _clock) = setup().await;
    let dewi = actor(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let id = app
        .record_application(&dewi, &siti(""))
        .await
        .expect("record")
        .id;
    // The page's interview form sends no document list: what intake recorded stays.
    let a = app
        .record_interview(
            &dewi,
            &id,
            &Interview {
                work_type: "domestic".into(),
                notes: "Ingin bekerja".into(),
                ..Interview::default()
            },
        )
        .await
        .expect("interview");
    assert_eq!(a.documents, vec![Document::Ktp, Document::KartuKeluarga]);
    let stored = app.applicant_for(&dewi, &id).await.expect("get");
    assert_eq!(
        stored.documents,
        vec![Document::Ktp, Document::KartuKeluarga]
    );
    assert_eq!(stored.interview.notes, "Ingin bekerja");
    assert_eq!(
        stored.screening, a.screening,
        "the use case returns what it stored"
    );
    // A list given in the interview replaces it.
    let b = app
        .record_interview(
            &dewi,
            &id,
            &Interview {
                documents: Some("ktp".into()),
                ..Interview::default()
            },
        )
        .await
        .expect("interview");
    assert_eq!(b.documents, vec![Document::Ktp]);
    db.cleanup().await;
}

#[tokio::test]
async fn only_the_office_that_holds_an_application_decides_it() {
    let (db, app, _clock) = setup().await;
    let dewi = actor(&app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let agus = actor(&app, "agus", "kanim-blitar", Role::ImmigrationOfficer).await;
    let id = app
        .record_application(&dewi, &siti(""))
        .await
        .expect("record")
        .id;
    let refuse = DecisionInput {
        decision: "refuse".into(),
        reason: "Dokumen tidak sesuai dengan tujuan".into(),
        ..DecisionInput::default()
    };
    // Another office reads it (deferrals are shared) but may not change it.
    assert!(app.applicant_for(&agus, &id).await.is_ok());
    assert!(matches!(
        app.decide_applicant(&agus, &id, &refuse).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app.record_interview(&agus, &id, &Interview::default())
            .await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app.screen_applicant(&agus, &id).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        app.documents_arrived(&agus, &id).await,
        Err(AppError::Forbidden)
    ));
    let a = app.applicant_for(&dewi, &id).await.expect("get");
    assert_eq!(a.status, ApplicationStatus::New);
    assert!(a.decision.is_none());
    let view = app.open_applicant(&agus, &id).await.expect("view");
    assert!(!view.holder);
    // The holding office decides.
    let decided = app
        .decide_applicant(&dewi, &id, &refuse)
        .await
        .expect("decide");
    assert_eq!(decided.status, ApplicationStatus::Refused);
    assert_eq!(
        app.applicant_for(&agus, &id).await.expect("get").status,
        ApplicationStatus::Refused
    );
    db.cleanup().await;
}
