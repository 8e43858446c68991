//! Probes and figures for operators: `GET /healthz` (the process is up and the database
//! answers), `GET /readyz` (ready for traffic: database reachable and screening index built) and
//! `GET /metrics` (Prometheus text format 0.0.4). None of them shows personal data: routes are
//! templates, figures are counts and durations.

use crate::AppState;
use crate::middleware::Metrics;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sinergi_app::ops::{BUCKETS, HistogramSnapshot, OpsSnapshot};
use std::fmt::Write as _;

/// 200 `{"status":"ok","database":"sqlite"}` when the database answers, else 503 with
/// `"status":"unavailable"`.
pub(crate) async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.app.backend_name();
    if state.app.healthy().await {
        (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": database})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable", "database": database})),
        )
    }
}

/// 200 when the database answers and the screening index is built, else 503 naming what is
/// not ready. A load balancer sends traffic only to ready instances.
pub(crate) async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = state.app.healthy().await;
    let index = state.app.index_ready();
    let body = json!({
        "status": if database && index { "ready" } else { "not_ready" },
        "database": if database { "ok" } else { "unreachable" },
        "index": if index { "ready" } else { "building" },
    });
    let code = if database && index {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body))
}

/// The Prometheus exposition of every figure.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let text = render(&state.metrics, &state.app.ops_snapshot());
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Escapes a label value (backslash, double quote, newline).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn histogram(out: &mut String, name: &str, labels: &str, h: &HistogramSnapshot) {
    let sep = if labels.is_empty() { "" } else { "," };
    let mut cumulative = 0u64;
    for (bound, n) in BUCKETS.iter().zip(&h.counts) {
        cumulative += n;
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"{bound}\"}} {cumulative}"
        );
    }
    let _ = writeln!(
        out,
        "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
        h.count()
    );
    let braces = if labels.is_empty() {
        String::new()
    } else {
        format!("{{{labels}}}")
    };
    let _ = writeln!(out, "{name}_sum{braces} {}", h.sum_seconds);
    let _ = writeln!(out, "{name}_count{braces} {}", h.count());
}

/// Resident memory and CPU seconds of this process (Linux `/proc`; absent elsewhere).
fn process_figures() -> Option<(u64, f64)> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    // Linux reports in clock ticks of 1/100 s on every supported architecture.
    Some((pages * 4096, (utime + stime) / 100.0))
}

/// Renders the text format. Public for the test that parses it.
pub(crate) fn render(m: &Metrics, ops: &OpsSnapshot) -> String {
    let mut out = String::with_capacity(16 * 1024);
    header(
        &mut out,
        "sinergi_build_info",
        "gauge",
        "Version and database engine.",
    );
    let _ = writeln!(
        out,
        "sinergi_build_info{{version=\"{}\",database=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION"),
        ops.backend
    );
    let routes = m.routes();
    header(
        &mut out,
        "sinergi_http_requests_total",
        "counter",
        "HTTP requests by method, matched route and status class.",
    );
    for r in &routes {
        for (class, n) in &r.by_class {
            let _ = writeln!(
                out,
                "sinergi_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{class}\"}} {n}",
                label(&r.method),
                label(&r.route)
            );
        }
    }
    header(
        &mut out,
        "sinergi_http_request_duration_seconds",
        "histogram",
        "Time from the request's arrival to its response, by method and matched route.",
    );
    for r in &routes {
        let labels = format!(
            "method=\"{}\",route=\"{}\"",
            label(&r.method),
            label(&r.route)
        );
        histogram(
            &mut out,
            "sinergi_http_request_duration_seconds",
            &labels,
            &r.latency,
        );
    }
    header(
        &mut out,
        "sinergi_http_requests_in_flight",
        "gauge",
        "Requests being served now.",
    );
    let _ = writeln!(out, "sinergi_http_requests_in_flight {}", m.in_flight());
    header(
        &mut out,
        "sinergi_screening_duration_seconds",
        "histogram",
        "Time to screen one applicant (index search and every check).",
    );
    histogram(
        &mut out,
        "sinergi_screening_duration_seconds",
        "",
        &ops.screening,
    );
    header(
        &mut out,
        "sinergi_screening_index_ready",
        "gauge",
        "1 when the screening index is built.",
    );
    let _ = writeln!(
        out,
        "sinergi_screening_index_ready {}",
        u8::from(ops.index_entries.is_some())
    );
    header(
        &mut out,
        "sinergi_screening_index_entries",
        "gauge",
        "Entries in the screening index (person records, watchlist, case people).",
    );
    let _ = writeln!(
        out,
        "sinergi_screening_index_entries {}",
        ops.index_entries.unwrap_or(0)
    );
    header(
        &mut out,
        "sinergi_db_pool_connections",
        "gauge",
        "Database pool connections by state.",
    );
    let _ = writeln!(
        out,
        "sinergi_db_pool_connections{{state=\"idle\"}} {}",
        ops.pool_idle
    );
    let _ = writeln!(
        out,
        "sinergi_db_pool_connections{{state=\"in_use\"}} {}",
        ops.pool_size.saturating_sub(ops.pool_idle)
    );
    header(
        &mut out,
        "sinergi_db_pool_max_connections",
        "gauge",
        "The pool's connection limit.",
    );
    let _ = writeln!(out, "sinergi_db_pool_max_connections {}", ops.pool_max);
    header(
        &mut out,
        "sinergi_job_runs_total",
        "counter",
        "Background job runs by this process, by job and outcome.",
    );
    for j in &ops.jobs {
        let name = label(&j.name);
        let _ = writeln!(
            out,
            "sinergi_job_runs_total{{job=\"{name}\",outcome=\"ok\"}} {}",
            j.ok
        );
        let _ = writeln!(
            out,
            "sinergi_job_runs_total{{job=\"{name}\",outcome=\"failed\"}} {}",
            j.failed
        );
    }
    header(
        &mut out,
        "sinergi_job_last_duration_seconds",
        "gauge",
        "Duration of the last run of each job.",
    );
    for j in &ops.jobs {
        let _ = writeln!(
            out,
            "sinergi_job_last_duration_seconds{{job=\"{}\"}} {}",
            label(&j.name),
            j.last_seconds
        );
    }
    header(
        &mut out,
        "sinergi_job_last_success_timestamp_seconds",
        "gauge",
        "End of the last successful run of each job (Unix seconds, 0 if none).",
    );
    for j in &ops.jobs {
        let _ = writeln!(
            out,
            "sinergi_job_last_success_timestamp_seconds{{job=\"{}\"}} {}",
            label(&j.name),
            j.last_success_ms as f64 / 1000.0
        );
    }
    if let Some((rss, cpu)) = process_figures() {
        header(
            &mut out,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory of the server process.",
        );
        let _ = writeln!(out, "process_resident_memory_bytes {rss}");
        header(
            &mut out,
            "process_cpu_seconds_total",
            "counter",
            "CPU time of the server process (user and system).",
        );
        let _ = writeln!(out, "process_cpu_seconds_total {cpu}");
    }
    out
}
