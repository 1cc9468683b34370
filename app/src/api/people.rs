// Form-shaped server functions take one argument a field, so forms post straight into them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::people::{PeoplePage, Person};
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
    #[serde(default)]
    pub guest_judge: Option<String>,
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
            (Role::GuestJudge, &self.guest_judge),
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
    let me = ctx::require_user().await?;
    crate::services::people::list(&ctx::pool()?, &me, &query, team_id, page, PEOPLE_PER_PAGE).await
}

/// The people picker's suggestions for what was typed.
#[server(endpoint = "find_people")]
pub async fn find_people(q: String) -> Result<Vec<crate::model::Pick>, AppError> {
    use crate::api::ctx;
    crate::services::people::find(&ctx::pool()?, &ctx::require_user().await?, &q).await
}

#[server(endpoint = "get_person")]
pub async fn get_person(id: i64) -> Result<Person, AppError> {
    use crate::api::ctx;
    crate::services::people::get(&ctx::pool()?, &ctx::require_user().await?, id).await
}

/// The signed-in team lead's own team (班组) roster.
#[server(endpoint = "my_team")]
pub async fn my_team() -> Result<Vec<Person>, AppError> {
    use crate::api::ctx;
    crate::services::people::my_team(&ctx::pool()?, &ctx::require_user().await?).await
}

#[server(endpoint = "create_person")]
pub async fn create_person(
    username: String,
    display_name: String,
    team_id: String,
    employee_no: String,
    job_title: String,
    phone: String,
    email: String,
    password: String,
    #[server(default)] roles: RoleChecks,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::services::people::{create, PersonForm};
    let me = ctx::require_user().await?;
    let form = PersonForm {
        display_name: &display_name,
        team: &team_id,
        employee_no: &employee_no,
        job_title: &job_title,
        phone: &phone,
        email: &email,
    };
    let id = create(&ctx::pool()?, &me, &username, &password, &roles.roles(), &form).await?;
    ctx::open_next(&format!("/admin/people/{id}"));
    Ok(id)
}

#[server(endpoint = "update_person")]
pub async fn update_person(
    id: i64,
    display_name: String,
    team_id: String,
    employee_no: String,
    job_title: String,
    phone: String,
    email: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::services::people::{update, PersonForm};
    let me = ctx::require_user().await?;
    let form = PersonForm {
        display_name: &display_name,
        team: &team_id,
        employee_no: &employee_no,
        job_title: &job_title,
        phone: &phone,
        email: &email,
    };
    update(&ctx::pool()?, &me, id, &form).await
}

#[server(endpoint = "set_person_roles")]
pub async fn set_person_roles(id: i64, #[server(default)] roles: RoleChecks) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::people::set_roles(&ctx::pool()?, &ctx::require_user().await?, id, &roles.roles()).await
}

/// Enables or disables a person; disabling ends their sessions.
#[server(endpoint = "set_person_active")]
pub async fn set_person_active(id: i64, active: bool) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::people::set_active(&ctx::pool()?, &ctx::require_user().await?, id, active).await
}

/// Sets a new password for someone who forgot theirs; their sessions end.
#[server(endpoint = "reset_person_password")]
pub async fn reset_person_password(id: i64, new_password: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::people::reset_password(&ctx::pool()?, &me, id, &new_password).await
}
