//! The honour roll as the pages show it.

use crate::domain::honours::{HonourKind, HonourStatus};
use crate::domain::studio::Level;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonourView {
    pub id: i64,
    pub kind: HonourKind,
    pub level: Level,
    pub year: i64,
    pub title: String,
    /// The person honoured (none for a team's honour).
    pub person: Option<(i64, String)>,
    pub team: (i64, String),
    pub department: (i64, String),
    pub citation: String,
    pub story: String,
    /// Evidence: a competition event's results, a project.
    pub event: Option<(i64, String)>,
    pub project: Option<(i64, String)>,
    pub points: i64,
    pub status: HonourStatus,
    pub nominator: (i64, String),
    pub nominated_at: String,
    pub decided_at: Option<String>,
    pub decision_note: String,
    /// The caller may publish or decline it now.
    pub may_decide: bool,
    /// Its photo's version, when it has one (`/honours/{id}/photo?v=…`).
    pub photo: Option<String>,
    /// Whether the reader may set its photo.
    pub may_set_photo: bool,
}

/// What the roll is narrowed to, as the address carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollQuery {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub dept: Option<i64>,
    /// `published` (the roll), `nominated` or `declined` (admins: all; nominators: their own).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonourRoll {
    pub items: Vec<HonourView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub status: HonourStatus,
    pub department: Option<(i64, String)>,
    /// The caller may nominate (the form is offered).
    pub may_nominate: bool,
    /// Nominations waiting for a decision the caller can see (admins: all; nominators: theirs).
    pub waiting: i64,
}
