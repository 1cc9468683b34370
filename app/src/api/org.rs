use crate::error::AppError;
use crate::model::org::{DepartmentsPage, TeamsPage};
use crate::model::Pick;
use leptos::prelude::*;

/// A page of departments with their head counts: every signed-in person may browse it.
#[server(endpoint = "org_departments")]
pub async fn org_departments(q: String, page: i64) -> Result<DepartmentsPage, AppError> {
    use crate::api::ctx;
    crate::services::org::departments(&ctx::pool()?, &ctx::require_user().await?, &q, page).await
}

/// A page of one department's teams with their head counts.
#[server(endpoint = "org_teams")]
pub async fn org_teams(department_id: i64, q: String, page: i64) -> Result<TeamsPage, AppError> {
    use crate::api::ctx;
    crate::services::org::teams(&ctx::pool()?, &ctx::require_user().await?, department_id, &q, page).await
}

/// The team picker's suggestions for what was typed.
#[server(endpoint = "find_teams")]
pub async fn find_teams(q: String) -> Result<Vec<Pick>, AppError> {
    use crate::api::ctx;
    crate::services::org::find_teams(&ctx::pool()?, &ctx::require_user().await?, &q).await
}

/// The department picker's suggestions for what was typed.
#[server(endpoint = "find_departments")]
pub async fn find_departments(q: String) -> Result<Vec<Pick>, AppError> {
    use crate::api::ctx;
    crate::services::org::find_departments(&ctx::pool()?, &ctx::require_user().await?, &q).await
}

#[server(endpoint = "rename_company")]
pub async fn rename_company(name: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::org::rename_company(&ctx::pool()?, &ctx::require_user().await?, &name).await
}

#[server(endpoint = "create_department")]
pub async fn create_department(name: String, kind: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    crate::services::org::create_department(&ctx::pool()?, &ctx::require_user().await?, &name, &kind).await
}

#[server(endpoint = "update_department")]
pub async fn update_department(id: i64, name: String, kind: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::org::update_department(&ctx::pool()?, &ctx::require_user().await?, id, &name, &kind).await
}

/// `department_id` is what the department picker holds (an id, as text).
#[server(endpoint = "create_team")]
pub async fn create_team(department_id: String, name: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    crate::services::org::create_team(&ctx::pool()?, &ctx::require_user().await?, &department_id, &name).await
}

#[server(endpoint = "update_team")]
pub async fn update_team(id: i64, department_id: String, name: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::org::update_team(&ctx::pool()?, &ctx::require_user().await?, id, &department_id, &name).await
}
