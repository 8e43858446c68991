//! sinergi-store
