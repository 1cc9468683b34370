//! Notifications: a decision on a project (one of its events) or on an honour (its nomination
//! published or declined), for the people it concerns.

use super::{exec, now, on, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

pub async fn insert_for_project(tx: &mut Tx, person: i64, project: i64, event: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("INSERT INTO notifications (person_id, project_id, event_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(person)
        .bind(project)
        .bind(event)
        .bind(now())
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn insert_for_honour(tx: &mut Tx, person: i64, honour: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("INSERT INTO notifications (person_id, honour_id, created_at) VALUES ($1, $2, $3)")
        .bind(person)
        .bind(honour)
        .bind(now())
        .execute(c)
        .await)?;
    Ok(())
}

/// A notification with what it is about: a project's event, or an honour's decision.
#[derive(FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    pub action: Option<String>,
    pub to_stage: Option<String>,
    pub comment: Option<String>,
    pub honour_id: Option<i64>,
    pub honour_title: Option<String>,
    pub honour_status: Option<String>,
    pub decision_note: Option<String>,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A person's latest 100 notifications, newest first.
pub async fn latest(tx: &mut Tx, person: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT n.id, n.project_id, p.title AS project_title, e.action, e.to_stage, e.comment,
                n.honour_id, h.title AS honour_title, h.status AS honour_status, h.decision_note,
                COALESCE(a.display_name, d.display_name) AS actor, n.created_at AS at, n.read_at
         FROM notifications n
         LEFT JOIN project_events e ON e.id = n.event_id
         LEFT JOIN projects p ON p.id = n.project_id
         LEFT JOIN people a ON a.id = e.actor_id
         LEFT JOIN honours h ON h.id = n.honour_id
         LEFT JOIN people d ON d.id = h.decided_by
         WHERE n.person_id = $1 ORDER BY n.id DESC LIMIT 100",
    )
    .bind(person)
    .fetch_all(c)
    .await)
}

pub async fn mark_read(tx: &mut Tx, person: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
        .bind(now())
        .bind(person)
        .execute(c)
        .await)?;
    Ok(())
}
