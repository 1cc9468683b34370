use crate::error::AppError;
use crate::model::audit::AuditPage;
use leptos::prelude::*;

pub const AUDIT_PER_PAGE: i64 = 50;

#[server(endpoint = "list_audit")]
pub async fn list_audit(page: i64) -> Result<AuditPage, AppError> {
    use crate::api::ctx;
    crate::services::audit::page(&ctx::pool()?, &ctx::require_user().await?, page, AUDIT_PER_PAGE).await
}
