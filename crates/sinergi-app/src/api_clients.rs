//! Machine clients of other agencies' systems: per-client bearer tokens with scopes, revocable.
//! A client acts for one agency and may use only the permissions in its scopes.

use crate::auth::{Actor, random_token, token_hash};
use crate::{App, AppError};
use sinergi_domain::access::{Permission, Role, User};
use sinergi_domain::clock::to_millis;
use sinergi_store::StoreError;
use sinergi_store::trust::ApiClientRow;

/// Prefix of API-client tokens, so they are recognisable in configuration files.
pub const TOKEN_PREFIX: &str = "snrg_";

/// A registered API client (without its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// Id.
    pub id: String,
    /// Name of the client system.
    pub name: String,
    /// Agency it acts for.
    pub agency_code: String,
    /// Permissions it may use.
    pub scopes: Vec<Permission>,
    /// Whether it was revoked.
    pub revoked: bool,
}

/// Permissions no machine client may hold, whatever its agency: they are human judgement or
/// oversight (accounts, the audit trail, personal-data duties, four-eyes approvals, overriding
/// consent, reviewing break-glass, indicator weights, the agency registry).
pub const NEVER_FOR_CLIENTS: &[Permission] = &[
    Permission::ManageUsers,
    Permission::ManageApiClients,
    Permission::ManageAgencies,
    Permission::ViewAudit,
    Permission::ManagePrivacy,
    Permission::ApproveWatchlist,
    Permission::OverrideConsent,
    Permission::ReviewBreakGlass,
    Permission::ManageIndicators,
];

/// Read-only permissions: a client holding only these can never change anything, so a route
/// that writes may not be reached through one of them (see `sinergi-web`'s API caller).
pub fn is_read_scope(p: Permission) -> bool {
    matches!(
        p,
        Permission::ViewDashboard
            | Permission::ViewPeople
            | Permission::ViewCases
            | Permission::ViewVictimIdentity
            | Permission::ViewAudit
            | Permission::ExportStatistics
            | Permission::CheckLicences
    )
}

/// Whether a client of an agency of `kind` may hold `p`: some working role of that kind of
/// agency holds it (not the administrator and not the supervisor, who fit every agency), and it
/// is not one of [`NEVER_FOR_CLIENTS`]. A village's client therefore cannot decide passport
/// applications, read the audit trail or export personal data.
pub fn scope_fits_agency(p: Permission, kind: sinergi_domain::org::AgencyKind) -> bool {
    !NEVER_FOR_CLIENTS.contains(&p)
        && Role::ALL
            .into_iter()
            .filter(|r| !matches!(r, Role::Admin | Role::Supervisor))
            .filter(|r| r.fits_agency(kind))
            .any(|r| r.allows(p))
}

fn parse_scopes(text: &str) -> Result<Vec<Permission>, AppError> {
    text.split_whitespace()
        .map(|s| {
            s.parse::<Permission>()
                .map_err(|e| AppError::invalid("scopes", "scope_unknown", e.to_string()))
        })
        .collect()
}

fn to_client(row: ApiClientRow) -> Result<ApiClient, AppError> {
    Ok(ApiClient {
        scopes: parse_scopes(&row.scopes)?,
        id: row.id,
        name: row.name,
        agency_code: row.agency_code,
        revoked: row.revoked_at.is_some(),
    })
}

impl App {
    /// Registers a client (needs `ManageApiClients`); returns it and its token, shown once.
    /// Scopes are limited by the client's agency kind ([`scope_fits_agency`]).
    pub async fn create_api_client(
        &self,
        actor: &Actor,
        name: &str,
        agency_code: &str,
        scopes: &[Permission],
    ) -> Result<(ApiClient, String), AppError> {
        actor.require(Permission::ManageApiClients)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::invalid(
                "name",
                "name_invalid",
                "name must be 1-100 characters",
            ));
        }
        if scopes.is_empty() {
            return Err(AppError::invalid(
                "scopes",
                "scope_unknown",
                "give at least one scope",
            ));
        }
        let agency = self.store.agency(agency_code).await.map_err(|e| match e {
            StoreError::NotFound => AppError::invalid("agency", "agency_unknown", "unknown agency"),
            other => other.into(),
        })?;
        for p in scopes {
            if !scope_fits_agency(*p, agency.kind) {
                return Err(AppError::invalid(
                    "scopes",
                    "scope_not_for_agency",
                    format!(
                        "scope {} is not available to a {} agency",
                        p.code(),
                        agency.kind
                    ),
                ));
            }
        }
        let token = format!("{TOKEN_PREFIX}{}", random_token()?);
        let row = ApiClientRow {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_string(),
            agency_code: agency.code,
            scopes: scopes
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
                .join(" "),
            token_hash: token_hash(&token),
            created_by: actor.user.id.clone(),
            created_at: to_millis(self.clock.now()),
            revoked_at: None,
        };
        self.store.insert_api_client(&row).await?;
        self.audit(&actor.origin(), "api_client.create", &row.id, &row.scopes)
            .await?;
        Ok((to_client(row)?, token))
    }

    /// Every registered client (needs `ManageApiClients`).
    pub async fn api_clients(&self, actor: &Actor) -> Result<Vec<ApiClient>, AppError> {
        actor.require(Permission::ManageApiClients)?;
        self.store
            .api_clients()
            .await?
            .into_iter()
            .map(to_client)
            .collect()
    }

    /// Revokes a client at once (needs `ManageApiClients`).
    pub async fn revoke_api_client(&self, actor: &Actor, id: &str) -> Result<(), AppError> {
        actor.require(Permission::ManageApiClients)?;
        if !self
            .store
            .revoke_api_client(id, to_millis(self.clock.now()))
            .await?
        {
            return Err(AppError::NotFound);
        }
        self.audit(&actor.origin(), "api_client.revoke", id, "")
            .await
    }

    /// The actor behind an API-client token, or `None` for unknown or revoked tokens.
    pub async fn actor_for_api_token(
        &self,
        token: &str,
        client: &str,
    ) -> Result<Option<Actor>, AppError> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let Some(row) = self
            .store
            .api_client_by_token_hash(&token_hash(token))
            .await?
        else {
            return Ok(None);
        };
        if row.revoked_at.is_some() {
            return Ok(None);
        }
        let mut c = to_client(row)?;
        // Clients registered before the rule keep only the scopes their agency kind may hold.
        match self.store.agency(&c.agency_code).await {
            Ok(agency) => c.scopes.retain(|p| scope_fits_agency(*p, agency.kind)),
            Err(_) => c.scopes.clear(),
        }
        Ok(Some(Actor {
            agency_name: self.agency_name_today(&c.agency_code).await,
            user: User {
                id: format!("api:{}", c.id),
                username: format!("api:{}", c.name),
                display_name: c.name.clone(),
                agency_code: c.agency_code.clone(),
                role: Role::Analyst,
                active: true,
            },
            csrf_token: String::new(),
            client: client.to_string(),
            scopes: Some(c.scopes),
        }))
    }

    /// The actor for a bearer token: a session token or an API-client token.
    pub async fn actor_for_bearer(
        &self,
        token: &str,
        client: &str,
    ) -> Result<Option<Actor>, AppError> {
        if token.starts_with(TOKEN_PREFIX) {
            self.actor_for_api_token(token, client).await
        } else {
            self.actor_for_token(token, client).await
        }
    }
}
