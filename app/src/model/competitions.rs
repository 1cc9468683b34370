//! What the competition pages show: a judge's panels, the judge pad, a round's results.

use crate::domain::awards::Prize;
use crate::domain::exact::Exact;
use crate::domain::money::Fen;
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
    /// Whose sheet it is.
    pub judge_id: i64,
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
    /// The round's last event number when its chain holds (0 otherwise): what the results are of.
    pub version: i64,
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
    /// The first event whose record no longer matches the chain, when it is broken.
    pub broken_at: Option<i64>,
    /// Judges whose sheet is signed.
    pub signed_judges: Vec<i64>,
    pub alerts: Vec<SpreadAlert>,
    /// The caller is this round's chief judge (deductions, spread decisions, reopen, lock).
    pub is_chief: bool,
    /// The caller may publish (the chief judge or a union admin).
    pub may_publish: bool,
    /// The event's awards are given: the results are final.
    pub awarded: bool,
    /// Corrections after publication as (reason, by, when), oldest first.
    pub corrections: Vec<(String, String, chrono::DateTime<chrono::Utc>)>,
}

/// A competition in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetitionSummary {
    pub id: i64,
    pub name: String,
    /// `CompetitionKind` code.
    pub kind: String,
    pub opens: chrono::NaiveDate,
    pub closes: chrono::NaiveDate,
    pub registration_open: bool,
    pub events: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetitionList {
    pub rows: Vec<CompetitionSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub may_organise: bool,
}

/// A round as its competition's page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundBrief {
    pub id: i64,
    pub seq: i64,
    pub name: String,
    pub judges: i64,
    pub marked: bool,
    pub locked: bool,
    pub published: bool,
}

/// Someone the caller may enter in an event (a team lead's own team).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Enterable {
    pub person_id: i64,
    pub name: String,
    /// Their registration's status code, if already entered.
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub name: String,
    /// `Entry` code.
    pub entry: String,
    pub approved: i64,
    pub pending: i64,
    pub drawn: bool,
    pub rounds: Vec<RoundBrief>,
    /// The caller's own registration: (contestant id, status code).
    pub mine: Option<(i64, String)>,
    /// The caller may register themselves (individual events, window open, eligible).
    pub may_enter_self: bool,
    /// A team lead's team members (individual events) or the team itself (team events).
    pub team: Vec<Enterable>,
    /// Team events: my entry's members as the roster form shows them.
    pub members: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompetitionView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub owner: String,
    pub organiser: Option<String>,
    pub opens: chrono::NaiveDate,
    pub closes: chrono::NaiveDate,
    pub registration_open: bool,
    pub department_conflict: bool,
    pub public: bool,
    /// (id, name); empty: everyone may enter.
    pub departments: Vec<(i64, String)>,
    pub eligible: bool,
    pub events: Vec<EventView>,
    pub may_organise: bool,
}

/// A registration in the organiser's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub id: i64,
    pub name: String,
    pub employee_no: Option<String>,
    pub team_name: String,
    pub department_name: String,
    pub status: String,
    pub running_order: Option<i64>,
    pub registered_by: String,
    /// Team events: the entry's members as the roster form shows them.
    pub members: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntriesPage {
    pub competition_id: i64,
    pub competition_name: String,
    pub event_id: i64,
    pub event_name: String,
    pub entry: String,
    pub status: String,
    pub rows: Vec<EntryView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub pending: i64,
    pub approved: i64,
    /// Whether marking has begun in any round (the field and the order are then fixed).
    pub marked: bool,
}

/// The draw of an event's running order and its re-verification from the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawCheck {
    pub competition_id: i64,
    pub competition_name: String,
    pub event_id: i64,
    pub event_name: String,
    pub seed: Option<String>,
    /// The approved contestants' ids, ascending: the draw's input.
    pub input: Vec<i64>,
    /// (place, contestant id, name) as stored.
    pub stored: Vec<(i64, i64, String)>,
    /// The order the seed gives when the draw is done again here.
    pub redrawn: Vec<i64>,
    /// Stored and redrawn agree.
    pub consistent: bool,
}

/// A judge on a round's panel, as the organiser sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelJudge {
    pub person_id: i64,
    pub name: String,
    pub chief: bool,
    pub guest: bool,
    pub signed: bool,
    pub has_marks: bool,
}

/// The organiser's page of a round: its scheme (editable until the first mark) and its panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSetup {
    pub round_id: i64,
    pub event_id: i64,
    pub competition_id: i64,
    pub competition_name: String,
    pub event_name: String,
    pub round_name: String,
    pub draft: crate::domain::competition::SchemeDraft,
    pub version: i64,
    /// (version, saved by, saved at).
    pub versions: Vec<(i64, String, chrono::DateTime<chrono::Utc>)>,
    pub frozen: bool,
    pub locked: bool,
    pub judges: Vec<PanelJudge>,
    /// The field in running order with each attempt's difficulty coefficient (blank: 1).
    pub field: Vec<FieldEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldEntry {
    pub contestant: i64,
    pub name: String,
    pub running_order: Option<i64>,
    pub difficulty: Vec<String>,
}

/// One line of the big screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenRow {
    pub rank: Option<u32>,
    pub name: String,
    pub team_name: String,
    /// The score as published (the scheme's decimals), once every judge's marks are in.
    pub score: Option<String>,
    pub tier: Option<usize>,
}

/// The big screen of a round: its live ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Screen {
    pub round_id: i64,
    pub competition_name: String,
    pub event_name: String,
    pub round_name: String,
    pub published: bool,
    pub locked: bool,
    pub judges: usize,
    pub signed_sheets: usize,
    pub scored: usize,
    pub rows: Vec<ScreenRow>,
    /// The round's last event number: the screen reloads when it changes.
    pub version: i64,
}

/// One attempt's difficulty coefficient as the set-up form sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DifficultyEntry {
    pub contestant: i64,
    pub attempt: u8,
    pub value: String,
}

/// The field a difficulty's error is shown beside.
pub fn difficulty_field(contestant: i64, attempt: u8) -> String {
    format!("difficulty-{contestant}-{attempt}")
}

/// A contestant's line in an event's combined result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventResultRow {
    pub rank: Option<u32>,
    /// The award tier, once every round is published.
    pub tier: Option<usize>,
    pub name: String,
    pub team_name: String,
    /// A placed team entry's members as "name×weight".
    pub members: Vec<String>,
    /// Each round's published score, as published (blank: not in that round's field or not scored).
    pub rounds: Vec<Option<String>>,
    /// The combined score, exact (as many decimals as it has, at most four).
    pub total: Option<String>,
}

/// An event's result over its published rounds, combined the event's way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventResults {
    pub competition_id: i64,
    pub competition_name: String,
    pub event_id: i64,
    pub event_name: String,
    pub team_event: bool,
    /// `Combine` rule code: sum, weighted, final_only.
    pub combine: String,
    /// (round id, name, published), in order.
    pub rounds: Vec<(i64, String, bool)>,
    pub rows: Vec<EventResultRow>,
    /// Every round is published: the places and tiers are final.
    pub is_final: bool,
    /// How many award tiers the event declares, and what each earns (empty until set).
    pub tiers: usize,
    pub prizes: Vec<Prize>,
    /// The awards were confirmed: prizes are in the ledger, points and titles given.
    pub awarded: bool,
    pub awards: Vec<AwardView>,
    pub may_organise: bool,
}

/// One person's award in an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AwardView {
    pub person_id: i64,
    pub name: String,
    pub team_name: String,
    pub place: i64,
    pub tier: usize,
    pub title: String,
    /// Only for the person and union admins.
    pub prize_fen: Option<Fen>,
    pub points: i64,
}
