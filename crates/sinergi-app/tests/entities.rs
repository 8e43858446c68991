//! Entities across the system: proposals by the matching engine, merge and undo with their
//! audit rows, need-to-know on the person page and on every node of the network.

use sinergi_app::AppError;
use sinergi_app::cases::network::{EdgeKind, NodeKind};
use sinergi_app::entities::demo::{DEMO_CASE_ONE, DEMO_CASE_TWO, DEMO_SPONSORED_APPLICANT};
use sinergi_app::entities::{EntityRecord, PROPOSE_FROM, RecordAbout};
use sinergi_domain::access::Role;
use sinergi_domain::entities::{MergeState, RecordKey, RecordKind};

use super::case_support::*;

async fn seeded() -> Env {
    let e = env().await;
    sinergi_app::prevention::demo::seed_demo_prevention(&e.app)
        .await
        .expect("prevention demo");
    sinergi_app::cases::seed_demo_cases(&e.app)
        .await
        .expect("cases demo");
    e
}

fn kanim() -> sinergi_app::auth::Actor {
    actor("u-kanim", "kanim-malang", Role::ImmigrationOfficer)
}

fn in_case(r: &EntityRecord, title_case: &str, name: &str) -> bool {
    r.name == name
        && matches!(&r.about, RecordAbout::CasePerson { case_number, .. } if case_number == title_case)
}

/// The case numbers of the two demo cases, by title.
async fn case_numbers(e: &Env) -> (String, String) {
    let cases = e.app.cases(&polres(), "").await.expect("cases");
    let num = |t: &str| {
        cases
            .iter()
            .find(|c| c.title == t)
            .map(|c| c.number.clone())
            .expect("demo case")
    };
    (num(DEMO_CASE_ONE), num(DEMO_CASE_TWO))
}

#[tokio::test]
async fn pak_darto_is_proposed_merged_and_the_merge_undone() {
    let e = seeded().await;
    let app = &e.app;
    let (one, two) = case_numbers(&e).await;
    let o = app.entity_overview(&polres()).await.expect("overview");
    let p = o
        .proposals
        .iter()
        .find(|p| {
            (in_case(&p.a, &one, "Pak Darto") && in_case(&p.b, &one, "Darto Sugiharto"))
                || (in_case(&p.b, &one, "Pak Darto") && in_case(&p.a, &one, "Darto Sugiharto"))
        })
        .expect("Pak Darto and Darto Sugiharto with one phone are proposed as one suspect");
    assert!(p.probability >= PROPOSE_FROM);
    assert!(
        p.evidence
            .iter()
            .any(|x| x.field == "phone" && x.level == "exact" && x.bits.is_some_and(|b| b > 0.0))
    );
    assert!(o.may_resolve);
    let (pak, darto) = if p.a.name == "Pak Darto" {
        (p.a.key.clone(), p.b.key.clone())
    } else {
        (p.b.key.clone(), p.a.key.clone())
    };

    // Somebody without the right permission may not merge.
    let iom = actor("u-iom", "iom-indonesia", Role::Caseworker);
    assert!(matches!(
        app.merge_entities(&iom, &pak, &darto).await,
        Err(AppError::Forbidden)
    ));
    // A pair the engine does not propose is refused.
    let victimless = app.entity(&polres(), &pak).await.expect("page");
    assert_eq!(victimless.records.len(), 1);
    assert!(victimless.proposals.iter().any(|p| p.b.key == darto));

    let m = app
        .merge_entities(&polres(), &pak, &darto)
        .await
        .expect("merge");
    assert_eq!(m.state, MergeState::Merged);
    assert!(matches!(
        app.merge_entities(&polres(), &pak, &darto).await,
        Err(AppError::Conflict("entity_already_one"))
    ));
    let page = app
        .entity(&polres(), &darto)
        .await
        .expect("page of the other");
    assert_eq!(page.records.len(), 2, "one person, two records");
    assert_eq!(page.name, "Darto Sugiharto", "the fullest name");
    assert!(!page.proposals.iter().any(|p| p.b.key == pak));
    assert!(page.merges.iter().any(|v| v.merge.id == m.id && v.undoable));

    // The recruiter of the second case joins; undoing the first merge must wait for the second.
    let recruiter = page
        .proposals
        .iter()
        .find(|p| in_case(&p.b, &two, "Darto Sugiharto"))
        .map(|p| p.b.key.clone())
        .expect("the recruiter of the second case is proposed too");
    let m2 = app
        .merge_entities(&polres(), &recruiter, &pak)
        .await
        .expect("second merge");
    assert_eq!(
        app.entity(&polres(), &pak).await.expect("3").records.len(),
        3
    );
    assert!(matches!(
        app.undo_merge(&polres(), &m.id).await,
        Err(AppError::Conflict("entity_changed_since"))
    ));
    app.undo_merge(&polres(), &m2.id)
        .await
        .expect("undo second");
    assert_eq!(
        app.entity(&polres(), &pak).await.expect("2").records.len(),
        2
    );
    let undone = app.undo_merge(&polres(), &m.id).await.expect("undo first");
    assert_eq!(undone.state, MergeState::Undone);
    assert_eq!(
        app.entity(&polres(), &pak).await.expect("1").records.len(),
        1
    );
    assert_eq!(
        app.entity(&polres(), &darto)
            .await
            .expect("1")
            .records
            .len(),
        1
    );
    assert!(matches!(
        app.undo_merge(&polres(), &m.id).await,
        Err(AppError::Conflict("merge_not_active"))
    ));
    // Proposed again after the undo; a dismissal stops that.
    let again = app.entity(&polres(), &pak).await.expect("again");
    assert!(again.proposals.iter().any(|p| p.b.key == darto));
    app.dismiss_pair(&polres(), &pak, &darto)
        .await
        .expect("dismiss");
    let after = app.entity(&polres(), &pak).await.expect("after");
    assert!(!after.proposals.iter().any(|p| p.b.key == darto));

    let audit = e.db.store.recent_audit(200).await.expect("audit");
    for (action, subject) in [
        ("entity.merge", &m.id),
        ("entity.unmerge", &m.id),
        ("entity.merge", &m2.id),
        ("entity.unmerge", &m2.id),
    ] {
        assert!(
            audit
                .iter()
                .any(|r| r.action == action && &r.subject == subject),
            "{action} {subject} audited"
        );
    }
    assert!(audit.iter().any(|r| r.action == "entity.dismiss"));
}

#[tokio::test]
async fn the_network_spans_two_cases_and_a_sponsor_phone_under_need_to_know() {
    let e = seeded().await;
    let app = &e.app;
    let (one, two) = case_numbers(&e).await;
    let o = app.entity_overview(&kanim()).await.expect("overview");
    let recruiter = o
        .proposals
        .iter()
        .flat_map(|p| [&p.a, &p.b])
        .find(|r| in_case(r, &two, "Darto Sugiharto"))
        .map(|r| r.key.clone())
        .expect("the recruiter is in a proposal the office may see");

    // Immigration (cases shared, reads applications and the watchlist): everything.
    let g = app
        .entity_network(&kanim(), &recruiter)
        .await
        .expect("network");
    let label_of = |k: NodeKind| -> Vec<String> {
        g.nodes
            .iter()
            .filter(|n| n.kind == k)
            .map(|n| n.label.clone())
            .collect()
    };
    let cases = label_of(NodeKind::Case);
    assert!(cases.contains(&one) && cases.contains(&two), "{cases:?}");
    assert!(label_of(NodeKind::Applicant).contains(&DEMO_SPONSORED_APPLICANT.to_string()));
    assert!(g.edges.iter().any(|e| e.kind == EdgeKind::Sponsor));
    assert!(
        label_of(NodeKind::Company)
            .iter()
            .any(|c| c.contains("Sumber Rezeki"))
    );
    assert!(!label_of(NodeKind::Watchlist).is_empty());
    assert!(
        !g.nodes.iter().any(|n| n.label == "Yuliana"),
        "victims never appear"
    );

    // The police read the cases and the watchlist, not applications.
    let g = app
        .entity_network(&polres(), &recruiter)
        .await
        .expect("network");
    assert_eq!(
        g.nodes.iter().filter(|n| n.kind == NodeKind::Case).count(),
        2
    );
    assert!(!g.nodes.iter().any(|n| n.kind == NodeKind::Applicant));
    assert!(!g.nodes.iter().any(|n| n.kind == NodeKind::Company));

    // The case network shows the sponsor link too (for readers of applications).
    let cid = app
        .cases(&kanim(), "")
        .await
        .expect("cases")
        .into_iter()
        .find(|c| c.number == two)
        .expect("shared")
        .id;
    let g = app
        .case_network(&kanim(), &cid)
        .await
        .expect("case network");
    assert!(g.nodes.iter().any(|n| n.kind == NodeKind::Applicant));

    // An agency the cases are not shared with sees neither the page nor the network.
    let iom = actor("u-iom", "iom-indonesia", Role::Caseworker);
    assert!(matches!(
        app.entity(&iom, &recruiter).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        app.entity_network(&iom, &recruiter).await,
        Err(AppError::NotFound)
    ));
    assert!(
        app.entity_overview(&iom)
            .await
            .expect("overview")
            .proposals
            .is_empty(),
        "nothing of the unshared cases is proposed or counted"
    );
    // The applicant's own page, seen by immigration, links the records it may see.
    let applicant = g
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::Applicant && n.label == DEMO_SPONSORED_APPLICANT)
        .and_then(|n| n.id.strip_prefix("applicant:"))
        .map(|id| RecordKey::new(RecordKind::Applicant, id))
        .expect("applicant node");
    let page = app
        .entity(&kanim(), &applicant)
        .await
        .expect("applicant page");
    assert_eq!(page.records.len(), 1);
    assert!(matches!(
        app.entity(&polres(), &applicant).await,
        Err(AppError::NotFound)
    ));
}
