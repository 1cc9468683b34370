// Form-shaped server functions take one argument a field, so forms post straight into them.
#![allow(clippy::too_many_arguments)]

use crate::domain::project::Stage;
use crate::error::AppError;
use crate::model::projects::{Notification, ProjectDetail, ProjectSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One member row of the project form: a username and a contribution share in percent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub share: String,
}

/// The project form as posted (`members[0][username]=...&members[0][share]=...`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub five_small_kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub solution: String,
    #[serde(default)]
    pub expected_benefit: String,
    #[serde(default)]
    pub expected_benefit_text: String,
    #[serde(default)]
    pub leader_username: String,
    #[serde(default)]
    pub studio_id: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub members: Vec<MemberRow>,
}

/// The project picker's suggestions for what was typed.
#[server(endpoint = "find_projects")]
pub async fn find_projects(q: String) -> Result<Vec<crate::model::Pick>, AppError> {
    use crate::api::ctx;
    crate::services::projects::find(&ctx::pool()?, &ctx::require_user().await?, &q).await
}

/// A team lead (or studio leader) saves a new draft proposal.
#[server(endpoint = "create_project")]
pub async fn create_project(form: ProjectForm) -> Result<i64, AppError> {
    use crate::api::ctx;
    let id = crate::services::projects::create(&ctx::pool()?, &ctx::require_user().await?, &form).await?;
    ctx::open_next(&format!("/projects/{id}"));
    Ok(id)
}

/// The author edits their draft or returned proposal.
#[server(endpoint = "update_project")]
pub async fn update_project(id: i64, form: ProjectForm) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::projects::update(&ctx::pool()?, &ctx::require_user().await?, id, &form).await?;
    ctx::open_next(&format!("/projects/{id}"));
    Ok(())
}

/// Takes a lifecycle action (submit, return, approve, progress, trial, adopt, close). Who may is
/// decided per project: the author submits, reviewers pass gates.
#[server(endpoint = "project_action")]
pub async fn project_action(
    id: i64,
    action: String,
    #[server(default)] comment: String,
    #[server(default)] actual_benefit: String,
    #[server(default)] actual_benefit_text: String,
) -> Result<Stage, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::projects::act(&ctx::pool()?, &me, id, &action, &comment, &actual_benefit, &actual_benefit_text)
        .await
}

#[server(endpoint = "get_project")]
pub async fn get_project(id: i64) -> Result<ProjectDetail, AppError> {
    use crate::api::ctx;
    crate::services::projects::detail(&ctx::pool()?, &ctx::require_user().await?, id).await
}

/// The caller's own projects (as author or member).
#[server(endpoint = "my_projects")]
pub async fn my_projects() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    crate::services::projects::mine(&ctx::pool()?, &ctx::require_user().await?).await
}

/// What waits on reviewers, oldest first. Studio leaders see their studios' projects.
#[server(endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    crate::services::projects::review_queue(&ctx::pool()?, &ctx::require_user().await?).await
}

/// Approved projects and beyond, for every employee to follow (公布实施过程).
#[server(endpoint = "project_feed")]
pub async fn project_feed() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    crate::services::projects::feed(&ctx::pool()?, &ctx::require_user().await?).await
}

/// The projects the caller answers for as responsible leader (挂钩领导).
#[server(endpoint = "leader_projects")]
pub async fn leader_projects() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    crate::services::projects::as_leader(&ctx::pool()?, &ctx::require_user().await?).await
}

/// A progress report or trial result, by the author or a member.
#[server(endpoint = "add_project_entry")]
pub async fn add_project_entry(id: i64, entry_on: String, body: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    crate::services::projects::add_entry(&ctx::pool()?, &ctx::require_user().await?, id, &entry_on, &body).await
}

#[server(endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Vec<Notification>, AppError> {
    use crate::api::ctx;
    crate::services::notifications::list(&ctx::pool()?, &ctx::require_user().await?).await
}

#[server(endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::notifications::mark_read(&ctx::pool()?, &ctx::require_user().await?).await
}
