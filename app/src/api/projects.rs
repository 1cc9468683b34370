// Form-shaped server functions take one argument a field, so forms post straight into them.
#![allow(clippy::too_many_arguments)]

use crate::domain::project::Stage;
use crate::error::AppError;
use crate::model_projects::{Notification, ProjectDetail, ProjectSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One member row of the project form: a username and a contribution share in percent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub share: String,
}

/// The project form as posted (`members[0][username]=...&members[0][share]=...`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub five_small_kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub solution: String,
    #[serde(default)]
    pub expected_benefit: String,
    #[serde(default)]
    pub expected_benefit_text: String,
    #[serde(default)]
    pub leader_username: String,
    #[serde(default)]
    pub studio_id: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub members: Vec<MemberRow>,
}

/// Parses the form into a checked proposal, collecting every field's error.
#[cfg(feature = "ssr")]
async fn parse_form(pool: &crate::db::Pool, f: &ProjectForm) -> Result<crate::db::projects::ProjectInput, AppError> {
    use crate::domain::money::{parse_percent, parse_yuan};
    use crate::domain::project::{check_members, parse_category, MemberShare};
    use crate::domain::studio::parse_date;
    use crate::domain::validation::{trimmed_len_between, Errors, FieldError};
    let mut errors = Errors::new();
    let cat = errors.check(parse_category(&f.category, &f.five_small_kind));
    let title = errors.check(trimmed_len_between(&f.title, 2, 100, "title", "err.title.invalid"));
    let problem = errors.check(trimmed_len_between(&f.problem, 1, 5000, "problem", "err.text.required"));
    let solution = errors.check(trimmed_len_between(&f.solution, 1, 5000, "solution", "err.text.required"));
    let benefit = errors.check(parse_yuan(&f.expected_benefit, "expected_benefit"));
    let benefit_text = errors.check(trimmed_len_between(
        &f.expected_benefit_text,
        1,
        2000,
        "expected_benefit_text",
        "err.text.required",
    ));
    let due_on = if f.due_on.trim().is_empty() {
        Some(None)
    } else {
        errors.check(parse_date(&f.due_on, "due_on").map(|d| Some(d.to_string())))
    };
    let studio_id = match f.studio_id.trim() {
        "" => Some(None),
        s => errors.check(s.parse::<i64>().map(Some).map_err(|_| FieldError::new("studio_id", "err.studio.missing"))),
    };
    let person = |username: &str| {
        let username = username.trim().to_ascii_lowercase();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM people WHERE username = $1 AND active")
                .bind(username)
                .fetch_optional(pool)
                .await
        }
    };
    let leader = match person(&f.leader_username).await? {
        Some(id) => Some(id),
        None => {
            errors.push(FieldError::new("leader_username", "err.person.missing"));
            None
        }
    };
    let mut members = Vec::new();
    for row in f.members.iter().filter(|r| !r.username.trim().is_empty() || !r.share.trim().is_empty()) {
        let share = errors.check(parse_percent(&row.share, "members"));
        match (person(&row.username).await?, share) {
            (Some(person_id), Some(share_bp)) => members.push(MemberShare { person_id, share_bp }),
            (None, _) => errors.push(FieldError::new("members", "err.person.missing")),
            _ => {}
        }
    }
    if errors.is_empty() {
        errors.check(check_members(&members));
    }
    match (cat, title, problem, solution, benefit, benefit_text, due_on, studio_id, leader) {
        (
            Some((category, kind)),
            Some(title),
            Some(problem),
            Some(solution),
            Some(fen),
            Some(text),
            Some(due_on),
            Some(studio_id),
            Some(leader_id),
        ) if errors.is_empty() => Ok(crate::db::projects::ProjectInput {
            category,
            five_small_kind: kind,
            title,
            problem,
            solution,
            expected_benefit_fen: fen,
            expected_benefit_text: text,
            leader_id,
            studio_id,
            due_on,
            members,
        }),
        _ => Err(errors.into_vec().into()),
    }
}

/// A team lead (or studio leader) saves a new draft proposal.
#[server(endpoint = "create_project")]
pub async fn create_project(form: ProjectForm) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    let me = ctx::require(Permission::SubmitProjects).await?;
    let pool = ctx::state()?.pool;
    let input = parse_form(&pool, &form).await?;
    crate::db::projects::create_draft(&pool, me.id, &input).await
}

/// The author edits their draft or returned proposal.
#[server(endpoint = "update_project")]
pub async fn update_project(id: i64, form: ProjectForm) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    let me = ctx::require(Permission::SubmitProjects).await?;
    let pool = ctx::state()?.pool;
    let input = parse_form(&pool, &form).await?;
    crate::db::projects::update_draft(&pool, me.id, id, &input).await
}

/// Takes a lifecycle action (submit, return, approve, progress, trial, adopt, close). Who may is
/// decided per project: the author submits, reviewers pass gates.
#[server(endpoint = "project_action")]
pub async fn project_action(
    id: i64,
    action: String,
    #[server(default)] comment: String,
    #[server(default)] actual_benefit: String,
    #[server(default)] actual_benefit_text: String,
) -> Result<Stage, AppError> {
    use crate::api::ctx;
    use crate::db::projects::Adoption;
    use crate::domain::money::parse_yuan;
    use crate::domain::project::Action;
    use crate::domain::validation::{trimmed_len_between, Errors};
    let me = ctx::require_user().await?;
    let action = Action::parse(&action).ok_or_else(|| AppError::field("action", "err.transition.illegal"))?;
    let adoption = if action == Action::Adopt {
        let mut errors = Errors::new();
        let fen = errors.check(parse_yuan(&actual_benefit, "actual_benefit"));
        let text = errors.check(trimmed_len_between(
            &actual_benefit_text,
            1,
            2000,
            "actual_benefit_text",
            "err.text.required",
        ));
        match (fen, text) {
            (Some(actual_benefit_fen), Some(actual_benefit_text)) => {
                Some(Adoption { actual_benefit_fen, actual_benefit_text })
            }
            _ => return Err(errors.into_vec().into()),
        }
    } else {
        None
    };
    crate::db::projects::act(&ctx::state()?.pool, &me, id, action, &comment, adoption).await
}

#[server(endpoint = "get_project")]
pub async fn get_project(id: i64) -> Result<ProjectDetail, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::db::projects::detail(&ctx::state()?.pool, id, &me).await
}

/// The caller's own projects (as author or member).
#[server(endpoint = "my_projects")]
pub async fn my_projects() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    use crate::db::projects::{list, ProjectList};
    let me = ctx::require_user().await?;
    Ok(list(&ctx::state()?.pool, ProjectList::Mine(me.id)).await?)
}

/// What waits on reviewers, oldest first. Studio leaders see their studios' projects.
#[server(endpoint = "review_queue")]
pub async fn review_queue() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    use crate::db::projects::{list, ProjectList};
    use crate::domain::authz::Permission;
    let me = ctx::require(Permission::ReviewProjects).await?;
    let pool = ctx::state()?.pool;
    let all = list(&pool, ProjectList::ReviewQueue).await?;
    if me.has(crate::domain::roles::Role::UnionAdmin) {
        return Ok(all);
    }
    let mine: Vec<i64> =
        crate::db::studios::list(&pool).await?.into_iter().filter(|s| s.leader.id == me.id).map(|s| s.id).collect();
    Ok(all.into_iter().filter(|p| p.studio_id.is_some_and(|s| mine.contains(&s))).collect())
}

/// Approved projects and beyond, for every employee to follow (公布实施过程).
#[server(endpoint = "project_feed")]
pub async fn project_feed() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    use crate::db::projects::{list, ProjectList};
    ctx::require_user().await?;
    Ok(list(&ctx::state()?.pool, ProjectList::Feed).await?)
}

/// The projects the caller answers for as responsible leader (挂钩领导).
#[server(endpoint = "leader_projects")]
pub async fn leader_projects() -> Result<Vec<ProjectSummary>, AppError> {
    use crate::api::ctx;
    use crate::db::projects::{list, ProjectList};
    let me = ctx::require_user().await?;
    Ok(list(&ctx::state()?.pool, ProjectList::Leader(me.id)).await?)
}

/// A progress report or trial result, by the author or a member.
#[server(endpoint = "add_project_entry")]
pub async fn add_project_entry(id: i64, entry_on: String, body: String) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::domain::studio::parse_date;
    use crate::domain::validation::{trimmed_len_between, Errors};
    let me = ctx::require_user().await?;
    let mut errors = Errors::new();
    let date = errors.check(parse_date(&entry_on, "entry_on"));
    let body = errors.check(trimmed_len_between(&body, 1, 5000, "body", "err.text.required"));
    let (Some(date), Some(body)) = (date, body) else { return Err(errors.into_vec().into()) };
    crate::db::projects::add_entry(&ctx::state()?.pool, me.id, id, &date.to_string(), &body).await
}

#[server(endpoint = "my_notifications")]
pub async fn my_notifications() -> Result<Vec<Notification>, AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    Ok(crate::db::projects::notifications(&ctx::state()?.pool, me.id).await?)
}

#[server(endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    Ok(crate::db::projects::mark_read(&ctx::state()?.pool, me.id).await?)
}
