//! Crash safety: the release server under a write load is killed with SIGKILL at a random moment,
//! again and again; after each kill, before it is restarted, every write the load saw acknowledged
//! must be in the database, and the database must be intact and agree with itself (SQLite's
//! integrity check, every round's hash chain, board totals, payout splits and signatures, project
//! stages: `app::services::integrity`, what `server verify` runs).
//!
//! The load, three clients at once, each signed in once (sessions live in the database, so they
//! outlast every restart): a team lead and an admin take new projects from proposal to adoption
//! (each adoption pays out a completion pool); two admins approve and pay ledger lines (four eyes);
//! a judge sends marks, each with its own client id.
//!
//! Run: `cargo bench -p server --bench crash`. `CRASH_KILLS` (default 100), `CRASH_SEED` (1),
//! `CRASH_MAX_MS` (longest load before a kill, default 1500). On PostgreSQL with
//! `TEST_DATABASE_URL` set (`bash .ci/with-postgres cargo bench -p server --bench crash`).
//! Figures: docs/figures.md.

#[path = "../tests/support/mod.rs"]
mod support;

use reqwest::Client;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

/// What the load saw acknowledged (a 2xx answer), to be found after the kill.
#[derive(Default)]
struct Acked {
    projects: Vec<i64>,
    actions: Vec<(i64, &'static str)>,
    payouts: Vec<(i64, &'static str)>,
    marks: Vec<String>,
}

type Shared = Arc<Mutex<Acked>>;

/// Set once the server has been killed: the writers stop.
type Killed = Arc<std::sync::atomic::AtomicBool>;

/// A small deterministic generator (xorshift), for the kill moments.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A 2xx answer (acknowledged), a refusal (a bug in the load: stops the run), or no answer (the
/// process was killed: not acknowledged, may or may not have been committed).
async fn send(base: &str, client: &Client, endpoint: &str, args: &[(&str, &str)]) -> Option<serde_json::Value> {
    match try_call(base, client, endpoint, args).await {
        Ok((status, body)) if status.is_success() => Some(body),
        Ok((status, body)) => panic!("{endpoint} {args:?} refused: {status} {body}"),
        Err(_) => None,
    }
}

/// Projects from proposal to adoption, one after another.
async fn projects(base: String, lead: Client, admin: Client, acked: Shared, n: Arc<Mutex<u64>>) {
    let due = (app::model::today() + chrono::Duration::days(200)).to_string();
    loop {
        let title = {
            let mut n = n.lock().unwrap();
            *n += 1;
            format!("断电测试项目{n}")
        };
        let form = [
            ("form[category]", "technical"),
            ("form[title]", title.as_str()),
            ("form[problem]", "主变冷却器故障频发"),
            ("form[solution]", "加装在线监测与自动切换"),
            ("form[expected_benefit]", "120000.50"),
            ("form[expected_benefit_text]", "每年减少停电 20 小时"),
            ("form[leader_username]", "e100001"),
            ("form[studio_id]", ""),
            ("form[due_on]", due.as_str()),
            ("form[members][0][username]", "teamlead"),
            ("form[members][0][share]", "33.34"),
            ("form[members][1][username]", "employee"),
            ("form[members][1][share]", "66.66"),
        ];
        let Some(id) = send(&base, &lead, "create_project", &form).await else { return };
        let id = id.as_i64().expect("the new project's id");
        acked.lock().unwrap().projects.push(id);
        let steps: [(&Client, &'static str, &str); 4] =
            [(&lead, "submit", ""), (&admin, "approve", "同意立项"), (&admin, "progress", "推进"), (&admin, "trial", "试点")];
        let id_text = id.to_string();
        for (who, action, comment) in steps {
            if send(&base, who, "project_action", &[("id", &id_text), ("action", action), ("comment", comment)]).await.is_none() {
                return;
            }
            acked.lock().unwrap().actions.push((id, action));
        }
        let adopt = [
            ("id", id_text.as_str()),
            ("action", "adopt"),
            ("comment", "转化"),
            ("actual_benefit", "168000.08"),
            ("actual_benefit_text", "3 个变电站应用"),
        ];
        if send(&base, &admin, "project_action", &adopt).await.is_none() {
            return;
        }
        acked.lock().unwrap().actions.push((id, "adopt"));
    }
}

/// Ledger lines approved by one admin and paid by another, oldest first.
async fn payments(base: String, admin: Client, finance: Client, db: app::db::Pool, acked: Shared, killed: Killed) {
    // With nothing to pay it sends nothing, and would not notice the kill by itself.
    while !killed.load(std::sync::atomic::Ordering::SeqCst) {
        let mut idle = true;
        for (from, to, who) in [("pending", "approved", &admin), ("approved", "paid", &finance)] {
            let sql = format!("SELECT COALESCE(MIN(id), 0) FROM payouts WHERE status = '{from}'");
            let line = db.scalar_i64(&sql).await.unwrap();
            if line > 0 {
                idle = false;
                if send(&base, who, "advance_payout", &[("id", &line.to_string()), ("to", to)]).await.is_none() {
                    return;
                }
                acked.lock().unwrap().payouts.push((line, to));
            }
        }
        if idle {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// Marks for the judge's contestants in turn, each sheet sent with a new client id.
async fn marks(base: String, judge: Client, contestants: Vec<String>, acked: Shared, n: Arc<Mutex<u64>>) {
    loop {
        let (client_id, contestant, value) = {
            let mut n = n.lock().unwrap();
            *n += 1;
            (format!("crash-{n}"), contestants[*n as usize % contestants.len()].clone(), format!("{}", 70 + *n % 30))
        };
        let fields: Vec<(String, String)> = ["safety", "quality", "time"]
            .iter()
            .enumerate()
            .flat_map(|(i, code)| {
                [("attempt", "1".to_string()), ("criterion", code.to_string()), ("value", value.clone())]
                    .map(|(field, v)| (format!("marks[{i}][{field}]"), v))
            })
            .collect();
        let mut args = vec![("round", "1"), ("contestant", contestant.as_str()), ("client_id", client_id.as_str())];
        args.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if send(&base, &judge, "submit_marks", &args).await.is_none() {
            return;
        }
        // Each mark of the sheet is one event, under `<client id>:<its index>`.
        acked.lock().unwrap().marks.push(format!("{client_id}:0"));
    }
}

const STATUS_ORDER: [&str; 3] = ["pending", "approved", "paid"];

/// Every acknowledged write is there, and the data agrees with itself; the problems found.
async fn check(db: &app::db::Pool, acked: &Acked) -> Vec<String> {
    let mut missing = Vec::new();
    for id in &acked.projects {
        if db.scalar_i64(&format!("SELECT COUNT(*) FROM projects WHERE id = {id}")).await.unwrap() != 1 {
            missing.push(format!("project {id}"));
        }
    }
    for (id, action) in &acked.actions {
        let sql = format!("SELECT COUNT(*) FROM project_events WHERE project_id = {id} AND action = '{action}'");
        if db.scalar_i64(&sql).await.unwrap() < 1 {
            missing.push(format!("project {id} {action}"));
        }
    }
    for (id, status) in &acked.payouts {
        let now = db.scalar_text(&format!("SELECT status FROM payouts WHERE id = {id}")).await.unwrap();
        let rank = |s: &str| STATUS_ORDER.iter().position(|x| *x == s).unwrap();
        if rank(&now) < rank(status) {
            missing.push(format!("payout {id} {status} (found {now})"));
        }
    }
    // In one query: the acknowledged client ids not among the round's events.
    if !acked.marks.is_empty() {
        let list = acked.marks.iter().map(|c| format!("('{c}')")).collect::<Vec<_>>().join(",");
        let sql = format!(
            "WITH sent(client_id) AS (VALUES {list}) SELECT COUNT(*) FROM sent s
             WHERE NOT EXISTS (SELECT 1 FROM round_events e WHERE e.client_id = s.client_id)"
        );
        let lost = db.scalar_i64(&sql).await.unwrap();
        if lost > 0 {
            missing.push(format!("{lost} acknowledged mark sheets"));
        }
    }
    let report = app::services::integrity::check(db).await.expect("integrity check runs");
    let mut problems: Vec<String> = missing.into_iter().map(|m| format!("acknowledged but missing: {m}")).collect();
    problems.extend(report.problems);
    problems.extend(report.chains.iter().filter_map(|(round, r)| r.as_ref().err().map(|b| format!("round {round}: chain broken at {}", b.seq()))));
    problems
}

#[tokio::main]
async fn main() {
    let kills = env_or("CRASH_KILLS", 100);
    let max_ms = env_or("CRASH_MAX_MS", 1500).max(101);
    let mut rng = Rng(env_or("CRASH_SEED", 1).max(1));
    let place = Place::new().await;
    let started = Instant::now();
    let (acked, project_n, mark_n) = (Shared::default(), Arc::new(Mutex::new(0)), Arc::new(Mutex::new(0)));
    let (lead, admin, finance, judge) = (client(), client(), client(), client());
    let mut restarts = Vec::new();
    let mut contestants = Vec::new();
    for kill in 0..=kills {
        let up = Instant::now();
        let server = Process::start(&place).await;
        restarts.push(up.elapsed());
        let db = place.pool().await;
        if kill == 0 {
            for (who, user) in [(&lead, "teamlead"), (&admin, "admin"), (&finance, "finance"), (&judge, "judge")] {
                server.login(who, user).await;
            }
            let (_, pad) = server.call(&judge, "judge_pad", &[("round", "1")]).await;
            contestants = pad["contestants"]
                .as_array()
                .expect("the judge's pad")
                .iter()
                .filter(|c| c["conflicted"] == false)
                .map(|c| c["id"].as_i64().unwrap().to_string())
                .collect();
            let report = app::services::integrity::check(&db).await.unwrap();
            assert!(report.intact(), "the demo data is consistent to begin with: {:?}", report.problems);
        }
        if kill == kills {
            break; // the last start only shows the database opens after the last kill
        }
        let base = server.base.clone();
        let killed = Killed::default();
        let load = [
            tokio::spawn(projects(base.clone(), lead.clone(), admin.clone(), acked.clone(), project_n.clone())),
            tokio::spawn(payments(base.clone(), admin.clone(), finance.clone(), db.clone(), acked.clone(), killed.clone())),
            tokio::spawn(marks(base, judge.clone(), contestants.clone(), acked.clone(), mark_n.clone())),
        ];
        tokio::time::sleep(Duration::from_millis(100 + rng.below(max_ms - 100))).await;
        let mut server = server;
        server.kill();
        killed.store(true, std::sync::atomic::Ordering::SeqCst);
        for task in load {
            if let Err(e) = task.await {
                std::panic::resume_unwind(e.into_panic());
            }
        }
        let problems = check(&db, &acked.lock().unwrap()).await;
        db.close().await;
        if !problems.is_empty() {
            eprintln!("after kill {}: {problems:#?}", kill + 1);
            std::process::exit(1);
        }
        if (kill + 1) % 10 == 0 {
            eprintln!("{} kills, all checks held ({:.0} s)", kill + 1, started.elapsed().as_secs_f64());
        }
    }
    let acked = acked.lock().unwrap();
    restarts.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("crash test on {}: {kills} SIGKILLs at random moments (100–{max_ms} ms of load each)", place.engine());
    println!(
        "acknowledged and found after every kill: {} projects, {} project transitions, {} payout steps, {} mark sheets",
        acked.projects.len(),
        acked.actions.len(),
        acked.payouts.len(),
        acked.marks.len()
    );
    println!(
        "restart to listening: median {:.0} ms, max {:.0} ms; integrity, hash chains, boards, splits and signatures held after every kill",
        ms(restarts[restarts.len() / 2]),
        ms(*restarts.last().unwrap())
    );
    println!("total {:.0} s", started.elapsed().as_secs_f64());
}
