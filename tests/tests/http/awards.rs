//! Awards: prizes per tier into the rewards ledger, points and titles, team rosters, and the
//! results made final.

use app::domain::roles::Role;
use ciw_tests::*;
use serde_json::Value;

/// The demo's finished event (competition 2): one published round, six contestants, tiers 1 / 1 / 2.
const FINISHED: &str = "2";
/// The demo's event in progress (competition 1).
const RUNNING: &str = "1";

fn prize_args<'a>(event: &'a str, rows: &'a [[&'a str; 3]]) -> Vec<(String, String)> {
    let mut args = vec![("event".to_string(), event.to_string())];
    for (i, [yuan, title, points]) in rows.iter().enumerate() {
        args.push((format!("prizes[{i}][yuan]"), yuan.to_string()));
        args.push((format!("prizes[{i}][title]"), title.to_string()));
        args.push((format!("prizes[{i}][points]"), points.to_string()));
    }
    args
}

async fn set_prizes(app: &TestApp, who: &reqwest::Client, event: &str, rows: &[[&str; 3]]) -> Reply {
    let args = prize_args(event, rows);
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call(who, "set_prizes", &borrowed).await
}

fn prize_lines(ledger: &Value) -> Vec<&Value> {
    ledger["lines"].as_array().unwrap().iter().filter(|l| l["kind"] == "competition.prize").collect()
}

const PRIZES: [[&str; 3]; 3] = [["3000", "技术能手", "50"], ["1,500.50", "", "30"], ["100", "", ""]];

#[tokio::test]
async fn confirmed_awards_pay_each_tier_into_the_ledger_and_make_the_results_final() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    let res = app.call(&emp, "event_results", &[("event", FINISHED)]).await.body;
    assert_eq!(res["tiers"], 3);
    assert_eq!(res["is_final"], true);
    let tiers: Vec<Option<u64>> = res["rows"].as_array().unwrap().iter().map(|r| r["tier"].as_u64()).collect();
    assert_eq!(tiers, [Some(0), Some(1), Some(2), Some(2), None, None], "tiers by count 1 / 1 / 2");

    // Not before the prizes are set (the demo sets them: cleared here); a bad cell is named and
    // nothing is saved.
    app.execute("UPDATE competition_events SET prizes = '[]' WHERE id = 2").await;
    let early = app.call(&admin, "confirm_awards", &[("event", FINISHED)]).await;
    assert_eq!(early.field_error("").as_deref(), Some("err.awards.no_prizes"));
    let bad = set_prizes(&app, &admin, FINISHED, &[["-5", "", ""], ["1", "", "x"], ["", "", ""]]).await;
    assert_eq!(bad.field_error("prizes[0][yuan]").as_deref(), Some("err.money.negative"));
    assert_eq!(bad.field_error("prizes[1][points]").as_deref(), Some("err.prize.points"));
    let short = set_prizes(&app, &admin, FINISHED, &PRIZES[..2]).await;
    assert_eq!(short.field_error("prizes").as_deref(), Some("err.prize.tiers"));
    assert_eq!(app.call(&emp, "event_results", &[("event", FINISHED)]).await.body["prizes"], Value::Array(vec![]));

    let r = set_prizes(&app, &admin, FINISHED, &PRIZES).await;
    assert!(r.ok(), "{r:?}");
    let r = app.call(&admin, "confirm_awards", &[("event", FINISHED)]).await;
    assert!(r.ok(), "{r:?}");

    // Four people placed: the ledger has a pending line each, exact to the fen.
    let fen =
        |n: i64| format!("SELECT amount_fen FROM payouts WHERE event_id = 2 ORDER BY amount_fen LIMIT 1 OFFSET {n}");
    let mut paid = Vec::new();
    for n in 0..4 {
        paid.push(app.count(&fen(n)).await);
    }
    assert_eq!(paid, [10_000, 10_000, 150_050, 300_000]);
    assert_eq!(app.count("SELECT COUNT(*) FROM payouts WHERE event_id = 2 AND status = 'pending'").await, 4);
    let winner = app.count("SELECT person_id FROM payouts WHERE event_id = 2 AND amount_fen = 300000").await;
    let winner = app.text(&format!("SELECT username FROM people WHERE id = {winner}")).await;
    let ledger = app.call(&admin, "ledger", &[("filter[person]", &winner)]).await.body;
    let lines = prize_lines(&ledger);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["source"]["Event"]["id"], 2);
    assert_eq!(lines[0]["inputs"]["place"], 1);
    // Points per placing, naming the event; the awards list with the title.
    assert_eq!(
        app.count(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points WHERE source_type = 'event' AND source_id = 2"
        )
        .await,
        80
    );
    let res = app.call(&emp, "event_results", &[("event", FINISHED)]).await.body;
    assert_eq!(res["awarded"], true);
    let awards = res["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 4);
    assert_eq!((awards[0]["place"].as_i64(), awards[0]["title"].as_str()), (Some(1), Some("技术能手")));
    assert!(awards.iter().all(|a| a["prize_fen"].is_null()), "a person's prize money is theirs and the admins' to see");
    let seen = app.call(&admin, "event_results", &[("event", FINISHED)]).await.body;
    assert_eq!(seen["awards"][0]["prize_fen"], 300000);
    let (_, html, _) = app.get(&admin, "/events/2/results").await;
    assert!(html.contains("技术能手") && html.contains("3,000.00"), "the awards show on the results page");
    let (_, html, _) = app.get(&admin, &format!("/rewards?person={winner}")).await;
    assert!(html.contains("竞赛奖金") && html.contains("第 1 名"), "the ledger names the source and place");

    // Final: no second confirmation, no new prizes, no correction.
    let again = app.call(&admin, "confirm_awards", &[("event", FINISHED)]).await;
    assert_eq!(again.field_error("").as_deref(), Some("err.awards.done"));
    let change = set_prizes(&app, &admin, FINISHED, &PRIZES).await;
    assert_eq!(change.field_error("prizes").as_deref(), Some("err.awards.done"));
    let fix = app.call(&admin, "correct_round", &[("round", "2"), ("reason", "录入错误")]).await;
    assert_eq!(fix.field_error("reason").as_deref(), Some("err.awards.final"));
    assert_eq!(app.count("SELECT COUNT(*) FROM payouts WHERE event_id = 2").await, 4, "nothing paid twice");
}

#[tokio::test]
async fn only_union_admins_award_and_only_when_every_round_is_published() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    for role in [Role::Employee, Role::TeamLead, Role::ChiefJudge, Role::GuestJudge] {
        let who = app.login_role(role).await;
        assert_eq!(set_prizes(&app, &who, FINISHED, &PRIZES).await.status, 403, "{role:?} sets no prizes");
        assert_eq!(app.call(&who, "confirm_awards", &[("event", FINISHED)]).await.status, 403, "{role:?}");
    }
    let res = app.call(&admin, "event_results", &[("event", RUNNING)]).await.body;
    let n = res["tiers"].as_u64().unwrap() as usize;
    assert!(set_prizes(&app, &admin, RUNNING, &PRIZES[..n]).await.ok());
    let r = app.call(&admin, "confirm_awards", &[("event", RUNNING)]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.awards.not_final"));
    assert_eq!(app.count("SELECT COUNT(*) FROM awards").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM payouts WHERE event_id IS NOT NULL").await, 0);
}

#[tokio::test]
async fn a_team_prize_is_split_among_its_members_by_share() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    // The finished event as a team event: each contestant stands for a team.
    app.execute("UPDATE competition_events SET entry = 'team' WHERE id = 2").await;
    assert!(set_prizes(&app, &admin, FINISHED, &PRIZES).await.ok());
    let r = app.call(&admin, "confirm_awards", &[("event", FINISHED)]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.awards.no_members"), "a placed team needs its members");

    let res = app.call(&admin, "event_results", &[("event", FINISHED)]).await.body;
    let first = res["rows"][0]["name"].as_str().unwrap().to_string();
    let winner = app.count(&format!(
        "SELECT k.id FROM contestants k JOIN people p ON p.id = k.person_id WHERE k.event_id = 2 AND p.display_name = '{first}'"
    ))
    .await
    .to_string();
    // An organiser sets the roster (or the team's lead); an employee may not.
    let emp = app.login_role(Role::Employee).await;
    assert_eq!(app.call(&emp, "set_members", &[("contestant", &winner), ("members", "e100040")]).await.status, 403);
    let unknown = app.call(&admin, "set_members", &[("contestant", &winner), ("members", "e100040\nnobody")]).await;
    let field = format!("members-{winner}");
    assert_eq!(unknown.field_error(&field).as_deref(), Some("err.roster.unknown"));
    let weight = app.call(&admin, "set_members", &[("contestant", &winner), ("members", "e100040:0")]).await;
    assert_eq!(weight.field_error(&field).as_deref(), Some("err.roster.weight"));
    // A judge of the event never stands in a team.
    let judge = app.call(&admin, "set_members", &[("contestant", &winner), ("members", "chief")]).await;
    assert_eq!(judge.field_error(&field).as_deref(), Some("err.roster.judge"));
    assert!(app.call(&admin, "set_members", &[("contestant", &winner), ("members", "e100040, e100041:2")]).await.ok());
    // Every other placed team gets one member: its lead.
    let placed = app.count("SELECT COUNT(*) FROM contestants WHERE event_id = 2").await;
    assert_eq!(placed, 6);
    let mut other_login = String::new();
    for n in 0..placed {
        let k =
            app.count(&format!("SELECT id FROM contestants WHERE event_id = 2 ORDER BY id LIMIT 1 OFFSET {n}")).await;
        if k.to_string() == winner {
            continue;
        }
        let person = app.count(&format!("SELECT person_id FROM contestants WHERE id = {k}")).await;
        let login = app.call(&admin, "get_person", &[("id", &person.to_string())]).await.body["username"]
            .as_str()
            .unwrap()
            .to_string();
        let r = app.call(&admin, "set_members", &[("contestant", &k.to_string()), ("members", &login)]).await;
        assert!(r.ok(), "{r:?}");
        other_login = login;
    }
    // A person in two teams is refused.
    let twice = app
        .call(&admin, "set_members", &[("contestant", &winner), ("members", &format!("e100040\n{other_login}"))])
        .await;
    assert_eq!(twice.field_error(&field).as_deref(), Some("err.roster.elsewhere"));

    let r = app.call(&admin, "confirm_awards", &[("event", FINISHED)]).await;
    assert!(r.ok(), "{r:?}");
    // ¥3,000 split 1 : 2 exactly; each member gets the title and the points.
    let e40 = app.person_id("e100040").await;
    let e41 = app.person_id("e100041").await;
    let paid = |p: i64| format!("SELECT amount_fen FROM payouts WHERE event_id = 2 AND person_id = {p}");
    assert_eq!(app.count(&paid(e40)).await, 100_000);
    assert_eq!(app.count(&paid(e41)).await, 200_000);
    assert_eq!(
        app.count("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM payouts WHERE event_id = 2").await,
        300_000 + 150_050 + 20_000
    );
    let titled = format!("SELECT COUNT(*) FROM awards WHERE title = '技术能手' AND person_id IN ({e40}, {e41})");
    assert_eq!(app.count(&titled).await, 2);
    let points = format!(
        "SELECT CAST(SUM(points) AS BIGINT) FROM points WHERE source_type = 'event' AND person_id IN ({e40}, {e41})"
    );
    assert_eq!(app.count(&points).await, 100);
    // Rosters are fixed with the awards.
    let late = app.call(&admin, "set_members", &[("contestant", &winner), ("members", "e100042")]).await;
    assert_eq!(late.field_error(&field).as_deref(), Some("err.awards.done"));
    // Nor may a round be added to an event whose awards are given.
    let more = app.call(&admin, "add_round", &[("event", FINISHED), ("name", "加赛")]).await;
    assert_eq!(more.field_error("name").as_deref(), Some("err.awards.done"));
}
