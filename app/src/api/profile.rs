use crate::error::AppError;
use crate::model::people::Person;
use leptos::prelude::*;

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<Person, AppError> {
    use crate::api::ctx;
    crate::services::accounts::my_profile(&ctx::pool()?, &ctx::require_user().await?).await
}

#[server(endpoint = "update_my_profile")]
pub async fn update_my_profile(display_name: String, phone: String, email: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::accounts::update_my_profile(&ctx::pool()?, &me, &display_name, &phone, &email).await
}

/// Changes one's own password; other sessions of the person end, this one continues.
#[server(endpoint = "change_my_password")]
pub async fn change_my_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    let pool = ctx::pool()?;
    crate::services::accounts::change_my_password(&pool, &me, &current_password, &new_password, &confirm_password)
        .await?;
    // Re-issue this session against the new hash so it survives the change.
    ctx::renew_session(me.id).await
}
