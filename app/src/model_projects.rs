//! Wire types of studios, projects and rewards.

use crate::domain::project::{Action, Category, FiveSmallKind, Stage};
use crate::domain::rewards::{PayoutInputs, PayoutStatus};
use crate::domain::studio::Level;
use crate::model::PersonRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioSummary {
    pub id: i64,
    pub name: String,
    pub level: Level,
    pub leader: PersonRef,
    pub field: String,
    pub founded_on: String,
    pub member_count: i64,
    pub project_count: i64,
    pub adopted_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: i64,
    pub title: String,
    pub owner: PersonRef,
    pub due_on: String,
    pub done_on: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendView {
    pub id: i64,
    pub spent_on: String,
    pub amount_fen: i64,
    pub purpose: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i64,
    pub year: i32,
    pub goals: String,
    pub budget_fen: i64,
    pub spent_fen: i64,
    pub tasks: Vec<TaskView>,
    pub spending: Vec<SpendView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioDetail {
    pub summary: StudioSummary,
    /// For the edit form, which names people by username.
    pub leader_username: String,
    pub member_usernames: String,
    pub members: Vec<PersonRef>,
    pub plans: Vec<PlanView>,
    pub projects: Vec<ProjectSummary>,
    /// The caller may edit the studio and its plan (admin, or its leader for the plan).
    pub can_edit: bool,
    pub can_plan: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: i64,
    pub title: String,
    pub category: Category,
    pub five_small_kind: Option<FiveSmallKind>,
    pub stage: Stage,
    pub stage_since: DateTime<Utc>,
    pub author: PersonRef,
    pub leader: PersonRef,
    pub studio_id: Option<i64>,
    pub studio_name: Option<String>,
    pub expected_benefit_fen: i64,
    pub actual_benefit_fen: Option<i64>,
    pub due_on: Option<String>,
    /// Days the project has been in its current stage.
    pub days_in_stage: i64,
    /// Past its due date while still open.
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub person: PersonRef,
    pub username: String,
    pub share_bp: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub action: Action,
    pub from: Stage,
    pub to: Stage,
    pub actor: String,
    pub comment: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub kind: String,
    pub entry_on: String,
    pub body: String,
    pub author: String,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub summary: ProjectSummary,
    pub problem: String,
    pub solution: String,
    pub expected_benefit_text: String,
    pub benefit_locked: bool,
    pub actual_benefit_text: Option<String>,
    pub members: Vec<MemberView>,
    pub leader_username: String,
    pub events: Vec<EventView>,
    pub entries: Vec<EntryView>,
    pub attachments: Vec<AttachmentView>,
    /// What the caller may do now.
    pub actions: Vec<Action>,
    pub can_edit: bool,
    pub can_report: bool,
    pub can_attach: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub action: Action,
    pub to: Stage,
    pub actor: String,
    pub comment: String,
    pub at: DateTime<Utc>,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i64,
    pub category: Category,
    pub studio_level: String,
    pub version: i64,
    pub approval_fen: i64,
    pub progress_fen: i64,
    pub trial_fen: i64,
    pub adoption_fen: i64,
    pub pool_fen: i64,
    pub workers_bp: i64,
    pub leader_bp: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutLine {
    pub id: i64,
    pub person: PersonRef,
    pub project_id: i64,
    pub project_title: String,
    pub studio_name: Option<String>,
    pub kind: String,
    pub amount_fen: i64,
    pub rule_id: i64,
    pub rule_version: i64,
    pub inputs: PayoutInputs,
    pub status: PayoutStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFilter {
    #[serde(default)]
    pub person_id: Option<i64>,
    #[serde(default)]
    pub project_id: Option<i64>,
    #[serde(default)]
    pub studio_id: Option<i64>,
    /// YYYY-MM-DD, inclusive.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub lines: Vec<PayoutLine>,
    pub total_fen: i64,
    pub pending_fen: i64,
    pub approved_fen: i64,
    pub paid_fen: i64,
}

impl Ledger {
    pub fn from_lines(lines: Vec<PayoutLine>) -> Ledger {
        let sum = |s: Option<PayoutStatus>| {
            lines.iter().filter(|l| s.is_none_or(|s| l.status == s)).map(|l| l.amount_fen).sum::<i64>()
        };
        Ledger {
            total_fen: sum(None),
            pending_fen: sum(Some(PayoutStatus::Pending)),
            approved_fen: sum(Some(PayoutStatus::Approved)),
            paid_fen: sum(Some(PayoutStatus::Paid)),
            lines,
        }
    }
}
