//! The watchlist, with four eyes: an entry (a person or a recruiter) is proposed with a reason,
//! a legal basis and a review date, and becomes active only when a second person with
//! `ApproveWatchlist` approves it; removal likewise needs a proposer and a second approver.

use super::index::{EntryKind, entry_id};
use crate::auth::Actor;
use crate::vault::Field;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_domain::clock::to_millis;
use sinergi_domain::prevention::{WatchlistEntry, WatchlistKind, WatchlistStatus};

/// A proposal for the watchlist.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct WatchlistInput {
    /// `person` or `recruiter`.
    pub kind: String,
    /// Name.
    pub full_name: String,
    /// NIK, if known.
    pub nik: String,
    /// Phone, if known.
    pub phone: String,
    /// Why the entry is needed.
    pub reason: String,
    /// Legal basis (e.g. an LP number, a court order, UU 21/2007 Pasal …).
    pub legal_basis: String,
    /// Review date (the entry is re-examined then).
    pub review_date: String,
}

impl App {
    /// Proposes an entry (needs `ProposeWatchlist`). It is not used until approved.
    pub async fn propose_watchlist(
        &self,
        actor: &Actor,
        input: &WatchlistInput,
    ) -> Result<WatchlistEntry, AppError> {
        actor.require(Permission::ProposeWatchlist)?;
        let kind = WatchlistKind::from_code(input.kind.trim()).ok_or_else(|| {
            AppError::invalid("kind", "watchlist_kind_invalid", "person or recruiter")
        })?;
        let name = input.full_name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(AppError::invalid(
                "full_name",
                "required",
                "the name is required",
            ));
        }
        for (field, text) in [
            ("reason", &input.reason),
            ("legal_basis", &input.legal_basis),
        ] {
            let n = text.trim().chars().count();
            if !(5..=1000).contains(&n) {
                return Err(AppError::invalid(
                    field,
                    "text_invalid",
                    "5-1000 characters",
                ));
            }
        }
        let year = self.clock.now_wib().year();
        let review = sinergi_domain::dates::parse_date(input.review_date.trim(), year)
            .map_err(|e| AppError::invalid("review_date", "date_invalid", e.key()))?;
        if review <= self.clock.now_wib().date() {
            return Err(AppError::invalid(
                "review_date",
                "review_date_past",
                "the review date must be in the future",
            ));
        }
        let nik = match input.nik.trim() {
            "" => None,
            t => Some(
                sinergi_domain::nik::Nik::parse(t)
                    .map_err(|e| AppError::invalid("nik", "nik_invalid", e.to_string()))?
                    .to_string(),
            ),
        };
        let phone = match input.phone.trim() {
            "" => None,
            t => Some(
                sinergi_domain::phone::Phone::parse(t)
                    .map_err(|e| AppError::invalid("phone", "phone_invalid", e.to_string()))?
                    .e164()
                    .to_string(),
            ),
        };
        let entry = WatchlistEntry {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            full_name: name.to_string(),
            nik: self.seal(Field::Nik, nik.as_deref())?,
            phone: self.seal(Field::Phone, phone.as_deref())?,
            reason: input.reason.trim().to_string(),
            legal_basis: input.legal_basis.trim().to_string(),
            review_date: review,
            status: WatchlistStatus::Proposed,
            proposed_by: actor.user.id.clone(),
            proposed_at: to_millis(self.clock.now()),
            approved_by: None,
            approved_at: None,
            removal_by: None,
            removal_reason: None,
        };
        self.atomically(async |app| {
            app.store.insert_watchlist(&entry).await?;
            app.audit(
                &actor.origin(),
                "watchlist.propose",
                &entry.id,
                entry.kind.code(),
            )
            .await
        })
        .await?;
        Ok(entry)
    }

    /// The watchlist (needs `ProposeWatchlist` or `ApproveWatchlist`). Audited.
    pub async fn watchlist(&self, actor: &Actor) -> Result<Vec<WatchlistEntry>, AppError> {
        if !(actor.can(Permission::ProposeWatchlist) || actor.can(Permission::ApproveWatchlist)) {
            return Err(AppError::Forbidden);
        }
        self.atomically(async |app| {
            let rows = app.store.watchlist().await?;
            app.audit(
                &actor.origin(),
                "watchlist.read",
                "-",
                &rows.len().to_string(),
            )
            .await?;
            Ok(rows)
        })
        .await
    }

    /// A second person approves a proposal (needs `ApproveWatchlist`; not the proposer).
    pub async fn approve_watchlist(&self, actor: &Actor, id: &str) -> Result<(), AppError> {
        actor.require(Permission::ApproveWatchlist)?;
        let w = self
            .atomically(async |app| {
                let w = app
                    .store
                    .watchlist_entry(id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if w.proposed_by == actor.user.id {
                    return Err(AppError::Conflict("four_eyes"));
                }
                if !app
                    .store
                    .approve_watchlist(id, &actor.user.id, to_millis(app.clock.now()))
                    .await?
                {
                    return Err(AppError::Conflict("watchlist_state"));
                }
                app.audit(&actor.origin(), "watchlist.approve", id, "")
                    .await?;
                Ok(w)
            })
            .await?;
        self.index_upsert(
            &entry_id(EntryKind::Watchlist, id),
            &self.watchlist_fields(&w)?,
        );
        Ok(())
    }

    /// Proposes removing an active entry, with a reason (needs `ProposeWatchlist`).
    pub async fn propose_watchlist_removal(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::ProposeWatchlist)?;
        let n = reason.trim().chars().count();
        if !(5..=1000).contains(&n) {
            return Err(AppError::invalid(
                "reason",
                "text_invalid",
                "5-1000 characters",
            ));
        }
        self.atomically(async |app| {
            if !app
                .store
                .propose_watchlist_removal(id, &actor.user.id, reason.trim())
                .await?
            {
                return Err(AppError::Conflict("watchlist_state"));
            }
            app.audit(&actor.origin(), "watchlist.propose_removal", id, "")
                .await
        })
        .await
    }

    /// A second person confirms a removal (needs `ApproveWatchlist`; not the proposer).
    pub async fn confirm_watchlist_removal(&self, actor: &Actor, id: &str) -> Result<(), AppError> {
        actor.require(Permission::ApproveWatchlist)?;
        self.atomically(async |app| {
            let w = app
                .store
                .watchlist_entry(id)
                .await?
                .ok_or(AppError::NotFound)?;
            if w.removal_by.as_deref() == Some(actor.user.id.as_str()) {
                return Err(AppError::Conflict("four_eyes"));
            }
            if !app
                .store
                .confirm_watchlist_removal(id, &actor.user.id, to_millis(app.clock.now()))
                .await?
            {
                return Err(AppError::Conflict("watchlist_state"));
            }
            app.audit(&actor.origin(), "watchlist.remove", id, "").await
        })
        .await?;
        self.index_remove(&entry_id(EntryKind::Watchlist, id));
        Ok(())
    }
}
