//! `server` serves the app; `server generate --people N [--points M] [--database URL]` fills an empty database
//! with a generated organisation of N people (for benchmarks); `server verify` checks that the
//! stored data agrees with itself (every round's hash-chained event log, boards against the
//! ledger, payouts: `app::services::integrity`) and exits non-zero if it does not;
//! `server backup DIR` copies the database and uploads while the server runs, and
//! `server restore DIR [--database URL] [--uploads DIR]` puts such a copy back in a new place.

use leptos::prelude::get_configuration;
use server::settings::Settings;
use tracing_subscriber::EnvFilter;

/// mimalloc: server rendering allocates and frees many small strings; glibc's allocator spent a
/// quarter of a results page's time in malloc and free (docs/figures.md).
#[global_allocator]
static ALLOCATOR: server::Allocator = server::Allocator;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };
    let code = match args.first().map(String::as_str) {
        Some("generate") => generate(settings, &args[1..]).await,
        Some("verify") => verify(settings, &args[1..]).await,
        Some("backup") => backup(settings, &args[1..]).await,
        Some("restore") => restore(settings, &args[1..]).await,
        None | Some("serve") => serve(settings).await,
        Some(other) => Err(format!("unknown command `{other}`; use `serve`, `generate --people N`, `verify`, `backup DIR` or `restore DIR`").into()),
    };
    if let Err(e) = code {
        tracing::error!(error = %e, "stopping");
        std::process::exit(1);
    }
}

/// How long a stopping server waits for its requests in flight. Within the service manager's own
/// limit (systemd's default: 90 s); an upload still arriving after this is cut off, uncommitted.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(60);

async fn serve(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    let conf = get_configuration(None)?;
    let options = conf.leptos_options;
    let addr = options.site_addr;
    let guessed = |name: &str| std::env::var(name).map_or(true, |v| v.trim().is_empty());
    if settings.secure_cookies && guessed("APP_PUBLIC_URL") && guessed("APP_SECURE_COOKIES") {
        tracing::warn!(
            "listening on {addr} with no APP_PUBLIC_URL: the session cookie is Secure, so signing in works over https only \
             (behind a TLS proxy, set APP_PUBLIC_URL=https://…; on a plain-http network, APP_PUBLIC_URL=http://…)"
        );
    }
    let running = server::start(settings, options, addr).await?;
    tracing::info!("listening on http://{}", running.addr);
    server::shutdown_signal().await;
    // No new connections; requests in flight finish (an upload still arriving, a page being
    // rendered), live feeds end; then the database is closed cleanly.
    tracing::info!("shutting down: finishing the requests in flight");
    let _ = running.shutdown.send(());
    let mut serving = running.handle;
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut serving).await {
        Ok(served) => served?,
        Err(_) => {
            tracing::warn!(seconds = SHUTDOWN_GRACE.as_secs(), "requests still in flight after the grace period; stopping anyway");
            serving.abort();
        }
    }
    // Connections still held by an aborted request are not waited for.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), running.pool.close()).await;
    tracing::info!("stopped");
    Ok(())
}

async fn generate(mut settings: Settings, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut people = 80usize;
    let mut seed = 2026u64;
    let mut points = 0usize;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--people" => people = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--points" => points = value()?.parse()?,
            "--database" => settings.database_url = value()?.clone(),
            other => return Err(format!("unknown option `{other}`").into()),
        }
    }
    settings.demo = false;
    settings.bootstrap_admin_password = None;
    let pool = server::prepare_database(&settings).await?;
    if !app::demo::is_empty(&pool).await? {
        return Err("the database already has people; generate into a new database".into());
    }
    let started = std::time::Instant::now();
    app::demo::generate(&pool, people, seed).await?;
    tracing::info!(people, millis = started.elapsed().as_millis() as u64, "generated");
    if points > 0 {
        let started = std::time::Instant::now();
        app::demo::generate_points(&pool, points, seed).await?;
        tracing::info!(points, millis = started.elapsed().as_millis() as u64, "points generated, boards built");
    }
    Ok(())
}

/// Copies the (SQLite) database and the uploads into a new directory while the server may run.
async fn backup(settings: Settings, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let [dir] = args else { return Err("usage: server backup DIR".into()) };
    // Never back up a database this command would create by opening it.
    if let Some(path) = settings.database_url.strip_prefix("sqlite://") {
        if !std::path::Path::new(path.split('?').next().unwrap_or(path)).is_file() {
            return Err(format!("no database at {path} (APP_DATABASE_URL)").into());
        }
    }
    let pool = app::db::Pool::connect(&settings.database_url).await?;
    let started = std::time::Instant::now();
    let copied = server::backup::backup(&pool, &settings.upload_dir, std::path::Path::new(dir)).await?;
    let rows: i64 = copied.counts.iter().map(|(_, n)| n).sum();
    println!(
        "backed up {} tables ({rows} rows) and {} files into {dir} in {} ms",
        copied.counts.len(),
        copied.files,
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Restores a backup into a new database file and uploads directory (the settings', or those
/// named), and checks it.
async fn restore(settings: Settings, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: server restore DIR [--database sqlite://PATH] [--uploads DIR]";
    let (mut dir, mut database, mut uploads) = (None, settings.database_url.clone(), settings.upload_dir.clone());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--database" => database = it.next().ok_or(usage)?.clone(),
            "--uploads" => uploads = it.next().ok_or(usage)?.into(),
            d if dir.is_none() && !d.starts_with("--") => dir = Some(d.to_string()),
            _ => return Err(usage.into()),
        }
    }
    let dir = dir.ok_or(usage)?;
    let path = database.strip_prefix("sqlite://").ok_or("restore writes a SQLite database (sqlite://PATH)")?;
    let copied = server::backup::restore(std::path::Path::new(&dir), std::path::Path::new(path), &uploads).await?;
    println!("restored {} tables and {} files from {dir}; integrity ok, row counts match", copied.counts.len(), copied.files);
    Ok(())
}

/// Checks the stored data (`app::services::integrity`): the database engine's own check, every
/// round's event chain, and what the app keeps twice (board totals, rank counts, payout splits and
/// signatures, project stages). Prints a line a round and each problem; fails if there is one.
async fn verify(mut settings: Settings, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    match args {
        [] => {}
        [flag, url] if flag == "--database" => settings.database_url = url.clone(),
        _ => return Err("usage: server verify [--database URL]".into()),
    }
    let pool = app::db::Pool::connect(&settings.database_url).await?;
    let report = app::services::integrity::check(&pool).await?;
    let mut broken = 0;
    for (round, result) in &report.chains {
        match result {
            Ok(n) => println!("round {round}: intact ({n} events)"),
            Err(b) => {
                broken += 1;
                println!("round {round}: BROKEN at event {} ({b:?})", b.seq());
            }
        }
    }
    for problem in &report.problems {
        println!("PROBLEM: {problem}");
    }
    if report.problems.is_empty() {
        println!("ledger, boards, payouts and projects: consistent");
    }
    if !report.intact() {
        return Err(format!("{broken} round(s) do not verify; {} other problem(s)", report.problems.len()).into());
    }
    Ok(())
}
