//! Who may call which route: the table the access-matrix test checks every route against.
//!
//! Every route the router serves must appear here (a test scans the sources, so a route added
//! without an entry fails the tests), and every entry states the permission it needs.
//! Enforcement itself happens in `sinergi-app` (each use case calls `Actor::require`); this table
//! is the promise the matrix test holds the whole stack to, for every role of every agency.

use sinergi_domain::access::Permission;

/// What a route requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user (or API client).
    SignedIn,
    /// A signed-in caller holding this permission.
    Needs(Permission),
    /// A signed-in caller holding at least one of these permissions.
    NeedsAny(&'static [Permission]),
}

impl Access {
    /// Whether a caller passes: `None` when not signed in, else whether it holds a permission.
    pub fn allows(self, holds: Option<&dyn Fn(Permission) -> bool>) -> bool {
        match (self, holds) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::SignedIn, Some(_)) => true,
            (Access::Needs(p), Some(can)) => can(p),
            (Access::NeedsAny(ps), Some(can)) => ps.iter().any(|p| can(*p)),
        }
    }
}

use Access::{Needs, NeedsAny, Public, SignedIn};
use Permission as P;

/// Every route: `(method, path as routed, access)`. Feature areas add their routes here.
pub const ROUTE_ACCESS: &[(&str, &str, Access)] = &[
    ("GET", "/healthz", Public),
    ("GET", "/static/sinergi.css", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("GET", "/login/code", Public),
    ("POST", "/login/code", Public),
    ("GET", "/", SignedIn),
    ("POST", "/logout", SignedIn),
    ("POST", "/logout/everywhere", SignedIn),
    ("GET", "/account/security", SignedIn),
    ("POST", "/account/totp/enrol", SignedIn),
    ("POST", "/account/totp/confirm", SignedIn),
    ("POST", "/account/totp/disable", SignedIn),
    ("GET", "/admin/users", Needs(P::ManageUsers)),
    ("POST", "/admin/users", Needs(P::ManageUsers)),
    ("GET", "/admin/api-clients", Needs(P::ManageApiClients)),
    ("POST", "/admin/api-clients", Needs(P::ManageApiClients)),
    (
        "POST",
        "/admin/api-clients/{id}/revoke",
        Needs(P::ManageApiClients),
    ),
    ("GET", "/audit", Needs(P::ViewAudit)),
    ("GET", "/break-glass", Needs(P::ReviewBreakGlass)),
    ("POST", "/break-glass", SignedIn),
    (
        "POST",
        "/break-glass/{id}/review",
        Needs(P::ReviewBreakGlass),
    ),
    ("GET", "/privacy", Needs(P::ManagePrivacy)),
    ("POST", "/privacy/breaches", Needs(P::ManagePrivacy)),
    (
        "POST",
        "/privacy/breaches/{id}/mark",
        Needs(P::ManagePrivacy),
    ),
    (
        "POST",
        "/privacy/consent",
        NeedsAny(&[P::ManagePrivacy, P::RecordAssistance]),
    ),
    ("POST", "/privacy/export", Needs(P::ManagePrivacy)),
    ("GET", "/api/openapi.json", Public),
    ("POST", "/api/v1/session", Public),
    ("DELETE", "/api/v1/session", SignedIn),
    ("GET", "/api/v1/me", SignedIn),
    ("GET", "/api/v1/agencies", SignedIn),
    ("GET", "/api/v1/people/count", SignedIn),
    ("POST", "/api/v1/nik/check", SignedIn),
];

/// The access rule of a route, if it is in the table.
pub fn access_of(method: &str, path: &str) -> Option<Access> {
    ROUTE_ACCESS
        .iter()
        .find(|(m, p, _)| m.eq_ignore_ascii_case(method) && *p == path)
        .map(|(_, _, a)| *a)
}
