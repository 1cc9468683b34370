//! The use cases, one module a feature: load the facts, ask the domain (rules and policies),
//! write in one transaction. Every server function and axum handler is the request's context
//! (who is calling, the state) and one call here. SQL stays in `db/`; translation keys for bad
//! input come from the domain's parsers and from here.

pub mod accounts;
pub mod audit;
pub mod awards;
pub mod boards;
pub mod competitions;
pub mod evaluations;
pub mod honours;
pub mod integrity;
pub mod labour;
pub mod notifications;
pub mod org;
pub mod organising;
pub mod paper;
pub mod people;
pub mod profiles;
pub mod projects;
pub mod rewards;
pub mod studios;

use crate::domain::authz::{allows, Permission};
use crate::domain::policy::Viewer;
use crate::error::AppError;
use crate::model::UserInfo;

/// Refuses a caller whose roles do not grant `permission`.
pub fn require(me: &UserInfo, permission: Permission) -> Result<(), AppError> {
    if allows(&me.roles, permission) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The caller as the policies see them.
pub fn viewer(me: &UserInfo) -> Viewer<'_> {
    Viewer { id: me.id, roles: &me.roles }
}

/// Refuses unless `allowed`.
pub fn ensure(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub use crate::model::today;

/// The UTC instant a Shanghai calendar day starts.
pub fn day_start_utc(date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    date.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(8)
}
