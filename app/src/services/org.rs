//! The organisation tree: company, departments and teams.

use super::require;
use crate::db::{self, audit, is_foreign_key_violation, unique_violation, Pool};
use crate::domain::authz::Permission;
use crate::domain::org::{DepartmentKind, UnitName};
use crate::domain::validation::Errors;
use crate::error::AppError;
use crate::model::org::{DepartmentNode, OrgTree, TeamNode};
use crate::model::UserInfo;

/// The tree with member counts: every signed-in person may browse it.
pub async fn tree(pool: &Pool, me: &UserInfo) -> Result<OrgTree, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin().await?;
    let company_name = db::org::company_name(&mut tx).await?.unwrap_or_default();
    let depts = db::org::departments(&mut tx).await?;
    let teams = db::org::teams(&mut tx).await?;
    let mut departments = Vec::with_capacity(depts.len());
    for d in depts {
        departments.push(DepartmentNode {
            teams: teams
                .iter()
                .filter(|t| t.department_id == d.id)
                .map(|t| TeamNode { id: t.id, name: t.name.clone(), member_count: t.member_count })
                .collect(),
            id: d.id,
            kind: db::decode("departments.kind", &d.kind)?,
            name: d.name,
        });
    }
    Ok(OrgTree { company_name, departments })
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

pub async fn create_team(pool: &Pool, me: &UserInfo, department_id: i64, name: &str) -> Result<i64, AppError> {
    require(me, Permission::ManageOrganisation)?;
    let name = UnitName::parse(name)?;
    let mut tx = pool.begin_write().await?;
    let id = db::org::insert_team(&mut tx, department_id, &name).await.map_err(team_conflict)?;
    audit::record(&mut tx, Some(me.id), "team.create", "team", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_team(pool: &Pool, me: &UserInfo, id: i64, department_id: i64, name: &str) -> Result<(), AppError> {
    require(me, Permission::ManageOrganisation)?;
    let name = UnitName::parse(name)?;
    let mut tx = pool.begin_write().await?;
    if db::org::update_team(&mut tx, id, department_id, &name).await.map_err(team_conflict)? == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, Some(me.id), "team.update", "team", Some(id), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}
