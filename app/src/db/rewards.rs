//! Reward rules (versioned) and the rewards ledger.

use super::{exec, now, on, Tx};
use crate::domain::money::{BasisPoints, Fen};
use crate::domain::project::Category;
use crate::domain::rewards::{PayoutStatus, PlannedPayout};
use crate::domain::studio::RuleLevel;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub category: String,
    pub studio_level: String,
    pub version: i64,
    pub approval_fen: i64,
    pub progress_fen: i64,
    pub trial_fen: i64,
    pub adoption_fen: i64,
    pub pool_fen: i64,
    pub workers_bp: i64,
    pub leader_bp: i64,
    pub created_at: DateTime<Utc>,
}

const RULE_SELECT: &str = "SELECT id, category, studio_level, version, approval_fen, progress_fen, trial_fen,
    adoption_fen, pool_fen, workers_bp, leader_bp, created_at FROM reward_rules";

/// The active (latest) rule version for a category and studio level.
pub async fn active_rule(tx: &mut Tx, category: Category, level: RuleLevel) -> Result<Option<RuleRow>, sqlx::Error> {
    let sql = format!("{RULE_SELECT} WHERE category = $1 AND studio_level = $2 ORDER BY version DESC LIMIT 1");
    on!(tx, c => sqlx::query_as(&sql).bind(category.code()).bind(level.code()).fetch_optional(c).await)
}

/// Every version of every rule, newest version first within each (category, level).
pub async fn rules(tx: &mut Tx) -> Result<Vec<RuleRow>, sqlx::Error> {
    let sql = format!("{RULE_SELECT} ORDER BY category, studio_level, version DESC");
    on!(tx, c => sqlx::query_as(&sql).fetch_all(c).await)
}

pub struct NewRule {
    pub category: Category,
    pub studio_level: RuleLevel,
    pub approval_fen: Fen,
    pub progress_fen: Fen,
    pub trial_fen: Fen,
    pub adoption_fen: Fen,
    pub pool_fen: Fen,
    pub workers_bp: BasisPoints,
    pub leader_bp: BasisPoints,
}

/// Adds the next version of the rule for (category, level); returns its id and version.
pub async fn insert_version(tx: &mut Tx, actor: Option<i64>, r: &NewRule) -> Result<(i64, i64), sqlx::Error> {
    let version: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) FROM reward_rules WHERE category = $1 AND studio_level = $2",
    )
    .bind(r.category.code())
    .bind(r.studio_level.code())
    .fetch_one(c)
    .await)?;
    let id: i64 = on!(tx, c => sqlx::query_scalar(
        "INSERT INTO reward_rules (category, studio_level, version, approval_fen, progress_fen, trial_fen, adoption_fen,
            pool_fen, workers_bp, leader_bp, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(r.category.code())
    .bind(r.studio_level.code())
    .bind(version)
    .bind(r.approval_fen.0)
    .bind(r.progress_fen.0)
    .bind(r.trial_fen.0)
    .bind(r.adoption_fen.0)
    .bind(r.pool_fen.0)
    .bind(r.workers_bp.0)
    .bind(r.leader_bp.0)
    .bind(actor)
    .bind(now())
    .fetch_one(c)
    .await)?;
    Ok((id, version))
}

/// Where a ledger line comes from.
#[derive(Clone, Copy, Debug)]
pub enum Origin {
    /// A project's gate or completion, under a reward rule version.
    Project { project: i64, rule: i64 },
    /// A competition event's prize.
    Event(i64),
}

pub async fn insert_payout(tx: &mut Tx, origin: Origin, line: &PlannedPayout) -> Result<(), sqlx::Error> {
    let inputs = serde_json::to_string(&line.inputs).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let (project, rule, event) = match origin {
        Origin::Project { project, rule } => (Some(project), Some(rule), None),
        Origin::Event(event) => (None, None, Some(event)),
    };
    exec!(tx, c => sqlx::query(
        "INSERT INTO payouts (person_id, project_id, rule_id, event_id, kind, amount_fen, inputs, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
    )
    .bind(line.person_id)
    .bind(project)
    .bind(rule)
    .bind(event)
    .bind(line.kind.code())
    .bind(line.amount_fen.0)
    .bind(inputs)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

#[derive(FromRow)]
pub struct LineRow {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub team_name: String,
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    pub studio_name: Option<String>,
    pub event_id: Option<i64>,
    pub event_name: Option<String>,
    pub competition_name: Option<String>,
    pub kind: String,
    pub amount_fen: i64,
    pub rule_id: Option<i64>,
    pub rule_version: Option<i64>,
    pub inputs: String,
    pub status: String,
    pub approved_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// Which ledger lines to read; every condition is optional.
#[derive(Clone, Debug, Default)]
pub struct LineQuery {
    pub person_id: Option<i64>,
    pub project_id: Option<i64>,
    pub studio_id: Option<i64>,
    /// Created at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Created before this instant.
    pub until: Option<DateTime<Utc>>,
    pub status: Option<PayoutStatus>,
    /// Prize lines of this competition event.
    pub event_id: Option<i64>,
}

/// The conditions of a [`LineQuery`], parameters `$1`–`$7`.
const LINE_FILTER: &str = "FROM payouts y LEFT JOIN projects pr ON pr.id = y.project_id
         WHERE (CAST($1 AS BIGINT) IS NULL OR y.person_id = $1)
           AND (CAST($2 AS BIGINT) IS NULL OR y.project_id = $2)
           AND (CAST($3 AS BIGINT) IS NULL OR pr.studio_id = $3)
           AND ($4 IS NULL OR y.created_at >= $4)
           AND ($5 IS NULL OR y.created_at < $5)
           AND (CAST($6 AS TEXT) IS NULL OR y.status = $6)
           AND (CAST($7 AS BIGINT) IS NULL OR y.event_id = $7)";

/// The matching lines in id order: `limit` = (how many, from which offset), or all of them.
pub async fn lines(tx: &mut Tx, q: &LineQuery, limit: Option<(i64, i64)>) -> Result<Vec<LineRow>, sqlx::Error> {
    let (n, offset) = limit.unwrap_or((i64::MAX, 0));
    let sql = format!(
        "SELECT y.id, y.person_id, pe.display_name AS person_name, t.name AS team_name, y.project_id,
                pr.title AS project_title, s.name AS studio_name, y.event_id, ev.name AS event_name,
                co.name AS competition_name, y.kind, y.amount_fen, y.rule_id,
                r.version AS rule_version, y.inputs, y.status, y.approved_by, y.created_at
         FROM (SELECT y.id {LINE_FILTER} ORDER BY y.id LIMIT $8 OFFSET $9) page
         JOIN payouts y ON y.id = page.id JOIN people pe ON pe.id = y.person_id JOIN teams t ON t.id = pe.team_id
         LEFT JOIN projects pr ON pr.id = y.project_id LEFT JOIN studios s ON s.id = pr.studio_id
         LEFT JOIN reward_rules r ON r.id = y.rule_id
         LEFT JOIN competition_events ev ON ev.id = y.event_id LEFT JOIN competitions co ON co.id = ev.competition_id
         ORDER BY y.id"
    );
    on!(tx, c => sqlx::query_as(&sql)
        .bind(q.person_id)
        .bind(q.project_id)
        .bind(q.studio_id)
        .bind(q.from)
        .bind(q.until)
        .bind(q.status.map(|s| s.code()))
        .bind(q.event_id)
        .bind(n)
        .bind(offset)
        .fetch_all(c)
        .await)
}

/// How many lines match and their sums, overall and by status.
#[derive(FromRow)]
pub struct Totals {
    pub count: i64,
    pub total_fen: i64,
    pub pending_fen: i64,
    pub approved_fen: i64,
    pub paid_fen: i64,
}

pub async fn totals(tx: &mut Tx, q: &LineQuery) -> Result<Totals, sqlx::Error> {
    let sum = |status: &str| {
        format!("CAST(COALESCE(SUM(CASE WHEN y.status = '{status}' THEN y.amount_fen ELSE 0 END), 0) AS BIGINT)")
    };
    let sql = format!(
        "SELECT COUNT(*) AS count, CAST(COALESCE(SUM(y.amount_fen), 0) AS BIGINT) AS total_fen,
                {} AS pending_fen, {} AS approved_fen, {} AS paid_fen {LINE_FILTER}",
        sum(PayoutStatus::Pending.code()),
        sum(PayoutStatus::Approved.code()),
        sum(PayoutStatus::Paid.code()),
    );
    on!(tx, c => sqlx::query_as(&sql)
        .bind(q.person_id)
        .bind(q.project_id)
        .bind(q.studio_id)
        .bind(q.from)
        .bind(q.until)
        .bind(q.status.map(|s| s.code()))
        .bind(q.event_id)
        .fetch_one(c)
        .await)
}

/// Whose a reward line is (id and name) and its amount in fen.
pub async fn payout_brief(tx: &mut Tx, id: i64) -> Result<Option<(i64, String, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT y.person_id, p.display_name, y.amount_fen FROM payouts y JOIN people p ON p.id = y.person_id WHERE y.id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Moves a payout from `from` to `to`, stamping who and when. The update names the status it moves
/// from, so of two concurrent requests to pay the same line only one changes it; false for the other.
/// Paying also names the approver it must not be (four eyes on money): false for them.
pub async fn advance(
    tx: &mut Tx,
    id: i64,
    from: PayoutStatus,
    to: PayoutStatus,
    actor: i64,
) -> Result<bool, sqlx::Error> {
    let sql = match to {
        PayoutStatus::Approved => {
            "UPDATE payouts SET status = $1, approved_at = $2, approved_by = $3 WHERE id = $4 AND status = $5"
        }
        _ => {
            "UPDATE payouts SET status = $1, paid_at = $2, paid_by = $3
             WHERE id = $4 AND status = $5 AND approved_by IS NOT NULL AND approved_by <> $3"
        }
    };
    let n = exec!(tx, c => sqlx::query(sql)
        .bind(to.code())
        .bind(now())
        .bind(actor)
        .bind(id)
        .bind(from.code())
        .execute(c)
        .await)?;
    Ok(n == 1)
}

/// A payout's status and who approved it, if there is such a payout.
pub async fn payout_state(tx: &mut Tx, id: i64) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT status, approved_by FROM payouts WHERE id = $1").bind(id).fetch_optional(c).await)
}
