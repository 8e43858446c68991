//! The prevention part of the store contract: every public function of
//! `sinergi_store::prevention`, on SQLite and (with `SINERGI_TEST_DATABASE_URL`) PostgreSQL.

use sinergi_domain::nik::Sex;
use sinergi_domain::org::{Agency, AgencyKind, AgencyName};
use sinergi_domain::passport::PassportType;
use sinergi_domain::prevention::{
    Applicant, ApplicationStatus, Contribution, Decision, DecisionRecord, Document, Evidence, Hit,
    HitAbout, HitTarget, IndicatorSet, InterviewRecord, NikNote, Purpose, ReferralStatus, RiskBand,
    Score, Screening, Sealed, Verdict, WatchlistEntry, WatchlistKind, WatchlistStatus, WorkType,
};
use sinergi_store::prevention::ApplicantKey;
use sinergi_store::testing::TestDatabase;
use time::macros::date;

pub(super) fn office(code: &str, kind: AgencyKind) -> Agency {
    Agency {
        code: code.into(),
        kind,
        region_code: Some("35.73".into()),
        names: vec![AgencyName {
            name: code.into(),
            parent_code: None,
            valid_from: date!(2010 - 01 - 01),
            valid_to: None,
        }],
    }
}

fn sealed(tag: &str) -> Option<Sealed> {
    Some(Sealed {
        sealed: tag.as_bytes().to_vec(),
        index: format!("idx-{tag}"),
    })
}

pub(super) fn applicant(id: &str, created_at: i64) -> Applicant {
    Applicant {
        id: id.into(),
        office_code: "kanim-malang".into(),
        source_ref: format!("src-{id}"),
        created_at,
        created_by: "u1".into(),
        full_name: "Siti Nurhalizah".into(),
        birth_date: Some(date!(1995 - 03 - 12)),
        sex: Some(Sex::Female),
        birth_place: Some("Malang".into()),
        address: None,
        region_code: Some("35.07.04".into()),
        nik: sealed("nik"),
        passport: None,
        phone: sealed(&format!("phone-{id}")),
        passport_type: PassportType::Elektronik,
        purpose: Purpose::UmrahHajj,
        destination: "SA".into(),
        departure_date: Some(date!(2027 - 01 - 05)),
        sponsor_name: Some("Pak Darto".into()),
        sponsor_phone: sealed("sponsor"),
        agency_name: None,
        documents: vec![Document::Ktp, Document::KartuKeluarga],
        previous_passports: 0,
        interview: InterviewRecord::default(),
        status: ApplicationStatus::New,
        screening: None,
        decision: None,
    }
}

fn screening() -> Screening {
    Screening {
        score: Score {
            total: 60,
            band: RiskBand::High,
            indicator_version: 1,
            contributions: vec![Contribution {
                code: "recruiter_link".into(),
                weight: 40,
                id: "Terkait perekrut".into(),
                en: "Linked to a recruiter".into(),
                same_fact_as: None,
            }],
        },
        rules_version: "2026-01".into(),
        hits: vec![Hit {
            target: HitTarget::CasePerson {
                id: "p1".into(),
                case_id: None,
            },
            about: HitAbout::InCase {
                role: sinergi_domain::cases::PersonRole::Suspect,
                lead_agency: "polres-malang".into(),
                case_number: None,
            },
            name: "Darto".into(),
            probability: 0.7,
            evidence: vec![Evidence {
                field: "full_name".into(),
                level: "one typo".into(),
                bits: Some(7.2),
            }],
            verdict: Some(Verdict::Confirmed),
        }],
        nik_notes: vec![NikNote::Sex {
            nik: Sex::Male,
            stated: Sex::Female,
        }],
        missing_documents: vec![Document::RekomendasiKemenag],
        advisory_documents: vec![Document::SuratPpiu],
    }
}

#[tokio::test]
async fn applicants_round_trip_as_aggregates() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&office("kanim-malang", AgencyKind::Imigrasi))
        .await
        .expect("office");
    let a = applicant("a1", 1_000);
    assert!(s.insert_applicant(&a).await.expect("insert"));
    assert!(
        !s.insert_applicant(&a).await.expect("again"),
        "re-import adds nothing"
    );
    assert!(
        s.insert_applicant(&applicant("a2", 2_000))
            .await
            .expect("a2")
    );
    assert_eq!(s.applicant("a1").await.expect("read"), Some(a.clone()));
    assert_eq!(s.applicant("none").await.expect("read"), None);

    let since = s
        .applicants_of_office_since("kanim-malang", 1_500, 10)
        .await
        .expect("queue");
    assert_eq!(
        since.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        ["a2"]
    );
    let page = s.applicants_page("", 1).await.expect("page");
    assert_eq!(page[0].id, "a1");
    assert_eq!(
        s.applicants_page("a1", 10).await.expect("page 2")[0].id,
        "a2"
    );
    assert_eq!(
        s.applicants_by(ApplicantKey::Nik, "idx-nik")
            .await
            .expect("nik")
            .len(),
        2
    );
    assert_eq!(
        s.applicants_by(ApplicantKey::Phone, "idx-phone-a2")
            .await
            .expect("phone")
            .len(),
        1
    );
    assert!(
        s.applicants_by(ApplicantKey::Passport, "idx-nik")
            .await
            .expect("pp")
            .is_empty()
    );
    assert_eq!(
        s.applicants_by(ApplicantKey::SponsorPhone, "idx-sponsor")
            .await
            .expect("sp")
            .len(),
        2
    );

    s.save_screening("a1", &screening())
        .await
        .expect("screening");
    let interview = InterviewRecord {
        work_type: Some(WorkType::Domestic),
        work_intent: true,
        job_offer: false,
        notes: "PRT di Riyadh".into(),
    };
    s.save_interview("a1", &interview, &[Document::Ktp], Some("PT Contoh"))
        .await
        .expect("interview");
    let deferral = DecisionRecord {
        decision: Decision::Defer,
        reason: "Dokumen kerja tidak ada".into(),
        by: "u1".into(),
        at: 5_000,
        deadline: Some(date!(2026 - 12 - 28)),
        missing: vec![Document::RekomendasiDisnaker, Document::SuratP3mi],
    };
    s.save_decision("a1", ApplicationStatus::Deferred, &deferral)
        .await
        .expect("decide");
    let got = s.applicant("a1").await.expect("read").expect("there");
    assert_eq!(got.screening, Some(screening()));
    assert_eq!(got.interview, interview);
    assert_eq!(got.documents, vec![Document::Ktp]);
    assert_eq!(got.agency_name.as_deref(), Some("PT Contoh"));
    assert_eq!(got.status, ApplicationStatus::Deferred);
    assert_eq!(got.decision, Some(deferral));

    assert_eq!(
        s.lapse_deferrals(date!(2026 - 12 - 28))
            .await
            .expect("not yet"),
        0
    );
    assert_eq!(
        s.lapse_deferrals(date!(2026 - 12 - 29))
            .await
            .expect("lapse"),
        1
    );
    assert_eq!(
        s.applicant("a1")
            .await
            .expect("read")
            .expect("there")
            .status,
        ApplicationStatus::Lapsed
    );
    s.set_applicant_status("a2", ApplicationStatus::Refused)
        .await
        .expect("status");
    assert_eq!(
        s.applicant("a2")
            .await
            .expect("read")
            .expect("there")
            .status,
        ApplicationStatus::Refused
    );
    db.cleanup().await;
}

#[tokio::test]
async fn indicators_watchlist_verdicts_and_referrals() {
    let db = TestDatabase::new().await.expect("test database");
    let s = &db.store;
    s.migrate().await.expect("migrate");
    s.upsert_agency(&office("kanim-malang", AgencyKind::Imigrasi))
        .await
        .expect("office");
    s.upsert_agency(&office("disnaker-kab-malang", AgencyKind::Disnaker))
        .await
        .expect("disnaker");

    // Indicator versions: the second insert of a version writes nothing.
    assert_eq!(s.latest_indicator_version().await.expect("none"), None);
    let v1 = IndicatorSet::parse(include_str!("../../../../data/prevention/indicators.toml"))
        .expect("shipped");
    assert!(
        s.insert_indicator_version(&v1, 1, "system")
            .await
            .expect("v1")
    );
    assert!(
        !s.insert_indicator_version(&v1, 2, "system")
            .await
            .expect("v1 again")
    );
    let v2 = v1.with_weight("missing_documents", 3).expect("v2");
    assert!(s.insert_indicator_version(&v2, 3, "u2").await.expect("v2"));
    let latest = s
        .latest_indicator_version()
        .await
        .expect("latest")
        .expect("v2");
    assert_eq!((latest.set, latest.dropped_retired), (v2, false));
    assert_eq!(s.indicator_version(1).await.expect("v1"), Some(v1));
    assert_eq!(s.indicator_version(9).await.expect("v9"), None);

    // Watchlist, four eyes.
    let w = WatchlistEntry {
        id: "w1".into(),
        kind: WatchlistKind::Recruiter,
        full_name: "Darto".into(),
        nik: None,
        phone: sealed("darto"),
        reason: "Perekrut".into(),
        legal_basis: "LP/B/1".into(),
        review_date: date!(2027 - 05 - 28),
        status: WatchlistStatus::Proposed,
        proposed_by: "u1".into(),
        proposed_at: 10,
        approved_by: None,
        approved_at: None,
        removal_by: None,
        removal_reason: None,
    };
    s.insert_watchlist(&w).await.expect("propose");
    assert_eq!(s.watchlist().await.expect("all"), vec![w.clone()]);
    assert!(
        !s.propose_watchlist_removal("w1", "u1", "x")
            .await
            .expect("not active")
    );
    assert!(s.approve_watchlist("w1", "u2", 11).await.expect("approve"));
    assert!(!s.approve_watchlist("w1", "u2", 12).await.expect("twice"));
    assert!(
        !s.confirm_watchlist_removal("w1", "u2", 12)
            .await
            .expect("none proposed")
    );
    assert!(
        s.propose_watchlist_removal("w1", "u1", "Selesai")
            .await
            .expect("remove?")
    );
    assert!(
        s.confirm_watchlist_removal("w1", "u2", 13)
            .await
            .expect("removed")
    );
    let got = s.watchlist_entry("w1").await.expect("one").expect("there");
    assert_eq!(got.status, WatchlistStatus::Removed);
    assert_eq!(got.removal_reason.as_deref(), Some("Selesai"));
    assert_eq!(s.watchlist_entry("w9").await.expect("none"), None);

    // Verdicts: one per (subject, target), the last one counts.
    let t = HitTarget::Applicant { id: "a9".into() };
    s.set_hit_verdict("idx-nik", &t, Verdict::Confirmed, "u1", 1)
        .await
        .expect("verdict");
    s.set_hit_verdict("idx-nik", &t, Verdict::FalseMatch, "u1", 2)
        .await
        .expect("changed");
    assert_eq!(
        s.hit_verdicts("idx-nik").await.expect("verdicts"),
        vec![(t.key(), Verdict::FalseMatch)]
    );

    // Referrals: only the receiving agency closes an open one.
    s.insert_applicant(&applicant("a1", 1))
        .await
        .expect("applicant");
    let r = crate::fixtures::referral("r1");
    s.insert_applicant_referral(&r).await.expect("refer");
    assert_eq!(
        s.applicant_referral_inbox("disnaker-kab-malang")
            .await
            .expect("inbox"),
        vec![r.clone()]
    );
    assert_eq!(s.applicant_referrals("a1").await.expect("of a1"), vec![r]);
    assert!(
        !s.finish_applicant_referral("r1", "kanim-malang", "u1", 30)
            .await
            .expect("not theirs")
    );
    assert!(
        s.finish_applicant_referral("r1", "disnaker-kab-malang", "u3", 30)
            .await
            .expect("done")
    );
    assert!(
        !s.finish_applicant_referral("r1", "disnaker-kab-malang", "u3", 31)
            .await
            .expect("twice")
    );
    let done = &s.applicant_referrals("a1").await.expect("of a1")[0];
    assert_eq!(
        (done.status, done.done_by.as_deref()),
        (ReferralStatus::Done, Some("u3"))
    );
    db.cleanup().await;
}
