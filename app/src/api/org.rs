use crate::error::AppError;
use crate::model::OrgTree;
use leptos::prelude::*;

/// The organisation tree with member counts: every signed-in person may browse it.
#[server(endpoint = "org_tree")]
pub async fn load_org_tree() -> Result<OrgTree, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    ctx::require(Permission::ViewDirectory).await?;
    Ok(crate::db::org::tree(&ctx::state()?.pool).await?)
}

#[server(endpoint = "rename_company")]
pub async fn rename_company(name: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::UnitName};
    let me = ctx::require(Permission::ManageOrganisation).await?;
    let name = UnitName::parse(&name)?;
    crate::db::org::rename_company(&ctx::state()?.pool, me.id, &name).await
}

#[server(endpoint = "create_department")]
pub async fn create_department(name: String, kind: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::*, validation::Errors};
    let me = ctx::require(Permission::ManageOrganisation).await?;
    let mut errors = Errors::new();
    let (name, kind) = (errors.check(UnitName::parse(&name)), errors.check(DepartmentKind::parse(&kind)));
    let (Some(name), Some(kind)) = (name, kind) else { return Err(errors.into_vec().into()) };
    crate::db::org::create_department(&ctx::state()?.pool, me.id, &name, kind).await
}

#[server(endpoint = "update_department")]
pub async fn update_department(id: i64, name: String, kind: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::*, validation::Errors};
    let me = ctx::require(Permission::ManageOrganisation).await?;
    let mut errors = Errors::new();
    let (name, kind) = (errors.check(UnitName::parse(&name)), errors.check(DepartmentKind::parse(&kind)));
    let (Some(name), Some(kind)) = (name, kind) else { return Err(errors.into_vec().into()) };
    crate::db::org::update_department(&ctx::state()?.pool, me.id, id, &name, kind).await
}

#[server(endpoint = "create_team")]
pub async fn create_team(department_id: i64, name: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::UnitName};
    let me = ctx::require(Permission::ManageOrganisation).await?;
    let name = UnitName::parse(&name)?;
    crate::db::org::create_team(&ctx::state()?.pool, me.id, department_id, &name).await
}

#[server(endpoint = "update_team")]
pub async fn update_team(id: i64, department_id: i64, name: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::UnitName};
    let me = ctx::require(Permission::ManageOrganisation).await?;
    let name = UnitName::parse(&name)?;
    crate::db::org::update_team(&ctx::state()?.pool, me.id, id, department_id, &name).await
}
