//! `GET /api/v1/agencies` and `GET /api/v1/people/count`.

use crate::AppState;
use crate::error::WebError;
use crate::middleware::ApiErrorBody;
use crate::session::ApiCaller;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use sinergi_domain::org::Agency;
use time::Date;
use utoipa::ToSchema;

/// One dated name of an agency.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyNameView {
    /// The name.
    pub name: String,
    /// Code of the parent agency in that period.
    pub parent_code: Option<String>,
    /// First day in force (ISO 8601).
    pub valid_from: String,
    /// Last day in force (ISO 8601), none while in force.
    pub valid_to: Option<String>,
}

/// An agency with its name today and its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyView {
    /// Stable code, e.g. `kanim-malang`.
    pub code: String,
    /// Kind code, e.g. `imigrasi`.
    pub kind: String,
    /// Region code, when the agency serves one region.
    pub region_code: Option<String>,
    /// The name in force today (WIB).
    pub name: String,
    /// The parent agency today.
    pub parent_code: Option<String>,
    /// Every name, oldest first.
    pub names: Vec<AgencyNameView>,
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

impl AgencyView {
    fn of(a: &Agency, today: Date) -> Self {
        AgencyView {
            code: a.code.clone(),
            kind: a.kind.code().to_string(),
            region_code: a.region_code.clone(),
            name: a.name_on(today).to_string(),
            parent_code: a.parent_on(today).map(str::to_string),
            names: a
                .names
                .iter()
                .map(|n| AgencyNameView {
                    name: n.name.clone(),
                    parent_code: n.parent_code.clone(),
                    valid_from: iso(n.valid_from),
                    valid_to: n.valid_to.map(iso),
                })
                .collect(),
        }
    }
}

/// Every agency, with the name in force today and the name history.
#[utoipa::path(
    get,
    path = "/api/v1/agencies",
    tag = "registry",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The agency registry", body = [AgencyView]),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn agencies(
    State(state): State<AppState>,
    _caller: ApiCaller,
) -> Result<Json<Vec<AgencyView>>, WebError> {
    let today = state.app.clock().now_wib().date();
    let all = state.app.agencies().await?;
    Ok(Json(all.iter().map(|a| AgencyView::of(a, today)).collect()))
}

/// A count.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountView {
    /// How many.
    pub count: i64,
}

/// How many person records are held (a figure, no personal data).
#[utoipa::path(
    get,
    path = "/api/v1/people/count",
    tag = "registry",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The number of person records", body = CountView),
        (status = 401, description = "No valid token", body = ApiErrorBody),
    )
)]
pub(crate) async fn people_count(
    State(state): State<AppState>,
    _caller: ApiCaller,
) -> Result<Json<CountView>, WebError> {
    Ok(Json(CountView {
        count: state.app.count_people().await?,
    }))
}
