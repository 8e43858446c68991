//! Standardisers: turn what agencies write into comparable values. None of them
//! panics on any input (property-tested); the ones that can fail return typed errors.

pub mod address;
pub mod date;
pub mod id;
pub mod name;
pub mod phone;
pub mod text;
