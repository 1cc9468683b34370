//! Settings: defaults, overridden by `APP_*` environment variables. Leptos' own options (site
//! address, site root) come from cargo-leptos' `LEPTOS_*` variables or Cargo.toml.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// `APP_DATABASE_URL`, default `sqlite://data/ciw.db`.
    pub database_url: String,
    /// `APP_DEMO=1`: load demo data into a new database and list the demo accounts at sign-in.
    pub demo: bool,
    /// `APP_SECURE_COOKIES=1` (or a `https://` `APP_PUBLIC_URL`): the session cookie is `Secure`.
    pub secure_cookies: bool,
    /// `APP_SESSION_IDLE_MINUTES`, default 30: a session unused this long ends.
    pub session_idle: Duration,
    /// `APP_SESSION_ABSOLUTE_MINUTES`, default 720 (12 h): a session ends this long after sign-in.
    pub session_absolute: Duration,
    /// `APP_ADMIN_PASSWORD`: creates an `admin` account in a new, non-demo database.
    pub bootstrap_admin_password: Option<String>,
    /// `APP_UPLOAD_DIR`, default `data/uploads`: attachments, under random names.
    pub upload_dir: std::path::PathBuf,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &str) -> bool {
    env(name).is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}

fn minutes(name: &str, default: u64) -> Duration {
    let m = env(name).and_then(|v| v.parse::<u64>().ok()).unwrap_or(default);
    Duration::from_secs(m * 60)
}

impl Settings {
    pub fn from_env() -> Settings {
        let public_https = env("APP_PUBLIC_URL").is_some_and(|u| u.starts_with("https://"));
        Settings {
            database_url: env("APP_DATABASE_URL").unwrap_or_else(|| "sqlite://data/ciw.db".to_string()),
            demo: flag("APP_DEMO"),
            secure_cookies: flag("APP_SECURE_COOKIES") || public_https,
            session_idle: minutes("APP_SESSION_IDLE_MINUTES", 30),
            session_absolute: minutes("APP_SESSION_ABSOLUTE_MINUTES", 720),
            bootstrap_admin_password: env("APP_ADMIN_PASSWORD"),
            upload_dir: env("APP_UPLOAD_DIR").unwrap_or_else(|| "data/uploads".to_string()).into(),
        }
    }
}
