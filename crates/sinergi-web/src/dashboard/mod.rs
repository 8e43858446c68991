//! `/dasbor`: the dashboards of signed-in users who may see statistics (`ViewDashboard`): one
//! region (Jawa Timur, a Malang Raya kabupaten/kota or kecamatan) over a period, with charts
//! drawn as SVG on the server ([`svg`]) and the table of each chart beneath it ([`tables`]);
//! `/dasbor/unduh?tabel=…` downloads one table as CSV (`ExportStatistics`, audited).

mod svg;
pub(crate) mod tables;

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};

use axum::response::Response;
use axum::routing::get;
use sinergi_app::AppError;
use sinergi_app::dashboard::{Cell, Dashboard, DashboardQuery, Median, Preset, dashboard_regions};
use sinergi_domain::access::Permission;
use sinergi_domain::dates::{format_id, format_iso, parse_date};
use sinergi_domain::region::{JAWA_TIMUR, RegionCode, RegionLevel};
use tables::{TABLE_IDS, Table, count, tables};
use time::Date;

/// The routes of the dashboards.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/dasbor", get(page))
        .route("/dasbor/unduh", get(download))
}

/// The query string of the page and the downloads (all optional).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Params {
    /// Region code.
    wilayah: String,
    /// A preset period code (wins over the dates).
    periode: String,
    /// First day, dd/mm/yyyy.
    dari: String,
    /// Last day, dd/mm/yyyy.
    sampai: String,
    /// The table to download.
    tabel: String,
    /// The download's format: `csv` (default) or `xlsx`.
    format: String,
}

/// The query the parameters ask for, or the default (Jawa Timur, this year) with the key of
/// what was wrong.
fn resolve(p: &Params, today: Date) -> (DashboardQuery, Option<&'static str>) {
    let (from, to) = Preset::ThisYear.range(today);
    let default = DashboardQuery {
        region: JAWA_TIMUR,
        from,
        to,
    };
    let mut q = default;
    if !p.wilayah.trim().is_empty() {
        match RegionCode::parse(&p.wilayah) {
            Ok(r) => q.region = r,
            Err(_) => return (default, Some("dashboard_region")),
        }
    }
    if let Some(preset) = Preset::from_code(p.periode.trim()) {
        (q.from, q.to) = preset.range(today);
    } else if !p.dari.trim().is_empty() || !p.sampai.trim().is_empty() {
        let year = today.year();
        match (parse_date(&p.dari, year), parse_date(&p.sampai, year)) {
            (Ok(f), Ok(t)) => (q.from, q.to) = (f, t),
            _ => {
                return (
                    DashboardQuery {
                        region: q.region,
                        ..default
                    },
                    Some("dash_bad_date"),
                );
            }
        }
    }
    match q.check() {
        Ok(()) => (q, None),
        Err(e) => (default, Some(e.key())),
    }
}

/// The query string that asks for `q` (links to the downloads).
fn query_string(q: &DashboardQuery) -> String {
    format!(
        "wilayah={}&dari={}&sampai={}",
        q.region,
        format_id(q.from).replace('/', "%2F"),
        format_id(q.to).replace('/', "%2F")
    )
}

/// One option of the region menu.
#[derive(Debug, Clone)]
pub(crate) struct RegionOption {
    code: String,
    label: String,
    selected: bool,
}

/// One headline figure.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    label: &'static str,
    value: String,
    detail: String,
}

/// A chart with its table.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    table: Table,
    /// Whether it takes the page's whole width (trend, regions, funnel).
    wide: bool,
    note: Option<&'static str>,
    svg: Option<String>,
    csv_href: String,
    xlsx_href: String,
}

/// `templates/dashboard/index.html`.
#[derive(Template, WebTemplate)]
#[template(path = "dashboard/index.html")]
pub(crate) struct DashboardPage {
    lang: Lang,
    nav: Option<Nav>,
    region_name: String,
    from: String,
    to: String,
    regions: Vec<RegionOption>,
    presets: Vec<(&'static str, &'static str)>,
    error: Option<&'static str>,
    small_cells: bool,
    masked_rows: bool,
    figures: Vec<Figure>,
    sections: Vec<Section>,
    can_export: bool,
}

fn region_options(selected: RegionCode, lang: Lang) -> Vec<RegionOption> {
    dashboard_regions()
        .into_iter()
        .map(|r| RegionOption {
            code: r.code().to_string(),
            label: if r.level() == RegionLevel::Kecamatan {
                format!("\u{a0}\u{a0}\u{a0}{} {}", lang.t("dash_kec"), r.name())
            } else {
                r.name().to_string()
            },
            selected: r.code() == selected,
        })
        .collect()
}

fn figures(d: &Dashboard, lang: Lang) -> Vec<Figure> {
    let of = |total: Cell| {
        format!(
            "{} {} {}",
            lang.t("dash_of"),
            count(total),
            lang.t("dash_of_applicants")
        )
    };
    vec![
        Figure {
            label: lang.t("dash_fig_applicants"),
            value: count(d.applicants),
            detail: format!("{} {}", count(d.screened), lang.t("dash_fig_screened")),
        },
        Figure {
            label: lang.t("dash_fig_deferred"),
            value: count(d.deferred),
            detail: of(d.applicants),
        },
        Figure {
            label: lang.t("dash_fig_tips"),
            value: count(d.tips),
            detail: String::new(),
        },
        Figure {
            label: lang.t("dash_fig_cases"),
            value: count(d.cases),
            detail: format!("{} {}", count(d.suspects), lang.t("dash_fig_suspects")),
        },
        Figure {
            label: lang.t("dash_fig_assisted"),
            value: count(d.assisted),
            detail: String::new(),
        },
        Figure {
            label: lang.t("dash_fig_overdue_referrals"),
            value: count(d.overdue_referrals),
            detail: lang.t("dash_now").to_string(),
        },
        Figure {
            label: lang.t("dash_fig_overdue_actions"),
            value: count(d.overdue_actions),
            detail: lang.t("dash_now").to_string(),
        },
        Figure {
            label: lang.t("dash_fig_outreach"),
            value: d.outreach_events.to_string(),
            detail: format!("{} {}", d.outreach_audience, lang.t("dash_fig_audience")),
        },
    ]
}

/// The chart of a table (`None`: the table alone says it best).
fn chart(t: &Table, d: &Dashboard, lang: Lang) -> Option<String> {
    let col = |rows: &[&Vec<String>], i: usize| -> Vec<svg::Value> {
        rows.iter()
            .map(|r| svg::Value::of_text(r.get(i).map(String::as_str).unwrap_or("0")))
            .collect()
    };
    let all: Vec<&Vec<String>> = t.rows.iter().collect();
    let labels = |rows: &[&Vec<String>]| -> Vec<String> {
        rows.iter().filter_map(|r| r.first().cloned()).collect()
    };
    match t.id {
        "tren" => {
            // Month names on the axis, the year under January and under the first month.
            let axis: Vec<String> = d
                .months
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let full = tables::month_label(m.year, m.month, lang);
                    let (name, year) = full.split_once(' ').unwrap_or((&full, ""));
                    if i == 0 || m.month == 1 {
                        format!("{name}\n{year}")
                    } else {
                        name.to_string()
                    }
                })
                .collect();
            Some(svg::lines(
                t.id,
                t.title,
                &axis,
                &t.headers[1..4],
                &[col(&all, 1), col(&all, 2), col(&all, 3)],
            ))
        }
        "wilayah" => {
            // Regions with nothing to draw stay in the table only.
            let rows: Vec<&Vec<String>> = t
                .rows
                .iter()
                .filter(|r| {
                    [1, 3, 4]
                        .iter()
                        .any(|i| r.get(*i).is_some_and(|v| v != "0"))
                })
                .collect();
            (!rows.is_empty()).then(|| {
                svg::bars(
                    t.id,
                    t.title,
                    &labels(&rows),
                    &[t.headers[1], t.headers[3], t.headers[4]],
                    &[col(&rows, 1), col(&rows, 3), col(&rows, 4)],
                    640.0,
                )
            })
        }
        "corong" => {
            let steps: Vec<(String, Option<i64>, String)> = d
                .funnel
                .iter()
                .map(|s| {
                    (
                        lang.label("dash_step", s.stage.code()).to_string(),
                        s.count.value(),
                        count(s.count),
                    )
                })
                .collect();
            let between: Vec<String> = d
                .funnel
                .iter()
                .skip(1)
                .map(|s| match s.median_days {
                    Median::Days { value, .. } => format!(
                        "{} {} {}",
                        lang.t("dash_median"),
                        tables::days(value, lang),
                        lang.t("dash_days")
                    ),
                    _ => String::new(),
                })
                .collect();
            Some(svg::funnel(t.id, t.title, &steps, &between))
        }
        // A chart of nothing but zeros and masked cells says nothing the table does not.
        "perkara_jenis" | "tahap" | "layanan" | "laporan_jenis" | "penundaan"
            if col(&all, 1)
                .iter()
                .any(|v| matches!(v, svg::Value::N(n) if *n > 0)) =>
        {
            Some(svg::bars(
                t.id,
                t.title,
                &labels(&all),
                &[t.headers[1]],
                &[col(&all, 1)],
                440.0,
            ))
        }
        _ => None,
    }
}

/// `GET /dasbor`.
pub(crate) async fn page(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(p): Query<Params>,
) -> Result<DashboardPage, WebError> {
    signed.actor.require(Permission::ViewDashboard)?;
    let today = s.app.clock().now_wib().date();
    let (q, error) = resolve(&p, today);
    let d = s.app.dashboard(&signed.actor, q).await?;
    let link = query_string(&q);
    let sections = tables(&d, lang)
        .into_iter()
        .map(|t| Section {
            svg: chart(&t, &d, lang),
            wide: matches!(t.id, "tren" | "wilayah" | "corong"),
            note: match t.id {
                "corong" => Some("dash_funnel_note"),
                "tren" => Some("dash_trend_note"),
                "rujukan" | "tindak_lanjut" => Some("dash_now_note"),
                "tahap" => Some("dash_stages_note"),
                _ => None,
            },
            csv_href: format!("/dasbor/unduh?tabel={}&{link}", t.id),
            xlsx_href: format!("/dasbor/unduh?tabel={}&format=xlsx&{link}", t.id),
            table: t,
        })
        .collect();
    Ok(DashboardPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        region_name: sinergi_domain::region::lookup(q.region)
            .map(|r| r.name().to_string())
            .unwrap_or_default(),
        from: format_id(q.from),
        to: format_id(q.to),
        regions: region_options(q.region, lang),
        presets: Preset::ALL
            .iter()
            .map(|p| (p.code(), lang.label("dash_preset", p.code())))
            .collect(),
        error,
        small_cells: d.small_cells,
        masked_rows: d.breakdown == Some(RegionLevel::Kecamatan),
        figures: figures(&d, lang),
        sections,
        can_export: signed.actor.can(Permission::ExportStatistics),
    })
}

/// `GET /dasbor/unduh?tabel=…`: one table as CSV.
pub(crate) async fn download(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    signed.actor.require(Permission::ExportStatistics)?;
    let Some(id) = TABLE_IDS.iter().find(|t| **t == p.tabel) else {
        return Err(AppError::NotFound.into());
    };
    let today = s.app.clock().now_wib().date();
    let (q, error) = resolve(&p, today);
    if let Some(key) = error {
        return Err(AppError::invalid("period", key, "bad dashboard query").into());
    }
    let d = s.app.dashboard_export(&signed.actor, q, id).await?;
    let table = tables(&d, lang)
        .into_iter()
        .find(|t| t.id == *id)
        .ok_or(AppError::NotFound)?;
    let stem = format!(
        "sinergi-{}-{}-{}-{}",
        id,
        q.region.undotted(),
        format_iso(q.from),
        format_iso(q.to)
    );
    let format = match p.format.trim() {
        "" => crate::exports::Format::Csv,
        other => crate::exports::Format::parse(other).ok_or(AppError::NotFound)?,
    };
    let sheet = crate::exports::Sheet {
        name: table.title.to_string(),
        headers: table.headers.iter().map(|h| (*h).to_string()).collect(),
        rows: table.rows,
    };
    Ok(crate::exports::download(&sheet, format, &stem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn params(wilayah: &str, periode: &str, dari: &str, sampai: &str) -> Params {
        Params {
            wilayah: wilayah.into(),
            periode: periode.into(),
            dari: dari.into(),
            sampai: sampai.into(),
            tabel: String::new(),
            format: String::new(),
        }
    }

    #[test]
    fn parameters_resolve_to_a_query_or_the_default_with_a_reason() {
        let today = date!(2026 - 12 - 06);
        let (q, e) = resolve(&Params::default(), today);
        assert_eq!(
            (q.region, q.from, q.to, e),
            (JAWA_TIMUR, date!(2026 - 01 - 01), today, None)
        );
        let (q, e) = resolve(&params("35.07.04", "", "01/02/2026", "28/02/2026"), today);
        assert_eq!(e, None);
        assert_eq!(q.region.to_string(), "35.07.04");
        assert_eq!(
            (q.from, q.to),
            (date!(2026 - 02 - 01), date!(2026 - 02 - 28))
        );
        let (q, _) = resolve(&params("35.79", "last_month", "01/02/2026", ""), today);
        assert_eq!(
            (q.from, q.to),
            (date!(2026 - 11 - 01), date!(2026 - 11 - 30))
        );
        assert_eq!(
            resolve(&params("x", "", "", ""), today).1,
            Some("dashboard_region")
        );
        assert_eq!(
            resolve(&params("35.78", "", "", ""), today).1,
            Some("dashboard_region")
        );
        let (q, e) = resolve(&params("35.07", "", "31/02/2026", "01/03/2026"), today);
        assert_eq!(
            (q.region.to_string(), e),
            ("35.07".into(), Some("dash_bad_date"))
        );
        let reversed = resolve(&params("", "", "01/03/2026", "01/01/2026"), today);
        assert_eq!(reversed.1, Some("dashboard_period"));
        assert_eq!(
            query_string(&q),
            "wilayah=35.07&dari=01%2F01%2F2026&sampai=06%2F12%2F2026"
        );
    }
}
