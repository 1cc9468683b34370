//! The honour roll: nominations, their decisions, the published roll.

use super::{exec, now, on, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

pub struct NewHonour<'a> {
    pub kind: &'a str,
    pub level: &'a str,
    pub year: i32,
    pub title: &'a str,
    pub person: Option<i64>,
    pub team: i64,
    pub department: i64,
    pub citation: &'a str,
    pub story: &'a str,
    pub event: Option<i64>,
    pub project: Option<i64>,
    pub points: i64,
    pub by: i64,
}

pub async fn insert(tx: &mut Tx, h: &NewHonour<'_>) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO honours (kind, level, year, title, person_id, team_id, department_id, citation, story, event_id,
                              project_id, points, status, nominated_by, nominated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'nominated', $13, $14) RETURNING id",
    )
    .bind(h.kind)
    .bind(h.level)
    .bind(h.year as i64)
    .bind(h.title)
    .bind(h.person)
    .bind(h.team)
    .bind(h.department)
    .bind(h.citation)
    .bind(h.story)
    .bind(h.event)
    .bind(h.project)
    .bind(h.points)
    .bind(h.by)
    .bind(now())
    .fetch_one(c)
    .await)
}

/// An honour with the names it shows.
#[derive(Clone, Debug, FromRow)]
pub struct HonourRow {
    pub id: i64,
    pub kind: String,
    pub level: String,
    pub year: i64,
    pub title: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub team_id: i64,
    pub team_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub citation: String,
    pub story: String,
    pub event_id: Option<i64>,
    pub event_title: Option<String>,
    pub project_id: Option<i64>,
    pub project_title: Option<String>,
    pub points: i64,
    pub status: String,
    pub nominated_by: i64,
    pub nominator_name: String,
    pub nominated_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: String,
    pub photo_key: Option<String>,
    pub photo_type: Option<String>,
}

const SELECT: &str = "SELECT h.id, h.kind, h.level, CAST(h.year AS BIGINT) AS year, h.title, h.person_id,
        p.display_name AS person_name, h.team_id, t.name AS team_name, h.department_id, d.name AS department_name,
        h.citation, h.story, h.event_id, c.name || ' · ' || e.name AS event_title, h.project_id,
        pr.title AS project_title, CAST(h.points AS BIGINT) AS points, h.status, h.nominated_by,
        n.display_name AS nominator_name, h.nominated_at, h.decided_at, h.decision_note, h.photo_key, h.photo_type
    FROM honours h
    LEFT JOIN people p ON p.id = h.person_id
    JOIN teams t ON t.id = h.team_id
    JOIN departments d ON d.id = h.department_id
    LEFT JOIN competition_events e ON e.id = h.event_id
    LEFT JOIN competitions c ON c.id = e.competition_id
    LEFT JOIN projects pr ON pr.id = h.project_id
    JOIN people n ON n.id = h.nominated_by";

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<HonourRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE h.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// What the roll is narrowed to.
#[derive(Clone, Debug, Default)]
pub struct RollFilter<'a> {
    pub status: &'a str,
    pub kind: Option<&'a str>,
    pub level: Option<&'a str>,
    pub year: Option<i64>,
    pub department: Option<i64>,
    /// Only honours this person nominated.
    pub nominated_by: Option<i64>,
}

/// A page of honours matching the filter, newest year first, and how many match.
pub async fn roll(
    tx: &mut Tx,
    f: &RollFilter<'_>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<HonourRow>, i64), sqlx::Error> {
    let mut conds = vec!["h.status = $1".to_string()];
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    let kind_at = f.kind.map(|_| next());
    let level_at = f.level.map(|_| next());
    let year_at = f.year.map(|_| next());
    let dept_at = f.department.map(|_| next());
    let by_at = f.nominated_by.map(|_| next());
    if let Some(i) = kind_at {
        conds.push(format!("h.kind = ${i}"));
    }
    if let Some(i) = level_at {
        conds.push(format!("h.level = ${i}"));
    }
    if let Some(i) = year_at {
        conds.push(format!("h.year = ${i}"));
    }
    if let Some(i) = dept_at {
        conds.push(format!("h.department_id = ${i}"));
    }
    if let Some(i) = by_at {
        conds.push(format!("h.nominated_by = ${i}"));
    }
    let filter = conds.join(" AND ");
    let (lim, off) = (next(), next());
    let list_sql = format!("{SELECT} WHERE {filter} ORDER BY h.year DESC, h.id DESC LIMIT ${lim} OFFSET ${off}");
    let count_sql = format!("SELECT COUNT(*) FROM honours h WHERE {filter}");
    macro_rules! bind_all {
        ($q:expr) => {{
            let mut q = $q.bind(f.status);
            if let Some(v) = f.kind {
                q = q.bind(v);
            }
            if let Some(v) = f.level {
                q = q.bind(v);
            }
            if let Some(v) = f.year {
                q = q.bind(v);
            }
            if let Some(v) = f.department {
                q = q.bind(v);
            }
            if let Some(v) = f.nominated_by {
                q = q.bind(v);
            }
            q
        }};
    }
    let rows: Vec<HonourRow> =
        on!(tx, c => bind_all!(sqlx::query_as(&list_sql)).bind(limit).bind(offset).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => bind_all!(sqlx::query_scalar(&count_sql)).fetch_one(c).await)?;
    Ok((rows, total))
}

/// Takes the honour's row lock until the transaction ends (on PostgreSQL; SQLite's writing
/// transactions already take turns).
pub async fn lock(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE honours SET status = status WHERE id = $1").bind(id).execute(c).await)?;
    Ok(())
}

/// Sets an honour's photo; returns the key of the one it replaces.
pub async fn set_photo(tx: &mut Tx, id: i64, key: &str, content_type: &str) -> Result<Option<String>, sqlx::Error> {
    let old: Option<Option<String>> = on!(tx, c => sqlx::query_scalar("SELECT photo_key FROM honours WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await)?;
    exec!(tx, c => sqlx::query("UPDATE honours SET photo_key = $1, photo_type = $2 WHERE id = $3")
        .bind(key)
        .bind(content_type)
        .bind(id)
        .execute(c)
        .await)?;
    Ok(old.flatten())
}

/// Publishes or declines a nomination still open; returns whether it was.
pub async fn decide(tx: &mut Tx, id: i64, status: &str, by: i64, note: &str) -> Result<bool, sqlx::Error> {
    let n = exec!(tx, c => sqlx::query(
        "UPDATE honours SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4
         WHERE id = $5 AND status = 'nominated'",
    )
    .bind(status)
    .bind(by)
    .bind(now())
    .bind(note)
    .bind(id)
    .execute(c)
    .await)?;
    Ok(n == 1)
}

/// The published honours of a person, or of a team, newest first: (id, kind, level, year, title).
pub async fn published_of(
    tx: &mut Tx,
    person: Option<i64>,
    team: Option<i64>,
) -> Result<Vec<(i64, String, String, i64, String)>, sqlx::Error> {
    let (sql, who) = match (person, team) {
        (Some(p), _) => ("SELECT id, kind, level, CAST(year AS BIGINT), title FROM honours WHERE person_id = $1 AND status = 'published' ORDER BY year DESC, id DESC LIMIT 50", p),
        (None, t) => ("SELECT id, kind, level, CAST(year AS BIGINT), title FROM honours WHERE team_id = $1 AND person_id IS NULL AND status = 'published' ORDER BY year DESC, id DESC LIMIT 50", t.unwrap_or(0)),
    };
    on!(tx, c => sqlx::query_as(sql).bind(who).fetch_all(c).await)
}

/// Whether a competition event and a project exist.
pub async fn event_exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM competition_events WHERE id = $1").bind(id).fetch_one(c).await)?;
    Ok(n > 0)
}

pub async fn project_exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM projects WHERE id = $1").bind(id).fetch_one(c).await)?;
    Ok(n > 0)
}
