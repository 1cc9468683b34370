//! Reward rules (versioned) and the rewards ledger.

use super::{audit, now, Pool};
use crate::domain::project::Category;
use crate::domain::rewards::{PayoutInputs, PayoutStatus};
use crate::error::AppError;
use crate::model::PersonRef;
use crate::model_projects::{Ledger, LedgerFilter, PayoutLine, RuleView};
use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder};

#[derive(FromRow)]
struct RuleRow {
    id: i64,
    category: String,
    studio_level: String,
    version: i64,
    approval_fen: i64,
    progress_fen: i64,
    trial_fen: i64,
    adoption_fen: i64,
    pool_fen: i64,
    workers_bp: i64,
    leader_bp: i64,
    created_at: DateTime<Utc>,
}

const RULE_SELECT: &str = "SELECT id, category, studio_level, version, approval_fen, progress_fen, trial_fen,
    adoption_fen, pool_fen, workers_bp, leader_bp, created_at FROM reward_rules";

/// The active (latest) rule version for a category and studio level.
pub async fn active_rule(
    tx: &mut super::Tx<'_>,
    category: Category,
    level: &str,
) -> Result<Option<crate::domain::rewards::RewardRule>, sqlx::Error> {
    let r: Option<RuleRow> = sqlx::query_as(&format!(
        "{RULE_SELECT} WHERE category = $1 AND studio_level = $2 ORDER BY version DESC LIMIT 1"
    ))
    .bind(category.code())
    .bind(level)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(r.map(|r| crate::domain::rewards::RewardRule {
        id: r.id,
        version: r.version,
        approval_fen: r.approval_fen,
        progress_fen: r.progress_fen,
        trial_fen: r.trial_fen,
        adoption_fen: r.adoption_fen,
        pool_fen: r.pool_fen,
        workers_bp: r.workers_bp,
        leader_bp: r.leader_bp,
    }))
}

/// Every version of every rule, newest version first within each (category, level).
pub async fn rules(pool: &Pool) -> Result<Vec<RuleView>, sqlx::Error> {
    let rows: Vec<RuleRow> =
        sqlx::query_as(&format!("{RULE_SELECT} ORDER BY category, studio_level, version DESC")).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(RuleView {
                id: r.id,
                category: Category::parse(&r.category).ok()?,
                studio_level: r.studio_level,
                version: r.version,
                approval_fen: r.approval_fen,
                progress_fen: r.progress_fen,
                trial_fen: r.trial_fen,
                adoption_fen: r.adoption_fen,
                pool_fen: r.pool_fen,
                workers_bp: r.workers_bp,
                leader_bp: r.leader_bp,
                created_at: r.created_at,
            })
        })
        .collect())
}

pub struct NewRule<'a> {
    pub category: Category,
    pub studio_level: &'a str,
    pub approval_fen: i64,
    pub progress_fen: i64,
    pub trial_fen: i64,
    pub adoption_fen: i64,
    pub pool_fen: i64,
    pub workers_bp: i64,
    pub leader_bp: i64,
}

/// Adds the next version of the rule for (category, level). Payouts already written keep theirs.
pub async fn add_version(pool: &Pool, actor: Option<i64>, r: &NewRule<'_>) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM reward_rules WHERE category = $1 AND studio_level = $2",
    )
    .bind(r.category.code())
    .bind(r.studio_level)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reward_rules (category, studio_level, version, approval_fen, progress_fen, trial_fen, adoption_fen,
            pool_fen, workers_bp, leader_bp, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(r.category.code())
    .bind(r.studio_level)
    .bind(version)
    .bind(r.approval_fen)
    .bind(r.progress_fen)
    .bind(r.trial_fen)
    .bind(r.adoption_fen)
    .bind(r.pool_fen)
    .bind(r.workers_bp)
    .bind(r.leader_bp)
    .bind(actor)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let detail = format!("{}/{} v{version}", r.category.code(), r.studio_level);
    audit::record(&mut tx, actor, "rule.version", "reward_rule", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(FromRow)]
struct LineRow {
    id: i64,
    person_id: i64,
    person_name: String,
    team_name: String,
    project_id: i64,
    project_title: String,
    studio_name: Option<String>,
    kind: String,
    amount_fen: i64,
    rule_id: i64,
    rule_version: i64,
    inputs: String,
    status: String,
    created_at: DateTime<Utc>,
}

/// Shanghai calendar date bounds as UTC instants: `from` 00:00 and the day after `to`.
fn day_start_utc(date: &str) -> Option<DateTime<Utc>> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc() - chrono::Duration::hours(8))
}

/// The ledger lines matching `filter` (all of them when `only_person` is `None`).
pub async fn ledger(pool: &Pool, filter: &LedgerFilter, only_person: Option<i64>) -> Result<Ledger, sqlx::Error> {
    let mut q = QueryBuilder::<super::Db>::new(
        "SELECT y.id, y.person_id, pe.display_name AS person_name, t.name AS team_name, y.project_id,
                pr.title AS project_title, s.name AS studio_name, y.kind, y.amount_fen, y.rule_id,
                r.version AS rule_version, y.inputs, y.status, y.created_at
         FROM payouts y JOIN people pe ON pe.id = y.person_id JOIN teams t ON t.id = pe.team_id
         JOIN projects pr ON pr.id = y.project_id LEFT JOIN studios s ON s.id = pr.studio_id
         JOIN reward_rules r ON r.id = y.rule_id WHERE 1 = 1",
    );
    if let Some(p) = only_person.or(filter.person_id) {
        q.push(" AND y.person_id = ").push_bind(p);
    }
    if let Some(p) = filter.project_id {
        q.push(" AND y.project_id = ").push_bind(p);
    }
    if let Some(s) = filter.studio_id {
        q.push(" AND pr.studio_id = ").push_bind(s);
    }
    if let Some(from) = filter.from.as_deref().and_then(day_start_utc) {
        q.push(" AND y.created_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to.as_deref().and_then(day_start_utc) {
        q.push(" AND y.created_at < ").push_bind(to + chrono::Duration::days(1));
    }
    if let Some(s) = filter.status.as_deref().and_then(PayoutStatus::parse) {
        q.push(" AND y.status = ").push_bind(s.code());
    }
    q.push(" ORDER BY y.id");
    let rows: Vec<LineRow> = q.build_query_as().fetch_all(pool).await?;
    let lines = rows
        .into_iter()
        .filter_map(|r| {
            Some(PayoutLine {
                id: r.id,
                person: PersonRef { id: r.person_id, name: r.person_name, team_name: r.team_name },
                project_id: r.project_id,
                project_title: r.project_title,
                studio_name: r.studio_name,
                kind: r.kind,
                amount_fen: r.amount_fen,
                rule_id: r.rule_id,
                rule_version: r.rule_version,
                inputs: serde_json::from_str::<PayoutInputs>(&r.inputs).ok()?,
                status: PayoutStatus::parse(&r.status)?,
                created_at: r.created_at,
            })
        })
        .collect();
    Ok(Ledger::from_lines(lines))
}

/// Moves a payout one step on (pending → approved → paid). The update names the status it moves
/// from, so of two concurrent requests to pay the same line only one succeeds.
pub async fn advance(pool: &Pool, actor: i64, id: i64, to: PayoutStatus) -> Result<(), AppError> {
    let from = match to {
        PayoutStatus::Approved => PayoutStatus::Pending,
        PayoutStatus::Paid => PayoutStatus::Approved,
        PayoutStatus::Pending => return Err(AppError::field("status", "err.payout.status")),
    };
    let mut tx = pool.begin().await?;
    let (at_col, by_col) = match to {
        PayoutStatus::Approved => ("approved_at", "approved_by"),
        _ => ("paid_at", "paid_by"),
    };
    let n = sqlx::query(&format!(
        "UPDATE payouts SET status = $1, {at_col} = $2, {by_col} = $3 WHERE id = $4 AND status = $5"
    ))
    .bind(to.code())
    .bind(now())
    .bind(actor)
    .bind(id)
    .bind(from.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM payouts WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        return Err(if exists == 0 { AppError::NotFound } else { AppError::field("status", "err.payout.status") });
    }
    audit::record(&mut tx, Some(actor), &format!("payout.{}", to.code()), "payout", Some(id), "").await?;
    tx.commit().await?;
    Ok(())
}
