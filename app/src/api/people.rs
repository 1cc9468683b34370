// Form-shaped server functions take one argument a field, so forms post straight into them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::{PeoplePage, Person};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PEOPLE_PER_PAGE: i64 = 50;

/// Role checkboxes as a form sends them (`roles[team_lead]=on`); an unticked box is absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChecks {
    #[serde(default)]
    pub employee: Option<String>,
    #[serde(default)]
    pub team_lead: Option<String>,
    #[serde(default)]
    pub studio_leader: Option<String>,
    #[serde(default)]
    pub judge: Option<String>,
    #[serde(default)]
    pub chief_judge: Option<String>,
    #[serde(default)]
    pub union_admin: Option<String>,
}

impl RoleChecks {
    pub fn roles(&self) -> Vec<crate::domain::roles::Role> {
        use crate::domain::roles::Role;
        let ticked = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty() && s != "false");
        [
            (Role::Employee, &self.employee),
            (Role::TeamLead, &self.team_lead),
            (Role::StudioLeader, &self.studio_leader),
            (Role::Judge, &self.judge),
            (Role::ChiefJudge, &self.chief_judge),
            (Role::UnionAdmin, &self.union_admin),
        ]
        .into_iter()
        .filter(|(_, v)| ticked(v))
        .map(|(r, _)| r)
        .collect()
    }
}

#[server(endpoint = "list_people")]
pub async fn list_people(query: String, team_id: Option<i64>, page: i64) -> Result<PeoplePage, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    ctx::require(Permission::ManagePeople).await?;
    Ok(crate::db::people::list(&ctx::state()?.pool, &query, team_id, page, PEOPLE_PER_PAGE).await?)
}

#[server(endpoint = "get_person")]
pub async fn get_person(id: i64) -> Result<Person, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    ctx::require(Permission::ManagePeople).await?;
    crate::db::people::get(&ctx::state()?.pool, id).await
}

/// The signed-in team lead's own team (班组) roster.
#[server(endpoint = "my_team")]
pub async fn my_team() -> Result<Vec<Person>, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    let me = ctx::require(Permission::ViewOwnTeam).await?;
    Ok(crate::db::people::team_members(&ctx::state()?.pool, me.team_id).await?)
}

#[server(endpoint = "create_person")]
pub async fn create_person(
    username: String,
    display_name: String,
    team_id: i64,
    employee_no: String,
    job_title: String,
    phone: String,
    email: String,
    password: String,
    #[server(default)] roles: RoleChecks,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::*, validation::Errors};
    let me = ctx::require(Permission::ManagePeople).await?;
    let state = ctx::state()?;
    let mut errors = Errors::new();
    let username = errors.check(Username::parse(&username));
    let name = errors.check(PersonName::parse(&display_name));
    let password = errors.check(Password::parse(&password, "password"));
    let contact = parse_contact(&mut errors, &employee_no, &job_title, &phone, &email);
    let roles = roles.roles();
    if roles.is_empty() {
        errors.push(crate::domain::validation::FieldError::new("roles", "err.roles.empty"));
    }
    let (Some(username), Some(name), Some(password), Some(contact)) = (username, name, password, contact) else {
        return Err(errors.into_vec().into());
    };
    if !errors.is_empty() {
        return Err(errors.into_vec().into());
    }
    if !crate::db::org::team_exists(&state.pool, team_id).await? {
        return Err(AppError::field("team_id", "err.team.missing"));
    }
    let password_hash = crate::auth::hash_password(password.expose().to_string()).await?;
    let new = crate::db::people::NewPerson {
        username: &username,
        display_name: &name,
        team_id,
        contact: &contact,
        roles: &roles,
        password_hash: &password_hash,
    };
    crate::db::people::create(&state.pool, me.id, &new).await
}

#[cfg(feature = "ssr")]
fn parse_contact(
    errors: &mut crate::domain::validation::Errors,
    employee_no: &str,
    job_title: &str,
    phone: &str,
    email: &str,
) -> Option<crate::domain::org::Contact> {
    use crate::domain::org::*;
    let employee_no = errors.check(parse_employee_no(employee_no));
    let job_title = errors.check(parse_job_title(job_title));
    let phone = errors.check(parse_phone(phone));
    let email = errors.check(parse_email(email));
    Some(Contact { employee_no: employee_no?, job_title: job_title?, phone: phone?, email: email? })
}

#[server(endpoint = "update_person")]
pub async fn update_person(
    id: i64,
    display_name: String,
    team_id: i64,
    employee_no: String,
    job_title: String,
    phone: String,
    email: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::*, validation::Errors};
    let me = ctx::require(Permission::ManagePeople).await?;
    let state = ctx::state()?;
    let mut errors = Errors::new();
    let name = errors.check(PersonName::parse(&display_name));
    let contact = parse_contact(&mut errors, &employee_no, &job_title, &phone, &email);
    let (Some(name), Some(contact)) = (name, contact) else { return Err(errors.into_vec().into()) };
    if !crate::db::org::team_exists(&state.pool, team_id).await? {
        return Err(AppError::field("team_id", "err.team.missing"));
    }
    crate::db::people::update(&state.pool, me.id, id, &name, team_id, &contact).await
}

#[server(endpoint = "set_person_roles")]
pub async fn set_person_roles(id: i64, #[server(default)] roles: RoleChecks) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::authz::{check_self_change, Permission};
    let me = ctx::require(Permission::ManagePeople).await?;
    let roles = roles.roles();
    if roles.is_empty() {
        return Err(AppError::field("roles", "err.roles.empty"));
    }
    check_self_change(me.id, id, Some(&roles), None)?;
    crate::db::people::set_roles(&ctx::state()?.pool, me.id, id, &roles).await
}

/// Enables or disables a person; disabling ends their sessions.
#[server(endpoint = "set_person_active")]
pub async fn set_person_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::authz::{check_self_change, Permission};
    let me = ctx::require(Permission::ManagePeople).await?;
    check_self_change(me.id, id, None, Some(active))?;
    crate::db::people::set_active(&ctx::state()?.pool, me.id, id, active).await
}

/// Sets a new password for someone who forgot theirs; their sessions end.
#[server(endpoint = "reset_person_password")]
pub async fn reset_person_password(id: i64, new_password: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::{authz::Permission, org::Password};
    let me = ctx::require(Permission::ManagePeople).await?;
    let password = Password::parse(&new_password, "new_password")?;
    let hash = crate::auth::hash_password(password.expose().to_string()).await?;
    crate::db::people::set_password(&ctx::state()?.pool, me.id, id, &hash).await
}
