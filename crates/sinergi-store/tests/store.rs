//! The store contract, on SQLite and (with `SINERGI_TEST_DATABASE_URL`) on PostgreSQL. One test
//! binary for the crate (issue #9): each file below is a module, so a test is named
//! `cargo test -p sinergi-store --test store <file>::<test>`.

#[path = "fixtures.rs"]
mod fixtures;

#[path = "coordination.rs"]
mod coordination;

#[path = "dashboard.rs"]
mod dashboard;

#[path = "imports.rs"]
mod imports;

#[path = "ops.rs"]
mod ops;

#[path = "store_story.rs"]
mod store_story;

#[path = "coverage.rs"]
mod coverage;
