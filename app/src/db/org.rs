//! Company, departments and teams.

use super::{exec, now, on, Tx};
use crate::domain::org::{DepartmentKind, UnitName};
use sqlx::FromRow;

pub async fn company_name(tx: &mut Tx) -> Result<Option<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT name FROM company ORDER BY id LIMIT 1").fetch_optional(c).await)
}

#[derive(FromRow)]
pub struct DepartmentRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
}

pub async fn departments(tx: &mut Tx) -> Result<Vec<DepartmentRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT id, name, kind FROM departments ORDER BY id").fetch_all(c).await)
}

#[derive(FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub department_id: i64,
    pub name: String,
    pub member_count: i64,
}

pub async fn teams(tx: &mut Tx) -> Result<Vec<TeamRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT t.id, t.department_id, t.name,
                (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id AND p.active) AS member_count
         FROM teams t ORDER BY t.id",
    )
    .fetch_all(c)
    .await)
}

/// Renames the company; creates its row when there is none yet. The company's id is 1.
pub async fn set_company_name(tx: &mut Tx, name: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO company (id, name, updated_at) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
    )
    .bind(name)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

pub async fn insert_department(tx: &mut Tx, name: &UnitName, kind: DepartmentKind) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO departments (company_id, name, kind, created_at, updated_at)
         VALUES ((SELECT MIN(id) FROM company), $1, $2, $3, $3) RETURNING id",
    )
    .bind(name.as_str())
    .bind(kind.code())
    .bind(now())
    .fetch_one(c)
    .await)
}

/// Rows changed (0 when there is no such department).
pub async fn update_department(
    tx: &mut Tx,
    id: i64,
    name: &UnitName,
    kind: DepartmentKind,
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE departments SET name = $1, kind = $2, updated_at = $3 WHERE id = $4")
        .bind(name.as_str())
        .bind(kind.code())
        .bind(now())
        .bind(id)
        .execute(c)
        .await)
}

pub async fn insert_team(tx: &mut Tx, department_id: i64, name: &UnitName) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO teams (department_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(department_id)
    .bind(name.as_str())
    .bind(now())
    .fetch_one(c)
    .await)
}

/// Rows changed (0 when there is no such team).
pub async fn update_team(tx: &mut Tx, id: i64, department_id: i64, name: &UnitName) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE teams SET department_id = $1, name = $2, updated_at = $3 WHERE id = $4")
        .bind(department_id)
        .bind(name.as_str())
        .bind(now())
        .bind(id)
        .execute(c)
        .await)
}

pub async fn team_exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE id = $1").bind(id).fetch_one(c).await)?;
    Ok(n > 0)
}

/// A department's id by its exact name.
pub async fn department_id_by_name(tx: &mut Tx, name: &str) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM departments WHERE name = $1").bind(name).fetch_optional(c).await)
}

/// A team's id by its department and exact name.
pub async fn team_id_by_name(tx: &mut Tx, department_id: i64, name: &str) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM teams WHERE department_id = $1 AND name = $2")
        .bind(department_id)
        .bind(name)
        .fetch_optional(c)
        .await)
}
