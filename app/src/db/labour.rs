//! Labour competitions: the contest and its indicators, its entrants (teams or departments), the
//! values entered per period, closed periods and their rankings.

use super::{exec, now, on, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

pub struct NewContest<'a> {
    pub title: &'a str,
    pub between: &'a str,
    pub cadence: &'a str,
    pub first: &'a str,
    pub last: &'a str,
    pub points: &'a str,
    pub by: i64,
}

pub struct NewIndicator<'a> {
    pub name: &'a str,
    pub unit: &'a str,
    pub direction: &'a str,
    pub weight: i64,
    pub normalisation: &'a str,
}

pub async fn insert(tx: &mut Tx, c: &NewContest<'_>, indicators: &[NewIndicator<'_>]) -> Result<i64, sqlx::Error> {
    let id: i64 = on!(tx, conn => sqlx::query_scalar(
        "INSERT INTO labour_contests (title, between_kind, cadence, first_month, last_month, points, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.title)
    .bind(c.between)
    .bind(c.cadence)
    .bind(c.first)
    .bind(c.last)
    .bind(c.points)
    .bind(c.by)
    .bind(now())
    .fetch_one(conn)
    .await)?;
    for (i, ind) in indicators.iter().enumerate() {
        exec!(tx, conn => sqlx::query(
            "INSERT INTO labour_indicators (contest_id, position, name, unit, direction, weight, normalisation)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(ind.name)
        .bind(ind.unit)
        .bind(ind.direction)
        .bind(ind.weight)
        .bind(ind.normalisation)
        .execute(conn)
        .await)?;
    }
    Ok(id)
}

#[derive(Clone, Debug, FromRow)]
pub struct ContestRow {
    pub id: i64,
    pub title: String,
    pub between_kind: String,
    pub cadence: String,
    pub first_month: String,
    pub last_month: String,
    pub points: String,
    pub created_at: DateTime<Utc>,
    pub entrants: i64,
}

const SELECT: &str = "SELECT c.id, c.title, c.between_kind, c.cadence, c.first_month, c.last_month, c.points,
        c.created_at, (SELECT COUNT(*) FROM labour_entrants x WHERE x.contest_id = c.id) AS entrants
    FROM labour_contests c";

/// Takes the contest's row for the rest of the transaction, so entering values, entrants and
/// closing a period never interleave (PostgreSQL; SQLite has one writer anyway).
pub async fn lock(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE labour_contests SET title = title WHERE id = $1").bind(id).execute(c).await)?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<ContestRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// A page of contests, latest first, and how many there are.
pub async fn list(tx: &mut Tx, offset: i64, limit: i64) -> Result<(Vec<ContestRow>, i64), sqlx::Error> {
    let sql = format!("{SELECT} ORDER BY c.last_month DESC, c.id DESC LIMIT $1 OFFSET $2");
    let rows = on!(tx, c => sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(c).await)?;
    let total = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM labour_contests").fetch_one(c).await)?;
    Ok((rows, total))
}

#[derive(Clone, Debug, FromRow)]
pub struct IndicatorRow {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub weight: i64,
    pub normalisation: String,
}

pub async fn indicators(tx: &mut Tx, contest: i64) -> Result<Vec<IndicatorRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, name, unit, direction, CAST(weight AS BIGINT) AS weight, normalisation
         FROM labour_indicators WHERE contest_id = $1 ORDER BY position",
    )
    .bind(contest)
    .fetch_all(c)
    .await)
}

/// Enters every team of a department (a contest between teams); returns how many were new.
pub async fn add_department_teams(tx: &mut Tx, contest: i64, department: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO labour_entrants (contest_id, entrant_id) SELECT $1, id FROM teams WHERE department_id = $2
         ON CONFLICT DO NOTHING",
    )
    .bind(contest)
    .bind(department)
    .execute(c)
    .await)
}

/// Enters one entrant (a department, in a contest between departments).
pub async fn add_entrant(tx: &mut Tx, contest: i64, entrant: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("INSERT INTO labour_entrants (contest_id, entrant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(contest)
        .bind(entrant)
        .execute(c)
        .await)
}

/// Takes an entrant out with its values of open periods (never one with a published result).
pub async fn remove_entrant(tx: &mut Tx, contest: i64, entrant: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM labour_values WHERE contest_id = $1 AND entrant_id = $2")
        .bind(contest).bind(entrant).execute(c).await)?;
    exec!(tx, c => sqlx::query("DELETE FROM labour_entrants WHERE contest_id = $1 AND entrant_id = $2")
        .bind(contest).bind(entrant).execute(c).await)
}

pub async fn has_results(tx: &mut Tx, contest: i64, entrant: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM labour_results WHERE contest_id = $1 AND entrant_id = $2",
    )
    .bind(contest)
    .bind(entrant)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

pub async fn is_entrant(tx: &mut Tx, contest: i64, entrant: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM labour_entrants WHERE contest_id = $1 AND entrant_id = $2",
    )
    .bind(contest)
    .bind(entrant)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// An entrant with its names: (id, name, the department it sits in; empty for a department).
pub async fn entrants(
    tx: &mut Tx,
    contest: i64,
    teams: bool,
    offset: i64,
    limit: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let sql = if teams {
        "SELECT x.entrant_id, t.name, d.name FROM labour_entrants x JOIN teams t ON t.id = x.entrant_id
         JOIN departments d ON d.id = t.department_id WHERE x.contest_id = $1 ORDER BY d.name, t.name, t.id LIMIT $2 OFFSET $3"
    } else {
        "SELECT x.entrant_id, d.name, '' FROM labour_entrants x JOIN departments d ON d.id = x.entrant_id
         WHERE x.contest_id = $1 ORDER BY d.name, d.id LIMIT $2 OFFSET $3"
    };
    on!(tx, c => sqlx::query_as(sql).bind(contest).bind(limit).bind(offset).fetch_all(c).await)
}

/// Every entrant's id.
pub async fn entrant_ids(tx: &mut Tx, contest: i64) -> Result<Vec<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT entrant_id FROM labour_entrants WHERE contest_id = $1 ORDER BY entrant_id")
        .bind(contest)
        .fetch_all(c)
        .await)
}

/// Values of a period: (entrant, indicator, value), for some entrants or (`None`) all.
pub async fn values(
    tx: &mut Tx,
    contest: i64,
    period: &str,
    entrants: Option<&[i64]>,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    let only = match entrants {
        Some([]) => return Ok(Vec::new()),
        Some(list) => {
            format!(" AND entrant_id IN ({})", list.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(","))
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT entrant_id, indicator_id, value FROM labour_values WHERE contest_id = $1 AND period = $2{only}"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(contest).bind(period).fetch_all(c).await)
}

/// How many values a period has.
pub async fn value_count(tx: &mut Tx, contest: i64, period: &str) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM labour_values WHERE contest_id = $1 AND period = $2")
        .bind(contest)
        .bind(period)
        .fetch_one(c)
        .await)
}

pub async fn save_value(
    tx: &mut Tx,
    contest: i64,
    period: &str,
    entrant: i64,
    indicator: i64,
    value: &str,
    by: i64,
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO labour_values (contest_id, period, entrant_id, indicator_id, value, entered_by, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (contest_id, period, entrant_id, indicator_id) DO UPDATE SET
            value = excluded.value, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
    )
    .bind(contest)
    .bind(period)
    .bind(entrant)
    .bind(indicator)
    .bind(value)
    .bind(by)
    .bind(now())
    .execute(c)
    .await)
}

/// The contest's closed periods' keys.
pub async fn closed(tx: &mut Tx, contest: i64) -> Result<Vec<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT period FROM labour_periods WHERE contest_id = $1 ORDER BY period")
        .bind(contest)
        .fetch_all(c)
        .await)
}

/// Closes a period; false if it already was.
pub async fn close(tx: &mut Tx, contest: i64, period: &str, by: i64) -> Result<bool, sqlx::Error> {
    let n = exec!(tx, c => sqlx::query(
        "INSERT INTO labour_periods (contest_id, period, closed_by, closed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING",
    )
    .bind(contest)
    .bind(period)
    .bind(by)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(n == 1)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_result(
    tx: &mut Tx,
    contest: i64,
    period: &str,
    entrant: i64,
    scores: &str,
    total: &str,
    rank: i64,
    points: i64,
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO labour_results (contest_id, period, entrant_id, scores, total, rank, points)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(contest)
    .bind(period)
    .bind(entrant)
    .bind(scores)
    .bind(total)
    .bind(rank)
    .bind(points)
    .execute(c)
    .await)
}

#[derive(Clone, Debug, FromRow)]
pub struct ResultRow {
    pub entrant_id: i64,
    pub name: String,
    pub department: String,
    pub scores: String,
    pub total: String,
    pub rank: i64,
    pub points: i64,
}

/// A page of a closed period's ranking.
pub async fn results(
    tx: &mut Tx,
    contest: i64,
    period: &str,
    teams: bool,
    offset: i64,
    limit: i64,
) -> Result<Vec<ResultRow>, sqlx::Error> {
    let names = if teams {
        "JOIN teams t ON t.id = r.entrant_id JOIN departments d ON d.id = t.department_id"
    } else {
        "JOIN departments d ON d.id = r.entrant_id"
    };
    let cols = if teams { "t.name AS name, d.name AS department" } else { "d.name AS name, '' AS department" };
    let sql = format!(
        "SELECT r.entrant_id, {cols}, r.scores, r.total, CAST(r.rank AS BIGINT) AS rank, CAST(r.points AS BIGINT) AS points
         FROM labour_results r {names}
         WHERE r.contest_id = $1 AND r.period = $2 ORDER BY r.rank, r.entrant_id LIMIT $3 OFFSET $4"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(contest).bind(period).bind(limit).bind(offset).fetch_all(c).await)
}

/// The published totals of a period, for some entrants: (entrant, total).
pub async fn totals_of(tx: &mut Tx, contest: i64, period: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT entrant_id, total FROM labour_results WHERE contest_id = $1 AND period = $2")
        .bind(contest)
        .bind(period)
        .fetch_all(c)
        .await)
}

/// Closed periods of contests between teams, latest first (sources for a derived dimension):
/// (contest, title, period).
pub async fn closed_team_periods(tx: &mut Tx, limit: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT c.id, c.title, p.period FROM labour_periods p JOIN labour_contests c ON c.id = p.contest_id
         WHERE c.between_kind = 'team' ORDER BY p.closed_at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(c)
    .await)
}
