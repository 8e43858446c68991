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
    ("GET", "/readyz", Public),
    ("GET", "/metrics", Public),
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
    ("GET", "/prevention", Needs(P::ScreenApplicants)),
    ("POST", "/prevention/search", Needs(P::ScreenApplicants)),
    ("GET", "/prevention/new", Needs(P::ScreenApplicants)),
    ("POST", "/prevention/new", Needs(P::ScreenApplicants)),
    ("GET", "/prevention/inbox", Needs(P::HandleReferrals)),
    (
        "POST",
        "/prevention/inbox/{id}/done",
        Needs(P::HandleReferrals),
    ),
    (
        "GET",
        "/prevention/watchlist",
        NeedsAny(&[P::ProposeWatchlist, P::ApproveWatchlist]),
    ),
    ("POST", "/prevention/watchlist", Needs(P::ProposeWatchlist)),
    (
        "POST",
        "/prevention/watchlist/{id}/approve",
        Needs(P::ApproveWatchlist),
    ),
    (
        "POST",
        "/prevention/watchlist/{id}/remove",
        Needs(P::ProposeWatchlist),
    ),
    (
        "POST",
        "/prevention/watchlist/{id}/confirm-removal",
        Needs(P::ApproveWatchlist),
    ),
    (
        "GET",
        "/prevention/indicators",
        NeedsAny(&[P::ScreenApplicants, P::ManageIndicators]),
    ),
    ("POST", "/prevention/indicators", Needs(P::ManageIndicators)),
    ("GET", "/prevention/figures", Needs(P::ViewDashboard)),
    (
        "GET",
        "/prevention/{id}",
        NeedsAny(&[P::ScreenApplicants, P::HandleReferrals]),
    ),
    (
        "POST",
        "/prevention/{id}/interview",
        Needs(P::ScreenApplicants),
    ),
    ("POST", "/prevention/{id}/hits", Needs(P::ScreenApplicants)),
    (
        "POST",
        "/prevention/{id}/police-report",
        Needs(P::DecideApplicants),
    ),
    (
        "POST",
        "/prevention/{id}/decision",
        Needs(P::DecideApplicants),
    ),
    (
        "POST",
        "/prevention/{id}/documents-arrived",
        Needs(P::DecideApplicants),
    ),
    (
        "GET",
        "/prevention/{id}/notice",
        NeedsAny(&[P::ScreenApplicants, P::HandleReferrals]),
    ),
    (
        "GET",
        "/prevention/{id}/referral-letter",
        NeedsAny(&[P::ScreenApplicants, P::HandleReferrals]),
    ),
    (
        "GET",
        "/prevention/{id}/notice.pdf",
        NeedsAny(&[P::ScreenApplicants, P::HandleReferrals]),
    ),
    (
        "GET",
        "/prevention/{id}/referral-letter.pdf",
        NeedsAny(&[P::ScreenApplicants, P::HandleReferrals]),
    ),
    ("GET", "/api/openapi.json", Public),
    ("POST", "/api/v1/session", Public),
    ("DELETE", "/api/v1/session", SignedIn),
    ("GET", "/api/v1/me", SignedIn),
    ("GET", "/api/v1/agencies", SignedIn),
    ("GET", "/api/v1/people/count", SignedIn),
    ("POST", "/api/v1/nik/check", SignedIn),
    ("POST", "/api/v1/applicants", Needs(P::ScreenApplicants)),
    (
        "POST",
        "/api/v1/cases/{id}/attachments",
        Needs(P::ManageCases),
    ),
    (
        "POST",
        "/api/v1/applicants/import",
        Needs(P::ScreenApplicants),
    ),
    (
        "GET",
        "/api/v1/applicants/{id}",
        NeedsAny(&[P::ScreenApplicants, P::HandleReferrals]),
    ),
    (
        "POST",
        "/api/v1/applicants/{id}/interview",
        Needs(P::ScreenApplicants),
    ),
    (
        "POST",
        "/api/v1/applicants/{id}/hits",
        Needs(P::ScreenApplicants),
    ),
    (
        "POST",
        "/api/v1/applicants/{id}/decision",
        Needs(P::DecideApplicants),
    ),
    // Coordination (issue 5): tips, cases, referrals, legal process, assistance, meetings.
    ("GET", "/lapor", Public),
    ("POST", "/lapor", Public),
    ("GET", "/lapor/status", Public),
    ("GET", "/kasus", Needs(P::ViewCases)),
    ("GET", "/kasus/laporan", Needs(P::TriageTips)),
    ("POST", "/kasus", Needs(P::ManageCases)),
    ("POST", "/kasus/laporan/{id}/buka", Needs(P::ManageCases)),
    ("POST", "/kasus/laporan/{id}/tugaskan", Needs(P::TriageTips)),
    ("POST", "/kasus/laporan/{id}/duplikat", Needs(P::TriageTips)),
    ("POST", "/kasus/laporan/{id}/tutup", Needs(P::TriageTips)),
    ("POST", "/kasus/laporan/{id}/urgensi", Needs(P::TriageTips)),
    ("GET", "/kasus/rujukan", Needs(P::HandleReferrals)),
    ("POST", "/kasus/rujukan/{id}", Needs(P::HandleReferrals)),
    ("GET", "/kasus/rapat", Needs(P::ViewDashboard)),
    ("POST", "/kasus/rapat", Needs(P::ManageMeetings)),
    ("POST", "/kasus/rapat/{id}/tindak", Needs(P::ManageMeetings)),
    (
        "POST",
        "/kasus/tindak/{id}/selesai",
        Needs(P::ViewDashboard),
    ),
    ("GET", "/kasus/buletin", Needs(P::ViewDashboard)),
    ("POST", "/kasus/buletin", Needs(P::Coordinate)),
    ("POST", "/kasus/buletin/{id}/baca", Needs(P::ViewDashboard)),
    ("GET", "/kasus/notifikasi", SignedIn),
    ("GET", "/kasus/lembaga", SignedIn),
    ("GET", "/kasus/orang/{id}/jaringan", Needs(P::ViewCases)),
    (
        "GET",
        "/api/v1/case-people/{id}/network",
        Needs(P::ViewCases),
    ),
    (
        "POST",
        "/kasus/{id}/pendampingan",
        Needs(P::RecordAssistance),
    ),
    ("GET", "/kasus/{id}", Needs(P::ViewCases)),
    ("POST", "/kasus/{id}/lampiran", Needs(P::ManageCases)),
    ("GET", "/kasus/{id}/lampiran/{file}", Needs(P::ViewCases)),
    ("GET", "/kasus/{id}/jaringan", Needs(P::ViewCases)),
    ("POST", "/kasus/{id}/orang", Needs(P::ManageCases)),
    (
        "POST",
        "/kasus/{id}/skrining",
        NeedsAny(&[P::ManageCases, P::ScreenApplicants]),
    ),
    (
        "POST",
        "/kasus/{id}/rapat",
        NeedsAny(&[P::ManageCases, P::ManageMeetings]),
    ),
    ("POST", "/kasus/{id}/persetujuan", Needs(P::ManageCases)),
    ("POST", "/kasus/{id}/rujuk", Needs(P::HandleReferrals)),
    ("POST", "/kasus/{id}/tahap", Needs(P::RecordLegalSteps)),
    ("POST", "/kasus/{id}/pasal", Needs(P::RecordLegalSteps)),
    ("POST", "/kasus/{id}/putusan", Needs(P::RecordLegalSteps)),
    ("POST", "/api/v1/tips", Public),
    ("GET", "/api/v1/tips/status/{id}", Public),
    ("GET", "/api/v1/tips", Needs(P::TriageTips)),
    ("POST", "/api/v1/tips/{id}/assign", Needs(P::TriageTips)),
    ("GET", "/api/v1/cases", Needs(P::ViewCases)),
    ("POST", "/api/v1/cases", Needs(P::ManageCases)),
    ("GET", "/api/v1/cases-export", Needs(P::ViewCases)),
    ("GET", "/api/v1/cases/{id}", Needs(P::ViewCases)),
    ("GET", "/api/v1/cases/{id}/network", Needs(P::ViewCases)),
    ("POST", "/api/v1/cases/{id}/people", Needs(P::ManageCases)),
    (
        "POST",
        "/api/v1/cases/{id}/screenings",
        NeedsAny(&[P::ManageCases, P::ScreenApplicants]),
    ),
    (
        "POST",
        "/api/v1/cases/{id}/meetings",
        NeedsAny(&[P::ManageCases, P::ManageMeetings]),
    ),
    (
        "POST",
        "/api/v1/applicants/{id}/police-report",
        Needs(P::DecideApplicants),
    ),
    ("POST", "/api/v1/cases/{id}/consents", Needs(P::ManageCases)),
    (
        "POST",
        "/api/v1/cases/{id}/referrals",
        Needs(P::HandleReferrals),
    ),
    (
        "POST",
        "/api/v1/cases/{id}/assistance",
        Needs(P::RecordAssistance),
    ),
    ("GET", "/api/v1/referrals", Needs(P::HandleReferrals)),
    (
        "POST",
        "/api/v1/referrals/{id}/action",
        Needs(P::HandleReferrals),
    ),
    (
        "POST",
        "/api/v1/suspects/{id}/steps",
        Needs(P::RecordLegalSteps),
    ),
    (
        "POST",
        "/api/v1/suspects/{id}/charges",
        Needs(P::RecordLegalSteps),
    ),
    (
        "POST",
        "/api/v1/suspects/{id}/verdict",
        Needs(P::RecordLegalSteps),
    ),
    ("GET", "/api/v1/meetings", Needs(P::ViewDashboard)),
    ("POST", "/api/v1/meetings", Needs(P::ManageMeetings)),
    (
        "POST",
        "/api/v1/meetings/{id}/actions",
        Needs(P::ManageMeetings),
    ),
    (
        "POST",
        "/api/v1/actions/{id}/close",
        Needs(P::ViewDashboard),
    ),
    ("GET", "/api/v1/bulletins", Needs(P::ViewDashboard)),
    ("POST", "/api/v1/bulletins", Needs(P::Coordinate)),
    (
        "POST",
        "/api/v1/bulletins/{id}/read",
        Needs(P::ViewDashboard),
    ),
    ("GET", "/api/v1/notifications", SignedIn),
    ("GET", "/api/v1/home-notices", SignedIn),
    // Information (issue 14): the public portal and outreach events.
    ("GET", "/informasi", Public),
    ("GET", "/informasi/izin", Public),
    ("GET", "/informasi/larangan", Public),
    ("GET", "/informasi/sosialisasi", Public),
    ("GET", "/static/portal.js", Public),
    ("GET", "/sosialisasi", Needs(P::ViewDashboard)),
    ("POST", "/sosialisasi", Needs(P::ViewDashboard)),
    // Dashboards (issue 14): the page, and its tables as CSV.
    ("GET", "/dasbor", Needs(P::ViewDashboard)),
    ("GET", "/dasbor/unduh", Needs(P::ExportStatistics)),
    ("GET", "/laporan-gugus-tugas", Needs(P::ViewDashboard)),
    ("GET", "/laporan-gugus-tugas/pdf", Needs(P::ViewDashboard)),
    // Imports from Excel/CSV (issue 14): each kind of data needs its own permissions.
    ("GET", "/impor", NeedsAny(IMPORTERS)),
    ("POST", "/impor", NeedsAny(IMPORTERS)),
    ("GET", "/impor/unduh", NeedsAny(IMPORTERS)),
    ("GET", "/impor/{id}", NeedsAny(IMPORTERS)),
    ("POST", "/impor/{id}/mulai", NeedsAny(IMPORTERS)),
    ("GET", "/impor/{id}/masalah", NeedsAny(IMPORTERS)),
    (
        "GET",
        "/api/v1/reports/gugus-tugas",
        Needs(P::ViewDashboard),
    ),
    ("GET", "/api/v1/imports", NeedsAny(IMPORTERS)),
    ("GET", "/api/v1/imports/{id}", NeedsAny(IMPORTERS)),
    ("GET", "/orang", NeedsAny(ENTITY_READERS)),
    ("GET", "/orang/{id}", NeedsAny(ENTITY_READERS)),
    ("GET", "/orang/{id}/jaringan", NeedsAny(ENTITY_READERS)),
    ("POST", "/orang/gabung", NeedsAny(ENTITY_DECIDERS)),
    ("POST", "/orang/bukan", NeedsAny(ENTITY_DECIDERS)),
    ("POST", "/orang/batal/{id}", NeedsAny(ENTITY_DECIDERS)),
    ("GET", "/api/v1/entities/{id}", NeedsAny(ENTITY_READERS)),
    (
        "GET",
        "/api/v1/entities/{id}/network",
        NeedsAny(ENTITY_READERS),
    ),
    ("GET", "/api/v1/entity-proposals", NeedsAny(ENTITY_READERS)),
    ("POST", "/api/v1/entity-merges", NeedsAny(ENTITY_DECIDERS)),
    (
        "POST",
        "/api/v1/entity-merges/{id}/undo",
        NeedsAny(ENTITY_DECIDERS),
    ),
    (
        "POST",
        "/api/v1/entity-dismissals",
        NeedsAny(ENTITY_DECIDERS),
    ),
];

/// Who may read entity pages: anyone who reads some kind of person record (each record is
/// then checked by the application's need-to-know).
const ENTITY_READERS: &[Permission] = &[
    P::ViewCases,
    P::ScreenApplicants,
    P::TriageTips,
    P::ProposeWatchlist,
    P::ApproveWatchlist,
    P::ViewPeople,
];

/// Who may merge, dismiss and undo (people who decide about persons).
const ENTITY_DECIDERS: &[Permission] = &[P::ManageCases, P::DecideApplicants];

/// Who may import some kind of data (see `sinergi_app::imports::ImportKind::permissions`).
const IMPORTERS: &[Permission] = &[P::ImportPeople, P::TriageTips, P::Coordinate];

/// The access rule of a route, if it is in the table.
pub fn access_of(method: &str, path: &str) -> Option<Access> {
    ROUTE_ACCESS
        .iter()
        .find(|(m, p, _)| m.eq_ignore_ascii_case(method) && *p == path)
        .map(|(_, _, a)| *a)
}
