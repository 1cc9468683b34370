//! Judging over HTTP: marks checked and recorded once, every refusal, signing, results, and the
//! hash chain catching an edit of the stored events.

use app::domain::roles::Role;
use ciw_tests::*;
use reqwest::Client;
use serde_json::Value;

const ROUND: &str = "1";

async fn pad(app: &TestApp, who: &Client) -> Value {
    let r = app.call(who, "judge_pad", &[("round", ROUND)]).await;
    assert!(r.ok(), "{r:?}");
    r.body
}

/// Ids of the demo round's contestants: (the ones this judge may mark, the ones they are recused from).
fn split(pad: &Value) -> (Vec<String>, Vec<String>) {
    let mut free = Vec::new();
    let mut recused = Vec::new();
    for c in pad["contestants"].as_array().unwrap() {
        let id = c["id"].as_i64().unwrap().to_string();
        if c["conflicted"].as_bool().unwrap() {
            recused.push(id);
        } else {
            free.push(id);
        }
    }
    (free, recused)
}

async fn mark(app: &TestApp, who: &Client, contestant: &str, client_id: &str, values: [&str; 3]) -> Reply {
    let mut args = vec![("round", ROUND), ("contestant", contestant), ("client_id", client_id)];
    let names = [
        ("marks[0][attempt]", "marks[0][criterion]", "marks[0][value]", "safety"),
        ("marks[1][attempt]", "marks[1][criterion]", "marks[1][value]", "quality"),
        ("marks[2][attempt]", "marks[2][criterion]", "marks[2][value]", "time"),
    ];
    for ((a, c, v, code), value) in names.iter().zip(values) {
        args.push((a, "1"));
        args.push((c, code));
        args.push((v, value));
    }
    app.call(who, "submit_marks", &args).await
}

#[tokio::test]
async fn a_judge_marks_once_even_when_the_form_is_sent_twice_and_the_results_explain_it() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let (free, recused) = split(&pad(&app, &judge).await);
    assert_eq!((free.len(), recused.len()), (6, 1), "the demo judge shares a team with one contestant");
    // A contestant the chief judge has already marked (the demo's chief is recused from one).
    let mut target = String::new();
    for c in &free {
        if app.count(&format!("SELECT COUNT(*) FROM marks WHERE contestant_id = {c}")).await == 3 {
            target = c.clone();
            break;
        }
    }
    let free = [target];
    let events = app.count("SELECT COUNT(*) FROM round_events").await;
    let r = mark(&app, &judge, &free[0], "pad-1", ["90", "80.5", "70"]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events").await, events + 3);
    // The same submission again (a retry after a lost answer) records nothing more.
    let r = mark(&app, &judge, &free[0], "pad-1", ["90", "80.5", "70"]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events").await, events + 3);
    let stored = app.count(&format!("SELECT COUNT(*) FROM marks WHERE contestant_id = {}", free[0])).await;
    assert_eq!(stored, 6, "three marks from each of the two judges");

    let res = app.call(&judge, "round_results", &[("round", ROUND)]).await;
    assert!(res.ok(), "{res:?}");
    let row = res.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["score"]["contestant"].to_string() == free[0])
        .unwrap()
        .clone();
    let safety = &row["score"]["attempts"][0]["criteria"][0];
    assert_eq!(safety["criterion"], 0, "the first criterion of the scheme: safety");
    assert_eq!(safety["marks"].as_array().unwrap().len(), 2);
    assert!(row["score"]["complete"].as_bool().unwrap());
    assert!(row["rank"].as_u64().is_some());
    assert_eq!(res.body["chain_intact"], true);
    let rows = res.body["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["rank"].is_null()), "the judge has not scored everyone yet");
    assert!(rows.iter().all(|r| r["tier"].is_null()), "no awards until the whole field is ranked");
}

#[tokio::test]
async fn every_wrong_mark_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let (free, recused) = split(&pad(&app, &judge).await);
    let before = app.count("SELECT COUNT(*) FROM round_events").await;

    let r = mark(&app, &judge, &recused[0], "c1", ["90", "90", "90"]).await;
    assert_eq!(r.field_error(""), Some("err.mark.conflict".into()), "{r:?}");
    let r = mark(&app, &judge, &free[0], "c2", ["101", "90", "90"]).await;
    assert_eq!(r.field_error(&format!("mark-{}-1-safety", free[0])), Some("err.mark.range".into()), "{r:?}");
    let r = mark(&app, &judge, &free[0], "c3", ["90.3", "90", "90"]).await;
    assert_eq!(r.field_error(&format!("mark-{}-1-safety", free[0])), Some("err.mark.step".into()), "{r:?}");
    let r = mark(&app, &judge, &free[0], "c4", ["九十", "90", "90"]).await;
    assert_eq!(r.field_error(&format!("mark-{}-1-safety", free[0])), Some("err.mark.number".into()), "{r:?}");
    // Signing before every contestant is marked.
    let r = app.call(&judge, "sign_sheet", &[("round", ROUND)]).await;
    assert_eq!(r.field_error(""), Some("err.sheet.incomplete".into()), "{r:?}");

    // Not on the panel: an employee and a studio leader see nothing and mark nothing.
    for role in [Role::Employee, Role::StudioLeader] {
        let other = app.login_role(role).await;
        let r = app.call(&other, "judge_pad", &[("round", ROUND)]).await;
        assert_eq!(r.status, 403, "{role:?}");
        let r = mark(&app, &other, &free[0], "c5", ["90", "90", "90"]).await;
        assert_eq!(r.status, 403, "{role:?}");
        let r = app.call(&other, "round_results", &[("round", ROUND)]).await;
        assert_eq!(r.status, 403, "unpublished results are for the panel and admins ({role:?})");
    }

    // The chief judge signed in the demo: their sheet is locked.
    let chief = app.login_role(Role::ChiefJudge).await;
    let r = mark(&app, &chief, &free[0], "c6", ["80", "80", "80"]).await;
    assert_eq!(r.field_error(""), Some("err.sheet.signed".into()), "{r:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events").await, before, "nothing was recorded");
}

#[tokio::test]
async fn a_complete_sheet_is_signed_and_then_locked_for_its_judge() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let (free, _) = split(&pad(&app, &judge).await);
    for (i, c) in free.iter().enumerate() {
        let r = mark(&app, &judge, c, &format!("s{i}"), ["88", "87.5", "90"]).await;
        assert!(r.ok(), "{r:?}");
    }
    let r = app.call(&judge, "sign_sheet", &[("round", ROUND)]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(pad(&app, &judge).await["signed"], true);
    let r = mark(&app, &judge, &free[0], "late", ["10", "10", "10"]).await;
    assert_eq!(r.field_error(""), Some("err.sheet.signed".into()), "{r:?}");
    let res = app.call(&judge, "round_results", &[("round", ROUND)]).await;
    assert_eq!(res.body["signed_sheets"], 2);
    let rows = res.body["rows"].as_array().unwrap();
    let ranked = rows.iter().filter(|r| r["rank"].is_u64()).count();
    assert_eq!(ranked, 7, "every contestant fully scored by the judges not recused");
    // The demo's tiers (one first prize, two second, three third): the winner first, and a
    // better rank never gets a lower tier.
    let mut by_rank: Vec<(u64, u64)> =
        rows.iter().map(|r| (r["rank"].as_u64().unwrap(), r["tier"].as_u64().unwrap_or(9))).collect();
    by_rank.sort();
    assert_eq!(by_rank[0].1, 0, "{by_rank:?}");
    assert!(by_rank.windows(2).all(|w| w[0].1 <= w[1].1), "{by_rank:?}");
    assert!(by_rank.iter().filter(|r| r.1 <= 2).count() >= 6, "six places awarded (more on a tie): {by_rank:?}");
}

#[tokio::test]
async fn an_edit_of_the_stored_events_is_detected() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    // (Read before the edit, the page would trust what it verified for up to ten seconds and
    // then check everything again: `FULL_CHECK_EVERY`; `server verify` always checks everything.)
    app.pool
        .execute_unchecked(
            "UPDATE round_events SET body = REPLACE(body, '\"new\":\"92\"', '\"new\":\"99\"') WHERE round_id = 1 AND seq = 1",
        )
        .await
        .unwrap();
    let res = app.call(&judge, "round_results", &[("round", ROUND)]).await;
    assert_eq!(res.body["chain_intact"], false);
    assert_eq!(res.body["broken_at"], 1, "the page says where it broke");
    let (_, html, _) = app.get(&judge, "/rounds/1/results").await;
    assert!(html.contains("从第 1 条起"), "{html}");
    // `server verify` checks every round: this one broken at its first event, the others intact.
    let report = app::services::competitions::verify_all(&app.pool).await.unwrap();
    assert_eq!(report[0].0, 1);
    assert_eq!(report[0].1.as_ref().unwrap_err().seq(), 1);
    assert!(report[1..].iter().all(|(_, r)| r.is_ok()), "{report:?}");
}

/// The judge marks every contestant they may and signs; returns the ids they marked.
async fn judge_completes(app: &TestApp, judge: &Client, safety: &str) -> Vec<String> {
    let (free, _) = split(&pad(app, judge).await);
    for (i, c) in free.iter().enumerate() {
        let r = mark(app, judge, c, &format!("full{i}"), [safety, "87.5", "90"]).await;
        assert!(r.ok(), "{r:?}");
    }
    let r = app.call(judge, "sign_sheet", &[("round", ROUND)]).await;
    assert!(r.ok(), "{r:?}");
    free
}

#[tokio::test]
async fn the_chief_judge_decides_spreads_locks_and_publishes_and_nobody_else_can() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let chief = app.login_role(Role::ChiefJudge).await;
    let employee = app.login_role(Role::Employee).await;

    // Not every sheet signed.
    let r = app.call(&chief, "lock_round", &[("round", ROUND)]).await;
    assert_eq!(r.field_error(""), Some("err.round.unsigned".into()), "{r:?}");
    // Every contestant marked 60 on safety by the judge: far from the chief judge's 79–95.
    judge_completes(&app, &judge, "60").await;
    let res = app.call(&chief, "round_results", &[("round", ROUND)]).await;
    let alerts = res.body["alerts"].as_array().unwrap().clone();
    assert!(!alerts.is_empty());
    let r = app.call(&chief, "lock_round", &[("round", ROUND)]).await;
    assert_eq!(r.field_error(""), Some("err.round.spread".into()), "{r:?}");

    // Only the chief judge decides, and only with a reason.
    let a = &alerts[0];
    let (c, at, k) =
        (a["contestant"].to_string(), a["attempt"].to_string(), a["criterion"].as_str().unwrap().to_string());
    let args = |reason: &'static str| {
        vec![
            ("round", ROUND.to_string()),
            ("contestant", c.clone()),
            ("attempt", at.clone()),
            ("criterion", k.clone()),
            ("reason", reason.to_string()),
        ]
    };
    let call = |who: &Client, reason: &'static str| {
        let a = args(reason);
        let who = who.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&who, "override_spread", &pairs).await
        }
    };
    assert_eq!(call(&judge, "复核无误").await.status, 403);
    assert_eq!(call(&employee, "复核无误").await.status, 403);
    assert_eq!(call(&chief, "").await.field_error("reason"), Some("err.reason.required".into()));
    for a in &alerts {
        let pairs = [
            ("round", ROUND.to_string()),
            ("contestant", a["contestant"].to_string()),
            ("attempt", a["attempt"].to_string()),
            ("criterion", a["criterion"].as_str().unwrap().to_string()),
            ("reason", "两位评委复核，均确认原评分".to_string()),
        ];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.call(&chief, "override_spread", &pairs).await;
        assert!(r.ok(), "{r:?}");
    }
    assert_eq!(app.call(&judge, "lock_round", &[("round", ROUND)]).await.status, 403, "a judge who is not chief");
    let r = app.call(&chief, "lock_round", &[("round", ROUND)]).await;
    assert!(r.ok(), "{r:?}");
    let r = app
        .call(&chief, "add_deduction", &[("round", ROUND), ("contestant", &c), ("points", "1"), ("reason", "迟到")])
        .await;
    assert_eq!(r.field_error(""), Some("err.round.locked".into()), "nothing changes after the lock");

    // Published by the chief judge (not by a judge), then open to everyone.
    assert_eq!(app.call(&employee, "round_results", &[("round", ROUND)]).await.status, 403);
    assert_eq!(app.call(&judge, "publish_round", &[("round", ROUND)]).await.status, 403);
    let r = app.call(&chief, "publish_round", &[("round", ROUND)]).await;
    assert!(r.ok(), "{r:?}");
    let res = app.call(&employee, "round_results", &[("round", ROUND)]).await;
    assert!(res.ok(), "{res:?}");
    assert_eq!(res.body["published"], true);
    assert_eq!(res.body["chain_intact"], true);
    let r = app.call(&chief, "publish_round", &[("round", ROUND)]).await;
    assert_eq!(r.field_error(""), Some("err.round.published".into()));
}

#[tokio::test]
async fn the_chief_judge_reopens_a_sheet_and_deducts_with_reasons() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let chief = app.login_role(Role::ChiefJudge).await;
    let free = judge_completes(&app, &judge, "88").await;
    let res = app.call(&chief, "round_results", &[("round", ROUND)]).await;
    let judge_person = res.body["judges"].as_array().unwrap().iter().find(|j| j[1] == "赵敏").unwrap()[0].to_string();
    let r = app.call(&chief, "reopen_sheet", &[("round", ROUND), ("judge", &judge_person), ("reason", "")]).await;
    assert_eq!(r.field_error("reason"), Some("err.reason.required".into()));
    let r = app
        .call(&chief, "reopen_sheet", &[("round", ROUND), ("judge", &judge_person), ("reason", "第二名安全分笔误")])
        .await;
    assert!(r.ok(), "{r:?}");
    let r = mark(&app, &judge, &free[1], "fix", ["89", "87.5", "90"]).await;
    assert!(r.ok(), "the reopened sheet takes a correction: {r:?}");

    let before = app.call(&chief, "round_results", &[("round", ROUND)]).await;
    let exact = |res: &Reply, c: &str| {
        res.body["rows"].as_array().unwrap().iter().find(|r| r["score"]["contestant"].to_string() == c).unwrap()
            ["score"]["exact"]
            .as_str()
            .unwrap()
            .parse::<app::domain::exact::Exact>()
            .unwrap()
    };
    let r = app
        .call(&chief, "add_deduction", &[("round", ROUND), ("contestant", &free[1]), ("points", "0"), ("reason", "x")])
        .await;
    assert_eq!(r.field_error("points"), Some("err.deduction.points".into()), "{r:?}");
    let r = app
        .call(
            &chief,
            "add_deduction",
            &[("round", ROUND), ("contestant", &free[1]), ("points", "2.5"), ("reason", "未戴绝缘手套")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let after = app.call(&chief, "round_results", &[("round", ROUND)]).await;
    assert_eq!(exact(&before, &free[1]).sub(exact(&after, &free[1])), "2.5".parse().unwrap());
    let r = app
        .call(
            &judge,
            "add_deduction",
            &[("round", ROUND), ("contestant", &free[1]), ("points", "1"), ("reason", "迟到")],
        )
        .await;
    assert_eq!(r.status, 403, "only the chief judge deducts");
}

/// A phone back online sends its queued cards at once: concurrent submissions all land.
#[tokio::test]
async fn concurrent_submissions_all_land() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let (free, _) = split(&pad(&app, &judge).await);
    let before = app.count("SELECT COUNT(*) FROM round_events").await;
    let m = |i: usize| mark(&app, &judge, &free[i], ["burst0", "burst1", "burst2", "burst3"][i], ["88", "87.5", "90"]);
    let (a, b, c, d) = tokio::join!(m(0), m(1), m(2), m(3));
    for r in [a, b, c, d] {
        assert!(r.ok(), "{r:?}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events").await, before + 12);
}

/// The Excel export says what the results page says, to the last decimal, and only to those who
/// may see the page.
#[tokio::test]
async fn the_excel_export_matches_the_results_and_is_guarded_like_them() {
    use calamine::{Reader, Xlsx};
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let employee = app.login_role(Role::Employee).await;
    let get = |who: &Client| who.get(format!("{}/rounds/1/results.xlsx", app.base)).send();
    assert_eq!(get(&employee).await.unwrap().status(), 403, "unpublished results");
    assert_eq!(get(&app.client()).await.unwrap().status(), 401);
    let res = app.call(&judge, "round_results", &[("round", ROUND)]).await;
    let bytes = get(&judge).await.unwrap().bytes().await.unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(names, vec!["成绩".to_string(), "评分明细".to_string()]);
    let results = book.worksheet_range(&names[0]).unwrap();
    let rows: Vec<_> = results.rows().skip(1).collect();
    let expected = res.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(expected) {
        assert_eq!(row[1].to_string(), want["name"].as_str().unwrap());
        if want["score"]["complete"].as_bool().unwrap() {
            let published: app::domain::exact::Exact = want["score"]["published"].as_str().unwrap().parse().unwrap();
            assert_eq!(row[6].to_string(), published.to_fixed(2));
        }
    }
    let marks = book.worksheet_range(&names[1]).unwrap();
    assert_eq!(
        marks.rows().count() - 1,
        app.count("SELECT COUNT(*) FROM marks WHERE round_id = 1").await as usize,
        "every mark, once"
    );
}

#[tokio::test]
async fn the_big_screen_is_open_for_a_public_competition_and_follows_the_round_live() {
    let app = spawn_app().await;
    let visitor = app.client();
    // Demo competition 1 is public: no sign-in for its screen; the drill (round 3) is not.
    let (status, html, _) = app.get(&visitor, "/rounds/1/screen").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-live=\"/rounds/1/live\""), "{html}");
    assert!(html.contains("实时成绩"), "provisional until published");
    let (status, _, headers) = app.get(&visitor, "/rounds/3/screen").await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers.get("location").unwrap(), "/login");
    let closed = visitor.get(format!("{}/rounds/3/live", app.base)).send().await.unwrap();
    assert_eq!(closed.status(), 401);
    let guest = app.login_role(Role::GuestJudge).await;
    let refused = guest.get(format!("{}/rounds/3/live", app.base)).send().await.unwrap();
    assert_eq!(refused.status(), 403, "a guest judge is not one of the organisation's people");

    let mut feed = visitor.get(format!("{}/rounds/1/live", app.base)).send().await.unwrap();
    assert_eq!(feed.status(), 200);
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let judge = app.login_role(Role::Judge).await;
    let (free, _) = split(&pad(&app, &judge).await);
    let sent = std::time::Instant::now();
    let r = mark(&app, &judge, &free[0], "live-1", ["80", "81", "82"]).await;
    assert!(r.ok(), "{r:?}");
    let mut seen = String::new();
    while !seen.contains("event: change") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(3), feed.chunk())
            .await
            .expect("a change within the timeout")
            .unwrap()
            .expect("the feed stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(sent.elapsed() < std::time::Duration::from_secs(1), "{:?}", sent.elapsed());
    let now = app.count("SELECT MAX(seq) FROM round_events WHERE round_id = 1").await;
    assert!(seen.contains(&format!("data: {now}")), "the round's new version: {seen}");
}

#[tokio::test]
async fn a_judges_sheet_prints_for_the_judge_and_the_organiser_only() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let (me, chief) = (app.person_id("judge").await.to_string(), app.person_id("chief").await.to_string());
    let own = app.call(&judge, "judge_sheet", &[("round", ROUND), ("judge", &me)]).await;
    assert!(own.ok(), "{own:?}");
    assert_eq!(own.body[0], "赵敏");
    let other = app.call(&judge, "judge_sheet", &[("round", ROUND), ("judge", &chief)]).await;
    assert_eq!(other.status, 403);
    let admin = app.login_role(Role::UnionAdmin).await;
    let r = app.call(&admin, "judge_sheet", &[("round", ROUND), ("judge", &chief)]).await;
    assert!(r.ok(), "{r:?}");
    let signed = r.body[1]["contestants"].as_array().unwrap().iter().filter(|c| c["done"] == true).count();
    assert_eq!(signed, 6, "the chief judge's sheet carries their marks");
    let (_, html, _) = app.get(&admin, &format!("/rounds/1/sheets/{chief}")).await;
    assert!(html.contains("评委签字") && html.contains("周国平"), "{html}");
    let emp = app.login_role(Role::Employee).await;
    let (_, html, _) = app.get(&emp, &format!("/rounds/1/sheets/{chief}")).await;
    assert!(!html.contains("评委签字"));
}

#[tokio::test]
async fn published_results_are_corrected_only_with_a_reason_and_the_correction_shows() {
    let app = spawn_app().await;
    // Demo round 2 is published; the demo chief judge chairs it.
    let chief = app.login_role(Role::ChiefJudge).await;
    let emp = app.login_role(Role::Employee).await;
    assert_eq!(app.call(&emp, "correct_round", &[("round", "2"), ("reason", "录入有误")]).await.status, 403);
    let blank = app.call(&chief, "correct_round", &[("round", "2"), ("reason", " ")]).await;
    assert_eq!(blank.field_error("reason").as_deref(), Some("err.reason.required"));
    assert_eq!(app.count("SELECT COUNT(*) FROM rounds WHERE id = 2 AND published_at IS NOT NULL").await, 1);
    let r = app.call(&chief, "correct_round", &[("round", "2"), ("reason", "第3号选手复电时间登记有误")]).await;
    assert!(r.ok(), "{r:?}");
    let res = app.call(&chief, "round_results", &[("round", "2")]).await.body;
    assert_eq!((res["published"].as_bool(), res["locked"].as_bool()), (Some(false), Some(false)));
    assert_eq!(res["corrections"][0][0], "第3号选手复电时间登记有误");
    assert_eq!(res["chain_intact"], true);
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events WHERE round_id = 2 AND kind = 'correct'").await, 1);
    let again = app.call(&chief, "correct_round", &[("round", "2"), ("reason", "再次更正")]).await;
    assert_eq!(again.field_error("reason").as_deref(), Some("err.round.not_published"));
    // Locked and published again, the correction stays on the page for everyone.
    assert!(app.call(&chief, "lock_round", &[("round", "2")]).await.ok());
    assert!(app.call(&chief, "publish_round", &[("round", "2")]).await.ok());
    let (_, html, _) = app.get(&emp, "/rounds/2/results").await;
    assert!(html.contains("公布后有更正") && html.contains("复电时间登记有误"), "{html}");
}

#[tokio::test]
async fn difficulty_coefficients_multiply_the_attempt_and_are_recorded() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let before = app.call(&admin, "round_results", &[("round", ROUND)]).await.body;
    let row = before["rows"].as_array().unwrap().iter().find(|r| r["score"]["complete"] == true).unwrap().clone();
    let c = row["score"]["contestant"].as_i64().unwrap().to_string();
    let value = |v: &'static str| {
        vec![
            ("round", ROUND),
            ("values[0][contestant]", c.as_str()),
            ("values[0][attempt]", "1"),
            ("values[0][value]", v),
        ]
    };
    let bad = app.call(&admin, "set_difficulties", &value("-1")).await;
    assert_eq!(bad.field_error(&format!("difficulty-{c}-1")).as_deref(), Some("err.difficulty.invalid"));
    let emp = app.login_role(Role::Employee).await;
    assert_eq!(app.call(&emp, "set_difficulties", &value("2")).await.status, 403);
    let events = app.count("SELECT COUNT(*) FROM round_events WHERE round_id = 1").await;
    let r = app.call(&admin, "set_difficulties", &value("2")).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events WHERE round_id = 1").await, events + 1);
    // The same value again records nothing.
    assert!(app.call(&admin, "set_difficulties", &value("2.0")).await.ok());
    assert_eq!(app.count("SELECT COUNT(*) FROM round_events WHERE round_id = 1").await, events + 1);
    let after = app.call(&admin, "round_results", &[("round", ROUND)]).await.body;
    let moved = after["rows"].as_array().unwrap().iter().find(|r| r["score"]["contestant"].to_string() == c).unwrap();
    let (old, new): (app::domain::exact::Exact, app::domain::exact::Exact) = (
        row["score"]["published"].as_str().unwrap().parse().unwrap(),
        moved["score"]["published"].as_str().unwrap().parse().unwrap(),
    );
    assert_eq!(new, old.mul(app::domain::exact::Exact::int(2)), "the attempt's score doubles");
}
