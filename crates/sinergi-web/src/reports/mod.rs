//! `/laporan-gugus-tugas`: the yearly report of the Gugus Tugas PP-TPPO of a Malang Raya
//! kabupaten/kota or of Jawa Timur, as a printable page and as a PDF (`/laporan-gugus-tugas/pdf`),
//! for signed-in users who may see statistics (`ViewDashboard`). The page and the PDF are drawn
//! from one [`ReportView`], whose tables are the dashboard's own ([`crate::dashboard::tables`])
//! over the whole year, so every figure equals the dashboard's.

pub(crate) mod api;
pub(crate) mod pdf;

use crate::AppState;
use crate::dashboard::tables::{Table, count, tables};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::Nav;
use crate::session::SignedIn;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sinergi_app::auth::Caller;
use sinergi_app::reports::{TaskForceReport, report_regions};
use sinergi_domain::access::Permission;
use sinergi_domain::dates::format_id;
use sinergi_domain::region::{self, MALANG_RAYA, RegionCode};

/// The routes of the report.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/laporan-gugus-tugas", get(page))
        .route("/laporan-gugus-tugas/pdf", get(download))
        .route("/api/v1/reports/gugus-tugas", get(api::report))
}

/// The query string (both optional: Kabupaten Malang, this year).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub(crate) struct Params {
    /// Region code (`35.07` or `3507`).
    wilayah: String,
    /// The year.
    tahun: String,
}

/// One part of the report: a heading, an optional sentence, its tables.
#[derive(Debug, Clone)]
pub(crate) struct ReportSection {
    pub(crate) heading: &'static str,
    pub(crate) note: Option<&'static str>,
    pub(crate) tables: Vec<Table>,
}

/// Everything the page and the PDF show, in the reader's language.
#[derive(Debug, Clone)]
pub(crate) struct ReportView {
    pub(crate) title: String,
    pub(crate) region_name: String,
    pub(crate) year: i32,
    pub(crate) period: String,
    pub(crate) made_on: String,
    pub(crate) small_cells: bool,
    pub(crate) sections: Vec<ReportSection>,
}

fn summary_table(r: &TaskForceReport, lang: Lang) -> Table {
    let d = &r.figures;
    let c = &r.coordination;
    let row = |key: &'static str, value: String| vec![lang.t(key).to_string(), value];
    Table {
        id: "ringkasan",
        title: lang.t("rep_sec_summary"),
        headers: vec![lang.t("rep_col_item"), lang.t("dash_col_count")],
        rows: vec![
            row("dash_fig_applicants", count(d.applicants)),
            row("rep_screened", count(d.screened)),
            row("dash_fig_deferred", count(d.deferred)),
            row("dash_fig_tips", count(d.tips)),
            row("dash_fig_cases", count(d.cases)),
            row("rep_suspects", count(d.suspects)),
            row("dash_fig_assisted", count(d.assisted)),
            row("rep_meetings", c.meetings.to_string()),
            row("rep_actions_set", c.action_items.to_string()),
            row("dash_fig_outreach", d.outreach_events.to_string()),
            row("rep_audience", d.outreach_audience.to_string()),
        ],
    }
}

fn coordination_table(r: &TaskForceReport, lang: Lang) -> Table {
    let c = &r.coordination;
    let row = |key: &'static str, value: i64| vec![lang.t(key).to_string(), value.to_string()];
    Table {
        id: "koordinasi",
        title: lang.t("rep_coordination"),
        headers: vec![lang.t("rep_col_item"), lang.t("dash_col_count")],
        rows: vec![
            row("rep_meetings", c.meetings),
            row("rep_actions_set", c.action_items),
            row("rep_actions_done", c.done),
            row("rep_actions_open", c.open),
            row("rep_actions_overdue", c.overdue),
        ],
    }
}

/// The report in the reader's language.
pub(crate) fn view(r: &TaskForceReport, lang: Lang) -> ReportView {
    let mut by_id: Vec<Table> = tables(&r.figures, lang);
    let mut take = |id: &str| -> Vec<Table> {
        by_id
            .iter()
            .position(|t| t.id == id)
            .map(|i| vec![by_id.remove(i)])
            .unwrap_or_default()
    };
    let section = |heading, note, tables| ReportSection {
        heading,
        note,
        tables,
    };
    let prevention = take("penundaan");
    let tips = [take("laporan_jenis"), take("laporan_status")].concat();
    let cases = [take("perkara_jenis"), take("tahap"), take("corong")].concat();
    let victims = take("layanan");
    let overdue = [take("tindak_lanjut"), take("rujukan")].concat();
    let trend = take("tren");
    let regions = take("wilayah");
    let sections = vec![
        section("rep_sec_summary", None, vec![summary_table(r, lang)]),
        section(
            "rep_sec_prevention",
            Some("rep_note_prevention"),
            prevention,
        ),
        section("rep_sec_tips", None, tips),
        section("rep_sec_cases", Some("dash_stages_note"), cases),
        section("rep_sec_victims", None, victims),
        section(
            "rep_sec_coordination",
            Some("rep_note_coordination"),
            [vec![coordination_table(r, lang)], overdue].concat(),
        ),
        section("rep_sec_outreach", Some("rep_note_trend"), trend),
        section("rep_sec_regions", None, regions),
    ];
    ReportView {
        title: lang.t("rep_title").to_string(),
        region_name: region::lookup(r.region)
            .map(|x| x.name().to_string())
            .unwrap_or_default(),
        year: r.year,
        period: format!(
            "{} – {}",
            format_id(r.figures.query.from),
            format_id(r.figures.query.to)
        ),
        made_on: format_id(r.made_on),
        small_cells: r.figures.small_cells
            || r.figures.breakdown == Some(sinergi_domain::region::RegionLevel::Kecamatan),
        sections,
    }
}

/// `templates/reports/gugus_tugas.html`.
#[derive(Template, WebTemplate)]
#[template(path = "reports/gugus_tugas.html")]
pub(crate) struct ReportPage {
    lang: Lang,
    nav: Option<Nav>,
    report: ReportView,
    regions: Vec<(String, String, bool)>,
    years: Vec<(i32, bool)>,
    pdf_href: String,
}

/// The region and year asked for, or an error key.
fn resolve(p: &Params, this_year: i32) -> Result<(RegionCode, i32), WebError> {
    let region = if p.wilayah.trim().is_empty() {
        MALANG_RAYA[0]
    } else {
        RegionCode::parse(&p.wilayah).map_err(|_| {
            WebError::from(sinergi_app::AppError::invalid(
                "region",
                "report_region",
                "unreadable region code",
            ))
        })?
    };
    let year = if p.tahun.trim().is_empty() {
        this_year
    } else {
        p.tahun.trim().parse().map_err(|_| {
            WebError::from(sinergi_app::AppError::invalid(
                "year",
                "report_year",
                "unreadable year",
            ))
        })?
    };
    Ok((region, year))
}

/// `GET /laporan-gugus-tugas`.
pub(crate) async fn page(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(p): Query<Params>,
) -> Result<ReportPage, WebError> {
    signed.actor.require(Permission::ViewDashboard)?;
    let this_year = s.app.clock().now_wib().year();
    let (region, year) = resolve(&p, this_year)?;
    let r = s
        .app
        .task_force_report(Caller::Actor(&signed.actor), region, year)
        .await?;
    Ok(ReportPage {
        lang,
        nav: Some(Nav::of(&signed.actor)),
        regions: report_regions()
            .into_iter()
            .map(|x| {
                (
                    x.code().to_string(),
                    x.name().to_string(),
                    x.code() == region,
                )
            })
            .collect(),
        years: (this_year - 4..=this_year)
            .rev()
            .map(|y| (y, y == year))
            .collect(),
        pdf_href: format!("/laporan-gugus-tugas/pdf?wilayah={region}&tahun={year}"),
        report: view(&r, lang),
    })
}

/// `GET /laporan-gugus-tugas/pdf`: the same report as a PDF file.
pub(crate) async fn download(
    State(s): State<AppState>,
    lang: Lang,
    signed: SignedIn,
    Query(p): Query<Params>,
) -> Result<Response, WebError> {
    signed.actor.require(Permission::ViewDashboard)?;
    let this_year = s.app.clock().now_wib().year();
    let (region, year) = resolve(&p, this_year)?;
    let r = s
        .app
        .task_force_report(Caller::Actor(&signed.actor), region, year)
        .await?;
    let bytes = pdf::render(&view(&r, lang), lang);
    let file = format!(
        "attachment; filename=\"laporan-gugus-tugas-{}-{year}.pdf\"",
        region.undotted()
    );
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (CONTENT_DISPOSITION, file),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The PDF of a report, for the command line (`sinergi report gugus-tugas`).
pub fn task_force_pdf(report: &TaskForceReport, lang: Lang) -> Vec<u8> {
    pdf::render(&view(report, lang), lang)
}
