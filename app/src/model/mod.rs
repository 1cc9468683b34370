//! Types that cross the wire between server functions and pages, one module a feature; the ones
//! every feature shares are here. Ids are `i64`, never `usize`.

pub mod audit;
pub mod boards;
pub mod competitions;
pub mod evaluations;
pub mod honours;
pub mod org;
pub mod people;
pub mod profiles;
pub mod projects;
pub mod rewards;
pub mod studios;

use crate::domain::roles::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The signed-in person, as the pages need them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub team_id: i64,
    pub team_name: String,
    pub department_name: String,
    pub roles: Vec<Role>,
    /// Unread notifications (filled in for the header only).
    #[serde(default)]
    pub unread: i64,
    /// Whether they are the responsible leader (挂钩领导) of any project (their tab of projects).
    #[serde(default)]
    pub leads: bool,
}

impl UserInfo {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub role: Role,
}

/// A person as other pages name them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub team_name: String,
}

/// The deepest page number any list accepts: a page number is clamped to `1..=MAX_PAGE`, so a
/// huge one asks for an empty page rather than overflowing the offset.
pub const MAX_PAGE: i64 = 100_000;

/// A requested page number, clamped to `1..=MAX_PAGE`.
pub fn clamp_page(page: i64) -> i64 {
    page.clamp(1, MAX_PAGE)
}

/// Number of pages needed for `total` rows.
pub fn page_count(total: i64, per_page: i64) -> i64 {
    if per_page <= 0 {
        return 1;
    }
    ((total + per_page - 1) / per_page).max(1)
}

/// One suggestion of a picker: what goes in the field (a username, a project's number) and what
/// the reader sees (name and team, number and title).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pick {
    pub value: String,
    pub label: String,
}

/// Today's calendar date in Asia/Shanghai, where the product's dates are.
pub fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// A UTC time as shown to readers: Asia/Shanghai (UTC+8, no daylight saving).
pub fn shanghai_time(at: DateTime<Utc>) -> String {
    let offset = chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset");
    at.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_show_in_shanghai() {
        let t = DateTime::parse_from_rfc3339("2026-11-20T23:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(shanghai_time(t), "2026-11-21 07:30:00");
    }

    #[test]
    fn page_numbers_are_clamped() {
        assert_eq!(clamp_page(i64::MIN), 1);
        assert_eq!(clamp_page(0), 1);
        assert_eq!(clamp_page(7), 7);
        assert_eq!(clamp_page(i64::MAX), MAX_PAGE);
        // The deepest page's offset fits with room to spare.
        assert!((clamp_page(i64::MAX) - 1).checked_mul(1000).is_some());
    }

    #[test]
    fn page_counts() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
    }
}
