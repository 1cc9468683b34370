use crate::error::AppError;
use crate::model_projects::{StudioDetail, StudioSummary};
use leptos::prelude::*;

#[server(endpoint = "list_studios")]
pub async fn list_studios() -> Result<Vec<StudioSummary>, AppError> {
    use crate::api::ctx;
    ctx::require_user().await?;
    Ok(crate::db::studios::list(&ctx::state()?.pool).await?)
}

#[server(endpoint = "get_studio")]
pub async fn get_studio(id: i64) -> Result<StudioDetail, AppError> {
    use crate::api::ctx;
    use crate::db::projects::{list, ProjectList};
    use crate::domain::authz::{allows, Permission};
    let me = ctx::require_user().await?;
    let pool = ctx::state()?.pool;
    let summary = crate::db::studios::get(&pool, id).await?;
    let admin = allows(&me.roles, Permission::ManageStudios);
    let projects = list(&pool, ProjectList::Studio(id))
        .await?
        .into_iter()
        .filter(|p| p.stage.is_public() || admin || summary.leader.id == me.id)
        .collect();
    let usernames: Vec<(i64, String)> = sqlx::query_as(
        "SELECT p.id, p.username FROM studio_members m JOIN people p ON p.id = m.person_id WHERE m.studio_id = $1 ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await?;
    let leader_username: String = sqlx::query_scalar("SELECT username FROM people WHERE id = $1")
        .bind(summary.leader.id)
        .fetch_one(&pool)
        .await?;
    Ok(StudioDetail {
        member_usernames: usernames
            .iter()
            .filter(|(pid, _)| *pid != summary.leader.id)
            .map(|(_, u)| u.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        leader_username,
        can_plan: admin || summary.leader.id == me.id,
        can_edit: admin,
        members: crate::db::studios::members(&pool, id).await?,
        plans: crate::db::studios::plans(&pool, id).await?,
        projects,
        summary,
    })
}

#[cfg(feature = "ssr")]
async fn parse_studio(
    pool: &crate::db::Pool,
    name: &str,
    level: &str,
    leader_username: &str,
    field: &str,
    founded_on: &str,
    member_usernames: &str,
) -> Result<crate::db::studios::StudioInput, AppError> {
    use crate::domain::studio::{parse_date, Level};
    use crate::domain::validation::{trimmed_len_between, Errors, FieldError};
    let mut e = Errors::new();
    let name = e.check(trimmed_len_between(name, 2, 60, "name", "err.unit_name.invalid"));
    let level = e.check(Level::parse(level));
    let field = e.check(trimmed_len_between(field, 1, 60, "field", "err.text.required"));
    let founded = e.check(parse_date(founded_on, "founded_on"));
    let lookup = |u: String| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM people WHERE username = $1 AND active")
            .bind(u)
            .fetch_optional(pool)
            .await
    };
    let leader = lookup(leader_username.trim().to_ascii_lowercase()).await?;
    if leader.is_none() {
        e.push(FieldError::new("leader_username", "err.person.missing"));
    }
    let mut member_ids = Vec::new();
    for u in member_usernames.split([',', '，', ' ', '\n']).map(str::trim).filter(|u| !u.is_empty()) {
        match lookup(u.to_ascii_lowercase()).await? {
            Some(id) => member_ids.push(id),
            None => {
                e.push(FieldError::new("member_usernames", "err.person.missing"));
                break;
            }
        }
    }
    match (name, level, field, founded, leader) {
        (Some(name), Some(level), Some(field), Some(f), Some(leader_id)) if e.is_empty() => {
            Ok(crate::db::studios::StudioInput { name, level, leader_id, field, founded_on: f.to_string(), member_ids })
        }
        _ => Err(e.into_vec().into()),
    }
}

#[server(endpoint = "create_studio")]
pub async fn create_studio(
    name: String,
    level: String,
    leader_username: String,
    field: String,
    founded_on: String,
    #[server(default)] member_usernames: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    let me = ctx::require(Permission::ManageStudios).await?;
    let pool = ctx::state()?.pool;
    let input = parse_studio(&pool, &name, &level, &leader_username, &field, &founded_on, &member_usernames).await?;
    crate::db::studios::create(&pool, me.id, &input).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update_studio")]
pub async fn update_studio(
    id: i64,
    name: String,
    level: String,
    leader_username: String,
    field: String,
    founded_on: String,
    #[server(default)] member_usernames: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    let me = ctx::require(Permission::ManageStudios).await?;
    let pool = ctx::state()?.pool;
    let input = parse_studio(&pool, &name, &level, &leader_username, &field, &founded_on, &member_usernames).await?;
    crate::db::studios::update(&pool, me.id, id, &input).await
}

/// Only the studio's leader or a union admin plans for it.
#[cfg(feature = "ssr")]
async fn require_planner(studio: i64) -> Result<(crate::model::UserInfo, crate::db::Pool), AppError> {
    use crate::api::ctx;
    use crate::domain::authz::{allows, Permission};
    let me = ctx::require_user().await?;
    let pool = ctx::state()?.pool;
    let s = crate::db::studios::get(&pool, studio).await?;
    if allows(&me.roles, Permission::ManageStudios) || s.leader.id == me.id {
        Ok((me, pool))
    } else {
        Err(AppError::Forbidden)
    }
}

#[server(endpoint = "save_studio_plan")]
pub async fn save_studio_plan(studio_id: i64, year: i32, goals: String, budget: String) -> Result<i64, AppError> {
    use crate::domain::money::parse_yuan;
    let (me, pool) = require_planner(studio_id).await?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::field("year", "err.year.invalid"));
    }
    let budget = parse_yuan(&budget, "budget")?;
    crate::db::studios::save_plan(&pool, me.id, studio_id, year, goals.trim(), budget).await
}

#[server(endpoint = "add_plan_task")]
pub async fn add_plan_task(
    plan_id: i64,
    title: String,
    owner_username: String,
    due_on: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::studio::parse_date;
    use crate::domain::validation::trimmed_len_between;
    ctx::require_user().await?;
    let pool = ctx::state()?.pool;
    let studio = crate::db::studios::plan_studio(&pool, plan_id).await?;
    let (me, pool) = require_planner(studio).await?;
    let title = trimmed_len_between(&title, 1, 200, "title", "err.text.required")?;
    let due = parse_date(&due_on, "due_on")?;
    let owner: i64 = sqlx::query_scalar("SELECT id FROM people WHERE username = $1 AND active")
        .bind(owner_username.trim().to_ascii_lowercase())
        .fetch_optional(&pool)
        .await?
        .ok_or_else(|| AppError::field("owner_username", "err.person.missing"))?;
    crate::db::studios::add_task(&pool, me.id, plan_id, &title, owner, &due.to_string()).await
}

#[server(endpoint = "complete_plan_task")]
pub async fn complete_plan_task(task_id: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    ctx::require_user().await?;
    let pool = ctx::state()?.pool;
    let plan = crate::db::studios::task_plan(&pool, task_id).await?;
    let studio = crate::db::studios::plan_studio(&pool, plan).await?;
    let (me, pool) = require_planner(studio).await?;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string();
    crate::db::studios::complete_task(&pool, me.id, task_id, &today).await
}

#[server(endpoint = "add_plan_spending")]
pub async fn add_plan_spending(
    plan_id: i64,
    spent_on: String,
    amount: String,
    purpose: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::money::parse_yuan;
    use crate::domain::studio::parse_date;
    use crate::domain::validation::{trimmed_len_between, Errors};
    ctx::require_user().await?;
    let pool = ctx::state()?.pool;
    let studio = crate::db::studios::plan_studio(&pool, plan_id).await?;
    let (me, pool) = require_planner(studio).await?;
    let mut e = Errors::new();
    let date = e.check(parse_date(&spent_on, "spent_on"));
    let fen = e.check(parse_yuan(&amount, "amount"));
    let purpose = e.check(trimmed_len_between(&purpose, 1, 200, "purpose", "err.text.required"));
    match (date, fen, purpose) {
        (Some(d), Some(f), Some(p)) if f > 0 => {
            crate::db::studios::add_spending(&pool, me.id, plan_id, &d.to_string(), f, &p).await
        }
        (_, Some(0), _) => Err(AppError::field("amount", "err.money.invalid")),
        _ => Err(e.into_vec().into()),
    }
}
