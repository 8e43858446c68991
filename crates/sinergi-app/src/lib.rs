//! sinergi-app
