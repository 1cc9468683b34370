//! The product's rules in plain Rust: no leptos, sqlx or tokio here, so the same rule can run on the
//! server (which enforces it) and in the browser (which may preview it).

pub mod attachment;
pub mod authz;
pub mod awards;
pub mod boards;
pub mod chain;
pub mod code;
pub mod competition;
pub mod evaluation;
pub mod exact;
pub mod honours;
pub mod labour;
pub mod money;
pub mod org;
pub mod policy;
pub mod project;
pub mod rewards;
pub mod roles;
pub mod scoring;
pub mod split;
pub mod studio;
pub mod throttle;
pub mod validation;
