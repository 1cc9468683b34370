//! The organisation tree: company, departments, teams.

use crate::domain::org::DepartmentKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamNode {
    pub id: i64,
    pub name: String,
    pub member_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentNode {
    pub id: i64,
    pub name: String,
    pub kind: DepartmentKind,
    pub teams: Vec<TeamNode>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgTree {
    pub company_name: String,
    pub departments: Vec<DepartmentNode>,
}

impl OrgTree {
    pub fn people_count(&self) -> i64 {
        self.departments.iter().flat_map(|d| &d.teams).map(|t| t.member_count).sum()
    }
}
