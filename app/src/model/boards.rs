//! Leaderboards as the pages show them.

use crate::domain::boards::{Board, Window};
use serde::{Deserialize, Serialize};

/// What a board page asks for, as its address carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    pub board: String,
    #[serde(default)]
    pub window: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub dept: Option<i64>,
    #[serde(default)]
    pub dept_q: String,
    #[serde(default)]
    pub after: String,
}

/// One ranked row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardLine {
    pub rank: u64,
    pub subject: i64,
    pub name: String,
    /// The team (people) or department (teams) the subject is in.
    pub place: String,
    pub total: i64,
    /// The caller, their team, studio or department.
    pub mine: bool,
}

/// The caller's own row with the rows just above and below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRank {
    pub above: Vec<BoardLine>,
    pub line: BoardLine,
    pub below: Vec<BoardLine>,
}

/// A subject that climbed against the previous window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Riser {
    pub subject: i64,
    pub name: String,
    pub place: String,
    pub from: u64,
    pub to: u64,
}

/// A board as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub board: Board,
    pub window: Window,
    /// The window as the address names it: (window, from, to).
    pub spec: (String, String, String),
    /// Which of the current windows this is (`month`, `quarter`, `year`, `all`), or empty.
    pub tab: String,
    /// An ended month's board: when it was frozen (Asia/Shanghai), if it is.
    pub frozen_at: Option<String>,
    pub department: Option<(i64, String)>,
    /// Departments matching a typed search, when one is being chosen.
    pub department_matches: Vec<(i64, String)>,
    pub lines: Vec<BoardLine>,
    /// The keyset of the next page (`total:subject`), if there is one.
    pub next: Option<String>,
    /// Whether this is the first page.
    pub first_page: bool,
    /// How many subjects are ranked.
    pub ranked: i64,
    pub mine: Option<MyRank>,
    /// What the caller's row would be (their name), when they have no points in the window.
    pub mine_missing: Option<String>,
    pub risers: Vec<Riser>,
    /// Department shares of the window's points (name, points), for the chart.
    pub shares: Vec<(String, i64)>,
    /// Names the computation of the shared part (top rows, climbers, shares) this view shows:
    /// equal keys render alike for everyone.
    pub shared_key: String,
}

/// A points entry with the evidence it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsLine {
    pub id: i64,
    pub points: i64,
    pub booked_on: String,
    /// Translation key of what set it (`project.approve`, `event.placing`, `correction`…).
    pub reason: String,
    pub note: String,
    /// Where the evidence is, and its title.
    pub href: String,
    pub title: String,
    pub corrects: Option<i64>,
}

/// One board on the hall's big screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenPanel {
    pub board: Board,
    pub lines: Vec<BoardLine>,
    pub ranked: i64,
}

/// The hall's big screen: every board's top rows for one window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardScreen {
    pub window: Window,
    pub spec: (String, String, String),
    pub panels: Vec<ScreenPanel>,
}
