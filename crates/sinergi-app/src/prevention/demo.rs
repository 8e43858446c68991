//! Synthetic screening data for `sinergi demo`: a recruiter's phone on the watchlist (approved
//! by two people) and an earlier deferral at Kanim Blitar, so that an officer in Malang can see
//! a recruiter link and a cross-office flag. All names and numbers are invented.

use super::intake::ApplicationInput;
use crate::vault::Field;
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::{
    ApplicationStatus, DEFAULT_DEFERRAL_DAYS, Decision, DecisionRecord, Document, WatchlistEntry,
    WatchlistKind, WatchlistStatus, deferral_deadline,
};

/// The demo recruiter's phone (synthetic). An applicant whose sponsor gives this number is
/// linked to the recruiter.
pub const DEMO_RECRUITER_PHONE: &str = "0812-3456-7001";

/// Seeds the demo screening data; running it again changes nothing.
pub async fn seed_demo_prevention(app: &App) -> Result<(), AppError> {
    let now = to_millis(app.clock.now());
    if app
        .store
        .watchlist_entry("demo-recruiter-1")
        .await?
        .is_none()
    {
        let phone = sinergi_domain::phone::Phone::parse(DEMO_RECRUITER_PHONE)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        app.store
            .insert_watchlist(&WatchlistEntry {
                id: "demo-recruiter-1".into(),
                kind: WatchlistKind::Recruiter,
                full_name: "Darto Sugiharto (contoh)".into(),
                nik: None,
                phone: app.seal(Field::Phone, Some(phone.e164()))?,
                reason: "Perekrut PMI non-prosedural ke Timur Tengah (data contoh)".into(),
                legal_basis: "LP/B/001/I/2026/Polres Malang (contoh)".into(),
                review_date: app
                    .clock
                    .now_wib()
                    .date()
                    .saturating_add(time::Duration::days(180)),
                status: WatchlistStatus::Proposed,
                proposed_by: "demo-seed".into(),
                proposed_at: now,
                approved_by: None,
                approved_at: None,
                removal_by: None,
                removal_reason: None,
            })
            .await?;
        app.store
            .approve_watchlist("demo-recruiter-1", "demo-seed-2", now)
            .await?;
    }
    let input = ApplicationInput {
        source_ref: "demo-blitar-1".into(),
        full_name: "Siti Nurhalizah".into(),
        nik: "3507045203950002".into(),
        birth_date: "12/03/1995".into(),
        sex: "P".into(),
        purpose: "visit_family".into(),
        destination: "SA".into(),
        sponsor_name: "Pak Darto".into(),
        sponsor_phone: DEMO_RECRUITER_PHONE.into(),
        documents: "ktp".into(),
        ..ApplicationInput::default()
    };
    let mut a = app.new_applicant("kanim-blitar", "demo-seed", &input)?;
    a.created_at = now - 3 * 24 * 3600 * 1000;
    if app.store.insert_applicant(&a).await? {
        let deadline = deferral_deadline(app.clock.now_wib().date(), DEFAULT_DEFERRAL_DAYS - 3);
        let record = DecisionRecord {
            decision: Decision::Defer,
            reason: "Mengaku kunjungan keluarga, tetapi akan bekerja sebagai PRT; sponsor calo \
                     (contoh)"
                .into(),
            by: "demo-seed".into(),
            at: now,
            deadline: Some(deadline),
            missing: vec![Document::RekomendasiDisnaker, Document::SuratP3mi],
        };
        app.store
            .save_decision(&a.id, ApplicationStatus::Deferred, &record)
            .await?;
    }
    // The index is rebuilt on first use after seeding.
    if let Ok(mut guard) = app.prevention.index.write() {
        *guard = None;
    }
    seed_demo_report(app).await
}

/// A Malang applicant deferred by the demo officer, referred to Disnaker Kabupaten Malang and
/// reported to the police, so the Disnaker inbox, the referral letter and Polres's triage have
/// something to show. Nothing happens when it exists already.
async fn seed_demo_report(app: &App) -> Result<(), AppError> {
    use sinergi_domain::access::Role;
    let officer = crate::demo::demo_actor(
        app,
        "petugas.imigrasi",
        "kanim-malang",
        Role::ImmigrationOfficer,
    )
    .await?;
    let input = ApplicationInput {
        source_ref: "demo-malang-1".into(),
        full_name: "Sari Wulandari".into(),
        nik: "3507046507990003".into(),
        birth_date: "25/07/1999".into(),
        sex: "P".into(),
        purpose: "tourism".into(),
        destination: "MY".into(),
        phone: "0812-3456-7010".into(),
        sponsor_name: "Joko Prasetyo".into(),
        sponsor_phone: "0813-3000-4455".into(),
        documents: "ktp,kartu_keluarga".into(),
        ..ApplicationInput::default()
    };
    let id = match app.record_application(&officer, &input).await {
        Ok(a) => a.id,
        Err(AppError::Conflict("applicant_exists")) => return Ok(()),
        Err(e) => return Err(e),
    };
    app.decide_applicant(
        &officer,
        &id,
        &super::DecisionInput {
            decision: "defer".into(),
            reason: "Tujuan wisata, tetapi mengaku akan bekerja di kebun sawit; tiket dibayar \
                     sponsor (contoh)"
                .into(),
            refer_to: "disnaker-kab-malang".into(),
            ..super::DecisionInput::default()
        },
    )
    .await?;
    app.report_applicant_to_police(
        &officer,
        &id,
        "Sponsor menjanjikan kerja di kebun sawit Malaysia tanpa kontrak (contoh)",
    )
    .await?;
    Ok(())
}
