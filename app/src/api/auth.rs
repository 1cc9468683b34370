use crate::error::AppError;
use crate::model::{DemoAccount, UserInfo};
use leptos::prelude::*;

/// Signs in with username and password; a new session id is issued. Goes on to `next` (the page
/// that asked for a sign-in) when it is a page of this site, to the home page otherwise.
#[server(endpoint = "login")]
pub async fn login(username: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::auth::{Credentials, SIGNED_IN_AT};
    if username.trim().is_empty() || password.is_empty() {
        return Err(AppError::field("password", "err.login.failed"));
    }
    use crate::services::accounts;
    let pool = ctx::pool()?;
    let address = ctx::client_address().await;
    // Counted before the password is checked; refused unheard after too many failures.
    let attempt = accounts::begin_sign_in(&pool, &username, &address).await?;
    let mut auth = ctx::auth_session().await?;
    let internal = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "sign-in failed");
        AppError::Internal
    };
    let creds = Credentials { username: username.clone(), password };
    let user = auth.authenticate(creds).await.map_err(|e| internal(&e))?;
    let Some(user) = user else {
        let known = accounts::login_record(&pool, &username).await?.map(|r| r.id);
        accounts::end_sign_in(&pool, attempt, &username, &address, Err(known)).await?;
        return Err(AppError::field("password", "err.login.failed"));
    };
    // Signing in always starts a fresh session (a new id, no data carried over from before).
    if auth.user.is_some() {
        auth.logout().await.map_err(|e| internal(&e))?;
    }
    auth.session.cycle_id().await.map_err(|e| internal(&e))?;
    auth.login(&user).await.map_err(|e| internal(&e))?;
    auth.session.insert(SIGNED_IN_AT, chrono::Utc::now().timestamp()).await.map_err(|e| internal(&e))?;
    accounts::end_sign_in(&pool, attempt, &username, &address, Ok(user.info.id)).await?;
    leptos_axum::redirect(crate::domain::authz::return_path(&next));
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::api::ctx;
    let state = ctx::state()?;
    let who = ctx::caller().await?;
    let mut auth = ctx::auth_session().await?;
    auth.logout().await.map_err(|e| {
        tracing::error!(error = %e, "sign-out failed");
        AppError::Internal
    })?;
    if let Some(u) = who {
        crate::services::accounts::record_session_event(&state.pool, u.id, "auth.logout").await?;
    }
    leptos_axum::redirect("/login");
    Ok(())
}

/// Switches the reader's language (anyone may, signed in or not): remembered in the `lang` cookie
/// for a year; a form post comes back to the page it was sent from, in the new language.
#[server(endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use crate::i18n::{Locale, COOKIE};
    let locale = Locale::from_code(&lang);
    let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code());
    let value = http::HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    Ok(())
}

/// The signed-in person, or `None` for a visitor.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserInfo>, AppError> {
    use crate::api::ctx;
    ctx::caller().await
}

/// The demo accounts, listed on the sign-in page in demo mode only.
#[server(endpoint = "demo_accounts")]
pub async fn demo_accounts() -> Result<Vec<DemoAccount>, AppError> {
    let state = crate::api::ctx::state()?;
    if !state.config.demo_mode {
        return Ok(Vec::new());
    }
    Ok(crate::demo::demo_accounts())
}
