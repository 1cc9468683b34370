//! Projects from proposal to adoption, with the rewards ledger.

use app::domain::roles::Role;
use ciw_tests::*;
use reqwest::Client;
use serde_json::Value;

async fn new_project(app: &TestApp, lead: &Client, title: &str, studio: &str, members: &[(&str, &str)]) -> Reply {
    let mut args: Vec<(String, String)> = vec![
        ("form[category]".into(), "technical".into()),
        ("form[title]".into(), title.into()),
        ("form[problem]".into(), "主变冷却器故障频发".into()),
        ("form[solution]".into(), "加装在线监测与自动切换".into()),
        ("form[expected_benefit]".into(), "120000.50".into()),
        ("form[expected_benefit_text]".into(), "每年减少停电 20 小时".into()),
        ("form[leader_username]".into(), "e100001".into()),
        ("form[studio_id]".into(), studio.into()),
        ("form[due_on]".into(), (app::model::today() + chrono::Duration::days(200)).to_string()),
    ];
    for (i, (u, s)) in members.iter().enumerate() {
        args.push((format!("form[members][{i}][username]"), u.to_string()));
        args.push((format!("form[members][{i}][share]"), s.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    app.call(lead, "create_project", &borrowed).await
}

async fn act(app: &TestApp, who: &Client, id: &str, action: &str, comment: &str) -> Reply {
    app.call(who, "project_action", &[("id", id), ("action", action), ("comment", comment)]).await
}

fn lines_of(ledger: &Value) -> Vec<Value> {
    ledger["lines"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_project_goes_from_proposal_to_adoption_and_pays_exactly() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let employee = app.login_role(Role::Employee).await;

    let r = new_project(
        &app,
        &lead,
        "主变冷却器智能切换",
        "",
        &[("teamlead", "50"), ("employee", "33.33"), ("judge", "16.67")],
    )
    .await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap().to_string();

    // Not yet public: an unrelated employee may not read the draft.
    let outsider = app.login_role(Role::ChiefJudge).await;
    assert_eq!(app.call(&outsider, "get_project", &[("id", &id)]).await.status, 403);

    assert!(act(&app, &lead, &id, "submit", "").await.ok());
    // A team lead cannot approve; approval needs a comment.
    assert_eq!(act(&app, &lead, &id, "approve", "ok").await.status, 403);
    let r = act(&app, &admin, &id, "return", " ").await;
    // Named within the action's own form on the page.
    assert_eq!(r.field_error("return.comment").as_deref(), Some("err.transition.comment_required"));
    assert!(act(&app, &admin, &id, "return", "请补充效益测算依据").await.ok());

    // Returned: the author edits and resubmits.
    let r = app
        .call(
            &lead,
            "update_project",
            &[
                ("id", &id),
                ("form[category]", "five_small"),
                ("form[five_small_kind]", "renovation"),
                ("form[title]", "主变冷却器智能切换（修订）"),
                ("form[problem]", "主变冷却器故障频发"),
                ("form[solution]", "加装在线监测与自动切换"),
                ("form[expected_benefit]", "150000"),
                ("form[expected_benefit_text]", "每年减少停电 25 小时"),
                ("form[leader_username]", "e100001"),
                ("form[studio_id]", ""),
                ("form[due_on]", ""),
                ("form[members][0][username]", "teamlead"),
                ("form[members][0][share]", "50"),
                ("form[members][1][username]", "employee"),
                ("form[members][1][share]", "33.33"),
                ("form[members][2][username]", "judge"),
                ("form[members][2][share]", "16.67"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    assert!(act(&app, &lead, &id, "submit", "").await.ok());
    assert!(act(&app, &admin, &id, "approve", "同意立项").await.ok());
    // The expected benefit is locked at approval: even a complete, valid form is refused, for the
    // stage and nothing else.
    let r = app
        .call(
            &lead,
            "update_project",
            &[
                ("id", &id),
                ("form[category]", "five_small"),
                ("form[five_small_kind]", "renovation"),
                ("form[title]", "主变冷却器智能切换（再修订）"),
                ("form[problem]", "主变冷却器故障频发"),
                ("form[solution]", "加装在线监测与自动切换"),
                ("form[expected_benefit]", "990000"),
                ("form[expected_benefit_text]", "每年减少停电 25 小时"),
                ("form[leader_username]", "e100001"),
                ("form[members][0][username]", "teamlead"),
                ("form[members][0][share]", "100"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.field_error("").as_deref(), Some("err.project.not_editable"), "{r:?}");
    let detail = app.call(&lead, "get_project", &[("id", &id)]).await.body;
    assert_eq!(detail["summary"]["expected_benefit_fen"], 15_000_000, "the locked benefit did not change");

    // Now public, and the team reports progress.
    assert_eq!(app.call(&outsider, "get_project", &[("id", &id)]).await.status, 200);
    let r = app
        .call(&employee, "add_project_entry", &[("id", &id), ("entry_on", "2026-05-01"), ("body", "完成样机")])
        .await;
    assert!(r.ok(), "{r:?}");
    assert!(act(&app, &admin, &id, "progress", "推进节点达成").await.ok());
    assert!(act(&app, &admin, &id, "trial", "进入试点").await.ok());
    let r = app
        .call(
            &admin,
            "project_action",
            &[
                ("id", &id),
                ("action", "adopt"),
                ("comment", "转化"),
                ("actual_benefit", ""),
                ("actual_benefit_text", ""),
            ],
        )
        .await;
    assert_eq!(r.field_error("adopt.actual_benefit").as_deref(), Some("err.money.invalid"));
    let r = app
        .call(
            &admin,
            "project_action",
            &[
                ("id", &id),
                ("action", "adopt"),
                ("comment", "转化"),
                ("actual_benefit", "168000.08"),
                ("actual_benefit_text", "3 个变电站应用"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    assert!(act(&app, &admin, &id, "close", "x").await.status == 422, "an adopted project cannot be closed");

    let detail = app.call(&lead, "get_project", &[("id", &id)]).await.body;
    assert_eq!(detail["summary"]["stage"], "Adopted");
    assert_eq!(detail["summary"]["expected_benefit_fen"], 15_000_000);
    assert_eq!(detail["summary"]["actual_benefit_fen"], 16_800_008);
    let actions: Vec<&str> =
        detail["events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["Submit", "Return", "Submit", "Approve", "Progress", "Trial", "Adopt"]);

    // The ledger: five-small rule without a studio (¥100 / 100 / 200 / 300, pool ¥2,000, 60/40).
    let ledger = app.call(&admin, "ledger", &[("filter[project_id]", &id)]).await.body;
    let lines = lines_of(&ledger);
    let sum =
        |kind: &str| lines.iter().filter(|l| l["kind"] == kind).map(|l| l["amount_fen"].as_i64().unwrap()).sum::<i64>();
    assert_eq!(sum("stage.approval"), 10_000);
    assert_eq!(sum("stage.progress"), 10_000);
    assert_eq!(sum("stage.trial"), 20_000);
    assert_eq!(sum("stage.adoption"), 30_000);
    assert_eq!(sum("completion.worker") + sum("completion.leader"), 200_000);
    assert_eq!(sum("completion.leader"), 80_000);
    assert_eq!(ledger["total_fen"], 270_000);
    assert_eq!(lines.iter().map(|l| l["amount_fen"].as_i64().unwrap()).sum::<i64>(), 270_000);
    // 33.33 % of ¥100 is 33.33 yuan exactly; of the workers' ¥1,200 it is 399.96.
    let employee_worker =
        lines.iter().find(|l| l["kind"] == "completion.worker" && l["person"]["name"] == "刘洋").unwrap();
    assert_eq!(employee_worker["amount_fen"], 39_996);
    assert_eq!(employee_worker["inputs"]["pool_fen"], 120_000);
    assert_eq!(employee_worker["inputs"]["weight"], 3333);

    // Each person sees only their own lines.
    let everything_mine = app.call(&employee, "ledger", &[]).await.body;
    assert!(lines_of(&everything_mine).iter().all(|l| l["person"]["name"] == "刘洋"));
    let mine = app.call(&employee, "ledger", &[("filter[project_id]", &id)]).await.body;
    assert_eq!(lines_of(&mine).len(), 5, "four stage rewards and a completion share");

    // Members were told of every decision; points were written per gate.
    let notes = app.call(&employee, "my_notifications", &[]).await.body;
    let about_this: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["notice"]["Project"])
        .filter(|n| n["project_id"].as_i64() == id.parse::<i64>().ok())
        .map(|n| n["action"].as_str().unwrap())
        .collect();
    assert_eq!(about_this, ["Adopt", "Trial", "Progress", "Approve", "Submit", "Return", "Submit"]);
    let points = app
        .count(&format!(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points WHERE source_type = 'project' AND source_id = {id}"
        ))
        .await;
    assert_eq!(points, 3 * (10 + 10 + 20 + 50));
}

#[tokio::test]
async fn only_the_author_edits_and_submits() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let r = new_project(&app, &lead, "工器具定置管理", "", &[("teamlead", "100")]).await;
    let id = r.body.as_i64().unwrap().to_string();
    // Another team's lead (e100001 leads a team too) may neither edit nor submit it.
    let other = app.login_as("e100001", DEMO_PASSWORD).await;
    let r = app
        .call(
            &other,
            "update_project",
            &[
                ("id", &id),
                ("form[category]", "technical"),
                ("form[title]", "改名"),
                ("form[problem]", "p"),
                ("form[solution]", "s"),
                ("form[expected_benefit]", "1"),
                ("form[expected_benefit_text]", "t"),
                ("form[leader_username]", "admin"),
                ("form[members][0][username]", "teamlead"),
                ("form[members][0][share]", "100"),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{r:?}");
    assert_eq!(act(&app, &other, &id, "submit", "").await.status, 403);
    let admin = app.login_role(Role::UnionAdmin).await;
    assert_eq!(act(&app, &admin, &id, "submit", "").await.status, 403, "an admin does not submit for the author");
    assert_eq!(
        act(&app, &admin, &id, "approve", "ok").await.field_error("approve.action").as_deref(),
        Some("err.transition.illegal")
    );
}

#[tokio::test]
async fn bad_proposals_are_refused_field_by_field() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let before = app.count("SELECT COUNT(*) FROM projects").await;
    let r = new_project(&app, &lead, "x", "", &[("teamlead", "50"), ("employee", "40")]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.field_error("title").as_deref(), Some("err.title.invalid"));
    let r = new_project(&app, &lead, "成员合计不足", "", &[("teamlead", "50"), ("employee", "40")]).await;
    assert_eq!(r.field_error("members").as_deref(), Some("err.members.share_sum"));
    let r = new_project(&app, &lead, "查无此人", "", &[("nobody", "100")]).await;
    assert_eq!(r.field_error("members").as_deref(), Some("err.member.unknown"));
    let r = new_project(&app, &lead, "重复成员", "", &[("teamlead", "50"), ("teamlead", "50")]).await;
    assert_eq!(r.field_error("members").as_deref(), Some("err.members.duplicate"));
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, before);
}

#[tokio::test]
async fn a_payout_is_paid_once_even_under_concurrent_requests() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let line = app.count("SELECT MIN(id) FROM payouts WHERE status = 'pending'").await.to_string();
    // Paying before approval is refused.
    assert_eq!(
        app.call(&admin, "advance_payout", &[("id", &line), ("to", "paid")]).await.field_error("status").as_deref(),
        Some("err.payout.status")
    );
    assert!(app.call(&admin, "advance_payout", &[("id", &line), ("to", "approved")]).await.ok());
    let args = [("id", line.as_str()), ("to", "paid")];
    // Four eyes on money: the admin who approved it does not pay it.
    let r = app.call(&admin, "advance_payout", &args).await;
    assert_eq!(r.field_error("status").as_deref(), Some("err.payout.same_admin"), "{r:?}");
    assert_eq!(app.text(&format!("SELECT status FROM payouts WHERE id = {line}")).await, "approved");
    // Another admin pays it, once, however many times it is sent at once.
    let (second, again) = (app.login_as("finance", DEMO_PASSWORD).await, app.login_as("finance", DEMO_PASSWORD).await);
    let (a, b) = tokio::join!(app.call(&second, "advance_payout", &args), app.call(&again, "advance_payout", &args),);
    assert_eq!([a.ok(), b.ok()].iter().filter(|x| **x).count(), 1, "{a:?} {b:?}");
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'payout.paid' AND object_id = {line}")).await,
        1
    );
    // The person paid heard of the approval and of the payment, with the amount.
    let fen = app.count(&format!("SELECT amount_fen FROM payouts WHERE id = {line}")).await;
    let who = app
        .text(&format!("SELECT p.username FROM payouts y JOIN people p ON p.id = y.person_id WHERE y.id = {line}"))
        .await;
    let person = app.login_as(&who, DEMO_PASSWORD).await;
    let told = app.call(&person, "my_notifications", &[]).await.body;
    let payouts: Vec<&Value> = told.as_array().unwrap().iter().filter_map(|n| n["notice"].get("Payout")).collect();
    assert_eq!(payouts.len(), 2, "{told}");
    assert_eq!((payouts[0]["status"].as_str(), payouts[0]["amount_fen"].as_i64()), (Some("Paid"), Some(fen)));
    assert_eq!(payouts[1]["status"], "Approved");
    let detail =
        app.text(&format!("SELECT detail FROM audit_log WHERE action = 'payout.paid' AND object_id = {line}")).await;
    assert!(detail.contains('¥'), "the audit line says how much: {detail}");
}

#[tokio::test]
async fn studio_leaders_review_their_studios_projects_but_do_not_pay() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let studio_leader = app.login_role(Role::StudioLeader).await;
    let studio = app.count("SELECT id FROM studios WHERE name = '陈立新劳模创新工作室'").await.to_string();
    let inside = new_project(&app, &lead, "工作室内项目", &studio, &[("teamlead", "100")])
        .await
        .body
        .as_i64()
        .unwrap()
        .to_string();
    let outside =
        new_project(&app, &lead, "工作室外项目", "", &[("teamlead", "100")]).await.body.as_i64().unwrap().to_string();
    for id in [&inside, &outside] {
        assert!(act(&app, &lead, id, "submit", "").await.ok());
    }
    assert!(act(&app, &studio_leader, &inside, "approve", "同意").await.ok());
    assert_eq!(act(&app, &studio_leader, &outside, "approve", "同意").await.status, 403);
    let queue = app.call(&studio_leader, "review_queue", &[]).await.body;
    assert!(queue.as_array().unwrap().iter().all(|p| p["studio_id"].as_i64() == Some(studio.parse().unwrap())));
    let line = app.count("SELECT MIN(id) FROM payouts").await.to_string();
    assert_eq!(app.call(&studio_leader, "advance_payout", &[("id", &line), ("to", "approved")]).await.status, 403);
}

#[tokio::test]
async fn a_rule_change_never_alters_payouts_already_made() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let before = app.call(&admin, "ledger", &[]).await.body;
    let r = app
        .call(
            &admin,
            "add_reward_rule",
            &[
                ("category", "technical"),
                ("studio_level", "province"),
                ("approval", "9999"),
                ("progress", "0"),
                ("trial", "0"),
                ("adoption", "0"),
                ("pool", "50000"),
                ("workers_percent", "70"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let bad = app
        .call(
            &admin,
            "add_reward_rule",
            &[
                ("category", "technical"),
                ("studio_level", "none"),
                ("approval", "-1"),
                ("progress", "0"),
                ("trial", "0"),
                ("adoption", "0"),
                ("pool", "0"),
                ("workers_percent", "170"),
            ],
        )
        .await;
    assert!(bad.field_error("approval").is_some() && bad.field_error("workers_percent").is_some(), "{bad:?}");
    let after = app.call(&admin, "ledger", &[]).await.body;
    assert_eq!(before, after);
    let rules = app.call(&admin, "reward_rules", &[]).await.body;
    let versions: Vec<i64> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["category"] == "Technical" && r["studio_level"] == "province")
        .map(|r| r["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [2, 1]);
}

#[tokio::test]
async fn demo_data_has_projects_in_every_stage_with_rewards() {
    let app = spawn_app().await;
    for stage in ["draft", "submitted", "returned", "approved", "in_progress", "trial", "adopted", "closed"] {
        assert!(app.count(&format!("SELECT COUNT(*) FROM projects WHERE stage = '{stage}'")).await >= 1, "{stage}");
    }
    let admin = app.login_role(Role::UnionAdmin).await;
    let ledger = app.call(&admin, "ledger", &[]).await.body;
    assert!(ledger["total_fen"].as_i64().unwrap() > 0);
    assert!(app.count("SELECT COUNT(*) FROM payouts WHERE kind = 'completion.leader'").await >= 2);
    let feed = app.call(&admin, "project_feed", &[]).await.body;
    assert!(feed
        .as_array()
        .unwrap()
        .iter()
        .all(|p| !["Draft", "Submitted", "Returned"].contains(&p["stage"].as_str().unwrap())));
}

#[tokio::test]
async fn the_ledger_exports_to_csv_and_excel_with_matching_totals() {
    use calamine::{Reader, Xlsx};
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let ledger = app.call(&admin, "ledger", &[]).await.body;
    let total_fen = ledger["total_fen"].as_i64().unwrap();

    let res = admin.get(format!("{}/export/ledger.xlsx", app.base)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    // The page shows one page of lines; the export carries every line the ledger counts.
    assert_eq!(rows.len() as i64, ledger["line_count"].as_i64().unwrap() + 2, "header, lines, total");
    let fen_sum: i64 = rows[1..rows.len() - 1].iter().map(|r| calamine::DataType::as_i64(&r[7]).unwrap()).sum();
    assert_eq!(fen_sum, total_fen);

    let csv =
        admin.get(format!("{}/export/ledger.csv?status=pending", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    let last = csv.trim_end().lines().last().unwrap().to_string();
    assert!(last.starts_with("合计"), "{last}");

    // Everyone else downloads only their own lines; a visitor nothing.
    let employee = app.login_role(Role::Employee).await;
    let mine = employee.get(format!("{}/export/ledger.csv", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(mine.lines().skip(1).filter(|l| !l.starts_with("合计")).all(|l| l.contains("刘洋")), "{mine}");
    assert_eq!(app.client().get(format!("{}/export/ledger.csv", app.base)).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn attachments_are_typed_by_their_bytes_and_shown_only_to_who_may_see_the_project() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let id = new_project(&app, &lead, "附件测试项目", "", &[("teamlead", "60"), ("employee", "40")])
        .await
        .body
        .as_i64()
        .unwrap();
    let upload = |client: &Client, bytes: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        client
            .post(format!("{}/projects/{id}/attachments", app.base))
            .header("Accept", "application/json")
            .multipart(form)
            .send()
    };
    let png = [&[0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], &[0u8; 64]].concat();
    let r = upload(&lead, png.clone(), "../现场照片.png").await.unwrap();
    assert_eq!(r.status(), 201);
    let attachment: i64 = r.json().await.unwrap();

    let fake = upload(&lead, b"<html><script>alert(1)</script>".to_vec(), "photo.png").await.unwrap();
    assert_eq!(fake.status(), 422);
    let too_big = upload(&lead, vec![b'%'; app::domain::attachment::MAX_BYTES + 1], "big.pdf").await.unwrap();
    assert!([413, 422].contains(&too_big.status().as_u16()), "{}", too_big.status());
    let judge = app.login_role(Role::Judge).await;
    assert_eq!(upload(&judge, png.clone(), "x.png").await.unwrap().status(), 403, "not a member");
    assert_eq!(upload(&app.client(), png.clone(), "x.png").await.unwrap().status(), 401);

    let detail = app.call(&lead, "get_project", &[("id", &id.to_string())]).await.body;
    assert_eq!(detail["attachments"][0]["file_name"], "现场照片.png");
    assert_eq!(detail["attachments"][0]["content_type"], "image/png");

    let employee = app.login_role(Role::Employee).await;
    let got = employee.get(format!("{}/attachments/{attachment}", app.base)).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.headers()["x-content-type-options"], "nosniff");
    assert!(got.headers()["content-disposition"].to_str().unwrap().starts_with("inline;"), "an image is shown");
    assert_eq!(got.bytes().await.unwrap().to_vec(), png);
    // A PDF named as a web page is kept as a PDF, and downloaded rather than shown.
    let r = upload(&lead, b"%PDF-1.7\n%%EOF".to_vec(), "方案.html").await.unwrap();
    assert_eq!(r.status(), 201);
    let pdf: i64 = r.json().await.unwrap();
    let detail = app.call(&lead, "get_project", &[("id", &id.to_string())]).await.body;
    assert!(detail["attachments"].as_array().unwrap().iter().any(|a| a["file_name"] == "方案.pdf"), "{detail}");
    let got = employee.get(format!("{}/attachments/{pdf}", app.base)).send().await.unwrap();
    assert!(got.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    // The draft is not public: someone outside the project may not fetch its files.
    assert_eq!(judge.get(format!("{}/attachments/{attachment}", app.base)).send().await.unwrap().status(), 403);
    assert_eq!(app.client().get(format!("{}/attachments/{attachment}", app.base)).send().await.unwrap().status(), 401);
    assert_eq!(app.count("SELECT COUNT(*) FROM attachments").await, 2, "refused uploads stored nothing");
}

#[tokio::test]
async fn studios_are_set_up_by_admins_and_planned_by_their_leaders() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let r = app
        .call(
            &admin,
            "create_studio",
            &[
                ("name", "刘洋技能大师工作室"),
                ("level", "city"),
                ("leader_username", "employee"),
                ("field", "电能计量"),
                ("founded_on", "2024-09-01"),
                ("member_usernames", "judge chief"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap().to_string();
    let dup = app
        .call(
            &admin,
            "create_studio",
            &[
                ("name", "刘洋技能大师工作室"),
                ("level", "city"),
                ("leader_username", "employee"),
                ("field", "x"),
                ("founded_on", "2024-09-01"),
            ],
        )
        .await;
    assert_eq!(dup.field_error("name").as_deref(), Some("err.studio.name_taken"));

    // Its leader (an ordinary employee) plans the year; another studio's leader may not.
    let leader = app.login_role(Role::Employee).await;
    let r = app
        .call(
            &leader,
            "save_studio_plan",
            &[("studio_id", &id), ("year", "2026"), ("goals", "培养计量骨干"), ("budget", "50000")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let plan = r.body.as_i64().unwrap().to_string();
    let other = app.login_role(Role::StudioLeader).await;
    assert_eq!(
        app.call(&other, "save_studio_plan", &[("studio_id", &id), ("year", "2026"), ("goals", ""), ("budget", "1")])
            .await
            .status,
        403
    );
    assert_eq!(
        app.call(
            &other,
            "add_plan_spending",
            &[("plan_id", &plan), ("spent_on", "2026-03-01"), ("amount", "1"), ("purpose", "x")]
        )
        .await
        .status,
        403
    );
    let r = app
        .call(
            &leader,
            "add_plan_task",
            &[("plan_id", &plan), ("title", "编写培训教材"), ("owner_username", "judge"), ("due_on", "2026-10-31")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let task = r.body.as_i64().unwrap().to_string();
    assert!(app.call(&leader, "complete_plan_task", &[("task_id", &task)]).await.ok());
    let r = app
        .call(
            &leader,
            "add_plan_spending",
            &[("plan_id", &plan), ("spent_on", "2026-03-01"), ("amount", "1234.56"), ("purpose", "培训场地")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let bad = app
        .call(
            &leader,
            "add_plan_spending",
            &[("plan_id", &plan), ("spent_on", "2026-02-30"), ("amount", "-5"), ("purpose", "")],
        )
        .await;
    assert_eq!(bad.status, 422);

    let detail = app.call(&admin, "get_studio", &[("id", &id)]).await.body;
    assert_eq!(detail["summary"]["member_count"], 3);
    assert_eq!(detail["leader_username"], "employee");
    assert_eq!(detail["plans"][0]["budget_fen"], 5_000_000);
    assert_eq!(detail["plans"][0]["spent_fen"], 123_456);
    assert!(detail["plans"][0]["tasks"][0]["done_on"].is_string());
    assert_eq!(detail["can_edit"], true);
    assert_eq!(app.call(&leader, "get_studio", &[("id", &id)]).await.body["can_edit"], false);
}

#[tokio::test]
async fn nobody_reviews_a_project_they_author_belong_to_or_answer_for() {
    let app = spawn_app().await;
    // The studio leader (陈立新, also allowed to propose) files under his own studio as its only
    // member: he may submit it, never approve it, and nobody is paid.
    let studio_leader = app.login_role(Role::StudioLeader).await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let studio = app.count("SELECT id FROM studios WHERE name = '陈立新劳模创新工作室'").await.to_string();
    let payouts = app.count("SELECT COUNT(*) FROM payouts").await;
    let own = new_project(&app, &studio_leader, "自己审批自己的项目", &studio, &[("studio", "100")]).await;
    assert!(own.ok(), "{own:?}");
    let own = own.body.as_i64().unwrap().to_string();
    assert!(act(&app, &studio_leader, &own, "submit", "").await.ok());
    let r = act(&app, &studio_leader, &own, "approve", "同意").await;
    assert_eq!(r.status, 403, "{r:?}");
    let detail = app.call(&studio_leader, "get_project", &[("id", &own)]).await.body;
    assert_eq!(detail["summary"]["stage"], "Submitted");
    assert_eq!(detail["actions"], serde_json::json!([]), "no gate is offered to him");
    assert_eq!(app.count("SELECT COUNT(*) FROM payouts").await, payouts, "nobody was paid");
    // His own review queue does not offer it either, though it lists his studio's other projects;
    // a union admin's queue does, and the admin approves it.
    let in_queue =
        |queue: &Value| queue.as_array().unwrap().iter().any(|p| p["id"].as_i64() == own.parse::<i64>().ok());
    let his = app.call(&studio_leader, "review_queue", &[]).await.body;
    assert!(!in_queue(&his), "{his}");
    assert!(!his.as_array().unwrap().is_empty(), "his studio's other projects still wait on him");
    assert!(in_queue(&app.call(&admin, "review_queue", &[]).await.body));
    assert!(act(&app, &admin, &own, "approve", "同意立项").await.ok());

    // An admin who is a member of a project, or its responsible leader, does not review it.
    let lead = app.login_role(Role::TeamLead).await;
    let with_admin = new_project(&app, &lead, "管理员参与的项目", "", &[("teamlead", "50"), ("admin", "50")])
        .await
        .body
        .as_i64()
        .unwrap()
        .to_string();
    assert!(act(&app, &lead, &with_admin, "submit", "").await.ok());
    assert_eq!(act(&app, &admin, &with_admin, "approve", "同意").await.status, 403);
}

#[tokio::test]
async fn a_project_is_filed_only_under_a_studio_its_author_belongs_to() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    // teamlead is a member of 陈立新劳模创新工作室, not of 配网带电作业创新工作室.
    let other = app.count("SELECT id FROM studios WHERE name = '配网带电作业创新工作室'").await.to_string();
    let before = app.count("SELECT COUNT(*) FROM projects").await;
    let r = new_project(&app, &lead, "挂靠别人的工作室", &other, &[("teamlead", "100")]).await;
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.field_error("studio_id").as_deref(), Some("err.studio.not_member"));
    assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, before, "nothing was saved");
    let mine = app.count("SELECT id FROM studios WHERE name = '陈立新劳模创新工作室'").await.to_string();
    assert!(new_project(&app, &lead, "挂靠自己的工作室", &mine, &[("teamlead", "100")]).await.ok());
}

#[tokio::test]
async fn a_stored_code_that_names_nothing_is_an_error_never_a_default() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let ledger = app.call(&admin, "ledger", &[]).await;
    assert!(ledger.ok());
    // Corrupt stored codes behind the application's back (columns without a CHECK constraint).
    let project = app.count("SELECT MIN(project_id) FROM project_events").await;
    app.execute(&format!("UPDATE project_events SET action = 'teleport' WHERE project_id = {project}")).await;
    let r = app.call(&admin, "get_project", &[("id", &project.to_string())]).await;
    assert_eq!(r.status, 500, "an unknown action is neither skipped nor defaulted: {r:?}");
    assert_eq!(r.body, serde_json::json!("Internal"));
    let line = app.count("SELECT MIN(id) FROM payouts").await;
    app.execute(&format!("UPDATE payouts SET kind = 'bonus' WHERE id = {line}")).await;
    let r = app.call(&admin, "ledger", &[]).await;
    assert_eq!(r.status, 500, "a line of an unknown kind is not dropped from the totals: {r:?}");
    app.execute(&format!("UPDATE payouts SET kind = 'stage.approval' WHERE id = {line}")).await;
    assert!(app.call(&admin, "ledger", &[]).await.ok(), "a known kind reads again");
    app.execute(&format!("UPDATE payouts SET inputs = 'not json' WHERE id = {line}")).await;
    let r = app.call(&admin, "ledger", &[]).await;
    assert_eq!(r.status, 500, "nor is a line whose inputs do not parse: {r:?}");
}

#[tokio::test]
async fn the_ledger_comes_a_page_at_a_time_with_totals_over_every_line() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let count = app.count("SELECT COUNT(*) FROM payouts").await;
    let sum = app.count("SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM payouts").await;
    let paid =
        app.count("SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM payouts WHERE status = 'paid'").await;
    let first = app.call(&admin, "ledger", &[]).await.body;
    let second = app.call(&admin, "ledger", &[("filter[page]", "2")]).await.body;
    for page in [&first, &second] {
        assert_eq!(page["line_count"], count);
        assert_eq!(page["total_fen"], sum, "totals are over every line, not the page");
        assert_eq!(page["paid_fen"], paid);
        assert_eq!(page["per_page"], 50);
    }
    let ids = |l: &Value| lines_of(l).iter().map(|x| x["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!(a.len() as i64, count.min(50));
    assert_eq!(b.len() as i64, (count - 50).clamp(0, 50));
    assert!(a.windows(2).all(|w| w[0] < w[1]) && b.iter().all(|id| a.last().is_some_and(|last| id > last)));
    // The export still carries every line.
    let csv = app.get(&admin, "/export/ledger.csv").await.1;
    assert_eq!(csv.lines().count() as i64, count + 2, "a header, every line and the total");
}

/// A proposal's form with `changes` applied over a valid one.
async fn propose(app: &TestApp, lead: &Client, changes: &[(&str, &str)]) -> Reply {
    let due = (app::model::today() + chrono::Duration::days(30)).to_string();
    let mut args: Vec<(&str, &str)> = vec![
        ("form[category]", "technical"),
        ("form[title]", "电缆终端头防潮改进"),
        ("form[problem]", "终端头受潮"),
        ("form[solution]", "加装防潮套"),
        ("form[expected_benefit]", "1000"),
        ("form[expected_benefit_text]", "减少故障"),
        ("form[leader_username]", "e100001"),
        ("form[studio_id]", ""),
        ("form[due_on]", &due),
        ("form[members][0][username]", "teamlead"),
        ("form[members][0][share]", "100"),
    ];
    for (k, v) in changes {
        args.retain(|(a, _)| a != k);
        args.push((k, v));
    }
    app.call(lead, "create_project", &args).await
}

#[tokio::test]
async fn a_proposal_is_refused_for_what_is_wrong_with_it_and_saved_with_its_line_breaks() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let long = "字".repeat(10_000);
    let r = propose(&app, &lead, &[("form[problem]", &long)]).await;
    let e = &r.body["Invalid"][0];
    assert_eq!((e["field"].as_str(), e["key"].as_str()), (Some("problem"), Some("err.text.too_long")), "{r:?}");
    assert_eq!(e["args"], serde_json::json!([["max", "5000"], ["n", "10000"]]), "the message names the limit");
    let yesterday = (app::model::today() - chrono::Duration::days(1)).to_string();
    let r = propose(&app, &lead, &[("form[due_on]", &yesterday)]).await;
    assert_eq!(r.field_error("due_on").as_deref(), Some("err.date.past"));
    let r = propose(&app, &lead, &[("form[expected_benefit]", "-5")]).await;
    assert_eq!(r.field_error("expected_benefit").as_deref(), Some("err.money.negative"));
    let r = propose(
        &app,
        &lead,
        &[
            ("form[members][0][share]", "50"),
            ("form[members][1][username]", "nobody"),
            ("form[members][1][share]", "50"),
        ],
    )
    .await;
    assert_eq!(r.field_error("members").as_deref(), Some("err.member.unknown"));
    assert_eq!(r.body["Invalid"][0]["args"], serde_json::json!([["row", "2"], ["username", "nobody"]]));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM projects WHERE title = '电缆终端头防潮改进'").await,
        0,
        "nothing was saved"
    );

    // A problem told over several lines keeps them.
    let r = propose(&app, &lead, &[("form[problem]", "一、终端头受潮；\r\n二、绝缘下降。")]).await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap().to_string();
    let p = app.call(&lead, "get_project", &[("id", &id)]).await.body;
    assert_eq!(p["problem"], "一、终端头受潮；\n二、绝缘下降。");
}

#[tokio::test]
async fn the_pickers_find_people_by_name_number_or_team_and_only_projects_one_may_see() {
    let app = spawn_app().await;
    let lead = app.login_role(Role::TeamLead).await;
    let employee = app.login_role(Role::Employee).await;
    let picks = |r: Reply| -> Vec<(String, String)> {
        r.body
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["value"].as_str().unwrap().into(), p["label"].as_str().unwrap().into()))
            .collect()
    };
    // By the start of a username (any case), at most ten.
    let found = picks(app.call(&employee, "find_people", &[("q", "E1000")]).await);
    assert_eq!(found.len(), 10);
    assert!(found.iter().all(|(u, _)| u.starts_with("e1000")), "{found:?}");
    // By the start of a name, shown with the team.
    let name = app.text("SELECT display_name FROM people WHERE username = 'e100013'").await;
    let team =
        app.text("SELECT t.name FROM people p JOIN teams t ON t.id = p.team_id WHERE p.username = 'e100013'").await;
    let found = picks(app.call(&employee, "find_people", &[("q", &name)]).await);
    assert!(found.contains(&("e100013".to_string(), format!("{name} · {team}"))), "{found:?}");
    // By the start of a team's name: its people.
    let found = picks(app.call(&employee, "find_people", &[("q", &team)]).await);
    assert!(!found.is_empty() && found.iter().all(|(_, l)| l.ends_with(&team)), "{found:?}");
    // By the start of a staff number, in any case.
    let no = app.text("SELECT employee_no FROM people WHERE username = 'e100013'").await;
    let found = picks(app.call(&employee, "find_people", &[("q", &no.to_lowercase())]).await);
    assert!(found.iter().any(|(u, _)| u == "e100013"), "{no}: {found:?}");
    assert!(picks(app.call(&employee, "find_people", &[("q", "  ")]).await).is_empty());
    assert!(picks(app.call(&employee, "find_people", &[("q", "%")]).await).is_empty(), "no wildcards");
    // A disabled person is not suggested.
    app.execute("UPDATE people SET active = FALSE WHERE username = 'e100013'").await;
    assert!(!picks(app.call(&employee, "find_people", &[("q", "e100013")]).await).iter().any(|(u, _)| u == "e100013"));

    // Projects: a draft is found by its author, not by someone else.
    let r = propose(&app, &lead, &[("form[title]", "独一无二的草稿项目")]).await;
    let id = r.body.as_i64().unwrap().to_string();
    let found = picks(app.call(&lead, "find_projects", &[("q", "独一无二")]).await);
    assert_eq!(found, [(id.clone(), format!("#{id} 独一无二的草稿项目"))]);
    assert!(picks(app.call(&employee, "find_projects", &[("q", "独一无二")]).await).is_empty());
    assert!(picks(app.call(&employee, "find_projects", &[("q", &id)]).await).is_empty());
    let admin = app.login_role(Role::UnionAdmin).await;
    assert_eq!(picks(app.call(&admin, "find_projects", &[("q", &id)]).await).len(), 1);
}
