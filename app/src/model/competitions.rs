//! What the competition pages show: a judge's panels, the judge pad, a round's results.

use crate::domain::exact::Exact;
use crate::domain::scoring::{Scheme, Score};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelSummary {
    pub round_id: i64,
    pub round_name: String,
    pub event_name: String,
    pub competition_name: String,
    pub chief: bool,
    pub signed: bool,
    pub locked: bool,
    pub contestants: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PadMark {
    pub attempt: u8,
    pub criterion: String,
    pub value: Exact,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PadContestant {
    pub id: i64,
    pub name: String,
    pub team_name: String,
    pub running_order: Option<i64>,
    /// Left out for this judge (回避): the judge cannot mark this contestant.
    pub conflicted: bool,
    pub marks: Vec<PadMark>,
    /// Every attempt × criterion has this judge's mark.
    pub done: bool,
}

/// A judge's sheet for one round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JudgePad {
    pub round_id: i64,
    pub competition_name: String,
    pub event_name: String,
    pub round_name: String,
    pub scheme: Scheme,
    pub signed: bool,
    pub locked: bool,
    pub contestants: Vec<PadContestant>,
}

/// The field a mark's error is shown beside (the judge pad's input id).
pub fn mark_field(contestant: i64, attempt: u8, criterion: &str) -> String {
    format!("mark-{contestant}-{attempt}-{criterion}")
}

/// One mark as a form sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkEntry {
    pub attempt: u8,
    pub criterion: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// None while the contestant's marks are incomplete.
    pub rank: Option<u32>,
    pub name: String,
    pub team_name: String,
    pub score: Score,
    /// The award tier (0 = 一等奖, then 二等奖, 三等奖, 优秀奖), once every contestant is ranked.
    pub tier: Option<usize>,
}

/// The translation key of an award tier.
pub fn tier_key(tier: usize) -> &'static str {
    match tier {
        0 => "award.first",
        1 => "award.second",
        2 => "award.third",
        _ => "award.merit",
    }
}

/// Judges' marks that differ by more than the scheme allows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpreadAlert {
    pub contestant: i64,
    pub name: String,
    pub attempt: u8,
    pub criterion: String,
    pub criterion_name: String,
    pub low: Exact,
    pub high: Exact,
    /// The chief judge's written reason for keeping the marks, once decided.
    pub overridden: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundResults {
    pub round_id: i64,
    pub competition_name: String,
    pub event_name: String,
    pub round_name: String,
    pub published: bool,
    pub locked: bool,
    pub scheme: Scheme,
    /// (id, name) of the round's judges, in id order.
    pub judges: Vec<(i64, String)>,
    pub signed_sheets: usize,
    pub rows: Vec<ResultRow>,
    /// Whether the round's event log verifies (hash chain intact), with the number of events.
    pub chain_intact: bool,
    pub events: usize,
    /// Judges whose sheet is signed.
    pub signed_judges: Vec<i64>,
    pub alerts: Vec<SpreadAlert>,
    /// The caller is this round's chief judge (deductions, spread decisions, reopen, lock).
    pub is_chief: bool,
    /// The caller may publish (the chief judge or a union admin).
    pub may_publish: bool,
}
