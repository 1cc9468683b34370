//! Marks judged on paper, imported from a file: the checks of typed marks, names to settle first,
//! all or nothing, hash-chained, and the sheet signed as on paper.

use app::domain::roles::Role;
use ciw_tests::*;
use reqwest::Client;

/// The demo's round in progress: safety / quality / time on 0–100 by 0.5, one attempt; the judge
/// `judge` has marked one contestant and is conflicted with e100017 (same team); `chief` has signed.
const ROUND: &str = "1";
const FIELD: [&str; 7] = ["e100014", "e100015", "e100016", "e100017", "e100018", "e100019", "e100020"];

async fn upload(app: &TestApp, who: &Client, csv: &str, html: bool) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("评分.csv");
    let form = reqwest::multipart::Form::new().part("file", part).text("signed", "on");
    who.post(format!("{}/rounds/{ROUND}/marks", app.base))
        .header("Accept", if html { "text/html" } else { "application/json" })
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn errors(r: reqwest::Response) -> Vec<(String, String)> {
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    body["Invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_string(), e["key"].as_str().unwrap().to_string()))
        .collect()
}

/// The judge's full paper sheet: every contestant but the conflicted one, three marks each.
fn judges_sheet() -> String {
    let mut csv = String::from("选手,次序,评委,评分项,分数,难度系数\n");
    for (i, who) in FIELD.iter().enumerate().filter(|(_, w)| **w != "e100017") {
        for (code, base) in [("safety", 80), ("quality", 70), ("time", 60)] {
            csv.push_str(&format!("{who},,judge,{code},{}.5,\n", base + i));
        }
    }
    csv
}

#[tokio::test]
async fn paper_marks_go_in_whole_as_typed_marks_and_sign_the_sheet() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let marks = || app.count("SELECT COUNT(*) FROM marks WHERE round_id = 1");
    let before = marks().await;

    // Only organisers; the file is not read for anyone else.
    for role in [Role::Employee, Role::ChiefJudge, Role::Judge, Role::GuestJudge] {
        let who = app.login_role(role).await;
        assert_eq!(upload(&app, &who, &judges_sheet(), false).await.status(), 403, "{role:?}");
    }
    assert_eq!(upload(&app, &app.client(), &judges_sheet(), false).await.status(), 401);

    // Names not registered for the round, or not on its panel, are listed to settle first.
    let strangers = format!("{}e100060,,judge,safety,80,\ne100014,,e100061,safety,80,\n", judges_sheet());
    let found = errors(upload(&app, &admin, &strangers, false).await).await;
    assert_eq!(
        found,
        [
            ("contestant:e100060".to_string(), "err.paper.unregistered".to_string()),
            ("judge:e100061".to_string(), "err.paper.not_on_panel".to_string()),
        ]
    );
    assert_eq!(marks().await, before, "nothing written");

    // Every bad row is named by its line; one bad row imports nothing.
    let bad = "选手,次序,评委,评分项,分数\n\
               e100014,,judge,safety,80.3\n\
               e100017,,judge,safety,80\n\
               e100015,,chief,safety,80\n\
               e100016,2,judge,safety,80\n\
               e100018,,judge,speed,80\n\
               e100019,,judge,safety,abc\n\
               e100019,,judge,quality,70,1.2\n\
               e100019,,judge,quality,71,\n\
               e100019,,judge,time,70,0\n";
    let found = errors(upload(&app, &admin, bad, false).await).await;
    let keys: Vec<(&str, &str)> = found.iter().map(|(f, k)| (f.as_str(), k.as_str())).collect();
    assert_eq!(
        keys,
        [
            ("row-2", "err.mark.step"),
            ("row-3", "err.mark.conflict"),
            ("row-4", "err.sheet.signed"),
            ("row-5", "err.paper.attempt"),
            ("row-6", "err.mark.criterion"),
            ("row-7", "err.mark.number"),
            ("row-9", "err.paper.twice"),
            ("row-10", "err.difficulty.invalid"),
        ]
    );
    assert_eq!(marks().await, before);

    // The whole sheet: 18 marks, each an event naming its line; the judge's sheet is signed.
    let r = upload(&app, &admin, &judges_sheet(), true).await;
    assert_eq!(r.status(), 303);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/rounds/1/setup?paper=18"), "{to}");
    let judge = app.person_id("judge").await;
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM marks WHERE round_id = 1 AND judge_id = {judge}")).await, 18);
    let paper_events =
        "SELECT COUNT(*) FROM round_events WHERE round_id = 1 AND kind = 'mark' AND body LIKE '%paper_line%'";
    assert_eq!(app.count(paper_events).await, 18);
    let signed = format!(
        "SELECT COUNT(*) FROM judge_sheets WHERE round_id = 1 AND judge_id = {judge} AND signed_at IS NOT NULL"
    );
    assert_eq!(app.count(&signed).await, 1);
    let res = app.call(&admin, "round_results", &[("round", ROUND)]).await.body;
    assert_eq!(res["chain_intact"], true);
    assert_eq!(res["signed_sheets"], 2);
    // A signed sheet takes no more marks, from paper or the pad.
    let again = errors(upload(&app, &admin, &judges_sheet(), false).await).await;
    assert_eq!(again[0].1, "err.sheet.signed");
    // A name that cannot be a username is refused before any is looked up; a file-wide error has no line.
    let long = format!("选手,次序,评委,评分项,分数\n{},,judge,safety,80\n", "x".repeat(65));
    assert_eq!(
        errors(upload(&app, &admin, &long, false).await).await,
        [("row-2".to_string(), "err.paper.name".to_string())]
    );
    let r = upload(&app, &admin, "选手,次序,评委,评分项,分数\n", true).await;
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("paper_errors=0%3Derr.import.empty"), "{to}");
    // The page reports it.
    let (_, html, _) = app.get(&admin, "/rounds/1/setup?paper=18").await;
    assert!(html.contains("已导入 18 条评分"));
}
