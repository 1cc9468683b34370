use crate::error::AppError;
use crate::model::org::OrgTree;
use leptos::prelude::*;

/// The organisation tree with member counts: every signed-in person may browse it.
#[server(endpoint = "org_tree")]
pub async fn load_org_tree() -> Result<OrgTree, AppError> {
    use crate::api::ctx;
    crate::services::org::tree(&ctx::pool()?, &ctx::require_user().await?).await
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

#[server(endpoint = "create_team")]
pub async fn create_team(department_id: i64, name: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    crate::services::org::create_team(&ctx::pool()?, &ctx::require_user().await?, department_id, &name).await
}

#[server(endpoint = "update_team")]
pub async fn update_team(id: i64, department_id: i64, name: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::org::update_team(&ctx::pool()?, &ctx::require_user().await?, id, department_id, &name).await
}
