//! Leaderboards: every points entry moves its boards in the same transaction (and the kept boards
//! equal a rebuild from the ledger), ranks 1-2-2-4 a page at a time, "my rank" with neighbours,
//! department filters, chosen periods, climbers, frozen months and corrections.

use app::domain::roles::Role;
use app::services::boards::{record, Source, Who};
use ciw_tests::*;
use serde_json::Value;

/// A fingerprint of the kept boards: changes when any row's total, department or count does.
async fn fingerprint(app: &TestApp) -> (i64, i64) {
    let totals = app
        .count(
            "SELECT CAST(COALESCE(SUM(total * (subject % 97 + 1) + department_id), 0) + COUNT(*) * 1000003 AS BIGINT)
             FROM board_totals",
        )
        .await;
    let counts =
        app.count("SELECT CAST(COALESCE(SUM(n * (total % 89 + 1) + scope), 0) + COUNT(*) * 1000003 AS BIGINT) FROM board_counts").await;
    (totals, counts)
}

async fn board(app: &TestApp, who: &reqwest::Client, args: &[(&str, &str)]) -> Value {
    let args: Vec<(String, &str)> = args.iter().map(|(k, v)| (format!("query[{k}]"), *v)).collect();
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let r = app.call(who, "load_board", &borrowed).await;
    assert!(r.ok(), "{r:?}");
    r.body
}

fn ranks(lines: &Value) -> Vec<u64> {
    lines.as_array().unwrap().iter().map(|l| l["rank"].as_u64().unwrap()).collect()
}

fn totals(lines: &Value) -> Vec<i64> {
    lines.as_array().unwrap().iter().map(|l| l["total"].as_i64().unwrap()).collect()
}

/// Empties the ledger and its boards, then books `points[i]` for the i-th employee of the demo
/// (in id order, skipping the demo accounts but `employee`), today.
async fn fresh_ledger(app: &TestApp, points: &[i64]) -> Vec<i64> {
    for t in
        ["board_counts", "board_totals", "board_frozen_counts", "board_frozen_totals", "board_frozen_months", "points"]
    {
        app.execute(&format!("DELETE FROM {t}")).await;
    }
    let me = app.person_id("employee").await;
    let mut people = vec![me];
    for i in 0..points.len() as i64 {
        people.push(app.count(&format!("SELECT id FROM people WHERE username = 'e{:06}'", 100001 + i)).await);
    }
    people.truncate(points.len());
    let mut tx = app.pool.begin_write().await.unwrap();
    for (p, n) in people.iter().zip(points) {
        let who = Who::Person { person: *p, studio: None };
        record(&mut tx, who, *n, Source { kind: "honour", id: 1, reason: "test" }, None).await.unwrap();
    }
    tx.commit().await.unwrap();
    people
}

#[tokio::test]
async fn an_entry_moves_every_board_it_counts_on_in_the_same_transaction() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    // The demo's history: the kept boards are exactly what a rebuild from the ledger gives.
    let kept = fingerprint(&app).await;
    app::services::boards::rebuild(&app.pool).await.unwrap();
    assert_eq!(fingerprint(&app).await, kept, "kept boards differ from a rebuild");
    assert!(
        app.count("SELECT COUNT(*) FROM board_totals WHERE board = 'studio'").await > 0,
        "demo fills the studio board"
    );

    // Confirming the finished event's awards books points: the winner is on every board at once.
    let r = app.call(&admin, "confirm_awards", &[("event", "2")]).await;
    assert!(r.ok(), "{r:?}");
    let winner = app.count("SELECT person_id FROM awards WHERE event_id = 2 AND place = 1").await;
    let won = app.count("SELECT CAST(SUM(points) AS BIGINT) FROM points WHERE source_type = 'event' AND person_id = (SELECT person_id FROM awards WHERE event_id = 2 AND place = 1)").await;
    assert!(won > 0);
    let month = board(&app, &admin, &[("board", "person"), ("window", "month")]).await;
    let line = month["lines"].as_array().unwrap().iter().find(|l| l["subject"] == winner).expect("winner on the board");
    assert!(line["total"].as_i64().unwrap() >= won);
    for b in ["team", "department"] {
        let v = board(&app, &admin, &[("board", b), ("window", "all")]).await;
        assert!(!v["lines"].as_array().unwrap().is_empty(), "{b} board");
    }
    let after = fingerprint(&app).await;
    assert_ne!(after, kept);
    app::services::boards::rebuild(&app.pool).await.unwrap();
    assert_eq!(fingerprint(&app).await, after, "kept boards differ from a rebuild after new entries");
}

#[tokio::test]
async fn ties_rank_1_2_2_4_a_page_at_a_time_and_my_rank_comes_with_neighbours() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    // 60 people: the employee has 30; the rest 5 to 65 in steps, with many ties.
    let points: Vec<i64> = (0..60).map(|i| if i == 0 { 30 } else { 5 + (i % 13) * 5 }).collect();
    let people = fresh_ledger(&app, &points).await;
    let v = board(&app, &emp, &[("board", "person"), ("window", "month")]).await;
    assert_eq!(v["ranked"], 60);
    let mut sorted = points.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let expected: Vec<u64> = sorted.iter().map(|t| 1 + sorted.iter().filter(|x| *x > t).count() as u64).collect();
    let first = ranks(&v["lines"]);
    assert_eq!(first.len(), 50);
    assert_eq!(totals(&v["lines"]), sorted[..50]);
    assert_eq!(first, expected[..50], "ranks 1, 2, 2, 4 on the first page");
    // The next page goes on where the first stopped, inside a tie if need be.
    let next = v["next"].as_str().expect("a next page").to_string();
    let p2 = board(&app, &emp, &[("board", "person"), ("window", "month"), ("after", &next)]).await;
    assert_eq!(ranks(&p2["lines"]), expected[50..]);
    assert_eq!(totals(&p2["lines"]), sorted[50..]);
    assert!(p2["next"].is_null());

    // My rank: the employee's 30 points, two neighbours above and two below, ranked alike.
    let mine = &v["mine"];
    let my_rank = 1 + points.iter().filter(|t| **t > 30).count() as u64;
    assert_eq!(mine["line"]["rank"], my_rank);
    assert_eq!(mine["line"]["subject"], people[0]);
    assert_eq!(mine["line"]["mine"], true);
    assert_eq!(mine["above"].as_array().unwrap().len(), 2);
    assert_eq!(mine["below"].as_array().unwrap().len(), 2);
    for l in mine["above"].as_array().unwrap().iter().chain(mine["below"].as_array().unwrap()) {
        let t = l["total"].as_i64().unwrap();
        assert_eq!(l["rank"].as_u64().unwrap(), 1 + points.iter().filter(|x| **x > t).count() as u64);
    }
    let all: Vec<Value> =
        v["lines"].as_array().unwrap().iter().chain(p2["lines"].as_array().unwrap()).cloned().collect();
    let at = all.iter().position(|l| l["subject"] == people[0]).unwrap();
    assert_eq!(mine["above"][1]["subject"], all[at - 1]["subject"], "the row just above is the board's");
    assert_eq!(mine["below"][0]["subject"], all[at + 1]["subject"], "the row just below is the board's");

    // Teams and departments add up their people's points.
    let teams = board(&app, &emp, &[("board", "team"), ("window", "all")]).await;
    let team_sum: i64 = totals(&teams["lines"]).iter().sum();
    assert_eq!(team_sum, points.iter().sum::<i64>());
    let depts = board(&app, &emp, &[("board", "department"), ("window", "year")]).await;
    assert_eq!(totals(&depts["lines"]).iter().sum::<i64>(), points.iter().sum::<i64>());

    // Narrowed to the employee's department, ranks start again at 1 among its people.
    let dept = app
        .count(&format!(
            "SELECT t.department_id FROM people p JOIN teams t ON t.id = p.team_id WHERE p.id = {}",
            people[0]
        ))
        .await;
    let d = dept.to_string();
    let in_dept = board(&app, &emp, &[("board", "person"), ("window", "month"), ("dept", &d)]).await;
    let n_dept = app
        .count(&format!(
            "SELECT COUNT(*) FROM board_totals WHERE board = 'person' AND win LIKE 'm%' AND department_id = {dept}"
        ))
        .await;
    assert_eq!(in_dept["ranked"].as_i64().unwrap(), n_dept);
    assert_eq!(in_dept["lines"][0]["rank"], 1);
    let dept_totals = totals(&in_dept["lines"]);
    let above_me = dept_totals.iter().filter(|t| **t > 30).count() as u64;
    assert_eq!(in_dept["mine"]["line"]["rank"], above_me + 1);
    // A department is found by typing part of its name.
    let found = board(&app, &emp, &[("board", "person"), ("dept_q", "运维")]).await;
    assert!(found["department_matches"].as_array().unwrap().iter().any(|d| d[1] == "运维检修部"));

    // Someone without points this month is told so, not ranked last.
    app.execute(&format!("DELETE FROM board_totals WHERE subject = {} AND board = 'person'", people[0])).await;
    let none = board(&app, &emp, &[("board", "person"), ("window", "month")]).await;
    assert!(none["mine"].is_null());
    assert!(none["mine_missing"].is_string());
}

#[tokio::test]
async fn an_ended_month_is_frozen_and_a_correction_counts_in_the_month_it_is_made() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    let people = fresh_ledger(&app, &[40, 30, 20]).await;
    // Book everything in an ended month, rebuild and freeze it.
    let today = app::services::today();
    let last = chrono::Datelike::with_day(&today, 1).unwrap() - chrono::Duration::days(1);
    let key = format!("m{}", last.format("%Y-%m"));
    let last_text = last.format("%Y-%m-%d").to_string();
    app.execute(&format!("UPDATE points SET booked_on = '{last_text}'")).await;
    app::services::boards::rebuild(&app.pool).await.unwrap();
    assert_eq!(app::services::boards::freeze_ended(&app.pool).await.unwrap(), 1);
    assert_eq!(app::services::boards::freeze_ended(&app.pool).await.unwrap(), 0, "frozen once");
    let frozen = board(&app, &emp, &[("board", "person"), ("window", &key)]).await;
    assert!(frozen["frozen_at"].is_string());
    assert_eq!(totals(&frozen["lines"]), [40, 30, 20]);

    // A correction of last month's entry: refused without a reason or with zero points; then
    // booked today, where the entry counted; last month's published board does not change.
    let entry = app.count(&format!("SELECT id FROM points WHERE person_id = {}", people[2])).await.to_string();
    let bad = app.call(&admin, "correct_points", &[("entry", &entry), ("points", "0"), ("note", "")]).await;
    assert_eq!(bad.field_error("points").as_deref(), Some("err.points.delta"));
    assert_eq!(bad.field_error("note").as_deref(), Some("err.points.note"));
    assert_eq!(app.count("SELECT COUNT(*) FROM points").await, 3, "nothing booked");
    let r = app.call(&emp, "correct_points", &[("entry", &entry), ("points", "25"), ("note", "漏记")]).await;
    assert_eq!(r.status, 403);
    let r = app.call(&admin, "correct_points", &[("entry", &entry), ("points", "25"), ("note", "漏记一项成果")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.count(&format!("SELECT points FROM points WHERE corrects = {entry}")).await, 25);
    // Even the kept copy of that month changing (it should not) leaves the published board.
    app.execute(&format!("UPDATE board_totals SET total = 999 WHERE win = '{key}'")).await;
    let again = board(&app, &emp, &[("board", "person"), ("window", &key)]).await;
    assert_eq!(totals(&again["lines"]), [40, 30, 20], "a frozen month never changes");
    let now = board(&app, &emp, &[("board", "person"), ("window", "month")]).await;
    assert_eq!(totals(&now["lines"]), [25], "the adjustment is in this month");
    assert_eq!(now["lines"][0]["subject"], people[2]);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'points.correct'").await, 1);
}

#[tokio::test]
async fn a_chosen_period_adds_up_its_months_and_climbers_are_shown() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    let people = fresh_ledger(&app, &[10, 20, 30, 40]).await;
    let today = app::services::today();
    let last = chrono::Datelike::with_day(&today, 1).unwrap() - chrono::Duration::days(1);
    // Last month people[0] was last: this month it climbs from 4th to 1st.
    let mut tx = app.pool.begin_write().await.unwrap();
    for (p, n) in people.iter().zip([10, 20, 30, 40]) {
        record(
            &mut tx,
            Who::Person { person: *p, studio: None },
            n,
            Source { kind: "honour", id: 2, reason: "test" },
            None,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    app.execute(&format!("UPDATE points SET booked_on = '{}' WHERE source_id = 2", last.format("%Y-%m-%d"))).await;
    // ...and now people[0] earns most this month.
    let mut tx = app.pool.begin_write().await.unwrap();
    record(
        &mut tx,
        Who::Person { person: people[0], studio: None },
        100,
        Source { kind: "honour", id: 3, reason: "test" },
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app::services::boards::rebuild(&app.pool).await.unwrap();
    let now = board(&app, &emp, &[("board", "person"), ("window", "month")]).await;
    assert_eq!(totals(&now["lines"]), [110, 40, 30, 20]);
    let risers = now["risers"].as_array().unwrap();
    assert_eq!(risers[0]["subject"], people[0]);
    assert_eq!((risers[0]["from"].as_u64(), risers[0]["to"].as_u64()), (Some(4), Some(1)));

    let (from, to) = (last.format("%Y-%m").to_string(), today.format("%Y-%m").to_string());
    let p = board(&app, &emp, &[("board", "person"), ("window", "period"), ("from", &from), ("to", &to)]).await;
    assert_eq!(totals(&p["lines"]), [120, 80, 60, 40]);
    assert_eq!(ranks(&p["lines"]), [1, 2, 3, 4]);
    assert_eq!(p["mine"]["line"]["rank"], 1);
    // A period backwards or too long is refused with its reason.
    let r =
        app.call(&emp, "load_board", &[("query[window]", "period"), ("query[from]", &to), ("query[to]", &from)]).await;
    assert_eq!(r.field_error("to").as_deref(), Some("err.board.period_order"));
    let r = app
        .call(&emp, "load_board", &[("query[window]", "period"), ("query[from]", "2001-01"), ("query[to]", &to)])
        .await;
    assert_eq!(r.field_error("to").as_deref(), Some("err.board.period_long"));
    let r = app.call(&emp, "load_board", &[("query[window]", "week")]).await;
    assert_eq!(r.field_error("window").as_deref(), Some("err.board.window"));
    let r = app.call(&emp, "load_board", &[("query[board]", "planet")]).await;
    assert_eq!(r.field_error("board").as_deref(), Some("err.board.kind"));
}

#[tokio::test]
async fn the_board_page_shows_my_rank_and_links_every_row() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    fresh_ledger(&app, &[30, 50, 10]).await;
    let (status, html, _) = app.get(&emp, "/boards").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"my-rank\""), "my rank card");
    assert!(html.contains("第 2 名 · 30 分"), "my rank in words");
    assert!(html.contains("href=\"/people/"), "rows link to people");
    let (status, html, _) = app.get(&emp, "/boards?board=team&window=year").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/teams/"), "rows link to teams");
    let (_, html, _) = app.get(&emp, "/boards?window=week").await;
    assert!(html.contains("时间范围无法识别"), "a bad window is explained");
    // Signed out, the board is not shown.
    let (status, html, _) = app.get(&app.client(), "/boards").await;
    assert!(status.is_redirection() || !html.contains("data-testid=\"my-rank\""));
}

#[tokio::test]
async fn a_persons_page_traces_points_to_evidence_and_shows_prize_money_only_to_them_and_admins() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    assert!(app.call(&admin, "confirm_awards", &[("event", "2")]).await.ok());
    let winner = app.count("SELECT person_id FROM awards WHERE event_id = 2 AND place = 1").await;
    let w = winner.to_string();
    let page = |who| {
        let w = w.clone();
        let app = &app;
        async move {
            let r = app.call(who, "load_person_page", &[("id", &w)]).await;
            assert!(r.ok(), "{r:?}");
            r.body
        }
    };
    let seen = page(&emp).await;
    let placing = &seen["placings"][0];
    assert_eq!(placing["event_id"], 2);
    assert_eq!(placing["place"], 1);
    assert!(placing["prize_fen"].is_null(), "another employee does not see the prize money");
    let entry = seen["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["href"] == "/events/2/results")
        .expect("the placing's entry");
    assert!(entry["points"].as_i64().unwrap() > 0);
    assert!(!entry["title"].as_str().unwrap().is_empty(), "the evidence is named");
    assert_eq!(seen["positions"].as_array().unwrap().len(), 4);
    assert!(seen["positions"][3]["rank"].as_u64().is_some(), "ranked all time");
    assert_eq!(seen["months"].as_array().unwrap().len(), 12);
    assert!(page(&admin).await["placings"][0]["prize_fen"].as_i64().unwrap() > 0, "admins see it");
    let username = app
        .count(&format!(
            "SELECT CAST(SUBSTR(username, 2) AS BIGINT) FROM people WHERE id = {winner} AND username LIKE 'e%'"
        ))
        .await;
    if username > 0 {
        let them = app.login_as(&format!("e{username}"), DEMO_PASSWORD).await;
        assert!(page(&them).await["placings"][0]["prize_fen"].as_i64().unwrap() > 0, "the person sees their own");
    }
    // The team's page, and the HTML pages.
    let team = app.count(&format!("SELECT team_id FROM people WHERE id = {winner}")).await.to_string();
    let t = app.call(&emp, "load_team_page", &[("id", &team)]).await;
    assert!(t.ok(), "{t:?}");
    assert!(t.body["members"].as_array().unwrap().iter().any(|m| m[0] == winner));
    let (status, html, _) = app.get(&emp, &format!("/people/{winner}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/events/2/results\""), "the placing links its results");
    let (status, _, _) = app.get(&emp, &format!("/teams/{team}")).await;
    assert_eq!(status, 200);
    let missing = app.call(&emp, "load_person_page", &[("id", "999999")]).await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn the_big_screen_shows_every_board_and_its_feed_wakes_on_a_new_entry() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let r = app.call(&emp, "load_board_screen", &[("window", "all")]).await;
    assert!(r.ok(), "{r:?}");
    let panels = r.body["panels"].as_array().unwrap();
    assert_eq!(
        panels.iter().map(|p| p["board"].as_str().unwrap()).collect::<Vec<_>>(),
        ["Person", "Team", "Studio", "Department"]
    );
    for p in panels {
        let lines = p["lines"].as_array().unwrap();
        assert!(!lines.is_empty() && lines.len() <= 10, "{p}");
        let totals: Vec<i64> = lines.iter().map(|l| l["total"].as_i64().unwrap()).collect();
        assert!(totals.windows(2).all(|w| w[0] >= w[1]), "best first: {totals:?}");
        assert_eq!(lines[0]["rank"], 1);
    }
    let r = app.call(&emp, "load_board_screen", &[("window", "nonsense")]).await;
    assert_eq!(r.field_error("window").as_deref(), Some("err.board.window"));

    // The feed: only for people signed in; a new entry wakes it with a `change`.
    let res = app.client().get(format!("{}/boards/live", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let mut res = emp.get(format!("{}/boards/live", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let entry = app.count("SELECT MIN(id) FROM points").await.to_string();
    let r = app.call(&admin, "correct_points", &[("entry", &entry), ("points", "5"), ("note", "大屏测试")]).await;
    assert!(r.ok(), "{r:?}");
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !seen.contains("event: change") && std::time::Instant::now() < deadline {
        match tokio::time::timeout(std::time::Duration::from_secs(5), res.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            _ => break,
        }
    }
    assert!(seen.contains("event: change"), "{seen}");
}
