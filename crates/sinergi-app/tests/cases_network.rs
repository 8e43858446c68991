//! Coordination use cases, continued: duplicates and escalation, the network, attachments,
//! bulletins, the demo seed, lead transfer and the timers (SQLite and PostgreSQL).

use sinergi_app::AppError;
use sinergi_app::cases::network::NodeKind;
use sinergi_app::cases::*;
use sinergi_domain::access::Role;
use sinergi_domain::cases::legal::Stage;

use super::case_support::*;

#[tokio::test]
async fn duplicates_escalation_and_the_network_of_two_spellings() {
    let e = env().await;
    let app = &e.app;
    let public = sinergi_app::audit::Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };
    app.submit_tip(&public, tip("Mochamad Soetrisno"))
        .await
        .expect("tip 1");
    e.clock.advance(time::Duration::minutes(5));
    let mut danger = tip("Muhammad Sutrisno");
    danger.imminent_danger = true;
    danger.consent = false;
    app.submit_tip(&public, danger).await.expect("tip 2");
    assert!(
        app.notifications(&polres())
            .await
            .expect("notes")
            .iter()
            .any(|n| n.kind.code() == "tip_mandatory"),
        "imminent danger reaches the police without consent"
    );
    let q = app.tip_queue(&polres()).await.expect("queue");
    assert_eq!(
        q[0].suspect_name.as_deref(),
        Some("Muhammad Sutrisno"),
        "imminent danger first"
    );
    assert!(
        q[0].forwarding
            .iter()
            .any(|(k, b)| k == "polri" && b == "mandatory")
    );
    assert!(
        q[0].possible_duplicates
            .iter()
            .any(|(k, id, _)| k == "tip" && *id == q[1].id)
    );
    app.mark_tip_duplicate(&polres(), &q[0].id, &q[1].id)
        .await
        .expect("dup");
    e.clock.advance(time::Duration::hours(80));
    assert_eq!(
        app.escalate_tips().await.expect("escalate"),
        1,
        "the untouched ordinary tip escalates"
    );
    assert_eq!(app.escalate_tips().await.expect("escalate again"), 0);
    assert!(matches!(
        app.tip_queue(&iom()).await,
        Err(AppError::Forbidden)
    ));

    // The same suspect in two cases under two spellings is one person in the network.
    let c1 = app
        .open_case(
            &polres(),
            NewCase {
                kind: "tppo".into(),
                title: "Kasus A".into(),
                started_on: "2026-01-05".into(),
                tip_id: None,
            },
        )
        .await
        .expect("c1");
    let c2 = app
        .open_case(
            &polres(),
            NewCase {
                kind: "pmi_np".into(),
                title: "Kasus B".into(),
                started_on: "2026-02-05".into(),
                tip_id: None,
            },
        )
        .await
        .expect("c2");
    app.add_case_person(
        &polres(),
        &c1.id,
        NewCasePerson {
            role: "suspect".into(),
            name: "Mochamad Soetrisno".into(),
            phone: Some("081234567890".into()),
            ..Default::default()
        },
    )
    .await
    .expect("s1");
    app.add_case_person(
        &polres(),
        &c2.id,
        NewCasePerson {
            role: "recruiter".into(),
            name: "Muhammad Sutrisno".into(),
            ..Default::default()
        },
    )
    .await
    .expect("s2");
    app.add_case_person(
        &polres(),
        &c1.id,
        NewCasePerson {
            role: "victim".into(),
            name: "Rina".into(),
            ..Default::default()
        },
    )
    .await
    .expect("v");
    let net = app.case_network(&polres(), &c1.id).await.expect("network");
    let people: Vec<_> = net
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Person)
        .collect();
    assert_eq!(people.len(), 1, "one person: {:?}", net.nodes);
    assert!(
        net.nodes
            .iter()
            .any(|n| n.kind == NodeKind::Case && n.label == c2.number)
    );
    assert!(net.nodes.iter().any(|n| n.kind == NodeKind::Phone));
    assert!(
        !net.nodes.iter().any(|n| n.label.contains("Rina")),
        "victims never appear in the network"
    );
    // The recruiter's own network: both cases, one person.
    let d2 = app.case_detail(&polres(), &c2.id).await.expect("c2");
    let recruiter = d2.people[0].id.clone();
    let pn = app
        .person_network(&polres(), &recruiter)
        .await
        .expect("person network");
    assert_eq!(
        pn.nodes.iter().filter(|n| n.kind == NodeKind::Case).count(),
        2
    );
    assert!(matches!(
        app.person_network(&batu(), &recruiter).await,
        Err(AppError::NotFound)
    ));
    e.db.cleanup().await;
}

#[tokio::test]
async fn attachments_bulletins_and_demo_seed() {
    let e = env().await;
    let app = &e.app;
    let case = app
        .open_case(
            &polres(),
            NewCase {
                kind: "smuggling".into(),
                title: "Jalur tikus".into(),
                started_on: "2026-02-01".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    let dir = std::env::temp_dir().join(format!("sinergi-att-{}", case.id));
    assert!(
        app.add_attachment(&polres(), &case.id, &dir, "x.exe", b"MZ\x90\x00")
            .await
            .is_err()
    );
    let id = app
        .add_attachment(
            &polres(),
            &case.id,
            &dir,
            "../lp.pdf",
            b"%PDF-1.7 test\n%%EOF\n",
        )
        .await
        .expect("pdf");
    assert!(dir.join("cases").join(&case.id).join(&id).exists());
    let d = app.case_detail(&polres(), &case.id).await.expect("detail");
    assert_eq!(d.attachments[0].1, "..lp.pdf");
    assert!(!d.attachments[0].1.contains('/'));
    let _ = std::fs::remove_dir_all(&dir);

    let b = app
        .post_bulletin(
            &polres(),
            "recruiter",
            "Perekrut aktif",
            "Di Kec. Dampit",
            None,
        )
        .await
        .expect("bulletin");
    app.read_bulletin(&iom(), &b).await.expect("read");
    let list = app.bulletins(&batu()).await.expect("list");
    assert_eq!(list[0].1.len(), 1);

    seed_demo_cases(app).await.expect("seed");
    seed_demo_cases(app).await.expect("seed again is a no-op");
    let _ = articles().expect("article table parses");
    e.db.cleanup().await;
}

#[tokio::test]
async fn demo_seed_on_an_empty_database() {
    let e = env().await;
    seed_demo_cases(&e.app).await.expect("seed");
    let cases = e.app.cases(&polres(), "").await.expect("cases");
    // The coordination case, and the two cases of the entities demo (a recruiter in both).
    assert_eq!(cases.len(), 3);
    let first = cases
        .iter()
        .find(|c| c.title.starts_with("Perekrutan non-prosedural"))
        .expect("the coordination demo case");
    let d = e
        .app
        .case_detail(&polres(), &first.id)
        .await
        .expect("detail");
    assert_eq!(d.legal[0].stage, Some(Stage::Penyidikan));
    // To IOM for the victim, to the Kanwil for the task force's meeting.
    assert_eq!(d.referrals.len(), 2);
    assert_eq!(
        e.app
            .home_notices(&polres())
            .await
            .expect("notices")
            .overdue_actions
            .len(),
        1
    );
    seed_demo_cases(&e.app)
        .await
        .expect("seed again is a no-op");
    assert_eq!(e.app.cases(&polres(), "").await.expect("cases").len(), 3);
    e.db.cleanup().await;
}

#[tokio::test]
async fn lead_transfer_unsharing_and_timers() {
    let e = env().await;
    let app = &e.app;
    let case = app
        .open_case(
            &polres(),
            NewCase {
                kind: "smuggling".into(),
                title: "Jalur tikus".into(),
                started_on: "2026-02-01".into(),
                tip_id: None,
            },
        )
        .await
        .expect("case");
    // A referral that transfers the lead to Kanim Malang (PPNS Imigrasi), accepted.
    let kanim = actor("u-kanim", "kanim-malang", Role::ImmigrationOfficer);
    let r = app
        .refer_case(
            &polres(),
            &case.id,
            NewReferral {
                to_agency: "kanim-malang".into(),
                purpose: "lead_transfer".into(),
                reason: "PPNS Imigrasi menyidik Pasal 120".into(),
                due_on: "2026-03-05".into(),
                override_reason: None,
            },
        )
        .await
        .expect("refer");
    app.referral_action(&kanim, &r, "accept", "")
        .await
        .expect("accept");
    let d = app.case_detail(&kanim, &case.id).await.expect("kanim sees");
    assert_eq!(d.lead_agency, "kanim-malang");
    assert!(d.timeline.iter().any(|t| t.kind == "case.lead_transfer"));
    // A rejected referral withdraws the receiver's access.
    let r2 = app
        .refer_case(
            &kanim,
            &case.id,
            NewReferral {
                to_agency: "iom-indonesia".into(),
                purpose: "victim_assistance".into(),
                reason: "asesmen".into(),
                due_on: "2026-03-02".into(),
                override_reason: None,
            },
        )
        .await
        .expect("refer to iom");
    assert!(app.case_detail(&iom(), &case.id).await.is_ok());
    app.referral_action(&iom(), &r2, "reject", "bukan wilayah kerja")
        .await
        .expect("reject");
    assert!(matches!(
        app.case_detail(&iom(), &case.id).await,
        Err(AppError::NotFound)
    ));
    // Timers: nothing overdue yet; ten days on the tip escalates and the accepted (still open)
    // lead-transfer referral is reminded, the rejected one stays quiet.
    let public = sinergi_app::audit::Origin {
        actor: "public".into(),
        client: "1.2.3.4".into(),
    };
    app.submit_tip(&public, tip("Joko")).await.expect("tip");
    assert_eq!(app.run_coordination_timers().await.expect("timers"), (0, 0));
    e.clock.advance(time::Duration::days(10));
    assert_eq!(app.run_coordination_timers().await.expect("timers"), (1, 1));
    e.db.cleanup().await;
}

#[test]
fn the_forwarding_policy_file_matches_the_built_in_default() {
    use sinergi_domain::cases::tip::ForwardingPolicy;
    assert_eq!(forwarding_policy(), ForwardingPolicy::default());
    assert!(parse_forwarding_policy("escalate_hours_imminent = 1").is_err());
}
