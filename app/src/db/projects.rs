//! Projects: drafts, the lifecycle (with stage rewards, points and notifications written in the
//! same transaction as the transition), progress and trial entries, the lists people work from.

use super::{audit, now, Pool, Tx};
use crate::domain::project::{transition, Action, Actor, Category, FiveSmallKind, MemberShare, Stage};
use crate::domain::rewards::{completion_payouts, stage_payouts, PlannedPayout, RewardRule};
use crate::domain::roles::Role;
use crate::domain::studio::{rule_level_code, Level};
use crate::error::AppError;
use crate::model::{PersonRef, UserInfo};
use crate::model_projects::*;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// A proposal as its author writes it (already parsed).
pub struct ProjectInput {
    pub category: Category,
    pub five_small_kind: Option<FiveSmallKind>,
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub expected_benefit_fen: i64,
    pub expected_benefit_text: String,
    pub leader_id: i64,
    pub studio_id: Option<i64>,
    pub due_on: Option<String>,
    pub members: Vec<MemberShare>,
}

async fn check_people(tx: &mut Tx<'_>, input: &ProjectInput) -> Result<(), AppError> {
    let active =
        |id: i64| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM people WHERE id = $1 AND active").bind(id);
    if active(input.leader_id).fetch_one(&mut **tx).await? == 0 {
        return Err(AppError::field("leader_id", "err.person.missing"));
    }
    for m in &input.members {
        if active(m.person_id).fetch_one(&mut **tx).await? == 0 {
            return Err(AppError::field("members", "err.person.missing"));
        }
    }
    if let Some(s) = input.studio_id {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM studios WHERE id = $1").bind(s).fetch_one(&mut **tx).await?;
        if n == 0 {
            return Err(AppError::field("studio_id", "err.studio.missing"));
        }
    }
    Ok(())
}

async fn write_members(tx: &mut Tx<'_>, id: i64, members: &[MemberShare]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM project_members WHERE project_id = $1").bind(id).execute(&mut **tx).await?;
    for m in members {
        sqlx::query("INSERT INTO project_members (project_id, person_id, share_bp) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(m.person_id)
            .bind(m.share_bp)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn create_draft(pool: &Pool, author: i64, input: &ProjectInput) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    check_people(&mut tx, input).await?;
    let ts = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO projects (category, five_small_kind, title, problem, solution, expected_benefit_fen,
            expected_benefit_text, author_id, leader_id, studio_id, stage, stage_since, due_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $11, $11) RETURNING id",
    )
    .bind(input.category.code())
    .bind(input.five_small_kind.map(|k| k.code()))
    .bind(&input.title)
    .bind(&input.problem)
    .bind(&input.solution)
    .bind(input.expected_benefit_fen)
    .bind(&input.expected_benefit_text)
    .bind(author)
    .bind(input.leader_id)
    .bind(input.studio_id)
    .bind(ts)
    .bind(&input.due_on)
    .fetch_one(&mut *tx)
    .await?;
    write_members(&mut tx, id, &input.members).await?;
    audit::record(&mut tx, Some(author), "project.create", "project", Some(id), &input.title).await?;
    tx.commit().await?;
    Ok(id)
}

/// Edits a draft or returned proposal; only its author may, and only before approval.
pub async fn update_draft(pool: &Pool, author: i64, id: i64, input: &ProjectInput) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT stage, author_id FROM projects WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    let (stage, owner) = row.ok_or(AppError::NotFound)?;
    if owner != author {
        return Err(AppError::Forbidden);
    }
    if !Stage::parse(&stage).is_some_and(Stage::is_editable) {
        return Err(AppError::field("", "err.project.not_editable"));
    }
    check_people(&mut tx, input).await?;
    sqlx::query(
        "UPDATE projects SET category = $1, five_small_kind = $2, title = $3, problem = $4, solution = $5,
            expected_benefit_fen = $6, expected_benefit_text = $7, leader_id = $8, studio_id = $9, due_on = $10,
            updated_at = $11 WHERE id = $12",
    )
    .bind(input.category.code())
    .bind(input.five_small_kind.map(|k| k.code()))
    .bind(&input.title)
    .bind(&input.problem)
    .bind(&input.solution)
    .bind(input.expected_benefit_fen)
    .bind(&input.expected_benefit_text)
    .bind(input.leader_id)
    .bind(input.studio_id)
    .bind(&input.due_on)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    write_members(&mut tx, id, &input.members).await?;
    audit::record(&mut tx, Some(author), "project.update", "project", Some(id), &input.title).await?;
    tx.commit().await?;
    Ok(())
}

const SUMMARY_SELECT: &str = "SELECT p.id, p.title, p.category, p.five_small_kind, p.stage, p.stage_since,
        p.author_id, a.display_name AS author_name, at.name AS author_team,
        p.leader_id, l.display_name AS leader_name, lt.name AS leader_team,
        p.studio_id, s.name AS studio_name, p.expected_benefit_fen, p.actual_benefit_fen, p.due_on
    FROM projects p
    JOIN people a ON a.id = p.author_id JOIN teams at ON at.id = a.team_id
    JOIN people l ON l.id = p.leader_id JOIN teams lt ON lt.id = l.team_id
    LEFT JOIN studios s ON s.id = p.studio_id";

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    category: String,
    five_small_kind: Option<String>,
    stage: String,
    stage_since: DateTime<Utc>,
    author_id: i64,
    author_name: String,
    author_team: String,
    leader_id: i64,
    leader_name: String,
    leader_team: String,
    studio_id: Option<i64>,
    studio_name: Option<String>,
    expected_benefit_fen: i64,
    actual_benefit_fen: Option<i64>,
    due_on: Option<String>,
}

impl SummaryRow {
    fn into_summary(self, today: chrono::NaiveDate) -> ProjectSummary {
        let stage = Stage::parse(&self.stage).unwrap_or(Stage::Draft);
        let overdue = stage.is_open()
            && self
                .due_on
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .is_some_and(|d| d < today);
        ProjectSummary {
            id: self.id,
            title: self.title,
            category: Category::parse(&self.category).unwrap_or(Category::Technical),
            five_small_kind: self.five_small_kind.as_deref().and_then(FiveSmallKind::parse),
            stage,
            days_in_stage: (Utc::now() - self.stage_since).num_days(),
            stage_since: self.stage_since,
            author: PersonRef { id: self.author_id, name: self.author_name, team_name: self.author_team },
            leader: PersonRef { id: self.leader_id, name: self.leader_name, team_name: self.leader_team },
            studio_id: self.studio_id,
            studio_name: self.studio_name,
            expected_benefit_fen: self.expected_benefit_fen,
            actual_benefit_fen: self.actual_benefit_fen,
            due_on: self.due_on,
            overdue,
        }
    }
}

fn today() -> chrono::NaiveDate {
    // Dates are Asia/Shanghai calendar dates.
    (Utc::now() + chrono::Duration::hours(8)).date_naive()
}

async fn summaries(pool: &Pool, where_order: &str, id: Option<i64>) -> Result<Vec<ProjectSummary>, sqlx::Error> {
    let sql = format!("{SUMMARY_SELECT} {where_order}");
    let q = sqlx::query_as::<_, SummaryRow>(&sql);
    let rows = match id {
        Some(id) => q.bind(id).fetch_all(pool).await?,
        None => q.fetch_all(pool).await?,
    };
    let t = today();
    Ok(rows.into_iter().map(|r| r.into_summary(t)).collect())
}

/// Which list of projects to show.
#[derive(Clone, Copy, Debug)]
pub enum ProjectList {
    /// Authored by or with this person as a member.
    Mine(i64),
    /// Waiting on a reviewer: submitted, approved, in progress, in trial.
    ReviewQueue,
    /// Approved or beyond: every employee may follow them (公布实施过程).
    Feed,
    /// This person is the responsible leader (挂钩领导).
    Leader(i64),
    /// A studio's projects.
    Studio(i64),
}

pub async fn list(pool: &Pool, which: ProjectList) -> Result<Vec<ProjectSummary>, sqlx::Error> {
    match which {
        ProjectList::Mine(id) => {
            summaries(
                pool,
                "WHERE p.author_id = $1 OR p.id IN (SELECT project_id FROM project_members WHERE person_id = $1)
             ORDER BY p.updated_at DESC",
                Some(id),
            )
            .await
        }
        ProjectList::ReviewQueue => {
            summaries(
                pool,
                "WHERE p.stage IN ('submitted', 'approved', 'in_progress', 'trial')
             ORDER BY p.stage_since",
                None,
            )
            .await
        }
        ProjectList::Feed => {
            summaries(
                pool,
                "WHERE p.stage IN ('approved', 'in_progress', 'trial', 'adopted', 'closed')
             ORDER BY p.stage_since DESC",
                None,
            )
            .await
        }
        ProjectList::Leader(id) => summaries(pool, "WHERE p.leader_id = $1 ORDER BY p.stage_since", Some(id)).await,
        ProjectList::Studio(id) => {
            summaries(pool, "WHERE p.studio_id = $1 ORDER BY p.stage_since DESC", Some(id)).await
        }
    }
}

/// Counts of projects per stage in the review queue.
pub async fn queue_counts(pool: &Pool) -> Result<Vec<(Stage, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT stage, COUNT(*) FROM projects WHERE stage IN ('submitted', 'approved', 'in_progress', 'trial') GROUP BY stage",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(|(s, n)| Stage::parse(&s).map(|s| (s, n))).collect())
}

/// Whether `viewer` may see the project: a public one (approved or beyond) anyone signed in may;
/// drafts and proposals only its author, members, responsible leader and union admins.
fn may_view(stage: Stage, viewer: &UserInfo, author: i64, leader: i64, members: &[i64], leads_studio: bool) -> bool {
    stage.is_public()
        || leads_studio
        || viewer.id == author
        || viewer.id == leader
        || members.contains(&viewer.id)
        || viewer.has(Role::UnionAdmin)
}

pub async fn detail(pool: &Pool, id: i64, viewer: &UserInfo) -> Result<ProjectDetail, AppError> {
    let summary = summaries(pool, "WHERE p.id = $1", Some(id)).await?.pop().ok_or(AppError::NotFound)?;
    #[derive(FromRow)]
    struct Extra {
        problem: String,
        solution: String,
        expected_benefit_text: String,
        benefit_locked_at: Option<DateTime<Utc>>,
        actual_benefit_text: Option<String>,
    }
    let extra: Extra = sqlx::query_as(
        "SELECT problem, solution, expected_benefit_text, benefit_locked_at, actual_benefit_text FROM projects WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await?;
    let members = members(pool, id).await?;
    let member_ids: Vec<i64> = members.iter().map(|m| m.person.id).collect();
    let leads_studio = studio_leader(pool, id).await? == Some(viewer.id);
    if !may_view(summary.stage, viewer, summary.author.id, summary.leader.id, &member_ids, leads_studio) {
        return Err(AppError::Forbidden);
    }
    #[derive(FromRow)]
    struct Ev {
        id: i64,
        action: String,
        from_stage: String,
        to_stage: String,
        actor: String,
        comment: String,
        at: DateTime<Utc>,
    }
    let events: Vec<Ev> = sqlx::query_as(
        "SELECT e.id, e.action, e.from_stage, e.to_stage, p.display_name AS actor, e.comment, e.at
         FROM project_events e JOIN people p ON p.id = e.actor_id WHERE e.project_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let attachments = attachments(pool, id).await?;
    #[derive(FromRow)]
    struct En {
        id: i64,
        kind: String,
        entry_on: String,
        body: String,
        author: String,
    }
    let entries: Vec<En> = sqlx::query_as(
        "SELECT e.id, e.kind, e.entry_on, e.body, p.display_name AS author
         FROM project_entries e JOIN people p ON p.id = e.author_id WHERE e.project_id = $1 ORDER BY e.entry_on, e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let is_author = viewer.id == summary.author.id;
    let is_member = member_ids.contains(&viewer.id);
    let reviewer = crate::domain::project::is_reviewer(&viewer.roles, leads_studio);
    let actions = crate::domain::project::available_actions(summary.stage, is_author, reviewer);
    let leader_username: String =
        sqlx::query_scalar("SELECT username FROM people WHERE id = $1").bind(summary.leader.id).fetch_one(pool).await?;
    Ok(ProjectDetail {
        leader_username,
        can_edit: is_author && summary.stage.is_editable(),
        can_report: (is_author || is_member) && entry_kind_for(summary.stage).is_some(),
        can_attach: (is_author || is_member) && summary.stage.is_open(),
        problem: extra.problem,
        solution: extra.solution,
        expected_benefit_text: extra.expected_benefit_text,
        benefit_locked: extra.benefit_locked_at.is_some(),
        actual_benefit_text: extra.actual_benefit_text,
        events: events
            .into_iter()
            .filter_map(|e| {
                Some(EventView {
                    id: e.id,
                    action: Action::parse(&e.action)?,
                    from: Stage::parse(&e.from_stage)?,
                    to: Stage::parse(&e.to_stage)?,
                    actor: e.actor,
                    comment: e.comment,
                    at: e.at,
                })
            })
            .collect(),
        entries: entries
            .into_iter()
            .map(|e| EntryView {
                attachments: attachments.iter().filter(|a| a.0 == Some(e.id)).map(|a| a.1.clone()).collect(),
                id: e.id,
                kind: e.kind,
                entry_on: e.entry_on,
                body: e.body,
                author: e.author,
            })
            .collect(),
        attachments: attachments.iter().filter(|a| a.0.is_none()).map(|a| a.1.clone()).collect(),
        members,
        actions,
        summary,
    })
}

/// The leader of the project's studio, if it belongs to one.
pub async fn studio_leader(pool: &Pool, project: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT s.leader_id FROM projects p JOIN studios s ON s.id = p.studio_id WHERE p.id = $1")
        .bind(project)
        .fetch_optional(pool)
        .await
}

/// The kind of entry a project's team may add in this stage: progress reports while approved or
/// in progress, trial results while in trial.
pub fn entry_kind_for(stage: Stage) -> Option<&'static str> {
    match stage {
        Stage::Approved | Stage::InProgress => Some("progress"),
        Stage::Trial => Some("trial"),
        _ => None,
    }
}

pub async fn members(pool: &Pool, id: i64) -> Result<Vec<MemberView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT p.id, p.display_name, t.name, m.share_bp, p.username FROM project_members m
         JOIN people p ON p.id = m.person_id JOIN teams t ON t.id = p.team_id
         WHERE m.project_id = $1 ORDER BY m.share_bp DESC, p.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, team_name, share_bp, username)| MemberView {
            person: PersonRef { id, name, team_name },
            username,
            share_bp,
        })
        .collect())
}

async fn attachments(pool: &Pool, project: i64) -> Result<Vec<(Option<i64>, AttachmentView)>, sqlx::Error> {
    let rows: Vec<(i64, Option<i64>, String, String, i64)> = sqlx::query_as(
        "SELECT id, entry_id, file_name, content_type, size_bytes FROM attachments WHERE project_id = $1 ORDER BY id",
    )
    .bind(project)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, entry, file_name, content_type, size_bytes)| {
            (entry, AttachmentView { id, file_name, content_type, size_bytes })
        })
        .collect())
}

/// The adoption record: the measured benefit beside the expected one.
pub struct Adoption {
    pub actual_benefit_fen: i64,
    pub actual_benefit_text: String,
}

/// Takes `action` on a project for `actor`. In one transaction: the stage change (refused if
/// someone else moved the project first), the event, notifications to the author and members,
/// the stage reward and points at a gate, the completion split on adoption, and the audit line.
pub async fn act(
    pool: &Pool,
    actor: &UserInfo,
    id: i64,
    action: Action,
    comment: &str,
    adoption: Option<Adoption>,
) -> Result<Stage, AppError> {
    let mut tx = pool.begin().await?;
    #[derive(FromRow)]
    struct P {
        stage: String,
        author_id: i64,
        leader_id: i64,
        category: String,
        level: Option<String>,
        studio_leader: Option<i64>,
        title: String,
    }
    let p: P = sqlx::query_as(
        "SELECT p.stage, p.author_id, p.leader_id, p.category, s.level, s.leader_id AS studio_leader, p.title
         FROM projects p LEFT JOIN studios s ON s.id = p.studio_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let from = Stage::parse(&p.stage).ok_or(AppError::Internal)?;
    let allowed = match action.actor() {
        Actor::Author => actor.id == p.author_id,
        Actor::Reviewer => crate::domain::project::is_reviewer(&actor.roles, p.studio_leader == Some(actor.id)),
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let to = transition(from, action, comment).map_err(|e| AppError::from(e.field_error()))?;
    if action == Action::Adopt && adoption.is_none() {
        return Err(AppError::field("actual_benefit", "err.money.invalid"));
    }
    let ts = now();
    let moved =
        sqlx::query("UPDATE projects SET stage = $1, stage_since = $2, updated_at = $2 WHERE id = $3 AND stage = $4")
            .bind(to.code())
            .bind(ts)
            .bind(id)
            .bind(from.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if moved == 0 {
        return Err(AppError::field("action", "err.transition.stale"));
    }
    if action == Action::Approve {
        sqlx::query("UPDATE projects SET benefit_locked_at = $1 WHERE id = $2")
            .bind(ts)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(a) = &adoption {
        sqlx::query("UPDATE projects SET actual_benefit_fen = $1, actual_benefit_text = $2 WHERE id = $3")
            .bind(a.actual_benefit_fen)
            .bind(&a.actual_benefit_text)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let event: i64 = sqlx::query_scalar(
        "INSERT INTO project_events (project_id, action, from_stage, to_stage, actor_id, comment, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(id)
    .bind(action.code())
    .bind(from.code())
    .bind(to.code())
    .bind(actor.id)
    .bind(comment.trim())
    .bind(ts)
    .fetch_one(&mut *tx)
    .await?;

    let members: Vec<MemberShare> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT person_id, share_bp FROM project_members WHERE project_id = $1 ORDER BY person_id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(person_id, share_bp)| MemberShare { person_id, share_bp })
    .collect();
    let mut notify: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    notify.push(p.author_id);
    notify.sort_unstable();
    notify.dedup();
    for person in notify.into_iter().filter(|x| *x != actor.id) {
        sqlx::query("INSERT INTO notifications (person_id, project_id, event_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(person)
            .bind(id)
            .bind(event)
            .bind(ts)
            .execute(&mut *tx)
            .await?;
    }

    if let Some(gate) = action.reward_gate() {
        let category = Category::parse(&p.category).map_err(|_| AppError::Internal)?;
        let level = rule_level_code(p.level.as_deref().and_then(|l| Level::parse(l).ok()));
        if let Some(rule) = super::rewards::active_rule(&mut tx, category, level).await? {
            let mut lines = stage_payouts(&rule, gate, &members);
            if action == Action::Adopt {
                lines.extend(completion_payouts(&rule, &members, p.leader_id));
            }
            for line in &lines {
                write_payout(&mut tx, id, &rule, line).await?;
            }
        }
        for m in &members {
            sqlx::query(
                "INSERT INTO points (person_id, points, source_type, source_id, reason, created_at)
                 VALUES ($1, $2, 'project', $3, $4, $5)",
            )
            .bind(m.person_id)
            .bind(gate.points())
            .bind(id)
            .bind(format!("project.{}", gate.code()))
            .bind(ts)
            .execute(&mut *tx)
            .await?;
        }
    }
    let detail = format!("{} {}→{} {}", p.title, from.code(), to.code(), comment.trim());
    audit::record(&mut tx, Some(actor.id), &format!("project.{}", action.code()), "project", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(to)
}

async fn write_payout(
    tx: &mut Tx<'_>,
    project: i64,
    rule: &RewardRule,
    line: &PlannedPayout,
) -> Result<(), sqlx::Error> {
    let inputs = serde_json::to_string(&line.inputs).unwrap_or_default();
    sqlx::query(
        "INSERT INTO payouts (person_id, project_id, kind, amount_fen, rule_id, inputs, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)",
    )
    .bind(line.person_id)
    .bind(project)
    .bind(line.kind.code())
    .bind(line.amount_fen)
    .bind(rule.id)
    .bind(inputs)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a progress report or trial result; the author or a member may, in the stage that takes it.
pub async fn add_entry(pool: &Pool, actor: i64, id: i64, entry_on: &str, body: &str) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT stage, author_id FROM projects WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    let (stage, author) = row.ok_or(AppError::NotFound)?;
    let member: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM project_members WHERE project_id = $1 AND person_id = $2")
            .bind(id)
            .bind(actor)
            .fetch_one(&mut *tx)
            .await?;
    if actor != author && member == 0 {
        return Err(AppError::Forbidden);
    }
    let kind =
        Stage::parse(&stage).and_then(entry_kind_for).ok_or_else(|| AppError::field("", "err.entry.wrong_stage"))?;
    let entry: i64 = sqlx::query_scalar(
        "INSERT INTO project_entries (project_id, kind, entry_on, body, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(kind)
    .bind(entry_on)
    .bind(body)
    .bind(actor)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE projects SET updated_at = $1 WHERE id = $2").bind(now()).bind(id).execute(&mut *tx).await?;
    audit::record(&mut tx, Some(actor), &format!("project.entry.{kind}"), "project", Some(id), "").await?;
    tx.commit().await?;
    Ok(entry)
}

pub async fn notifications(pool: &Pool, person: i64) -> Result<Vec<Notification>, sqlx::Error> {
    #[derive(FromRow)]
    struct N {
        id: i64,
        project_id: i64,
        title: String,
        action: String,
        to_stage: String,
        actor: String,
        comment: String,
        at: DateTime<Utc>,
        read_at: Option<DateTime<Utc>>,
    }
    let rows: Vec<N> = sqlx::query_as(
        "SELECT n.id, n.project_id, p.title, e.action, e.to_stage, a.display_name AS actor, e.comment, e.at, n.read_at
         FROM notifications n JOIN project_events e ON e.id = n.event_id JOIN projects p ON p.id = n.project_id
         JOIN people a ON a.id = e.actor_id
         WHERE n.person_id = $1 ORDER BY n.id DESC LIMIT 100",
    )
    .bind(person)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|n| {
            Some(Notification {
                id: n.id,
                project_id: n.project_id,
                project_title: n.title,
                action: Action::parse(&n.action)?,
                to: Stage::parse(&n.to_stage)?,
                actor: n.actor,
                comment: n.comment,
                at: n.at,
                read: n.read_at.is_some(),
            })
        })
        .collect())
}

pub async fn unread_count(pool: &Pool, person: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE person_id = $1 AND read_at IS NULL")
        .bind(person)
        .fetch_one(pool)
        .await
}

pub async fn mark_read(pool: &Pool, person: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
        .bind(now())
        .bind(person)
        .execute(pool)
        .await?;
    Ok(())
}

/// Who may attach files to a project: its author and members, while it is open.
pub async fn may_attach(pool: &Pool, project: i64, person: i64) -> Result<bool, AppError> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT stage, author_id FROM projects WHERE id = $1")
        .bind(project)
        .fetch_optional(pool)
        .await?;
    let (stage, author) = row.ok_or(AppError::NotFound)?;
    let member: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM project_members WHERE project_id = $1 AND person_id = $2")
            .bind(project)
            .bind(person)
            .fetch_one(pool)
            .await?;
    Ok((author == person || member > 0) && Stage::parse(&stage).is_some_and(Stage::is_open))
}

pub struct NewAttachment<'a> {
    pub project_id: i64,
    pub entry_id: Option<i64>,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub storage_key: &'a str,
    pub uploaded_by: i64,
}

pub async fn add_attachment(pool: &Pool, a: &NewAttachment<'_>) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    if let Some(entry) = a.entry_id {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM project_entries WHERE id = $1 AND project_id = $2")
            .bind(entry)
            .bind(a.project_id)
            .fetch_one(&mut *tx)
            .await?;
        if n == 0 {
            return Err(AppError::NotFound);
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO attachments (project_id, entry_id, file_name, content_type, size_bytes, storage_key, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(a.project_id)
    .bind(a.entry_id)
    .bind(a.file_name)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(a.storage_key)
    .bind(a.uploaded_by)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, Some(a.uploaded_by), "project.attach", "project", Some(a.project_id), a.file_name).await?;
    tx.commit().await?;
    Ok(id)
}

/// An attachment's project, stored name, type and display name.
pub async fn attachment(pool: &Pool, id: i64) -> Result<(i64, String, String, String), AppError> {
    sqlx::query_as("SELECT project_id, storage_key, content_type, file_name FROM attachments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(AppError::NotFound)
}
