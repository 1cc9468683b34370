//! The honour roll: who may nominate whom, publishing with points, declining with a reason,
//! what each role sees, and the roll's filters.

use app::domain::roles::Role;
use ciw_tests::*;
use serde_json::Value;

fn form<'a>(fields: &'a [(&'a str, &'a str)]) -> Vec<(String, &'a str)> {
    fields.iter().map(|(k, v)| (format!("form[{k}]"), *v)).collect()
}

async fn nominate(app: &TestApp, who: &reqwest::Client, fields: &[(&str, &str)]) -> Reply {
    let args = form(fields);
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    app.call(who, "nominate", &borrowed).await
}

async fn roll(app: &TestApp, who: &reqwest::Client, args: &[(&str, &str)]) -> Value {
    let args: Vec<(String, &str)> = args.iter().map(|(k, v)| (format!("query[{k}]"), *v)).collect();
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let r = app.call(who, "load_honour_roll", &borrowed).await;
    assert!(r.ok(), "{r:?}");
    r.body
}

const GOOD: [(&str, &str); 7] = [
    ("kind", "craftsman"),
    ("level", "enterprise"),
    ("year", "2026"),
    ("title", "2026年度检修工匠"),
    ("nominee", "e100013"),
    ("citation", "攻克 GIS 局放检测难题。"),
    ("points", "40"),
];

#[tokio::test]
async fn a_team_lead_nominates_their_own_people_and_an_admin_publishes_with_points() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let lead = app.login_role(Role::TeamLead).await;
    let emp = app.login_role(Role::Employee).await;

    // An employee nominates nobody; a team lead not someone of another team.
    assert_eq!(nominate(&app, &emp, &GOOD).await.status, 403);
    let mut other = GOOD.to_vec();
    other[4] = ("nominee", "e100001");
    let r = nominate(&app, &lead, &other).await;
    assert_eq!(r.field_error("nominee").as_deref(), Some("err.honour.not_yours"));
    let mut unknown = GOOD.to_vec();
    unknown[4] = ("nominee", "nobody-at-all");
    assert_eq!(
        nominate(&app, &lead, &unknown).await.field_error("nominee").as_deref(),
        Some("err.honour.nominee_unknown")
    );
    let mut bad = GOOD.to_vec();
    bad[2] = ("year", "2999");
    bad.push(("project", "999999"));
    let r = nominate(&app, &lead, &bad).await;
    assert_eq!(r.field_error("year").as_deref(), Some("err.honour.year"));
    let before = app.count("SELECT COUNT(*) FROM honours").await;
    let mut no_project = GOOD.to_vec();
    no_project.push(("project", "999999"));
    let r = nominate(&app, &lead, &no_project).await;
    assert_eq!(r.field_error("project").as_deref(), Some("err.honour.evidence"));
    assert_eq!(app.count("SELECT COUNT(*) FROM honours").await, before, "nothing saved");

    // The team lead's own person, with the adopted project as evidence.
    let mut good = GOOD.to_vec();
    good.push(("project", "1"));
    let r = nominate(&app, &lead, &good).await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap();
    let ids = id.to_string();
    // Not on the public roll yet; the nominator and admins see it waiting, an employee cannot open it.
    let public = roll(&app, &emp, &[]).await;
    assert!(!public["items"].as_array().unwrap().iter().any(|h| h["id"] == id));
    assert_eq!(app.call(&emp, "load_honour", &[("id", &ids)]).await.status, 403);
    let waiting = roll(&app, &lead, &[("status", "nominated")]).await;
    assert!(waiting["items"].as_array().unwrap().iter().any(|h| h["id"] == id));
    assert_eq!(app.call(&emp, "load_honour_roll", &[("query[status]", "nominated")]).await.status, 403);
    let seen = app.call(&admin, "load_honour", &[("id", &ids)]).await.body;
    assert_eq!(seen["may_decide"], true);

    // Only admins decide; publishing books the points on the boards at once.
    assert_eq!(app.call(&lead, "decide_honour", &[("id", &ids), ("decision", "publish")]).await.status, 403);
    let person = app.person_id("e100013").await;
    let points_before = app
        .count(&format!("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points WHERE person_id = {person}"))
        .await;
    let r = app.call(&admin, "decide_honour", &[("id", &ids), ("decision", "publish")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(
        app.count(&format!("SELECT CAST(SUM(points) AS BIGINT) FROM points WHERE person_id = {person}")).await,
        points_before + 40
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM points WHERE source_type = 'honour' AND source_id = {id}")).await,
        1
    );
    // The nominator and the person honoured are told; the admin who decided is not.
    let told = |p: i64| format!("SELECT COUNT(*) FROM notifications WHERE honour_id = {id} AND person_id = {p}");
    assert_eq!(app.count(&told(person)).await, 1);
    assert_eq!(app.count(&told(app.person_id("admin").await)).await, 0);
    let notes = app.call(&lead, "my_notifications", &[]).await.body;
    let note = notes.as_array().unwrap().iter().find(|n| n["notice"]["Honour"]["honour_id"] == id).expect("told");
    assert_eq!(note["notice"]["Honour"]["status"], "Published");
    assert_eq!(note["read"], false);
    let again = app.call(&admin, "decide_honour", &[("id", &ids), ("decision", "publish")]).await;
    assert_eq!(again.field_error("").as_deref(), Some("err.honour.decided"), "published once, points once");
    let public = roll(&app, &emp, &[("kind", "craftsman"), ("year", "2026")]).await;
    let h = public["items"].as_array().unwrap().iter().find(|h| h["id"] == id).expect("on the roll");
    assert_eq!(h["project"][0], 1);
    // The person's page lists the honour with its page and the entry with its evidence.
    let page = app.call(&emp, "load_person_page", &[("id", &person.to_string())]).await.body;
    assert!(page["titles"].as_array().unwrap().iter().any(|t| t[0] == id));
    assert!(page["entries"].as_array().unwrap().iter().any(|e| e["href"] == format!("/honours/{id}")));
    let (status, html, _) = app.get(&emp, &format!("/honours/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/projects/1\""), "the honour links its evidence");
}

#[tokio::test]
async fn declining_needs_a_reason_and_the_roll_filters() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let studio = app.login_role(Role::StudioLeader).await;
    let emp = app.login_role(Role::Employee).await;
    // A studio leader nominates their studio's member (the demo studio has e100026), not others.
    let mut f = GOOD.to_vec();
    f[4] = ("nominee", "e100026");
    let r = nominate(&app, &studio, &f).await;
    assert!(r.ok(), "{r:?}");
    let ids = r.body.as_i64().unwrap().to_string();
    f[4] = ("nominee", "e100001");
    assert_eq!(nominate(&app, &studio, &f).await.field_error("nominee").as_deref(), Some("err.honour.not_yours"));
    let r = app.call(&admin, "decide_honour", &[("id", &ids), ("decision", "decline")]).await;
    assert_eq!(r.field_error("note").as_deref(), Some("err.honour.decline_note"));
    let r = app.call(&admin, "decide_honour", &[("id", &ids), ("decision", "decline"), ("note", "事迹材料不足")]).await;
    assert!(r.ok(), "{r:?}");
    let declined = roll(&app, &studio, &[("status", "declined")]).await;
    assert_eq!(declined["items"][0]["decision_note"], "事迹材料不足");
    // The nominator is told why; the nominee hears nothing of a declined nomination.
    let notes = app.call(&studio, "my_notifications", &[]).await.body;
    let note = &notes[0]["notice"]["Honour"];
    assert_eq!((note["status"].as_str(), note["note"].as_str()), (Some("Declined"), Some("事迹材料不足")));
    let nominee = app.person_id("e100026").await;
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM notifications WHERE person_id = {nominee} AND honour_id = {ids}"))
            .await,
        0
    );
    assert_eq!(
        app.count(&format!("SELECT COUNT(*) FROM points WHERE source_type = 'honour' AND source_id = {ids}")).await,
        0
    );

    // The demo's roll: every kind, filterable by kind, level, year and department.
    let all = roll(&app, &emp, &[]).await;
    assert!(all["total"].as_i64().unwrap() >= 6);
    let kinds: std::collections::BTreeSet<String> =
        all["items"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds.len(), 6, "every kind of honour in the demo: {kinds:?}");
    let team = roll(&app, &emp, &[("kind", "team_glory")]).await;
    assert!(
        team["items"].as_array().unwrap().iter().all(|h| h["person"].is_null() && h["kind"] == "TeamGlory"),
        "{team}"
    );
    let province = roll(&app, &emp, &[("level", "province")]).await;
    assert!(province["items"].as_array().unwrap().iter().all(|h| h["level"] == "Province"));
    assert_eq!(roll(&app, &emp, &[("year", "1990")]).await["total"], 0);
    let dept = all["items"][0]["department"][0].as_i64().unwrap().to_string();
    let in_dept = roll(&app, &emp, &[("dept", &dept)]).await;
    assert!(in_dept["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["department"][0].as_i64().unwrap().to_string() == dept));
    assert_eq!(
        app.call(&emp, "load_honour_roll", &[("query[kind]", "hero")]).await.field_error("kind").as_deref(),
        Some("err.honour.kind")
    );
    let (status, html, _) = app.get(&emp, "/honours").await;
    assert_eq!(status, 200);
    assert!(html.contains("工人先锋号"));
    assert!(!html.contains("data-testid=\"nominate\""), "an employee is not offered the nomination form");
}

async fn upload_photo(app: &TestApp, who: &reqwest::Client, honour: i64, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("photo.png");
    who.post(format!("{}/honours/{honour}/photo", app.base))
        .header("Accept", "application/json")
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

const PNG: [u8; 16] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];

#[tokio::test]
async fn a_photo_is_set_by_the_nominator_while_waiting_and_shown_once_published() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let lead = app.login_role(Role::TeamLead).await;
    let emp = app.login_role(Role::Employee).await;
    let mut role_model = GOOD.to_vec();
    role_model[0] = ("kind", "role_model");
    role_model.push(("story", "三十年如一日守护线路。"));
    let r = nominate(&app, &lead, &role_model).await;
    assert!(r.ok(), "{r:?}");
    let id = r.body.as_i64().unwrap();
    let ids = id.to_string();

    // Nobody else's nomination, no PDF, nothing too large; a refused upload changes nothing.
    assert_eq!(upload_photo(&app, &emp, id, PNG.to_vec()).await.status(), 403);
    let pdf = upload_photo(&app, &lead, id, b"%PDF-1.7 not a photo".to_vec()).await;
    assert_eq!(pdf.status(), 422);
    assert!(pdf.text().await.unwrap().contains("err.photo.type"));
    let mut huge = PNG.to_vec();
    huge.resize(app::domain::honours::PHOTO_MAX_BYTES + 1, 0);
    assert!(upload_photo(&app, &lead, id, huge).await.text().await.unwrap().contains("err.photo.too_large"));
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM honours WHERE id = {id} AND photo_key IS NOT NULL")).await, 0);

    // The nominator sets it while it waits; the employee cannot see it before it is published.
    assert_eq!(upload_photo(&app, &lead, id, PNG.to_vec()).await.status(), 204);
    let h = app.call(&lead, "load_honour", &[("id", &ids)]).await;
    assert!(h.body["photo"].is_string(), "{h:?}");
    assert_eq!(h.body["may_set_photo"], true);
    let photo = |who: &reqwest::Client| who.get(format!("{}/honours/{id}/photo", app.base)).send();
    assert_eq!(photo(&emp).await.unwrap().status(), 403);

    // Published: everyone sees it; the nominator may no longer change it, an admin may.
    assert!(app.call(&admin, "decide_honour", &[("id", &ids), ("decision", "publish")]).await.ok());
    let got = photo(&emp).await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().as_ref(), &PNG[..]);
    assert_eq!(upload_photo(&app, &lead, id, PNG.to_vec()).await.status(), 403);
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.extend_from_slice(b"JFIF");
    assert_eq!(upload_photo(&app, &admin, id, jpeg.clone()).await.status(), 204);
    assert_eq!(photo(&emp).await.unwrap().bytes().await.unwrap().as_ref(), &jpeg[..]);
    // The replaced file is gone: the upload directory holds the one photo.
    assert_eq!(std::fs::read_dir(app.upload_dir()).unwrap().count(), 1);
    assert_eq!(app.call(&emp, "load_honour", &[("id", &ids)]).await.body["may_set_photo"], false);
    // Signed out: nothing.
    assert_eq!(reqwest::get(format!("{}/honours/{id}/photo", app.base)).await.unwrap().status(), 401);
}
