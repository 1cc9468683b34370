//! A person's page and a team's page.

use crate::error::AppError;
use crate::model::profiles::{PersonProfile, TeamProfile};
use leptos::prelude::*;

/// A person's page: team, titles, projects, placings, board positions, points over time and
/// entries (`before`: page on from an entry id). Prize money only to the person and admins.
#[server(endpoint = "load_person_page")]
pub async fn load_person_page(id: i64, #[server(default)] before: Option<i64>) -> Result<PersonProfile, AppError> {
    use crate::api::ctx;
    crate::services::profiles::person(&ctx::pool()?, &ctx::require_user().await?, id, before).await
}

/// A team's page: members, board positions, points over time and the team's own entries.
#[server(endpoint = "load_team_page")]
pub async fn load_team_page(id: i64) -> Result<TeamProfile, AppError> {
    use crate::api::ctx;
    crate::services::profiles::team(&ctx::pool()?, &ctx::require_user().await?, id).await
}
