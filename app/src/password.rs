//! Password hashing: argon2id, computed on the blocking pool so a sign-in never stalls the
//! executor. A leaf: nothing here knows about people, sessions or the database.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("password hash error")]
    Hash,
    #[error(transparent)]
    Join(#[from] tokio::task::JoinError),
}

impl From<HashError> for crate::error::AppError {
    fn from(e: HashError) -> Self {
        tracing::error!(error = %e, "password hashing failed");
        crate::error::AppError::Internal
    }
}

/// At most this many hashes are computed at once, about one a core: each takes 19 MiB and a core
/// for tens of milliseconds, so a crowd of sign-ins (or an attack) waits its turn instead of
/// exhausting memory and starving every other request.
fn workers() -> &'static tokio::sync::Semaphore {
    static WORKERS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    WORKERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores.clamp(1, 8))
    })
}

/// Runs one argon2 computation on the blocking pool once a worker is free.
async fn on_worker<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
    let _permit = workers().acquire().await.map_err(|_| HashError::Hash)?;
    Ok(tokio::task::spawn_blocking(f).await?)
}

/// Hashes a password with argon2id on the blocking pool.
pub async fn hash(password: String) -> Result<String, HashError> {
    on_worker(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|_| HashError::Hash)
}

/// Checks a password against a stored hash on the blocking pool.
pub async fn verify(password: String, hash: String) -> Result<bool, HashError> {
    on_worker(move || {
        let parsed = PasswordHash::new(&hash).map_err(|_| HashError::Hash)?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await?
}

/// A hash of nothing anyone knows, verified when the username does not exist so that a wrong
/// username takes as long as a wrong password.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("decoy-password-0").expect("argon2 works"))
}

/// A random number from the operating system (the seed of a draw, 抽签).
pub fn random_u64() -> u64 {
    use argon2::password_hash::rand_core::RngCore;
    OsRng.next_u64()
}
