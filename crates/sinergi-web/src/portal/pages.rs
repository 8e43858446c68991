//! The public pages of the portal. Each handler asks one use case and turns its answer into
//! display rows in the visitor's language (dates dd/mm/yyyy).

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;
use sinergi_app::portal::licence::{LicenceKind, LicenceMatch};
use sinergi_app::portal::outreach::{OutreachView, kecamatan_choices};
use sinergi_app::portal::{self as info};
use sinergi_domain::dates::format_id;

/// An item with its text and whether it is still to be confirmed.
pub(crate) struct Item {
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) unsure: bool,
}

/// `templates/portal/guidance.html`.
#[derive(Template, WebTemplate)]
#[template(path = "portal/guidance.html")]
pub(crate) struct GuidancePage {
    lang: Lang,
    nav: Option<Nav>,
    steps: Vec<Item>,
    documents: Vec<Item>,
    channels: Vec<Item>,
    free: Vec<Item>,
    paid: Vec<Item>,
    version: String,
}

pub(crate) async fn guidance(lang: Lang) -> Result<GuidancePage, WebError> {
    let g = info::guidance()?;
    let id = lang.is_id();
    let item = |title: &str, body: &str, unsure| Item {
        title: title.to_string(),
        body: body.to_string(),
        unsure,
    };
    Ok(GuidancePage {
        lang,
        nav: None,
        steps: g
            .steps
            .iter()
            .map(|s| item(s.title.pick(id), s.body.pick(id), s.unsure))
            .collect(),
        documents: g
            .documents
            .iter()
            .map(|d| item(d.name.pick(id), "", d.unsure))
            .collect(),
        channels: g
            .channels
            .iter()
            .map(|c| {
                item(
                    &c.name,
                    &format!("{} — {}", c.contact, c.what.pick(id)),
                    c.unsure,
                )
            })
            .collect(),
        free: g
            .costs
            .iter()
            .filter(|c| !c.may_charge)
            .map(|c| item(c.item.pick(id), "", c.unsure))
            .collect(),
        paid: g
            .costs
            .iter()
            .filter(|c| c.may_charge)
            .map(|c| item(c.item.pick(id), "", c.unsure))
            .collect(),
        version: crate::cases::dmy(&g.version),
    })
}

/// One licence-check answer as displayed.
pub(crate) struct LicenceRowView {
    name: String,
    kind: &'static str,
    licence_no: String,
    valid_from: String,
    valid_until: String,
    valid_now: bool,
    address: String,
    branches: String,
    job_orders: Vec<(String, String, u32)>,
}

/// `templates/portal/licence.html`.
#[derive(Template, WebTemplate)]
#[template(path = "portal/licence.html")]
pub(crate) struct LicencePage {
    lang: Lang,
    nav: Option<Nav>,
    typed: String,
    kind: String,
    searched: bool,
    hits: Vec<LicenceRowView>,
}

/// `?nama=&jenis=` of the licence check.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct LicenceQuery {
    nama: String,
    jenis: String,
}

fn licence_row(m: LicenceMatch, lang: Lang) -> LicenceRowView {
    let e = m.entry;
    LicenceRowView {
        name: e.name,
        kind: match e.kind {
            LicenceKind::P3mi => "portal_kind_p3mi",
            LicenceKind::Lpk => "portal_kind_lpk",
        },
        licence_no: e.licence_no,
        valid_from: e.valid_from.map(format_id).unwrap_or_default(),
        valid_until: e.valid_until.map(format_id).unwrap_or_default(),
        valid_now: e.valid_now,
        address: e.address,
        branches: e.branches.join(", "),
        job_orders: e
            .job_orders
            .into_iter()
            .map(|j| {
                (
                    j.country_name.pick(lang.is_id()).to_string(),
                    j.sector,
                    j.quota,
                )
            })
            .collect(),
    }
}

pub(crate) async fn licence(
    State(s): State<AppState>,
    lang: Lang,
    Query(q): Query<LicenceQuery>,
) -> Result<LicencePage, WebError> {
    let typed: String = q.nama.trim().chars().take(120).collect();
    let kind = match q.jenis.as_str() {
        "p3mi" => Some(LicenceKind::P3mi),
        "lpk" => Some(LicenceKind::Lpk),
        _ => None,
    };
    let searched = !typed.is_empty();
    let hits = if searched {
        s.app
            .check_licence(&typed, kind)
            .await?
            .into_iter()
            .map(|m| licence_row(m, lang))
            .collect()
    } else {
        Vec::new()
    };
    Ok(LicencePage {
        lang,
        nav: None,
        typed,
        kind: kind.map(|k| k.code().to_string()).unwrap_or_default(),
        searched,
        hits,
    })
}

/// A moratorium as displayed.
pub(crate) struct BanRow {
    name: String,
    domestic_only: bool,
    from: String,
    to: String,
    in_force: bool,
    countries: String,
}

/// A law item as displayed.
pub(crate) struct LawRow {
    law: String,
    article: String,
    plain: String,
    prison: String,
    fine: String,
}

/// `templates/portal/bans.html`.
#[derive(Template, WebTemplate)]
#[template(path = "portal/bans.html")]
pub(crate) struct BansPage {
    lang: Lang,
    nav: Option<Nav>,
    today: String,
    bans: Vec<BanRow>,
    laws: Vec<(&'static str, Vec<LawRow>)>,
}

/// `Rp600.000.000` → "Rp600 juta" style, in plain words.
fn rupiah(amount: i64, lang: Lang) -> String {
    let (n, unit) = if amount >= 1_000_000_000 && amount % 100_000_000 == 0 {
        (
            amount as f64 / 1e9,
            if lang.is_id() { "miliar" } else { "billion" },
        )
    } else {
        (
            amount as f64 / 1e6,
            if lang.is_id() { "juta" } else { "million" },
        )
    };
    let n = if n.fract() == 0.0 {
        format!("{n:.0}")
    } else if lang.is_id() {
        format!("{n:.1}").replace('.', ",")
    } else {
        format!("{n:.1}")
    };
    format!("Rp{n} {unit}")
}

fn months(m: u32, lang: Lang) -> String {
    match (m % 12, lang.is_id()) {
        (0, true) => format!("{} tahun", m / 12),
        (0, false) => format!("{} years", m / 12),
        (_, true) => format!("{m} bulan"),
        (_, false) => format!("{m} months"),
    }
}

fn range(min: Option<String>, max: Option<String>, lang: Lang) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (None, Some(b)) if lang.is_id() => format!("paling lama/banyak {b}"),
        (None, Some(b)) => format!("up to {b}"),
        (Some(a), None) => a,
        (None, None) => String::new(),
    }
}

pub(crate) async fn bans(State(s): State<AppState>, lang: Lang) -> Result<BansPage, WebError> {
    let today = s.app.clock().now_wib().date();
    let id = lang.is_id();
    let bans = info::bans(today)?
        .into_iter()
        .map(|b| BanRow {
            name: b.name,
            domestic_only: b.domestic_only,
            from: format_id(b.valid_from),
            to: b.valid_to.map(format_id).unwrap_or_default(),
            in_force: b.in_force,
            countries: b
                .countries
                .iter()
                .map(|(_, n)| n.pick(id))
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let items = info::law(today)?;
    let mut laws = Vec::new();
    for (topic, key) in [
        ("recruitment", "portal_law_recruitment"),
        ("trafficking", "portal_law_trafficking"),
        ("smuggling", "portal_law_smuggling"),
    ] {
        let rows = items
            .iter()
            .filter(|i| i.topic == topic)
            .map(|i| {
                let p = i.penalty.as_ref();
                LawRow {
                    law: i.law.clone(),
                    article: i.article.clone(),
                    plain: i.plain.pick(id).to_string(),
                    prison: range(
                        p.and_then(|p| p.min_months).map(|m| months(m, lang)),
                        p.and_then(|p| p.max_months).map(|m| months(m, lang)),
                        lang,
                    ),
                    fine: range(
                        p.and_then(|p| p.min_fine).map(|f| rupiah(f, lang)),
                        p.and_then(|p| p.max_fine).map(|f| rupiah(f, lang)),
                        lang,
                    ),
                }
            })
            .collect();
        laws.push((key, rows));
    }
    Ok(BansPage {
        lang,
        nav: None,
        today: format_id(today),
        bans,
        laws,
    })
}

/// An outreach event as displayed.
pub(crate) struct EventRow {
    pub(crate) day: String,
    pub(crate) time: String,
    pub(crate) place: String,
    pub(crate) title: String,
    pub(crate) agencies: String,
    pub(crate) audience: String,
    pub(crate) expected: i64,
    pub(crate) materials: String,
    pub(crate) nearby: bool,
}

/// Turns events into display rows.
pub(crate) fn event_rows(events: Vec<OutreachView>) -> Vec<EventRow> {
    events
        .into_iter()
        .map(|e| EventRow {
            day: format_id(e.held_on),
            time: e.start_time,
            place: format!(
                "{}, Kec. {}, {}",
                e.place, e.kecamatan_name, e.kabupaten_name
            ),
            title: e.title,
            agencies: e.agencies.join(", "),
            audience: e.audience,
            expected: e.expected_audience,
            materials: e.materials,
            nearby: e.nearby,
        })
        .collect()
}

/// `templates/portal/outreach.html`.
#[derive(Template, WebTemplate)]
#[template(path = "portal/outreach.html")]
pub(crate) struct OutreachPage {
    lang: Lang,
    nav: Option<Nav>,
    kecamatan: String,
    choices: Vec<(String, String, String)>,
    events: Vec<EventRow>,
}

/// `?kecamatan=` of the outreach list.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OutreachQuery {
    kecamatan: String,
}

pub(crate) async fn outreach(
    State(s): State<AppState>,
    lang: Lang,
    Query(q): Query<OutreachQuery>,
) -> Result<OutreachPage, WebError> {
    let kecamatan: String = q.kecamatan.trim().chars().take(12).collect();
    let near = (!kecamatan.is_empty()).then_some(kecamatan.as_str());
    let events = event_rows(s.app.upcoming_outreach(near).await?);
    Ok(OutreachPage {
        lang,
        nav: None,
        kecamatan,
        choices: kecamatan_choices(),
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalties_read_in_plain_words() {
        assert_eq!(rupiah(600_000_000, Lang::Id), "Rp600 juta");
        assert_eq!(rupiah(15_000_000_000, Lang::Id), "Rp15 miliar");
        assert_eq!(rupiah(1_500_000_000, Lang::Id), "Rp1,5 miliar");
        assert_eq!(rupiah(1_500_000_000, Lang::En), "Rp1.5 billion");
        assert_eq!(months(180, Lang::Id), "15 tahun");
        assert_eq!(months(18, Lang::En), "18 months");
        assert_eq!(
            range(None, Some("2 tahun".into()), Lang::Id),
            "paling lama/banyak 2 tahun"
        );
    }
}
