//! The points ledger and the leaderboards kept from it: per board, window and subject a total
//! (`board_totals`), per board, window and scope (0 = everyone, else a department) how many
//! subjects have each total (`board_counts`), and the frozen copies of ended months.

use super::{exec, now, on, Tx};
use crate::domain::boards::Board;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

/// A new points entry.
pub struct NewEntry<'a> {
    pub person: Option<i64>,
    pub team: i64,
    pub department: i64,
    pub studio: Option<i64>,
    pub points: i64,
    pub source_type: &'a str,
    pub source_id: i64,
    pub reason: &'a str,
    pub note: &'a str,
    pub corrects: Option<i64>,
    pub booked_on: NaiveDate,
    pub by: Option<i64>,
}

/// Makes writers of points entries take turns (the boards' rows are read, then written): on
/// PostgreSQL a transaction-scoped advisory lock; SQLite's writing transactions already queue for
/// its one write connection.
pub async fn lock_ledger(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(727274)").execute(&mut **t).await?;
    }
    Ok(())
}

pub async fn insert_entry(tx: &mut Tx, e: &NewEntry<'_>) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO points (person_id, team_id, department_id, studio_id, points, source_type, source_id, reason, note,
                             corrects, booked_on, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(e.person)
    .bind(e.team)
    .bind(e.department)
    .bind(e.studio)
    .bind(e.points)
    .bind(e.source_type)
    .bind(e.source_id)
    .bind(e.reason)
    .bind(e.note)
    .bind(e.corrects)
    .bind(e.booked_on)
    .bind(now())
    .bind(e.by)
    .fetch_one(c)
    .await)
}

/// A team's department.
pub async fn team_department(tx: &mut Tx, team: i64) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT department_id FROM teams WHERE id = $1").bind(team).fetch_optional(c).await)
}

/// Moves one row of one board by `delta` (and files it under `department`), keeping the counts
/// of totals in step.
pub async fn bump(
    tx: &mut Tx,
    board: Board,
    win: &str,
    subject: i64,
    department: i64,
    delta: i64,
) -> Result<(), sqlx::Error> {
    let old: Option<(i64, i64)> = on!(tx, c => sqlx::query_as(
        "SELECT total, department_id FROM board_totals WHERE board = $1 AND win = $2 AND subject = $3",
    )
    .bind(board.code())
    .bind(win)
    .bind(subject)
    .fetch_optional(c)
    .await)?;
    let total = old.map_or(0, |o| o.0) + delta;
    exec!(tx, c => sqlx::query(
        "INSERT INTO board_totals (board, win, subject, department_id, total, entries) VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (board, win, subject) DO UPDATE
         SET total = excluded.total, department_id = excluded.department_id, entries = board_totals.entries + 1",
    )
    .bind(board.code())
    .bind(win)
    .bind(subject)
    .bind(department)
    .bind(total)
    .execute(c)
    .await)?;
    if old == Some((total, department)) {
        return Ok(());
    }
    if let Some((t, d)) = old {
        count(tx, board, win, 0, t, -1).await?;
        if board.by_department() {
            count(tx, board, win, d, t, -1).await?;
        }
    }
    count(tx, board, win, 0, total, 1).await?;
    if board.by_department() {
        count(tx, board, win, department, total, 1).await?;
    }
    Ok(())
}

async fn count(tx: &mut Tx, board: Board, win: &str, scope: i64, total: i64, delta: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO board_counts (board, win, scope, total, n) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (board, win, scope, total) DO UPDATE SET n = board_counts.n + excluded.n",
    )
    .bind(board.code())
    .bind(win)
    .bind(scope)
    .bind(total)
    .bind(delta)
    .execute(c)
    .await)?;
    if delta < 0 {
        exec!(tx, c => sqlx::query(
            "DELETE FROM board_counts WHERE board = $1 AND win = $2 AND scope = $3 AND total = $4 AND n = 0",
        )
        .bind(board.code())
        .bind(win)
        .bind(scope)
        .bind(total)
        .execute(c)
        .await)?;
    }
    Ok(())
}

/// Which copy of a board to read: the kept one, or the frozen copy of an ended month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shelf {
    Live,
    Frozen,
}

impl Shelf {
    fn totals(self) -> &'static str {
        match self {
            Shelf::Live => "board_totals",
            Shelf::Frozen => "board_frozen_totals",
        }
    }

    fn counts(self) -> &'static str {
        match self {
            Shelf::Live => "board_counts",
            Shelf::Frozen => "board_frozen_counts",
        }
    }
}

/// One row of a board.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct BoardRow {
    pub subject: i64,
    pub department_id: i64,
    pub total: i64,
}

/// Where a board is read: which copy, board, window key and department (0: everyone).
#[derive(Clone, Copy, Debug)]
pub struct Scope<'a> {
    pub shelf: Shelf,
    pub board: Board,
    pub win: &'a str,
    pub department: i64,
}

impl Scope<'_> {
    /// The table in board order: on SQLite, named with the index that keeps it so (given a
    /// subject range, SQLite's planner would otherwise take the primary key and read every row
    /// of the window); PostgreSQL's planner needs no hint.
    fn ordered(&self, tx: &Tx) -> String {
        let t = self.shelf.totals();
        match tx {
            Tx::Sqlite(_) if self.department == 0 => format!("{t} INDEXED BY {t}_rank_idx"),
            Tx::Sqlite(_) => format!("{t} INDEXED BY {t}_department_idx"),
            Tx::Postgres(_) => t.to_string(),
        }
    }

    fn filter(&self) -> &'static str {
        if self.department == 0 {
            "board = $1 AND win = $2 AND $3 = 0"
        } else {
            "board = $1 AND win = $2 AND department_id = $3"
        }
    }
}

/// Rows in board order (total down, then subject up) after `after` (a total and subject), at
/// most `limit`.
pub async fn rows_after(
    tx: &mut Tx,
    s: Scope<'_>,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<BoardRow>, sqlx::Error> {
    let (t, f) = (s.ordered(tx), s.filter());
    let mut out: Vec<BoardRow> = Vec::new();
    if let Some((total, subject)) = after {
        let sql = format!(
            "SELECT subject, department_id, total FROM {t} WHERE {f} AND total = $4 AND subject > $5
             ORDER BY total DESC, subject LIMIT $6"
        );
        out = on!(tx, c => sqlx::query_as(&sql).bind(s.board.code()).bind(s.win).bind(s.department)
            .bind(total).bind(subject).bind(limit).fetch_all(c).await)?;
    }
    let rest = limit - out.len() as i64;
    if rest > 0 {
        let below = after.map(|a| a.0).unwrap_or(i64::MAX);
        let cmp = if after.is_some() { "<" } else { "<=" };
        let sql = format!(
            "SELECT subject, department_id, total FROM {t} WHERE {f} AND total {cmp} $4
             ORDER BY total DESC, subject LIMIT $5"
        );
        let more: Vec<BoardRow> = on!(tx, c => sqlx::query_as(&sql).bind(s.board.code()).bind(s.win)
            .bind(s.department).bind(below).bind(rest).fetch_all(c).await)?;
        out.extend(more);
    }
    Ok(out)
}

/// A subject's row with up to `n` neighbours above and below, in board order, and how many
/// subjects of the scope stand above the first of them and share its total (to rank them all):
/// one statement. Empty when the subject has no row.
pub async fn around(tx: &mut Tx, s: Scope<'_>, subject: i64, n: i64) -> Result<Vec<AroundRow>, sqlx::Error> {
    let (t, o, c, f) = (s.shelf.totals(), s.ordered(tx), s.shelf.counts(), s.filter());
    let cols = "subject, department_id, total";
    let sql = format!(
        "WITH me AS (SELECT {cols} FROM {t} WHERE {f} AND subject = $4),
         up AS (SELECT {cols} FROM (
                  SELECT {cols} FROM (SELECT {cols} FROM {o} WHERE {f} AND total = (SELECT total FROM me)
                                      AND subject < $4 ORDER BY total, subject DESC LIMIT $5) AS a
                  UNION ALL
                  SELECT {cols} FROM (SELECT {cols} FROM {o} WHERE {f} AND total > (SELECT total FROM me)
                                      ORDER BY total, subject DESC LIMIT $5) AS b) AS u
                ORDER BY total, subject DESC LIMIT $5),
         down AS (SELECT {cols} FROM (
                  SELECT {cols} FROM (SELECT {cols} FROM {o} WHERE {f} AND total = (SELECT total FROM me)
                                      AND subject > $4 ORDER BY total DESC, subject LIMIT $5) AS a
                  UNION ALL
                  SELECT {cols} FROM (SELECT {cols} FROM {o} WHERE {f} AND total < (SELECT total FROM me)
                                      ORDER BY total DESC, subject LIMIT $5) AS b) AS d
                ORDER BY total DESC, subject LIMIT $5),
         near AS (SELECT {cols} FROM up UNION ALL SELECT {cols} FROM me UNION ALL SELECT {cols} FROM down),
         head AS (SELECT MAX(total) AS total FROM near)
         SELECT {cols},
                (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {c}
                 WHERE board = $1 AND win = $2 AND scope = $3 AND total > (SELECT total FROM head)) AS above,
                (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {c}
                 WHERE board = $1 AND win = $2 AND scope = $3 AND total = (SELECT total FROM head)) AS tied
         FROM near ORDER BY total DESC, subject"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(s.board.code()).bind(s.win).bind(s.department).bind(subject).bind(n)
        .fetch_all(c).await)
}

/// A row of [`around`]: the row, and the counts that rank the first row of the answer.
#[derive(Clone, Debug, FromRow)]
pub struct AroundRow {
    #[sqlx(flatten)]
    pub row: BoardRow,
    pub above: i64,
    pub tied: i64,
}

/// One subject's row, if it has one in the scope.
pub async fn row(tx: &mut Tx, s: Scope<'_>, subject: i64) -> Result<Option<BoardRow>, sqlx::Error> {
    let (t, f) = (s.shelf.totals(), s.filter());
    let sql = format!("SELECT subject, department_id, total FROM {t} WHERE {f} AND subject = $4");
    on!(tx, c => sqlx::query_as(&sql).bind(s.board.code()).bind(s.win).bind(s.department).bind(subject)
        .fetch_optional(c).await)
}

/// How many subjects of the scope have a total above `total` (`None`: how many there are).
pub async fn count_above(tx: &mut Tx, s: Scope<'_>, total: Option<i64>) -> Result<i64, sqlx::Error> {
    let c_table = s.shelf.counts();
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {c_table}
         WHERE board = $1 AND win = $2 AND scope = $3 AND total > $4"
    );
    on!(tx, c => sqlx::query_scalar(&sql).bind(s.board.code()).bind(s.win).bind(s.department)
        .bind(total.unwrap_or(i64::MIN)).fetch_one(c).await)
}

/// How many subjects of the scope have exactly `total`.
pub async fn count_at(tx: &mut Tx, s: Scope<'_>, total: i64) -> Result<i64, sqlx::Error> {
    let c_table = s.shelf.counts();
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM {c_table}
         WHERE board = $1 AND win = $2 AND scope = $3 AND total = $4"
    );
    on!(tx, c => sqlx::query_scalar(&sql).bind(s.board.code()).bind(s.win).bind(s.department).bind(total)
        .fetch_one(c).await)
}

/// How many subjects have each total in the scope, as (total, how many).
pub async fn counts(tx: &mut Tx, s: Scope<'_>) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let c_table = s.shelf.counts();
    let sql = format!("SELECT total, n FROM {c_table} WHERE board = $1 AND win = $2 AND scope = $3");
    on!(tx, c => sqlx::query_as(&sql).bind(s.board.code()).bind(s.win).bind(s.department).fetch_all(c).await)
}

/// Subjects ranked in two windows with their totals in each: (subject, now, before).
pub async fn in_both(
    tx: &mut Tx,
    board: Board,
    win: &str,
    previous: &str,
    department: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let dept = if department == 0 { "$4 = 0" } else { "a.department_id = $4 AND b.department_id = $4" };
    let sql = format!(
        "SELECT a.subject, a.total, b.total FROM board_totals a
         JOIN board_totals b ON b.board = a.board AND b.win = $3 AND b.subject = a.subject
         WHERE a.board = $1 AND a.win = $2 AND {dept}"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(board.code()).bind(win).bind(previous).bind(department).fetch_all(c).await)
}

/// The totals of a run of months added up per subject: (subject, department, total).
pub async fn period_totals(
    tx: &mut Tx,
    board: Board,
    wins: &[String],
    department: i64,
) -> Result<Vec<BoardRow>, sqlx::Error> {
    on!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT subject, MAX(department_id) AS department_id, CAST(SUM(total) AS BIGINT) AS total FROM board_totals WHERE board = ",
        );
        q.push_bind(board.code()).push(" AND win IN (");
        let mut sep = q.separated(", ");
        for w in wins {
            sep.push_bind(w.as_str());
        }
        q.push(")");
        if department != 0 {
            q.push(" AND department_id = ").push_bind(department);
        }
        q.push(" GROUP BY subject");
        q.build_query_as::<BoardRow>().fetch_all(&mut *c).await
    })
}

/// A subject's totals in the given windows, as (window key, total).
pub async fn totals_in(
    tx: &mut Tx,
    board: Board,
    subject: i64,
    wins: &[String],
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on!(tx, c => {
        let mut q = sqlx::QueryBuilder::new("SELECT win, total FROM board_totals WHERE board = ");
        q.push_bind(board.code()).push(" AND subject = ").push_bind(subject).push(" AND win IN (");
        let mut sep = q.separated(", ");
        for w in wins {
            sep.push_bind(w.as_str());
        }
        q.push(")");
        q.build_query_as::<(String, i64)>().fetch_all(&mut *c).await
    })
}

/// The points of all departments together in a window.
pub async fn department_sum(tx: &mut Tx, win: &str) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM board_totals WHERE board = 'department' AND win = $1",
    )
    .bind(win)
    .fetch_one(c)
    .await)
}

/// The departments with the most points in a window, at most `limit`.
pub async fn department_shares(tx: &mut Tx, win: &str, limit: i64) -> Result<Vec<BoardRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT subject, department_id, total FROM board_totals WHERE board = 'department' AND win = $1
         ORDER BY total DESC, subject LIMIT $2",
    )
    .bind(win)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// The names of a board's subjects: (id, name, where: the team or department).
pub async fn names(tx: &mut Tx, board: Board, ids: &[i64]) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let head = match board {
        Board::Person => {
            "SELECT p.id, p.display_name, t.name FROM people p JOIN teams t ON t.id = p.team_id WHERE p.id IN ("
        }
        Board::Team => {
            "SELECT t.id, t.name, d.name FROM teams t JOIN departments d ON d.id = t.department_id WHERE t.id IN ("
        }
        Board::Studio => "SELECT s.id, s.name, '' FROM studios s WHERE s.id IN (",
        Board::Department => "SELECT d.id, d.name, '' FROM departments d WHERE d.id IN (",
    };
    on!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(head);
        let mut sep = q.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        q.push(")");
        q.build_query_as::<(i64, String, String)>().fetch_all(&mut *c).await
    })
}

/// Departments whose name contains `text`, at most `limit`, by name.
pub async fn find_departments(tx: &mut Tx, text: &str, limit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let like = super::contains_pattern(text);
    on!(tx, c => sqlx::query_as(
        "SELECT id, name FROM departments WHERE LOWER(name) LIKE $1 ESCAPE '\\' ORDER BY name LIMIT $2",
    )
    .bind(like)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// The department with exactly this name, if any.
pub async fn department_named(tx: &mut Tx, name: &str) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM departments WHERE name = $1 ORDER BY id LIMIT 1").bind(name).fetch_optional(c).await)
}

pub async fn department_name(tx: &mut Tx, id: i64) -> Result<Option<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT name FROM departments WHERE id = $1").bind(id).fetch_optional(c).await)
}

/// The studios a person leads or belongs to, by id.
pub async fn studios_of(tx: &mut Tx, person: i64) -> Result<Vec<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT id FROM studios WHERE leader_id = $1 UNION SELECT studio_id FROM studio_members WHERE person_id = $1 ORDER BY 1",
    )
    .bind(person)
    .fetch_all(c)
    .await)
}

/// The ledger's version: the newest entry's id and when it was made (entries are never changed,
/// only added; the time tells two databases with as many entries apart).
pub async fn version(tx: &mut Tx) -> Result<(i64, i64), sqlx::Error> {
    let row: Option<(i64, DateTime<Utc>)> = on!(tx, c => sqlx::query_as("SELECT id, created_at FROM points ORDER BY id DESC LIMIT 1").fetch_optional(c).await)?;
    Ok(row.map_or((0, 0), |(id, at)| (id, at.timestamp_micros())))
}

/// A points entry as a person's page lists it.
#[derive(Clone, Debug, FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub person_id: Option<i64>,
    pub team_id: i64,
    pub points: i64,
    pub source_type: String,
    pub source_id: i64,
    pub reason: String,
    pub note: String,
    pub corrects: Option<i64>,
    pub booked_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

const ENTRY: &str = "SELECT id, person_id, team_id, points, source_type, source_id, reason, note, corrects, booked_on, created_at FROM points";

/// The newest entries of a person (or, with `team`, of a team as a whole), at most `limit`,
/// before entry `before`.
pub async fn entries(
    tx: &mut Tx,
    person: Option<i64>,
    team: Option<i64>,
    before: i64,
    limit: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    let sql = match (person, team) {
        (Some(_), _) => format!("{ENTRY} WHERE person_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"),
        _ => format!("{ENTRY} WHERE team_id = $1 AND person_id IS NULL AND id < $2 ORDER BY id DESC LIMIT $3"),
    };
    let who = person.or(team).unwrap_or(0);
    on!(tx, c => sqlx::query_as(&sql).bind(who).bind(before).bind(limit).fetch_all(c).await)
}

pub async fn entry(tx: &mut Tx, id: i64) -> Result<Option<EntryRow>, sqlx::Error> {
    let sql = format!("{ENTRY} WHERE id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// The entry's studio and department, as it was booked (a correction counts where it did).
pub async fn entry_holder(tx: &mut Tx, id: i64) -> Result<Option<(Option<i64>, i64, i64, Option<i64>)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT person_id, team_id, department_id, studio_id FROM points WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// Ended months not yet frozen, before the month key `before` (`m2026-11`).
pub async fn months_to_freeze(tx: &mut Tx, before: &str) -> Result<Vec<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT win FROM board_counts WHERE board = 'department' AND win LIKE 'm%' AND win < $1
         AND win NOT IN (SELECT win FROM board_frozen_months) ORDER BY win",
    )
    .bind(before)
    .fetch_all(c)
    .await)
}

/// Copies a month's boards to the frozen shelf, once.
pub async fn freeze(tx: &mut Tx, win: &str) -> Result<bool, sqlx::Error> {
    let n = exec!(tx, c => sqlx::query(
        "INSERT INTO board_frozen_months (win, frozen_at) VALUES ($1, $2) ON CONFLICT (win) DO NOTHING",
    )
    .bind(win)
    .bind(now())
    .execute(c)
    .await)?;
    if n == 0 {
        return Ok(false);
    }
    exec!(tx, c => sqlx::query(
        "INSERT INTO board_frozen_totals (board, win, subject, department_id, total, entries)
         SELECT board, win, subject, department_id, total, entries FROM board_totals
         WHERE board IN ('person', 'team', 'studio', 'department') AND win = $1",
    )
    .bind(win)
    .execute(c)
    .await)?;
    exec!(tx, c => sqlx::query(
        "INSERT INTO board_frozen_counts (board, win, scope, total, n)
         SELECT board, win, scope, total, n FROM board_counts
         WHERE board IN ('person', 'team', 'studio', 'department') AND win = $1",
    )
    .bind(win)
    .execute(c)
    .await)?;
    Ok(true)
}

/// When a month's boards were frozen, if they are.
pub async fn frozen_at(tx: &mut Tx, win: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT frozen_at FROM board_frozen_months WHERE win = $1")
        .bind(win)
        .fetch_optional(c)
        .await)
}

/// Recomputes every board from the ledger (after a bulk load; and to check the kept boards).
pub async fn rebuild(tx: &mut Tx) -> Result<(), sqlx::Error> {
    for statement in REBUILD.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        exec!(tx, c => sqlx::query(statement).execute(c).await)?;
    }
    Ok(())
}

const REBUILD: &str = include_str!("boards_rebuild.sql");

/// The titles of points entries' sources, one kind at a time: (id, title).
pub async fn source_titles(tx: &mut Tx, kind: &str, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let head = match kind {
        "project" => "SELECT id, title FROM projects WHERE id IN (",
        "event" => "SELECT e.id, c.name || ' · ' || e.name FROM competition_events e JOIN competitions c ON c.id = e.competition_id WHERE e.id IN (",
        "honour" => "SELECT id, title FROM honours WHERE id IN (",
        "evaluation" => "SELECT id, title FROM evaluations WHERE id IN (",
        "labour" => "SELECT id, title FROM labour_contests WHERE id IN (",
        _ => return Ok(Vec::new()),
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    on!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(head);
        let mut sep = q.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        q.push(")");
        q.build_query_as::<(i64, String)>().fetch_all(&mut *c).await
    })
}

/// A team as its page names it: (name, department id, department name, how many people).
pub async fn team_card(tx: &mut Tx, team: i64) -> Result<Option<(String, i64, String, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT t.name, d.id, d.name, (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id AND p.active)
         FROM teams t JOIN departments d ON d.id = t.department_id WHERE t.id = $1",
    )
    .bind(team)
    .fetch_optional(c)
    .await)
}

/// A team's active people by name, at most `limit`: (id, name, job title).
pub async fn team_people(
    tx: &mut Tx,
    team: i64,
    limit: i64,
) -> Result<Vec<(i64, String, Option<String>)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, display_name, job_title FROM people WHERE team_id = $1 AND active ORDER BY display_name, id LIMIT $2",
    )
    .bind(team)
    .bind(limit)
    .fetch_all(c)
    .await)
}
