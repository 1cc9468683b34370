use app::domain::roles::Role;
use ciw_tests::*;
use std::time::Duration;

fn session_cookie(set_cookie: &[String]) -> Option<String> {
    set_cookie.iter().find(|c| c.starts_with("ciw_session=") || c.starts_with("__Host-ciw_session=")).cloned()
}

#[tokio::test]
async fn login_sets_a_safe_cookie_and_logout_ends_the_session() {
    let app = spawn_app().await;
    let client = app.client();
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);

    let r = app.call(&client, "login", &[("username", "admin"), ("password", DEMO_PASSWORD)]).await;
    assert!(r.ok(), "{r:?}");
    let cookie = session_cookie(&r.set_cookie).expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http must not mark the cookie Secure: {cookie}");

    let me = app.whoami(&client).await;
    assert_eq!(me["username"], "admin");
    assert!(me["roles"].as_array().unwrap().iter().any(|r| r == "UnionAdmin"));

    let r = app.call(&client, "logout", &[]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action IN ('auth.login', 'auth.logout')").await, 2);
}

#[tokio::test]
async fn secure_cookie_when_served_over_https() {
    let app = spawn_app_with(|s| s.secure_cookies = true).await;
    let r = app.call(&app.client(), "login", &[("username", "admin"), ("password", DEMO_PASSWORD)]).await;
    let cookie = session_cookie(&r.set_cookie).unwrap();
    // `__Host-`: Secure, for the whole site, for this host only (no Domain).
    assert!(cookie.starts_with("__Host-ciw_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_refused_alike() {
    let app = spawn_app().await;
    let client = app.client();
    for (u, p) in [("admin", "wrong-password1"), ("nobody", DEMO_PASSWORD), ("", "")] {
        let r = app.call(&client, "login", &[("username", u), ("password", p)]).await;
        assert_eq!(r.status, 422, "{r:?}");
        assert_eq!(r.field_error("password").as_deref(), Some("err.login.failed"));
    }
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);
}

#[tokio::test]
async fn signing_in_issues_a_new_session_id() {
    let app = spawn_app().await;
    let client = app.client();
    let first = app.call(&client, "login", &[("username", "employee"), ("password", DEMO_PASSWORD)]).await;
    let first_id = session_cookie(&first.set_cookie).unwrap();
    let second = app.call(&client, "login", &[("username", "judge"), ("password", DEMO_PASSWORD)]).await;
    let second_id = session_cookie(&second.set_cookie).expect("a new cookie at the second sign-in");
    let value = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(value(&first_id), value(&second_id));

    // The old id no longer identifies anybody.
    let stale = reqwest::Client::new();
    let r =
        stale.post(format!("{}/api/current_user", app.base)).header("Cookie", value(&first_id)).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "null");
}

#[tokio::test]
async fn disabling_a_person_ends_their_session() {
    let app = spawn_app().await;
    let employee = app.login_role(Role::Employee).await;
    assert_eq!(app.whoami(&employee).await["username"], "employee");
    let admin = app.login_role(Role::UnionAdmin).await;
    let id = app.person_id("employee").await.to_string();

    let r = app.call(&admin, "set_person_active", &[("id", &id), ("active", "false")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.whoami(&employee).await, serde_json::Value::Null);
    assert_eq!(app.call(&employee, "my_profile", &[]).await.status, 401);
    let again = app.call(&app.client(), "login", &[("username", "employee"), ("password", DEMO_PASSWORD)]).await;
    assert_eq!(again.status, 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.disable'").await, 1);

    // Re-enabled, they may sign in again; the session they had stays ended.
    let r = app.call(&admin, "set_person_active", &[("id", &id), ("active", "true")]).await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.whoami(&employee).await, serde_json::Value::Null, "re-enabling brings no session back");
    let fresh = app.login_role(Role::Employee).await;
    assert_eq!(app.whoami(&fresh).await["username"], "employee");
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let id = app.person_id("admin").await.to_string();
    let r = app.call(&admin, "set_person_active", &[("id", &id), ("active", "false")]).await;
    assert_eq!(r.field_error("active").as_deref(), Some("err.self.disable"));
    let r = app.call(&admin, "set_person_roles", &[("id", &id), ("roles[employee]", "on")]).await;
    assert_eq!(r.field_error("roles").as_deref(), Some("err.self.drop_admin"));
    assert_eq!(app.whoami(&admin).await["username"], "admin");
}

#[tokio::test]
async fn sessions_end_after_the_idle_timeout() {
    let app = spawn_app_with(|s| s.session_idle = Duration::from_secs(1)).await;
    let client = app.login_role(Role::Judge).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);
}

#[tokio::test]
async fn the_idle_timeout_slides_while_the_session_is_used() {
    let app = spawn_app_with(|s| s.session_idle = Duration::from_secs(3)).await;
    let client = app.login_role(Role::Judge).await;
    let signed_in = std::time::Instant::now();
    // Used every 1.2 s for twice the idle timeout: still signed in.
    while signed_in.elapsed() < Duration::from_secs(6) {
        assert_eq!(app.whoami(&client).await["username"], "judge", "after {:?}", signed_in.elapsed());
        tokio::time::sleep(Duration::from_millis(1200)).await;
    }
    // Left alone longer than the idle timeout: ended.
    tokio::time::sleep(Duration::from_millis(4200)).await;
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);
}

#[tokio::test]
async fn repeated_wrong_passwords_make_the_next_attempt_wait_and_are_audited() {
    let app = spawn_app().await;
    let client = app.client();
    let attempt = |password: &'static str| {
        let (app, client) = (&app, &client);
        async move { app.call(client, "login", &[("username", "Employee"), ("password", password)]).await }
    };
    // Five wrong passwords are answered as wrong.
    for _ in 0..5 {
        assert_eq!(attempt("wrong-pass-1").await.field_error("password").as_deref(), Some("err.login.failed"));
    }
    // The next attempt waits, even with the right password: refused unheard, with how long.
    let r = attempt(DEMO_PASSWORD).await;
    assert_eq!(r.status, 429, "{r:?}");
    assert_eq!(r.body["Throttled"]["seconds"], 1, "{r:?}");
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);
    // A refused attempt does not count: the wait does not grow with hammering.
    assert_eq!(app.count("SELECT count FROM sign_in_failures WHERE key = 'account:employee'").await, 5);
    // Failures are audited with the username tried, the address and the person it names.
    let id = app.person_id("employee").await;
    let failed = format!("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND object_id = {id} AND detail LIKE 'username=Employee address=127.0.0.1%'");
    assert_eq!(app.count(&failed).await, 5);
    // Once the wait is over the right password is heard, and the account's count starts again.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(attempt(DEMO_PASSWORD).await.ok());
    assert_eq!(app.count("SELECT COUNT(*) FROM sign_in_failures WHERE key = 'account:employee'").await, 0);
    // The address keeps its five failures: the sign-in neither adds to them nor refreshes them.
    assert_eq!(app.count("SELECT count FROM sign_in_failures WHERE key = 'address:127.0.0.1'").await, 5);
    // Another account is not slowed by this one's failures.
    assert!(app.call(&app.client(), "login", &[("username", "judge"), ("password", DEMO_PASSWORD)]).await.ok());
}

#[tokio::test]
async fn many_failures_from_one_address_slow_every_account_tried_from_it() {
    let app = spawn_app_with(|s| s.trust_proxy = true).await;
    // Behind the proxy, the address is the last X-Forwarded-For entry; fifty failures from it
    // (spread over many usernames) are on record.
    let now = chrono::Utc::now().timestamp();
    app.execute(&format!("INSERT INTO sign_in_failures (key, count, last_at) VALUES ('address:203.0.113.9', 50, {now})")).await;
    let from = |address: &'static str| {
        let app = &app;
        async move {
            app.client()
                .post(format!("{}/api/login", app.base))
                .header("X-Forwarded-For", format!("10.0.0.1, {address}"))
                .form(&[("username", "admin"), ("password", DEMO_PASSWORD)])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(from("203.0.113.9").await, 429);
    let elsewhere = from("198.51.100.7").await;
    assert!(elsewhere.is_success() || elsewhere.is_redirection(), "{elsewhere}");
}

#[tokio::test]
async fn common_passwords_are_refused() {
    let app = spawn_app().await;
    let client = app.login_role(Role::Employee).await;
    let r = app
        .call(&client, "change_my_password", &[("current_password", DEMO_PASSWORD), ("new_password", "Password123"), ("confirm_password", "Password123")])
        .await;
    assert_eq!(r.field_error("new_password").as_deref(), Some("err.password.common"), "{r:?}");
}

#[tokio::test]
async fn sessions_end_after_the_absolute_timeout_even_when_active() {
    let app = spawn_app_with(|s| s.session_absolute = Duration::from_secs(4)).await;
    let client = app.login_role(Role::Judge).await;
    let signed_in = std::time::Instant::now();
    // Active all along (each call renews the idle timeout), yet ended at the absolute limit.
    while signed_in.elapsed() < Duration::from_millis(2500) {
        assert_eq!(app.whoami(&client).await["username"], "judge");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_secs(4).saturating_sub(signed_in.elapsed()) + Duration::from_millis(300)).await;
    assert_eq!(app.whoami(&client).await, serde_json::Value::Null);
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_app().await;
    let here = app.login_role(Role::TeamLead).await;
    let elsewhere = app.login_role(Role::TeamLead).await;

    let bad = app
        .call(
            &here,
            "change_my_password",
            &[("current_password", "nope12345"), ("new_password", "newpass99"), ("confirm_password", "newpass99")],
        )
        .await;
    assert_eq!(bad.field_error("current_password").as_deref(), Some("err.password.wrong"));
    let weak = app
        .call(
            &here,
            "change_my_password",
            &[("current_password", DEMO_PASSWORD), ("new_password", "short"), ("confirm_password", "short")],
        )
        .await;
    assert_eq!(weak.field_error("new_password").as_deref(), Some("err.password.weak"));

    let r = app
        .call(
            &here,
            "change_my_password",
            &[("current_password", DEMO_PASSWORD), ("new_password", "newpass99"), ("confirm_password", "newpass99")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    assert_eq!(app.whoami(&here).await["username"], "teamlead");
    assert_eq!(app.whoami(&elsewhere).await, serde_json::Value::Null);
    app.login_as("teamlead", "newpass99").await;
}

#[tokio::test]
async fn everyone_edits_their_own_profile_only() {
    let app = spawn_app().await;
    let judge = app.login_role(Role::Judge).await;
    let r = app
        .call(
            &judge,
            "update_my_profile",
            &[("display_name", "赵敏敏"), ("phone", "13800001111"), ("email", "zm@example.cn")],
        )
        .await;
    assert!(r.ok(), "{r:?}");
    let me = app.call(&judge, "my_profile", &[]).await.body;
    assert_eq!(me["display_name"], "赵敏敏");
    assert_eq!(me["phone"], "13800001111");

    let bad =
        app.call(&judge, "update_my_profile", &[("display_name", " "), ("phone", "call me"), ("email", "x@y")]).await;
    assert_eq!(bad.status, 422);
    for f in ["display_name", "phone", "email"] {
        assert!(bad.field_error(f).is_some(), "{f}: {bad:?}");
    }
    let me = app.call(&judge, "my_profile", &[]).await.body;
    assert_eq!(me["display_name"], "赵敏敏", "bad input changed nothing");
}

#[tokio::test]
async fn a_failed_migration_stops_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.db");
    std::fs::write(&path, b"this is not a database file, it is plain text padding padding padding").unwrap();
    let settings = test_settings(&path);
    assert!(server::prepare_database(&settings).await.is_err());
}

#[tokio::test]
async fn a_new_production_database_gets_a_bootstrap_admin() {
    let app = spawn_app_with(|s| {
        s.demo = false;
        s.bootstrap_admin_password = Some(app::domain::org::Password::parse("first-admin-1", "password").unwrap());
    })
    .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, 1);
    let admin = app.login_as("admin", "first-admin-1").await;
    assert_eq!(app.call(&admin, "demo_accounts", &[]).await.body, serde_json::json!([]));
}
