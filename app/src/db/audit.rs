//! The audit log: written in the same transaction as the change it records.

use super::{exec, on, Tx};
use crate::model::audit::AuditEntry;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// Records that `actor` did `action` to `object_type` #`object_id`.
pub async fn record(
    tx: &mut Tx,
    actor: Option<i64>,
    action: &str,
    object_type: &str,
    object_id: Option<i64>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(super::now())
    .bind(actor)
    .bind(action)
    .bind(object_type)
    .bind(object_id)
    .bind(detail)
    .execute(c)
    .await)?;
    Ok(())
}

#[derive(FromRow)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    actor_name: Option<String>,
    action: String,
    object_type: String,
    object_id: Option<i64>,
    detail: String,
}

pub async fn count(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(c).await)
}

/// Newest first, `limit` entries from `offset`.
pub async fn page(tx: &mut Tx, limit: i64, offset: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<Row> = on!(tx, c => sqlx::query_as(
        "SELECT a.id, a.at, p.display_name AS actor_name, a.action, a.object_type, a.object_id, a.detail
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
         ORDER BY a.id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await)?;
    Ok(rows
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
        .collect())
}
