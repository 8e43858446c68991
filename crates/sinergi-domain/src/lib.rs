//! Pure domain rules of Sinergi.
//!
//! This crate says *what the rules are*: Indonesian region codes, NIK, phone numbers, dates as
//! agencies write them, organisations with dated names, roles and the permission table. It does no
//! IO, has no async and knows nothing of databases or HTTP, so every rule is unit-tested here.
//! Values are parsed, not validated later: a `Nik` that exists is a valid NIK.
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod access;
pub mod cases;
pub mod clock;
pub mod country;
pub mod dates;
pub mod entities;
pub mod nik;
pub mod org;
pub mod passport;
pub mod phone;
pub mod prevention;
pub mod region;
pub mod region_history;
pub mod retention;
