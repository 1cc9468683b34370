//! A person's notifications: decisions on their projects, on honours they were nominated for or
//! nominated, and on their reward lines.

use crate::db::{self, notifications as repo, Pool};
use crate::domain::money::Fen;
use crate::error::AppError;
use crate::model::projects::{Notice, Notification};
use crate::model::UserInfo;

/// The caller's latest notifications, newest first.
pub async fn list(pool: &Pool, me: &UserInfo) -> Result<Vec<Notification>, AppError> {
    let mut out = Vec::new();
    for n in repo::latest(&mut pool.single_read().await?, me.id).await? {
        let notice = match (n.project_id, n.honour_id, n.payout_id) {
            (Some(project_id), None, None) => Notice::Project {
                project_id,
                project_title: n.project_title.ok_or_else(|| broken(n.id))?,
                action: db::decode("project_events.action", n.action.as_deref().ok_or_else(|| broken(n.id))?)?,
                to: db::decode("project_events.to_stage", n.to_stage.as_deref().ok_or_else(|| broken(n.id))?)?,
                comment: n.comment.unwrap_or_default(),
            },
            (None, Some(honour_id), None) => Notice::Honour {
                honour_id,
                title: n.honour_title.ok_or_else(|| broken(n.id))?,
                status: db::decode("honours.status", n.honour_status.as_deref().ok_or_else(|| broken(n.id))?)?,
                note: n.decision_note.unwrap_or_default(),
            },
            (None, None, Some(_)) => Notice::Payout {
                href: n.payout_href.ok_or_else(|| broken(n.id))?,
                source: n.payout_source.ok_or_else(|| broken(n.id))?,
                amount_fen: Fen(n.payout_fen.ok_or_else(|| broken(n.id))?),
                status: db::decode(
                    "notifications.payout_status",
                    n.payout_status.as_deref().ok_or_else(|| broken(n.id))?,
                )?,
            },
            _ => return Err(broken(n.id)),
        };
        out.push(Notification {
            id: n.id,
            notice,
            actor: n.actor.unwrap_or_default(),
            at: n.at,
            read: n.read_at.is_some(),
        });
    }
    Ok(out)
}

fn broken(id: i64) -> AppError {
    tracing::error!(notification = id, "a notification names not exactly one project event, honour or reward line");
    AppError::Internal
}

pub async fn mark_read(pool: &Pool, me: &UserInfo) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    repo::mark_read(&mut tx, me.id).await?;
    tx.commit().await?;
    Ok(())
}
