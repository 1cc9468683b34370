//! Company, departments and teams.

use super::{audit, is_foreign_key_violation, is_unique_violation, now, Pool};
use crate::domain::org::{DepartmentKind, UnitName};
use crate::error::AppError;
use crate::model::{DepartmentNode, OrgTree, TeamNode};
use sqlx::FromRow;

pub async fn tree(pool: &Pool) -> Result<OrgTree, sqlx::Error> {
    let company_name: String = sqlx::query_scalar("SELECT name FROM company ORDER BY id LIMIT 1")
        .fetch_optional(pool)
        .await?
        .unwrap_or_default();
    #[derive(FromRow)]
    struct Dept {
        id: i64,
        name: String,
        kind: String,
    }
    #[derive(FromRow)]
    struct Team {
        id: i64,
        department_id: i64,
        name: String,
        member_count: i64,
    }
    let depts: Vec<Dept> = sqlx::query_as("SELECT id, name, kind FROM departments ORDER BY id").fetch_all(pool).await?;
    let teams: Vec<Team> = sqlx::query_as(
        "SELECT t.id, t.department_id, t.name,
                (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id AND p.active) AS member_count
         FROM teams t ORDER BY t.id",
    )
    .fetch_all(pool)
    .await?;
    let departments = depts
        .into_iter()
        .map(|d| DepartmentNode {
            teams: teams
                .iter()
                .filter(|t| t.department_id == d.id)
                .map(|t| TeamNode { id: t.id, name: t.name.clone(), member_count: t.member_count })
                .collect(),
            id: d.id,
            name: d.name,
            kind: DepartmentKind::parse(&d.kind).unwrap_or(DepartmentKind::Department),
        })
        .collect();
    Ok(OrgTree { company_name, departments })
}

pub async fn rename_company(pool: &Pool, actor: i64, name: &UnitName) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query("UPDATE company SET name = $1, updated_at = $2")
        .bind(name.as_str())
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        sqlx::query("INSERT INTO company (id, name, updated_at) VALUES (1, $1, $2)")
            .bind(name.as_str())
            .bind(now())
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut tx, Some(actor), "company.rename", "company", Some(1), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

fn dept_conflict(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::field("name", "err.department.name_taken")
    } else {
        e.into()
    }
}

fn team_conflict(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::field("name", "err.team.name_taken")
    } else if is_foreign_key_violation(&e) {
        AppError::field("department_id", "err.department.missing")
    } else {
        e.into()
    }
}

pub async fn create_department(
    pool: &Pool,
    actor: i64,
    name: &UnitName,
    kind: DepartmentKind,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO departments (company_id, name, kind, created_at, updated_at)
         VALUES ((SELECT MIN(id) FROM company), $1, $2, $3, $3) RETURNING id",
    )
    .bind(name.as_str())
    .bind(kind.code())
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .map_err(dept_conflict)?;
    audit::record(&mut tx, Some(actor), "department.create", "department", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_department(
    pool: &Pool,
    actor: i64,
    id: i64,
    name: &UnitName,
    kind: DepartmentKind,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query("UPDATE departments SET name = $1, kind = $2, updated_at = $3 WHERE id = $4")
        .bind(name.as_str())
        .bind(kind.code())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(dept_conflict)?
        .rows_affected();
    if n == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, Some(actor), "department.update", "department", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn create_team(pool: &Pool, actor: i64, department_id: i64, name: &UnitName) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO teams (department_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(department_id)
    .bind(name.as_str())
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .map_err(team_conflict)?;
    audit::record(&mut tx, Some(actor), "team.create", "team", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_team(
    pool: &Pool,
    actor: i64,
    id: i64,
    department_id: i64,
    name: &UnitName,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query("UPDATE teams SET department_id = $1, name = $2, updated_at = $3 WHERE id = $4")
        .bind(department_id)
        .bind(name.as_str())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(team_conflict)?
        .rows_affected();
    if n == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, Some(actor), "team.update", "team", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn team_exists(pool: &Pool, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE id = $1").bind(id).fetch_one(pool).await?;
    Ok(n > 0)
}
