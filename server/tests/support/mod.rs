//! The real `server` binary as operating-system processes, for the tests and benchmarks that need
//! processes rather than a server inside the test: several processes on one database, signals,
//! crashes. A [`Place`] is one database (a SQLite file, or with `TEST_DATABASE_URL=postgres://…`
//! a new PostgreSQL database, dropped afterwards) with its uploads folder; any number of
//! [`Process`]es serve it. `TEST_LOG=1` shows the processes' logs.

#![allow(dead_code)] // each test or benchmark target uses its own part

use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const DEMO_PASSWORD: &str = app::demo::DEMO_PASSWORD;

/// One database and uploads folder that server processes share.
pub struct Place {
    pub dir: tempfile::TempDir,
    pub database_url: String,
    postgres: Option<(String, String)>,
}

impl Place {
    /// A new, empty place (the first process to start loads the demo organisation into it).
    pub async fn new() -> Place {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut database_url = format!("sqlite://{}", dir.path().join("ciw.db").display());
        let mut postgres = None;
        if let Some(admin_url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")) {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let name = format!("ciw_proc_{}_{n}", std::process::id());
            let pool = sqlx::PgPool::connect(&admin_url).await.expect("TEST_DATABASE_URL reachable");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.expect("create database");
            pool.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("a database URL ends in /name");
            database_url = format!("{base}/{name}");
            postgres = Some((admin_url, name));
        }
        Place { dir, database_url, postgres }
    }

    /// The place's database, opened from the test (to check what the processes wrote).
    pub async fn pool(&self) -> app::db::Pool {
        app::db::Pool::connect(&self.database_url).await.expect("open the place's database")
    }

    pub fn engine(&self) -> &'static str {
        if self.postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.postgres.take() {
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
}

/// A running `server` process; killed when dropped.
pub struct Process {
    child: Child,
    pub base: String,
}

impl Process {
    /// Starts `server` (the binary cargo built for these tests) on `place` with the demo
    /// organisation, on a free port; returns once it listens.
    pub async fn start(place: &Place) -> Process {
        Process::start_binary(env!("CARGO_BIN_EXE_server"), place).await
    }

    pub async fn start_binary(binary: &str, place: &Place) -> Process {
        let mut command = Command::new(binary);
        for (name, _) in std::env::vars() {
            if name.starts_with("APP_") || name.starts_with("LEPTOS_") {
                command.env_remove(name);
            }
        }
        let child = command
            .env("APP_DATABASE_URL", &place.database_url)
            .env("APP_DEMO", "1")
            .env("APP_UPLOAD_DIR", place.dir.path().join("uploads"))
            .env("APP_SECURE_COOKIES", "0")
            .env("LEPTOS_OUTPUT_NAME", "ciw")
            .env("LEPTOS_SITE_ROOT", place.dir.path().join("site"))
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info,sqlx=warn,tower_http=warn")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server binary");
        let mut process = Process { child, base: String::new() };
        let stdout = process.child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let show = std::env::var("TEST_LOG").is_ok_and(|v| v == "1");
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if show {
                    eprintln!("[server] {line}");
                }
                if let Some(at) = line.find("listening on http://") {
                    let addr = line[at + "listening on ".len()..].split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(addr.to_string());
                }
            }
        });
        let started = std::time::Instant::now();
        loop {
            if let Ok(base) = rx.try_recv() {
                process.base = base;
                return process;
            }
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!("the server exited before listening: {status}");
            }
            assert!(started.elapsed() < Duration::from_secs(60), "the server did not start within a minute");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM (a service manager stopping the server).
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.pid().to_string()]).status().expect("kill");
        assert!(status.success());
    }

    /// SIGKILL: the process ends at once, wherever it was.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The exit status, once the process has ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().expect("wait")
    }

    /// Waits up to `limit` for the process to end.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            if let Some(status) = self.exited() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// POSTs a server function with form-encoded arguments: its status and JSON answer.
    pub async fn call(&self, client: &Client, endpoint: &str, args: &[(&str, &str)]) -> (StatusCode, Value) {
        try_call(&self.base, client, endpoint, args).await.expect("request")
    }

    /// Signs `client` in as `username` through this process.
    pub async fn login(&self, client: &Client, username: &str) {
        let (status, body) = self.call(client, "login", &[("username", username), ("password", DEMO_PASSWORD)]).await;
        assert!(status.is_success(), "login as {username}: {status} {body}");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// POSTs a server function at `base`: its status and JSON answer, or the transport error (the
/// process is gone).
pub async fn try_call(base: &str, client: &Client, endpoint: &str, args: &[(&str, &str)]) -> Result<(StatusCode, Value), reqwest::Error> {
    let res = client.post(format!("{base}/api/{endpoint}")).header("Accept", "application/json").form(args).send().await?;
    let status = res.status();
    let text = res.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::String(text))))
}

/// Signs `username` in at `base` and returns the session cookie (`name=value`), to send by hand.
pub async fn session_cookie(base: &str, username: &str) -> String {
    let plain = Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let res = plain
        .post(format!("{base}/api/login"))
        .header("Accept", "application/json")
        .form(&[("username", username), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert!(res.status().is_success(), "login as {username}: {}", res.status());
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    assert!(!cookie.is_empty(), "a session cookie");
    cookie
}

/// POSTs a server function at `base` with `cookie` sent by hand (whatever the answer sets).
pub async fn call_with_cookie(base: &str, cookie: &str, endpoint: &str, args: &[(&str, &str)]) -> (StatusCode, Value) {
    let plain = Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let res = plain
        .post(format!("{base}/api/{endpoint}"))
        .header("Accept", "application/json")
        .header("Cookie", cookie)
        .form(args)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A client keeping cookies (one per person: cookies go to every port of 127.0.0.1, so one
/// client's session is offered to every process).
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}
