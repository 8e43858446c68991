//! Synthetic demonstration data for the coordination module.

use super::{NewAssistance, NewCase, NewCasePerson, NewLegalStep, NewMeeting, NewReferral, NewTip};
use crate::audit::Origin;
use crate::{App, AppError};
use sinergi_domain::access::Role;

use crate::demo::demo_actor as actor;

/// Seeds a few synthetic tips, one TPPO case at Polres Malang with a suspect at penyidikan, a
/// referral to IOM and a meeting with an overdue action item. Idempotent: does nothing when a
/// case already exists. Synthetic only.
pub async fn seed_demo_cases(app: &App) -> Result<(), AppError> {
    let polres = actor(app, "penyidik", "polres-malang", Role::Investigator).await?;
    if !app.cases(&polres, "").await?.is_empty() {
        return Ok(());
    }
    let origin = Origin {
        actor: "demo".into(),
        client: "demo".into(),
    };
    let tip = |kind: &str, child: bool, danger: bool, name: &str, text: &str| NewTip {
        channel: "portal".into(),
        kind: kind.into(),
        child_involved: child,
        imminent_danger: danger,
        consent: true,
        region_code: Some("35.07".into()),
        suspect_name: Some(name.into()),
        narrative: text.into(),
        ..Default::default()
    };
    app.submit_tip(
        &origin,
        tip(
            "tppo",
            false,
            false,
            "Mochamad Soetrisno",
            "Tetangga ditawari kerja di Malaysia tanpa dokumen (data sintetis).",
        ),
    )
    .await?;
    app.submit_tip(
        &origin,
        tip(
            "pmi_np",
            true,
            false,
            "Muhammad Sutrisno",
            "Anak usia 16 tahun dijanjikan kerja di luar negeri (data sintetis).",
        ),
    )
    .await?;
    app.submit_tip(
        &origin,
        tip(
            "smuggling",
            false,
            true,
            "Joko Prasetyo",
            "Rombongan akan berangkat lewat pelabuhan kecil malam ini (data sintetis).",
        ),
    )
    .await?;
    let case = app
        .open_case(
            &polres,
            NewCase {
                kind: "tppo".into(),
                title: "Perekrutan non-prosedural ke Malaysia (sintetis)".into(),
                started_on: "2026-02-10".into(),
                tip_id: None,
            },
        )
        .await?;
    let suspect = app
        .add_case_person(
            &polres,
            &case.id,
            NewCasePerson {
                role: "suspect".into(),
                name: "Mochamad Soetrisno".into(),
                investigator: Some("polri".into()),
                ..Default::default()
            },
        )
        .await?;
    app.add_case_person(
        &polres,
        &case.id,
        NewCasePerson {
            role: "victim".into(),
            name: "Sri Wahyuni".into(),
            ..Default::default()
        },
    )
    .await?;
    for (stage, on, doc) in [
        (
            "penyelidikan",
            "2026-02-10",
            "SP.Lidik/21/II/2026/Satreskrim",
        ),
        ("penyidikan", "2026-02-24", "SP.Sidik/35/II/2026/Satreskrim"),
    ] {
        app.record_legal_step(
            &polres,
            &suspect,
            NewLegalStep {
                stage: stage.into(),
                on: on.into(),
                document_no: doc.into(),
                office: "Polres Malang".into(),
            },
        )
        .await?;
    }
    app.refer_case(
        &polres,
        &case.id,
        NewReferral {
            to_agency: "iom-indonesia".into(),
            purpose: super::PURPOSE_VICTIM_ASSISTANCE.into(),
            reason: "Pendampingan dan shelter korban".into(),
            due_on: "2026-03-15".into(),
            override_reason: Some(
                "Korban belum dapat dihubungi; kebutuhan shelter mendesak (demo)".into(),
            ),
        },
    )
    .await?;
    let iom = actor(app, "pendamping.iom", "iom-indonesia", Role::Caseworker).await?;
    app.record_assistance(
        &iom,
        &case.id,
        NewAssistance {
            service: "shelter".into(),
            started_on: "2026-03-01".into(),
            outcome: "ongoing".into(),
            ..Default::default()
        },
    )
    .await?;
    // The Kanwil coordinator runs the Gugus Tugas meetings: Polres refers the case to the
    // Kanwil for coordination (which shares it), and the meeting discusses it.
    let coord = actor(app, "koordinator", "kanwil-jatim", Role::Coordinator).await?;
    let due_coord = super::date_text(app.clock().now_wib().date() + time::Duration::days(14));
    app.refer_case(
        &polres,
        &case.id,
        NewReferral {
            to_agency: "kanwil-jatim".into(),
            purpose: "coordination".into(),
            reason: "Dibahas dalam rapat Gugus Tugas PP-TPPO".into(),
            due_on: due_coord,
            override_reason: Some(
                "Pembahasan koordinasi tanpa membuka identitas korban (demo)".into(),
            ),
        },
    )
    .await?;
    let today = app.clock().now_wib().date();
    let held = super::date_text(today - time::Duration::days(10));
    let due = super::date_text(today - time::Duration::days(3));
    let m = app
        .create_meeting(
            &coord,
            NewMeeting {
                held_on: held,
                title: "Rapat koordinasi Gugus Tugas PP-TPPO".into(),
                attendees: vec![
                    "polres-malang".into(),
                    "kanim-malang".into(),
                    "iom-indonesia".into(),
                    "pemkot-batu".into(),
                ],
                cases: vec![case.id.clone()],
                agenda: "Modus perekrutan via media sosial".into(),
                minutes: "Notulen (sintetis)".into(),
                decisions: "Sosialisasi di desa rawan".into(),
            },
        )
        .await?;
    app.add_action_item(
        &coord,
        &m,
        "polres-malang",
        "Profil perekrut aktif di Kec. Sumbermanjing",
        &due,
    )
    .await?;
    crate::entities::demo::seed_demo_entities(app).await?;
    Ok(())
}
