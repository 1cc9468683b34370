//! Company, departments and teams.

use super::{exec, now, on, Tx};
use crate::domain::org::{DepartmentKind, UnitName};
use sqlx::FromRow;

pub async fn company_name(tx: &mut Tx) -> Result<Option<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT name FROM company ORDER BY id LIMIT 1").fetch_optional(c).await)
}

/// A department with how many teams and active people it has.
#[derive(FromRow)]
pub struct DepartmentRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub teams: i64,
    pub people: i64,
}

const DEPARTMENT_COLUMNS: &str = "d.id, d.name, d.kind,
    (SELECT COUNT(*) FROM teams t WHERE t.department_id = d.id) AS teams,
    (SELECT COUNT(*) FROM teams t JOIN people p ON p.team_id = t.id WHERE t.department_id = d.id AND p.active) AS people";

/// Departments whose name contains `fragment` (any case), in the order they were made: a page of
/// them and how many there are.
pub async fn departments(
    tx: &mut Tx,
    fragment: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<DepartmentRow>, i64), sqlx::Error> {
    let pattern = super::contains_pattern(fragment);
    let filter = "WHERE LOWER(d.name) LIKE $1 ESCAPE '\\'";
    let total: i64 = on!(tx, c => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM departments d {filter}"))
        .bind(&pattern)
        .fetch_one(c)
        .await)?;
    let sql = format!("SELECT {DEPARTMENT_COLUMNS} FROM departments d {filter} ORDER BY d.id LIMIT $2 OFFSET $3");
    let rows = on!(tx, c => sqlx::query_as(&sql).bind(&pattern).bind(limit).bind(offset).fetch_all(c).await)?;
    Ok((rows, total))
}

pub async fn department(tx: &mut Tx, id: i64) -> Result<Option<DepartmentRow>, sqlx::Error> {
    let sql = format!("SELECT {DEPARTMENT_COLUMNS} FROM departments d WHERE d.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// How many active people the organisation has.
pub async fn people_total(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE active").fetch_one(c).await)
}

#[derive(FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub member_count: i64,
}

/// A department's teams whose name contains `fragment`, by name: a page of them and how many.
pub async fn teams(
    tx: &mut Tx,
    department_id: i64,
    fragment: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<TeamRow>, i64), sqlx::Error> {
    let pattern = super::contains_pattern(fragment);
    let filter = "WHERE t.department_id = $1 AND LOWER(t.name) LIKE $2 ESCAPE '\\'";
    let total: i64 = on!(tx, c => sqlx::query_scalar(&format!("SELECT COUNT(*) FROM teams t {filter}"))
        .bind(department_id)
        .bind(&pattern)
        .fetch_one(c)
        .await)?;
    let sql = format!(
        "SELECT t.id, t.name, (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id AND p.active) AS member_count
         FROM teams t {filter} ORDER BY t.name, t.id LIMIT $3 OFFSET $4"
    );
    let rows = on!(tx, c => sqlx::query_as(&sql)
        .bind(department_id)
        .bind(&pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?;
    Ok((rows, total))
}

/// A team or department as a picker shows it.
#[derive(FromRow)]
pub struct UnitPick {
    pub id: i64,
    pub name: String,
    pub department_name: String,
}

/// Up to `limit` teams whose name, or whose department's name, starts with `prefix`: index ranges
/// with a limit, so it costs the same on any organisation.
pub async fn pick_teams(tx: &mut Tx, prefix: &str, limit: i64) -> Result<Vec<UnitPick>, sqlx::Error> {
    let (from, to) = super::prefix_range(prefix);
    let c = tx.byte_order();
    let sql = format!(
        "SELECT t.id, t.name, d.name AS department_name
         FROM teams t JOIN departments d ON d.id = t.department_id
         WHERE t.id IN (
             SELECT id FROM (SELECT id FROM teams WHERE name{c} >= $1 AND name{c} < $2 ORDER BY name{c} LIMIT $3) a
             UNION SELECT id FROM (SELECT tt.id FROM departments dd JOIN teams tt ON tt.department_id = dd.id
                             WHERE dd.name{c} >= $1 AND dd.name{c} < $2 ORDER BY dd.name{c}, tt.name LIMIT $3) b)
         ORDER BY d.name, t.name LIMIT $3"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(&from).bind(&to).bind(limit).fetch_all(c).await)
}

/// Up to `limit` departments whose name starts with `prefix`, by name.
pub async fn pick_departments(tx: &mut Tx, prefix: &str, limit: i64) -> Result<Vec<UnitPick>, sqlx::Error> {
    let (from, to) = super::prefix_range(prefix);
    let c = tx.byte_order();
    let sql = format!(
        "SELECT id, name, '' AS department_name FROM departments
         WHERE name{c} >= $1 AND name{c} < $2 ORDER BY name{c} LIMIT $3"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(&from).bind(&to).bind(limit).fetch_all(c).await)
}

/// A team's name and its department's, for showing a chosen team.
pub async fn team_label(tx: &mut Tx, id: i64) -> Result<Option<UnitPick>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT t.id, t.name, d.name AS department_name FROM teams t JOIN departments d ON d.id = t.department_id
         WHERE t.id = $1",
    )
    .bind(id)
    .fetch_optional(c)
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
