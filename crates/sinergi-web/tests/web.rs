//! Integration tests of the web layer: the real router over an isolated database, in-process
//! through `oneshot`, plus one journey over real HTTP on a bound `127.0.0.1:0` listener.
//! One test binary for the crate (style.md §3 rule 9b).

// Helpers here are test code too: a panic is a failed test (clippy's allow-unwrap-in-tests
// covers only `#[test]` functions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "web/support.rs"]
mod support;

#[path = "web/sign_in.rs"]
mod sign_in;

#[path = "web/api.rs"]
mod api;

#[path = "web/http.rs"]
mod http;

#[path = "web/prevention.rs"]
mod prevention;

#[path = "web/crawl.rs"]
mod crawl;

#[path = "web/workspace.rs"]
mod workspace;

// The other test files of the crate, modules of this one binary (issue #9): a test is named
// `cargo test -p sinergi-web --test web <file>::<test>`.

#[path = "access_matrix.rs"]
mod access_matrix;

#[path = "cases.rs"]
mod cases;

#[path = "dashboard.rs"]
mod dashboard;

#[path = "entities.rs"]
mod entities;

#[path = "openapi.rs"]
mod openapi;

#[path = "ops.rs"]
mod ops;

#[path = "portal.rs"]
mod portal;

#[path = "trust_pages.rs"]
mod trust_pages;

#[path = "reports.rs"]
mod reports;

#[path = "imports.rs"]
mod imports;
