//! Repositories over sqlx. SQL lives here and nowhere else. Queries use `$n` placeholders, which
//! SQLite and PostgreSQL both accept.

pub mod audit;
pub mod org;
pub mod people;
pub mod projects;
pub mod rewards;
pub mod seed;
pub mod studios;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// The engine this build talks to. A PostgreSQL build swaps this alias and the migrations folder.
pub type Db = sqlx::Sqlite;
pub type Pool = sqlx::Pool<Db>;
pub type Tx<'a> = sqlx::Transaction<'a, Db>;

/// Opens (creating when missing) the SQLite database: WAL, foreign keys on, a busy timeout.
pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new().max_connections(8).connect_with(options).await
}

/// Applies the migrations that have not run yet. The caller stops the server when this fails.
pub async fn migrate(pool: &Pool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations/sqlite").run(pool).await
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// True when the error is a unique-constraint violation (mapped to a field error by the caller).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// True when the error is a foreign-key violation (a referenced row does not exist).
pub fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}
