//! Demo accounts: one user of every role at a fitting Malang Raya agency, with fresh random
//! passwords each time `sinergi demo` runs (never a fixed password in code or migrations).

use crate::auth::{Caller, NewUser, random_password};
use crate::{App, AppError};
use sinergi_domain::access::Role;

/// The demo accounts: (username, display name, agency code, role). Names are invented.
pub const DEMO_USERS: &[(&str, &str, &str, Role)] = &[
    (
        "admin",
        "Administrator Sinergi",
        "kanwil-jatim",
        Role::Admin,
    ),
    (
        "koordinator",
        "Rina Koordinator",
        "kanwil-jatim",
        Role::Coordinator,
    ),
    (
        "supervisor.imigrasi",
        "Hendra Supervisor",
        "kanim-malang",
        Role::Supervisor,
    ),
    (
        "petugas.imigrasi",
        "Dewi Petugas",
        "kanim-malang",
        Role::ImmigrationOfficer,
    ),
    (
        "petugas.blitar",
        "Agus Petugas Blitar",
        "kanim-blitar",
        Role::ImmigrationOfficer,
    ),
    (
        "disnaker",
        "Wahyu Disnaker",
        "disnaker-kab-malang",
        Role::LabourOfficer,
    ),
    (
        "desa.sitiarjo",
        "Sri Kepala Desa",
        "desa-sitiarjo",
        Role::LabourOfficer,
    ),
    (
        "penyidik",
        "Bambang Penyidik",
        "polres-malang",
        Role::Investigator,
    ),
    (
        "jaksa",
        "Lestari Jaksa",
        "kejari-kab-malang",
        Role::Prosecutor,
    ),
    (
        "pendamping.iom",
        "Maya Pendamping",
        "iom-indonesia",
        Role::Caseworker,
    ),
    ("bp3mi", "Yusuf BP3MI", "bp3mi-jatim", Role::Caseworker),
    ("analis", "Tono Analis", "kanwil-jatim", Role::Analyst),
];

/// A demo account with its password, to print once.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Agency name in force today.
    pub agency_name: String,
    /// Fresh password.
    pub password: String,
}

impl App {
    /// Creates the demo accounts, or gives the existing ones new passwords. Returns them with
    /// their passwords so the operator can sign in.
    pub async fn ensure_demo_accounts(&self) -> Result<Vec<DemoAccount>, AppError> {
        let mut out = Vec::with_capacity(DEMO_USERS.len());
        for (username, display, agency, role) in DEMO_USERS {
            let password = random_password()?;
            match self.store.user_by_username(username).await? {
                Some(_) => self.reset_password(username, &password).await?,
                None => {
                    self.add_user(
                        Caller::Operator,
                        NewUser {
                            username: (*username).to_string(),
                            display_name: (*display).to_string(),
                            agency_code: (*agency).to_string(),
                            role: *role,
                            password: password.clone(),
                        },
                    )
                    .await?;
                }
            }
            out.push(DemoAccount {
                username: (*username).to_string(),
                role: *role,
                agency_name: self.agency_name_today(agency).await,
                password,
            });
        }
        Ok(out)
    }
}

/// The demo account with this login name when `sinergi demo` made it (so histories name a
/// person), else a stand-in with the same agency and role (tests that seed without accounts).
pub(crate) async fn demo_actor(
    app: &App,
    username: &str,
    agency: &str,
    role: Role,
) -> Result<crate::auth::Actor, AppError> {
    let user = match app.store.user_by_username(username).await? {
        Some(u) if u.user.agency_code == agency && u.user.role == role => u.user,
        _ => sinergi_domain::access::User {
            id: format!("demo-{username}"),
            username: username.into(),
            display_name: username.into(),
            agency_code: agency.into(),
            role,
            active: true,
        },
    };
    Ok(crate::auth::Actor {
        user,
        agency_name: agency.into(),
        csrf_token: String::new(),
        client: "demo".into(),
        scopes: None,
    })
}
