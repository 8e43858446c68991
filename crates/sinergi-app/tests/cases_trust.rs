//! Findings of the outside probe in the cases area (issue 11: points 1, 6 and part of 10), on
//! SQLite and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL: tips under need-to-know, one tip one
//! case, break-glass that opens a case for a limited time and lands in review, only the lead
//! refers on, and a read scope never writes.

use sinergi_app::auth::{Actor, Caller, NewUser};
use sinergi_app::cases::*;
use sinergi_app::{App, AppError};
use sinergi_domain::access::{Permission, Role};
use sinergi_domain::cases::tip::TipStatus;
use time::macros::datetime;

use crate::case_support::{actor, batu, env, iom, polres};

fn polresta() -> Actor {
    actor("u-polresta", "polresta-malang-kota", Role::Investigator)
}
fn village() -> Actor {
    actor("u-desa", "desa-sitiarjo", Role::LabourOfficer)
}
/// A stored user (break-glass grants refer to a real account) acting in a signed-in session.
async fn stored(app: &App, username: &str, agency: &str, role: Role) -> Actor {
    let user = app
        .add_user(
            Caller::Operator,
            NewUser {
                username: username.into(),
                display_name: format!("Uji {username}"),
                agency_code: agency.into(),
                role,
                password: "kata-sandi-uji-2026".into(),
            },
        )
        .await
        .expect("user");
    Actor {
        user,
        agency_name: agency.into(),
        csrf_token: String::new(),
        client: "127.0.0.1".into(),
        scopes: None,
    }
}

fn new_case(tip_id: Option<String>) -> NewCase {
    NewCase {
        kind: "tppo".into(),
        title: "Perekrutan ke Malaysia".into(),
        started_on: "2026-01-05".into(),
        tip_id,
    }
}

async fn submit(app: &App) -> String {
    let public = sinergi_app::audit::Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };
    app.submit_tip(
        &public,
        NewTip {
            channel: "portal".into(),
            kind: "tppo".into(),
            consent: true,
            suspect_name: Some("Pak Calo".into()),
            narrative: "Adik saya dijanjikan kerja di Malaysia".into(),
            ..Default::default()
        },
    )
    .await
    .expect("tip");
    let q = app.tip_queue(&polres()).await.expect("queue");
    q[0].id.clone()
}

#[tokio::test]
async fn tips_are_read_and_changed_only_by_their_holders() {
    let e = env().await;
    let app = &e.app;
    let tip = submit(app).await;
    // A village account holds no tip of this kind: it sees nothing and changes nothing.
    assert!(app.tip_queue(&village()).await.expect("queue").is_empty());
    assert!(matches!(
        app.assign_tip(&village(), &tip, "desa-sitiarjo").await,
        Err(AppError::NotFound)
    ));
    // Pemda receives every tip as a service offer, but its coordinator may not read victim
    // identity: the narrative stays sealed for them.
    let seen = app.tip_queue(&batu()).await.expect("queue");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].narrative, None);
    let police = app.tip_queue(&polres()).await.expect("queue");
    assert_eq!(
        police[0].narrative.as_deref(),
        Some("Adik saya dijanjikan kerja di Malaysia")
    );
    // The police turn it into a case; afterwards nobody moves it back or opens a second case.
    let case = app
        .open_case(&polres(), new_case(Some(tip.clone())))
        .await
        .expect("case from tip");
    assert!(matches!(
        app.assign_tip(&batu(), &tip, "pemkot-batu").await,
        Err(AppError::Invalid {
            key: "tip_not_open",
            ..
        })
    ));
    assert!(
        app.open_case(&polresta(), new_case(Some(tip.clone())))
            .await
            .is_err(),
        "another office cannot open a second case from the same tip"
    );
    assert!(
        app.mark_tip_duplicate(&polres(), &tip, &tip).await.is_err(),
        "a tip with a case is no longer open"
    );
    let q = app.tip_queue(&polres()).await.expect("queue");
    assert_eq!(q[0].status, TipStatus::CaseOpened);
    assert_eq!(q[0].case_id.as_deref(), Some(case.id.as_str()));
    let cases = app.cases(&polresta(), "").await.expect("cases");
    assert!(cases.is_empty(), "no second case was stored");
    e.db.cleanup().await;
}

#[tokio::test]
async fn one_tip_makes_one_case_under_concurrent_requests() {
    let e = env().await;
    let app = &e.app;
    let tip = submit(app).await;
    let (p1, p2) = (polres(), polresta());
    let (a, b) = tokio::join!(
        app.open_case(&p1, new_case(Some(tip.clone()))),
        app.open_case(&p2, new_case(Some(tip.clone())))
    );
    assert_eq!(
        usize::from(a.is_ok()) + usize::from(b.is_ok()),
        1,
        "exactly one case: {a:?} {b:?}"
    );
    let total = app.cases(&polres(), "").await.expect("a").len()
        + app.cases(&polresta(), "").await.expect("b").len();
    assert_eq!(total, 1);
    e.db.cleanup().await;
}

#[tokio::test]
async fn break_glass_opens_a_case_for_four_hours_with_a_banner_and_lands_in_review() {
    let e = env().await;
    let app = &e.app;
    let batu = stored(app, "koordinator.batu", "pemkot-batu", Role::Coordinator).await;
    let batu_supervisor = stored(app, "atasan.batu", "pemkot-batu", Role::Supervisor).await;
    let case = app
        .open_case(&polres(), new_case(None))
        .await
        .expect("case");
    assert!(matches!(
        app.case_detail(&batu, &case.id).await,
        Err(AppError::NotFound)
    ));
    app.break_glass(
        &batu,
        "case",
        &case.id,
        "korban anak dalam bahaya, perlu koordinasi segera",
    )
    .await
    .expect("break glass");
    let d = app
        .case_detail(&batu, &case.id)
        .await
        .expect("opened by the grant");
    let until = d.break_glass_until.expect("banner data");
    let granted_at = sinergi_domain::clock::to_millis(datetime!(2026-03-01 03:00 UTC));
    assert_eq!(until, granted_at + sinergi_app::breakglass::GRANT_MS);
    let net = app
        .case_network(&batu, &case.id)
        .await
        .expect("network opened too");
    assert_eq!(net.break_glass_until, Some(until));
    // The lead's own view carries no banner.
    assert_eq!(
        app.case_detail(&polres(), &case.id)
            .await
            .expect("lead")
            .break_glass_until,
        None
    );
    // The grant reads; it never writes.
    assert!(
        app.refer_case(
            &batu,
            &case.id,
            NewReferral {
                to_agency: "iom-indonesia".into(),
                purpose: "investigation".into(),
                reason: "x".into(),
                due_on: "2026-03-09".into(),
                override_reason: None,
            },
        )
        .await
        .is_err()
    );
    // It waits in the review queue of the own agency's supervisor.
    let review = app
        .break_glass_to_review(&batu_supervisor)
        .await
        .expect("review");
    assert!(
        review
            .iter()
            .any(|g| g.subject_kind == "case" && g.subject_id == case.id)
    );
    let audit = app
        .recent_audit(&actor("u-admin", "kanwil-jatim", Role::Admin), 50)
        .await
        .expect("audit");
    assert!(
        audit
            .iter()
            .any(|r| r.action == "case.break_glass_read" && r.subject == case.id)
    );
    // After four hours the case is closed again.
    e.clock
        .advance(time::Duration::hours(4) + time::Duration::minutes(1));
    assert!(matches!(
        app.case_detail(&batu, &case.id).await,
        Err(AppError::NotFound)
    ));
    e.db.cleanup().await;
}

#[tokio::test]
async fn only_the_lead_refers_on_and_a_read_scope_never_writes() {
    let e = env().await;
    let app = &e.app;
    let case = app
        .open_case(&polres(), new_case(None))
        .await
        .expect("case");
    let referral = NewReferral {
        to_agency: "polresta-malang-kota".into(),
        purpose: "investigation".into(),
        reason: "tersangka di wilayah kota".into(),
        due_on: "2026-03-09".into(),
        override_reason: None,
    };
    let r = app
        .refer_case(&polres(), &case.id, referral.clone())
        .await
        .expect("lead refers");
    app.referral_action(&polresta(), &r, "accept", "")
        .await
        .expect("accept");
    // The receiving office may manage cases, but it is not the lead: no referral to a third.
    let onward = NewReferral {
        to_agency: "iom-indonesia".into(),
        ..referral
    };
    assert!(matches!(
        app.refer_case(&polresta(), &case.id, onward).await,
        Err(AppError::Forbidden)
    ));
    // An API client holding only the read scope `view_cases` posts no bulletin.
    let mut client = iom();
    client.scopes = Some(vec![Permission::ViewCases, Permission::ViewDashboard]);
    assert!(matches!(
        app.post_bulletin(&client, "modus", "Modus baru", "Isi", None)
            .await,
        Err(AppError::Forbidden)
    ));
    // The same person signed in (role with `coordinate`) may.
    app.post_bulletin(&iom(), "modus", "Modus baru", "Isi", None)
        .await
        .expect("bulletin");
    e.db.cleanup().await;
}

#[tokio::test]
async fn a_flood_of_newer_tips_never_pushes_an_open_tip_out_of_triage() {
    let e = env().await;
    let old = submit(&e.app).await;
    let first = e.db.store.tip(&old).await.expect("read").expect("tip");
    // 1,000 newer tips, already handled, as a flood would leave them.
    for n in 0..1000 {
        let mut t = first.clone();
        t.id = format!("flood-{n:04}");
        t.receipt = format!("FLOOD-{n:04}");
        t.received_at = first.received_at + 1 + n;
        t.status = TipStatus::Closed;
        e.db.store.insert_tip(&t).await.expect("flood tip");
    }
    let queue = e.app.tip_queue(&polres()).await.expect("queue");
    assert!(
        queue.iter().any(|t| t.id == old),
        "the open tip is still in triage"
    );
    assert_eq!(e.app.open_tip_count(&polres()).await.expect("count"), 1);
    e.db.cleanup().await;
}
