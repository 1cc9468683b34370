//! The server as several operating-system processes on one database, and stopping one: what a
//! deployment of N processes behind a reverse proxy relies on (docs/deploy.md). Run on SQLite, and
//! on PostgreSQL with `TEST_DATABASE_URL` (`.ci/with-postgres`).

mod support;

use serde_json::Value;
use std::time::Duration;
use support::*;

async fn scalar(pool: &app::db::Pool, sql: &str) -> i64 {
    pool.scalar_i64(sql).await.unwrap()
}

/// Reads a server-sent-events feed until `event: change` arrives (true) or `limit` passes.
async fn sees_change(feed: &mut reqwest::Response, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    let mut seen = String::new();
    while !seen.contains("event: change") {
        match tokio::time::timeout_at(deadline, feed.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            _ => return false,
        }
    }
    true
}

#[tokio::test]
async fn two_processes_share_sessions_writes_money_and_live_screens() {
    let place = Place::new().await;
    let a = Process::start(&place).await; // loads the demo organisation into the new database
    let b = Process::start(&place).await;
    let db = place.pool().await;
    println!("two processes on {}: {} and {}", place.engine(), a.base, b.base);

    // Signed in through one process, the session works through the other; signing out through
    // the other ends it everywhere.
    let admin = client();
    a.login(&admin, "admin").await;
    let (_, me) = b.call(&admin, "current_user", &[]).await;
    assert_eq!(me["username"], "admin", "{me}");
    // (The cookie is sent by hand: a client's cookie store would drop it on signing out, and
    // prove nothing about the session row.)
    let leaving = session_cookie(&b.base, "employee").await;
    assert_eq!(call_with_cookie(&a.base, &leaving, "current_user", &[]).await.1["username"], "employee");
    assert!(call_with_cookie(&a.base, &leaving, "logout", &[]).await.0.is_success());
    assert_eq!(call_with_cookie(&b.base, &leaving, "current_user", &[]).await.1, Value::Null);

    // Written through one, read through the other: an approval made through A is in the paid
    // person's notifications read through B.
    let line = scalar(&db, "SELECT MIN(id) FROM payouts WHERE status = 'pending'").await.to_string();
    let (status, body) = a.call(&admin, "advance_payout", &[("id", &line), ("to", "approved")]).await;
    assert!(status.is_success(), "{status} {body}");
    let who = db
        .scalar_text(&format!("SELECT p.username FROM payouts y JOIN people p ON p.id = y.person_id WHERE y.id = {line}"))
        .await
        .unwrap();
    let paid_person = client();
    b.login(&paid_person, &who).await;
    let (_, told) = b.call(&paid_person, "my_notifications", &[]).await;
    let approved = told.as_array().unwrap().iter().filter_map(|n| n["notice"].get("Payout")).any(|p| p["status"] == "Approved");
    assert!(approved, "{told}");

    // The same line paid through both processes at once: exactly one payment.
    let finance = client();
    a.login(&finance, "finance").await;
    let args = [("id", line.as_str()), ("to", "paid")];
    let (through_a, through_b) = tokio::join!(a.call(&finance, "advance_payout", &args), b.call(&finance, "advance_payout", &args));
    let paid = [&through_a, &through_b].iter().filter(|(s, _)| s.is_success()).count();
    assert_eq!(paid, 1, "{through_a:?} {through_b:?}");
    let refused = if through_a.0.is_success() { &through_b } else { &through_a };
    assert_eq!(refused.0, 422, "the other is refused as already paid: {refused:?}");
    assert_eq!(scalar(&db, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'payout.paid' AND object_id = {line}")).await, 1);

    // A big screen watching through B hears of a points entry written through A.
    let viewer = client();
    b.login(&viewer, "employee").await;
    let mut feed = viewer.get(format!("{}/boards/live", b.base)).send().await.unwrap();
    assert_eq!(feed.status(), 200);
    let entry = scalar(&db, "SELECT MIN(id) FROM points").await.to_string();
    let (status, body) = a.call(&admin, "correct_points", &[("entry", &entry), ("points", "3"), ("note", "两进程")]).await;
    assert!(status.is_success(), "{status} {body}");
    assert!(sees_change(&mut feed, Duration::from_secs(5)).await, "the screen on B follows a write through A");
    db.close().await;
}

/// Sends a server-function request by hand, its body in two parts with `between` run in the
/// middle; returns the status line and the rest of the answer.
async fn request_in_two_parts(
    base: &str,
    cookie: &str,
    endpoint: &str,
    body: &str,
    between: impl std::future::Future<Output = ()>,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST /api/{endpoint} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.split_at(body.len() / 2);
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(first.as_bytes()).await.unwrap();
    between.await;
    tcp.write_all(rest.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), tcp.read_to_string(&mut answer)).await.expect("an answer").unwrap();
    answer
}

#[tokio::test]
async fn sigterm_finishes_the_requests_in_flight_ends_live_feeds_and_exits_cleanly() {
    let place = Place::new().await;
    let mut server = Process::start(&place).await;
    let db = place.pool().await;

    // A big screen is connected: its endless feed must not hold the shutdown up.
    let viewer = client();
    server.login(&viewer, "employee").await;
    let mut feed = viewer.get(format!("{}/boards/live", server.base)).send().await.unwrap();
    assert_eq!(feed.status(), 200);

    // An admin's correction is half sent when the server is told to stop.
    let cookie = session_cookie(&server.base, "admin").await;
    let entry = scalar(&db, "SELECT MIN(id) FROM points").await;
    let note = "停机时提交";
    let body = serde_urlencoded::to_string([("entry", entry.to_string()), ("points", "4".into()), ("note", note.into())]).unwrap();
    let answer = request_in_two_parts(&server.base, &cookie, "correct_points", &body, async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        server.terminate();
        tokio::time::sleep(Duration::from_millis(500)).await;
    })
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "the request in flight is finished: {answer}");
    let written = format!("SELECT COUNT(*) FROM points WHERE note = '{note}'");
    assert_eq!(scalar(&db, &written).await, 1, "and what it wrote is committed");

    // The feed ends (the screen reconnects elsewhere), and the process exits cleanly.
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = feed.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the live feed ends when the server stops");
    let status = server.wait_exit(Duration::from_secs(10)).await.expect("the server exits after SIGTERM");
    assert!(status.success(), "{status}");
    db.close().await;
}
