//! Reward rules and the rewards ledger.

use super::PersonRef;
use crate::domain::project::Category;
use crate::domain::rewards::{PayoutInputs, PayoutKind, PayoutStatus};
use crate::domain::studio::RuleLevel;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i64,
    pub category: Category,
    pub studio_level: RuleLevel,
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
    pub kind: PayoutKind,
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
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub status: Option<PayoutStatus>,
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
