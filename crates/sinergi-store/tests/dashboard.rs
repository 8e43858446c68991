//! Contract tests of the dashboard queries, on SQLite and (with `SINERGI_TEST_DATABASE_URL`) on
//! PostgreSQL: the region filter (exact code or prefix; the province also takes records without
//! a region), the period, grouping in SQL, a case's region from its tip or else its lead agency,
//! a suspect's latest main stage, distinct people assisted, overdue items and the funnel rows.

use sinergi_domain::cases::CaseKind;
use sinergi_domain::cases::PersonRole;
use sinergi_domain::cases::assistance::{Outcome, Service};
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::case_record::{Case, CasePerson};
use sinergi_domain::cases::coordination_record::Assistance;
use sinergi_domain::cases::legal::{Investigator, Regime, Stage};
use sinergi_domain::cases::legal_record::LegalStep;
use sinergi_domain::cases::referral::ReferralState;
use sinergi_domain::cases::referral_record::Referral;
use sinergi_domain::cases::tip::TipStatus;
use sinergi_domain::cases::tip_record::Tip;
use sinergi_domain::org::{Agency, AgencyKind, AgencyName};
use sinergi_store::dashboard::{Group, Scope};
use sinergi_store::information::OutreachRow;
use sinergi_store::testing::TestDatabase;
use time::macros::date;

const DAY: i64 = 86_400_000;

fn scope(eq: &str, like: &str) -> Scope {
    Scope {
        from_ms: 0,
        to_ms: 100 * DAY,
        from_day: "1970-01-01".into(),
        to_day: "1970-04-10".into(),
        region_eq: eq.into(),
        region_like: like.into(),
    }
}

fn tip(id: &str, region: Option<&str>, at: i64, case: Option<&str>) -> Tip {
    let status = if case.is_some() {
        TipStatus::CaseOpened
    } else {
        TipStatus::Received
    };
    Tip {
        consent: true,
        region_code: region.map(str::to_string),
        suspect_phone_idx: None,
        case_id: case.map(str::to_string),
        escalate_at: at,
        ..crate::fixtures::tip(id, status, at)
    }
}

fn counts(groups: &[Group]) -> Vec<(String, String, i64)> {
    let mut v: Vec<_> = groups
        .iter()
        .map(|g| (g.region.clone(), g.key.clone(), g.n))
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn grouped_counts_by_region_and_period() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&Agency {
        code: "polres".into(),
        kind: AgencyKind::Polri,
        region_code: Some("35.07".into()),
        names: vec![AgencyName {
            name: "POLRES".into(),
            parent_code: None,
            valid_from: date!(1970 - 01 - 01),
            valid_to: None,
        }],
    })
    .await
    .expect("agency");
    for (id, started) in [("c1", date!(1970 - 01 - 05)), ("c2", date!(1970 - 02 - 01))] {
        s.insert_case(&Case {
            id: id.into(),
            number: format!("N-{id}"),
            kind: CaseKind::Tppo,
            title: "t".into(),
            lead_agency: "polres".into(),
            regime: Regime::Kuhap1981,
            started_on: started,
            status: CaseStatus::Open,
            created_by: "u".into(),
            created_at: 4 * DAY,
        })
        .await
        .expect("case");
    }
    // c1 came from a tip in 35.07.04; c2 has no tip (its region is the lead agency's 35.07).
    s.insert_tip(&tip("t1", Some("35.07.04"), DAY, Some("c1")))
        .await
        .expect("t1");
    s.insert_tip(&tip("t2", Some("35.73.01"), 2 * DAY, None))
        .await
        .expect("t2");
    s.insert_tip(&tip("t3", None, 3 * DAY, None))
        .await
        .expect("t3");
    s.insert_tip(&tip("t4", Some("35.07.04"), 200 * DAY, None))
        .await
        .expect("t4 (outside the period)");
    let person = |id: &str, role| CasePerson {
        id: id.into(),
        case_id: "c1".into(),
        role,
        name: None,
        name_enc: None,
        nik_enc: None,
        nik_idx: None,
        phone_enc: None,
        phone_idx: None,
        address_enc: None,
        birth_date: None,
        investigator: Some(Investigator::Polri),
        added_at: 0,
        alias: None,
        alias_enc: None,
    };
    s.insert_case_person(&person("s1", PersonRole::Suspect))
        .await
        .expect("s1");
    s.insert_case_person(&person("v1", PersonRole::Victim))
        .await
        .expect("v1");
    for (seq, stage, on) in [
        (1, Stage::Penyelidikan, date!(1970 - 01 - 06)),
        (2, Stage::Penyidikan, date!(1970 - 01 - 10)),
        (3, Stage::Praperadilan, date!(1970 - 01 - 12)),
    ] {
        s.insert_legal_step(&LegalStep {
            id: format!("l{seq}"),
            case_id: "c1".into(),
            person_id: "s1".into(),
            seq,
            stage,
            on_date: on,
            document_no: "d".into(),
            office: "o".into(),
            recorded_by: "u".into(),
            recorded_at: 0,
        })
        .await
        .expect("step");
    }
    for (id, service) in [("a1", Service::Shelter), ("a2", Service::Medical)] {
        s.insert_assistance(&Assistance {
            id: id.into(),
            case_id: "c1".into(),
            person_id: Some("v1".into()),
            service,
            agency_code: "polres".into(),
            started_on: date!(1970 - 01 - 07),
            ended_on: None,
            outcome: Outcome::Ongoing,
            simfoni_no: None,
            recorded_by: "u".into(),
            recorded_at: 0,
        })
        .await
        .expect("assistance");
    }
    s.insert_referral(&Referral {
        id: "r1".into(),
        case_id: "c2".into(),
        from_agency: "polres".into(),
        to_agency: "polres".into(),
        purpose: "p".into(),
        reason: "r".into(),
        due_at: 10 * DAY,
        state: ReferralState::Accepted,
        state_reason: None,
        consent_basis: "consent".into(),
        transfer_lead: false,
        created_by: "u".into(),
        created_at: 0,
        updated_at: 0,
        reminded_at: None,
    })
    .await
    .expect("referral");
    s.insert_outreach(&OutreachRow {
        id: "o1".into(),
        held_on: "1970-02-14".into(),
        start_time: "09:00".into(),
        kecamatan_code: "35.07.04".into(),
        place: "p".into(),
        title: "t".into(),
        agencies: "polres".into(),
        audience: "a".into(),
        expected_audience: 80,
        materials: String::new(),
        created_by: "u".into(),
        created_at: 0,
    })
    .await
    .expect("outreach");

    let jatim = scope("", "35%");
    let kab = scope("35.07", "35.07.%");
    let tips = s.dashboard_tips(&jatim).await.expect("tips");
    assert_eq!(
        counts(&tips),
        vec![
            ("".into(), "tppo".into(), 1),
            ("35.07.04".into(), "tppo".into(), 1),
            ("35.73.01".into(), "tppo".into(), 1),
        ]
    );
    assert_eq!(s.dashboard_tips(&kab).await.expect("kab").len(), 1);
    let daily = s.dashboard_tips_daily(&jatim).await.expect("daily");
    assert_eq!(daily.iter().map(|d| d.n).sum::<i64>(), 3);
    let cases = s.dashboard_cases(&kab).await.expect("cases");
    let mut months: Vec<_> = cases
        .iter()
        .map(|g| (g.region.as_str(), g.sub.as_str(), g.n))
        .collect();
    months.sort();
    assert_eq!(
        months,
        vec![("35.07", "1970-02", 1), ("35.07.04", "1970-01", 1)]
    );
    let stages = s.dashboard_suspect_stages(&kab).await.expect("stages");
    assert_eq!(
        counts(&stages),
        vec![("35.07.04".into(), "penyidikan".into(), 1)],
        "the side step does not move the main stage"
    );
    let assisted = s.dashboard_assistance(&kab).await.expect("assistance");
    assert_eq!(
        counts(&assisted),
        vec![
            ("35.07.04".into(), "".into(), 1),
            ("35.07.04".into(), "medical".into(), 1),
            ("35.07.04".into(), "shelter".into(), 1),
        ],
        "one person with two services"
    );
    let overdue = s
        .dashboard_overdue_referrals(11 * DAY, &kab)
        .await
        .expect("overdue");
    assert_eq!(counts(&overdue), vec![("35.07".into(), "polres".into(), 1)]);
    assert!(
        s.dashboard_overdue_referrals(9 * DAY, &kab)
            .await
            .expect("not yet")
            .is_empty()
    );
    assert!(
        s.dashboard_overdue_actions("1970-03-01", &kab)
            .await
            .expect("actions")
            .is_empty()
    );
    let outreach = s.dashboard_outreach(&kab).await.expect("outreach");
    assert_eq!((outreach[0].n, outreach[0].extra), (1, 80));
    assert!(
        s.dashboard_outreach(&scope("35.73", "35.73.%"))
            .await
            .expect("kota")
            .is_empty()
    );
    let funnel = s.dashboard_funnel(&jatim).await.expect("funnel");
    assert_eq!(funnel.len(), 3);
    let from_c1 = funnel
        .iter()
        .find(|f| f.case_id.as_deref() == Some("c1"))
        .expect("t1 became c1");
    assert_eq!(from_c1.charged_on.as_deref(), Some("1970-01-10"));
    assert_eq!(from_c1.verdict_on, None);
    assert_eq!(from_c1.case_created_at, Some(4 * DAY));
    assert!(
        s.dashboard_applicants(&jatim)
            .await
            .expect("applicants")
            .is_empty()
    );
    assert!(
        s.dashboard_applicants_daily(&jatim)
            .await
            .expect("daily")
            .is_empty()
    );
    db.cleanup().await;
}
