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

/// Which lines: by whom, of which kind (the action's first part, e.g. `project`), when, and
/// whether sign-ins and sign-outs are among them.
#[derive(Default)]
pub struct Filter<'a> {
    pub actor: Option<i64>,
    pub area: Option<&'a str>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub sessions: bool,
}

const WHERE: &str = "WHERE (CAST($1 AS BIGINT) IS NULL OR a.actor_id = $1)
      AND (CAST($2 AS TEXT) IS NULL OR a.action LIKE $2)
      AND ($3 IS NULL OR a.at >= $3)
      AND ($4 IS NULL OR a.at < $4)
      AND ($5 OR a.action NOT LIKE 'auth.%')";

#[derive(FromRow)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    actor_name: Option<String>,
    action: String,
    object_type: String,
    object_id: Option<i64>,
    target: Option<String>,
    detail: String,
}

macro_rules! bind_filter {
    ($q:expr, $f:expr) => {
        $q.bind($f.actor).bind($f.area.map(|a| format!("{a}.%"))).bind($f.from).bind($f.until).bind($f.sessions)
    };
}

pub async fn count(tx: &mut Tx, f: &Filter<'_>) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM audit_log a {WHERE}");
    on!(tx, c => bind_filter!(sqlx::query_scalar(&sql), f).fetch_one(c).await)
}

/// Newest first, `limit` entries from `offset`, each with the name of what it was done to.
pub async fn page(tx: &mut Tx, f: &Filter<'_>, limit: i64, offset: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let sql = format!(
        "SELECT a.id, a.at, p.display_name AS actor_name, a.action, a.object_type, a.object_id, a.detail,
                CASE a.object_type
                    WHEN 'person' THEN (SELECT display_name FROM people WHERE id = a.object_id)
                    WHEN 'project' THEN (SELECT title FROM projects WHERE id = a.object_id)
                    WHEN 'honour' THEN (SELECT title FROM honours WHERE id = a.object_id)
                    WHEN 'studio' THEN (SELECT name FROM studios WHERE id = a.object_id)
                    WHEN 'team' THEN (SELECT name FROM teams WHERE id = a.object_id)
                    WHEN 'department' THEN (SELECT name FROM departments WHERE id = a.object_id)
                    WHEN 'company' THEN (SELECT name FROM company WHERE id = a.object_id)
                    WHEN 'competition' THEN (SELECT name FROM competitions WHERE id = a.object_id)
                    WHEN 'round' THEN (SELECT e.name || ' · ' || r.name FROM rounds r
                                       JOIN competition_events e ON e.id = r.event_id WHERE r.id = a.object_id)
                    WHEN 'evaluation' THEN (SELECT title FROM evaluations WHERE id = a.object_id)
                    WHEN 'labour' THEN (SELECT title FROM labour_contests WHERE id = a.object_id)
                    WHEN 'payout' THEN (SELECT w.display_name FROM payouts y JOIN people w ON w.id = y.person_id
                                        WHERE y.id = a.object_id)
                END AS target
         FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id
         {WHERE}
         ORDER BY a.id DESC LIMIT $6 OFFSET $7"
    );
    let rows: Vec<Row> =
        on!(tx, c => bind_filter!(sqlx::query_as(&sql), f).bind(limit).bind(offset).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: r.at,
            actor_name: r.actor_name,
            action: r.action,
            object_type: r.object_type,
            object_id: r.object_id,
            target: r.target,
            detail: r.detail,
        })
        .collect())
}
