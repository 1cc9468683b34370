//! What every request can reach on the server: options, the database pool, run-time settings.

use crate::db::Pool;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: Pool,
    pub config: Arc<RuntimeConfig>,
}

#[derive(Clone, Debug)]
pub struct RuntimeConfig {
    /// Shows the demo accounts on the sign-in page.
    pub demo_mode: bool,
    /// A session ends this long after sign-in, however active.
    pub session_absolute: chrono::Duration,
    /// A session unused this long ends (the cookie's and the stored record's expiry; use renews it).
    pub session_idle: chrono::Duration,
    /// Whether a reverse proxy's `X-Forwarded-For` names the client's address.
    pub trust_proxy: bool,
    /// Where uploaded attachments are kept (outside the web root, under random names).
    pub upload_dir: std::path::PathBuf,
}
