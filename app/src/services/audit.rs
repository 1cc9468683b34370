//! The audit log page.

use super::require;
use crate::db::{self, Pool};
use crate::domain::authz::Permission;
use crate::error::AppError;
use crate::model::audit::AuditPage;
use crate::model::UserInfo;

pub async fn page(pool: &Pool, me: &UserInfo, page: i64, per_page: i64) -> Result<AuditPage, AppError> {
    require(me, Permission::ViewAuditLog)?;
    let page = page.max(1);
    let mut tx = pool.begin().await?;
    let total = db::audit::count(&mut tx).await?;
    let rows = db::audit::page(&mut tx, per_page, (page - 1) * per_page).await?;
    Ok(AuditPage { rows, total, page, per_page })
}
