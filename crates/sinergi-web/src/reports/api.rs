//! `GET /api/v1/reports/gugus-tugas`: the task-force report as JSON, the same tables as the
//! page and the PDF (in the language the request asks for).

use super::{ReportView, view};
use crate::AppState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use sinergi_app::AppError;
use sinergi_app::auth::Caller;
use sinergi_domain::access::Permission;
use sinergi_domain::dates::format_iso;
use sinergi_domain::region::RegionCode;
use utoipa::ToSchema;

/// The query of the report.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReportQuery {
    region: String,
    year: i32,
}

/// One table of the report: header and text cells (`<5` where a small count is masked).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReportTableBody {
    /// Stable id (the dashboard's table ids, or `ringkasan`/`koordinasi`).
    pub id: String,
    /// Title in the request's language.
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of text cells.
    pub rows: Vec<Vec<String>>,
}

/// One section of the report.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReportSectionBody {
    /// Heading in the request's language.
    pub heading: String,
    /// Its tables.
    pub tables: Vec<ReportTableBody>,
}

/// The task-force report of a region and year.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TaskForceReportBody {
    /// Region code (`35.07`).
    pub region: String,
    /// Region name.
    pub region_name: String,
    /// The year.
    pub year: i32,
    /// First day (ISO 8601).
    pub from: String,
    /// Last day (ISO 8601).
    pub to: String,
    /// The day the report was made (ISO 8601, WIB).
    pub made_on: String,
    /// Whether counts of kecamatan rows are masked when small.
    pub small_cells_masked: bool,
    /// The sections in order.
    pub sections: Vec<ReportSectionBody>,
}

fn body(
    v: ReportView,
    lang: Lang,
    region: RegionCode,
    from: String,
    to: String,
    made_on: String,
) -> TaskForceReportBody {
    TaskForceReportBody {
        region: region.to_string(),
        region_name: v.region_name,
        year: v.year,
        from,
        to,
        made_on,
        small_cells_masked: v.small_cells,
        sections: v
            .sections
            .into_iter()
            .map(|s| ReportSectionBody {
                heading: lang.t(s.heading).to_string(),
                tables: s
                    .tables
                    .into_iter()
                    .map(|t| ReportTableBody {
                        id: t.id.to_string(),
                        title: t.title.to_string(),
                        headers: t.headers.iter().map(|h| (*h).to_string()).collect(),
                        rows: t.rows,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The yearly report of the Gugus Tugas PP-TPPO of Jawa Timur or a Malang Raya
/// kabupaten/kota: the dashboard's figures over the year, meetings and action items.
#[utoipa::path(
    get,
    path = "/api/v1/reports/gugus-tugas",
    operation_id = "task_force_report",
    tag = "information",
    security(("bearer" = [])),
    params(
        ("region" = String, Query, description = "Region code: 35, 35.07, 35.73 or 35.79 (dots optional)"),
        ("year" = i32, Query, description = "The year reported on"),
    ),
    responses(
        (status = 200, description = "The report", body = TaskForceReportBody),
        (status = 401, description = "No valid token", body = ApiErrorBody),
        (status = 403, description = "Not allowed (needs view_dashboard)", body = ApiErrorBody),
        (status = 422, description = "Not Jawa Timur or a Malang Raya kabupaten/kota, or no year", body = ApiErrorBody),
    )
)]
pub(crate) async fn report(
    State(s): State<AppState>,
    lang: Lang,
    c: ApiCaller,
    Query(q): Query<ReportQuery>,
) -> Result<Json<TaskForceReportBody>, WebError> {
    // Who may read it is decided before the query is looked at.
    c.actor.require(Permission::ViewDashboard)?;
    let region = RegionCode::parse(&q.region)
        .map_err(|_| AppError::invalid("region", "report_region", "unreadable region code"))?;
    let r = s
        .app
        .task_force_report(Caller::Actor(&c.actor), region, q.year)
        .await?;
    let (from, to, made_on) = (
        format_iso(r.figures.query.from),
        format_iso(r.figures.query.to),
        format_iso(r.made_on),
    );
    Ok(Json(body(view(&r, lang), lang, region, from, to, made_on)))
}
