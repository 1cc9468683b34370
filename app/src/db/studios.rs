//! Innovation studios, their members and yearly plans (tasks, budget, spending).

use super::{audit, is_unique_violation, now, Pool};
use crate::domain::studio::Level;
use crate::error::AppError;
use crate::model::PersonRef;
use crate::model_projects::{PlanView, SpendView, StudioSummary, TaskView};
use sqlx::FromRow;

#[derive(FromRow)]
struct Row {
    id: i64,
    name: String,
    level: String,
    leader_id: i64,
    leader_name: String,
    leader_team: String,
    field: String,
    founded_on: String,
    member_count: i64,
    project_count: i64,
    adopted_count: i64,
}

const SELECT: &str = "SELECT s.id, s.name, s.level, s.leader_id, l.display_name AS leader_name, t.name AS leader_team,
        s.field, s.founded_on,
        (SELECT COUNT(*) FROM studio_members m WHERE m.studio_id = s.id) AS member_count,
        (SELECT COUNT(*) FROM projects p WHERE p.studio_id = s.id AND p.stage <> 'draft') AS project_count,
        (SELECT COUNT(*) FROM projects p WHERE p.studio_id = s.id AND p.stage = 'adopted') AS adopted_count
    FROM studios s JOIN people l ON l.id = s.leader_id JOIN teams t ON t.id = l.team_id";

fn summary(r: Row) -> StudioSummary {
    StudioSummary {
        id: r.id,
        name: r.name,
        level: Level::parse(&r.level).unwrap_or(Level::Enterprise),
        leader: PersonRef { id: r.leader_id, name: r.leader_name, team_name: r.leader_team },
        field: r.field,
        founded_on: r.founded_on,
        member_count: r.member_count,
        project_count: r.project_count,
        adopted_count: r.adopted_count,
    }
}

pub async fn list(pool: &Pool) -> Result<Vec<StudioSummary>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} ORDER BY s.id")).fetch_all(pool).await?;
    Ok(rows.into_iter().map(summary).collect())
}

pub async fn get(pool: &Pool, id: i64) -> Result<StudioSummary, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE s.id = $1")).bind(id).fetch_optional(pool).await?;
    row.map(summary).ok_or(AppError::NotFound)
}

pub async fn members(pool: &Pool, id: i64) -> Result<Vec<PersonRef>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.display_name, t.name FROM studio_members m JOIN people p ON p.id = m.person_id
         JOIN teams t ON t.id = p.team_id WHERE m.studio_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(id, name, team_name)| PersonRef { id, name, team_name }).collect())
}

pub async fn plans(pool: &Pool, id: i64) -> Result<Vec<PlanView>, sqlx::Error> {
    let plans: Vec<(i64, i32, String, i64)> =
        sqlx::query_as("SELECT id, year, goals, budget_fen FROM studio_plans WHERE studio_id = $1 ORDER BY year DESC")
            .bind(id)
            .fetch_all(pool)
            .await?;
    let mut out = Vec::new();
    for (plan_id, year, goals, budget_fen) in plans {
        let tasks: Vec<(i64, String, i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT k.id, k.title, p.id, p.display_name, t.name, k.due_on, k.done_on FROM plan_tasks k
             JOIN people p ON p.id = k.owner_id JOIN teams t ON t.id = p.team_id WHERE k.plan_id = $1 ORDER BY k.due_on, k.id",
        )
        .bind(plan_id)
        .fetch_all(pool)
        .await?;
        let spending: Vec<(i64, String, i64, String)> = sqlx::query_as(
            "SELECT id, spent_on, amount_fen, purpose FROM plan_spending WHERE plan_id = $1 ORDER BY spent_on, id",
        )
        .bind(plan_id)
        .fetch_all(pool)
        .await?;
        out.push(PlanView {
            id: plan_id,
            year,
            goals,
            budget_fen,
            spent_fen: spending.iter().map(|s| s.2).sum(),
            tasks: tasks
                .into_iter()
                .map(|(id, title, oid, oname, oteam, due_on, done_on)| TaskView {
                    id,
                    title,
                    owner: PersonRef { id: oid, name: oname, team_name: oteam },
                    due_on,
                    done_on,
                })
                .collect(),
            spending: spending
                .into_iter()
                .map(|(id, spent_on, amount_fen, purpose)| SpendView { id, spent_on, amount_fen, purpose })
                .collect(),
        });
    }
    Ok(out)
}

pub struct StudioInput {
    pub name: String,
    pub level: Level,
    pub leader_id: i64,
    pub field: String,
    pub founded_on: String,
    pub member_ids: Vec<i64>,
}

fn conflict(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::field("name", "err.studio.name_taken")
    } else if super::is_foreign_key_violation(&e) {
        AppError::field("leader_id", "err.person.missing")
    } else {
        e.into()
    }
}

async fn write_members(tx: &mut super::Tx<'_>, id: i64, input: &StudioInput) -> Result<(), AppError> {
    sqlx::query("DELETE FROM studio_members WHERE studio_id = $1").bind(id).execute(&mut **tx).await?;
    let mut ids = input.member_ids.clone();
    ids.push(input.leader_id);
    ids.sort_unstable();
    ids.dedup();
    for p in ids {
        sqlx::query("INSERT INTO studio_members (studio_id, person_id) VALUES ($1, $2)")
            .bind(id)
            .bind(p)
            .execute(&mut **tx)
            .await
            .map_err(|e| {
                if super::is_foreign_key_violation(&e) {
                    AppError::field("member_ids", "err.person.missing")
                } else {
                    e.into()
                }
            })?;
    }
    Ok(())
}

pub async fn create(pool: &Pool, actor: i64, input: &StudioInput) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let ts = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO studios (name, level, leader_id, field, founded_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(&input.name)
    .bind(input.level.code())
    .bind(input.leader_id)
    .bind(&input.field)
    .bind(&input.founded_on)
    .bind(ts)
    .fetch_one(&mut *tx)
    .await
    .map_err(conflict)?;
    write_members(&mut tx, id, input).await?;
    audit::record(&mut tx, Some(actor), "studio.create", "studio", Some(id), &input.name).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(pool: &Pool, actor: i64, id: i64, input: &StudioInput) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query(
        "UPDATE studios SET name = $1, level = $2, leader_id = $3, field = $4, founded_on = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(&input.name)
    .bind(input.level.code())
    .bind(input.leader_id)
    .bind(&input.field)
    .bind(&input.founded_on)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(conflict)?
    .rows_affected();
    if n == 0 {
        return Err(AppError::NotFound);
    }
    write_members(&mut tx, id, input).await?;
    audit::record(&mut tx, Some(actor), "studio.update", "studio", Some(id), &input.name).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates or updates the studio's plan for a year (goals and budget).
pub async fn save_plan(
    pool: &Pool,
    actor: i64,
    studio: i64,
    year: i32,
    goals: &str,
    budget_fen: i64,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM studio_plans WHERE studio_id = $1 AND year = $2")
        .bind(studio)
        .bind(year)
        .fetch_optional(&mut *tx)
        .await?;
    let id = match existing {
        Some(id) => {
            sqlx::query("UPDATE studio_plans SET goals = $1, budget_fen = $2 WHERE id = $3")
                .bind(goals)
                .bind(budget_fen)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO studio_plans (studio_id, year, goals, budget_fen) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(studio)
        .bind(year)
        .bind(goals)
        .bind(budget_fen)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| if super::is_foreign_key_violation(&e) { AppError::NotFound } else { e.into() })?,
    };
    audit::record(&mut tx, Some(actor), "studio.plan", "studio", Some(studio), &format!("{year}")).await?;
    tx.commit().await?;
    Ok(id)
}

/// The studio a plan belongs to (for permission checks).
pub async fn plan_studio(pool: &Pool, plan: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT studio_id FROM studio_plans WHERE id = $1")
        .bind(plan)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn task_plan(pool: &Pool, task: i64) -> Result<i64, AppError> {
    sqlx::query_scalar("SELECT plan_id FROM plan_tasks WHERE id = $1")
        .bind(task)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn add_task(
    pool: &Pool,
    actor: i64,
    plan: i64,
    title: &str,
    owner: i64,
    due_on: &str,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plan_tasks (plan_id, title, owner_id, due_on) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(plan)
    .bind(title)
    .bind(owner)
    .bind(due_on)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if super::is_foreign_key_violation(&e) {
            AppError::field("owner_id", "err.person.missing")
        } else {
            e.into()
        }
    })?;
    audit::record(&mut tx, Some(actor), "studio.task", "plan", Some(plan), title).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn complete_task(pool: &Pool, actor: i64, task: i64, done_on: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE plan_tasks SET done_on = $1 WHERE id = $2").bind(done_on).bind(task).execute(&mut *tx).await?;
    audit::record(&mut tx, Some(actor), "studio.task_done", "task", Some(task), done_on).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_spending(
    pool: &Pool,
    actor: i64,
    plan: i64,
    spent_on: &str,
    amount_fen: i64,
    purpose: &str,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO plan_spending (plan_id, spent_on, amount_fen, purpose, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(plan)
    .bind(spent_on)
    .bind(amount_fen)
    .bind(purpose)
    .bind(actor)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, Some(actor), "studio.spending", "plan", Some(plan), &format!("{amount_fen} {purpose}"))
        .await?;
    tx.commit().await?;
    Ok(id)
}
