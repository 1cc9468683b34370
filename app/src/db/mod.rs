//! The repositories: SQL in, rows out. No authorization, no translation keys, no orchestration
//! (that is `services/`). Each repository function runs on a [`Tx`], a transaction on one of the
//! two engines, chosen at start-up from `APP_DATABASE_URL`: `sqlite://…` (the embedded default)
//! or `postgres://…`. The SQL is written once, in the subset both engines run the same way
//! (`$n` placeholders, `RETURNING`, `ON CONFLICT`, `COALESCE`, `CAST(… AS BIGINT)`, `LOWER(…) LIKE`);
//! each engine has its own migrations folder. `docs/database.md` explains the choice.

pub mod audit;
pub mod boards;
pub mod bulk;
pub mod competitions;
pub mod evaluations;
pub mod honours;
pub mod integrity;
pub mod labour;
pub mod notifications;
pub mod org;
pub mod people;
pub mod projects;
pub mod rewards;
pub mod studios;

use crate::domain::code::Code;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// The database of either engine.
#[derive(Clone, Debug)]
pub enum Pool {
    /// SQLite has one writer at a time: writing transactions queue for the one `write`
    /// connection (in order, without the busy handler's sleeps), reads use the `read` connections.
    Sqlite {
        read: sqlx::SqlitePool,
        write: sqlx::SqlitePool,
        id: u64,
    },
    Postgres {
        pool: sqlx::PgPool,
        id: u64,
    },
}

/// Numbers the pools opened by this process (see [`Pool::id`]).
static POOLS_OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn next_pool_id() -> u64 {
    POOLS_OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

/// A transaction on either engine. Every repository function takes one; dropping it without
/// [`Tx::commit`] rolls it back.
pub enum Tx {
    Sqlite(SqliteTx),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// SQLite work: a transaction, or (for a single read that needs no snapshot, see
/// [`Pool::single_read`]) a connection in autocommit mode, which saves the `BEGIN` and the rollback.
pub enum SqliteTx {
    Transaction(sqlx::Transaction<'static, sqlx::Sqlite>),
    Autocommit(sqlx::pool::PoolConnection<sqlx::Sqlite>),
}

impl SqliteTx {
    pub fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        match self {
            SqliteTx::Transaction(t) => t,
            SqliteTx::Autocommit(c) => c,
        }
    }
}

/// Runs `$body` with `$c` bound to the transaction's connection, once per engine: the query is
/// written once and compiled for both. `$c` is a `&mut` connection; write `&mut *$c` to use it
/// more than once.
macro_rules! on {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = t.conn();
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on;

/// [`on!`] for a statement run with `execute`: the rows it changed, the same type on both engines.
macro_rules! exec {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t) => {
                let $c = t.conn();
                $body.map(|r| r.rows_affected())
            }
            $crate::db::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body.map(|r| r.rows_affected())
            }
        }
    };
}
pub(crate) use exec;

/// Which engine a database URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

impl Pool {
    /// Opens the database the URL names. SQLite: created when missing, WAL, foreign keys on, a
    /// busy timeout. PostgreSQL: the database must exist.
    pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
        match Engine::of_url(url) {
            Some(Engine::Sqlite) => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                // Few connections: each is a thread, and on a small machine more threads mean more
                // switching, not more work done (docs/figures.md, judging under load).
                let write = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
                let read = SqlitePoolOptions::new().max_connections(3).connect_with(options).await?;
                Ok(Pool::Sqlite { read, write, id: next_pool_id() })
            }
            Some(Engine::Postgres) => {
                let options = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                Ok(Pool::Postgres { pool, id: next_pool_id() })
            }
            None => Err(sqlx::Error::Configuration(
                format!("APP_DATABASE_URL must start with sqlite:// or postgres://, not `{url}`").into(),
            )),
        }
    }

    /// Which of the databases this process opened this is: values computed from one database and
    /// kept in memory are kept under it (tests open many at once).
    pub fn id(&self) -> u64 {
        match self {
            Pool::Sqlite { id, .. } | Pool::Postgres { id, .. } => *id,
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Pool::Sqlite { .. } => Engine::Sqlite,
            Pool::Postgres { .. } => Engine::Postgres,
        }
    }

    /// Applies the engine's migrations that have not run yet. The caller stops the server when
    /// this fails.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Pool::Sqlite { write, .. } => sqlx::migrate!("./migrations/sqlite").run(write).await,
            Pool::Postgres { pool: p, .. } => sqlx::migrate!("./migrations/postgres").run(p).await,
        }
    }

    /// Writes a consistent copy of the whole database to the new file `path` while the database
    /// stays in use (SQLite's `VACUUM INTO`: one read transaction, so the copy is of one moment).
    /// PostgreSQL is backed up with its own tools (`pg_dump`, or a streaming replica).
    pub async fn backup_into(&self, path: &std::path::Path) -> Result<(), sqlx::Error> {
        match self {
            Pool::Sqlite { read, .. } => {
                let path = path.to_str().ok_or_else(|| sqlx::Error::Configuration("backup path is not UTF-8".into()))?;
                sqlx::query("VACUUM INTO $1").bind(path).execute(read).await?;
                Ok(())
            }
            Pool::Postgres { .. } => Err(sqlx::Error::Configuration(
                "a PostgreSQL database is backed up with pg_dump or a streaming replica (docs/deploy.md)".into(),
            )),
        }
    }

    /// Makes a backup copy fit to leave the server: its sign-in sessions deleted (the session
    /// store's table, when it has one), the freed pages dropped (`VACUUM`), and everything written
    /// into the one database file. SQLite only, like `backup_into`.
    pub async fn strip_sessions(&self) -> Result<(), sqlx::Error> {
        let Pool::Sqlite { write, .. } = self else {
            return Err(sqlx::Error::Configuration("only a SQLite copy is stripped of its sessions".into()));
        };
        let has_sessions: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'tower_sessions'")
                .fetch_one(write)
                .await?;
        if has_sessions > 0 {
            sqlx::query("DELETE FROM tower_sessions").execute(write).await?;
        }
        sqlx::query("VACUUM").execute(write).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(write).await?;
        Ok(())
    }

    /// SQLite's own check of every page and index: `["ok"]` when the file is sound.
    pub async fn integrity_check(&self) -> Result<Vec<String>, sqlx::Error> {
        match self {
            Pool::Sqlite { read, .. } => sqlx::query_scalar("PRAGMA integrity_check").fetch_all(read).await,
            Pool::Postgres { .. } => Ok(vec!["ok".to_string()]),
        }
    }

    /// Every table of the app and its row count, by name: what a restored copy is compared by.
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>, sqlx::Error> {
        let names: Vec<String> = match self {
            Pool::Sqlite { read, .. } => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                )
                .fetch_all(read)
                .await?
            }
            Pool::Postgres { pool, .. } => {
                sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
                    .fetch_all(pool)
                    .await?
            }
        };
        let mut tx = self.single_read().await?;
        let mut counts = Vec::with_capacity(names.len());
        for name in names {
            // The names come from the catalogue, quoted as identifiers.
            let sql = format!("SELECT COUNT(*) FROM \"{}\"", name.replace('"', "\"\""));
            let n: i64 = on!(&mut tx, c => sqlx::query_scalar(&sql).fetch_one(c).await)?;
            counts.push((name, n));
        }
        Ok(counts)
    }

    /// A transaction that will write: on SQLite it takes the write lock at the start
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of one failing with
    /// "database is locked" when it upgrades a read to a write after the other committed.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite { write, .. } => Tx::Sqlite(SqliteTx::Transaction(write.begin_with("BEGIN IMMEDIATE").await?)),
            Pool::Postgres { pool: p, .. } => Tx::Postgres(p.begin().await?),
        })
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite { read, .. } => Tx::Sqlite(SqliteTx::Transaction(read.begin().await?)),
            Pool::Postgres { pool: p, .. } => Tx::Postgres(p.begin().await?),
        })
    }

    /// For the small reads every request makes (its signed-in person, the unread count): on
    /// SQLite a read connection without a transaction (no `BEGIN`, no rollback); never for writes,
    /// nor for reads whose statements must see one snapshot.
    pub async fn single_read(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Pool::Sqlite { read, .. } => Tx::Sqlite(SqliteTx::Autocommit(read.acquire().await?)),
            Pool::Postgres { pool: p, .. } => Tx::Postgres(p.begin().await?),
        })
    }

    /// One `i64` from a query with no parameters, for tests and tools that inspect the data.
    pub async fn scalar_i64(&self, sql: &str) -> Result<i64, sqlx::Error> {
        match self {
            Pool::Sqlite { read, .. } => sqlx::query_scalar(sql).fetch_one(read).await,
            Pool::Postgres { pool: p, .. } => sqlx::query_scalar(sql).fetch_one(p).await,
        }
    }

    /// One text from the database (a username), for tests.
    pub async fn scalar_text(&self, sql: &str) -> Result<String, sqlx::Error> {
        match self {
            Pool::Sqlite { read, .. } => sqlx::query_scalar(sql).fetch_one(read).await,
            Pool::Postgres { pool: p, .. } => sqlx::query_scalar(sql).fetch_one(p).await,
        }
    }

    /// Runs a statement with no parameters, for tests that tamper with the data on purpose.
    pub async fn execute_unchecked(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match self {
            Pool::Sqlite { write, .. } => sqlx::query(sql).execute(write).await.map(|r| r.rows_affected()),
            Pool::Postgres { pool: p, .. } => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()),
        }
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite { read, write, .. } => {
                read.close().await;
                write.close().await;
            }
            Pool::Postgres { pool: p, .. } => p.close().await,
        }
    }
}

impl Tx {
    /// What to put after a text column so it compares in byte order (SQLite's `BINARY`, always;
    /// on PostgreSQL the "C" collation, whatever the database's).
    pub(crate) fn byte_order(&self) -> &'static str {
        match self {
            Tx::Sqlite(_) => "",
            Tx::Postgres(_) => " COLLATE \"C\"",
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(SqliteTx::Transaction(t)) => t.commit().await,
            Tx::Sqlite(SqliteTx::Autocommit(_)) => Ok(()),
            Tx::Postgres(t) => t.commit().await,
        }
    }
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// `LIKE` pattern matching `fragment` anywhere, case-insensitively (lower the column too, with `ESCAPE '\\'`).
pub(crate) fn contains_pattern(fragment: &str) -> String {
    let f = fragment.trim().to_lowercase();
    format!("%{}%", f.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// A range `[from, to)` holding exactly the strings that start with `prefix`, in byte order, with
/// [`Tx::byte_order`] on the compared column: prefix search on a plain index, on both engines.
pub(crate) fn prefix_range(prefix: &str) -> (String, String) {
    (prefix.to_string(), format!("{prefix}{}", char::MAX))
}

/// The name of the unique constraint an error violated, the same on both engines: PostgreSQL
/// reports it; SQLite reports the table and columns (`UNIQUE constraint failed: people.username`),
/// which name the constraint the way PostgreSQL names a `UNIQUE` constraint by default
/// (`people_username_key`), the names the PostgreSQL migrations use.
pub fn unique_violation(e: &sqlx::Error) -> Option<String> {
    let d = e.as_database_error().filter(|d| d.is_unique_violation())?;
    if let Some(name) = d.constraint() {
        return Some(name.to_string());
    }
    let cols = d.message().strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = "";
    let mut names = Vec::new();
    for tc in cols.split(", ") {
        let (t, c) = tc.split_once('.')?;
        table = t;
        names.push(c);
    }
    Some(format!("{table}_{}_key", names.join("_")))
}

/// True when the error is a foreign-key violation (a referenced row does not exist).
pub fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}

/// Decodes a stored code into its enum, or fails loudly: a value no variant has is a corrupt row,
/// reported as a decode error (logged, an internal error to the caller), never a default.
pub fn decode<T: Code>(column: &str, value: &str) -> Result<T, sqlx::Error> {
    T::from_code(value).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unknown {} code `{value}`", std::any::type_name::<T>()).into(),
    })
}

/// [`decode`] for a nullable column.
pub fn decode_opt<T: Code>(column: &str, value: Option<&str>) -> Result<Option<T>, sqlx::Error> {
    value.map(|v| decode(column, v)).transpose()
}

/// Reads a text column through a domain parser (an exact decimal, a list of scores), failing
/// loudly when it does not parse.
pub fn decode_text<T>(column: &str, value: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    parse(value).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unreadable value `{value}`").into(),
    })
}

/// Reads a JSON column, failing loudly when it does not parse.
pub fn decode_json<T: serde::de::DeserializeOwned>(column: &str, value: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(value)
        .map_err(|e| sqlx::Error::ColumnDecode { index: column.to_string(), source: Box::new(e) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn engines_are_chosen_by_the_url() {
        use super::Engine;
        assert_eq!(Engine::of_url("sqlite://data/ciw.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgres://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("postgresql://u@h/db"), Some(Engine::Postgres));
        assert_eq!(Engine::of_url("mysql://x"), None);
    }
}
