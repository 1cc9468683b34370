//! Settings: defaults, overridden by `APP_*` environment variables. Leptos' own options (site
//! address, site root) come from cargo-leptos' `LEPTOS_*` variables or Cargo.toml. A variable
//! that is set but does not parse stops the server with a message naming it.

use app::domain::org::Password;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// `APP_DATABASE_URL`, default `sqlite://data/ciw.db`; `postgres://…` selects PostgreSQL.
    pub database_url: String,
    /// `APP_DEMO=1`: load demo data into a new database and list the demo accounts at sign-in.
    pub demo: bool,
    /// Whether the session cookie is `Secure` (and named with the `__Host-` prefix, which binds it
    /// to this host over https). On by default; off only for local development: when
    /// `APP_PUBLIC_URL` is an `http://` address, or is unset while the server listens on a
    /// loopback address (`LEPTOS_SITE_ADDR`, 127.0.0.1:3000 unless set). `APP_SECURE_COOKIES=0|1`
    /// decides outright.
    pub secure_cookies: bool,
    /// `APP_TRUST_PROXY=1`: the server is reached only through a reverse proxy, whose
    /// `X-Forwarded-For` (its last entry) names the client's address for sign-in throttling.
    pub trust_proxy: bool,
    /// `APP_SESSION_IDLE_MINUTES`, default 30: a session unused this long ends.
    pub session_idle: Duration,
    /// `APP_SESSION_ABSOLUTE_MINUTES`, default 720 (12 h): a session ends this long after sign-in.
    pub session_absolute: Duration,
    /// `APP_ADMIN_PASSWORD`: creates an `admin` account in a new, non-demo database. A secret:
    /// its `Debug` prints no characters of it.
    pub bootstrap_admin_password: Option<Password>,
    /// `APP_UPLOAD_DIR`, default `data/uploads`: attachments, under random names.
    pub upload_dir: std::path::PathBuf,
}

/// Where the variables come from: the process environment, or a table in tests.
struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }
}

fn flag(vars: &Vars, name: &str) -> Result<bool, String> {
    match vars.get(name).map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => Ok(true),
        Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(format!("{name}=`{v}` is not a switch; use 1 or 0")),
    }
}

fn minutes(vars: &Vars, name: &str, default: u64) -> Result<Duration, String> {
    let m = match vars.get(name) {
        None => default,
        Some(v) => match v.trim().parse::<u64>() {
            Ok(m) if m > 0 => m,
            _ => return Err(format!("{name}=`{v}` is not a positive whole number of minutes")),
        },
    };
    Ok(Duration::from_secs(m * 60))
}

impl Settings {
    pub fn from_env() -> Result<Settings, String> {
        Settings::from_vars(&|name| std::env::var(name).ok())
    }

    /// Settings from `vars` (a variable's value by name); an error names the variable at fault.
    pub fn from_vars(vars: &dyn Fn(&str) -> Option<String>) -> Result<Settings, String> {
        let vars = Vars(vars);
        let env = |name: &str| vars.get(name);
        let local_bind = env("LEPTOS_SITE_ADDR")
            .is_none_or(|a| a.starts_with("127.") || a.starts_with("localhost") || a.starts_with("[::1]"));
        let secure_by_default = match env("APP_PUBLIC_URL") {
            Some(url) => !url.starts_with("http://"),
            None => !local_bind,
        };
        let secure_cookies = match vars.get("APP_SECURE_COOKIES") {
            Some(_) => flag(&vars, "APP_SECURE_COOKIES")?,
            None => secure_by_default,
        };
        let database_url = env("APP_DATABASE_URL").unwrap_or_else(|| "sqlite://data/ciw.db".to_string());
        if app::db::Engine::of_url(&database_url).is_none() {
            return Err("APP_DATABASE_URL must start with sqlite:// or postgres://".to_string());
        }
        let bootstrap_admin_password = match env("APP_ADMIN_PASSWORD") {
            None => None,
            Some(p) => Some(Password::parse(&p, "password").map_err(|_| {
                "APP_ADMIN_PASSWORD is too weak (8 or more characters, with letters and digits)".to_string()
            })?),
        };
        Ok(Settings {
            database_url,
            demo: flag(&vars, "APP_DEMO")?,
            secure_cookies,
            trust_proxy: flag(&vars, "APP_TRUST_PROXY")?,
            session_idle: minutes(&vars, "APP_SESSION_IDLE_MINUTES", 30)?,
            session_absolute: minutes(&vars, "APP_SESSION_ABSOLUTE_MINUTES", 720)?,
            bootstrap_admin_password,
            upload_dir: env("APP_UPLOAD_DIR").unwrap_or_else(|| "data/uploads".to_string()).into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Settings;

    fn with(pairs: &[(&str, &str)]) -> Result<Settings, String> {
        let map: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_vars(&move |k| map.get(k).cloned())
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let s = with(&[]).unwrap();
        assert_eq!(s.database_url, "sqlite://data/ciw.db");
        assert!(!s.demo && !s.trust_proxy);
        assert!(!s.secure_cookies, "local development: listening on 127.0.0.1, no public address");
        assert_eq!(s.session_idle.as_secs(), 30 * 60);
        assert!(s.bootstrap_admin_password.is_none());
    }

    #[test]
    fn cookies_are_secure_outside_local_development() {
        assert!(with(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).unwrap().secure_cookies);
        assert!(with(&[("APP_PUBLIC_URL", "https://ciw.example.cn")]).unwrap().secure_cookies);
        // Behind a proxy on the same machine, the public address decides.
        let proxied = with(&[("LEPTOS_SITE_ADDR", "127.0.0.1:3000"), ("APP_PUBLIC_URL", "https://ciw.example.cn")]);
        assert!(proxied.unwrap().secure_cookies);
        assert!(!with(&[("APP_PUBLIC_URL", "http://192.168.1.5:3000")]).unwrap().secure_cookies);
        assert!(!with(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000"), ("APP_SECURE_COOKIES", "0")]).unwrap().secure_cookies);
        assert!(with(&[("APP_SECURE_COOKIES", "1")]).unwrap().secure_cookies);
    }

    #[test]
    fn a_setting_that_does_not_parse_is_an_error_naming_it() {
        for (name, value) in [
            ("APP_SESSION_IDLE_MINUTES", "half an hour"),
            ("APP_SESSION_ABSOLUTE_MINUTES", "0"),
            ("APP_DEMO", "maybe"),
            ("APP_SECURE_COOKIES", "yes please"),
            ("APP_TRUST_PROXY", "perhaps"),
            ("APP_DATABASE_URL", "mysql://x/y"),
            ("APP_ADMIN_PASSWORD", "short"),
        ] {
            let e = with(&[(name, value)]).unwrap_err();
            assert!(e.contains(name), "{name}: {e}");
        }
        let s = with(&[("APP_SESSION_IDLE_MINUTES", "45"), ("APP_DEMO", "1"), ("APP_DATABASE_URL", "postgres://h/db")])
            .unwrap();
        assert_eq!(s.session_idle.as_secs(), 45 * 60);
        assert!(s.demo);
    }

    #[test]
    fn the_admin_password_never_prints() {
        let s = with(&[("APP_ADMIN_PASSWORD", "Secret-pass-42")]).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("Secret-pass-42"), "{shown}");
        assert_eq!(s.bootstrap_admin_password.unwrap().expose(), "Secret-pass-42");
    }
}
