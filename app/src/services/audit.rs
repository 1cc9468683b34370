//! The audit log page.

use super::require;
use crate::db::{self, Pool};
use crate::domain::authz::Permission;
use crate::error::AppError;
use crate::model::audit::{AuditPage, AuditQuery, AREAS};
use crate::model::UserInfo;

pub async fn page(pool: &Pool, me: &UserInfo, q: &AuditQuery, per_page: i64) -> Result<AuditPage, AppError> {
    require(me, Permission::ViewAuditLog)?;
    let page = crate::model::clamp_page(q.page.unwrap_or(1));
    let mut tx = pool.begin().await?;
    let actor = match q.who.trim() {
        "" => None,
        who => Some(
            db::people::id_by_username(&mut tx, &who.to_ascii_lowercase())
                .await?
                .ok_or_else(|| AppError::field("who", "err.person.missing"))?,
        ),
    };
    let area = match q.what.trim() {
        "" => None,
        a => Some(*AREAS.iter().find(|x| **x == a).ok_or_else(|| AppError::field("what", "err.audit.area"))?),
    };
    let filter = db::audit::Filter {
        actor,
        area,
        from: q.from.map(super::day_start_utc),
        until: q.to.map(|d| super::day_start_utc(d) + chrono::Duration::days(1)),
        sessions: q.sessions,
    };
    let total = db::audit::count(&mut tx, &filter).await?;
    let rows = db::audit::page(&mut tx, &filter, per_page, (page - 1) * per_page).await?;
    Ok(AuditPage { rows, total, page, per_page })
}
