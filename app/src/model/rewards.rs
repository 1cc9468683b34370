//! Reward rules and the rewards ledger.

use super::PersonRef;
use crate::domain::money::{BasisPoints, Fen};
use crate::domain::project::Category;
use crate::domain::rewards::{PayoutInputs, PayoutKind, PayoutStatus};
use crate::domain::studio::RuleLevel;
use crate::i18n::{translate, Locale};
use crate::model::competitions::tier_key;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i64,
    pub category: Category,
    pub studio_level: RuleLevel,
    pub version: i64,
    pub approval_fen: Fen,
    pub progress_fen: Fen,
    pub trial_fen: Fen,
    pub adoption_fen: Fen,
    pub pool_fen: Fen,
    pub workers_bp: BasisPoints,
    pub leader_bp: BasisPoints,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutLine {
    pub id: i64,
    pub person: PersonRef,
    pub source: PayoutSource,
    pub kind: PayoutKind,
    pub amount_fen: Fen,
    pub inputs: PayoutInputs,
    pub status: PayoutStatus,
    /// Who approved it (they do not also pay it).
    pub approved_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl PayoutLine {
    /// What set the amount: the reward rule's version, or the place and award tier in a competition.
    pub fn basis(&self, locale: Locale) -> String {
        match &self.source {
            PayoutSource::Project { rule_version, .. } => {
                format!("{} v{rule_version}", translate(locale, "reward.rule_version"))
            }
            PayoutSource::Event { .. } => {
                let place =
                    self.inputs.place.map(|p| translate(locale, "results.place").replace("{n}", &p.to_string()));
                let tier = self.inputs.tier.map(|t| translate(locale, tier_key(t)));
                [place, tier].into_iter().flatten().collect::<Vec<_>>().join(" · ")
            }
        }
    }
}

/// What a ledger line is for: a project under a reward rule version, or a competition's prize.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayoutSource {
    Project { id: i64, title: String, studio_name: Option<String>, rule_id: i64, rule_version: i64 },
    Event { id: i64, name: String, competition_name: String },
}

impl PayoutSource {
    /// The page the line's source is on.
    pub fn href(&self) -> String {
        match self {
            PayoutSource::Project { id, .. } => format!("/projects/{id}"),
            PayoutSource::Event { id, .. } => format!("/events/{id}/results"),
        }
    }

    /// The source's name as the ledger shows it.
    pub fn title(&self) -> String {
        match self {
            PayoutSource::Project { title, .. } => title.clone(),
            PayoutSource::Event { name, competition_name, .. } => format!("{competition_name} · {name}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerFilter {
    /// A person's username (the people picker fills it in).
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub project_id: Option<i64>,
    #[serde(default)]
    pub studio_id: Option<i64>,
    /// YYYY-MM-DD, inclusive.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub status: Option<PayoutStatus>,
    /// Prize lines of one competition event.
    #[serde(default)]
    pub event_id: Option<i64>,
    /// The page of lines to show (from 1); the totals are always over every matching line.
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// One page of the matching lines (every line in an export).
    pub lines: Vec<PayoutLine>,
    /// Totals over every matching line, not just this page.
    pub total_fen: Fen,
    pub pending_fen: Fen,
    pub approved_fen: Fen,
    pub paid_fen: Fen,
    /// How many lines match, the page shown and its size.
    pub line_count: i64,
    pub page: i64,
    pub per_page: i64,
}
