//! Synthetic demonstration data for entities: a recruiter whose network spans two cases and an
//! applicant's sponsor phone, and a pair to merge ("Pak Darto" and "Darto Sugiharto" with the
//! same phone, two suspects in one case). Both cases are led by Polres Malang and shared with
//! Kanim Malang, whose officers also read applications and the watchlist. All synthetic.

use crate::audit::Origin;
use crate::auth::Actor;
use crate::cases::{NewCase, NewCasePerson, NewTip};
use crate::prevention::ApplicationInput;
use crate::prevention::demo::DEMO_RECRUITER_PHONE;
use crate::{App, AppError};
use sinergi_domain::access::{Role, User};
use sinergi_domain::clock::to_millis;

/// Title of the first demo case (finds it again: the seeding runs once).
pub const DEMO_CASE_ONE: &str = "Perekrutan calo lintas desa di Sumbermanjing (sintetis)";
/// Title of the second demo case.
pub const DEMO_CASE_TWO: &str = "Keberangkatan PRT lewat visa umrah (sintetis)";
/// The applicant who gave the recruiter's phone as the sponsor's.
pub const DEMO_SPONSORED_APPLICANT: &str = "Rina Marlina";

fn polres() -> Actor {
    Actor {
        user: User {
            id: "demo-polres".into(),
            username: "demo-polres".into(),
            display_name: "demo-polres".into(),
            agency_code: "polres-malang".into(),
            role: Role::Investigator,
            active: true,
        },
        agency_name: "polres-malang".into(),
        csrf_token: String::new(),
        client: "demo".into(),
        scopes: None,
    }
}

fn person(role: &str, name: &str, phone: Option<&str>) -> NewCasePerson {
    NewCasePerson {
        role: role.into(),
        name: name.into(),
        phone: phone.map(Into::into),
        investigator: (role == "suspect").then(|| "polri".into()),
        ..Default::default()
    }
}

/// Seeds the demo entities once (does nothing when the first demo case exists).
pub async fn seed_demo_entities(app: &App) -> Result<(), AppError> {
    let actor = polres();
    if !app.cases(&actor, "Sumbermanjing").await?.is_empty() {
        return Ok(());
    }
    let now = to_millis(app.clock.now());
    let phone = Some(DEMO_RECRUITER_PHONE);
    let one = app
        .open_case(
            &actor,
            NewCase {
                kind: "tppo".into(),
                title: DEMO_CASE_ONE.into(),
                started_on: "2026-03-02".into(),
                tip_id: None,
            },
        )
        .await?;
    app.add_case_person(&actor, &one.id, person("suspect", "Pak Darto", phone))
        .await?;
    app.add_case_person(&actor, &one.id, person("suspect", "Darto Sugiharto", phone))
        .await?;
    app.add_case_person(&actor, &one.id, person("victim", "Yuliana", None))
        .await?;
    let two = app
        .open_case(
            &actor,
            NewCase {
                kind: "pmi_np".into(),
                title: DEMO_CASE_TWO.into(),
                started_on: "2026-04-14".into(),
                tip_id: None,
            },
        )
        .await?;
    app.add_case_person(
        &actor,
        &two.id,
        person("recruiter", "Darto Sugiharto", phone),
    )
    .await?;
    for case in [&one.id, &two.id] {
        app.store.share_case(case, "kanim-malang", now).await?;
    }
    // A tip that names the recruiter with his phone.
    app.submit_tip(
        &Origin {
            actor: "demo".into(),
            client: "demo".into(),
        },
        NewTip {
            channel: "portal".into(),
            kind: "pmi_np".into(),
            consent: true,
            region_code: Some("35.07".into()),
            suspect_name: Some("Darto Sugiharto".into()),
            suspect_phone: Some(DEMO_RECRUITER_PHONE.into()),
            narrative: "Calo menawarkan kerja PRT ke Arab Saudi lewat umrah (data sintetis)."
                .into(),
            ..Default::default()
        },
    )
    .await?;
    // An application at Kanim Malang whose sponsor gave the recruiter's phone, naming an
    // unlicensed placement company.
    let input = ApplicationInput {
        source_ref: "demo-malang-sponsor".into(),
        full_name: DEMO_SPONSORED_APPLICANT.into(),
        nik: "3507086508980003".into(),
        birth_date: "25/08/1998".into(),
        sex: "P".into(),
        purpose: "umrah_hajj".into(),
        destination: "SA".into(),
        sponsor_name: "Darto".into(),
        sponsor_phone: DEMO_RECRUITER_PHONE.into(),
        agency_name: "PT Sumber Rezeki Abadi (contoh)".into(),
        documents: "ktp".into(),
        ..ApplicationInput::default()
    };
    let mut a = app.new_applicant("kanim-malang", "demo-seed", &input)?;
    a.created_at = now - 24 * 3600 * 1000;
    app.store.insert_applicant(&a).await?;
    // The index picks the new records up when it is next opened.
    if let Ok(mut guard) = app.prevention.index.write() {
        *guard = None;
    }
    Ok(())
}
