//! Awards: an event's prizes per tier, team entries' members, and the confirmation of the awards.

use crate::domain::awards::PrizeDraft;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets what each award tier of an event earns: `prizes[i][yuan|title|points]`.
#[server(endpoint = "set_prizes")]
pub async fn set_prizes(event: i64, #[server(default)] prizes: Vec<PrizeDraft>) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::awards::set_prizes(&ctx::pool()?, &ctx::require_user().await?, event, &prizes).await
}

/// Sets a team entry's members, one per line or comma-separated: username or employee number,
/// optionally `:weight`.
#[server(endpoint = "set_members")]
pub async fn set_members(contestant: i64, members: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::awards::set_members(&ctx::pool()?, &ctx::require_user().await?, contestant, &members).await?;
    Ok(())
}

/// Confirms an event's awards: prizes to the ledger, points and titles given; the results final.
#[server(endpoint = "confirm_awards")]
pub async fn confirm_awards(event: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::awards::confirm(&ctx::pool()?, &ctx::require_user().await?, event).await?;
    Ok(())
}
