//! The audit log as its page shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<i64>,
    /// The name of what it was done to (a person, a project...), when it has one.
    pub target: Option<String>,
    pub detail: String,
}

/// Which lines the audit page shows (from its address).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Who did it: a username (the people picker fills it in).
    #[serde(default)]
    pub who: String,
    /// What kind of thing: the action's first part (`project`, `payout`...), or all.
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub to: Option<chrono::NaiveDate>,
    /// Sign-ins and sign-outs too.
    #[serde(default)]
    pub sessions: bool,
    #[serde(default)]
    pub page: Option<i64>,
}

/// The kinds of lines one can ask for, by the first part of their action.
pub const AREAS: [&str; 15] = [
    "project",
    "payout",
    "rule",
    "studio",
    "person",
    "profile",
    "company",
    "department",
    "team",
    "honour",
    "points",
    "competition",
    "round",
    "evaluation",
    "labour",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
