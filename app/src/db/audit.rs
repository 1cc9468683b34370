//! The audit log: written in the same transaction as the change it records.

use super::Tx;
use crate::model::{AuditEntry, AuditPage};
use sqlx::FromRow;

/// Records that `actor` did `action` to `object_type` #`object_id`.
pub async fn record(
    tx: &mut Tx<'_>,
    actor: Option<i64>,
    action: &str,
    object_type: &str,
    object_id: Option<i64>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(super::now())
    .bind(actor)
    .bind(action)
    .bind(object_type)
    .bind(object_id)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
    actor_name: Option<String>,
    action: String,
    object_type: String,
    object_id: Option<i64>,
    detail: String,
}

pub async fn list(pool: &super::Pool, page: i64, per_page: i64) -> Result<AuditPage, sqlx::Error> {
    let page = page.max(1);
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(pool).await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.at, p.display_name AS actor_name, a.action, a.object_type, a.object_id, a.detail
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
         ORDER BY a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(per_page)
    .bind((page - 1) * per_page)
    .fetch_all(pool)
    .await?;
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor_name: r.actor_name,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                detail: r.detail,
            })
            .collect(),
        total,
        page,
        per_page,
    })
}
