//! Online, consistent copies of the whole database, and their restoration.
//!
//! [`Store::export_snapshot`] reads every table inside ONE read transaction (PostgreSQL:
//! `REPEATABLE READ, READ ONLY`; SQLite: a WAL read transaction, which sees one snapshot like
//! `VACUUM INTO` does), while the server keeps writing. Each table becomes a JSON-lines file: a
//! header line `{"table":…,"columns":[[name,kind],…]}` then one JSON array per row, with `BYTEA`
//! as hex. The format does not depend on the engine, so a backup of SQLite restores into
//! PostgreSQL and back. [`Store::import_snapshot`] loads such files into a freshly migrated,
//! empty database in one transaction, parents before children (from the foreign keys).
//!
//! Reading the catalog (which tables, which columns, which foreign keys) has no portable SQL:
//! that is the one backend branch here.

use crate::query::{Val, binds, exec_on, int, one_on, rows_on};
use crate::{Backend, Result, Store, StoreError};
use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::Path;

/// The migrations table: the restored database gets its own from running the migrations.
const MIGRATIONS_TABLE: &str = "schema_migrations";

/// How a column's values are written in a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// `BIGINT` (and any integer type): a JSON integer.
    Int,
    /// `DOUBLE PRECISION`: a JSON number.
    Real,
    /// `TEXT`: a JSON string.
    Text,
    /// `BYTEA`: a hex JSON string.
    Blob,
}

impl ColumnKind {
    fn from_declared(t: &str) -> ColumnKind {
        let t = t.to_ascii_lowercase();
        if t.contains("int") {
            ColumnKind::Int
        } else if t.contains("double") || t.contains("real") || t.contains("float") {
            ColumnKind::Real
        } else if t.contains("bytea") || t.contains("blob") {
            ColumnKind::Blob
        } else {
            ColumnKind::Text
        }
    }

    fn code(self) -> &'static str {
        match self {
            ColumnKind::Int => "int",
            ColumnKind::Real => "real",
            ColumnKind::Text => "text",
            ColumnKind::Blob => "blob",
        }
    }

    fn parse(code: &str) -> Option<ColumnKind> {
        Some(match code {
            "int" => ColumnKind::Int,
            "real" => ColumnKind::Real,
            "text" => ColumnKind::Text,
            "blob" => ColumnKind::Blob,
            _ => return None,
        })
    }
}

/// One table written by [`Store::export_snapshot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableExport {
    /// Table name.
    pub name: String,
    /// File name inside the snapshot folder.
    pub file: String,
    /// Rows written.
    pub rows: u64,
}

/// What a snapshot holds besides the table files.
#[derive(Debug, Clone)]
pub struct SnapshotInfo {
    /// Engine the snapshot was read from.
    pub backend: Backend,
    /// Migration versions applied to the source database.
    pub schema_versions: Vec<i64>,
    /// Every table, in the order written.
    pub tables: Vec<TableExport>,
}

const SQLITE_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' ORDER BY name";
const PG_TABLES: &str = "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
const SQLITE_COLUMNS: &str = "SELECT name, type FROM pragma_table_info($1) ORDER BY cid";
const PG_COLUMNS: &str = "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) \
     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 \
     ORDER BY ordinal_position";
const SQLITE_FKS: &str = "SELECT m.name, p.\"table\" FROM sqlite_master m, \
     pragma_foreign_key_list(m.name) p WHERE m.type = 'table'";
const PG_FKS: &str = "SELECT CAST(tc.table_name AS TEXT), CAST(ccu.table_name AS TEXT) \
     FROM information_schema.table_constraints tc \
     JOIN information_schema.constraint_column_usage ccu \
       ON tc.constraint_name = ccu.constraint_name AND tc.constraint_schema = ccu.constraint_schema \
     WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()";
const VERSIONS: &str = "SELECT version FROM schema_migrations ORDER BY version";

/// Table and column names come from the catalog; anything else is refused before it reaches SQL.
fn check_ident(name: &str) -> Result<&str> {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(name)
    } else {
        Err(StoreError::Corrupt(format!(
            "unexpected table or column name {name:?}"
        )))
    }
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Backend(format!("snapshot file: {e}"))
}

async fn list_tables(tx: &mut Transaction<'_, Any>, backend: Backend) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => SQLITE_TABLES,
        Backend::Postgres => PG_TABLES,
    };
    rows_on(&mut **tx, sql, binds![], |r| Ok(r.try_get::<String, _>(0)?)).await
}

async fn list_columns(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    table: &str,
) -> Result<Vec<(String, ColumnKind)>> {
    let sql = match backend {
        Backend::Sqlite => SQLITE_COLUMNS,
        Backend::Postgres => PG_COLUMNS,
    };
    rows_on(&mut **tx, sql, binds![table], |r| {
        let name: String = r.try_get(0)?;
        let declared: String = r.try_get(1)?;
        check_ident(&name)?;
        Ok((name, ColumnKind::from_declared(&declared)))
    })
    .await
}

/// Tables ordered so that every table comes after the tables its foreign keys point to.
async fn parents_first(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    tables: &[String],
) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => SQLITE_FKS,
        Backend::Postgres => PG_FKS,
    };
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let pairs = rows_on(&mut **tx, sql, binds![], |r| {
        Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?))
    })
    .await?;
    for (child, parent) in pairs {
        if child != parent {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let mut done: Vec<String> = Vec::new();
    let mut left: Vec<String> = tables.to_vec();
    while !left.is_empty() {
        let before = left.len();
        left.retain(|t| {
            let ready = parents
                .get(t)
                .is_none_or(|ps| ps.iter().all(|p| done.contains(p) || !tables.contains(p)));
            if ready {
                done.push(t.clone());
            }
            !ready
        });
        if left.len() == before {
            return Err(StoreError::Corrupt(format!(
                "foreign keys form a cycle among {left:?}"
            )));
        }
    }
    Ok(done)
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn cell(row: &AnyRow, i: usize, kind: ColumnKind) -> Result<Value> {
    Ok(match kind {
        ColumnKind::Int => row
            .try_get::<Option<i64>, _>(i)?
            .map_or(Value::Null, Value::from),
        ColumnKind::Real => row
            .try_get::<Option<f64>, _>(i)?
            .map_or(Value::Null, Value::from),
        ColumnKind::Text => row
            .try_get::<Option<String>, _>(i)?
            .map_or(Value::Null, Value::from),
        ColumnKind::Blob => row
            .try_get::<Option<Vec<u8>>, _>(i)?
            .map_or(Value::Null, |b| Value::from(to_hex(&b))),
    })
}

impl Store {
    /// Writes every table into `dir` (one `NNN_<table>.jsonl` file each) from one consistent
    /// read snapshot, while other connections keep writing. Rows are ordered by all columns, so
    /// two copies of the same data give the same files on the same engine.
    pub async fn export_snapshot(&self, dir: &Path) -> Result<SnapshotInfo> {
        std::fs::create_dir_all(dir).map_err(io_err)?;
        let backend = self.backend;
        let mut tx = self.pool.begin().await?;
        if backend == Backend::Postgres {
            // Must be the first statement of the transaction.
            exec_on(
                &mut *tx,
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                binds![],
            )
            .await?;
        }
        let tables = list_tables(&mut tx, backend).await?;
        let schema_versions = rows_on(&mut *tx, VERSIONS, binds![], int).await?;
        let mut exports = Vec::new();
        for (n, table) in tables.iter().enumerate() {
            check_ident(table)?;
            if table == MIGRATIONS_TABLE {
                continue;
            }
            let columns = list_columns(&mut tx, backend, table).await?;
            let file = format!("{:03}_{table}.jsonl", n + 1);
            let mut out =
                std::io::BufWriter::new(std::fs::File::create(dir.join(&file)).map_err(io_err)?);
            let header = serde_json::json!({
                "table": table,
                "columns": columns.iter().map(|(c, k)| [c.as_str(), k.code()]).collect::<Vec<_>>(),
            });
            writeln!(out, "{header}").map_err(io_err)?;
            let names: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
            let order: Vec<String> = (1..=columns.len()).map(|i| i.to_string()).collect();
            let sql = format!(
                "SELECT {} FROM \"{table}\" ORDER BY {}",
                names.join(", "),
                order.join(", ")
            );
            let mut rows = 0u64;
            let mut stream = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *tx);
            while let Some(row) = stream.try_next().await? {
                let values = columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, k))| cell(&row, i, *k))
                    .collect::<Result<Vec<Value>>>()?;
                serde_json::to_writer(&mut out, &values)
                    .map_err(|e| StoreError::Backend(e.to_string()))?;
                out.write_all(b"\n").map_err(io_err)?;
                rows += 1;
            }
            drop(stream);
            out.flush().map_err(io_err)?;
            exports.push(TableExport {
                name: table.clone(),
                file,
                rows,
            });
        }
        tx.commit().await?;
        Ok(SnapshotInfo {
            backend,
            schema_versions,
            tables: exports,
        })
    }

    /// Migration versions applied to this database.
    pub async fn schema_versions(&self) -> Result<Vec<i64>> {
        rows_on(&self.pool, VERSIONS, binds![], |r| {
            Ok(r.try_get::<i64, _>(0)?)
        })
        .await
    }

    /// Every table except the migrations table, with its row count (tests and `restore` use it
    /// to check that a database is empty).
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut tx = self.pool.begin().await?;
        let tables = list_tables(&mut tx, self.backend).await?;
        let mut out = Vec::new();
        for t in tables {
            check_ident(&t)?;
            if t == MIGRATIONS_TABLE {
                continue;
            }
            let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM \"{t}\"");
            let n: i64 = one_on(&mut *tx, sqlx::AssertSqlSafe(sql), binds![], int).await?;
            out.push((t, n));
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Loads snapshot files (as written by [`Store::export_snapshot`]) into this database, which
    /// must be migrated and empty. One transaction: all or nothing. Returns rows per table.
    pub async fn import_snapshot(
        &self,
        files: &[std::path::PathBuf],
    ) -> Result<Vec<(String, u64)>> {
        let non_empty: Vec<String> = self
            .table_counts()
            .await?
            .into_iter()
            .filter(|(t, n)| *n > 0 && t != crate::counts::TABLE)
            .map(|(t, _)| t)
            .collect();
        if !non_empty.is_empty() {
            return Err(StoreError::Conflict(format!(
                "the target database is not empty (tables {non_empty:?}); restore only into a fresh one"
            )));
        }
        // Read headers first to learn which file holds which table.
        let mut by_table: BTreeMap<String, (std::path::PathBuf, Vec<(String, ColumnKind)>)> =
            BTreeMap::new();
        for f in files {
            let (table, columns) = read_header(f)?;
            by_table.insert(table, (f.clone(), columns));
        }
        let mut tx = self.pool.begin().await?;
        let target_tables = list_tables(&mut tx, self.backend).await?;
        for t in by_table.keys() {
            if !target_tables.contains(t) {
                return Err(StoreError::Corrupt(format!(
                    "the backup has table {t}, which this version does not know"
                )));
            }
        }
        let order = parents_first(&mut tx, self.backend, &target_tables).await?;
        let mut loaded = Vec::new();
        for table in order {
            let Some((file, columns)) = by_table.get(&table) else {
                continue;
            };
            if table == crate::counts::TABLE {
                continue; // derived: recomputed below
            }
            let target = list_columns(&mut tx, self.backend, &table).await?;
            for (c, _) in columns {
                if !target.iter().any(|(t, _)| t == c) {
                    return Err(StoreError::Corrupt(format!(
                        "the backup has column {table}.{c}, which this version does not know"
                    )));
                }
            }
            let rows = load_table(&mut tx, &table, file, columns).await?;
            loaded.push((table, rows));
        }
        crate::counts::recount(&mut tx).await?;
        if by_table.contains_key(crate::counts::TABLE) {
            let rows: i64 = one_on(
                &mut *tx,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM row_counts",
                binds![],
                int,
            )
            .await?;
            loaded.push((
                crate::counts::TABLE.to_string(),
                u64::try_from(rows).unwrap_or(0),
            ));
        }
        tx.commit().await?;
        Ok(loaded)
    }
}

type Header = (String, Vec<(String, ColumnKind)>);

fn read_header(path: &Path) -> Result<Header> {
    let mut reader = std::io::BufReader::new(std::fs::File::open(path).map_err(io_err)?);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(io_err)?;
    parse_header(&line)
}

fn parse_header(line: &str) -> Result<Header> {
    let bad = |why: &str| StoreError::Corrupt(format!("snapshot header: {why}"));
    let v: Value = serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
    let table = v["table"].as_str().ok_or_else(|| bad("no table"))?;
    check_ident(table)?;
    let columns = v["columns"]
        .as_array()
        .ok_or_else(|| bad("no columns"))?
        .iter()
        .map(|c| {
            let name = c[0].as_str().ok_or_else(|| bad("column name"))?;
            let kind = c[1]
                .as_str()
                .and_then(ColumnKind::parse)
                .ok_or_else(|| bad("column kind"))?;
            check_ident(name)?;
            Ok((name.to_string(), kind))
        })
        .collect::<Result<Vec<_>>>()?;
    if columns.is_empty() {
        return Err(bad("no columns"));
    }
    Ok((table.to_string(), columns))
}

/// Inserts in multi-row statements of at most ~900 parameters (SQLite's historic limit is 999).
async fn load_table(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    file: &Path,
    columns: &[(String, ColumnKind)],
) -> Result<u64> {
    let reader = std::io::BufReader::new(std::fs::File::open(file).map_err(io_err)?);
    let per_batch = (900 / columns.len()).max(1);
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_batch);
    let mut total = 0u64;
    for (n, line) in reader.lines().enumerate().skip(1) {
        let line = line.map_err(io_err)?;
        if line.is_empty() {
            continue;
        }
        let row: Vec<Value> = serde_json::from_str(&line)
            .map_err(|e| StoreError::Corrupt(format!("{table} line {}: {e}", n + 1)))?;
        if row.len() != columns.len() {
            return Err(StoreError::Corrupt(format!(
                "{table} line {}: {} values for {} columns",
                n + 1,
                row.len(),
                columns.len()
            )));
        }
        batch.push(row);
        if batch.len() == per_batch {
            total += insert_batch(tx, table, columns, &batch).await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        total += insert_batch(tx, table, columns, &batch).await?;
    }
    Ok(total)
}

async fn insert_batch(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &[(String, ColumnKind)],
    rows: &[Vec<Value>],
) -> Result<u64> {
    let names: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", names.join(", "));
    let mut p = 0;
    for (i, _) in rows.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            p += 1;
            sql.push_str(&format!("${p}"));
        }
        sql.push(')');
    }
    let mut vals = Vec::new();
    let bad = |c: &str| StoreError::Corrupt(format!("{table}.{c}: value of the wrong kind"));
    for row in rows {
        for ((name, kind), v) in columns.iter().zip(row) {
            vals.push(match (kind, v) {
                (ColumnKind::Int, Value::Null) => Val::I(None),
                (ColumnKind::Real, Value::Null) => Val::F(None),
                (ColumnKind::Text, Value::Null) => Val::T(None),
                (ColumnKind::Blob, Value::Null) => Val::B(None),
                (ColumnKind::Int, v) => Val::from(v.as_i64().ok_or_else(|| bad(name))?),
                (ColumnKind::Real, v) => Val::from(v.as_f64().ok_or_else(|| bad(name))?),
                (ColumnKind::Text, Value::String(s)) => Val::from(s),
                (ColumnKind::Blob, Value::String(s)) => {
                    Val::from(from_hex(s).ok_or_else(|| bad(name))?)
                }
                _ => return Err(bad(name)),
            });
        }
    }
    exec_on(&mut **tx, sqlx::AssertSqlSafe(sql), vals).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_odd_input() {
        assert_eq!(to_hex(&[0, 15, 255]), "000fff");
        assert_eq!(from_hex("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn declared_types_map_to_kinds() {
        assert_eq!(ColumnKind::from_declared("BIGINT"), ColumnKind::Int);
        assert_eq!(
            ColumnKind::from_declared("double precision"),
            ColumnKind::Real
        );
        assert_eq!(ColumnKind::from_declared("BYTEA"), ColumnKind::Blob);
        assert_eq!(ColumnKind::from_declared("text"), ColumnKind::Text);
    }

    #[test]
    fn headers_with_odd_names_are_refused() {
        assert!(parse_header(r#"{"table":"people","columns":[["id","text"]]}"#).is_ok());
        assert!(parse_header(r#"{"table":"x; DROP","columns":[["id","text"]]}"#).is_err());
        assert!(parse_header(r#"{"table":"people","columns":[["id","weird"]]}"#).is_err());
        assert!(parse_header(r#"{"table":"people","columns":[]}"#).is_err());
    }
}
