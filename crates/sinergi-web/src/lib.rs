//! sinergi-web
