//! Innovation projects, their timeline and notifications.

use super::PersonRef;
use crate::domain::money::{BasisPoints, Fen};
use crate::domain::project::{Action, Category, EntryKind, FiveSmallKind, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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
    pub expected_benefit_fen: Fen,
    pub actual_benefit_fen: Option<Fen>,
    pub due_on: Option<NaiveDate>,
    /// Days the project has been in its current stage.
    pub days_in_stage: i64,
    /// Past its due date while still open.
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub person: PersonRef,
    pub username: String,
    pub share_bp: BasisPoints,
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
    pub kind: EntryKind,
    pub entry_on: NaiveDate,
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

/// One of a person's notifications: who did what, when, and whether it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub notice: Notice,
    pub actor: String,
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// What a notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// A decision on a project the person authored or belongs to.
    Project { project_id: i64, project_title: String, action: Action, to: Stage, comment: String },
    /// A decision on an honour the person was nominated for or nominated.
    Honour { honour_id: i64, title: String, status: crate::domain::honours::HonourStatus, note: String },
    /// A reward line of the person's was approved or paid: where it comes from and how much.
    Payout {
        href: String,
        source: String,
        amount_fen: crate::domain::money::Fen,
        status: crate::domain::rewards::PayoutStatus,
    },
}
