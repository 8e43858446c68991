//! Row counts kept in the `row_counts` table (migration 0010), updated in the same transaction
//! as the inserts and deletes they count, so a count is one primary-key read at any table size.

use crate::Result;
use crate::query::{binds, exec_on};
use sqlx::AnyConnection;

const BUMP: &str = "UPDATE row_counts SET n = n + $1 WHERE name = $2";

/// The counter of the `people` table.
pub(crate) const PEOPLE: &str = "people";

/// Adds `delta` (negative for deletes) to a counter, on the caller's transaction.
pub(crate) async fn bump(conn: &mut AnyConnection, name: &str, delta: i64) -> Result<()> {
    if delta != 0 {
        exec_on(conn, BUMP, binds![delta, name]).await?;
    }
    Ok(())
}

/// The table of counters: derived data, recomputed after a restore instead of copied.
pub(crate) const TABLE: &str = "row_counts";

/// Sets every counter from a real count (after a restore; a full scan, once).
pub(crate) async fn recount(conn: &mut AnyConnection) -> Result<()> {
    exec_on(&mut *conn, "DELETE FROM row_counts", binds![]).await?;
    exec_on(
        &mut *conn,
        "INSERT INTO row_counts (name, n) SELECT 'people', CAST(COUNT(*) AS BIGINT) FROM people",
        binds![],
    )
    .await?;
    Ok(())
}
