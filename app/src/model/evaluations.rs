//! Team evaluations (五比两树) and labour competitions as the pages show them.

use crate::domain::boards::{Month, Window};
use crate::domain::evaluation::{Dimension, EvaluationStatus};
use crate::domain::labour::{Between, Cadence, Direction, Normalisation};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSummary {
    pub id: i64,
    pub title: String,
    pub period: Window,
    pub status: EvaluationStatus,
    pub teams: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestSummary {
    pub id: i64,
    pub title: String,
    pub between: Between,
    pub cadence: Cadence,
    pub first: Month,
    pub last: Month,
    pub entrants: i64,
}

/// The evaluations page: one tab's list, and what the caller may start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationsPage {
    /// `evaluations` or `contests`.
    pub tab: String,
    pub evaluations: Vec<EvaluationSummary>,
    pub contests: Vec<ContestSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Evaluations still scoring whose panel the caller sits on.
    pub my_panels: Vec<(i64, String, Window)>,
    pub may_manage: bool,
    /// Periods offered for a new evaluation (recent quarters, years and months).
    pub periods: Vec<Window>,
    /// Contests between teams with closed periods, offered as a derived dimension's source:
    /// (contest, title, closed period).
    pub sources: Vec<(i64, String, Window)>,
}

/// The form that starts an evaluation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub w_contribution: String,
    #[serde(default)]
    pub w_skill: String,
    #[serde(default)]
    pub w_innovation: String,
    #[serde(default)]
    pub w_collaboration: String,
    #[serde(default)]
    pub w_compliance: String,
    #[serde(default)]
    pub w_image: String,
    #[serde(default)]
    pub w_brand: String,
    #[serde(default)]
    pub points: String,
    /// A dimension taken from a labour competition: its code, and `contest:period` (empty: none).
    #[serde(default)]
    pub derived: String,
    #[serde(default)]
    pub source: String,
}

impl EvaluationForm {
    pub fn weights(&self) -> Vec<String> {
        [
            &self.w_contribution,
            &self.w_skill,
            &self.w_innovation,
            &self.w_collaboration,
            &self.w_compliance,
            &self.w_image,
            &self.w_brand,
        ]
        .into_iter()
        .cloned()
        .collect()
    }
}

/// One evaluator's seven scores for a team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetForm {
    #[serde(default)]
    pub s_contribution: String,
    #[serde(default)]
    pub s_skill: String,
    #[serde(default)]
    pub s_innovation: String,
    #[serde(default)]
    pub s_collaboration: String,
    #[serde(default)]
    pub s_compliance: String,
    #[serde(default)]
    pub s_image: String,
    #[serde(default)]
    pub s_brand: String,
}

impl SheetForm {
    pub fn scores(&self) -> Vec<String> {
        [
            &self.s_contribution,
            &self.s_skill,
            &self.s_innovation,
            &self.s_collaboration,
            &self.s_compliance,
            &self.s_image,
            &self.s_brand,
        ]
        .into_iter()
        .cloned()
        .collect()
    }
}

/// A team in an evaluation; its result once published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationTeam {
    pub team: (i64, String),
    pub department: String,
    /// The seven shown dimension scores.
    pub scores: Option<Vec<String>>,
    pub total: Option<String>,
    pub rank: Option<i64>,
    pub points: Option<i64>,
    /// Sheets entered for it (managers follow the panel's progress).
    pub sheets: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    pub dimension: Dimension,
    pub contest: (i64, String),
    pub period: Window,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationView {
    pub id: i64,
    pub title: String,
    pub period: Window,
    pub status: EvaluationStatus,
    pub weights: [i64; 7],
    pub points: Vec<i64>,
    pub derived: Option<Derived>,
    pub teams: Vec<EvaluationTeam>,
    pub total_teams: i64,
    pub teams_scored: i64,
    pub page: i64,
    pub per_page: i64,
    /// The panel: (person, name, team, sheets entered); for managers only.
    pub panel: Vec<(i64, String, String, i64)>,
    pub may_manage: bool,
    pub on_panel: bool,
}

/// One team on an evaluator's sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetLine {
    pub team: (i64, String),
    pub department: String,
    /// The evaluator's own team: not theirs to score.
    pub own: bool,
    /// What this evaluator entered (empty where nothing yet).
    pub scores: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSheetView {
    pub id: i64,
    pub title: String,
    pub period: Window,
    pub status: EvaluationStatus,
    pub derived: Option<Dimension>,
    pub lines: Vec<SheetLine>,
    pub total: i64,
    pub done: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorView {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub weight: i64,
    pub normalisation: Normalisation,
}

/// An entrant's line: the values entered (open period) or its result (closed period).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntrantLine {
    pub id: i64,
    pub name: String,
    pub department: String,
    pub values: Vec<String>,
    pub total: Option<String>,
    pub rank: Option<i64>,
    pub points: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestView {
    pub id: i64,
    pub title: String,
    pub between: Between,
    pub cadence: Cadence,
    pub points: Vec<i64>,
    pub indicators: Vec<IndicatorView>,
    /// Every period, and whether it is closed.
    pub periods: Vec<(Window, bool)>,
    pub period: Window,
    pub closed: bool,
    pub lines: Vec<EntrantLine>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Values entered in the period, and how many closing it needs.
    pub filled: i64,
    pub needed: i64,
    pub may_manage: bool,
}
