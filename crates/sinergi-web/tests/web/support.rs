//! What the web tests of this binary share on top of `sinergi_testkit`: the application at
//! 20:30 UTC on 28/11/2026 (03:30 WIB the next day, so pages show the date change) and an
//! immigration officer with a display name of their own.

use sinergi_domain::access::Role;
use sinergi_testkit::{TestWeb, add_named_user};
use sinergi_web::WebSettings;
use time::OffsetDateTime;
use time::macros::datetime;

/// The instant these tests run at: 20:30 UTC on 28/11/2026 is 03:30 WIB on 29/11/2026.
pub const NIGHT: OffsetDateTime = datetime!(2026-11-28 20:30 UTC);

/// The application behind its router at [`NIGHT`], default settings.
pub async fn app() -> TestWeb {
    app_with(WebSettings::default()).await
}

/// The application behind its router at [`NIGHT`] with `settings`.
pub async fn app_with(settings: WebSettings) -> TestWeb {
    TestWeb::at(NIGHT, settings).await
}

/// Adds an immigration officer of Kanim Malang.
pub async fn officer(t: &TestWeb, username: &str, display_name: &str) {
    add_named_user(
        &t.env.app,
        username,
        display_name,
        "kanim-malang",
        Role::ImmigrationOfficer,
    )
    .await;
}
