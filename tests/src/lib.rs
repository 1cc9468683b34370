//! Test harness: starts the real server on a free port against a fresh database: SQLite by
//! default; with `TEST_DATABASE_URL=postgres://…/postgres` set, a new PostgreSQL database per test,
//! created through that URL and dropped afterwards. `TEST_LOG=1` shows the servers' logs.

use app::domain::roles::Role;
use leptos::prelude::LeptosOptions;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use server::settings::Settings;
use std::time::Duration;

pub const DEMO_PASSWORD: &str = app::demo::DEMO_PASSWORD;

pub struct TestApp {
    pub base: String,
    pub pool: app::db::Pool,
    handle: tokio::task::JoinHandle<()>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
    _database: Option<PgDatabase>,
}

/// A throwaway PostgreSQL database, dropped with the test app.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Dropped from a plain thread: the test's own runtime may be shutting down.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            rt.block_on(async {
                if let Ok(pool) = sqlx::PgPool::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&pool).await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

/// Creates a fresh PostgreSQL database when `TEST_DATABASE_URL` names a server; its URL and guard.
async fn fresh_postgres() -> Option<(String, PgDatabase)> {
    let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"))?;
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!("ciw_test_{}_{}", std::process::id(), N.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    let pool = sqlx::PgPool::connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.expect("create test database");
    pool.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL ends in /name");
    Some((format!("{base}/{name}"), PgDatabase { admin_url, name }))
}

fn init_test_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var("TEST_LOG").is_ok_and(|v| v == "1") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
                )
                .with_test_writer()
                .try_init();
        }
    });
}

/// One runtime for every test server in the process. Leptos' task spawner is process-global, so
/// servers must not live on the short-lived runtime of a single `#[tokio::test]`: a later test
/// would hand its rendering tasks to a runtime that is gone, and wait forever.
fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("test runtime")
    })
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

pub fn test_settings(db_path: &std::path::Path) -> Settings {
    Settings {
        database_url: format!("sqlite://{}", db_path.display()),
        demo: true,
        secure_cookies: false,
        trust_proxy: false,
        session_idle: Duration::from_secs(1800),
        session_absolute: Duration::from_secs(12 * 3600),
        bootstrap_admin_password: None,
        upload_dir: db_path.parent().unwrap().join("uploads"),
    }
}

/// A server with the demo organisation loaded.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    init_test_log();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&dir.path().join("test.db"));
    let database = fresh_postgres().await.map(|(url, guard)| {
        settings.database_url = url;
        guard
    });
    adjust(&mut settings);
    let options = LeptosOptions::builder().output_name("ciw").site_root("target/site").build();
    let (tx, rx) = tokio::sync::oneshot::channel();
    server_runtime().spawn(async move {
        let started = server::start(settings, options, "127.0.0.1:0".parse().unwrap()).await.map_err(|e| e.to_string());
        let _ = tx.send(started);
    });
    let running = rx.await.expect("server task").expect("server starts");
    TestApp {
        base: format!("http://{}", running.addr),
        pool: running.pool,
        handle: running.handle,
        _shutdown: running.shutdown,
        _dir: dir,
        _database: database,
    }
}

/// The demo account holding `role`.
pub fn demo_user(role: Role) -> &'static str {
    match role {
        Role::Employee => "employee",
        Role::TeamLead => "teamlead",
        Role::StudioLeader => "studio",
        Role::Judge => "judge",
        Role::ChiefJudge => "chief",
        Role::UnionAdmin => "admin",
        Role::GuestJudge => "guest",
    }
}

/// The answer of one server function call.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub set_cookie: Vec<String>,
}

impl Reply {
    pub fn ok(&self) -> bool {
        self.status.is_success() || self.status.is_redirection()
    }

    /// The translation key of the error on `field`, if any.
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.body
            .get("Invalid")?
            .as_array()?
            .iter()
            .find(|e| e["field"] == field)
            .map(|e| e["key"].as_str().unwrap().to_string())
    }
}

impl TestApp {
    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// POSTs a server function with form-encoded arguments.
    pub async fn call(&self, client: &Client, endpoint: &str, args: &[(&str, &str)]) -> Reply {
        let res = client
            .post(format!("{}/api/{endpoint}", self.base))
            .header("Accept", "application/json")
            .form(args)
            .send()
            .await
            .expect("request");
        let status = res.status();
        let set_cookie = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { status, body, set_cookie }
    }

    /// A client signed in as `username`.
    pub async fn login_as(&self, username: &str, password: &str) -> Client {
        let client = self.client();
        let r = self.call(&client, "login", &[("username", username), ("password", password)]).await;
        assert!(r.ok(), "login as {username} failed: {r:?}");
        client
    }

    pub async fn login_role(&self, role: Role) -> Client {
        self.login_as(demo_user(role), DEMO_PASSWORD).await
    }

    /// The signed-in person's JSON, or `Value::Null`.
    pub async fn whoami(&self, client: &Client) -> Value {
        let r = self.call(client, "current_user", &[]).await;
        assert!(r.ok(), "{r:?}");
        r.body
    }

    pub async fn get(&self, client: &Client, path: &str) -> (StatusCode, String, reqwest::header::HeaderMap) {
        let res = client.get(format!("{}{path}", self.base)).header("Accept", "text/html").send().await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        (status, res.text().await.unwrap(), headers)
    }

    /// Where the app keeps uploaded files.
    pub fn upload_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("uploads")
    }

    /// One number from the database (a count, an id), for checking what a request wrote.
    pub async fn count(&self, sql: &str) -> i64 {
        self.pool.scalar_i64(sql).await.unwrap()
    }

    /// One text from the database (a username, a title).
    pub async fn text(&self, sql: &str) -> String {
        self.pool.scalar_text(sql).await.unwrap()
    }

    pub async fn person_id(&self, username: &str) -> i64 {
        assert!(username.chars().all(|c| c.is_ascii_alphanumeric()), "a plain username");
        self.count(&format!("SELECT id FROM people WHERE username = '{username}'")).await
    }

    /// Changes data behind the application's back (to test how it reads what it did not write).
    pub async fn execute(&self, sql: &str) {
        self.pool.execute_unchecked(sql).await.unwrap();
    }

    /// The engine the test runs on.
    pub fn engine(&self) -> app::db::Engine {
        self.pool.engine()
    }
}

/// A benchmark's setting from the environment, or its default.
pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The `p` quantile (0–1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
