//! Leaderboards on a large organisation (default 500,000 people in ~25,000 teams and 1,000,000
//! points entries over two years, from `server generate`'s generator), on SQLite:
//!
//! 1. a board's top 50 and the caller's rank with two neighbours above and below, server side
//!    (the service call the page makes), for every kept window, callers drawn at random (most of
//!    them far down the board): p50 / p99;
//! 2. the naive query on the same data in the same run (`SUM … GROUP BY` and `RANK()` over the
//!    window's entries, top 50 and the caller ± 2): its median, and how many times slower;
//! 3. what one new points entry costs (the entry and every board it counts on, one transaction);
//! 4. the leaderboard page over HTTP, signed in, closed loop with `BOARD_CLIENTS` clients (default
//!    16) for `BOARD_SECONDS` (default 10): requests per second and p99.
//!
//! Run: `cargo bench -p ciw-tests --bench boards`. `BOARD_PEOPLE`, `BOARD_POINTS` adjust the data.

use app::domain::boards::{Month, Window};
use app::model::boards::BoardQuery;
use app::services::boards::{record, Source, Who};
use ciw_tests::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: server::Allocator = server::Allocator;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A small reproducible generator for picking callers.
struct Pick(u64);
impl Pick {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const NAIVE: &str = "WITH totals AS (
        SELECT person_id, SUM(points) AS total FROM points
        WHERE person_id IS NOT NULL AND booked_on >= $1 AND booked_on <= $2 GROUP BY person_id),
    ranked AS (
        SELECT person_id, total, RANK() OVER (ORDER BY total DESC) AS rnk,
               ROW_NUMBER() OVER (ORDER BY total DESC, person_id) AS pos FROM totals)
    SELECT person_id, total, rnk FROM ranked
    WHERE pos <= 50 OR ABS(pos - (SELECT pos FROM ranked WHERE person_id = $3)) <= 2 ORDER BY pos";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let people = env_or("BOARD_PEOPLE", 500_000) as usize;
    let entries = env_or("BOARD_POINTS", 1_000_000) as usize;
    let seconds = env_or("BOARD_SECONDS", 10);
    let clients = env_or("BOARD_CLIENTS", 16);
    let app = spawn_app_with(|s| s.demo = false).await;
    let started = Instant::now();
    app::demo::generate(&app.pool, people, 2026).await.unwrap();
    let org = started.elapsed();
    let started = Instant::now();
    app::demo::generate_points(&app.pool, entries, 2026).await.unwrap();
    println!(
        "boards: {people} people ({} teams), {entries} points entries on {:?}; generated in {:.1} s + {:.1} s (entries and boards)",
        app.count("SELECT COUNT(*) FROM teams").await,
        app.engine(),
        org.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let n_people = app.count("SELECT COUNT(*) FROM people").await as u64;
    let first_id = app.count("SELECT MIN(id) FROM people").await as u64;
    let mut pick = Pick(7);
    let pool = app.pool.clone();
    let caller = |id: i64| {
        let pool = pool.clone();
        async move { app::services::accounts::session_user(&pool, id).await.unwrap().unwrap().0 }
    };

    // 1 + 2: kept windows, the service against the naive query.
    let today = app::services::today();
    let this = Month::of(today);
    let windows: [(&str, Window, String, String); 4] = [
        ("month", Window::Month(this), format!("{}-01", this.text()), today.to_string()),
        (
            "quarter",
            Window::Quarter(this.year, this.quarter()),
            format!("{}-{:02}-01", this.year, (this.quarter() - 1) * 3 + 1),
            today.to_string(),
        ),
        ("year", Window::Year(this.year), format!("{}-01-01", this.year), today.to_string()),
        ("all", Window::All, "1900-01-01".into(), today.to_string()),
    ];
    let calls = env_or("BOARD_CALLS", 400) as usize;
    println!("\ntop 50 + my rank ± 2, server side ({calls} callers per window, drawn at random):");
    for (name, _, from, to) in &windows {
        let mut lat = Vec::with_capacity(calls);
        let mut deepest = 0;
        for _ in 0..calls {
            let me = caller(first_id as i64 + pick.next(n_people) as i64).await;
            let q = BoardQuery { board: "person".into(), window: (*name).into(), ..Default::default() };
            let t = Instant::now();
            let v = app::services::boards::board(&app.pool, &me, &q).await.unwrap();
            lat.push(t.elapsed());
            if let Some(m) = &v.mine {
                deepest = deepest.max(m.line.rank);
            }
        }
        lat.sort();
        // The naive query, a few times (it is slow), for a caller in the middle of the board.
        let me = caller(first_id as i64 + pick.next(n_people) as i64).await;
        let read = match &app.pool {
            app::db::Pool::Sqlite { read, .. } => read.clone(),
            app::db::Pool::Postgres { .. } => panic!("the naive comparison runs on SQLite"),
        };
        let mut naive = Vec::new();
        let mut rows = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let r: Vec<(i64, i64, i64)> =
                sqlx::query_as(NAIVE).bind(from).bind(to).bind(me.id).fetch_all(&read).await.unwrap();
            naive.push(t.elapsed());
            rows = r.len();
        }
        naive.sort();
        let median = naive[naive.len() / 2];
        println!(
            "  {name:<8} p50 {:>6.2} ms  p99 {:>6.2} ms  (deepest caller rank {deepest:>7})   naive: median {:>8.1} ms ({rows} rows)  → {:>6.0}× faster at p99",
            ms(percentile(&lat, 0.5)),
            ms(percentile(&lat, 0.99)),
            ms(median),
            median.as_secs_f64() / percentile(&lat, 0.99).as_secs_f64(),
        );
    }

    // 3: one new entry, with every board it counts on, in its own transaction.
    let writes = env_or("BOARD_WRITES", 300) as usize;
    let mut lat = Vec::with_capacity(writes);
    for i in 0..writes {
        let person = first_id as i64 + pick.next(n_people) as i64;
        let t = Instant::now();
        let mut tx = app.pool.begin_write().await.unwrap();
        record(
            &mut tx,
            Who::Person { person, studio: None },
            10,
            Source { kind: "honour", id: 0, reason: "generated" },
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        lat.push(t.elapsed());
        let _ = i;
    }
    lat.sort();
    println!(
        "\none new points entry (entry + 3 boards × 4 windows, committed): p50 {:.2} ms  p99 {:.2} ms",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );

    // 4: the page, signed in, closed loop.
    let client = app.login_as("employee", app::demo::DEMO_PASSWORD).await;
    let (status, html, _) = app.get(&client, "/boards").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"board-top\""));
    let tally: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let client = client.clone();
        let url = format!("{}/boards", app.base);
        let tally = tally.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while Instant::now() < end {
                let t = Instant::now();
                let r = client.get(&url).header("Accept", "text/html").send().await.unwrap();
                let ok = r.status().is_success();
                let _ = r.bytes().await.unwrap();
                if ok {
                    mine.push(t.elapsed());
                }
            }
            tally.lock().unwrap().extend(mine);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut lat = tally.lock().unwrap().clone();
    lat.sort();
    println!(
        "\nthe leaderboard page (/boards, signed in, {} kB), {clients} clients closed loop, {seconds} s: {:.0} requests/s  p50 {:.2} ms  p99 {:.2} ms",
        html.len() / 1024,
        lat.len() as f64 / seconds as f64,
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
    );
}
