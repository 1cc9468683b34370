//! Innovation studios and their yearly plans.

use super::{ensure, require, viewer};
use crate::db::{self, audit, is_foreign_key_violation, unique_violation, Pool, Tx};
use crate::domain::authz::Permission;
use crate::domain::money::{parse_yuan, Fen};
use crate::domain::policy::StudioFacts;
use crate::domain::studio::{parse_date, Level};
use crate::domain::validation::{long_text, trimmed_len_between, Errors, FieldError};
use crate::error::AppError;
use crate::model::studios::{PlanView, SpendView, StudioDetail, StudioSummary, TaskView};
use crate::model::{PersonRef, UserInfo};

fn summary(r: db::studios::StudioRow) -> Result<StudioSummary, AppError> {
    Ok(StudioSummary {
        id: r.id,
        level: db::decode("studios.level", &r.level)?,
        name: r.name,
        leader: PersonRef { id: r.leader_id, name: r.leader_name, team_name: r.leader_team },
        field: r.field,
        founded_on: r.founded_on,
        member_count: r.member_count,
        project_count: r.project_count,
        adopted_count: r.adopted_count,
    })
}

pub async fn list(pool: &Pool, me: &UserInfo) -> Result<Vec<StudioSummary>, AppError> {
    require(me, Permission::ViewDirectory)?;
    db::studios::list(&mut pool.begin().await?).await?.into_iter().map(summary).collect()
}

async fn facts(tx: &mut Tx, studio: i64) -> Result<StudioFacts, AppError> {
    let leader_id = db::studios::leader(tx, studio).await?.ok_or(AppError::NotFound)?;
    Ok(StudioFacts { leader_id })
}

async fn plans(tx: &mut Tx, studio: i64) -> Result<Vec<PlanView>, AppError> {
    let mut out = Vec::new();
    for (id, year, goals, budget_fen) in db::studios::plans(tx, studio).await? {
        let tasks = db::studios::tasks(tx, id).await?;
        let spending = db::studios::spending(tx, id).await?;
        out.push(PlanView {
            id,
            year,
            goals,
            budget_fen: Fen(budget_fen),
            spent_fen: Fen(spending.iter().map(|s| s.2).sum()),
            tasks: tasks
                .into_iter()
                .map(|t| TaskView {
                    id: t.id,
                    title: t.title,
                    owner: PersonRef { id: t.owner_id, name: t.owner_name, team_name: t.owner_team },
                    due_on: t.due_on,
                    done_on: t.done_on,
                })
                .collect(),
            spending: spending
                .into_iter()
                .map(|(id, spent_on, amount, purpose)| SpendView { id, spent_on, amount_fen: Fen(amount), purpose })
                .collect(),
        });
    }
    Ok(out)
}

pub async fn detail(pool: &Pool, me: &UserInfo, id: i64) -> Result<StudioDetail, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin().await?;
    let summary = summary(db::studios::get(&mut tx, id).await?.ok_or(AppError::NotFound)?)?;
    let f = StudioFacts { leader_id: summary.leader.id };
    let v = viewer(me);
    let projects =
        super::projects::of_studio(&mut tx, id).await?.into_iter().filter(|p| f.may_list_project(v, p.stage)).collect();
    let members = db::studios::members(&mut tx, id).await?;
    let leader_username = db::people::username(&mut tx, summary.leader.id).await?.ok_or(AppError::NotFound)?;
    Ok(StudioDetail {
        member_usernames: members
            .iter()
            .filter(|m| m.0 != summary.leader.id)
            .map(|m| m.3.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        leader_username,
        can_plan: f.may_plan(v),
        can_edit: f.may_edit(v),
        members: members.into_iter().map(|(id, name, team_name, _)| PersonRef { id, name, team_name }).collect(),
        plans: plans(&mut tx, id).await?,
        projects,
        summary,
    })
}

/// The studio form as posted.
pub struct StudioForm<'a> {
    pub name: &'a str,
    pub level: &'a str,
    pub leader_username: &'a str,
    pub field: &'a str,
    pub founded_on: &'a str,
    pub member_usernames: &'a str,
}

async fn parse_studio(tx: &mut Tx, f: &StudioForm<'_>) -> Result<db::studios::StudioInput, AppError> {
    let mut e = Errors::new();
    let name = e.check(trimmed_len_between(f.name, 2, 60, "name", "err.unit_name.invalid"));
    let level = e.check(Level::parse(f.level));
    let field = e.check(trimmed_len_between(f.field, 1, 60, "field", "err.text.required"));
    let founded = e.check(parse_date(f.founded_on, "founded_on"));
    let leader = db::people::active_id_by_username(tx, &f.leader_username.trim().to_ascii_lowercase()).await?;
    if leader.is_none() {
        e.push(FieldError::new("leader_username", "err.person.missing"));
    }
    let usernames: Vec<&str> =
        f.member_usernames.split([',', '，', ' ', '\n']).map(str::trim).filter(|u| !u.is_empty()).collect();
    let member_ids = match super::people::resolve_usernames(tx, &usernames, "member_usernames").await {
        Ok(ids) => ids,
        Err(AppError::Invalid(errors)) => {
            errors.into_iter().for_each(|x| e.push(x));
            Vec::new()
        }
        Err(other) => return Err(other),
    };
    match (name, level, field, founded, leader) {
        (Some(name), Some(level), Some(field), Some(founded_on), Some(leader_id)) if e.is_empty() => {
            Ok(db::studios::StudioInput { name, level, leader_id, field, founded_on, member_ids })
        }
        _ => Err(e.into_vec().into()),
    }
}

fn conflict(e: sqlx::Error) -> AppError {
    if unique_violation(&e).as_deref() == Some("studios_name_key") {
        AppError::field("name", "err.studio.name_taken")
    } else if is_foreign_key_violation(&e) {
        AppError::field("leader_id", "err.person.missing")
    } else {
        e.into()
    }
}

/// The leader is always a member.
async fn write_members(tx: &mut Tx, id: i64, input: &db::studios::StudioInput) -> Result<(), AppError> {
    let mut ids = input.member_ids.clone();
    ids.push(input.leader_id);
    ids.sort_unstable();
    ids.dedup();
    db::studios::replace_members(tx, id, &ids).await.map_err(|e| {
        if is_foreign_key_violation(&e) {
            AppError::field("member_ids", "err.person.missing")
        } else {
            e.into()
        }
    })
}

pub async fn create(pool: &Pool, me: &UserInfo, form: &StudioForm<'_>) -> Result<i64, AppError> {
    require(me, Permission::ManageStudios)?;
    let mut tx = pool.begin_write().await?;
    let input = parse_studio(&mut tx, form).await?;
    let id = db::studios::insert(&mut tx, &input).await.map_err(conflict)?;
    write_members(&mut tx, id, &input).await?;
    audit::record(&mut tx, Some(me.id), "studio.create", "studio", Some(id), &input.name).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(pool: &Pool, me: &UserInfo, id: i64, form: &StudioForm<'_>) -> Result<(), AppError> {
    require(me, Permission::ManageStudios)?;
    let mut tx = pool.begin_write().await?;
    let input = parse_studio(&mut tx, form).await?;
    if db::studios::update(&mut tx, id, &input).await.map_err(conflict)? == 0 {
        return Err(AppError::NotFound);
    }
    write_members(&mut tx, id, &input).await?;
    audit::record(&mut tx, Some(me.id), "studio.update", "studio", Some(id), &input.name).await?;
    tx.commit().await?;
    Ok(())
}

/// The longest a year's goals may be.
pub const GOALS_MAX: usize = 500;

/// Creates or updates the studio's plan for a year (goals and budget).
pub async fn save_plan(
    pool: &Pool,
    me: &UserInfo,
    studio: i64,
    year: i32,
    goals: &str,
    budget: &str,
) -> Result<i64, AppError> {
    let mut tx = pool.begin_write().await?;
    ensure(facts(&mut tx, studio).await?.may_plan(viewer(me)))?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::field("year", "err.year.invalid"));
    }
    let budget = parse_yuan(budget, "budget")?;
    let goals = &long_text(goals, 0, GOALS_MAX, "goals", "err.text.invalid")?;
    let id = match db::studios::plan_id(&mut tx, studio, year).await? {
        Some(id) => {
            db::studios::update_plan(&mut tx, id, goals, budget).await?;
            id
        }
        None => db::studios::insert_plan(&mut tx, studio, year, goals, budget).await?,
    };
    audit::record(&mut tx, Some(me.id), "studio.plan", "studio", Some(studio), &format!("{year}")).await?;
    tx.commit().await?;
    Ok(id)
}

async fn require_planner_of_plan(tx: &mut Tx, me: &UserInfo, plan: i64) -> Result<(), AppError> {
    let studio = db::studios::plan_studio(tx, plan).await?.ok_or(AppError::NotFound)?;
    ensure(facts(tx, studio).await?.may_plan(viewer(me)))
}

pub async fn add_task(
    pool: &Pool,
    me: &UserInfo,
    plan: i64,
    title: &str,
    owner_username: &str,
    due_on: &str,
) -> Result<i64, AppError> {
    let mut tx = pool.begin_write().await?;
    require_planner_of_plan(&mut tx, me, plan).await?;
    let title = trimmed_len_between(title, 1, 200, "title", "err.text.required")?;
    let due = parse_date(due_on, "due_on")?;
    let owner = super::people::resolve_usernames(&mut tx, &[owner_username], "owner_username").await?[0];
    let id = db::studios::insert_task(&mut tx, plan, &title, owner, due).await?;
    audit::record(&mut tx, Some(me.id), "studio.task", "plan", Some(plan), &title).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn complete_task(pool: &Pool, me: &UserInfo, task: i64) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    let (_plan, studio) = db::studios::task_plan_studio(&mut tx, task).await?.ok_or(AppError::NotFound)?;
    ensure(facts(&mut tx, studio).await?.may_plan(viewer(me)))?;
    let today = super::today();
    db::studios::complete_task(&mut tx, task, today).await?;
    audit::record(&mut tx, Some(me.id), "studio.task_done", "task", Some(task), &today.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_spending(
    pool: &Pool,
    me: &UserInfo,
    plan: i64,
    spent_on: &str,
    amount: &str,
    purpose: &str,
) -> Result<i64, AppError> {
    let mut tx = pool.begin_write().await?;
    require_planner_of_plan(&mut tx, me, plan).await?;
    let mut e = Errors::new();
    let date = e.check(parse_date(spent_on, "spent_on"));
    let fen = e.check(parse_yuan(amount, "amount"));
    let purpose = e.check(trimmed_len_between(purpose, 1, 200, "purpose", "err.text.required"));
    let (date, fen, purpose) = match (date, fen, purpose) {
        (Some(d), Some(f), Some(p)) if f > Fen::ZERO => (d, f, p),
        (_, Some(Fen::ZERO), _) => return Err(AppError::field("amount", "err.money.invalid")),
        _ => return Err(e.into_vec().into()),
    };
    let id = db::studios::insert_spending(&mut tx, plan, date, fen, &purpose, me.id).await?;
    audit::record(&mut tx, Some(me.id), "studio.spending", "plan", Some(plan), &format!("{} {purpose}", fen.0)).await?;
    tx.commit().await?;
    Ok(id)
}
