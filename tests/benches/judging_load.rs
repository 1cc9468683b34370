//! Judging under load, over HTTP against the real server on SQLite: 7 judges send a contestant's
//! marks 200 times a second (each submission: the marks, their hash-chained events and the audit
//! line in one transaction) while the round's results page (the full server-rendered page with
//! every rank's arithmetic) is read 500 times a second. Open loop: requests start on schedule
//! whether or not earlier ones have finished, so a slow server shows as latency, not as a lower rate.
//!
//! Run: `cargo bench -p ciw-tests --bench judging_load` (release). Prints each kind's achieved rate
//! and latency percentiles; the target (issue 8) is a submission p99 ≤ 15 ms.
//! `LOAD_SECONDS` (default 10), `MARKS_PER_S` (200) and `READS_PER_S` (500) adjust it.

use app::domain::exact::{Exact, Rounding};
use app::domain::roles::Role;
use app::domain::scoring::{Aggregate, Criterion, CriterionKind, Scheme, TieBreak, TierRule};
use app::services::competitions::{self as comp, Setup};
use ciw_tests::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The server binary's allocator, so the in-process server measures as deployed.
#[global_allocator]
static ALLOCATOR: server::Allocator = server::Allocator;

/// Latencies of the requests that succeeded, and how many failed.
type Tally = Arc<Mutex<(Vec<Duration>, usize)>>;

fn record(tally: &Tally, ok: bool, took: Duration) {
    let mut t = tally.lock().unwrap();
    if ok {
        t.0.push(took);
    } else {
        t.1 += 1;
    }
}

fn report(what: &str, mut lat: Vec<Duration>, errors: usize, seconds: u64) {
    lat.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what:<12} {:>6} done ({:>5.0}/s)  errors {errors:>3}  p50 {:>6.2} ms  p90 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms",
        lat.len(),
        lat.len() as f64 / seconds as f64,
        ms(percentile(&lat, 0.50)),
        ms(percentile(&lat, 0.90)),
        ms(percentile(&lat, 0.99)),
        ms(*lat.last().unwrap_or(&Duration::ZERO)),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let seconds = env_or("LOAD_SECONDS", 10);
    let marks_per_s = env_or("MARKS_PER_S", 200);
    let reads_per_s = env_or("READS_PER_S", 500);
    let app = spawn_app().await;
    if app.engine() != app::db::Engine::Sqlite {
        println!("(measuring on {:?})", app.engine());
    }

    // A round of 20 contestants and 7 judges (people of the generated demo organisation).
    let admin_id = app.person_id("admin").await;
    let (admin, _) = app::services::accounts::session_user(&app.pool, admin_id).await.unwrap().unwrap();
    let x = |s: &str| Exact::parse_decimal(s).unwrap();
    let contestants: Vec<String> = (40..60).map(|i| format!("e1000{i}")).collect();
    let judges: Vec<String> = (60..67).map(|i| format!("e1000{i}")).collect();
    let setup = Setup {
        name: "负载测试竞赛",
        kind: "skill",
        owner: "union",
        registration_opens: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        registration_closes: chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        department_conflict: false,
        public: true,
        event_name: "实操",
        round_name: "决赛",
        scheme: Scheme {
            criteria: ["safety", "quality", "time"]
                .iter()
                .map(|c| Criterion {
                    code: c.to_string(),
                    name: c.to_string(),
                    kind: CriterionKind::Scale { min: Exact::ZERO, step: x("0.5") },
                    max: x("100"),
                    weight: Exact::new(1, 3),
                })
                .collect(),
            attempts: 1,
            aggregate: Aggregate::TrimmedMean { k: 1 },
            factor: Exact::ONE,
            decimals: 2,
            rounding: Rounding::HalfUp,
            max_spread: None,
        },
        tie_breaks: vec![TieBreak::FewerDeductions],
        tiers: vec![TierRule::Count { n: 1 }, TierRule::Count { n: 2 }, TierRule::Count { n: 3 }],
        contestants: contestants.iter().map(String::as_str).collect(),
        judges: judges.iter().enumerate().map(|(i, j)| (j.as_str(), i == 0)).collect(),
        draw_seed: 7,
    };
    let round = comp::organise(&app.pool, &admin, &setup).await.unwrap().to_string();

    // Each judge signed in, with the contestants they may mark.
    let mut benches = Vec::new();
    for j in &judges {
        let client = app.login_as(j, app::demo::DEMO_PASSWORD).await;
        let pad = app.call(&client, "judge_pad", &[("round", &round)]).await;
        assert!(pad.ok(), "{pad:?}");
        let free: Vec<String> = pad.body["contestants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["conflicted"] == false)
            .map(|c| c["id"].to_string())
            .collect();
        benches.push((client, free));
    }
    let reader = app.login_role(Role::UnionAdmin).await;
    let (status, page, _) = app.get(&reader, &format!("/rounds/{round}/results")).await;
    assert_eq!(status, 200);
    println!(
        "judging load: {seconds} s, {marks_per_s} submissions/s (3 marks each) + {reads_per_s} results pages/s ({} kB) on {:?}",
        page.len() / 1024,
        app.engine()
    );

    let marks: Tally = Arc::default();
    let reads: Tally = Arc::default();
    let base = Arc::new(app.base.clone());
    let round = Arc::new(round);
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();

    // Submissions, round-robin over judges and their contestants, values moving so each one changes marks.
    {
        let (marks, base, round) = (marks.clone(), base.clone(), round.clone());
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / marks_per_s));
            let mut n = 0usize;
            let mut inflight = Vec::new();
            while Instant::now() < end {
                tick.tick().await;
                let (client, free) = &benches[n % benches.len()];
                let contestant = free[(n / benches.len()) % free.len()].clone();
                let value = format!("{}", 60 + (n % 80) / 2);
                let (client, marks, base, round) = (client.clone(), marks.clone(), base.clone(), round.clone());
                let id = format!("load-{n}");
                n += 1;
                inflight.push(tokio::spawn(async move {
                    let mut form = vec![
                        ("round".to_string(), round.to_string()),
                        ("contestant".to_string(), contestant),
                        ("client_id".to_string(), id),
                    ];
                    for (i, c) in ["safety", "quality", "time"].iter().enumerate() {
                        form.push((format!("marks[{i}][attempt]"), "1".into()));
                        form.push((format!("marks[{i}][criterion]"), c.to_string()));
                        form.push((format!("marks[{i}][value]"), value.clone()));
                    }
                    let started = Instant::now();
                    let ok = client
                        .post(format!("{base}/api/submit_marks"))
                        .header("Accept", "application/json")
                        .form(&form)
                        .send()
                        .await
                        .map(|r| r.status().is_success())
                        .unwrap_or(false);
                    record(&marks, ok, started.elapsed());
                }));
            }
            for t in inflight {
                let _ = t.await;
            }
        }));
    }
    // Results pages.
    {
        let (reads, base, round) = (reads.clone(), base.clone(), round.clone());
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / reads_per_s));
            let mut inflight = Vec::new();
            while Instant::now() < end {
                tick.tick().await;
                let (reader, reads, base, round) = (reader.clone(), reads.clone(), base.clone(), round.clone());
                inflight.push(tokio::spawn(async move {
                    let started = Instant::now();
                    let path = if std::env::var("READ_JSON").is_ok() {
                        format!("{base}/api/round_results?round={round}")
                    } else {
                        format!("{base}/rounds/{round}/results")
                    };
                    let ok = match reader.get(path).header("Accept", "text/html").send().await {
                        Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                        _ => false,
                    };
                    record(&reads, ok, started.elapsed());
                }));
            }
            for t in inflight {
                let _ = t.await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let (m, r) = (std::mem::take(&mut *marks.lock().unwrap()), std::mem::take(&mut *reads.lock().unwrap()));
    report("submissions", m.0, m.1, seconds);
    report("results", r.0, r.1, seconds);
    let events = app.count(&format!("SELECT COUNT(*) FROM round_events WHERE round_id = {round}")).await;
    println!("round events recorded: {events}");
}
