//! A small migrator over the portable `migrations/` folder (no sqlx macros: they would build a
//! second, host-side copy of both database drivers).

use crate::query::{binds, exec_on, int, rows_on};
use crate::{Result, StoreError};
use sqlx::AnyPool;

/// Every migration in order: (version, name, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (
        3,
        "coordination",
        include_str!("../migrations/0003_coordination.sql"),
    ),
    (4, "trust", include_str!("../migrations/0004_trust.sql")),
    (
        5,
        "prevention",
        include_str!("../migrations/0005_prevention.sql"),
    ),
    (
        8,
        "trust_round2",
        include_str!("../migrations/0008_trust_round2.sql"),
    ),
    (10, "jobs", include_str!("../migrations/0010_jobs.sql")),
    (
        12,
        "information",
        include_str!("../migrations/0012_information.sql"),
    ),
    (
        13,
        "dashboard",
        include_str!("../migrations/0013_dashboard.sql"),
    ),
    (
        14,
        "index_feed",
        include_str!("../migrations/0014_index_feed.sql"),
    ),
    (
        15,
        "letters",
        include_str!("../migrations/0015_letters.sql"),
    ),
    (
        16,
        "counselling",
        include_str!("../migrations/0016_counselling.sql"),
    ),
    (
        17,
        "workspace",
        include_str!("../migrations/0017_workspace.sql"),
    ),
    (
        20,
        "import_mappings",
        include_str!("../migrations/0020_import_mappings.sql"),
    ),
    (
        21,
        "import_jobs",
        include_str!("../migrations/0021_import_jobs.sql"),
    ),
    (
        22,
        "import_keys",
        include_str!("../migrations/0022_import_keys.sql"),
    ),
    (
        23,
        "entities",
        include_str!("../migrations/0023_entities.sql"),
    ),
];

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (\
     version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
const APPLIED: &str = "SELECT version FROM schema_migrations ORDER BY version";
const RECORD: &str =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

/// Applies pending migrations, each in its own transaction; returns how many ran.
pub(crate) async fn run(pool: &AnyPool) -> Result<usize> {
    exec_on(pool, CREATE_TABLE, binds![]).await?;
    let applied = rows_on(pool, APPLIED, binds![], int).await?;
    let mut ran = 0;
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        let mut tx = pool.begin().await?;
        sqlx::raw_sql(*sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Backend(format!("migration {version} {name}: {e}")))?;
        let vals = binds![*version, *name, applied_at_millis()];
        exec_on(&mut *tx, RECORD, vals).await?;
        tx.commit().await?;
        ran += 1;
    }
    Ok(ran)
}

/// Wall-clock time of a migration, kept as metadata only (no rule reads it).
fn applied_at_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn every_migration_file_is_registered_once_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<i64> = std::fs::read_dir(dir)
            .expect("migrations folder")
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.split('_').next().and_then(|n| n.parse().ok())
            })
            .collect();
        files.sort_unstable();
        let registered: Vec<i64> = MIGRATIONS.iter().map(|(v, ..)| *v).collect();
        assert_eq!(
            registered, files,
            "every file in migrations/ is in MIGRATIONS, in order"
        );
    }
}
