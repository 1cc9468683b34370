//! Server functions, grouped by feature. Each one is a public HTTP endpoint at `/api/<endpoint>`:
//! it gathers the request's context (who is calling, the database) and makes one service call;
//! the service checks what the caller may do.

pub mod audit;
pub mod auth;
pub mod awards;
pub mod boards;
pub mod competitions;
pub mod evaluations;
pub mod honours;
pub mod org;
pub mod organising;
pub mod people;
pub mod profile;
pub mod profiles;
pub mod projects;
pub mod rewards;
pub mod studios;

/// Server-side helpers every server function starts with.
#[cfg(feature = "ssr")]
pub mod ctx {
    use crate::auth::AuthSession;
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

    /// After a form post that made something, the browser goes on to its page (a JSON caller gets
    /// the address in a header and the result as usual).
    pub fn open_next(path: &str) {
        leptos_axum::redirect(path);
    }

    pub fn pool() -> Result<crate::db::Pool, AppError> {
        Ok(state()?.pool)
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
        crate::auth::signed_in(&mut auth, &state()?.config).await
    }

    /// The address a request came from: the connection's, or behind a trusted reverse proxy the
    /// last entry of its `X-Forwarded-For` (the one the proxy itself added).
    pub async fn client_address() -> String {
        if state().is_ok_and(|s| s.config.trust_proxy) {
            if let Ok(headers) = leptos_axum::extract::<http::HeaderMap>().await {
                // The proxy's own entry is the last one, in the last header line.
                let forwarded = headers.get_all("x-forwarded-for").iter().last().and_then(|v| v.to_str().ok());
                if let Some(last) = forwarded.and_then(|v| v.rsplit(',').next()).map(str::trim).filter(|a| !a.is_empty()) {
                    return last.chars().take(64).collect();
                }
            }
        }
        match leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await {
            Ok(axum::extract::ConnectInfo(addr)) => addr.ip().to_string(),
            Err(_) => "unknown".to_string(),
        }
    }

    pub async fn require_user() -> Result<UserInfo, AppError> {
        caller().await?.ok_or(AppError::Unauthenticated)
    }

    /// Re-issues the caller's session against their stored password hash (after they changed it),
    /// so this session survives while their others end.
    pub async fn renew_session(person: i64) -> Result<(), AppError> {
        use axum_login::AuthnBackend;
        let mut auth = auth_session().await?;
        let internal = |e: &dyn std::fmt::Display| {
            tracing::error!(error = %e, "session renewal failed");
            AppError::Internal
        };
        if let Some(user) = auth.backend.get_user(&person).await? {
            auth.login(&user).await.map_err(|e| internal(&e))?;
            auth.session
                .insert(crate::auth::SIGNED_IN_AT, chrono::Utc::now().timestamp())
                .await
                .map_err(|e| internal(&e))?;
        }
        Ok(())
    }
}
