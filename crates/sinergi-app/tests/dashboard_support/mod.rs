//! The fixture of the dashboard tests: applicants, tips, cases through the legal process,
//! victims assisted, referrals, an action item and outreach events with known figures.
#![allow(dead_code)]

use sinergi_app::App;
use sinergi_app::audit::Origin;
use sinergi_app::auth::Actor;
use sinergi_app::cases::{
    NewAssistance, NewCase, NewCasePerson, NewLegalStep, NewMeeting, NewReferral, NewTip,
    PURPOSE_VICTIM_ASSISTANCE,
};
use sinergi_app::portal::outreach::NewOutreach;
use sinergi_app::prevention::{ApplicationInput, DecisionInput};
use sinergi_domain::access::Role;
use sinergi_domain::clock::ManualClock;
use sinergi_store::testing::TestDatabase;
use sinergi_testkit::add_user;
use time::OffsetDateTime;
use time::macros::date;

use sinergi_testkit::PASSWORD as PW;

pub async fn actor(app: &App, username: &str, agency: &str, role: Role) -> Actor {
    add_user(app, username, agency, role).await;
    app.login(username, PW, "t").await.expect("login").actor
}

/// 10:00 WIB on a day.
pub fn at(clock: &ManualClock, day: time::Date) {
    clock.set(OffsetDateTime::new_utc(day, time::macros::time!(03:00)));
}

fn applicant(name: &str, nik: &str, birth: &str, sex: &str) -> ApplicationInput {
    ApplicationInput {
        full_name: name.into(),
        nik: nik.into(),
        birth_date: birth.into(),
        sex: sex.into(),
        purpose: "tourism".into(),
        destination: "MY".into(),
        documents: "ktp,kartu_keluarga".into(),
        ..ApplicationInput::default()
    }
}

fn decision(code: &str, days: i64) -> DecisionInput {
    DecisionInput {
        decision: code.into(),
        reason: "Alasan keputusan untuk pengujian dasbor".into(),
        days: Some(days),
        ..DecisionInput::default()
    }
}

fn tip(kind: &str, region: Option<&str>, suspect: &str) -> NewTip {
    NewTip {
        channel: "portal".into(),
        kind: kind.into(),
        consent: true,
        region_code: region.map(str::to_string),
        suspect_name: Some(suspect.into()).filter(|s: &String| !s.is_empty()),
        narrative: "Ditawari kerja ke luar negeri tanpa dokumen (uji)".into(),
        ..Default::default()
    }
}

/// The fixture; the test states what each figure yields.
pub async fn seed(db: &TestDatabase, app: &App, clock: &ManualClock) {
    let dewi = actor(app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    let polres = actor(app, "polres", "polres-malang", Role::Investigator).await;
    let iom = actor(app, "iom", "iom-indonesia", Role::Caseworker).await;
    let batu = actor(app, "batu", "pemkot-batu", Role::Coordinator).await;
    let public = Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };

    // 05/01/2026: three applicants (two deferred, one issued) and four tips.
    at(clock, date!(2026 - 01 - 05));
    let a1 = app
        .record_application(
            &dewi,
            &applicant("Siti Aminah", "3507045203950002", "12/03/1995", "P"),
        )
        .await
        .expect("a1");
    app.decide_applicant(&dewi, &a1.id, &decision("defer", 30))
        .await
        .expect("defer a1");
    let a2 = app
        .record_application(
            &dewi,
            &applicant("Sri Lestari", "3507044506900003", "05/06/1990", "P"),
        )
        .await
        .expect("a2");
    app.decide_applicant(&dewi, &a2.id, &decision("issue", 0))
        .await
        .expect("issue a2");
    let a3 = app
        .record_application(
            &dewi,
            &applicant("Budi Santoso", "3573011203950004", "12/03/1995", "L"),
        )
        .await
        .expect("a3");
    app.decide_applicant(&dewi, &a3.id, &decision("defer", 60))
        .await
        .expect("defer a3");
    let mut receipts = Vec::new();
    for t in [
        tip("tppo", Some("35.07.04"), "Darto Calo"),
        tip("pmi_np", Some("35.07.04"), ""),
        tip("smuggling", Some("35.73.01"), "Joko Sopir"),
        tip("tppo", None, ""),
    ] {
        receipts.push(app.submit_tip(&public, t).await.expect("tip"));
    }
    let mut tip_ids = Vec::new();
    for r in &receipts {
        tip_ids.push(
            db.store
                .tip_by_receipt(r)
                .await
                .expect("read")
                .expect("tip")
                .id,
        );
    }

    // Cases: two from tips (10/01 and 12/01), one without a tip (lead agency's region only).
    let open = |kind: &str, on: &str, tip: Option<String>| NewCase {
        kind: kind.into(),
        title: "Perkara uji dasbor".into(),
        started_on: on.into(),
        tip_id: tip,
    };
    at(clock, date!(2026 - 01 - 10));
    let c1 = app
        .open_case(
            &polres,
            open("tppo", "2026-01-10", Some(tip_ids[0].clone())),
        )
        .await
        .expect("c1");
    at(clock, date!(2026 - 01 - 12));
    let c2 = app
        .open_case(
            &polres,
            open("smuggling", "2026-01-12", Some(tip_ids[2].clone())),
        )
        .await
        .expect("c2");
    at(clock, date!(2026 - 02 - 10));
    app.open_case(&polres, open("pmi_np", "2026-02-01", None))
        .await
        .expect("c3");
    app.record_application(
        &dewi,
        &applicant("Agus Salim", "3579010101900005", "01/01/1990", "L"),
    )
    .await
    .expect("a4");

    // Later work, recorded on 01/03/2026.
    at(clock, date!(2026 - 03 - 01));
    let suspect_of = |case_id: String| {
        let app = app.clone();
        let polres = polres.clone();
        async move {
            app.case_detail(&polres, &case_id)
                .await
                .expect("detail")
                .people
                .iter()
                .find(|p| p.role == sinergi_domain::cases::PersonRole::Suspect)
                .expect("suspect from the tip")
                .id
                .clone()
        }
    };
    let s1 = suspect_of(c1.id.clone()).await;
    let s2 = suspect_of(c2.id.clone()).await;
    let step = |stage: &str, on: &str| NewLegalStep {
        stage: stage.into(),
        on: on.into(),
        document_no: format!("B/{stage}/2026"),
        office: "Polres Malang".into(),
    };
    for (stage, on) in [
        ("penyelidikan", "2026-01-12"),
        ("penyidikan", "2026-01-20"),
        ("spdp", "2026-01-21"),
        ("tahap_1", "2026-01-25"),
        ("p21", "2026-01-28"),
        ("tahap_2", "2026-02-01"),
        ("dakwaan", "2026-02-05"),
        ("tuntutan", "2026-02-10"),
        ("putusan", "2026-02-20"),
    ] {
        app.record_legal_step(&polres, &s1, step(stage, on))
            .await
            .expect(stage);
    }
    app.record_legal_step(&polres, &s2, step("penyelidikan", "2026-01-15"))
        .await
        .expect("s2");
    for (case, due) in [(&c1.id, "2026-01-20"), (&c2.id, "2026-12-31")] {
        let victim = app
            .add_case_person(
                &polres,
                case,
                NewCasePerson {
                    role: "victim".into(),
                    name: "Korban Uji".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("victim");
        let r = app
            .refer_case(
                &polres,
                case,
                NewReferral {
                    to_agency: "iom-indonesia".into(),
                    purpose: PURPOSE_VICTIM_ASSISTANCE.into(),
                    reason: "Pendampingan korban".into(),
                    due_on: due.into(),
                    override_reason: Some("Kebutuhan shelter mendesak (uji)".into()),
                },
            )
            .await
            .expect("refer");
        app.referral_action(&iom, &r, "accept", "")
            .await
            .expect("accept");
        let services: &[(&str, &str)] = if case == &c1.id {
            &[("shelter", "2026-01-15"), ("medical", "2026-01-16")]
        } else {
            &[("shelter", "2026-01-20")]
        };
        for (service, on) in services {
            app.record_assistance(
                &iom,
                case,
                NewAssistance {
                    person_id: Some(victim.clone()),
                    service: (*service).into(),
                    started_on: (*on).into(),
                    outcome: "ongoing".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("assistance");
        }
    }
    let m = app
        .create_meeting(
            &batu,
            NewMeeting {
                held_on: "2026-02-01".into(),
                title: "Rapat Gugus Tugas (uji)".into(),
                attendees: vec!["polres-malang".into()],
                agenda: "Agenda".into(),
                minutes: "Notulen".into(),
                decisions: "Keputusan".into(),
                cases: vec![],
            },
        )
        .await
        .expect("meeting");
    app.add_action_item(&batu, &m, "polres-malang", "Profil perekrut", "2026-02-15")
        .await
        .expect("action");
    for (day, kec, expected) in [
        ("14/02/2026", "35.07.04", 100),
        ("20/02/2026", "35.79.01", 50),
    ] {
        app.record_outreach(
            &batu,
            NewOutreach {
                held_on: day.into(),
                start_time: "09:00".into(),
                kecamatan_code: kec.into(),
                place: "Balai desa".into(),
                title: "Sosialisasi migrasi aman".into(),
                agencies: vec!["pemkot-batu".into()],
                audience: "Warga".into(),
                expected_audience: expected,
                materials: String::new(),
            },
        )
        .await
        .expect("outreach");
    }
}
