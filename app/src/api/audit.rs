use crate::error::AppError;
use crate::model::audit::{AuditPage, AuditQuery};
use leptos::prelude::*;

pub const AUDIT_PER_PAGE: i64 = 50;

#[server(endpoint = "list_audit")]
pub async fn list_audit(q: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::api::ctx;
    crate::services::audit::page(&ctx::pool()?, &ctx::require_user().await?, &q, AUDIT_PER_PAGE).await
}
