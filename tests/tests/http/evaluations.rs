//! Team evaluation (五比两树) and labour competitions: setting up, the panel's sheets with their
//! refusals, publishing exact standings with points on the team board, indicator values entered
//! and imported, a period closed into its ranking.

use app::domain::roles::Role;
use ciw_tests::*;
use serde_json::Value;

const DIMS: [&str; 7] = ["contribution", "skill", "innovation", "collaboration", "compliance", "image", "brand"];

async fn create(app: &TestApp, who: &reqwest::Client, fields: &[(&str, &str)]) -> Reply {
    let args: Vec<(String, &str)> = fields.iter().map(|(k, v)| (format!("form[{k}]"), *v)).collect();
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.call(who, "create_evaluation", &borrowed).await
}

fn evaluation_form(weights: [&'static str; 7]) -> Vec<(String, &'static str)> {
    let mut f = vec![
        ("title".to_string(), "2026 年第三季度五比两树"),
        ("period".into(), "q2026-3"),
        ("points".into(), "30,20"),
    ];
    for (d, w) in DIMS.iter().zip(weights) {
        f.push((format!("w_{d}"), w));
    }
    f
}

async fn sheet(app: &TestApp, who: &reqwest::Client, id: i64, team: i64, scores: [&str; 7]) -> Reply {
    let (id, team) = (id.to_string(), team.to_string());
    let mut args = vec![("id".to_string(), id.as_str()), ("team".into(), team.as_str())];
    for (d, s) in DIMS.iter().zip(scores) {
        args.push((format!("scores[s_{d}]"), s));
    }
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.call(who, "save_team_sheet", &borrowed).await
}

async fn team_of(app: &TestApp, username: &str) -> i64 {
    app.count(&format!("SELECT team_id FROM people WHERE username = '{username}'")).await
}

#[tokio::test]
async fn a_panel_scores_teams_and_publishing_ranks_them_exactly_with_points_on_the_team_board() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;
    let judge = app.login_role(Role::Judge).await;
    let lead = app.login_role(Role::TeamLead).await;

    let before = app.count("SELECT COUNT(*) FROM evaluations").await;
    let good = evaluation_form(["20", "20", "15", "15", "10", "10", "10"]);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(create(&app, &emp, &good).await.status, 403);
    let bad = evaluation_form(["20", "20", "15", "15", "10", "10", "5"]);
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(create(&app, &admin, &bad).await.field_error("weights").as_deref(), Some("err.eval.weights_sum"));
    let mut worse = good.clone();
    worse[2] = ("points", "10,20");
    assert_eq!(create(&app, &admin, &worse).await.field_error("points").as_deref(), Some("err.eval.points"));
    assert_eq!(app.count("SELECT COUNT(*) FROM evaluations").await, before, "nothing saved");
    let r = create(&app, &admin, &good).await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap();
    let ids = id.to_string();

    // Teams by department: the team lead's own department, so the lead meets their own team.
    let lead_team = team_of(&app, "teamlead").await;
    let dept: String = {
        let d = app.count(&format!("SELECT department_id FROM teams WHERE id = {lead_team}")).await;
        app.call(&admin, "load_team_page", &[("id", &lead_team.to_string())]).await.body["department_name"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| panic!("department {d}"))
    };
    let r = app.call(&admin, "add_evaluation_teams", &[("id", &ids), ("department", "没有这个部门")]).await;
    assert_eq!(r.field_error("department").as_deref(), Some("err.eval.department"));
    assert_eq!(app.call(&emp, "add_evaluation_teams", &[("id", &ids), ("department", &dept)]).await.status, 403);
    let r = app.call(&admin, "add_evaluation_teams", &[("id", &ids), ("department", &dept)]).await;
    assert!(r.ok(), "{r:?}");
    let n = r.body.as_i64().unwrap();
    assert!(n >= 2, "{n} teams");
    let teams: Vec<i64> = {
        let v = app.call(&admin, "load_evaluation", &[("id", &ids)]).await.body;
        v["teams"].as_array().unwrap().iter().map(|t| t["team"][0].as_i64().unwrap()).collect()
    };
    assert!(teams.contains(&lead_team));

    // The panel.
    let r = app.call(&admin, "add_evaluator", &[("id", &ids), ("who", "nobody-here")]).await;
    assert_eq!(r.field_error("who").as_deref(), Some("err.eval.evaluator"));
    // A guest judge judges competitions only: never an evaluator.
    let r = app.call(&admin, "add_evaluator", &[("id", &ids), ("who", "guest")]).await;
    assert_eq!(r.field_error("who").as_deref(), Some("err.eval.evaluator"));
    for who in ["judge", "teamlead"] {
        assert!(app.call(&admin, "add_evaluator", &[("id", &ids), ("who", who)]).await.ok());
    }

    // Not on the panel: no sheet to open or save.
    assert_eq!(app.call(&emp, "load_score_sheet", &[("id", &ids)]).await.status, 403);
    assert_eq!(sheet(&app, &emp, id, lead_team, ["80"; 7]).await.status, 403);
    // Scores on the scale only; one's own team never.
    let r = sheet(&app, &judge, id, lead_team, ["80", "85.3", "80", "80", "80", "80", "80"]).await;
    assert_eq!(r.field_error("s_skill").as_deref(), Some("err.eval.score"));
    let r = sheet(&app, &lead, id, lead_team, ["100"; 7]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.eval.own_team"));
    let lines = app.call(&lead, "load_score_sheet", &[("id", &ids)]).await.body;
    let own = lines["lines"].as_array().unwrap().iter().find(|l| l["team"][0] == lead_team).unwrap();
    assert_eq!(own["own"], true);

    // Publishing needs every team scored: nothing changes until then.
    let top = *teams.iter().find(|t| **t != lead_team).unwrap();
    assert!(sheet(&app, &judge, id, top, ["90", "85.5", "80", "70", "60", "50", "100"]).await.ok());
    let points_before = app.count("SELECT COUNT(*) FROM points").await;
    let r = app.call(&admin, "publish_evaluation", &[("id", &ids)]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.eval.unscored"));
    assert_eq!(app.count("SELECT COUNT(*) FROM points").await, points_before);

    // The judge scores every team; the lead scores `top` too (a mean of two).
    for (i, t) in teams.iter().enumerate().filter(|(_, t)| **t != top) {
        let s = if i % 2 == 0 { ["70"; 7] } else { ["60"; 7] };
        assert!(sheet(&app, &judge, id, *t, s).await.ok());
    }
    assert!(sheet(&app, &lead, id, top, ["91", "86", "80", "70", "60", "50", "99.5"]).await.ok());
    assert_eq!(app.call(&judge, "publish_evaluation", &[("id", &ids)]).await.status, 403);
    let r = app.call(&admin, "publish_evaluation", &[("id", &ids)]).await;
    assert!(r.ok(), "{r:?}");

    let v = app.call(&emp, "load_evaluation", &[("id", &ids)]).await.body;
    assert_eq!(v["status"], "Published");
    let first = &v["teams"][0];
    assert_eq!(first["team"][0], top);
    assert_eq!(first["rank"], 1);
    assert_eq!(first["points"], 30);
    // Means 90.5, 85.75, 80, 70, 60, 50, 99.75 →
    // 0.2×90.5 + 0.2×85.75 + 0.15×80 + 0.15×70 + 0.1×(60 + 50 + 99.75) = 18.1 + 17.15 + 12 + 10.5 + 20.975
    assert_eq!(first["scores"][1], "85.75");
    assert_eq!(first["total"], "78.725");
    // Teams scored alike share a rank (and its points).
    let rows = v["teams"].as_array().unwrap();
    let seventy: Vec<&Value> = rows.iter().filter(|t| t["total"] == "70").collect();
    if seventy.len() > 1 {
        assert!(seventy.iter().all(|t| t["rank"] == seventy[0]["rank"]));
    }
    let booked =
        app.count(&format!("SELECT COUNT(*) FROM points WHERE source_type = 'evaluation' AND source_id = {id}")).await;
    assert_eq!(booked, rows.iter().filter(|t| t["points"].as_i64().unwrap_or(0) > 0).count() as i64);
    let team_points = app
        .count(&format!(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points WHERE source_type = 'evaluation' AND team_id = {} AND person_id IS NULL",
            top
        ))
        .await;
    assert_eq!(team_points, 30);

    // The team page shows the evaluation (its radar's seven scores); a published evaluation is fixed.
    let page = app.call(&emp, "load_team_page", &[("id", &top.to_string())]).await.body;
    assert_eq!(page["evaluations"][0]["evaluation"], id);
    assert_eq!(page["evaluations"][0]["scores"].as_array().unwrap().len(), 7);
    let r = sheet(&app, &judge, id, lead_team, ["100"; 7]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.eval.published"));
    let r = app.call(&admin, "publish_evaluation", &[("id", &ids)]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.eval.published"));
    let (status, html, _) = app.get(&emp, &format!("/evaluations/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("78.725"));
}

fn contest_form(between: &'static str, points: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("form[title]", "迎峰度夏劳动竞赛"),
        ("form[between]", between),
        ("form[cadence]", "quarter"),
        ("form[first]", "2026-01"),
        ("form[last]", "2026-06"),
        ("form[points]", points),
        ("form[name][0]", "产量"),
        ("form[unit][0]", "吨"),
        ("form[direction][0]", "higher"),
        ("form[weight][0]", "60"),
        ("form[normalisation][0]", "min_max"),
        ("form[name][1]", "缺陷数"),
        ("form[unit][1]", "个"),
        ("form[direction][1]", "lower"),
        ("form[weight][1]", "40"),
        ("form[normalisation][1]", "best_ratio"),
    ]
}

async fn import(app: &TestApp, who: &reqwest::Client, contest: i64, period: &str, csv: &str) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("values.csv");
    who.post(format!("{}/labour/{contest}/import?period={period}", app.base))
        .header("Accept", "application/json")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_labour_competition_ranks_each_closed_period_from_its_indicators() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let emp = app.login_role(Role::Employee).await;

    assert_eq!(app.call(&emp, "create_contest", &contest_form("team", "20,10")).await.status, 403);
    let r = app.call(&admin, "create_contest", &contest_form("department", "20,10")).await;
    assert_eq!(r.field_error("points").as_deref(), Some("err.labour.department_points"));
    let mut bad = contest_form("team", "20,10");
    bad[14] = ("form[weight][1]", "30");
    assert_eq!(
        app.call(&admin, "create_contest", &bad).await.field_error("weight[0]").as_deref(),
        Some("err.eval.weights_sum")
    );
    let r = app.call(&admin, "create_contest", &contest_form("team", "20,10")).await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap();
    let ids = id.to_string();

    let r = app.call(&admin, "add_contest_entrants", &[("id", &ids), ("department", "调度控制中心")]).await;
    assert_eq!(r.body, 2, "{r:?}");
    let v = app.call(&admin, "load_contest", &[("id", &ids), ("period", "q2026-1")]).await.body;
    assert_eq!(v["periods"].as_array().unwrap().len(), 2);
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    let (a, b) = (lines[0]["id"].as_i64().unwrap(), lines[1]["id"].as_i64().unwrap());
    // An employee sees the indicators but no values grid of an open period.
    let seen = app.call(&emp, "load_contest", &[("id", &ids), ("period", "q2026-1")]).await.body;
    assert!(seen["lines"].as_array().unwrap().is_empty());

    let save = |entrant: i64, v0: &'static str, v1: &'static str, period: &'static str| {
        let (app, admin, ids) = (&app, &admin, ids.clone());
        async move {
            let e = entrant.to_string();
            app.call(
                admin,
                "save_contest_values",
                &[("id", &ids), ("period", period), ("entrant", &e), ("v[0]", v0), ("v[1]", v1)],
            )
            .await
        }
    };
    assert_eq!(save(a, "abc", "1", "q2026-1").await.field_error("v[0]").as_deref(), Some("err.labour.value"));
    assert_eq!(save(a, "1", "-1", "q2026-1").await.field_error("v[1]").as_deref(), Some("err.labour.negative"));
    assert_eq!(save(a, "1", "1", "q2027-1").await.field_error("period").as_deref(), Some("err.labour.period"));
    assert!(save(a, "120", "2", "q2026-1").await.ok());
    let r = app.call(&admin, "close_contest_period", &[("id", &ids), ("period", "q2026-1")]).await;
    assert_eq!(r.field_error("").as_deref(), Some("err.labour.missing"));
    assert!(save(b, "100", "0", "q2026-1").await.ok());
    assert_eq!(app.call(&emp, "close_contest_period", &[("id", &ids), ("period", "q2026-1")]).await.status, 403);
    let r = app.call(&admin, "close_contest_period", &[("id", &ids), ("period", "q2026-1")]).await;
    assert!(r.ok(), "{r:?}");

    // A: output 100 (the most), defects 0 (best 0 ÷ 2); B: output 0, defects 100. 60 against 40.
    let v = app.call(&emp, "load_contest", &[("id", &ids), ("period", "q2026-1")]).await.body;
    assert_eq!(v["closed"], true);
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines[0]["id"], a);
    assert_eq!(lines[0]["values"], serde_json::json!(["100.00", "0.00"]));
    assert_eq!(lines[0]["total"], "60");
    assert_eq!(lines[0]["rank"], 1);
    assert_eq!(lines[0]["points"], 20);
    assert_eq!(lines[1]["total"], "40");
    assert_eq!(
        app.count(&format!("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points WHERE source_type = 'labour' AND team_id = {a}")).await,
        20
    );
    assert_eq!(save(a, "1", "1", "q2026-1").await.field_error("period").as_deref(), Some("err.labour.closed"));

    // The next period from a file: a bad row refuses the whole file, naming the row.
    let csv = format!("编号,名称,产量,缺陷数\n{a},一班,130,1\n{b},二班,abc,0\n");
    let res = import(&app, &admin, id, "q2026-2", &csv).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("row-3"), "{body}");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM labour_values WHERE contest_id = {id} AND period = 'q2026-2'")).await,
        0
    );
    assert_eq!(import(&app, &emp, id, "q2026-2", &csv).await.status(), 403);
    let csv = format!("编号,名称,产量,缺陷数\n{a},一班,130,1\n{b},二班,\"1,300\",0\n");
    let res = import(&app, &admin, id, "q2026-2", &csv).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM labour_values WHERE contest_id = {id} AND period = 'q2026-2'")).await,
        4
    );
    assert_eq!(import(&app, &admin, id, "q2026-1", &csv).await.status(), 422, "a closed period takes no file");
}
