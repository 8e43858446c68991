//! Fixtures shared by the cases test binaries: an app over a fresh test database with a manual
//! clock, and actors of the demo agencies.
#![allow(dead_code)]

use sinergi_app::auth::Actor;
use sinergi_app::cases::NewTip;
use sinergi_domain::access::{Role, User};
use time::macros::datetime;

/// The app under test with its database and clock.
pub use sinergi_testkit::TestEnv as Env;

/// The application at 10:00 WIB on 01/03/2026.
pub async fn env() -> Env {
    Env::at(datetime!(2026-03-01 03:00 UTC)).await
}

pub fn actor(id: &str, agency: &str, role: Role) -> Actor {
    Actor {
        user: User {
            id: id.into(),
            username: id.into(),
            display_name: id.into(),
            agency_code: agency.into(),
            role,
            active: true,
        },
        agency_name: agency.into(),
        csrf_token: String::new(),
        client: "127.0.0.1".into(),
        scopes: None,
    }
}

pub fn polres() -> Actor {
    actor("u-polres", "polres-malang", Role::Investigator)
}
pub fn batu() -> Actor {
    actor("u-batu", "pemkot-batu", Role::Coordinator)
}
pub fn iom() -> Actor {
    actor("u-iom", "iom-indonesia", Role::Caseworker)
}
pub fn admin() -> Actor {
    actor("u-admin", "kanwil-jatim", Role::Admin)
}

pub fn tip(name: &str) -> NewTip {
    NewTip {
        channel: "portal".into(),
        kind: "tppo".into(),
        child_involved: false,
        imminent_danger: false,
        consent: true,
        suspect_name: Some(name.into()),
        narrative: "Ditawari kerja ke Malaysia tanpa dokumen".into(),
        ..Default::default()
    }
}
