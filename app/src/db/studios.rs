//! Innovation studios, their members and yearly plans (tasks, budget, spending).

use super::{exec, now, on, Tx};
use crate::domain::money::Fen;
use chrono::NaiveDate;
use sqlx::FromRow;

#[derive(FromRow)]
pub struct StudioRow {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub leader_id: i64,
    pub leader_name: String,
    pub leader_team: String,
    pub field: String,
    pub founded_on: NaiveDate,
    pub member_count: i64,
    pub project_count: i64,
    pub adopted_count: i64,
}

const SELECT: &str = "SELECT s.id, s.name, s.level, s.leader_id, l.display_name AS leader_name, t.name AS leader_team,
        s.field, s.founded_on,
        (SELECT COUNT(*) FROM studio_members m WHERE m.studio_id = s.id) AS member_count,
        (SELECT COUNT(*) FROM projects p WHERE p.studio_id = s.id AND p.stage <> 'draft') AS project_count,
        (SELECT COUNT(*) FROM projects p WHERE p.studio_id = s.id AND p.stage = 'adopted') AS adopted_count
    FROM studios s JOIN people l ON l.id = s.leader_id JOIN teams t ON t.id = l.team_id";

pub async fn list(tx: &mut Tx) -> Result<Vec<StudioRow>, sqlx::Error> {
    let sql = format!("{SELECT} ORDER BY s.id");
    on!(tx, c => sqlx::query_as(&sql).fetch_all(c).await)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<StudioRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE s.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

pub async fn leader(tx: &mut Tx, id: i64) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT leader_id FROM studios WHERE id = $1").bind(id).fetch_optional(c).await)
}

/// Whether the person leads or is a member of the studio.
pub async fn belongs(tx: &mut Tx, studio: i64, person: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM studios s WHERE s.id = $1
           AND (s.leader_id = $2 OR EXISTS (SELECT 1 FROM studio_members m WHERE m.studio_id = s.id AND m.person_id = $2))",
    )
    .bind(studio)
    .bind(person)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Members as (id, name, team, username), in id order.
pub async fn members(tx: &mut Tx, id: i64) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.display_name, t.name, p.username FROM studio_members m JOIN people p ON p.id = m.person_id
         JOIN teams t ON t.id = p.team_id WHERE m.studio_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// Plans as (id, year, goals, budget), newest year first.
pub async fn plans(tx: &mut Tx, studio: i64) -> Result<Vec<(i64, i32, String, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, year, goals, budget_fen FROM studio_plans WHERE studio_id = $1 ORDER BY year DESC",
    )
    .bind(studio)
    .fetch_all(c)
    .await)
}

#[derive(FromRow)]
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub owner_team: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

pub async fn tasks(tx: &mut Tx, plan: i64) -> Result<Vec<TaskRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT k.id, k.title, p.id AS owner_id, p.display_name AS owner_name, t.name AS owner_team, k.due_on, k.done_on
         FROM plan_tasks k JOIN people p ON p.id = k.owner_id JOIN teams t ON t.id = p.team_id
         WHERE k.plan_id = $1 ORDER BY k.due_on, k.id",
    )
    .bind(plan)
    .fetch_all(c)
    .await)
}

/// Spending as (id, date, amount, purpose), in date order.
pub async fn spending(tx: &mut Tx, plan: i64) -> Result<Vec<(i64, NaiveDate, i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, spent_on, amount_fen, purpose FROM plan_spending WHERE plan_id = $1 ORDER BY spent_on, id",
    )
    .bind(plan)
    .fetch_all(c)
    .await)
}

pub struct StudioInput {
    pub name: String,
    pub level: crate::domain::studio::Level,
    pub leader_id: i64,
    pub field: String,
    pub founded_on: NaiveDate,
    pub member_ids: Vec<i64>,
}

pub async fn insert(tx: &mut Tx, input: &StudioInput) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO studios (name, level, leader_id, field, founded_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(&input.name)
    .bind(input.level.code())
    .bind(input.leader_id)
    .bind(&input.field)
    .bind(input.founded_on)
    .bind(now())
    .fetch_one(c)
    .await)
}

/// Rows changed (0 when there is no such studio).
pub async fn update(tx: &mut Tx, id: i64, input: &StudioInput) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE studios SET name = $1, level = $2, leader_id = $3, field = $4, founded_on = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&input.name)
    .bind(input.level.code())
    .bind(input.leader_id)
    .bind(&input.field)
    .bind(input.founded_on)
    .bind(now())
    .bind(id)
    .execute(c)
    .await
    )
}

pub async fn replace_members(tx: &mut Tx, id: i64, people: &[i64]) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM studio_members WHERE studio_id = $1").bind(id).execute(c).await)?;
    for p in people {
        exec!(tx, c => sqlx::query("INSERT INTO studio_members (studio_id, person_id) VALUES ($1, $2)")
            .bind(id)
            .bind(p)
            .execute(c)
            .await)?;
    }
    Ok(())
}

pub async fn plan_id(tx: &mut Tx, studio: i64, year: i32) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM studio_plans WHERE studio_id = $1 AND year = $2")
        .bind(studio)
        .bind(year)
        .fetch_optional(c)
        .await)
}

pub async fn update_plan(tx: &mut Tx, id: i64, goals: &str, budget: Fen) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE studio_plans SET goals = $1, budget_fen = $2 WHERE id = $3")
        .bind(goals)
        .bind(budget.0)
        .bind(id)
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn insert_plan(tx: &mut Tx, studio: i64, year: i32, goals: &str, budget: Fen) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO studio_plans (studio_id, year, goals, budget_fen) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(studio)
    .bind(year)
    .bind(goals)
    .bind(budget.0)
    .fetch_one(c)
    .await)
}

/// The studio a plan belongs to.
pub async fn plan_studio(tx: &mut Tx, plan: i64) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT studio_id FROM studio_plans WHERE id = $1")
        .bind(plan)
        .fetch_optional(c)
        .await)
}

/// The studio a task's plan belongs to, with the plan.
pub async fn task_plan_studio(tx: &mut Tx, task: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT k.plan_id, p.studio_id FROM plan_tasks k JOIN studio_plans p ON p.id = k.plan_id WHERE k.id = $1",
    )
    .bind(task)
    .fetch_optional(c)
    .await)
}

pub async fn insert_task(
    tx: &mut Tx,
    plan: i64,
    title: &str,
    owner: i64,
    due_on: NaiveDate,
) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO plan_tasks (plan_id, title, owner_id, due_on) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(plan)
    .bind(title)
    .bind(owner)
    .bind(due_on)
    .fetch_one(c)
    .await)
}

pub async fn complete_task(tx: &mut Tx, task: i64, done_on: NaiveDate) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE plan_tasks SET done_on = $1 WHERE id = $2")
        .bind(done_on)
        .bind(task)
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn insert_spending(
    tx: &mut Tx,
    plan: i64,
    spent_on: NaiveDate,
    amount: Fen,
    purpose: &str,
    recorded_by: i64,
) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO plan_spending (plan_id, spent_on, amount_fen, purpose, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(plan)
    .bind(spent_on)
    .bind(amount.0)
    .bind(purpose)
    .bind(recorded_by)
    .bind(now())
    .fetch_one(c)
    .await)
}

/// Whether `person` is a member of a studio `leader` leads.
pub async fn in_studio_led_by(tx: &mut Tx, leader: i64, person: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM studio_members m JOIN studios s ON s.id = m.studio_id WHERE s.leader_id = $1 AND m.person_id = $2",
    )
    .bind(leader)
    .bind(person)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}
