//! Person records: counts and search (import comes with the domain parsers).

use crate::auth::Actor;
use crate::{App, AppError};
use sinergi_domain::access::Permission;
use sinergi_store::people::PersonRow;

impl App {
    /// How many person records are held (a figure, no personal data).
    pub async fn count_people(&self) -> Result<i64, AppError> {
        Ok(self.reader().count_people().await?)
    }

    /// Searches person records by a name fragment (needs `ViewPeople`). The search itself is
    /// audited: a query reveals whom an agency is looking for.
    pub async fn search_people(
        &self,
        actor: &Actor,
        fragment: &str,
    ) -> Result<Vec<PersonRow>, AppError> {
        actor.require(Permission::ViewPeople)?;
        let fragment = fragment.trim();
        if fragment.chars().count() < 2 || fragment.chars().count() > 100 {
            return Err(AppError::invalid(
                "q",
                "search_too_short",
                "search needs 2-100 characters",
            ));
        }
        let hits = self.reader().search_people(fragment, 50).await?;
        self.audit(
            &actor.origin(),
            "people.search",
            "-",
            &format!("hits={}", hits.len()),
        )
        .await?;
        Ok(hits)
    }
}
