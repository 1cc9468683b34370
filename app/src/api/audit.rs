use crate::error::AppError;
use crate::model::AuditPage;
use leptos::prelude::*;

pub const AUDIT_PER_PAGE: i64 = 50;

#[server(endpoint = "list_audit")]
pub async fn list_audit(page: i64) -> Result<AuditPage, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    ctx::require(Permission::ViewAuditLog).await?;
    let state = ctx::state()?;
    Ok(crate::db::audit::list(&state.pool, page, AUDIT_PER_PAGE).await?)
}
