//! Synthetic screening data for `sinergi demo`: a recruiter's phone on the watchlist (approved
//! by two people) and an earlier deferral at Kanim Blitar, so that an officer in Malang can see
//! a recruiter link and a cross-office flag. All names and numbers are invented.

use super::intake::ApplicationInput;
use crate::vault::Field;
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use sinergi_domain::dates::format_iso;
use sinergi_domain::prevention::{DEFAULT_DEFERRAL_DAYS, deferral_deadline};
use sinergi_store::prevention::WatchlistRow;

/// The demo recruiter's phone (synthetic). An applicant whose sponsor gives this number is
/// linked to the recruiter.
pub const DEMO_RECRUITER_PHONE: &str = "0812-3456-7001";

/// Seeds the demo screening data; running it again changes nothing.
pub async fn seed_demo_prevention(app: &App) -> Result<(), AppError> {
    let now = to_millis(app.clock.now());
    if !app
        .store
        .watchlist()
        .await?
        .iter()
        .any(|w| w.id == "demo-recruiter-1")
    {
        let phone = sinergi_domain::phone::Phone::parse(DEMO_RECRUITER_PHONE)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let (phone_enc, phone_idx) = app.vault.protect(Field::Phone, Some(phone.e164()))?;
        app.store
            .insert_watchlist(&WatchlistRow {
                id: "demo-recruiter-1".into(),
                kind: "recruiter".into(),
                full_name: "Darto Sugiharto (contoh)".into(),
                phone_enc,
                phone_idx,
                reason: "Perekrut PMI non-prosedural ke Timur Tengah (data contoh)".into(),
                legal_basis: "LP/B/001/I/2026/Polres Malang (contoh)".into(),
                review_date: format_iso(
                    app.clock
                        .now_wib()
                        .date()
                        .saturating_add(time::Duration::days(180)),
                ),
                status: "proposed".into(),
                proposed_by: "demo-seed".into(),
                proposed_at: now,
                ..WatchlistRow::default()
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
    let mut row = app.applicant_row("kanim-blitar", "demo-seed", &input)?;
    row.created_at = now - 3 * 24 * 3600 * 1000;
    if app.store.insert_applicant(&row).await? {
        let deadline = deferral_deadline(app.clock.now_wib().date(), DEFAULT_DEFERRAL_DAYS - 3);
        app.store
            .save_decision(
                &row.id,
                "deferred",
                "defer",
                "Mengaku kunjungan keluarga, tetapi akan bekerja sebagai PRT; sponsor calo (contoh)",
                "demo-seed",
                now,
                Some(&format_iso(deadline)),
                Some("rekomendasi_disnaker,surat_p3mi"),
            )
            .await?;
    }
    // The index is rebuilt on first use after seeding.
    if let Ok(mut guard) = app.prevention.index.write() {
        *guard = None;
    }
    Ok(())
}
