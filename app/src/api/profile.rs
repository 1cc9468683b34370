use crate::error::AppError;
use crate::model::Person;
use leptos::prelude::*;

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<Person, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::db::people::get(&ctx::state()?.pool, me.id).await
}

#[server(endpoint = "update_my_profile")]
pub async fn update_my_profile(display_name: String, phone: String, email: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::org::{parse_email, parse_phone, PersonName};
    use crate::domain::validation::Errors;
    let me = ctx::require_user().await?;
    let mut errors = Errors::new();
    let name = errors.check(PersonName::parse(&display_name));
    let phone = errors.check(parse_phone(&phone));
    let email = errors.check(parse_email(&email));
    let (Some(name), Some(phone), Some(email)) = (name, phone, email) else {
        return Err(errors.into_vec().into());
    };
    crate::db::people::update_own(&ctx::state()?.pool, me.id, &name, &phone, &email).await
}

/// Changes one's own password; other sessions of the person end, this one continues.
#[server(endpoint = "change_my_password")]
pub async fn change_my_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::auth::{hash_password, verify_password, SIGNED_IN_AT};
    use crate::domain::org::Password;
    use axum_login::AuthnBackend;
    let me = ctx::require_user().await?;
    let state = ctx::state()?;
    let new = Password::parse(&new_password, "new_password")?;
    if new_password != confirm_password {
        return Err(AppError::field("confirm_password", "err.password.mismatch"));
    }
    let stored = crate::db::people::password_hash(&state.pool, me.id).await?.ok_or(AppError::NotFound)?;
    if !verify_password(current_password, stored).await? {
        return Err(AppError::field("current_password", "err.password.wrong"));
    }
    let hash = hash_password(new.expose().to_string()).await?;
    crate::db::people::set_password(&state.pool, me.id, me.id, &hash).await?;
    // Re-issue this session against the new hash so it survives the change.
    let mut auth = ctx::auth_session().await?;
    let internal = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "session renewal failed");
        AppError::Internal
    };
    if let Some(user) = auth.backend.get_user(&me.id).await? {
        auth.login(&user).await.map_err(|e| internal(&e))?;
        auth.session.insert(SIGNED_IN_AT, chrono::Utc::now().timestamp()).await.map_err(|e| internal(&e))?;
    }
    Ok(())
}
