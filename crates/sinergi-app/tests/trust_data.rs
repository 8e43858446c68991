//! Personal data: subject access across records, and the public report form.

use super::support::*;
use sinergi_app::AppError;
use sinergi_domain::access::Role;

// ------------------------------------------------------------------ subject access across records

#[tokio::test]
async fn subject_access_finds_a_person_as_applicant_case_victim_and_in_tips() {
    let e = env().await;
    user(&e.app, "dewi", "kanim-malang", Role::ImmigrationOfficer).await;
    user(&e.app, "bayu", "polres-malang", Role::Investigator).await;
    user(&e.app, "hendra", "kanim-malang", Role::Supervisor).await;
    let dewi = e.app.login("dewi", PW, "c").await.expect("login").actor;
    let bayu = e.app.login("bayu", PW, "c").await.expect("login").actor;
    let hendra = e.app.login("hendra", PW, "c").await.expect("login").actor;
    let nik = "3507045203950002";
    e.app
        .record_application(
            &dewi,
            &sinergi_app::prevention::ApplicationInput {
                full_name: "Siti Nurhalizah".into(),
                nik: nik.into(),
                birth_date: "12/03/1995".into(),
                sex: "P".into(),
                phone: "0812-3456-7001".into(),
                purpose: "umrah_hajj".into(),
                destination: "SA".into(),
                documents: "ktp".into(),
                ..Default::default()
            },
        )
        .await
        .expect("application");
    let case = e
        .app
        .open_case(
            &bayu,
            sinergi_app::cases::NewCase {
                kind: "tppo".into(),
                title: "Perekrutan ke Timur Tengah".into(),
                started_on: "2026-11-01".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    e.app
        .add_case_person(
            &bayu,
            &case.id,
            sinergi_app::cases::NewCasePerson {
                role: "victim".into(),
                name: "Siti Nurhalizah".into(),
                nik: Some(nik.into()),
                phone: Some("0812-3456-7001".into()),
                ..Default::default()
            },
        )
        .await
        .expect("victim");
    e.app
        .submit_tip(
            &sinergi_app::audit::Origin {
                actor: "public".into(),
                client: "10.0.0.9".into(),
            },
            sinergi_app::cases::NewTip {
                channel: "phone".into(),
                kind: "tppo".into(),
                suspect_phone: Some("+6281234567001".into()),
                narrative: "Nomor ini menawarkan pekerjaan".into(),
                ..Default::default()
            },
        )
        .await
        .expect("tip");
    let export = e
        .app
        .subject_access_export(&hendra, nik)
        .await
        .expect("export");
    let kinds: Vec<&str> = export
        .records
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"passport_applicant"), "{kinds:?}");
    assert!(kinds.contains(&"case_person"), "{kinds:?}");
    assert!(kinds.contains(&"tip_naming_phone"), "{kinds:?}");
    let victim = export
        .records
        .iter()
        .find(|r| r["kind"] == "case_person")
        .expect("victim");
    assert_eq!(
        victim["full_name"], "Siti Nurhalizah",
        "the subject's own name, unmasked"
    );
    assert_eq!(victim["phone"], "+6281234567001");
    e.db.cleanup().await;
}

// ------------------------------------------------------------------ the public report form

fn public_tip(narrative: &str) -> sinergi_app::cases::public_tip::PublicTip {
    sinergi_app::cases::public_tip::PublicTip {
        kind: "tppo".into(),
        narrative: narrative.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_public_form_is_rate_limited_per_address_and_overall() {
    use sinergi_app::cases::public_tip::{GLOBAL, PER_ADDRESS};
    let e = env().await;
    for i in 0..PER_ADDRESS {
        e.app
            .submit_public_tip("203.0.113.5", public_tip(&format!("laporan {i}")))
            .await
            .expect("within the limit");
    }
    assert!(matches!(
        e.app
            .submit_public_tip("203.0.113.5", public_tip("satu lagi"))
            .await,
        Err(AppError::Throttled)
    ));
    // Another address is not affected; after the window the first one may report again.
    e.app
        .submit_public_tip("198.51.100.1", public_tip("dari alamat lain"))
        .await
        .expect("other address");
    e.clock.advance(time::Duration::minutes(16));
    e.app
        .submit_public_tip("203.0.113.5", public_tip("sesudahnya"))
        .await
        .expect("window passed");
    // Overall: many addresses together cannot flood triage either.
    let mut refused = 0;
    for i in 0..(GLOBAL + 10) {
        if e.app
            .submit_public_tip(
                &format!("10.1.{}.{}", i / 250, i % 250),
                public_tip("banjir"),
            )
            .await
            .is_err()
        {
            refused += 1;
        }
    }
    assert!(refused >= 10, "global limit: {refused} refused");
    e.db.cleanup().await;
}

#[tokio::test]
async fn the_public_form_refuses_robots_long_fields_and_unknown_places() {
    let e = env().await;
    let mut robot = public_tip("isi");
    robot.website = "http://spam.example".into();
    assert_eq!(
        e.app.submit_public_tip("c", robot).await.unwrap_err().key(),
        "tip_rejected"
    );
    let long = public_tip(&"x".repeat(200_000));
    assert_eq!(
        e.app.submit_public_tip("c", long).await.unwrap_err().key(),
        "text_too_long"
    );
    let mut name = public_tip("isi");
    name.suspect_name = "y".repeat(500);
    assert_eq!(
        e.app.submit_public_tip("c", name).await.unwrap_err().key(),
        "text_too_long"
    );
    let mut far = public_tip("isi");
    far.location = "31.71.01".into(); // Jakarta: not a Malang Raya kecamatan
    assert_eq!(
        e.app.submit_public_tip("c", far).await.unwrap_err().key(),
        "location_unknown"
    );
    let choices = sinergi_app::cases::public_tip::location_choices();
    assert!(
        choices.len() > 30,
        "Malang Raya kecamatan: {}",
        choices.len()
    );
    let mut here = public_tip("isi");
    here.location = choices[0].0.clone();
    assert!(e.app.submit_public_tip("c", here).await.is_ok());
    e.db.cleanup().await;
}

#[tokio::test]
async fn urgency_stated_by_an_anonymous_reporter_alerts_nobody_until_triage_confirms() {
    let e = env().await;
    user(&e.app, "bayu", "polres-malang", Role::Investigator).await;
    let bayu = e.app.login("bayu", PW, "c").await.expect("login").actor;
    let mut tip = public_tip("Ada anak yang akan diberangkatkan malam ini");
    tip.imminent_danger = true;
    tip.child_involved = true;
    let receipt = e.app.submit_public_tip("c", tip).await.expect("tip");
    let alerts = |n: &Vec<sinergi_domain::cases::coordination_record::Notification>| {
        n.iter()
            .filter(|n| {
                n.kind == sinergi_domain::cases::coordination_record::NotificationKind::TipMandatory
            })
            .count()
    };
    assert_eq!(alerts(&e.app.notifications(&bayu).await.expect("n")), 0);
    let row =
        e.db.store
            .tip_by_receipt(&receipt)
            .await
            .expect("tip")
            .expect("some");
    assert_eq!(row.channel, sinergi_domain::cases::tip::TipChannel::Portal);
    assert_eq!(
        e.app
            .tip_reported_urgency(&bayu, &row.id)
            .await
            .expect("stated"),
        Some(sinergi_domain::cases::tip::Severity::ImminentDanger)
    );
    e.app
        .confirm_tip_urgency(&bayu, &row.id, true, true)
        .await
        .expect("confirm");
    assert_eq!(alerts(&e.app.notifications(&bayu).await.expect("n")), 1);
    e.db.cleanup().await;
}
