//! sinergi-match
