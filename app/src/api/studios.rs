use crate::error::AppError;
use crate::model::studios::{StudioDetail, StudioSummary};
use leptos::prelude::*;

#[server(endpoint = "list_studios")]
pub async fn list_studios() -> Result<Vec<StudioSummary>, AppError> {
    use crate::api::ctx;
    crate::services::studios::list(&ctx::pool()?, &ctx::require_user().await?).await
}

#[server(endpoint = "get_studio")]
pub async fn get_studio(id: i64) -> Result<StudioDetail, AppError> {
    use crate::api::ctx;
    crate::services::studios::detail(&ctx::pool()?, &ctx::require_user().await?, id).await
}

#[server(endpoint = "create_studio")]
pub async fn create_studio(
    name: String,
    level: String,
    leader_username: String,
    field: String,
    founded_on: String,
    #[server(default)] member_usernames: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::services::studios::{create, StudioForm};
    let me = ctx::require_user().await?;
    let form = StudioForm {
        name: &name,
        level: &level,
        leader_username: &leader_username,
        field: &field,
        founded_on: &founded_on,
        member_usernames: &member_usernames,
    };
    create(&ctx::pool()?, &me, &form).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update_studio")]
pub async fn update_studio(
    id: i64,
    name: String,
    level: String,
    leader_username: String,
    field: String,
    founded_on: String,
    #[server(default)] member_usernames: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::services::studios::{update, StudioForm};
    let me = ctx::require_user().await?;
    let form = StudioForm {
        name: &name,
        level: &level,
        leader_username: &leader_username,
        field: &field,
        founded_on: &founded_on,
        member_usernames: &member_usernames,
    };
    update(&ctx::pool()?, &me, id, &form).await
}

#[server(endpoint = "save_studio_plan")]
pub async fn save_studio_plan(studio_id: i64, year: i32, goals: String, budget: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::studios::save_plan(&ctx::pool()?, &me, studio_id, year, &goals, &budget).await
}

#[server(endpoint = "add_plan_task")]
pub async fn add_plan_task(
    plan_id: i64,
    title: String,
    owner_username: String,
    due_on: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::studios::add_task(&ctx::pool()?, &me, plan_id, &title, &owner_username, &due_on).await
}

#[server(endpoint = "complete_plan_task")]
pub async fn complete_plan_task(task_id: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::studios::complete_task(&ctx::pool()?, &ctx::require_user().await?, task_id).await
}

#[server(endpoint = "add_plan_spending")]
pub async fn add_plan_spending(
    plan_id: i64,
    spent_on: String,
    amount: String,
    purpose: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::studios::add_spending(&ctx::pool()?, &me, plan_id, &spent_on, &amount, &purpose).await
}
