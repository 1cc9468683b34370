//! Server functions, grouped by feature. Each one is a public HTTP endpoint at `/api/<endpoint>`:
//! it takes the state, checks who is calling and what they may do, and calls one domain or db
//! function.

pub mod audit;
pub mod auth;
pub mod org;
pub mod people;
pub mod profile;
pub mod projects;
pub mod rewards;
pub mod studios;

/// Server-side helpers every server function starts with.
#[cfg(feature = "ssr")]
pub mod ctx {
    use crate::auth::AuthSession;
    use crate::domain::authz::{allows, Permission};
    use crate::error::AppError;
    use crate::model::UserInfo;
    use crate::state::AppState;
    use leptos::prelude::*;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from context");
            AppError::Internal
        })
    }

    pub async fn auth_session() -> Result<AuthSession, AppError> {
        leptos_axum::extract::<AuthSession>().await.map_err(|e| {
            tracing::error!(error = ?e, "auth session missing");
            AppError::Internal
        })
    }

    /// The signed-in person, or `None`. Ends the session once it is older than the absolute timeout.
    pub async fn caller() -> Result<Option<UserInfo>, AppError> {
        let mut auth = auth_session().await?;
        crate::auth::signed_in(&mut auth, state()?.config.session_absolute).await
    }

    pub async fn require_user() -> Result<UserInfo, AppError> {
        caller().await?.ok_or(AppError::Unauthenticated)
    }

    pub async fn require(permission: Permission) -> Result<UserInfo, AppError> {
        let user = require_user().await?;
        if allows(&user.roles, permission) {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }
}
