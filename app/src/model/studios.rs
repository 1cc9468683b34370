//! Innovation studios and their yearly plans.

use super::projects::ProjectSummary;
use super::PersonRef;
use crate::domain::money::Fen;
use crate::domain::studio::Level;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioSummary {
    pub id: i64,
    pub name: String,
    pub level: Level,
    pub leader: PersonRef,
    pub field: String,
    pub founded_on: NaiveDate,
    pub member_count: i64,
    pub project_count: i64,
    pub adopted_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: i64,
    pub title: String,
    pub owner: PersonRef,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendView {
    pub id: i64,
    pub spent_on: NaiveDate,
    pub amount_fen: Fen,
    pub purpose: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: i64,
    pub year: i32,
    pub goals: String,
    pub budget_fen: Fen,
    pub spent_fen: Fen,
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
