//! Notifications: a decision on a project (one of its events), on an honour (its nomination
//! published or declined), or on a reward line (approved, paid), for the people it concerns.

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

/// A reward line of the person's reached `status` (approved or paid).
pub async fn insert_for_payout(tx: &mut Tx, person: i64, payout: i64, status: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO notifications (person_id, payout_id, payout_status, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(person)
    .bind(payout)
    .bind(status)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

/// A notification with what it is about: a project's event, an honour's decision, or a reward
/// line's approval or payment.
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
    pub payout_id: Option<i64>,
    pub payout_status: Option<String>,
    pub payout_fen: Option<i64>,
    /// The project, or the competition event, the line pays for.
    pub payout_source: Option<String>,
    pub payout_href: Option<String>,
    pub actor: Option<String>,
    pub at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// A person's latest 100 notifications, newest first.
pub async fn latest(tx: &mut Tx, person: i64) -> Result<Vec<NotificationRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT n.id, n.project_id, p.title AS project_title, e.action, e.to_stage, e.comment,
                n.honour_id, h.title AS honour_title, h.status AS honour_status, h.decision_note,
                n.payout_id, n.payout_status, y.amount_fen AS payout_fen,
                COALESCE(yp.title, ye.name) AS payout_source,
                CASE WHEN y.project_id IS NOT NULL THEN '/projects/' || CAST(y.project_id AS TEXT)
                     ELSE '/events/' || CAST(y.event_id AS TEXT) || '/results' END AS payout_href,
                COALESCE(a.display_name, d.display_name,
                         CASE WHEN n.payout_status = 'paid' THEN yb.display_name ELSE ya.display_name END) AS actor,
                n.created_at AS at, n.read_at
         FROM notifications n
         LEFT JOIN project_events e ON e.id = n.event_id
         LEFT JOIN projects p ON p.id = n.project_id
         LEFT JOIN people a ON a.id = e.actor_id
         LEFT JOIN honours h ON h.id = n.honour_id
         LEFT JOIN people d ON d.id = h.decided_by
         LEFT JOIN payouts y ON y.id = n.payout_id
         LEFT JOIN projects yp ON yp.id = y.project_id
         LEFT JOIN competition_events ye ON ye.id = y.event_id
         LEFT JOIN people ya ON ya.id = y.approved_by
         LEFT JOIN people yb ON yb.id = y.paid_by
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
