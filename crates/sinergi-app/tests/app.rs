//! Integration tests of the application layer, on SQLite and (with `SINERGI_TEST_DATABASE_URL`)
//! on PostgreSQL. One test binary for the crate (issue #9): each file below is a module, so a
//! test is named `cargo test -p sinergi-app --test app <file>::<test>`. Helper folders
//! (`support`, `case_support`, `dashboard_support`) are modules of this file (or of the one
//! module that uses them), each compiled once.

// Helpers shared by several files: `use super::support::*;`.
#[path = "support/mod.rs"]
mod support;

#[path = "case_support/mod.rs"]
mod case_support;

#[path = "cases.rs"]
mod cases;

#[path = "cases_from_deferral.rs"]
mod cases_from_deferral;

#[path = "cases_network.rs"]
mod cases_network;

#[path = "cases_trust.rs"]
mod cases_trust;

#[path = "dashboard.rs"]
mod dashboard;

#[path = "entities.rs"]
mod entities;

#[path = "domain_rules.rs"]
mod domain_rules;

#[path = "import.rs"]
mod import;

#[path = "index_persistence.rs"]
mod index_persistence;

#[path = "ops.rs"]
mod ops;

#[path = "portal.rs"]
mod portal;

#[path = "prevention.rs"]
mod prevention;

#[path = "second_factor.rs"]
mod second_factor;

#[path = "statistics.rs"]
mod statistics;

#[path = "trust.rs"]
mod trust;

#[path = "trust_audit.rs"]
mod trust_audit;

#[path = "trust_data.rs"]
mod trust_data;
