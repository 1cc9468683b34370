//! The organisation tree: company, departments and teams.

use super::require;
use crate::db::{self, audit, is_foreign_key_violation, unique_violation, Pool};
use crate::domain::authz::Permission;
use crate::domain::org::{DepartmentKind, UnitName};
use crate::domain::validation::{Errors, FieldError};
use crate::error::AppError;
use crate::model::org::{DepartmentSummary, DepartmentsPage, TeamNode, TeamsPage};
use crate::model::Pick;
use crate::model::UserInfo;

/// Departments per page of the directory and the organisation editor.
pub const DEPARTMENTS_PER_PAGE: i64 = 30;
/// Teams per page of a department.
pub const TEAMS_PER_PAGE: i64 = 50;

fn department_summary(r: db::org::DepartmentRow) -> Result<DepartmentSummary, AppError> {
    Ok(DepartmentSummary {
        id: r.id,
        kind: db::decode("departments.kind", &r.kind)?,
        name: r.name,
        teams: r.teams,
        people: r.people,
    })
}

/// A page of departments (whose name contains `query`) with their head counts: every signed-in
/// person of the organisation may browse it.
pub async fn departments(pool: &Pool, me: &UserInfo, query: &str, page: i64) -> Result<DepartmentsPage, AppError> {
    require(me, Permission::ViewDirectory)?;
    let page = crate::model::clamp_page(page);
    let query = search_text(query);
    let mut tx = pool.single_read().await?;
    let company_name = db::org::company_name(&mut tx).await?.unwrap_or_default();
    let people_total = db::org::people_total(&mut tx).await?;
    let (rows, total) =
        db::org::departments(&mut tx, &query, DEPARTMENTS_PER_PAGE, (page - 1) * DEPARTMENTS_PER_PAGE).await?;
    let rows = rows.into_iter().map(department_summary).collect::<Result<_, _>>()?;
    Ok(DepartmentsPage { company_name, people_total, rows, total, page, per_page: DEPARTMENTS_PER_PAGE })
}

/// A page of one department's teams (whose name contains `query`) with their head counts.
pub async fn teams(pool: &Pool, me: &UserInfo, department_id: i64, query: &str, page: i64) -> Result<TeamsPage, AppError> {
    require(me, Permission::ViewDirectory)?;
    let page = crate::model::clamp_page(page);
    let query = search_text(query);
    let mut tx = pool.single_read().await?;
    let department = department_summary(db::org::department(&mut tx, department_id).await?.ok_or(AppError::NotFound)?)?;
    let (rows, total) =
        db::org::teams(&mut tx, department_id, &query, TEAMS_PER_PAGE, (page - 1) * TEAMS_PER_PAGE).await?;
    let rows = rows.into_iter().map(|t| TeamNode { id: t.id, name: t.name, member_count: t.member_count }).collect();
    Ok(TeamsPage { department, rows, total, page, per_page: TEAMS_PER_PAGE })
}

/// What was typed into a search or picker, trimmed and cut to a sensible length.
fn search_text(typed: &str) -> String {
    typed.trim().chars().take(40).collect()
}

/// The team picker: up to ten teams whose name, or whose department's name, starts with what was
/// typed; each names its department. The value is the team's id.
pub async fn find_teams(pool: &Pool, me: &UserInfo, typed: &str) -> Result<Vec<Pick>, AppError> {
    require(me, Permission::ViewDirectory)?;
    let typed = search_text(typed);
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db::org::pick_teams(&mut pool.single_read().await?, &typed, super::people::PICKS).await?;
    Ok(rows.into_iter().map(team_pick).collect())
}

fn team_pick(r: db::org::UnitPick) -> Pick {
    Pick { value: r.id.to_string(), label: format!("{} · {}", r.department_name, r.name) }
}

/// How a picker shows a team ("department · team").
pub fn team_pick_label(r: db::org::UnitPick) -> String {
    team_pick(r).label
}

/// The department picker: up to ten departments whose name starts with what was typed.
pub async fn find_departments(pool: &Pool, me: &UserInfo, typed: &str) -> Result<Vec<Pick>, AppError> {
    require(me, Permission::ViewDirectory)?;
    let typed = search_text(typed);
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db::org::pick_departments(&mut pool.single_read().await?, &typed, super::people::PICKS).await?;
    Ok(rows.into_iter().map(|r| Pick { value: r.id.to_string(), label: r.name }).collect())
}

/// A team or department a picker sent (its id, as text), or the field's error.
pub fn picked_id(field: &str, text: &str, missing: &str) -> Result<i64, FieldError> {
    text.trim().parse::<i64>().map_err(|_| FieldError::new(field, missing))
}

pub async fn rename_company(pool: &Pool, me: &UserInfo, name: &str) -> Result<(), AppError> {
    require(me, Permission::ManageOrganisation)?;
    let name = UnitName::parse(name)?;
    let mut tx = pool.begin_write().await?;
    db::org::set_company_name(&mut tx, name.as_str()).await?;
    audit::record(&mut tx, Some(me.id), "company.rename", "company", Some(1), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

fn department_conflict(e: sqlx::Error) -> AppError {
    match unique_violation(&e).as_deref() {
        Some("departments_name_key") => AppError::field("name", "err.department.name_taken"),
        _ => e.into(),
    }
}

fn team_conflict(e: sqlx::Error) -> AppError {
    if unique_violation(&e).as_deref() == Some("teams_department_id_name_key") {
        AppError::field("name", "err.team.name_taken")
    } else if is_foreign_key_violation(&e) {
        AppError::field("department_id", "err.department.missing")
    } else {
        e.into()
    }
}

fn parse_department(name: &str, kind: &str) -> Result<(UnitName, DepartmentKind), AppError> {
    let mut errors = Errors::new();
    let (name, kind) = (errors.check(UnitName::parse(name)), errors.check(DepartmentKind::parse(kind)));
    match (name, kind) {
        (Some(name), Some(kind)) => Ok((name, kind)),
        _ => Err(errors.into_vec().into()),
    }
}

/// A team's department (the id a picker sent) and name, or every error in them.
fn parse_team(department: &str, name: &str) -> Result<(i64, UnitName), AppError> {
    let mut errors = Errors::new();
    let department = errors.check(picked_id("department_id", department, "err.department.missing"));
    let name = errors.check(UnitName::parse(name));
    match (department, name) {
        (Some(d), Some(n)) => Ok((d, n)),
        _ => Err(errors.into_vec().into()),
    }
}

pub async fn create_department(pool: &Pool, me: &UserInfo, name: &str, kind: &str) -> Result<i64, AppError> {
    require(me, Permission::ManageOrganisation)?;
    let (name, kind) = parse_department(name, kind)?;
    let mut tx = pool.begin_write().await?;
    let id = db::org::insert_department(&mut tx, &name, kind).await.map_err(department_conflict)?;
    audit::record(&mut tx, Some(me.id), "department.create", "department", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_department(pool: &Pool, me: &UserInfo, id: i64, name: &str, kind: &str) -> Result<(), AppError> {
    require(me, Permission::ManageOrganisation)?;
    let (name, kind) = parse_department(name, kind)?;
    let mut tx = pool.begin_write().await?;
    if db::org::update_department(&mut tx, id, &name, kind).await.map_err(department_conflict)? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, Some(me.id), "department.update", "department", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn create_team(pool: &Pool, me: &UserInfo, department: &str, name: &str) -> Result<i64, AppError> {
    require(me, Permission::ManageOrganisation)?;
    let (department_id, name) = parse_team(department, name)?;
    let mut tx = pool.begin_write().await?;
    let id = db::org::insert_team(&mut tx, department_id, &name).await.map_err(team_conflict)?;
    audit::record(&mut tx, Some(me.id), "team.create", "team", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_team(pool: &Pool, me: &UserInfo, id: i64, department: &str, name: &str) -> Result<(), AppError> {
    require(me, Permission::ManageOrganisation)?;
    let (department_id, name) = parse_team(department, name)?;
    let mut tx = pool.begin_write().await?;
    if db::org::update_team(&mut tx, id, department_id, &name).await.map_err(team_conflict)? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, Some(me.id), "team.update", "team", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}
