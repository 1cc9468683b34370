//! The stored facts that must agree with each other, read for `server verify` and the crash test:
//! the leaderboards' maintained totals against the points ledger, payout lines, and each project's
//! stage against its last recorded transition.

use super::{on, Tx};
use crate::domain::rewards::{PayoutInputs, PayoutKind, StoredLine};
use crate::domain::money::Fen;

/// How many all-time board rows disagree with the points ledger (a total or an entry count that
/// differs, a subject with entries and no row, or a row with no entries), on every board.
pub async fn board_mismatches(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "WITH ledger AS (
             SELECT 'person' AS board, person_id AS subject, SUM(points) AS total, COUNT(*) AS entries
             FROM points WHERE person_id IS NOT NULL GROUP BY person_id
             UNION ALL SELECT 'team', team_id, SUM(points), COUNT(*) FROM points GROUP BY team_id
             UNION ALL SELECT 'department', department_id, SUM(points), COUNT(*) FROM points GROUP BY department_id
             UNION ALL SELECT 'studio', studio_id, SUM(points), COUNT(*) FROM points WHERE studio_id IS NOT NULL GROUP BY studio_id
         ), kept AS (
             SELECT board, subject, total, entries FROM board_totals WHERE win = 'all'
         )
         SELECT CAST((SELECT COUNT(*) FROM ledger l LEFT JOIN kept k ON k.board = l.board AND k.subject = l.subject
                      WHERE k.subject IS NULL OR k.total <> l.total OR k.entries <> l.entries)
                   + (SELECT COUNT(*) FROM kept k LEFT JOIN ledger l ON l.board = k.board AND l.subject = k.subject
                      WHERE l.subject IS NULL) AS BIGINT)",
    )
    .fetch_one(c)
    .await)
}

/// How many rank counts (how many subjects hold each total, which "my rank" is read from) disagree
/// with the board rows they count, over every board and window.
pub async fn rank_count_mismatches(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "WITH counted AS (
             SELECT board, win, total, COUNT(*) AS n FROM board_totals GROUP BY board, win, total
         )
         SELECT CAST((SELECT COUNT(*) FROM counted t LEFT JOIN board_counts k
                        ON k.board = t.board AND k.win = t.win AND k.scope = 0 AND k.total = t.total
                      WHERE k.n IS NULL OR k.n <> t.n)
                   + (SELECT COUNT(*) FROM board_counts k WHERE k.scope = 0 AND k.n <> 0 AND NOT EXISTS (
                        SELECT 1 FROM counted t WHERE t.board = k.board AND t.win = k.win AND t.total = k.total)) AS BIGINT)",
    )
    .fetch_one(c)
    .await)
}

/// Payout lines whose status and signatures disagree: approved or paid with no approver, paid
/// with no payer or by its own approver, or paid without exactly one audit line saying so.
pub async fn payout_state_problems(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM payouts y
         WHERE (y.status IN ('approved', 'paid') AND y.approved_by IS NULL)
            OR (y.status = 'paid' AND (y.paid_by IS NULL OR y.paid_by = y.approved_by
                OR (SELECT COUNT(*) FROM audit_log a
                    WHERE a.object_type = 'payout' AND a.object_id = y.id AND a.action = 'payout.paid') <> 1))",
    )
    .fetch_one(c)
    .await)
}

/// Projects whose stage is not where their last recorded transition took them.
pub async fn stage_mismatches(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM projects p
         WHERE EXISTS (SELECT 1 FROM project_events e WHERE e.project_id = p.id)
           AND p.stage <> (SELECT e.to_stage FROM project_events e WHERE e.project_id = p.id ORDER BY e.id DESC LIMIT 1)",
    )
    .fetch_one(c)
    .await)
}

/// Every project payout line (competition prizes are split per contestant and left out), in order.
pub async fn project_lines(tx: &mut Tx) -> Result<Vec<StoredLine>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, String)> = on!(tx, c => sqlx::query_as(
        "SELECT project_id, kind, amount_fen, inputs FROM payouts WHERE project_id IS NOT NULL ORDER BY id",
    )
    .fetch_all(c)
    .await)?;
    rows.into_iter()
        .map(|(project_id, kind, amount_fen, inputs)| {
            Ok(StoredLine {
                project_id,
                kind: super::decode::<PayoutKind>("payouts.kind", &kind)?,
                amount_fen: Fen(amount_fen),
                inputs: super::decode_json::<PayoutInputs>("payouts.inputs", &inputs)?,
            })
        })
        .collect()
}
