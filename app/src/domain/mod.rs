//! The product's rules in plain Rust: no leptos, sqlx or tokio here, so the same rule can run on the
//! server (which enforces it) and in the browser (which may preview it).

pub mod attachment;
pub mod authz;
pub mod code;
pub mod money;
pub mod org;
pub mod policy;
pub mod project;
pub mod rewards;
pub mod roles;
pub mod split;
pub mod studio;
pub mod validation;
