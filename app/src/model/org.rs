//! The organisation: company, departments, teams, as pages of a list (an organisation of half a
//! million people has tens of thousands of teams: nothing here holds them all).

use crate::domain::org::DepartmentKind;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamNode {
    pub id: i64,
    pub name: String,
    pub member_count: i64,
}

/// A department with how many teams and (active) people it has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentSummary {
    pub id: i64,
    pub name: String,
    pub kind: DepartmentKind,
    pub teams: i64,
    pub people: i64,
}

/// A page of departments, with the company they belong to and its head count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentsPage {
    pub company_name: String,
    pub people_total: i64,
    pub rows: Vec<DepartmentSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A page of one department's teams.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamsPage {
    pub department: DepartmentSummary,
    pub rows: Vec<TeamNode>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
