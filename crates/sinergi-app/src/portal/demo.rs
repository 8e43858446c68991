//! Demonstration data of the portal: the fictitious registry file and a few outreach events in
//! Malang Raya in the coming weeks. Synthetic only; idempotent.

use crate::audit::Origin;
use crate::{App, AppError};
use sinergi_domain::clock::to_millis;
use sinergi_store::information::OutreachRow;

/// The fictitious demo registry (`data/portal/registry-demo.csv`).
pub const DEMO_REGISTRY: &str = include_str!("../../../../data/portal/registry-demo.csv");

/// Imports the demo registry and, when no event is coming, adds three outreach events.
pub async fn seed_demo_portal(app: &App) -> Result<(), AppError> {
    app.import_licence_registry(
        &Origin::cli(),
        "registry-demo.csv",
        DEMO_REGISTRY.as_bytes(),
    )
    .await?;
    if !app.upcoming_outreach(None).await?.is_empty() {
        return Ok(());
    }
    let today = app.clock.now_wib().date();
    let events = [
        (
            7,
            "35.07.04",
            "Balai Desa (demo)",
            "Sosialisasi migrasi aman dan bahaya calo",
            "disnaker-kab-malang;kanim-malang",
            "Calon PMI dan perangkat desa",
            80,
        ),
        (
            12,
            "35.07.21",
            "Pendopo Kecamatan (demo)",
            "Kenali modus TPPO: kerja di luar negeri lewat media sosial",
            "polres-malang;bp3mi-jatim",
            "Pemuda dan orang tua",
            120,
        ),
        (
            20,
            "35.79.01",
            "Gedung serbaguna (demo)",
            "Jalur resmi bekerja ke luar negeri",
            "bp3mi-jatim;pemkot-batu",
            "Siswa SMK kelas XII",
            150,
        ),
    ];
    for (days, kec, place, title, agencies, audience, expected) in events {
        let day = today + time::Duration::days(days);
        let row = OutreachRow {
            id: uuid::Uuid::new_v4().to_string(),
            held_on: format!(
                "{:04}-{:02}-{:02}",
                day.year(),
                u8::from(day.month()),
                day.day()
            ),
            start_time: "09:00".into(),
            kecamatan_code: kec.into(),
            place: place.into(),
            title: title.into(),
            agencies: agencies.into(),
            audience: audience.into(),
            expected_audience: expected,
            materials: "Leaflet alur resmi, daftar P3MI berizin (demo)".into(),
            created_by: "demo".into(),
            created_at: to_millis(app.clock.now()),
        };
        app.store.insert_outreach(&row).await?;
    }
    Ok(())
}
