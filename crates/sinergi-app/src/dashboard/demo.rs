//! Synthetic history for the dashboards of `sinergi demo`: twelve months of passport applicants
//! (screened, some deferred), tips, cases with suspects moving through the legal process,
//! victims assisted, referrals, meeting action items and outreach events across Malang Raya.
//! Deterministic (a fixed seed), idempotent (a marker tip), synthetic only: invented names,
//! NIKs made from real kecamatan codes and invented birth dates and serials.

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::{Role, User};
use sinergi_domain::cases::assistance::{Outcome, Service};
use sinergi_domain::cases::case::CaseStatus;
use sinergi_domain::cases::case_record::{Case, CasePerson};
use sinergi_domain::cases::coordination_record::{ActionItem, Assistance, Meeting};
use sinergi_domain::cases::legal::{Investigator, Regime, Stage};
use sinergi_domain::cases::legal_record::LegalStep;
use sinergi_domain::cases::meeting::ActionState;
use sinergi_domain::cases::referral::ReferralState;
use sinergi_domain::cases::referral_record::Referral;
use sinergi_domain::cases::tip::{Severity, TipChannel, TipStatus};
use sinergi_domain::cases::tip_record::Tip;
use sinergi_domain::cases::{CaseKind, PersonRole};
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::{ApplicationStatus, Decision, DecisionRecord};
use sinergi_domain::region::{self, RegionCode};
use sinergi_store::information::OutreachRow;
use time::{Date, Duration, Month};

/// The receipt of the first demo tip: when it exists, the history is already there.
const MARKER: &str = "DSB-DEMO-0001";
const DAY_MS: i64 = 86_400_000;
const WIB_MS: i64 = 7 * 3_600_000;

const FIRST: [&str; 12] = [
    "Siti", "Sri", "Dewi", "Nur", "Tri", "Eko", "Agus", "Budi", "Wahyu", "Rina", "Yuli", "Joko",
];
const LAST: [&str; 10] = [
    "Rahayu",
    "Lestari",
    "Wulandari",
    "Santoso",
    "Prasetyo",
    "Hidayat",
    "Susanti",
    "Setiawan",
    "Purnomo",
    "Handayani",
];

/// A small deterministic generator (64-bit LCG, high bits).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize % items.len()]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn actor(id: &str, agency: &str, role: Role) -> Actor {
    Actor {
        user: User {
            id: id.into(),
            username: id.into(),
            display_name: id.into(),
            agency_code: agency.into(),
            role,
            active: true,
        },
        agency_name: agency.into(),
        csrf_token: String::new(),
        client: "demo".into(),
        scopes: None,
    }
}

fn id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Milliseconds of a WIB day at `hour`.
fn ms_of(day: Date, hour: i64) -> i64 {
    (i64::from(day.to_julian_day()) - 2_440_588) * DAY_MS - WIB_MS + hour * 3_600_000
}

/// The kecamatan the demo draws from (weighted by repetition): more in Kabupaten Malang.
fn kecamatan_pool() -> Vec<RegionCode> {
    let mut pool = Vec::new();
    for (kab, take, weight) in [(0, 12, 2), (1, 5, 1), (2, 3, 1)] {
        let Some(code) = region::MALANG_RAYA.get(kab) else {
            continue;
        };
        for kec in region::children(*code).take(take) {
            for _ in 0..weight {
                pool.push(kec.code());
            }
        }
    }
    pool
}

/// The police office of a kecamatan's kabupaten/kota.
fn police_of(kec: RegionCode) -> &'static str {
    match kec.undotted().get(0..4) {
        Some("3573") => "polresta-malang-kota",
        Some("3579") => "polres-batu",
        _ => "polres-malang",
    }
}

/// Seeds the dashboard history ending today; does nothing when it is already there.
pub async fn seed_demo_dashboard(app: &App) -> Result<(), AppError> {
    if app.store.tip_by_receipt(MARKER).await?.is_some() {
        return Ok(());
    }
    let today = app.clock.now_wib().date();
    let now = to_millis(app.clock.now());
    let pool = kecamatan_pool();
    let mut rng = Rng(0x5157_4e45_5247_4931);
    let officer = actor(
        "demo-dasbor-imigrasi",
        "kanim-malang",
        Role::ImmigrationOfficer,
    );
    app.ensure_prevention_index().await?;
    let (mut tip_no, mut case_no) = (0u32, 0u32);
    for back in (0..12).rev() {
        let index = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - back;
        let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
        let start = Date::from_calendar_date(index.div_euclid(12), month, 1).unwrap_or(today);
        let days_in = i64::from(start.month().length(start.year()));
        let last = (today - start).whole_days().min(days_in - 1).max(0);
        let day = |rng: &mut Rng| start + Duration::days(rng.below(last as u64 + 1) as i64);
        for _ in 0..(12 + rng.below(10)) {
            let (kec, on) = (*rng.pick(&pool), day(&mut rng));
            seed_applicant(app, &officer, &mut rng, kec, on, today).await?;
        }
        for _ in 0..(3 + rng.below(5)) {
            tip_no += 1;
            let kec = (!rng.chance(10)).then(|| *rng.pick(&pool));
            let received = day(&mut rng);
            let tip_id = seed_tip(app, &mut rng, tip_no, kec, received).await?;
            if rng.chance(40) {
                case_no += 1;
                seed_case(app, &mut rng, case_no, &tip_id, kec, received, today, now).await?;
            }
        }
        for _ in 0..2 {
            let kec = *rng.pick(&pool);
            let held = day(&mut rng);
            app.store
                .insert_outreach(&OutreachRow {
                    id: id(),
                    held_on: sinergi_domain::dates::format_iso(held),
                    start_time: "09:00".into(),
                    kecamatan_code: kec.to_string(),
                    place: "Balai desa (demo)".into(),
                    title: "Sosialisasi migrasi aman (demo)".into(),
                    agencies: "disnaker-kab-malang;bp3mi-jatim".into(),
                    audience: "Warga dan perangkat desa".into(),
                    expected_audience: 40 + rng.below(160) as i64,
                    materials: "Leaflet (demo)".into(),
                    created_by: "demo".into(),
                    created_at: ms_of(held, 8),
                })
                .await?;
        }
        if back % 2 == 0 {
            let held = day(&mut rng);
            seed_meeting(app, &mut rng, held, today).await?;
        }
    }
    if let Ok(mut guard) = app.prevention.index.write() {
        *guard = None;
    }
    Ok(())
}

async fn seed_applicant(
    app: &App,
    officer: &Actor,
    rng: &mut Rng,
    kec: RegionCode,
    on: Date,
    today: Date,
) -> Result<(), AppError> {
    let female = rng.chance(70);
    let (d, m, y) = (1 + rng.below(28), 1 + rng.below(12), 1975 + rng.below(30));
    let nik = format!(
        "{}{:02}{:02}{:02}{:04}",
        kec.undotted(),
        d + if female { 40 } else { 0 },
        m,
        y % 100,
        1 + rng.below(9000)
    );
    let input = crate::prevention::ApplicationInput {
        source_ref: format!("demo-dasbor-{}", id()),
        full_name: format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST)),
        nik,
        birth_date: format!("{d:02}/{m:02}/{y}"),
        sex: if female { "P" } else { "L" }.into(),
        purpose: rng
            .pick(&["tourism", "umrah_hajj", "visit_family", "work"])
            .to_string(),
        destination: rng.pick(&["MY", "SA", "HK", "TW", "SG"]).to_string(),
        documents: "ktp,kartu_keluarga".into(),
        ..Default::default()
    };
    let mut a = app.new_applicant(&officer.user.agency_code, &officer.user.id, &input)?;
    a.created_at = ms_of(on, 8 + rng.below(7) as i64);
    let deferred = rng.chance(25);
    let refused = !deferred && rng.chance(4);
    app.atomically(async |app| {
        if !app.store.insert_applicant(&a).await? {
            return Ok(());
        }
        app.screen_loaded(officer, &a).await?;
        if deferred || refused {
            let deadline = on + Duration::days(30);
            let status = match (refused, deadline < today, rng.chance(50)) {
                (true, _, _) => ApplicationStatus::Refused,
                (false, false, _) => ApplicationStatus::Deferred,
                (false, true, true) => ApplicationStatus::Issued,
                (false, true, false) => ApplicationStatus::Lapsed,
            };
            let record = DecisionRecord {
                decision: if refused {
                    Decision::Refuse
                } else {
                    Decision::Defer
                },
                reason: "Tujuan bekerja tanpa dokumen penempatan (demo)".into(),
                by: officer.user.id.clone(),
                at: a.created_at + 3_600_000,
                deadline: (!refused).then_some(deadline),
                missing: Vec::new(),
            };
            app.store.save_decision(&a.id, status, &record).await?;
        }
        Ok(())
    })
    .await
}

async fn seed_tip(
    app: &App,
    rng: &mut Rng,
    n: u32,
    kec: Option<RegionCode>,
    on: Date,
) -> Result<String, AppError> {
    let at = ms_of(on, 9 + rng.below(10) as i64);
    let kind = *rng.pick(&[
        CaseKind::Tppo,
        CaseKind::Tppo,
        CaseKind::PmiNp,
        CaseKind::PmiNp,
        CaseKind::PmiNp,
        CaseKind::Smuggling,
    ]);
    let tip = Tip {
        id: id(),
        receipt: format!("DSB-DEMO-{n:04}"),
        channel: *rng.pick(&[
            TipChannel::Portal,
            TipChannel::VillageHead,
            TipChannel::Phone,
        ]),
        kind,
        severity: Severity::Ordinary,
        consent: true,
        region_code: kec.map(|k| k.to_string()),
        suspect_name: Some(format!("{} (calo, demo)", rng.pick(&FIRST))),
        suspect_phone_idx: None,
        narrative_sealed: Some(app.vault.seal(
            crate::vault::Field::VictimIdentity,
            "Ditawari kerja ke luar negeri tanpa dokumen (data sintetis).",
        )?),
        reporter_contact_sealed: None,
        status: if rng.chance(70) {
            TipStatus::Assigned
        } else {
            TipStatus::Closed
        },
        assigned_agency: Some("polres-malang".into()),
        duplicate_of: None,
        case_id: None,
        received_at: at,
        escalate_at: at + 3 * DAY_MS,
        escalated: false,
        updated_at: at,
        source: None,
        close_reason_sealed: None,
    };
    app.store.insert_tip(&tip).await?;
    Ok(tip.id)
}

#[allow(clippy::too_many_arguments)]
async fn seed_case(
    app: &App,
    rng: &mut Rng,
    n: u32,
    tip_id: &str,
    kec: Option<RegionCode>,
    received: Date,
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    let opened = (received + Duration::days(2 + rng.below(12) as i64)).min(today);
    let Some(mut tip) = app.store.tip(tip_id).await? else {
        return Ok(());
    };
    let lead = kec.map(police_of).unwrap_or("polres-malang");
    let case = Case {
        id: id(),
        number: format!("DSB/{}/{n:04}", opened.year()),
        kind: tip.kind,
        title: "Perkara contoh untuk dasbor (sintetis)".into(),
        lead_agency: lead.into(),
        regime: Regime::for_start(opened),
        started_on: opened,
        status: CaseStatus::Open,
        created_by: "demo".into(),
        created_at: ms_of(opened, 10),
    };
    app.store.insert_case(&case).await?;
    app.store
        .share_case(&case.id, lead, case.created_at)
        .await?;
    let expected = tip.status;
    tip.status = TipStatus::CaseOpened;
    tip.case_id = Some(case.id.clone());
    app.store.update_tip(&tip, expected).await?;
    let person = |role: PersonRole, name: Option<String>| CasePerson {
        id: id(),
        case_id: case.id.clone(),
        role,
        name,
        name_enc: None,
        nik_enc: None,
        nik_idx: None,
        phone_enc: None,
        phone_idx: None,
        address_enc: None,
        birth_date: None,
        investigator: (role == PersonRole::Suspect).then_some(Investigator::Polri),
        added_at: case.created_at,
        alias: None,
        alias_enc: None,
    };
    let suspect = person(PersonRole::Suspect, tip.suspect_name.clone());
    let victim = person(PersonRole::Victim, None);
    app.store.insert_case_person(&suspect).await?;
    app.store.insert_case_person(&victim).await?;
    let path = [
        (Stage::Penyelidikan, 3),
        (Stage::Penyidikan, 20),
        (Stage::Spdp, 25),
        (Stage::TahapI, 45),
        (Stage::P21, 60),
        (Stage::TahapII, 70),
        (Stage::Dakwaan, 80),
        (Stage::Tuntutan, 100),
        (Stage::Putusan, 120),
    ];
    let pace = 1 + rng.below(2) as i64;
    for (seq, (stage, after)) in path.iter().enumerate() {
        let on = opened + Duration::days(after * pace);
        if on > today {
            break;
        }
        app.store
            .insert_legal_step(&LegalStep {
                id: id(),
                case_id: case.id.clone(),
                person_id: suspect.id.clone(),
                seq: seq as i64 + 1,
                stage: *stage,
                on_date: on,
                document_no: format!("B/{}/{n}/demo", stage.code()),
                office: "Polres (demo)".into(),
                recorded_by: "demo".into(),
                recorded_at: ms_of(on, 12),
            })
            .await?;
    }
    let helper = *rng.pick(&["iom-indonesia", "bp3mi-jatim"]);
    for (service, chance) in [
        (Service::Shelter, 80),
        (Service::Medical, 50),
        (Service::Psychosocial, 40),
        (Service::LegalAid, 30),
        (Service::Repatriation, 15),
    ] {
        if rng.chance(chance) {
            let on = (opened + Duration::days(1 + rng.below(5) as i64)).min(today);
            app.store
                .insert_assistance(&Assistance {
                    id: id(),
                    case_id: case.id.clone(),
                    person_id: Some(victim.id.clone()),
                    service,
                    agency_code: helper.into(),
                    started_on: on,
                    ended_on: None,
                    outcome: Outcome::Ongoing,
                    simfoni_no: None,
                    recorded_by: "demo".into(),
                    recorded_at: ms_of(on, 12),
                })
                .await?;
        }
    }
    let due = ms_of(opened + Duration::days(14), 17);
    let state = if due < now && rng.chance(75) {
        ReferralState::Done
    } else {
        *rng.pick(&[ReferralState::Accepted, ReferralState::InProgress])
    };
    app.store
        .insert_referral(&Referral {
            id: id(),
            case_id: case.id.clone(),
            from_agency: lead.into(),
            to_agency: helper.into(),
            purpose: crate::cases::PURPOSE_VICTIM_ASSISTANCE.into(),
            reason: "Pendampingan korban (demo)".into(),
            due_at: due,
            state,
            state_reason: None,
            consent_basis: "consent".into(),
            transfer_lead: false,
            created_by: "demo".into(),
            created_at: case.created_at,
            updated_at: case.created_at,
            reminded_at: None,
        })
        .await?;
    Ok(())
}

async fn seed_meeting(app: &App, rng: &mut Rng, held: Date, today: Date) -> Result<(), AppError> {
    let meeting = Meeting {
        id: id(),
        held_on: held,
        host_agency: "pemkot-batu".into(),
        title: "Rapat Gugus Tugas PP-TPPO (demo)".into(),
        agenda: "Perkembangan perkara dan sosialisasi".into(),
        minutes: "Notulen (sintetis)".into(),
        decisions: "Tindak lanjut per lembaga".into(),
        created_by: "demo".into(),
        created_at: ms_of(held, 13),
    };
    let attendees = ["polres-malang", "kanim-malang", "disnaker-kab-malang"];
    let attendees: Vec<String> = attendees.iter().map(|s| (*s).to_string()).collect();
    app.store.insert_meeting(&meeting, &attendees).await?;
    for agency in &attendees {
        let due = held + Duration::days(14);
        let done = due < today && rng.chance(60);
        app.store
            .insert_action_item(&ActionItem {
                id: id(),
                meeting_id: meeting.id.clone(),
                agency_code: agency.clone(),
                description: "Tindak lanjut rapat (demo)".into(),
                due_on: due,
                state: if done {
                    ActionState::Done
                } else {
                    ActionState::Open
                },
                closed_by: done.then(|| "demo".to_string()),
                closed_at: done.then(|| ms_of(due, 12)),
            })
            .await?;
    }
    Ok(())
}
