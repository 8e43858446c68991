//! Operator probes: `/metrics` parsed by a strict Prometheus text-format parser, `/readyz`
//! answering 503 while the database is unreachable or the screening index is not built.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sinergi_app::App;
use sinergi_store::testing::TestDatabase;
use sinergi_web::{WebSettings, router};
use std::collections::{BTreeMap, BTreeSet};
use time::macros::datetime;
use tower::ServiceExt;

async fn app() -> (App, TestDatabase) {
    let env = sinergi_testkit::TestEnv::at(datetime!(2026-03-02 03:00 UTC)).await;
    (env.app, env.db)
}

async fn get(r: &axum::Router, path: &str) -> (StatusCode, String, String) {
    let res = r
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    (status, ct, String::from_utf8(body.to_vec()).unwrap())
}

/// One sample: metric name, labels, value.
type Sample = (String, BTreeMap<String, String>, f64);

/// A strict parser of the Prometheus text format 0.0.4: every sample belongs to a family
/// declared by `# TYPE` before it, names and labels are well formed, label values are properly
/// escaped, values are numbers, no series appears twice, and histograms have cumulative buckets
/// ending in `+Inf` equal to `_count`.
fn parse(text: &str) -> Result<(BTreeMap<String, String>, Vec<Sample>), String> {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars().enumerate().all(|(i, c)| {
                c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit())
            })
    };
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Vec::new();
    let mut seen = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        let at = |why: &str| format!("line {}: {why}: {line}", n + 1);
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let kw = parts.next().unwrap_or("");
            let name = parts.next().ok_or_else(|| at("comment without name"))?;
            if !name_ok(name) {
                return Err(at("bad family name"));
            }
            match kw {
                "HELP" => {}
                "TYPE" => {
                    let t = parts.next().ok_or_else(|| at("TYPE without type"))?;
                    if !["counter", "gauge", "histogram", "summary", "untyped"].contains(&t) {
                        return Err(at("unknown type"));
                    }
                    if types.insert(name.to_string(), t.to_string()).is_some() {
                        return Err(at("family declared twice"));
                    }
                }
                _ => return Err(at("unknown comment keyword")),
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').ok_or_else(|| at("no value"))?;
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            v => v.parse().map_err(|_| at("value is not a number"))?,
        };
        let (name, labels) = match series.split_once('{') {
            None => (series, BTreeMap::new()),
            Some((name, rest)) => {
                let body = rest
                    .strip_suffix('}')
                    .ok_or_else(|| at("unclosed labels"))?;
                let mut labels = BTreeMap::new();
                let mut chars = body.chars().peekable();
                while chars.peek().is_some() {
                    let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
                    if !name_ok(&key) {
                        return Err(at("bad label name"));
                    }
                    if chars.next() != Some('"') {
                        return Err(at("label value not quoted"));
                    }
                    let mut val = String::new();
                    loop {
                        match chars.next() {
                            Some('\\') => match chars.next() {
                                Some('\\') => val.push('\\'),
                                Some('"') => val.push('"'),
                                Some('n') => val.push('\n'),
                                _ => return Err(at("bad escape")),
                            },
                            Some('"') => break,
                            Some(c) => val.push(c),
                            None => return Err(at("unterminated label value")),
                        }
                    }
                    match chars.next() {
                        None | Some(',') => {}
                        _ => return Err(at("junk after label value")),
                    }
                    if labels.insert(key, val).is_some() {
                        return Err(at("label repeated"));
                    }
                }
                (name, labels)
            }
        };
        if !name_ok(name) {
            return Err(at("bad metric name"));
        }
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|f| types.get(*f).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name);
        if !types.contains_key(family) {
            return Err(at("sample before its # TYPE"));
        }
        if !seen.insert(format!("{name}{labels:?}")) {
            return Err(at("series repeated"));
        }
        samples.push((name.to_string(), labels, value));
    }
    // Histograms: cumulative buckets, +Inf last and equal to _count.
    for (family, t) in &types {
        if t != "histogram" {
            continue;
        }
        let mut groups: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
        for (name, labels, v) in &samples {
            if name == &format!("{family}_bucket") {
                let mut rest = labels.clone();
                let le = rest.remove("le").ok_or("bucket without le")?;
                let le: f64 = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().map_err(|_| "bad le")?
                };
                groups
                    .entry(format!("{rest:?}"))
                    .or_default()
                    .push((le, *v));
            }
        }
        for (key, buckets) in &groups {
            if !buckets
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
            {
                return Err(format!("{family}{key}: buckets not cumulative"));
            }
            let (le, inf) = *buckets.last().ok_or("no buckets")?;
            if le != f64::INFINITY {
                return Err(format!("{family}{key}: last bucket is not +Inf"));
            }
            let count = samples
                .iter()
                .find(|(n, l, _)| n == &format!("{family}_count") && format!("{l:?}") == *key)
                .map(|s| s.2)
                .ok_or_else(|| format!("{family}{key}: no _count"))?;
            if count != inf {
                return Err(format!("{family}{key}: +Inf bucket {inf} != count {count}"));
            }
        }
    }
    Ok((types, samples))
}

fn value(samples: &[Sample], name: &str, want: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|(n, l, _)| {
            n == name
                && want
                    .iter()
                    .all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.2)
}

#[test]
fn the_parser_is_strict() {
    assert!(parse("# TYPE a counter\na 1\n").is_ok());
    assert!(parse("a 1\n").is_err(), "sample without TYPE");
    assert!(
        parse("# TYPE a counter\na{x=\"1} 1\n").is_err(),
        "unterminated"
    );
    assert!(parse("# TYPE a counter\na{x=1} 1\n").is_err(), "unquoted");
    assert!(parse("# TYPE a counter\na one\n").is_err(), "not a number");
    assert!(parse("# TYPE a counter\na 1\na 2\n").is_err(), "repeated");
    let bad_hist =
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n";
    assert!(parse(bad_hist).is_err(), "not cumulative");
    let good_hist =
        "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 2\n";
    assert!(parse(good_hist).is_ok());
}

#[tokio::test]
async fn metrics_parse_and_count_requests_per_route_template() {
    let (app, db) = app().await;
    app.warm_index().await.expect("index");
    let r = router(app.clone(), WebSettings::default());
    for _ in 0..3 {
        assert_eq!(get(&r, "/healthz").await.0, StatusCode::OK);
    }
    // A concrete id never becomes a label: the template does.
    let _ = get(&r, "/api/v1/applicants/3171234567890123").await;
    let _ = get(&r, "/no/such/page/3171234567890123").await;
    let (status, ct, body) = get(&r, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
    let (types, samples) = parse(&body).unwrap_or_else(|e| panic!("{e}\n{body}"));
    assert_eq!(
        value(
            &samples,
            "sinergi_http_requests_total",
            &[("route", "/healthz"), ("status", "2xx")]
        ),
        Some(3.0)
    );
    assert_eq!(
        value(
            &samples,
            "sinergi_http_request_duration_seconds_count",
            &[("route", "/healthz")]
        ),
        Some(3.0)
    );
    assert!(
        !body.contains("3171234567890123"),
        "an identifier leaked into /metrics"
    );
    assert!(
        value(
            &samples,
            "sinergi_http_requests_total",
            &[("route", "<unmatched>")]
        )
        .is_some()
    );
    assert_eq!(
        value(&samples, "sinergi_screening_index_ready", &[]),
        Some(1.0)
    );
    assert!(value(&samples, "sinergi_db_pool_max_connections", &[]).unwrap() >= 1.0);
    assert_eq!(
        value(
            &samples,
            "sinergi_job_runs_total",
            &[("job", "index_build"), ("outcome", "ok")]
        ),
        Some(1.0)
    );
    // Every figure the Grafana dashboard and the alerts use exists.
    for file in [
        include_str!("../../../deploy/grafana-dashboard.json"),
        include_str!("../../../deploy/sinergi-alerts.yml"),
    ] {
        let mut rest = file;
        while let Some(at) = rest.find("sinergi_") {
            let name: String = rest[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &rest[at + name.len()..];
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(&name);
            assert!(
                types.contains_key(family),
                "{name} is used in deploy/ but not served"
            );
        }
    }
    for family in [
        "sinergi_screening_duration_seconds",
        "sinergi_http_request_duration_seconds",
        "sinergi_db_pool_connections",
        "sinergi_screening_index_entries",
    ] {
        assert!(types.contains_key(family), "{family} missing");
    }
    db.cleanup().await;
}

#[tokio::test]
async fn readyz_needs_the_index_and_the_database() {
    let (app, db) = app().await;
    let r = router(app.clone(), WebSettings::default());
    let (status, _, body) = get(&r, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("\"index\":\"building\""), "{body}");
    app.warm_index().await.expect("index");
    let (status, _, body) = get(&r, "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The database becomes unreachable: not ready, while the process stays alive.
    app.close().await;
    let (status, _, body) = get(&r, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("\"database\":\"unreachable\""), "{body}");
    db.cleanup().await;
}
