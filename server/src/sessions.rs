//! Sessions live in the app's own database, whichever engine it is: one store type that hands
//! each call to the engine's store.

use app::db::Pool;
use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, Result, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Clone, Debug)]
pub enum Store {
    /// Reads on SQLite's read connections, writes on its write connection (where every write
    /// queues; a write on a read connection could meet a newer commit and fail).
    Sqlite {
        read: SqliteStore,
        write: SqliteStore,
    },
    Postgres(PostgresStore),
}

impl Store {
    /// The store for the pool's engine, its table created when missing.
    pub async fn for_pool(pool: &Pool) -> std::result::Result<Store, sqlx::Error> {
        Ok(match pool {
            Pool::Sqlite { read, write, .. } => {
                let write = SqliteStore::new(write.clone());
                write.migrate().await?;
                Store::Sqlite { read: SqliteStore::new(read.clone()), write }
            }
            Pool::Postgres { pool: p, .. } => {
                let s = PostgresStore::new(p.clone());
                s.migrate().await?;
                Store::Postgres(s)
            }
        })
    }
}

#[async_trait]
impl SessionStore for Store {
    async fn create(&self, record: &mut Record) -> Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.create(record).await,
            Store::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.save(record).await,
            Store::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        match self {
            Store::Sqlite { read, .. } => read.load(id).await,
            Store::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.delete(id).await,
            Store::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Store {
    async fn delete_expired(&self) -> Result<()> {
        match self {
            Store::Sqlite { write, .. } => write.delete_expired().await,
            Store::Postgres(s) => s.delete_expired().await,
        }
    }
}
