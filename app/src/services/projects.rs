//! Innovation projects from proposal to adoption: drafts, the lifecycle with its rewards, points
//! and notifications, reports, attachments, the lists people work from.

use super::{ensure, require, today, viewer};
use crate::api::projects::ProjectForm;
use crate::db::projects::{ProjectInput, ProjectList};
use crate::db::{self, audit, Pool, Tx};
use crate::domain::authz::Permission;
use crate::domain::money::{parse_percent, parse_yuan, BasisPoints, Fen};
use crate::domain::policy::{may_file_under_studio, review_queue_scope, ProjectFacts, QueueScope};
use crate::domain::project::{
    check_due_on, check_members, parse_category, transition, Action, EntryKind, MemberShare, Stage, BENEFIT_TEXT_MAX,
    COMMENT_MAX, TEXT_MAX,
};
use crate::domain::rewards::{completion_payouts, stage_payouts};
use crate::domain::roles::Role;
use crate::domain::studio::{parse_date, RuleLevel};
use crate::domain::validation::{long_text, trimmed_len_between, Errors, FieldError};
use crate::error::AppError;
use crate::model::projects::{AttachmentView, EntryView, EventView, MemberView, ProjectDetail, ProjectSummary};
use crate::model::{PersonRef, Pick, UserInfo};
use chrono::{NaiveDate, Utc};

fn summary(r: db::projects::SummaryRow, today: NaiveDate) -> Result<ProjectSummary, AppError> {
    let stage: Stage = db::decode("projects.stage", &r.stage)?;
    Ok(ProjectSummary {
        id: r.id,
        title: r.title,
        category: db::decode("projects.category", &r.category)?,
        five_small_kind: db::decode_opt("projects.five_small_kind", r.five_small_kind.as_deref())?,
        stage,
        days_in_stage: (Utc::now() - r.stage_since).num_days(),
        stage_since: r.stage_since,
        author: PersonRef { id: r.author_id, name: r.author_name, team_name: r.author_team },
        leader: PersonRef { id: r.leader_id, name: r.leader_name, team_name: r.leader_team },
        studio_id: r.studio_id,
        studio_name: r.studio_name,
        expected_benefit_fen: Fen(r.expected_benefit_fen),
        actual_benefit_fen: r.actual_benefit_fen.map(Fen),
        overdue: stage.is_open() && r.due_on.is_some_and(|d| d < today),
        due_on: r.due_on,
    })
}

async fn list(tx: &mut Tx, which: ProjectList) -> Result<Vec<ProjectSummary>, AppError> {
    let t = today();
    db::projects::list(tx, which).await?.into_iter().map(|r| summary(r, t)).collect()
}

/// A studio's projects (the studio page filters them by its policy).
pub(crate) async fn of_studio(tx: &mut Tx, studio: i64) -> Result<Vec<ProjectSummary>, AppError> {
    list(tx, ProjectList::Studio(studio)).await
}

/// The facts the project policy decides on, and the project's row.
async fn facts(tx: &mut Tx, id: i64) -> Result<(ProjectFacts, db::projects::FactsRow), AppError> {
    let row = db::projects::facts(tx, id).await?.ok_or(AppError::NotFound)?;
    let members = db::projects::member_shares(tx, id).await?;
    let facts = ProjectFacts {
        stage: db::decode("projects.stage", &row.stage)?,
        author_id: row.author_id,
        leader_id: row.leader_id,
        member_ids: members.iter().map(|m| m.person_id).collect(),
        studio_leader_id: row.studio_leader_id,
    };
    Ok((facts, row))
}

/// Parses the form into a checked proposal, collecting every field's error.
async fn parse_form(tx: &mut Tx, author: i64, f: &ProjectForm) -> Result<ProjectInput, AppError> {
    let mut errors = Errors::new();
    let cat = errors.check(parse_category(&f.category, &f.five_small_kind));
    let title = errors.check(trimmed_len_between(&f.title, 2, 100, "title", "err.title.invalid"));
    let problem = errors.check(long_text(&f.problem, 1, TEXT_MAX, "problem", "err.text.required"));
    let solution = errors.check(long_text(&f.solution, 1, TEXT_MAX, "solution", "err.text.required"));
    let benefit = errors.check(parse_yuan(&f.expected_benefit, "expected_benefit"));
    let benefit_text = errors.check(long_text(
        &f.expected_benefit_text,
        1,
        BENEFIT_TEXT_MAX,
        "expected_benefit_text",
        "err.text.required",
    ));
    let today = super::today();
    let due_on = if f.due_on.trim().is_empty() {
        Some(None)
    } else {
        errors.check(parse_date(&f.due_on, "due_on").and_then(|d| check_due_on(d, today)).map(Some))
    };
    let studio_id = match f.studio_id.trim() {
        "" => Some(None),
        s => errors.check(s.parse::<i64>().map(Some).map_err(|_| FieldError::new("studio_id", "err.studio.missing"))),
    };
    let username = |u: &str| u.trim().to_ascii_lowercase();
    let leader = db::people::active_id_by_username(tx, &username(&f.leader_username)).await?;
    if leader.is_none() {
        errors.push(FieldError::new("leader_username", "err.person.missing"));
    }
    let mut members = Vec::new();
    for (i, row) in
        f.members.iter().enumerate().filter(|(_, r)| !r.username.trim().is_empty() || !r.share.trim().is_empty())
    {
        let share = errors.check(parse_percent(&row.share, "members"));
        match (db::people::active_id_by_username(tx, &username(&row.username)).await?, share) {
            (Some(person_id), Some(share_bp)) => members.push(MemberShare { person_id, share_bp }),
            (None, _) => errors.push(FieldError::with(
                "members",
                "err.member.unknown",
                &[("row", (i + 1).to_string()), ("username", row.username.trim().chars().take(40).collect())],
            )),
            _ => {}
        }
    }
    if errors.is_empty() {
        errors.check(check_members(&members));
    }
    // A proposal is filed under a studio only by someone who belongs to it.
    if let Some(Some(studio)) = studio_id {
        if db::studios::leader(tx, studio).await?.is_none() {
            errors.push(FieldError::new("studio_id", "err.studio.missing"));
        } else if !may_file_under_studio(db::studios::belongs(tx, studio, author).await?) {
            errors.push(FieldError::new("studio_id", "err.studio.not_member"));
        }
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
        ) if errors.is_empty() => Ok(ProjectInput {
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
pub async fn create(pool: &Pool, me: &UserInfo, form: &ProjectForm) -> Result<i64, AppError> {
    require(me, Permission::SubmitProjects)?;
    let mut tx = pool.begin_write().await?;
    let input = parse_form(&mut tx, me.id, form).await?;
    let id = db::projects::insert_draft(&mut tx, me.id, &input).await?;
    db::projects::replace_members(&mut tx, id, &input.members).await?;
    audit::record(&mut tx, Some(me.id), "project.create", "project", Some(id), &input.title).await?;
    tx.commit().await?;
    Ok(id)
}

/// The author edits their draft or returned proposal.
pub async fn update(pool: &Pool, me: &UserInfo, id: i64, form: &ProjectForm) -> Result<(), AppError> {
    require(me, Permission::SubmitProjects)?;
    let mut tx = pool.begin_write().await?;
    let (f, _) = facts(&mut tx, id).await?;
    ensure(f.is_author(viewer(me)))?;
    if !f.may_edit(viewer(me)) {
        return Err(AppError::field("", "err.project.not_editable"));
    }
    let input = parse_form(&mut tx, me.id, form).await?;
    db::projects::update_draft(&mut tx, id, &input).await?;
    db::projects::replace_members(&mut tx, id, &input.members).await?;
    audit::record(&mut tx, Some(me.id), "project.update", "project", Some(id), &input.title).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a lifecycle action. In one transaction: the stage change (refused if someone else moved
/// the project first), the event, notifications to the author and members, the stage reward and
/// points at a gate, the completion split on adoption, and the audit line.
pub async fn act(
    pool: &Pool,
    me: &UserInfo,
    id: i64,
    action: &str,
    comment: &str,
    actual_benefit: &str,
    actual_benefit_text: &str,
) -> Result<Stage, AppError> {
    let action = Action::parse(action).ok_or_else(|| AppError::field("action", "err.transition.illegal"))?;
    // Each action has its own form on the project page: its errors are named within it.
    take(pool, me, id, action, comment, actual_benefit, actual_benefit_text).await.map_err(|e| e.within(action.code()))
}

async fn take(
    pool: &Pool,
    me: &UserInfo,
    id: i64,
    action: Action,
    comment: &str,
    actual_benefit: &str,
    actual_benefit_text: &str,
) -> Result<Stage, AppError> {
    let comment = &long_text(comment, 0, COMMENT_MAX, "comment", "err.text.invalid")?;
    let adoption = if action == Action::Adopt {
        let mut errors = Errors::new();
        let fen = errors.check(parse_yuan(actual_benefit, "actual_benefit"));
        let text = errors.check(long_text(
            actual_benefit_text,
            1,
            BENEFIT_TEXT_MAX,
            "actual_benefit_text",
            "err.text.required",
        ));
        match (fen, text) {
            (Some(fen), Some(text)) => Some((fen, text)),
            _ => return Err(errors.into_vec().into()),
        }
    } else {
        None
    };
    let mut tx = pool.begin_write().await?;
    let (f, row) = facts(&mut tx, id).await?;
    ensure(f.may_take(viewer(me), action))?;
    let from = f.stage;
    let to = transition(from, action, comment).map_err(|e| AppError::from(e.field_error()))?;
    let at = db::now();
    if !db::projects::move_stage(&mut tx, id, from, to, at).await? {
        return Err(AppError::field("action", "err.transition.stale"));
    }
    if action == Action::Approve {
        db::projects::lock_benefit(&mut tx, id, at).await?;
    }
    if let Some((fen, text)) = &adoption {
        db::projects::record_adoption(&mut tx, id, *fen, text).await?;
    }
    let event = db::projects::NewEvent { project: id, action, from, to, actor: me.id, comment: comment.trim(), at };
    let event = db::projects::insert_event(&mut tx, &event).await?;
    let members = db::projects::member_shares(&mut tx, id).await?;
    let mut notify: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    notify.push(row.author_id);
    notify.sort_unstable();
    notify.dedup();
    for person in notify.into_iter().filter(|p| *p != me.id) {
        db::notifications::insert_for_project(&mut tx, person, id, event).await?;
    }
    if let Some(gate) = action.reward_gate() {
        let category = db::decode("projects.category", &row.category)?;
        let level = RuleLevel::of(db::decode_opt("studios.level", row.studio_level.as_deref())?);
        if let Some(rule) = super::rewards::active_rule(&mut tx, category, level).await? {
            let mut lines = stage_payouts(&rule, gate, &members);
            if action == Action::Adopt {
                lines.extend(completion_payouts(&rule, &members, row.leader_id));
            }
            for line in &lines {
                db::rewards::insert_payout(&mut tx, db::rewards::Origin::Project { project: id, rule: rule.id }, line)
                    .await?;
            }
        }
        let reason = format!("project.{}", gate.code());
        for m in &members {
            let who = super::boards::Who::Person { person: m.person_id, studio: row.studio_id };
            let source = super::boards::Source { kind: "project", id, reason: &reason };
            super::boards::record(&mut tx, who, gate.points(), source, Some(me.id)).await?;
        }
    }
    // The project is named by the line's target and the step by its action: the detail is the comment.
    audit::record(&mut tx, Some(me.id), &format!("project.{}", action.code()), "project", Some(id), comment.trim())
        .await?;
    tx.commit().await?;
    Ok(to)
}

pub async fn detail(pool: &Pool, me: &UserInfo, id: i64) -> Result<ProjectDetail, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin().await?;
    let (f, _) = facts(&mut tx, id).await?;
    let v = viewer(me);
    ensure(f.may_view(v))?;
    let summary = list(&mut tx, ProjectList::One(id)).await?.pop().ok_or(AppError::NotFound)?;
    let texts = db::projects::texts(&mut tx, id).await?;
    let members: Vec<MemberView> = db::projects::members(&mut tx, id)
        .await?
        .into_iter()
        .map(|(id, name, team_name, share_bp, username)| MemberView {
            person: PersonRef { id, name, team_name },
            username,
            share_bp: BasisPoints(share_bp),
        })
        .collect();
    let mut events = Vec::new();
    for e in db::projects::events(&mut tx, id).await? {
        events.push(EventView {
            id: e.id,
            action: db::decode("project_events.action", &e.action)?,
            from: db::decode("project_events.from_stage", &e.from_stage)?,
            to: db::decode("project_events.to_stage", &e.to_stage)?,
            actor: e.actor,
            comment: e.comment,
            at: e.at,
        });
    }
    let attachments = db::projects::attachments(&mut tx, id).await?;
    let view = |a: &db::projects::AttachmentRow| AttachmentView {
        id: a.id,
        file_name: a.file_name.clone(),
        content_type: a.content_type.clone(),
        size_bytes: a.size_bytes,
    };
    let mut entries = Vec::new();
    for e in db::projects::entries(&mut tx, id).await? {
        entries.push(EntryView {
            attachments: attachments.iter().filter(|a| a.entry_id == Some(e.id)).map(view).collect(),
            id: e.id,
            kind: db::decode::<EntryKind>("project_entries.kind", &e.kind)?,
            entry_on: e.entry_on,
            body: e.body,
            author: e.author,
        });
    }
    let leader_username = db::people::username(&mut tx, summary.leader.id).await?.ok_or(AppError::NotFound)?;
    Ok(ProjectDetail {
        leader_username,
        can_edit: f.may_edit(v),
        can_report: f.may_report(v),
        can_attach: f.may_attach(v),
        actions: f.actions(v),
        problem: texts.problem,
        solution: texts.solution,
        expected_benefit_text: texts.expected_benefit_text,
        benefit_locked: texts.benefit_locked_at.is_some(),
        actual_benefit_text: texts.actual_benefit_text,
        events,
        entries,
        attachments: attachments.iter().filter(|a| a.entry_id.is_none()).map(view).collect(),
        members,
        summary,
    })
}

/// The caller's own projects (as author or member).
pub async fn mine(pool: &Pool, me: &UserInfo) -> Result<Vec<ProjectSummary>, AppError> {
    list(&mut pool.begin().await?, ProjectList::Mine(me.id)).await
}

/// What waits on the caller as a reviewer, oldest first.
pub async fn review_queue(pool: &Pool, me: &UserInfo) -> Result<Vec<ProjectSummary>, AppError> {
    require(me, Permission::ReviewProjects)?;
    let which = match review_queue_scope(viewer(me)) {
        QueueScope::All => ProjectList::ReviewQueue(me.id),
        QueueScope::StudiosLedBy(id) => ProjectList::ReviewQueueOfStudiosLedBy(id),
        QueueScope::Nothing => return Ok(Vec::new()),
    };
    list(&mut pool.begin().await?, which).await
}

/// Approved projects and beyond, for every employee to follow (公布实施过程).
pub async fn feed(pool: &Pool, me: &UserInfo) -> Result<Vec<ProjectSummary>, AppError> {
    require(me, Permission::ViewDirectory)?;
    list(&mut pool.begin().await?, ProjectList::Feed).await
}

/// The project picker: up to ten projects by number or a word of their title; union admins find
/// any, everyone else those they may open (the same rule as `ProjectFacts::may_view`).
pub async fn find(pool: &Pool, me: &UserInfo, typed: &str) -> Result<Vec<Pick>, AppError> {
    require(me, Permission::ViewDirectory)?;
    let typed: String = typed.trim().chars().take(40).collect();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let viewer = (!me.has(Role::UnionAdmin)).then_some(me.id);
    let rows = db::projects::pick(&mut pool.single_read().await?, &typed, viewer, super::people::PICKS).await?;
    Ok(rows.into_iter().map(|(id, title)| Pick { value: id.to_string(), label: format!("#{id} {title}") }).collect())
}

/// The projects the caller answers for as responsible leader (挂钩领导).
pub async fn as_leader(pool: &Pool, me: &UserInfo) -> Result<Vec<ProjectSummary>, AppError> {
    list(&mut pool.begin().await?, ProjectList::Leader(me.id)).await
}

/// A progress report or trial result, by the author or a member, in the stage that takes it.
pub async fn add_entry(pool: &Pool, me: &UserInfo, id: i64, entry_on: &str, body: &str) -> Result<i64, AppError> {
    let mut errors = Errors::new();
    let date = errors.check(parse_date(entry_on, "entry_on"));
    let body = errors.check(long_text(body, 1, TEXT_MAX, "body", "err.text.required"));
    let (Some(date), Some(body)) = (date, body) else { return Err(errors.into_vec().into()) };
    let mut tx = pool.begin_write().await?;
    let (f, _) = facts(&mut tx, id).await?;
    ensure(f.on_team(viewer(me)))?;
    let kind = EntryKind::for_stage(f.stage).ok_or_else(|| AppError::field("", "err.entry.wrong_stage"))?;
    let entry = db::projects::insert_entry(&mut tx, id, kind, date, &body, me.id).await?;
    audit::record(&mut tx, Some(me.id), &format!("project.entry.{}", kind.code()), "project", Some(id), "").await?;
    tx.commit().await?;
    Ok(entry)
}

/// Whether the caller may attach files to the project now (checked before the upload is read).
pub async fn check_may_attach(pool: &Pool, me: &UserInfo, project: i64) -> Result<(), AppError> {
    let (f, _) = facts(&mut pool.begin().await?, project).await?;
    ensure(f.may_attach(viewer(me)))
}

/// Records a stored upload. The caller has already written the file under `storage_key`.
pub async fn add_attachment(pool: &Pool, me: &UserInfo, a: &db::projects::NewAttachment<'_>) -> Result<i64, AppError> {
    let mut tx = pool.begin_write().await?;
    let (f, _) = facts(&mut tx, a.project_id).await?;
    ensure(f.may_attach(viewer(me)))?;
    if let Some(entry) = a.entry_id {
        if !db::projects::entry_belongs(&mut tx, entry, a.project_id).await? {
            return Err(AppError::NotFound);
        }
    }
    let id = db::projects::insert_attachment(&mut tx, a).await?;
    audit::record(&mut tx, Some(me.id), "project.attach", "project", Some(a.project_id), a.file_name).await?;
    tx.commit().await?;
    Ok(id)
}

/// An attachment for whoever may see its project.
pub async fn attachment(pool: &Pool, me: &UserInfo, id: i64) -> Result<db::projects::StoredAttachment, AppError> {
    let mut tx = pool.begin().await?;
    let a = db::projects::attachment(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (f, _) = facts(&mut tx, a.project_id).await?;
    ensure(f.may_view(viewer(me)))?;
    Ok(a)
}
