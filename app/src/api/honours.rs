//! The honour roll: the roll, one honour, nominations and their decisions.

use crate::domain::honours::NominationForm;
use crate::error::AppError;
use crate::model::honours::{HonourRoll, HonourView, RollQuery};
use leptos::prelude::*;

/// The published roll (filtered by kind, level, year, department), or nominations for admins
/// and nominators.
#[server(endpoint = "load_honour_roll")]
pub async fn load_honour_roll(#[server(default)] query: RollQuery) -> Result<HonourRoll, AppError> {
    use crate::api::ctx;
    crate::services::honours::roll(&ctx::pool()?, &ctx::require_user().await?, &query).await
}

#[server(endpoint = "load_honour")]
pub async fn load_honour(id: i64) -> Result<HonourView, AppError> {
    use crate::api::ctx;
    crate::services::honours::detail(&ctx::pool()?, &ctx::require_user().await?, id).await
}

/// Nominates a person (or a team) for an honour: team leads their own team's people, studio
/// leaders their studios' members, union admins anyone. Opens the nomination's page.
#[server(endpoint = "nominate")]
pub async fn nominate(#[server(default)] form: NominationForm) -> Result<i64, AppError> {
    use crate::api::ctx;
    let id = crate::services::honours::nominate(&ctx::pool()?, &ctx::require_user().await?, &form).await?;
    ctx::open_next(&format!("/honours/{id}"));
    Ok(id)
}

/// Publishes (`decision` = publish) or declines (with a reason) a nomination. Union admins.
#[server(endpoint = "decide_honour")]
pub async fn decide_honour(id: i64, decision: String, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let publish = match decision.as_str() {
        "publish" => true,
        "decline" => false,
        _ => return Err(AppError::field("decision", "err.honour.decision")),
    };
    crate::services::honours::decide(&ctx::pool()?, &ctx::require_user().await?, id, publish, &note).await
}
