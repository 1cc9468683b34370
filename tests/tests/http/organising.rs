//! Organising competitions over HTTP: a competition, its events and rounds, the scheme editor (its
//! checks and its freeze), panels and guest judges, registration with its window, eligibility and
//! approval, and the draw that anyone can check.

use app::domain::roles::Role;
use ciw_tests::*;
use reqwest::Client;

/// The demo: competition 1 is being judged (round 1 has marks), 2 is finished, 3 is open for
/// registration (event 3, rounds 3 and 4).
const OPEN_EVENT: &str = "3";

async fn new_competition(app: &TestApp, admin: &Client, name: &str, opens: &str, closes: &str) -> i64 {
    let r = app
        .call(
            admin,
            "create_competition",
            &[("name", name), ("kind", "skill"), ("owner", "union"), ("opens", opens), ("closes", closes)],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    app.count(&format!("SELECT id FROM competitions WHERE name = '{name}'")).await
}

async fn new_event(app: &TestApp, admin: &Client, competition: i64, name: &str) -> i64 {
    let c = competition.to_string();
    let r = app
        .call(
            admin,
            "add_event",
            &[
                ("competition", &c),
                ("draft[name]", name),
                ("draft[entry]", "individual"),
                ("draft[combine]", "sum"),
                ("draft[tier_by]", "count"),
                ("draft[tiers][0]", "1"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    app.count(&format!("SELECT id FROM competition_events WHERE competition_id = {competition} AND name = '{name}'"))
        .await
}

fn scheme_args<'a>(round: &'a str, step: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("round", round),
        ("draft[attempts]", "1"),
        ("draft[aggregate]", "trimmed_mean"),
        ("draft[trim]", "1"),
        ("draft[factor]", "1"),
        ("draft[decimals]", "2"),
        ("draft[rounding]", "half_up"),
        ("draft[max_spread]", "2"),
        ("draft[criteria][0][code]", "skill"),
        ("draft[criteria][0][name]", "操作技能"),
        ("draft[criteria][0][kind]", "scale"),
        ("draft[criteria][0][max]", "10"),
        ("draft[criteria][0][weight]", "1"),
        ("draft[criteria][0][min]", "0"),
        ("draft[criteria][0][step]", step),
        ("draft[criteria][1][code]", ""),
        ("draft[criteria][1][name]", ""),
    ]
}

#[tokio::test]
async fn an_organiser_sets_up_a_round_with_its_scheme_and_panel() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let c = new_competition(&app, &admin, "2027年继电保护技能竞赛", "2027-01-01", "2027-01-31").await;
    let dup = app
        .call(
            &admin,
            "create_competition",
            &[
                ("name", "2027年继电保护技能竞赛"),
                ("kind", "skill"),
                ("owner", "union"),
                ("opens", "2027-01-01"),
                ("closes", "2027-01-31"),
            ],
        )
        .await;
    assert_eq!(dup.field_error("name").as_deref(), Some("err.comp.name_taken"));
    let backwards = app
        .call(
            &admin,
            "create_competition",
            &[
                ("name", "倒序"),
                ("kind", "skill"),
                ("owner", "union"),
                ("opens", "2027-02-01"),
                ("closes", "2027-01-01"),
            ],
        )
        .await;
    assert_eq!(backwards.field_error("closes").as_deref(), Some("err.comp.window_order"));

    let e = new_event(&app, &admin, c, "保护校验").await;
    let r = app.call(&admin, "add_round", &[("event", &e.to_string()), ("name", "决赛")]).await;
    assert!(r.ok(), "{r:?}");
    let round = app.count(&format!("SELECT id FROM rounds WHERE event_id = {e}")).await.to_string();
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM scheme_versions WHERE round_id = {round}")).await, 1);

    // A step the maximum cannot be reached by is refused beside its cell, and nothing is saved.
    let bad = app.call(&admin, "save_scheme", &scheme_args(&round, "0.3")).await;
    assert_eq!(bad.field_error("criteria[0][step]").as_deref(), Some("err.scheme.step_fit"), "{bad:?}");
    assert_eq!(app.count(&format!("SELECT scheme_version FROM rounds WHERE id = {round}")).await, 1);
    // Trimming one from each end needs at least three judges: with one on the panel, refused.
    let r = app.call(&admin, "add_judge", &[("round", &round), ("who", "chief"), ("chief", "on")]).await;
    assert!(r.ok(), "{r:?}");
    let small = app.call(&admin, "save_scheme", &scheme_args(&round, "0.5")).await;
    assert_eq!(small.field_error("trim").as_deref(), Some("err.scheme.panel_small"), "{small:?}");
    for who in ["judge", "e100040"] {
        let r = app.call(&admin, "add_judge", &[("round", &round), ("who", who)]).await;
        assert!(r.ok(), "{who}: {r:?}");
    }
    let ok = app.call(&admin, "save_scheme", &scheme_args(&round, "0.5")).await;
    assert!(ok.ok(), "{ok:?}");
    let setup = app.call(&admin, "round_setup", &[("round", &round)]).await.body;
    assert_eq!(setup["version"], 2);
    assert_eq!(setup["draft"]["aggregate"], "trimmed_mean");
    assert_eq!(setup["draft"]["criteria"].as_array().unwrap().len(), 1, "the empty row is left out");
    assert_eq!(setup["versions"].as_array().unwrap().len(), 2);

    // Panel rules: nobody twice, one chief, unknown people named.
    let twice = app.call(&admin, "add_judge", &[("round", &round), ("who", "judge")]).await;
    assert_eq!(twice.field_error("who").as_deref(), Some("err.panel.already"));
    let chief2 = app.call(&admin, "add_judge", &[("round", &round), ("who", "studio"), ("chief", "on")]).await;
    assert_eq!(chief2.field_error("chief").as_deref(), Some("err.panel.one_chief"));
    let nobody = app.call(&admin, "add_judge", &[("round", &round), ("who", "nobody-here")]).await;
    assert_eq!(nobody.field_error("who").as_deref(), Some("err.person.unknown"));
    // Taking one off would leave two judges, too few to trim: refused.
    let e40 = app.person_id("e100040").await.to_string();
    let off = app.call(&admin, "remove_judge", &[("round", &round), ("person", &e40)]).await;
    assert_eq!(off.field_error("person").as_deref(), Some("err.scheme.panel_small"), "{off:?}");

    // The wrong role is refused everything here.
    let lead = app.login_role(Role::TeamLead).await;
    assert_eq!(app.call(&lead, "save_scheme", &scheme_args(&round, "0.5")).await.status, 403);
    assert_eq!(app.call(&lead, "add_judge", &[("round", &round), ("who", "teamlead")]).await.status, 403);
    assert_eq!(app.call(&lead, "round_setup", &[("round", &round)]).await.status, 403);
}

#[tokio::test]
async fn a_scheme_is_frozen_once_marking_begins() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    // Demo round 1 has marks.
    let before = app.count("SELECT scheme_version FROM rounds WHERE id = 1").await;
    let r = app.call(&admin, "save_scheme", &scheme_args("1", "0.5")).await;
    assert_eq!(r.field_error("scheme").as_deref(), Some("err.scheme.frozen"), "{r:?}");
    assert_eq!(app.count("SELECT scheme_version FROM rounds WHERE id = 1").await, before);
    assert_eq!(app.call(&admin, "round_setup", &[("round", "1")]).await.body["frozen"], true);
    // A judge with marks stays on the panel.
    let judge = app.person_id("judge").await.to_string();
    let r = app.call(&admin, "remove_judge", &[("round", "1"), ("person", &judge)]).await;
    assert_eq!(r.field_error("person").as_deref(), Some("err.panel.has_marks"));
}

#[tokio::test]
async fn a_guest_judge_can_judge_and_do_nothing_else() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let r = app
        .call(
            &admin,
            "add_guest_judge",
            &[
                ("round", "1"),
                ("display_name", "孙卫东"),
                ("username", "sunwd"),
                ("password", "guest2026x"),
                ("affiliation", "华东电力设计院"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let taken = app
        .call(
            &admin,
            "add_guest_judge",
            &[("round", "1"), ("display_name", "重名"), ("username", "sunwd"), ("password", "guest2026x")],
        )
        .await;
    assert_eq!(taken.field_error("username").as_deref(), Some("err.username.taken"));
    let guest = app.login_as("sunwd", "guest2026x").await;
    let me = app.whoami(&guest).await;
    assert_eq!(me["roles"], serde_json::json!(["GuestJudge"]));
    let panels = app.call(&guest, "my_panels", &[]).await;
    assert!(panels.ok(), "{panels:?}");
    assert!(panels.body.as_array().unwrap().iter().any(|p| p["round_id"] == 1));
    let pad = app.call(&guest, "judge_pad", &[("round", "1")]).await;
    assert!(pad.ok(), "{pad:?}");
    // From outside the organisation, nobody is their team: no conflicts.
    assert!(pad.body["contestants"].as_array().unwrap().iter().all(|c| c["conflicted"] == false));
    // Published results of a round they do not judge are not theirs to read either.
    assert_eq!(app.call(&guest, "round_results", &[("round", "2")]).await.status, 403);
    assert_eq!(app.call(&guest, "round_results", &[("round", "1")]).await.status, 200, "their own panel's");
    for (endpoint, args) in [
        ("org_departments", vec![("q", ""), ("page", "1")]),
        ("find_teams", vec![("q", "变电")]),
        ("project_feed", vec![]),
        ("list_studios", vec![]),
        ("list_competitions", vec![("page", "1")]),
        ("get_competition", vec![("id", "1")]),
    ] {
        assert_eq!(app.call(&guest, endpoint, &args).await.status, 403, "{endpoint}");
    }
    let (_, html, _) = app.get(&guest, "/directory").await;
    assert!(html.contains("您没有权限"), "the directory is not for guests");
    let (_, html, _) = app.get(&guest, "/").await;
    assert!(html.contains("data-section=\"nav.judging\"") && !html.contains("data-section=\"nav.projects\""));
}

#[tokio::test]
async fn registration_follows_the_window_eligibility_and_approval() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    let lead = app.login_role(Role::TeamLead).await;

    // The demo drill is open: an employee enters, once; the entry waits for approval.
    let r = app.call(&emp, "register_entry", &[("event", OPEN_EVENT)]).await;
    assert!(r.ok(), "{r:?}");
    let again = app.call(&emp, "register_entry", &[("event", OPEN_EVENT)]).await;
    assert_eq!(again.field_error("person").as_deref(), Some("err.comp.already_entered"));
    let me = app.person_id("employee").await;
    let entry = app.count(&format!("SELECT id FROM contestants WHERE event_id = 3 AND person_id = {me}")).await;
    let status = |id: i64| format!("SELECT COUNT(*) FROM contestants WHERE id = {id} AND status = 'pending'");
    assert_eq!(app.count(&status(entry)).await, 1);
    // Nobody but an organiser approves; the employee may withdraw their own.
    let e = entry.to_string();
    assert_eq!(app.call(&emp, "set_entry", &[("contestant", &e), ("status", "approved")]).await.status, 403);
    assert_eq!(
        app.call(&lead, "event_entries", &[("event", OPEN_EVENT), ("status", "pending"), ("page", "1")]).await.status,
        403
    );
    let list = app.call(&admin, "event_entries", &[("event", OPEN_EVENT), ("status", "pending"), ("page", "1")]).await;
    assert!(list.body["rows"].as_array().unwrap().iter().any(|r| r["id"] == entry), "{list:?}");
    let r = app.call(&admin, "set_entry", &[("contestant", &e), ("status", "approved")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM contestants WHERE id = {entry} AND status = 'approved'")).await,
        1
    );

    // A team lead enters a member of their own team, not someone else's.
    let mine = app.count("SELECT MIN(p.id) FROM people p JOIN people l ON l.team_id = p.team_id WHERE l.username = 'teamlead' AND p.username LIKE 'e1%' AND p.id NOT IN (SELECT person_id FROM contestants WHERE event_id = 3)").await;
    let other = app.count("SELECT MIN(p.id) FROM people p JOIN people l ON l.team_id <> p.team_id WHERE l.username = 'teamlead' AND p.username LIKE 'e1%'").await;
    let r = app.call(&lead, "register_entry", &[("event", OPEN_EVENT), ("person", &mine.to_string())]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(
        app.call(&lead, "register_entry", &[("event", OPEN_EVENT), ("person", &other.to_string())]).await.status,
        403
    );

    // A closed window, then a department not on the list.
    let closed = new_competition(&app, &admin, "已截止的竞赛", "2020-01-01", "2020-01-31").await;
    let ev = new_event(&app, &admin, closed, "项目甲").await.to_string();
    let r = app.call(&emp, "register_entry", &[("event", &ev)]).await;
    assert_eq!(r.field_error("person").as_deref(), Some("err.comp.window_closed"));
    let open = new_competition(&app, &admin, "限部门的竞赛", "2020-01-01", "2099-12-31").await;
    let r = app
        .call(
            &admin,
            "set_eligible",
            &[("competition", &open.to_string()), ("department", "调度控制中心"), ("op", "add")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let nosuch = app
        .call(
            &admin,
            "set_eligible",
            &[("competition", &open.to_string()), ("department", "不存在的部门"), ("op", "add")],
        )
        .await;
    assert_eq!(nosuch.field_error("department").as_deref(), Some("err.department.unknown"));
    let ev = new_event(&app, &admin, open, "项目乙").await.to_string();
    let r = app.call(&emp, "register_entry", &[("event", &ev)]).await;
    assert_eq!(r.field_error("person").as_deref(), Some("err.comp.not_eligible"), "{r:?}");
    // The organiser may still enter them (a late or out-of-list entry is theirs to make), approved at once.
    let r = app.call(&admin, "register_entry", &[("event", &ev), ("who", "employee")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM contestants WHERE event_id = {ev} AND status = 'approved'")).await,
        1
    );
}

#[tokio::test]
async fn the_draw_is_recorded_and_anyone_can_redo_it() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    let empty = app.call(&admin, "draw_order", &[("event", OPEN_EVENT)]).await;
    assert_eq!(empty.field_error("seed").as_deref(), Some("err.comp.no_field"), "nobody approved yet");
    for who in ["e100050", "e100051", "e100052", "e100053", "e100054"] {
        let r = app.call(&admin, "register_entry", &[("event", OPEN_EVENT), ("who", who)]).await;
        assert!(r.ok(), "{r:?}");
    }
    assert_eq!(app.call(&emp, "draw_order", &[("event", OPEN_EVENT)]).await.status, 403);
    let r = app.call(&admin, "draw_order", &[("event", OPEN_EVENT)]).await;
    assert!(r.ok(), "{r:?}");
    let check = app.call(&emp, "draw_check", &[("event", OPEN_EVENT)]).await.body;
    assert_eq!(check["consistent"], true, "{check}");
    assert_eq!(check["stored"].as_array().unwrap().len(), 5);
    // The check really checks: swap two stored places and it says so.
    app.execute(
        "UPDATE contestants SET running_order = CASE running_order WHEN 1 THEN 2 WHEN 2 THEN 1 ELSE running_order END WHERE event_id = 3",
    )
    .await;
    assert_eq!(app.call(&emp, "draw_check", &[("event", OPEN_EVENT)]).await.body["consistent"], false);
    let (status, html, _) = app.get(&emp, "/events/3/draw").await;
    assert_eq!(status, 200);
    assert!(html.contains("复核不一致"), "the page says the check failed");

    // Once marking has begun (demo event 1), the order and the field are fixed.
    let r = app.call(&admin, "draw_order", &[("event", "1")]).await;
    assert_eq!(r.field_error("seed").as_deref(), Some("err.comp.marking_begun"));
    let some = app.count("SELECT MIN(id) FROM contestants WHERE event_id = 1").await.to_string();
    let r = app.call(&admin, "set_entry", &[("contestant", &some), ("status", "withdrawn")]).await;
    assert_eq!(r.field_error("status").as_deref(), Some("err.comp.marking_begun"));
}

#[tokio::test]
async fn the_competition_pages_render_for_each_role() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    let (status, html, _) = app.get(&emp, "/competitions").await;
    assert_eq!(status, 200);
    assert!(html.contains("2027年计量专业岗位练兵") && html.contains("报名中"));
    assert!(!html.contains("新建竞赛"), "employees do not organise");
    let (_, html, _) = app.get(&admin, "/competitions").await;
    assert!(html.contains("新建竞赛"));
    let (status, html, _) = app.get(&emp, "/competitions/3").await;
    assert_eq!(status, 200);
    assert!(html.contains("我要报名"), "an open drill invites the employee");
    let (_, html, _) = app.get(&admin, "/rounds/3/setup").await;
    assert!(html.contains("评分标准（第 1 版）"), "{html}");
    let (_, html, _) = app.get(&emp, "/rounds/3/setup").await;
    assert!(html.contains("您没有权限") && !html.contains("评分标准（第"));
    let (_, html, _) = app.get(&admin, "/events/3/entries").await;
    assert!(html.contains("待审核"));
}

#[tokio::test]
async fn the_top_of_a_published_round_go_on_and_the_event_result_combines_the_rounds() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    // Demo event 2 has one published round (round 2, six contestants); a final follows it.
    let r = app.call(&admin, "add_round", &[("event", "2"), ("name", "总决赛")]).await;
    assert!(r.ok(), "{r:?}");
    let last = app.count("SELECT MAX(id) FROM rounds WHERE event_id = 2").await.to_string();
    assert!(app.call(&admin, "add_judge", &[("round", &last), ("who", "chief"), ("chief", "on")]).await.ok());
    assert_eq!(app.call(&emp, "advance_round", &[("round", "2"), ("by", "top"), ("value", "3")]).await.status, 403);
    let bad = app.call(&admin, "advance_round", &[("round", "2"), ("by", "top"), ("value", "0")]).await;
    assert_eq!(bad.field_error("value").as_deref(), Some("err.advance.value"));
    let none = app.call(&admin, "advance_round", &[("round", &last), ("by", "top"), ("value", "3")]).await;
    assert_eq!(none.field_error("value").as_deref(), Some("err.advance.unpublished"));
    let r = app.call(&admin, "advance_round", &[("round", "2"), ("by", "top"), ("value", "3")]).await;
    assert!(r.ok(), "{r:?}");
    let ranks = app.call(&emp, "round_results", &[("round", "2")]).await.body;
    let top3 = ranks["rows"].as_array().unwrap().iter().filter(|r| r["rank"].as_u64().is_some_and(|k| k <= 3)).count();
    let chief = app.login_role(Role::ChiefJudge).await;
    let pad = app.call(&chief, "judge_pad", &[("round", &last)]).await.body;
    assert_eq!(pad["contestants"].as_array().unwrap().len(), top3, "only those who went on are in the final");

    // The event's result: one published round so far, its scores as the totals.
    let res = app.call(&emp, "event_results", &[("event", "2")]).await;
    assert!(res.ok(), "{res:?}");
    assert_eq!(res.body["rounds"].as_array().unwrap().len(), 2);
    let first = &res.body["rows"][0];
    assert_eq!(first["rank"], 1);
    assert_eq!(first["rounds"][0], first["total"], "sum of one round");
    assert!(first["rounds"][1].is_null());
    let (_, html, _) = app.get(&admin, "/events/2/results").await;
    assert!(html.contains("总成绩") && html.contains("晋级下一轮"));
}

async fn upload(app: &TestApp, who: &Client, event: &str, name: &str, bytes: Vec<u8>, html: bool) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    who.post(format!("{}/events/{event}/import", app.base))
        .header("Accept", if html { "text/html" } else { "application/json" })
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_contestant_list_is_imported_whole_or_not_at_all_with_each_bad_row_named() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let field = || app.count("SELECT COUNT(*) FROM contestants WHERE event_id = 3");
    let before = field().await;
    let e60: String = display_name(&app, "e100060").await;
    let csv = format!("工号,姓名\ne100060,{e60}\nnobody-here,某人\ne100061,错的名字\ne100060,\n");
    let r = upload(&app, &admin, OPEN_EVENT, "名单.csv", csv.into_bytes(), false).await;
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    let rows: Vec<(String, String)> = body["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_string(), e["key"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("row-3".to_string(), "err.import.unknown".to_string()),
            ("row-4".to_string(), "err.import.name".to_string()),
            ("row-5".to_string(), "err.import.twice".to_string()),
        ]
    );
    assert_eq!(field().await, before, "one bad row enters nobody");

    // The page, after a plain form post, lists the rows.
    let r = upload(&app, &admin, OPEN_EVENT, "名单.csv", b"e100060\nnobody-here\n".to_vec(), true).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let back = r.headers()["location"].to_str().unwrap().to_string();
    assert!(back.starts_with("/events/3/entries?import_errors=2:err.import.unknown"), "{back}");
    let (_, html, _) = app.get(&admin, &back).await;
    assert!(html.contains("第 2 行"), "{html}");

    // An .xlsx list, with a header row.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, (who, name)) in
        [("工号", "姓名"), ("e100060", e60.as_str()), ("e100061", ""), ("e100062", "")].iter().enumerate()
    {
        sheet.write_string(i as u32, 0, *who).unwrap();
        sheet.write_string(i as u32, 1, *name).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let emp = app.login_role(Role::Employee).await;
    assert_eq!(upload(&app, &emp, OPEN_EVENT, "名单.xlsx", bytes.clone(), false).await.status(), 403);
    let r = upload(&app, &admin, OPEN_EVENT, "名单.xlsx", bytes, false).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<i64>().await.unwrap(), 3);
    assert_eq!(field().await, before + 3);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM contestants WHERE event_id = 3 AND status = 'approved'").await,
        3,
        "imported contestants are approved"
    );
    // A sheet with a cell in its far corner is read cell by cell (never as a grid of billions of
    // cells) and refused: it has rows past the limit.
    let mut far = rust_xlsxwriter::Workbook::new();
    let sheet = far.add_worksheet();
    sheet.write_string(0, 0, "e100063").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let r = upload(&app, &admin, OPEN_EVENT, "远.xlsx", far.save_to_buffer().unwrap(), false).await;
    assert_eq!(r.status(), 422);
    assert_eq!(field().await, before + 3, "nobody more entered");
    // The same list again: every row is already entered.
    let again = upload(&app, &admin, OPEN_EVENT, "名单.csv", b"e100060\n".to_vec(), false).await;
    assert_eq!(again.status(), 422);
}

async fn display_name(app: &TestApp, username: &str) -> String {
    let id = app.person_id(username).await;
    let admin = app.login_role(Role::UnionAdmin).await;
    app.call(&admin, "get_person", &[("id", &id.to_string())]).await.body["display_name"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_judge_never_enters_the_event_they_judge_nor_a_contestant_judges_it() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    // The demo's drill (event 3) is open; put the judge on its panel, then try to enter them.
    let round = app.count("SELECT MIN(id) FROM rounds WHERE event_id = 3").await.to_string();
    assert!(app.call(&admin, "add_judge", &[("round", &round), ("who", "judge")]).await.ok());
    let r = app.call(&admin, "register_entry", &[("event", OPEN_EVENT), ("who", "judge")]).await;
    assert_eq!(r.field_error("person").as_deref(), Some("err.comp.judge_entry"));
    let guest = app.call(&admin, "register_entry", &[("event", OPEN_EVENT), ("who", "guest")]).await;
    assert_eq!(guest.field_error("person").as_deref(), Some("err.comp.judge_entry"), "a guest judge only judges");
    // And the other way: someone entered cannot join the panel.
    assert!(app.call(&admin, "register_entry", &[("event", OPEN_EVENT), ("who", "e100070")]).await.ok());
    let r = app.call(&admin, "add_judge", &[("round", &round), ("who", "e100070")]).await;
    assert_eq!(r.field_error("who").as_deref(), Some("err.panel.contestant"));
}
