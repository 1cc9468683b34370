//! A person's and a team's pages: titles, projects, placings, board positions, points over time.

use super::boards::PointsLine;
use crate::domain::boards::Window;
use crate::domain::project::Stage;
use serde::{Deserialize, Serialize};

/// Where a subject stands on one window of its board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub window: Window,
    /// `month`, `quarter`, `year`, `all`: the board page's tab.
    pub tab: String,
    pub rank: Option<u64>,
    pub total: i64,
    pub ranked: i64,
}

/// A competition placing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placing {
    pub event_id: i64,
    pub event: String,
    pub place: i64,
    /// 0 = first tier.
    pub tier: i64,
    pub title: String,
    /// Only for the person and union admins.
    pub prize_fen: Option<i64>,
    pub points: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonProfile {
    pub id: i64,
    pub name: String,
    pub team_id: i64,
    pub team_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub job_title: Option<String>,
    /// Honours (with their page) and competition titles.
    pub titles: Vec<(Option<i64>, String)>,
    pub positions: Vec<Position>,
    /// Points per month, the last twelve: (`2026-11`, points).
    pub months: Vec<(String, i64)>,
    pub projects: Vec<(i64, String, Stage)>,
    pub placings: Vec<Placing>,
    pub entries: Vec<PointsLine>,
    /// The entry id to page on from, when there are older entries.
    pub older: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamProfile {
    pub id: i64,
    pub name: String,
    pub department_id: i64,
    pub department_name: String,
    pub member_count: i64,
    /// The team's published honours: (id, title).
    pub honours: Vec<(i64, String)>,
    /// The first members by name: (id, name, job title).
    pub members: Vec<(i64, String, Option<String>)>,
    pub positions: Vec<Position>,
    pub months: Vec<(String, i64)>,
    /// The team's own entries (evaluations, labour competitions, team honours).
    pub entries: Vec<PointsLine>,
    /// Its published 五比两树 evaluations, newest first (the radar shows the first).
    pub evaluations: Vec<EvaluationPlace>,
}

/// A team's place in a published 五比两树 evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationPlace {
    pub evaluation: i64,
    pub title: String,
    pub period: Window,
    /// The seven shown dimension scores.
    pub scores: Vec<String>,
    pub total: String,
    pub rank: i64,
    pub teams: i64,
    pub points: i64,
}
