//! Sign-in: the axum-login backend (people and their password hashes; sessions live in the
//! database, see the server's session store).

use crate::db::Pool;
use crate::model::UserInfo;
use crate::password::{self, HashError};
use axum_login::{AuthUser, AuthnBackend, UserId};

/// Session key holding the Unix time of sign-in, for the absolute timeout.
pub const SIGNED_IN_AT: &str = "signed_in_at";

/// Session key holding the Unix time the idle timeout was last renewed.
pub const SEEN_AT: &str = "seen_at";

/// How often use renews a session's idle timeout: changing the session stores it again with a new
/// expiry (cookie and record), so an active person stays signed in. A tenth of the idle timeout,
/// at most once a minute, so reading pages does not write to the database on every request.
fn renew_every(idle: chrono::Duration) -> i64 {
    (idle.num_seconds() / 10).clamp(1, 60)
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    App(#[from] crate::error::AppError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

impl From<AuthError> for crate::error::AppError {
    fn from(e: AuthError) -> Self {
        tracing::error!(error = %e, "authentication error");
        crate::error::AppError::Internal
    }
}

/// The person a session belongs to. The password hash stays on the server (not `Serialize`).
#[derive(Clone)]
pub struct SessionUser {
    pub info: UserInfo,
    /// The password hash and session epoch the session is bound to.
    session_key: String,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("id", &self.info.id).finish_non_exhaustive()
    }
}

impl AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.info.id
    }

    /// A password change ends every other session of that person; being disabled ends them all.
    fn session_auth_hash(&self) -> &[u8] {
        self.session_key.as_bytes()
    }
}

#[derive(Clone, serde::Deserialize)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

#[derive(Clone)]
pub struct Backend {
    pool: Pool,
}

impl Backend {
    pub fn new(pool: Pool) -> Self {
        Self { pool }
    }
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, AuthError> {
        let record = crate::services::accounts::login_record(&self.pool, &creds.username).await?;
        let hash = record.as_ref().map_or_else(|| password::decoy().to_string(), |r| r.password_hash.clone());
        let ok = password::verify(creds.password, hash).await?;
        match record {
            Some(r) if ok => self.get_user(&r.id).await,
            _ => Ok(None),
        }
    }

    /// Loads only active people: disabling a person ends their sessions.
    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<SessionUser>, AuthError> {
        Ok(crate::services::accounts::session_user(&self.pool, *id)
            .await?
            .map(|(info, session_key)| SessionUser { info, session_key }))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The person a session belongs to, or `None`; a session older than the absolute timeout (since sign-in,
/// however active) is ended here, and a session in use has its idle timeout renewed. Every page,
/// server function and download goes through this.
pub async fn signed_in(
    auth: &mut AuthSession,
    config: &crate::state::RuntimeConfig,
) -> Result<Option<UserInfo>, crate::error::AppError> {
    let Some(user) = auth.user.clone() else { return Ok(None) };
    let signed_in_at: Option<i64> = auth.session.get(SIGNED_IN_AT).await.map_err(|e| {
        tracing::error!(error = %e, "session read failed");
        crate::error::AppError::Internal
    })?;
    let now = chrono::Utc::now().timestamp();
    let expired = signed_in_at.is_none_or(|t| now - t >= config.session_absolute.num_seconds());
    if expired {
        let _ = auth.logout().await;
        return Ok(None);
    }
    let seen_at: Option<i64> = auth.session.get(SEEN_AT).await.ok().flatten();
    if seen_at.is_none_or(|t| now - t >= renew_every(config.session_idle)) {
        auth.session.insert(SEEN_AT, now).await.map_err(|e| {
            tracing::error!(error = %e, "session renewal failed");
            crate::error::AppError::Internal
        })?;
    }
    Ok(Some(user.info))
}
