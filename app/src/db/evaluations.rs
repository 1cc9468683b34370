//! 五比两树 evaluations: the evaluation, its panel, its teams, the evaluators' sheets and the
//! published standings.

use super::{exec, now, on, Tx};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

pub struct NewEvaluation<'a> {
    pub title: &'a str,
    pub period: &'a str,
    pub weights: [i64; 7],
    pub points: &'a str,
    /// A dimension taken from a labour competition's closed period: (dimension, contest, period).
    pub derived: Option<(&'a str, i64, &'a str)>,
    pub by: i64,
}

pub async fn insert(tx: &mut Tx, e: &NewEvaluation<'_>) -> Result<i64, sqlx::Error> {
    let w = e.weights;
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO evaluations (title, period, w_contribution, w_skill, w_innovation, w_collaboration, w_compliance,
                                  w_image, w_brand, points, derived_dimension, labour_contest_id, labour_period, status,
                                  created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'scoring', $14, $15) RETURNING id",
    )
    .bind(e.title)
    .bind(e.period)
    .bind(w[0])
    .bind(w[1])
    .bind(w[2])
    .bind(w[3])
    .bind(w[4])
    .bind(w[5])
    .bind(w[6])
    .bind(e.points)
    .bind(e.derived.map(|d| d.0))
    .bind(e.derived.map(|d| d.1))
    .bind(e.derived.map(|d| d.2))
    .bind(e.by)
    .bind(now())
    .fetch_one(c)
    .await)
}

#[derive(Clone, Debug, FromRow)]
pub struct EvaluationRow {
    pub id: i64,
    pub title: String,
    pub period: String,
    pub w_contribution: i64,
    pub w_skill: i64,
    pub w_innovation: i64,
    pub w_collaboration: i64,
    pub w_compliance: i64,
    pub w_image: i64,
    pub w_brand: i64,
    pub points: String,
    pub derived_dimension: Option<String>,
    pub labour_contest_id: Option<i64>,
    pub labour_period: Option<String>,
    pub labour_title: Option<String>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub teams: i64,
}

impl EvaluationRow {
    pub fn weights(&self) -> [i64; 7] {
        [
            self.w_contribution,
            self.w_skill,
            self.w_innovation,
            self.w_collaboration,
            self.w_compliance,
            self.w_image,
            self.w_brand,
        ]
    }
}

const SELECT: &str = "SELECT e.id, e.title, e.period, CAST(e.w_contribution AS BIGINT) AS w_contribution,
        CAST(e.w_skill AS BIGINT) AS w_skill, CAST(e.w_innovation AS BIGINT) AS w_innovation,
        CAST(e.w_collaboration AS BIGINT) AS w_collaboration, CAST(e.w_compliance AS BIGINT) AS w_compliance,
        CAST(e.w_image AS BIGINT) AS w_image, CAST(e.w_brand AS BIGINT) AS w_brand, e.points, e.derived_dimension,
        e.labour_contest_id, e.labour_period, l.title AS labour_title, e.status, e.created_at, e.published_at,
        (SELECT COUNT(*) FROM evaluation_teams t WHERE t.evaluation_id = e.id) AS teams
    FROM evaluations e LEFT JOIN labour_contests l ON l.id = e.labour_contest_id";

/// Takes the evaluation's row for the rest of the transaction, so a sheet, a team or a panel
/// change and publishing never interleave (PostgreSQL; SQLite has one writer anyway).
pub async fn lock(tx: &mut Tx, id: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE evaluations SET status = status WHERE id = $1").bind(id).execute(c).await)?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<EvaluationRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// A page of evaluations, the latest started first, and how many there are.
pub async fn list(tx: &mut Tx, offset: i64, limit: i64) -> Result<(Vec<EvaluationRow>, i64), sqlx::Error> {
    let sql = format!("{SELECT} ORDER BY e.id DESC LIMIT $1 OFFSET $2");
    let rows = on!(tx, c => sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(c).await)?;
    let total = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM evaluations").fetch_one(c).await)?;
    Ok((rows, total))
}

/// The evaluations a person sits on the panel of, still scoring (the judge's "to do").
pub async fn scoring_for(tx: &mut Tx, person: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT e.id, e.title, e.period FROM evaluation_panel p JOIN evaluations e ON e.id = p.evaluation_id
         WHERE p.person_id = $1 AND e.status = 'scoring' ORDER BY e.id DESC LIMIT 20",
    )
    .bind(person)
    .fetch_all(c)
    .await)
}

/// Enters every team of a department; returns how many were new.
pub async fn add_department_teams(tx: &mut Tx, evaluation: i64, department: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO evaluation_teams (evaluation_id, team_id)
         SELECT $1, id FROM teams WHERE department_id = $2
         ON CONFLICT DO NOTHING",
    )
    .bind(evaluation)
    .bind(department)
    .execute(c)
    .await)
}

/// Takes a team out, with the sheets entered for it.
pub async fn remove_team(tx: &mut Tx, evaluation: i64, team: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM evaluation_sheets WHERE evaluation_id = $1 AND team_id = $2")
        .bind(evaluation).bind(team).execute(c).await)?;
    exec!(tx, c => sqlx::query("DELETE FROM evaluation_teams WHERE evaluation_id = $1 AND team_id = $2")
        .bind(evaluation).bind(team).execute(c).await)
}

pub async fn add_evaluator(tx: &mut Tx, evaluation: i64, person: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO evaluation_panel (evaluation_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(evaluation)
    .bind(person)
    .execute(c)
    .await)
}

/// Takes an evaluator off the panel; their sheets no longer count.
pub async fn remove_evaluator(tx: &mut Tx, evaluation: i64, person: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM evaluation_sheets WHERE evaluation_id = $1 AND evaluator_id = $2")
        .bind(evaluation).bind(person).execute(c).await)?;
    exec!(tx, c => sqlx::query("DELETE FROM evaluation_panel WHERE evaluation_id = $1 AND person_id = $2")
        .bind(evaluation).bind(person).execute(c).await)
}

/// The panel (at most 100 shown): (id, name, team's name, sheets entered).
pub async fn panel(tx: &mut Tx, evaluation: i64) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.display_name, t.name,
                (SELECT COUNT(*) FROM evaluation_sheets s WHERE s.evaluation_id = $1 AND s.evaluator_id = p.id)
         FROM evaluation_panel m JOIN people p ON p.id = m.person_id JOIN teams t ON t.id = p.team_id
         WHERE m.evaluation_id = $1 ORDER BY p.display_name, p.id LIMIT 100",
    )
    .bind(evaluation)
    .fetch_all(c)
    .await)
}

pub async fn on_panel(tx: &mut Tx, evaluation: i64, person: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_panel WHERE evaluation_id = $1 AND person_id = $2",
    )
    .bind(evaluation)
    .bind(person)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

pub async fn has_team(tx: &mut Tx, evaluation: i64, team: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_teams WHERE evaluation_id = $1 AND team_id = $2",
    )
    .bind(evaluation)
    .bind(team)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// A team of an evaluation as its pages list it; the result columns once published.
#[derive(Clone, Debug, FromRow)]
pub struct TeamRow {
    pub team_id: i64,
    pub team_name: String,
    pub department_name: String,
    pub scores: Option<String>,
    pub total: Option<String>,
    pub rank: Option<i64>,
    pub points: Option<i64>,
    pub sheets: i64,
}

/// A page of the evaluation's teams: by rank once published, by name before.
pub async fn teams(tx: &mut Tx, evaluation: i64, offset: i64, limit: i64) -> Result<Vec<TeamRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT et.team_id, t.name AS team_name, d.name AS department_name, et.scores, et.total,
                CAST(et.rank AS BIGINT) AS rank, CAST(et.points AS BIGINT) AS points,
                (SELECT COUNT(*) FROM evaluation_sheets s WHERE s.evaluation_id = et.evaluation_id AND s.team_id = et.team_id) AS sheets
         FROM evaluation_teams et JOIN teams t ON t.id = et.team_id JOIN departments d ON d.id = t.department_id
         WHERE et.evaluation_id = $1
         ORDER BY COALESCE(et.rank, 0), t.name, t.id LIMIT $2 OFFSET $3",
    )
    .bind(evaluation)
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await)
}

/// How many teams have at least one sheet.
pub async fn teams_scored(tx: &mut Tx, evaluation: i64) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(DISTINCT team_id) FROM evaluation_sheets WHERE evaluation_id = $1",
    )
    .bind(evaluation)
    .fetch_one(c)
    .await)
}

/// One evaluator's sheet: the seven stored scores (a derived dimension's is NULL).
#[derive(Clone, Debug, FromRow)]
pub struct SheetRow {
    pub team_id: i64,
    pub s_contribution: Option<String>,
    pub s_skill: Option<String>,
    pub s_innovation: Option<String>,
    pub s_collaboration: Option<String>,
    pub s_compliance: Option<String>,
    pub s_image: Option<String>,
    pub s_brand: Option<String>,
}

impl SheetRow {
    pub fn scores(&self) -> [Option<&str>; 7] {
        [
            self.s_contribution.as_deref(),
            self.s_skill.as_deref(),
            self.s_innovation.as_deref(),
            self.s_collaboration.as_deref(),
            self.s_compliance.as_deref(),
            self.s_image.as_deref(),
            self.s_brand.as_deref(),
        ]
    }
}

const SHEET: &str =
    "SELECT team_id, s_contribution, s_skill, s_innovation, s_collaboration, s_compliance, s_image, s_brand
    FROM evaluation_sheets";

/// An evaluator's sheets for some teams.
pub async fn sheets_of(
    tx: &mut Tx,
    evaluation: i64,
    evaluator: i64,
    teams: &[i64],
) -> Result<Vec<SheetRow>, sqlx::Error> {
    if teams.is_empty() {
        return Ok(Vec::new());
    }
    let list = teams.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(",");
    let sql = format!("{SHEET} WHERE evaluation_id = $1 AND evaluator_id = $2 AND team_id IN ({list})");
    on!(tx, c => sqlx::query_as(&sql).bind(evaluation).bind(evaluator).fetch_all(c).await)
}

/// Every sheet of an evaluation, by team (to publish it).
pub async fn all_sheets(tx: &mut Tx, evaluation: i64) -> Result<Vec<SheetRow>, sqlx::Error> {
    let sql = format!("{SHEET} WHERE evaluation_id = $1 ORDER BY team_id");
    on!(tx, c => sqlx::query_as(&sql).bind(evaluation).fetch_all(c).await)
}

/// Saves (or replaces) an evaluator's sheet for a team.
pub async fn save_sheet(
    tx: &mut Tx,
    evaluation: i64,
    team: i64,
    evaluator: i64,
    scores: &[Option<String>; 7],
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO evaluation_sheets (evaluation_id, team_id, evaluator_id, s_contribution, s_skill, s_innovation,
                                        s_collaboration, s_compliance, s_image, s_brand, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (evaluation_id, team_id, evaluator_id) DO UPDATE SET
            s_contribution = excluded.s_contribution, s_skill = excluded.s_skill, s_innovation = excluded.s_innovation,
            s_collaboration = excluded.s_collaboration, s_compliance = excluded.s_compliance,
            s_image = excluded.s_image, s_brand = excluded.s_brand, entered_at = excluded.entered_at",
    )
    .bind(evaluation)
    .bind(team)
    .bind(evaluator)
    .bind(&scores[0])
    .bind(&scores[1])
    .bind(&scores[2])
    .bind(&scores[3])
    .bind(&scores[4])
    .bind(&scores[5])
    .bind(&scores[6])
    .bind(now())
    .execute(c)
    .await)
}

/// Every team of an evaluation, by id.
pub async fn team_ids(tx: &mut Tx, evaluation: i64) -> Result<Vec<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT team_id FROM evaluation_teams WHERE evaluation_id = $1 ORDER BY team_id")
        .bind(evaluation)
        .fetch_all(c)
        .await)
}

pub async fn set_result(
    tx: &mut Tx,
    evaluation: i64,
    team: i64,
    scores: &str,
    total: &str,
    rank: i64,
    points: i64,
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE evaluation_teams SET scores = $1, total = $2, rank = $3, points = $4
         WHERE evaluation_id = $5 AND team_id = $6",
    )
    .bind(scores)
    .bind(total)
    .bind(rank)
    .bind(points)
    .bind(evaluation)
    .bind(team)
    .execute(c)
    .await)
}

/// Marks an evaluation published; false if it already was.
pub async fn publish(tx: &mut Tx, evaluation: i64, by: i64) -> Result<bool, sqlx::Error> {
    let n = exec!(tx, c => sqlx::query(
        "UPDATE evaluations SET status = 'published', published_by = $1, published_at = $2
         WHERE id = $3 AND status = 'scoring'",
    )
    .bind(by)
    .bind(now())
    .bind(evaluation)
    .execute(c)
    .await)?;
    Ok(n == 1)
}

/// A team's place in a published evaluation, with how many teams were ranked.
#[derive(Clone, Debug, FromRow)]
pub struct HistoryRow {
    pub evaluation_id: i64,
    pub title: String,
    pub period: String,
    pub scores: String,
    pub total: String,
    pub rank: i64,
    pub points: i64,
    pub teams: i64,
}

/// A team's published evaluations, newest first.
pub async fn history(tx: &mut Tx, team: i64, limit: i64) -> Result<Vec<HistoryRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT e.id AS evaluation_id, e.title, e.period, et.scores, et.total, CAST(et.rank AS BIGINT) AS rank,
                CAST(et.points AS BIGINT) AS points,
                (SELECT COUNT(*) FROM evaluation_teams x WHERE x.evaluation_id = e.id) AS teams
         FROM evaluation_teams et JOIN evaluations e ON e.id = et.evaluation_id
         WHERE et.team_id = $1 AND e.status = 'published' AND et.scores IS NOT NULL
         ORDER BY e.published_at DESC, e.id DESC LIMIT $2",
    )
    .bind(team)
    .bind(limit)
    .fetch_all(c)
    .await)
}

/// How many sheets an evaluator has entered.
pub async fn sheets_by(tx: &mut Tx, evaluation: i64, evaluator: i64) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_sheets WHERE evaluation_id = $1 AND evaluator_id = $2",
    )
    .bind(evaluation)
    .bind(evaluator)
    .fetch_one(c)
    .await)
}
