//! Projects: drafts, stage changes, events, members, progress and trial entries, attachments,
//! notifications, points.

use super::{exec, now, on, Tx};
use crate::domain::money::{BasisPoints, Fen};
use crate::domain::project::{Action, Category, EntryKind, FiveSmallKind, MemberShare, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

/// A proposal as its author writes it (already parsed).
pub struct ProjectInput {
    pub category: Category,
    pub five_small_kind: Option<FiveSmallKind>,
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub expected_benefit_fen: Fen,
    pub expected_benefit_text: String,
    pub leader_id: i64,
    pub studio_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub members: Vec<MemberShare>,
}

pub async fn insert_draft(tx: &mut Tx, author: i64, input: &ProjectInput) -> Result<i64, sqlx::Error> {
    let ts = now();
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO projects (category, five_small_kind, title, problem, solution, expected_benefit_fen,
            expected_benefit_text, author_id, leader_id, studio_id, stage, stage_since, due_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $11, $11) RETURNING id",
    )
    .bind(input.category.code())
    .bind(input.five_small_kind.map(|k| k.code()))
    .bind(&input.title)
    .bind(&input.problem)
    .bind(&input.solution)
    .bind(input.expected_benefit_fen.0)
    .bind(&input.expected_benefit_text)
    .bind(author)
    .bind(input.leader_id)
    .bind(input.studio_id)
    .bind(ts)
    .bind(input.due_on)
    .fetch_one(c)
    .await)
}

pub async fn update_draft(tx: &mut Tx, id: i64, input: &ProjectInput) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE projects SET category = $1, five_small_kind = $2, title = $3, problem = $4, solution = $5,
            expected_benefit_fen = $6, expected_benefit_text = $7, leader_id = $8, studio_id = $9, due_on = $10,
            updated_at = $11 WHERE id = $12",
    )
    .bind(input.category.code())
    .bind(input.five_small_kind.map(|k| k.code()))
    .bind(&input.title)
    .bind(&input.problem)
    .bind(&input.solution)
    .bind(input.expected_benefit_fen.0)
    .bind(&input.expected_benefit_text)
    .bind(input.leader_id)
    .bind(input.studio_id)
    .bind(input.due_on)
    .bind(now())
    .bind(id)
    .execute(c)
    .await)?;
    Ok(())
}

pub async fn replace_members(tx: &mut Tx, id: i64, members: &[MemberShare]) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM project_members WHERE project_id = $1").bind(id).execute(c).await)?;
    for m in members {
        exec!(tx, c => sqlx::query("INSERT INTO project_members (project_id, person_id, share_bp) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(m.person_id)
            .bind(m.share_bp.0)
            .execute(c)
            .await)?;
    }
    Ok(())
}

/// What the policies and the lifecycle need of a project.
#[derive(FromRow)]
pub struct FactsRow {
    pub stage: String,
    pub author_id: i64,
    pub leader_id: i64,
    pub category: String,
    pub studio_level: Option<String>,
    pub studio_leader_id: Option<i64>,
    pub studio_id: Option<i64>,
    pub title: String,
}

pub async fn facts(tx: &mut Tx, id: i64) -> Result<Option<FactsRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.stage, p.author_id, p.leader_id, p.category, s.level AS studio_level,
                s.leader_id AS studio_leader_id, p.studio_id, p.title
         FROM projects p LEFT JOIN studios s ON s.id = p.studio_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Members as (person, share), in person order.
pub async fn member_shares(tx: &mut Tx, id: i64) -> Result<Vec<MemberShare>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = on!(tx, c => sqlx::query_as(
        "SELECT person_id, share_bp FROM project_members WHERE project_id = $1 ORDER BY person_id",
    )
    .bind(id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(person_id, share_bp)| MemberShare { person_id, share_bp: BasisPoints(share_bp) })
        .collect())
}

pub const SUMMARY_SELECT: &str = "SELECT p.id, p.title, p.category, p.five_small_kind, p.stage, p.stage_since,
        p.author_id, a.display_name AS author_name, at.name AS author_team,
        p.leader_id, l.display_name AS leader_name, lt.name AS leader_team,
        p.studio_id, s.name AS studio_name, p.expected_benefit_fen, p.actual_benefit_fen, p.due_on
    FROM projects p
    JOIN people a ON a.id = p.author_id JOIN teams at ON at.id = a.team_id
    JOIN people l ON l.id = p.leader_id JOIN teams lt ON lt.id = l.team_id
    LEFT JOIN studios s ON s.id = p.studio_id";

#[derive(FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub five_small_kind: Option<String>,
    pub stage: String,
    pub stage_since: DateTime<Utc>,
    pub author_id: i64,
    pub author_name: String,
    pub author_team: String,
    pub leader_id: i64,
    pub leader_name: String,
    pub leader_team: String,
    pub studio_id: Option<i64>,
    pub studio_name: Option<String>,
    pub expected_benefit_fen: i64,
    pub actual_benefit_fen: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

/// Which list of projects to show.
#[derive(Clone, Copy, Debug)]
pub enum ProjectList {
    /// Authored by or with this person as a member.
    Mine(i64),
    /// Waiting on this reviewer: submitted, approved, in progress, in trial, and not a project they
    /// author, work on or answer for (the same rule as `ProjectFacts::may_review`).
    ReviewQueue(i64),
    /// The same, for the studios this person leads.
    ReviewQueueOfStudiosLedBy(i64),
    /// Approved or beyond: every employee may follow them (公布实施过程).
    Feed,
    /// This person is the responsible leader (挂钩领导).
    Leader(i64),
    /// A studio's projects.
    Studio(i64),
    One(i64),
}

pub async fn list(tx: &mut Tx, which: ProjectList) -> Result<Vec<SummaryRow>, sqlx::Error> {
    const QUEUE: &str = "p.stage IN ('submitted', 'approved', 'in_progress', 'trial')
        AND p.author_id <> $1 AND p.leader_id <> $1
        AND NOT EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.person_id = $1)";
    let (filter, id) = match which {
        ProjectList::Mine(id) => (
            "WHERE p.author_id = $1 OR p.id IN (SELECT project_id FROM project_members WHERE person_id = $1)
             ORDER BY p.updated_at DESC"
                .to_string(),
            Some(id),
        ),
        ProjectList::ReviewQueue(id) => (format!("WHERE {QUEUE} ORDER BY p.stage_since"), Some(id)),
        ProjectList::ReviewQueueOfStudiosLedBy(id) => {
            (format!("WHERE {QUEUE} AND s.leader_id = $1 ORDER BY p.stage_since"), Some(id))
        }
        ProjectList::Feed => (
            "WHERE p.stage IN ('approved', 'in_progress', 'trial', 'adopted', 'closed') ORDER BY p.stage_since DESC"
                .to_string(),
            None,
        ),
        ProjectList::Leader(id) => ("WHERE p.leader_id = $1 ORDER BY p.stage_since".to_string(), Some(id)),
        ProjectList::Studio(id) => ("WHERE p.studio_id = $1 ORDER BY p.stage_since DESC".to_string(), Some(id)),
        ProjectList::One(id) => ("WHERE p.id = $1".to_string(), Some(id)),
    };
    let sql = format!("{SUMMARY_SELECT} {filter}");
    on!(tx, c => {
        let q = sqlx::query_as(&sql);
        match id {
            Some(id) => q.bind(id).fetch_all(c).await,
            None => q.fetch_all(c).await,
        }
    })
}

/// Up to `limit` projects whose number is `text` or whose title contains it, newest first; with
/// `viewer`, only those they may see (`ProjectFacts::may_view`: public stages, a stake in it, or
/// leading its studio).
pub async fn pick(tx: &mut Tx, text: &str, viewer: Option<i64>, limit: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let public =
        Stage::ALL.into_iter().filter(|s| s.is_public()).map(|s| format!("'{}'", s.code())).collect::<Vec<_>>();
    let sql = format!(
        "SELECT p.id, p.title FROM projects p
         WHERE (p.id = $1 OR LOWER(p.title) LIKE $2 ESCAPE '\\')
           AND (CAST($3 AS BIGINT) IS NULL
                OR p.stage IN ({})
                OR p.author_id = $3 OR p.leader_id = $3
                OR EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.person_id = $3)
                OR EXISTS (SELECT 1 FROM studios s WHERE s.id = p.studio_id AND s.leader_id = $3))
         ORDER BY p.id DESC LIMIT $4",
        public.join(", ")
    );
    let number = text.trim().trim_start_matches('#').parse::<i64>().unwrap_or(0);
    on!(tx, c => sqlx::query_as(&sql)
        .bind(number)
        .bind(super::contains_pattern(text))
        .bind(viewer)
        .bind(limit)
        .fetch_all(c)
        .await)
}

#[derive(FromRow)]
pub struct TextsRow {
    pub problem: String,
    pub solution: String,
    pub expected_benefit_text: String,
    pub benefit_locked_at: Option<DateTime<Utc>>,
    pub actual_benefit_text: Option<String>,
}

pub async fn texts(tx: &mut Tx, id: i64) -> Result<TextsRow, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT problem, solution, expected_benefit_text, benefit_locked_at, actual_benefit_text FROM projects WHERE id = $1",
    )
    .bind(id)
    .fetch_one(c)
    .await)
}

/// Members as (id, name, team, share, username), largest share first.
pub async fn members(tx: &mut Tx, id: i64) -> Result<Vec<(i64, String, String, i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.display_name, t.name, m.share_bp, p.username FROM project_members m
         JOIN people p ON p.id = m.person_id JOIN teams t ON t.id = p.team_id
         WHERE m.project_id = $1 ORDER BY m.share_bp DESC, p.id",
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

#[derive(FromRow)]
pub struct EventRow {
    pub id: i64,
    pub action: String,
    pub from_stage: String,
    pub to_stage: String,
    pub actor: String,
    pub comment: String,
    pub at: DateTime<Utc>,
}

pub async fn events(tx: &mut Tx, id: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT e.id, e.action, e.from_stage, e.to_stage, p.display_name AS actor, e.comment, e.at
         FROM project_events e JOIN people p ON p.id = e.actor_id WHERE e.project_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

#[derive(FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub kind: String,
    pub entry_on: NaiveDate,
    pub body: String,
    pub author: String,
}

pub async fn entries(tx: &mut Tx, id: i64) -> Result<Vec<EntryRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT e.id, e.kind, e.entry_on, e.body, p.display_name AS author
         FROM project_entries e JOIN people p ON p.id = e.author_id WHERE e.project_id = $1 ORDER BY e.entry_on, e.id",
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

#[derive(FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub entry_id: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

pub async fn attachments(tx: &mut Tx, project: i64) -> Result<Vec<AttachmentRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, entry_id, file_name, content_type, size_bytes FROM attachments WHERE project_id = $1 ORDER BY id",
    )
    .bind(project)
    .fetch_all(c)
    .await)
}

/// Moves the project from `from` to `to`; false when someone else moved it first.
pub async fn move_stage(tx: &mut Tx, id: i64, from: Stage, to: Stage, at: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let n = exec!(tx, c => sqlx::query(
        "UPDATE projects SET stage = $1, stage_since = $2, updated_at = $2 WHERE id = $3 AND stage = $4",
    )
    .bind(to.code())
    .bind(at)
    .bind(id)
    .bind(from.code())
    .execute(c)
    .await)?;
    Ok(n == 1)
}

/// Moves a project's planned completion date (the demo's history: a plan made months ago, now
/// overdue; people cannot plan in the past).
pub async fn backdate_due_on(tx: &mut Tx, id: i64, due_on: chrono::NaiveDate) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE projects SET due_on = $1 WHERE id = $2").bind(due_on).bind(id).execute(c).await)?;
    Ok(())
}

pub async fn lock_benefit(tx: &mut Tx, id: i64, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE projects SET benefit_locked_at = $1 WHERE id = $2").bind(at).bind(id).execute(c).await)?;
    Ok(())
}

pub async fn record_adoption(tx: &mut Tx, id: i64, actual: Fen, actual_text: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE projects SET actual_benefit_fen = $1, actual_benefit_text = $2 WHERE id = $3")
        .bind(actual.0)
        .bind(actual_text)
        .bind(id)
        .execute(c)
        .await)?;
    Ok(())
}

pub struct NewEvent<'a> {
    pub project: i64,
    pub action: Action,
    pub from: Stage,
    pub to: Stage,
    pub actor: i64,
    pub comment: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn insert_event(tx: &mut Tx, e: &NewEvent<'_>) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO project_events (project_id, action, from_stage, to_stage, actor_id, comment, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(e.project)
    .bind(e.action.code())
    .bind(e.from.code())
    .bind(e.to.code())
    .bind(e.actor)
    .bind(e.comment)
    .bind(e.at)
    .fetch_one(c)
    .await)
}

pub async fn insert_entry(
    tx: &mut Tx,
    project: i64,
    kind: EntryKind,
    entry_on: NaiveDate,
    body: &str,
    author: i64,
) -> Result<i64, sqlx::Error> {
    let id = on!(tx, c => sqlx::query_scalar(
        "INSERT INTO project_entries (project_id, kind, entry_on, body, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(project)
    .bind(kind.code())
    .bind(entry_on)
    .bind(body)
    .bind(author)
    .bind(now())
    .fetch_one(c)
    .await)?;
    exec!(tx, c => sqlx::query("UPDATE projects SET updated_at = $1 WHERE id = $2").bind(now()).bind(project).execute(c).await)?;
    Ok(id)
}

pub async fn entry_belongs(tx: &mut Tx, entry: i64, project: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM project_entries WHERE id = $1 AND project_id = $2")
        .bind(entry)
        .bind(project)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
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

pub async fn insert_attachment(tx: &mut Tx, a: &NewAttachment<'_>) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
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
    .fetch_one(c)
    .await)
}

#[derive(FromRow)]
pub struct StoredAttachment {
    pub project_id: i64,
    pub storage_key: String,
    pub content_type: String,
    pub file_name: String,
}

pub async fn attachment(tx: &mut Tx, id: i64) -> Result<Option<StoredAttachment>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT project_id, storage_key, content_type, file_name FROM attachments WHERE id = $1")
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// The projects a person works on or answers for, newest first, at most `limit`, only in the
/// given (public) stages: (id, title, stage).
pub async fn of_person(
    tx: &mut Tx,
    person: i64,
    stages: &[&str],
    limit: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    on!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(
            "SELECT p.id, p.title, p.stage FROM projects p WHERE (p.leader_id = ",
        );
        q.push_bind(person)
            .push(" OR p.id IN (SELECT project_id FROM project_members WHERE person_id = ")
            .push_bind(person)
            .push(")) AND p.stage IN (");
        let mut sep = q.separated(", ");
        for s in stages {
            sep.push_bind(*s);
        }
        q.push(") ORDER BY p.id DESC LIMIT ").push_bind(limit);
        q.build_query_as::<(i64, String, String)>().fetch_all(&mut *c).await
    })
}
