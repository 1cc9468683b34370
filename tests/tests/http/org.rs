use app::domain::roles::Role;
use ciw_tests::*;

#[tokio::test]
async fn an_admin_builds_the_organisation_and_the_new_person_signs_in() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;

    let r = app.call(&admin, "create_department", &[("name", "安全监察部"), ("kind", "department")]).await;
    assert!(r.ok(), "{r:?}");
    let dept = r.body.as_i64().unwrap().to_string();
    let r = app.call(&admin, "create_team", &[("department_id", &dept), ("name", "安全督查班")]).await;
    assert!(r.ok(), "{r:?}");
    let team = r.body.as_i64().unwrap().to_string();

    let r = app
        .call(
            &admin,
            "create_person",
            &[
                ("username", "sun.li"),
                ("display_name", "孙丽"),
                ("team_id", &team),
                ("employee_no", "JN900001"),
                ("job_title", "安全员"),
                ("phone", "13912345678"),
                ("email", "sunli@example.cn"),
                ("password", "anquan2026"),
                ("roles[employee]", "on"),
                ("roles[team_lead]", "on"),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");

    let sun = app.login_as("sun.li", "anquan2026").await;
    let me = app.whoami(&sun).await;
    assert_eq!(me["display_name"], "孙丽");
    assert_eq!(me["team_name"], "安全督查班");
    assert_eq!(me["department_name"], "安全监察部");
    assert_eq!(me["roles"], serde_json::json!(["Employee", "TeamLead"]));
    // As a team lead she sees her own team, which is just her.
    let team_list = app.call(&sun, "my_team", &[]).await;
    assert_eq!(team_list.body.as_array().unwrap().len(), 1);
    // She is not an admin.
    assert_eq!(app.call(&sun, "create_team", &[("department_id", &dept), ("name", "x")]).await.status, 403);

    let log = app.call(&admin, "list_audit", &[("q[page]", "1")]).await.body;
    let actions: Vec<&str> = log["rows"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for a in ["department.create", "team.create", "person.create"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    assert!(!actions.iter().any(|a| a.starts_with("auth.")), "sign-ins are left out unless asked for");
    // Each line names what it was done to.
    let created = log["rows"].as_array().unwrap().iter().find(|e| e["action"] == "person.create").unwrap();
    assert_eq!(created["target"], "孙丽");

    // Filtered by who, what kind and when.
    let only = |args: &'static [(&'static str, &'static str)]| {
        let (app, admin) = (&app, &admin);
        async move { app.call(admin, "list_audit", args).await }
    };
    let by_sun = only(&[("q[who]", "sun.li"), ("q[sessions]", "true")]).await.body;
    let rows = by_sun["rows"].as_array().unwrap();
    assert!(rows.iter().any(|e| e["action"] == "auth.login"), "her sign-in, asked for: {by_sun}");
    assert!(rows.iter().all(|e| e["actor_name"] == "孙丽"));
    assert_eq!(only(&[("q[who]", "sun.li")]).await.body["total"], 0, "and nothing else of hers, sign-ins left out");
    let teams = only(&[("q[what]", "team")]).await.body;
    assert!(teams["total"].as_i64().unwrap() >= 1);
    assert!(teams["rows"].as_array().unwrap().iter().all(|e| e["action"].as_str().unwrap().starts_with("team.")));
    let sessions = only(&[("q[what]", ""), ("q[sessions]", "true")]).await.body;
    assert!(sessions["rows"].as_array().unwrap().iter().any(|e| e["action"] == "auth.login"));
    let future = only(&[("q[from]", "2999-01-01")]).await.body;
    assert_eq!(future["total"], 0);
    assert_eq!(only(&[("q[what]", "nonsense")]).await.field_error("what").as_deref(), Some("err.audit.area"));
    assert_eq!(only(&[("q[who]", "nobody")]).await.field_error("who").as_deref(), Some("err.person.missing"));
    assert_eq!(app.call(&sun, "list_audit", &[("q[page]", "1")]).await.status, 403);
}

#[tokio::test]
async fn bad_input_is_rejected_with_field_errors_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let people = app.count("SELECT COUNT(*) FROM people").await;
    let teams = app.count("SELECT COUNT(*) FROM teams").await;
    let audited = app.count("SELECT COUNT(*) FROM audit_log").await;

    let r = app.call(&admin, "create_team", &[("department_id", "1"), ("name", "   ")]).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.field_error("name").as_deref(), Some("err.unit_name.invalid"));
    let r = app.call(&admin, "create_team", &[("department_id", "1"), ("name", "变电检修一班")]).await;
    assert_eq!(r.field_error("name").as_deref(), Some("err.team.name_taken"));
    let r = app.call(&admin, "create_team", &[("department_id", "424242"), ("name", "新班组")]).await;
    assert_eq!(r.field_error("department_id").as_deref(), Some("err.department.missing"));
    let r = app.call(&admin, "create_department", &[("name", "运维检修部"), ("kind", "department")]).await;
    assert_eq!(r.field_error("name").as_deref(), Some("err.department.name_taken"));
    let r = app.call(&admin, "create_department", &[("name", "新部门"), ("kind", "division")]).await;
    assert_eq!(r.field_error("kind").as_deref(), Some("err.kind.invalid"));
    let r = app.call(&admin, "create_team", &[("department_id", "not-a-number"), ("name", "x")]).await;
    assert_eq!(r.status, 422, "{r:?}");
    assert_eq!(r.field_error("department_id").as_deref(), Some("err.department.missing"), "what a picker left unchosen");

    let r = app
        .call(
            &admin,
            "create_person",
            &[
                ("username", "1bad name"),
                ("display_name", ""),
                ("team_id", "1"),
                ("employee_no", "JN 1"),
                ("job_title", ""),
                ("phone", "abc"),
                ("email", "nope"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    for f in ["username", "display_name", "employee_no", "phone", "email", "password", "roles"] {
        assert!(r.field_error(f).is_some(), "no error for {f}: {r:?}");
    }
    let dup = app
        .call(
            &admin,
            "create_person",
            &[
                ("username", "employee"),
                ("display_name", "重名"),
                ("team_id", "1"),
                ("employee_no", ""),
                ("job_title", ""),
                ("phone", ""),
                ("email", ""),
                ("password", "goodpass1"),
                ("roles[employee]", "on"),
            ],
        )
        .await;
    assert_eq!(dup.field_error("username").as_deref(), Some("err.username.taken"));

    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, people);
    assert_eq!(app.count("SELECT COUNT(*) FROM teams").await, teams);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, audited, "nothing was recorded as done");
}

#[tokio::test]
async fn admins_edit_people_roles_and_passwords() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let id = app.person_id("judge").await.to_string();
    let judge = app.login_role(Role::Judge).await;

    let r = app
        .call(&admin, "set_person_roles", &[("id", &id), ("roles[employee]", "on"), ("roles[chief_judge]", "on")])
        .await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.whoami(&judge).await["roles"], serde_json::json!(["Employee", "ChiefJudge"]));
    let r = app.call(&admin, "set_person_roles", &[("id", &id)]).await;
    assert_eq!(r.field_error("roles").as_deref(), Some("err.roles.empty"));

    let r = app
        .call(
            &admin,
            "update_person",
            &[
                ("id", &id),
                ("display_name", "赵敏"),
                ("team_id", "2"),
                ("employee_no", "JN777"),
                ("job_title", "技师"),
                ("phone", ""),
                ("email", ""),
            ],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let p = app.call(&admin, "get_person", &[("id", &id)]).await.body;
    assert_eq!(p["team_id"], 2);
    assert_eq!(p["employee_no"], "JN777");

    let r = app.call(&admin, "reset_person_password", &[("id", &id), ("new_password", "reset2026x")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.whoami(&judge).await, serde_json::Value::Null, "a reset ends the person's sessions");
    app.login_as("judge", "reset2026x").await;
}

#[tokio::test]
async fn people_search_pages_and_filters() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    // 80 generated people, the demo's second union admin and its guest judge.
    let all = app.call(&admin, "list_people", &[("query", ""), ("page", "1")]).await.body;
    assert_eq!(all["total"], 82);
    assert_eq!(all["rows"].as_array().unwrap().len(), 50);
    let second = app.call(&admin, "list_people", &[("query", ""), ("page", "2")]).await.body;
    assert_eq!(second["rows"].as_array().unwrap().len(), 32);
    let one = app.call(&admin, "list_people", &[("query", "王建华"), ("page", "1")]).await.body;
    assert_eq!(one["rows"][0]["username"], "admin");
    let team1 = app.call(&admin, "list_people", &[("query", ""), ("team_id", "1"), ("page", "1")]).await.body;
    assert!(team1["rows"].as_array().unwrap().iter().all(|p| p["team_id"] == 1));
    let none = app.call(&admin, "list_people", &[("query", "%"), ("page", "1")]).await.body;
    assert_eq!(none["total"], 0, "a % in the query is a literal, not a wildcard");
}

#[tokio::test]
async fn the_demo_organisation_is_realistic() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    let page = app.call(&emp, "org_departments", &[("q", ""), ("page", "1")]).await.body;
    assert_eq!(page["company_name"], "江南电力集团有限公司");
    let depts = page["rows"].as_array().unwrap();
    // Five departments, and the unit the demo's guest judge (外聘评委) sits in.
    assert_eq!(depts.len(), 6);
    assert_eq!(page["total"], 6);
    let teams: i64 = depts.iter().map(|d| d["teams"].as_i64().unwrap()).sum();
    assert!(teams >= 12, "{teams}");
    let people: i64 = depts.iter().map(|d| d["people"].as_i64().unwrap()).sum();
    assert_eq!(people, page["people_total"].as_i64().unwrap(), "every active person is in one department");
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, 82);
    for role in ["employee", "team_lead", "studio_leader", "judge", "chief_judge", "union_admin"] {
        let n = app.count(&format!("SELECT COUNT(*) FROM person_roles WHERE role = '{role}'")).await;
        assert!(n >= 1, "{role}");
    }
    let accounts = app.call(&app.client(), "demo_accounts", &[]).await.body;
    assert_eq!(accounts.as_array().unwrap().len(), 8, "one a role, a second union admin and the guest judge");
}

#[tokio::test]
async fn the_constraint_decides_which_field_is_taken_on_either_engine() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    // The first demo account holds employee number JN000001.
    let person = |username: &'static str, employee_no: &'static str| {
        vec![
            ("username", username),
            ("display_name", "孙立"),
            ("team_id", "1"),
            ("employee_no", employee_no),
            ("job_title", ""),
            ("phone", ""),
            ("email", ""),
            ("password", "rivet-line-42"),
            ("roles[employee]", "on"),
        ]
    };
    let people = app.count("SELECT COUNT(*) FROM people").await;
    let r = app.call(&admin, "create_person", &person("sunli", "JN000001")).await;
    assert_eq!(r.field_error("employee_no").as_deref(), Some("err.employee_no.taken"), "{r:?}");
    let r = app.call(&admin, "create_person", &person("admin", "JN999999")).await;
    assert_eq!(r.field_error("username").as_deref(), Some("err.username.taken"), "{r:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, people, "nothing was added");
    let id = app.person_id("judge").await.to_string();
    let r = app
        .call(
            &admin,
            "update_person",
            &[
                ("id", id.as_str()),
                ("display_name", "赵敏"),
                ("team_id", "1"),
                ("employee_no", "JN000001"),
                ("job_title", ""),
                ("phone", ""),
                ("email", ""),
            ],
        )
        .await;
    assert_eq!(r.field_error("employee_no").as_deref(), Some("err.employee_no.taken"), "{r:?}");
}

#[tokio::test]
async fn the_organisation_is_browsed_a_page_at_a_time_and_teams_are_found_by_name() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    // Departments by a fragment of their name.
    let found = app.call(&emp, "org_departments", &[("q", "运维"), ("page", "1")]).await.body;
    assert_eq!(found["total"], 1, "{found}");
    let dept = found["rows"][0]["id"].as_i64().unwrap();
    // Its teams, with head counts that agree with the people table.
    let teams = app.call(&emp, "org_teams", &[("department_id", &dept.to_string()), ("q", ""), ("page", "1")]).await.body;
    let rows = teams["rows"].as_array().unwrap();
    assert_eq!(teams["total"].as_u64().unwrap() as usize, rows.len());
    assert_eq!(teams["department"]["teams"], teams["total"]);
    for t in rows {
        let n = app.count(&format!("SELECT COUNT(*) FROM people WHERE team_id = {} AND active", t["id"])).await;
        assert_eq!(t["member_count"].as_i64().unwrap(), n, "{t}");
    }
    // A page past the end is empty, and a huge page number does not overflow.
    let far = app.call(&emp, "org_teams", &[("department_id", &dept.to_string()), ("q", ""), ("page", "9223372036854775807")]).await;
    assert!(far.ok(), "{far:?}");
    assert_eq!(far.body["rows"].as_array().unwrap().len(), 0);
    assert_eq!(app.call(&emp, "org_teams", &[("department_id", "424242"), ("q", ""), ("page", "1")]).await.status, 404);
    // The team picker: by the start of a team's name, or of its department's, naming both.
    let picks = app.call(&emp, "find_teams", &[("q", "变电检修")]).await.body;
    let picks = picks.as_array().unwrap();
    assert!(!picks.is_empty() && picks.len() <= 10, "{picks:?}");
    assert!(picks.iter().all(|p| p["label"].as_str().unwrap().contains(" · 变电检修")), "{picks:?}");
    let by_dept = app.call(&emp, "find_teams", &[("q", "运维检修部")]).await.body;
    assert!(by_dept.as_array().unwrap().iter().all(|p| p["label"].as_str().unwrap().starts_with("运维检修部 · ")));
    assert!(!by_dept.as_array().unwrap().is_empty());
    let depts = app.call(&emp, "find_departments", &[("q", "运维")]).await.body;
    assert_eq!(depts[0]["value"], dept.to_string());
    assert_eq!(app.call(&emp, "find_teams", &[("q", "   ")]).await.body.as_array().unwrap().len(), 0);
}
