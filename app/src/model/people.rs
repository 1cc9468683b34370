//! People as the administration, directory and team pages list them.

use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A person as the administration and team pages list them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub team_id: i64,
    pub team_name: String,
    pub department_name: String,
    pub employee_no: Option<String>,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    pub roles: Vec<Role>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    pub rows: Vec<Person>,
    /// The team filtered by, as its picker shows it ("department · team").
    pub team_name: Option<String>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
