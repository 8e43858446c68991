//! Users, roles and the permission table.
//!
//! The table [`ROLE_PERMISSIONS`] is the single statement of who may do what; the application
//! layer asks [`Role::allows`] before every use case, so web, API and CLI obey the same rules.
//! Need-to-know by agency and by case is layered on top of this in the application.

use crate::org::{AgencyKind, UnknownCode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a user may be allowed to do. Each variant is one verb of the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Create users, reset passwords, deactivate accounts.
    ManageUsers,
    /// Edit the agency registry (names, parents, validity dates).
    ManageAgencies,
    /// See dashboards and aggregate figures of Malang Raya.
    ViewDashboard,
    /// Record and screen passport applicants.
    ScreenApplicants,
    /// Decide issue / defer / refuse on an applicant.
    DecideApplicants,
    /// Propose watchlist entries.
    ProposeWatchlist,
    /// Approve (second person) watchlist additions and removals.
    ApproveWatchlist,
    /// Search and read person records within the agency's scope.
    ViewPeople,
    /// Import person records from CSV.
    ImportPeople,
    /// Triage public tips.
    TriageTips,
    /// Open and edit cases of the own agency.
    ManageCases,
    /// Read cases shared with the own agency.
    ViewCases,
    /// Send, accept and complete referrals between agencies.
    HandleReferrals,
    /// Record legal-process steps of suspects.
    RecordLegalSteps,
    /// Record victim-assistance services.
    RecordAssistance,
    /// See unmasked victim identity fields.
    ViewVictimIdentity,
    /// Run coordination meetings and their action items.
    ManageMeetings,
    /// Read the audit trail.
    ViewAudit,
    /// Export anonymised statistics.
    ExportStatistics,
    /// Check recruitment-agency licences.
    CheckLicences,
    /// Review break-glass accesses of the own agency.
    ReviewBreakGlass,
    /// Register and revoke API clients of other agencies' systems.
    ManageApiClients,
    /// Personal-data protection duties: consent records, subject-access export, breach register,
    /// retention purge.
    ManagePrivacy,
    /// Share a victim's data without recorded consent, with a reason (imminent danger, a child).
    OverrideConsent,
    /// Edit the weights of the screening risk indicators (each edit is a new version).
    ManageIndicators,
    /// Coordinate as an agency: post bulletins to every agency and report the own agency's
    /// action items done (a write; `ViewCases` and `ViewDashboard` only read).
    Coordinate,
}

impl Permission {
    /// Every permission, in table order.
    pub const ALL: [Permission; 26] = [
        Permission::ManageUsers,
        Permission::ManageAgencies,
        Permission::ViewDashboard,
        Permission::ScreenApplicants,
        Permission::DecideApplicants,
        Permission::ProposeWatchlist,
        Permission::ApproveWatchlist,
        Permission::ViewPeople,
        Permission::ImportPeople,
        Permission::TriageTips,
        Permission::ManageCases,
        Permission::ViewCases,
        Permission::HandleReferrals,
        Permission::RecordLegalSteps,
        Permission::RecordAssistance,
        Permission::ViewVictimIdentity,
        Permission::ManageMeetings,
        Permission::ViewAudit,
        Permission::ExportStatistics,
        Permission::CheckLicences,
        Permission::ReviewBreakGlass,
        Permission::ManageApiClients,
        Permission::ManagePrivacy,
        Permission::OverrideConsent,
        Permission::ManageIndicators,
        Permission::Coordinate,
    ];

    /// The stable code used in API-client scopes and the API.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ManageUsers => "manage_users",
            Permission::ManageAgencies => "manage_agencies",
            Permission::ViewDashboard => "view_dashboard",
            Permission::ScreenApplicants => "screen_applicants",
            Permission::DecideApplicants => "decide_applicants",
            Permission::ProposeWatchlist => "propose_watchlist",
            Permission::ApproveWatchlist => "approve_watchlist",
            Permission::ViewPeople => "view_people",
            Permission::ImportPeople => "import_people",
            Permission::TriageTips => "triage_tips",
            Permission::ManageCases => "manage_cases",
            Permission::ViewCases => "view_cases",
            Permission::HandleReferrals => "handle_referrals",
            Permission::RecordLegalSteps => "record_legal_steps",
            Permission::RecordAssistance => "record_assistance",
            Permission::ViewVictimIdentity => "view_victim_identity",
            Permission::ManageMeetings => "manage_meetings",
            Permission::ViewAudit => "view_audit",
            Permission::ExportStatistics => "export_statistics",
            Permission::CheckLicences => "check_licences",
            Permission::ReviewBreakGlass => "review_break_glass",
            Permission::ManageApiClients => "manage_api_clients",
            Permission::ManagePrivacy => "manage_privacy",
            Permission::OverrideConsent => "override_consent",
            Permission::ManageIndicators => "manage_indicators",
            Permission::Coordinate => "coordinate",
        }
    }
}

impl FromStr for Permission {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Permission::ALL
            .into_iter()
            .find(|p| p.code() == s)
            .ok_or_else(|| UnknownCode {
                what: "permission",
                value: s,
                expected: Permission::ALL.map(|p| p.code()).join(", "),
            })
    }
}

/// A user's role. A user has exactly one role within one agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// System administrator: users and the agency registry, nothing about people.
    Admin,
    /// Agency supervisor: approves, reads the audit trail of the own agency.
    Supervisor,
    /// Immigration officer at the passport counter.
    ImmigrationOfficer,
    /// Regional coordinator (Kanwil): meetings, dashboards.
    Coordinator,
    /// Labour or local-government official (Disnaker, Pemda, village).
    LabourOfficer,
    /// Investigator (Polri or civil investigator, PPNS).
    Investigator,
    /// Public prosecutor.
    Prosecutor,
    /// Protection caseworker (IOM, BP3MI, shelters, NGOs).
    Caseworker,
    /// Read-only analyst: dashboards and anonymised statistics.
    Analyst,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::Supervisor,
        Role::ImmigrationOfficer,
        Role::Coordinator,
        Role::LabourOfficer,
        Role::Investigator,
        Role::Prosecutor,
        Role::Caseworker,
        Role::Analyst,
    ];

    /// The stable code used in storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::ImmigrationOfficer => "immigration_officer",
            Role::Coordinator => "coordinator",
            Role::LabourOfficer => "labour_officer",
            Role::Investigator => "investigator",
            Role::Prosecutor => "prosecutor",
            Role::Caseworker => "caseworker",
            Role::Analyst => "analyst",
        }
    }

    /// The permissions of this role, from [`ROLE_PERMISSIONS`].
    pub fn permissions(self) -> &'static [Permission] {
        ROLE_PERMISSIONS
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, p)| *p)
            .unwrap_or(&[])
    }

    /// Whether this role holds `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// Whether a user of an agency of `kind` may hold this role.
    pub fn fits_agency(self, kind: AgencyKind) -> bool {
        use AgencyKind as K;
        match self {
            Role::Admin | Role::Supervisor | Role::Analyst => true,
            Role::ImmigrationOfficer => kind == K::Imigrasi,
            Role::Coordinator => matches!(kind, K::Kanwil | K::Pemda),
            Role::LabourOfficer => matches!(kind, K::Disnaker | K::Pemda | K::Desa),
            Role::Investigator => matches!(kind, K::Polri | K::Imigrasi | K::Disnaker),
            Role::Prosecutor => kind == K::Kejaksaan,
            Role::Caseworker => {
                matches!(kind, K::Iom | K::Bp3mi | K::Ngo | K::Pemda | K::Lembaga)
            }
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| UnknownCode {
                what: "role",
                value: s,
                expected: Role::ALL.map(|r| r.code()).join(", "),
            })
    }
}

use Permission as P;

/// The permission table: for each role, what it may do. Read it as the access policy.
pub const ROLE_PERMISSIONS: &[(Role, &[Permission])] = &[
    (
        Role::Admin,
        &[
            P::ManageUsers,
            P::ManageAgencies,
            P::ViewAudit,
            P::ManageApiClients,
        ],
    ),
    (
        Role::Supervisor,
        &[
            P::ViewDashboard,
            P::ScreenApplicants,
            P::DecideApplicants,
            P::ProposeWatchlist,
            P::ApproveWatchlist,
            P::ViewPeople,
            P::ImportPeople,
            P::TriageTips,
            P::ManageCases,
            P::ViewCases,
            P::HandleReferrals,
            P::Coordinate,
            P::ViewAudit,
            P::ExportStatistics,
            P::CheckLicences,
            P::ReviewBreakGlass,
            P::ManagePrivacy,
            P::OverrideConsent,
            P::ManageIndicators,
        ],
    ),
    (
        Role::ImmigrationOfficer,
        &[
            P::ViewDashboard,
            P::ScreenApplicants,
            P::DecideApplicants,
            P::ProposeWatchlist,
            P::ViewPeople,
            P::ImportPeople,
            P::ViewCases,
            P::HandleReferrals,
            P::Coordinate,
            P::CheckLicences,
        ],
    ),
    (
        Role::Coordinator,
        &[
            P::ViewDashboard,
            P::ManageMeetings,
            P::ViewCases,
            P::HandleReferrals,
            P::Coordinate,
            P::TriageTips,
            P::ExportStatistics,
            P::CheckLicences,
        ],
    ),
    (
        Role::LabourOfficer,
        &[
            P::ViewDashboard,
            P::ViewPeople,
            P::HandleReferrals,
            P::Coordinate,
            P::TriageTips,
            P::ViewCases,
            P::CheckLicences,
        ],
    ),
    (
        Role::Investigator,
        &[
            P::ViewDashboard,
            P::ViewPeople,
            P::ProposeWatchlist,
            P::TriageTips,
            P::ManageCases,
            P::ViewCases,
            P::HandleReferrals,
            P::Coordinate,
            P::RecordLegalSteps,
            P::ViewVictimIdentity,
            P::CheckLicences,
            P::OverrideConsent,
        ],
    ),
    (
        Role::Prosecutor,
        &[
            P::ViewDashboard,
            P::ViewCases,
            P::HandleReferrals,
            P::Coordinate,
            P::RecordLegalSteps,
            P::ViewVictimIdentity,
        ],
    ),
    (
        Role::Caseworker,
        &[
            P::ViewDashboard,
            P::ViewCases,
            P::HandleReferrals,
            P::Coordinate,
            P::RecordAssistance,
            P::ViewVictimIdentity,
            P::ExportStatistics,
        ],
    ),
    (Role::Analyst, &[P::ViewDashboard, P::ExportStatistics]),
];

/// A user account as the rules see it (no password material).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Stable id.
    pub id: String,
    /// Login name: lower-case letters, digits, `.`, `_` and `-`.
    pub username: String,
    /// Name shown in the interface.
    pub display_name: String,
    /// Code of the agency the user works for.
    pub agency_code: String,
    /// The user's role.
    pub role: Role,
    /// Whether the account may sign in.
    pub active: bool,
}

impl User {
    /// Whether the user is active and the role holds `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.active && self.role.allows(permission)
    }
}

/// Why a username or password is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// Username length outside 3..=64 or characters outside `a-z 0-9 . _ -`.
    #[error("username must be 3-64 characters of a-z, 0-9, '.', '_' or '-'")]
    BadUsername,
    /// Password shorter than 12 characters.
    #[error("password must be at least 12 characters long")]
    PasswordTooShort,
    /// Password longer than 256 characters.
    #[error("password must be at most 256 characters long")]
    PasswordTooLong,
    /// Password uses a single kind of character only.
    #[error("password must mix at least two of: letters, digits, other characters")]
    PasswordTooSimple,
}

/// Checks a username: 3-64 characters of `a-z 0-9 . _ -`.
pub fn check_username(username: &str) -> Result<(), CredentialError> {
    let ok = (3..=64).contains(&username.len())
        && username.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if ok {
        Ok(())
    } else {
        Err(CredentialError::BadUsername)
    }
}

/// The password policy: 12 to 256 characters mixing at least two classes of character.
pub fn check_password(password: &str) -> Result<(), CredentialError> {
    let n = password.chars().count();
    if n < 12 {
        return Err(CredentialError::PasswordTooShort);
    }
    if n > 256 {
        return Err(CredentialError::PasswordTooLong);
    }
    let letters = password.chars().any(char::is_alphabetic);
    let digits = password.chars().any(|c| c.is_ascii_digit());
    let others = password.chars().any(|c| !c.is_alphanumeric());
    if [letters, digits, others].iter().filter(|b| **b).count() < 2 {
        return Err(CredentialError::PasswordTooSimple);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_is_in_the_table_once() {
        for r in Role::ALL {
            let n = ROLE_PERMISSIONS.iter().filter(|(x, _)| *x == r).count();
            assert_eq!(n, 1, "{r} appears {n} times");
        }
    }

    #[test]
    fn admin_cannot_read_people_or_victims() {
        assert!(Role::Admin.allows(Permission::ManageUsers));
        assert!(!Role::Admin.allows(Permission::ViewPeople));
        assert!(!Role::Admin.allows(Permission::ViewVictimIdentity));
    }

    #[test]
    fn only_supervisors_approve_watchlist_changes() {
        let approvers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.allows(Permission::ApproveWatchlist))
            .collect();
        assert_eq!(approvers, vec![Role::Supervisor]);
    }

    #[test]
    fn roles_fit_their_agencies() {
        assert!(Role::ImmigrationOfficer.fits_agency(AgencyKind::Imigrasi));
        assert!(!Role::ImmigrationOfficer.fits_agency(AgencyKind::Polri));
        assert!(Role::Prosecutor.fits_agency(AgencyKind::Kejaksaan));
        assert!(!Role::Prosecutor.fits_agency(AgencyKind::Iom));
    }

    #[test]
    fn inactive_users_can_do_nothing() {
        let mut u = User {
            id: "u1".into(),
            username: "petugas".into(),
            display_name: "Petugas".into(),
            agency_code: "kanim-malang".into(),
            role: Role::ImmigrationOfficer,
            active: true,
        };
        assert!(u.can(Permission::ScreenApplicants));
        u.active = false;
        assert!(!u.can(Permission::ScreenApplicants));
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            check_password("short1"),
            Err(CredentialError::PasswordTooShort)
        );
        assert_eq!(
            check_password("onlyletterslong"),
            Err(CredentialError::PasswordTooSimple)
        );
        assert_eq!(check_password("letters-and-2-digits"), Ok(()));
        assert_eq!(
            check_username("Bad Name"),
            Err(CredentialError::BadUsername)
        );
        assert_eq!(check_username("budi.santoso"), Ok(()));
    }

    #[test]
    fn permissions_parse_from_codes() {
        for p in Permission::ALL {
            assert_eq!(p.code().parse::<Permission>(), Ok(p));
        }
        assert!("root".parse::<Permission>().is_err());
    }

    #[test]
    fn every_permission_is_held_by_some_role() {
        for p in Permission::ALL {
            assert!(
                Role::ALL.into_iter().any(|r| r.allows(p)),
                "{p:?} is held by no role"
            );
        }
    }

    #[test]
    fn roles_parse_from_codes() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
    }
}
