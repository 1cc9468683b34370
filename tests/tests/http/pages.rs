//! Server-rendered pages: language from the cookie, guards, 404.

use app::domain::roles::Role;
use ciw_tests::*;

#[tokio::test]
async fn pages_render_in_chinese_by_default_and_in_english_from_the_cookie() {
    let app = spawn_app().await;
    let (status, html, _) = app.get(&app.client(), "/login").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"zh-CN\""), "{html}");
    assert!(html.contains("演示账号"), "demo accounts listed in demo mode");

    let en = reqwest::Client::new();
    let res = en.get(format!("{}/login", app.base)).header("Cookie", "lang=en").send().await.unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains("Demo accounts"), "{html}");
    assert!(html.contains("<html lang=\"en\""), "{html}");
}

#[tokio::test]
async fn demo_accounts_are_hidden_outside_demo_mode() {
    let app = spawn_app_with(|s| {
        s.demo = false;
        s.bootstrap_admin_password = Some(app::domain::org::Password::parse("first-admin-1", "password").unwrap());
    })
    .await;
    let (_, html, _) = app.get(&app.client(), "/login").await;
    assert!(!html.contains("演示账号"));
}

#[tokio::test]
async fn unknown_pages_are_404() {
    let app = spawn_app().await;
    let (status, html, _) = app.get(&app.client(), "/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("404"));
}

#[tokio::test]
async fn guarded_pages_send_visitors_to_sign_in_and_refuse_the_wrong_role() {
    let app = spawn_app().await;
    let (status, _, headers) = app.get(&app.client(), "/admin/people").await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers.get("location").unwrap(), "/login?next=%2Fadmin%2Fpeople");
    // The project feed is for the organisation's people: a visitor is sent to sign in at once, by
    // the server, and comes back to the feed after.
    let (status, _, headers) = app.get(&app.client(), "/projects?tab=feed").await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(headers.get("location").unwrap(), "/login?next=%2Fprojects%3Ftab%3Dfeed");
    let sign_in = |next: &'static str| {
        let app = &app;
        async move {
            let res = app
                .client()
                .post(format!("{}/api/login", app.base))
                .header("Accept", "text/html")
                .form(&[("username", "employee"), ("password", DEMO_PASSWORD), ("next", next)])
                .send()
                .await
                .unwrap();
            // Without the form's one-off outcome marker.
            let to = res.headers().get("location").unwrap().to_str().unwrap().to_string();
            to.replace("&__done=/api/login", "").replace("?__done=/api/login", "")
        }
    };
    assert_eq!(sign_in("/projects?tab=feed").await, "/projects?tab=feed");
    assert_eq!(sign_in("https://evil.example/").await, "/", "never to another site");
    assert_eq!(sign_in("//evil.example").await, "/");

    let emp = app.login_role(Role::Employee).await;
    let (status, html, _) = app.get(&emp, "/admin/people").await;
    assert_eq!(status, 200);
    assert!(html.contains("您没有权限"), "refusal shown");
    assert!(!html.contains("王建华"), "no people listed");

    let admin = app.login_role(Role::UnionAdmin).await;
    let (_, html, _) = app.get(&admin, "/admin/people").await;
    assert!(html.contains("王建华"), "the admin sees the list");
}

#[tokio::test]
async fn navigation_follows_the_roles() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    let (_, html, _) = app.get(&emp, "/").await;
    assert!(html.contains("data-section=\"nav.directory\""));
    assert!(!html.contains("data-section=\"nav.admin_people\""));
    assert!(!html.contains("data-section=\"nav.my_team\""));

    let lead = app.login_role(Role::TeamLead).await;
    let (_, html, _) = app.get(&lead, "/").await;
    assert!(html.contains("data-section=\"nav.my_team\""));

    let admin = app.login_role(Role::UnionAdmin).await;
    let (_, html, _) = app.get(&admin, "/").await;
    for s in ["nav.admin_org", "nav.admin_people", "nav.admin_audit"] {
        assert!(html.contains(&format!("data-section=\"{s}\"")), "{s}");
    }
}

#[tokio::test]
async fn pages_and_answers_with_a_persons_data_are_never_cached() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    for path in ["/", "/login", "/projects", "/rewards", "/export/ledger.csv"] {
        let (status, _, headers) = app.get(&admin, path).await;
        assert!(status.is_success(), "{path}: {status}");
        assert_eq!(headers["cache-control"], "no-store", "{path}");
    }
    let res = admin.post(format!("{}/api/current_user", app.base)).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
}

/// A form posted without the browser script (or by it, which sends the same request): the
/// server answers with a redirect back to the page, marked `__done` when it worked and `__err`
/// when it did not, and the page rendered at that address says which.
#[tokio::test]
async fn a_plain_form_post_comes_back_to_its_page_with_the_outcome() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    let post = |args: &'static [(&'static str, &'static str)]| {
        emp.post(format!("{}/api/update_my_profile", app.base))
            .header("Accept", "text/html")
            .header("Referer", format!("{}/profile", app.base))
            .form(args)
            .send()
    };
    let res = post(&[("display_name", "刘洋"), ("phone", "13800000000"), ("email", "not-an-address")]).await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("__err=") && !location.contains("__done"), "{location}");
    let (_, html, _) = app.get(&emp, location.trim_start_matches(&app.base)).await;
    assert!(html.contains("请输入有效的电子邮箱"), "the field's message is on the page");
    assert!(!html.contains("已保存"));

    let res = post(&[("display_name", "刘洋"), ("phone", "13800000000"), ("email", "liu@example.com")]).await.unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("/profile?__done=/api/update_my_profile"), "{location}");
    let (_, html, _) = app.get(&emp, location.trim_start_matches(&app.base)).await;
    assert!(html.contains("已保存"), "the success is on the page");
    // Another function's success is not this form's.
    let (_, html, _) = app.get(&emp, "/profile?__done=/api/change_my_password").await;
    assert_eq!(html.matches("密码已修改").count(), 1, "only the password form says it was changed");
    assert_eq!(html.matches("已保存").count(), 0);
}

#[tokio::test]
async fn the_language_switch_is_a_form_anyone_can_post() {
    let app = spawn_app().await;
    let visitor = app.client();
    let res = visitor
        .post(format!("{}/api/set_language", app.base))
        .header("Accept", "text/html")
        .header("Referer", format!("{}/login", app.base))
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("lang=en;"));
    let (_, html, _) = app.get(&visitor, "/login").await;
    assert!(html.contains("<html lang=\"en\""), "the page comes in English");
    assert!(html.contains("Sign in"));
    // Every page carries the navigation script and no preload of the WASM.
    assert!(html.contains("requestIdleCallback") && !html.contains("modulepreload"));
}

#[tokio::test]
async fn requests_sent_from_another_site_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let emp = app.login_role(Role::Employee).await;
    let own = app.base.clone();
    let profile = |origin: String| {
        let (app, emp) = (&app, &emp);
        async move {
            emp.post(format!("{}/api/update_my_profile", app.base))
                .header("Origin", origin)
                .form(&[("display_name", "被篡改"), ("phone", ""), ("email", "")])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(profile("https://evil.example".into()).await, 403);
    assert_eq!(profile("null".into()).await, 403, "a sandboxed page names no site");
    assert_eq!(app.count("SELECT COUNT(*) FROM people WHERE display_name = '被篡改'").await, 0);
    // A sign-in forced from another site is refused as well.
    let forced = app
        .client()
        .post(format!("{}/api/login", app.base))
        .header("Origin", "https://evil.example")
        .form(&[("username", "employee"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(forced.status(), 403);
    // A download asked for by another site's page (its Referer) is refused; this site's is served.
    let export = |referer: String| {
        let (app, emp) = (&app, &emp);
        async move {
            emp.get(format!("{}/export/ledger.csv", app.base)).header("Referer", referer).send().await.unwrap().status()
        }
    };
    assert_eq!(export("https://evil.example/page".into()).await, 403);
    assert_eq!(export(format!("{own}/rewards")).await, 200);
    // From this site (or through a proxy that forwards the host asked for) it goes through.
    let status = profile(own.clone()).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let proxied = emp
        .post(format!("{}/api/update_my_profile", app.base))
        .header("Origin", "https://union.example")
        .header("X-Forwarded-Host", "union.example")
        .form(&[("display_name", "刘洋"), ("phone", ""), ("email", "")])
        .send()
        .await
        .unwrap();
    assert!(proxied.status().is_success(), "{}", proxied.status());
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    let (_, html, headers) = app.get(&app.client(), "/login").await;
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-frame-options"], "DENY");
    let csp = headers["content-security-policy"].to_str().unwrap();
    for part in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "'wasm-unsafe-eval'"] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("'unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    // Every inline script of the page carries the nonce the policy names, made afresh per answer.
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split_once('\'')).map(|(n, _)| n.to_string()).expect("a nonce");
    let scripts: Vec<&str> = html.split("<script").skip(1).map(|s| s.split_once('>').unwrap().0).collect();
    assert!(!scripts.is_empty());
    for attrs in &scripts {
        assert!(attrs.contains(&format!("nonce=\"{nonce}\"")), "{attrs} without the nonce {nonce}");
    }
    let (_, _, again) = app.get(&app.client(), "/login").await;
    assert!(!again["content-security-policy"].to_str().unwrap().contains(&nonce), "a new nonce every time");
    // An answer that is not a page allows no inline script at all.
    let (_, _, api) = app.get(&app.client(), "/pkg/does-not-exist.js").await;
    let plain = api["content-security-policy"].to_str().unwrap();
    assert!(plain.contains("script-src 'self' 'wasm-unsafe-eval'") && !plain.contains("nonce"), "{plain}");
    assert!(headers.get("strict-transport-security").is_none(), "not over plain http");
    let https =
        app.client().get(format!("{}/login", app.base)).header("X-Forwarded-Proto", "https").send().await.unwrap();
    assert!(https.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.login_role(Role::UnionAdmin).await;
    let before = app.count("SELECT COUNT(*) FROM departments").await;
    // A server function's form over 1 MiB: refused by its declared length before any of it is
    // read, with a translated error. (Sent by hand: a client still writing a body the server has
    // already refused may see the connection close under it, as the limit intends.)
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/create_department HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 2000000\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("err.too_large"), "{answer}");
    assert_eq!(app.count("SELECT COUNT(*) FROM departments").await, before);
    // A page's upload form over its limit goes back to the page with the upload's own message.
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /projects/1/attachments HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\n\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 99000000\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.to_lowercase().contains("location: /projects/1?upload_error=err.attachment.too_large"), "{answer}");
    // One not much over is read to its end first (a browser shows the answer only once it has
    // sent the file), then sent back the same way.
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let eleven_mib = 11 * 1024 * 1024;
    let head = format!(
        "POST /honours/1/photo HTTP/1.1\r\nHost: {addr}\r\nAccept: text/html\r\n\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {eleven_mib}\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&vec![b'x'; eleven_mib]).await.unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.to_lowercase().contains("location: /honours/1?upload_error=err.photo.too_large"), "{answer}");
    // A long field under the limit is refused by its own rule, not by size.
    let r = app.call(&admin, "create_department", &[("name", &"长".repeat(61)), ("kind", "department")]).await;
    assert_eq!(r.status, 422);
    // An upload route takes more than a form does (its own limit is the largest file it takes).
    let two_mib = vec![b'x'; 2 * 1024 * 1024];
    let r = admin.post(format!("{}/projects/1/attachments", app.base)).body(two_mib).send().await.unwrap();
    assert_ne!(r.status(), 413);
}
