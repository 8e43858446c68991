//! Outreach events (sosialisasi on safe migration): entered by signed-in officers, listed on the
//! public portal near the visitor's kecamatan.

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::dates::parse_date;
use sinergi_domain::region::{RegionCode, RegionLevel, is_malang_raya, lookup};
use sinergi_store::information::OutreachRow;
use time::Date;

/// An event to record (form or API fields as typed).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewOutreach {
    /// Day (dd/mm/yyyy or yyyy-mm-dd).
    pub held_on: String,
    /// Start time `hh:mm` WIB.
    pub start_time: String,
    /// Kecamatan code, e.g. `35.07.04`.
    pub kecamatan_code: String,
    /// Venue (balai desa, school …).
    pub place: String,
    /// Title.
    pub title: String,
    /// Agency codes taking part.
    pub agencies: Vec<String>,
    /// Intended audience (calon PMI, village heads, students …).
    pub audience: String,
    /// Expected number of people.
    pub expected_audience: u32,
    /// Materials handed out.
    pub materials: String,
}

/// An event as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutreachView {
    /// Day.
    pub held_on: Date,
    /// Start time `hh:mm` WIB.
    pub start_time: String,
    /// Kecamatan code.
    pub kecamatan_code: String,
    /// Kecamatan name.
    pub kecamatan_name: String,
    /// Kabupaten/kota name.
    pub kabupaten_name: String,
    /// Venue.
    pub place: String,
    /// Title.
    pub title: String,
    /// Agencies taking part, by their names in force on the day.
    pub agencies: Vec<String>,
    /// Audience.
    pub audience: String,
    /// Expected number of people.
    pub expected_audience: i64,
    /// Materials.
    pub materials: String,
    /// Whether it is in the visitor's kecamatan (else in the same kabupaten/kota or elsewhere).
    pub nearby: bool,
}

fn text(field: &'static str, s: &str, max: usize, required: bool) -> Result<String, AppError> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(AppError::invalid(field, "required", "required"));
    }
    if t.chars().count() > max {
        return Err(AppError::invalid(field, "too_long", "too long"));
    }
    Ok(t.to_string())
}

/// A kecamatan of Malang Raya, or the reason it is not.
pub fn malang_raya_kecamatan(code: &str) -> Result<RegionCode, AppError> {
    let code = RegionCode::parse(code.trim())
        .map_err(|_| AppError::invalid("kecamatan_code", "invalid_code", "unknown region"))?;
    if code.level() != RegionLevel::Kecamatan || !is_malang_raya(code) || lookup(code).is_none() {
        return Err(AppError::invalid(
            "kecamatan_code",
            "invalid_code",
            "not a kecamatan of Malang Raya",
        ));
    }
    Ok(code)
}

/// Every kecamatan of Malang Raya: `(code, kecamatan name, kabupaten/kota name)`, by
/// kabupaten then name (for the picker).
pub fn kecamatan_choices() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for kab in sinergi_domain::region::MALANG_RAYA {
        let kab_name = lookup(kab)
            .map(|r| r.name().to_string())
            .unwrap_or_default();
        let mut kecs: Vec<_> = sinergi_domain::region::children(kab)
            .map(|r| (r.code().to_string(), r.name().to_string(), kab_name.clone()))
            .collect();
        kecs.sort_by(|a, b| a.1.cmp(&b.1));
        out.extend(kecs);
    }
    out
}

impl App {
    /// Records an outreach event (any officer who may see dashboards).
    pub async fn record_outreach(
        &self,
        actor: &Actor,
        new: NewOutreach,
    ) -> Result<String, AppError> {
        actor.require(Permission::ViewDashboard)?;
        let today = self.clock.now_wib().date();
        let held_on = parse_date(&new.held_on, today.year())
            .map_err(|_| AppError::invalid("held_on", "invalid_date", "expected dd/mm/yyyy"))?;
        let start_time = new.start_time.trim().to_string();
        let ok_time = start_time.len() == 5
            && start_time.as_bytes()[2] == b':'
            && start_time[..2].parse::<u8>().is_ok_and(|h| h < 24)
            && start_time[3..].parse::<u8>().is_ok_and(|m| m < 60);
        if !ok_time {
            return Err(AppError::invalid(
                "start_time",
                "invalid_time",
                "expected hh:mm",
            ));
        }
        let kec = malang_raya_kecamatan(&new.kecamatan_code)?;
        let mut agencies = Vec::new();
        for code in new
            .agencies
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            self.store
                .agency(code)
                .await
                .map_err(|_| AppError::invalid("agencies", "invalid_code", "unknown agency"))?;
            if !agencies.iter().any(|a: &String| a == code) {
                agencies.push(code.to_string());
            }
        }
        if agencies.is_empty() {
            return Err(AppError::invalid("agencies", "required", "required"));
        }
        let row = OutreachRow {
            id: uuid::Uuid::new_v4().to_string(),
            held_on: format!(
                "{:04}-{:02}-{:02}",
                held_on.year(),
                u8::from(held_on.month()),
                held_on.day()
            ),
            start_time,
            kecamatan_code: kec.to_string(),
            place: text("place", &new.place, 200, true)?,
            title: text("title", &new.title, 200, true)?,
            agencies: agencies.join(";"),
            audience: text("audience", &new.audience, 200, true)?,
            expected_audience: i64::from(new.expected_audience.min(100_000)),
            materials: text("materials", &new.materials, 1000, false)?,
            created_by: actor.user.id.clone(),
            created_at: to_millis(self.clock.now()),
        };
        let id = row.id.clone();
        self.atomically(async |app| {
            app.store.insert_outreach(&row).await?;
            app.audit(&actor.origin(), "outreach.record", &id, &row.kecamatan_code)
                .await
        })
        .await?;
        Ok(id)
    }

    /// Coming outreach events (today onward), those in `near` (a kecamatan) first, then the
    /// rest of its kabupaten/kota, then the others; each group by date. No sign-in needed.
    pub async fn upcoming_outreach(
        &self,
        near: Option<&str>,
    ) -> Result<Vec<OutreachView>, AppError> {
        let today = self.clock.now_wib().date();
        let from = format!(
            "{:04}-{:02}-{:02}",
            today.year(),
            u8::from(today.month()),
            today.day()
        );
        let near = near.and_then(|c| malang_raya_kecamatan(c).ok());
        let rows = self.store.outreach_from(&from).await?;
        let agencies = self.store.agencies().await?;
        let mut out: Vec<(u8, OutreachView)> = Vec::new();
        for r in rows {
            let Ok(held_on) = parse_date(&r.held_on, today.year()) else {
                continue;
            };
            let code = RegionCode::parse(&r.kecamatan_code).ok();
            let region = code.and_then(lookup);
            let rank = match (near, code) {
                (Some(n), Some(c)) if n == c => 0,
                (Some(n), Some(c)) if n.parent() == c.parent() => 1,
                (Some(_), _) => 2,
                (None, _) => 0,
            };
            out.push((
                rank,
                OutreachView {
                    held_on,
                    start_time: r.start_time,
                    kecamatan_code: r.kecamatan_code,
                    kecamatan_name: region.map(|x| x.name().to_string()).unwrap_or_default(),
                    kabupaten_name: region
                        .and_then(|x| x.kabupaten_kota())
                        .map(|x| x.name().to_string())
                        .unwrap_or_default(),
                    place: r.place,
                    title: r.title,
                    agencies: r
                        .agencies
                        .split(';')
                        .filter(|c| !c.is_empty())
                        .map(|c| {
                            agencies
                                .iter()
                                .find(|a| a.code == c)
                                .map_or_else(|| c.to_string(), |a| a.name_on(held_on).to_string())
                        })
                        .collect(),
                    audience: r.audience,
                    expected_audience: r.expected_audience,
                    materials: r.materials,
                    nearby: rank == 0 && near.is_some(),
                },
            ));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.held_on.cmp(&b.1.held_on)));
        Ok(out.into_iter().map(|(_, v)| v).collect())
    }
}
