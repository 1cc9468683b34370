//! Operations: backup and restore; the integrity check (`server verify`).

use app::db::Engine;
use app::domain::roles::Role;
use ciw_tests::*;

#[tokio::test]
async fn a_backup_taken_while_the_server_runs_restores_into_a_new_place_with_every_row_and_file() {
    let app = spawn_app().await;
    if app.engine() == Engine::Postgres {
        return; // PostgreSQL is backed up with its own tools (docs/deploy.md).
    }
    // A file to carry along: an attachment on a project.
    let lead = app.login_role(Role::TeamLead).await;
    let png = [&[0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], &[7u8; 64]].concat();
    let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(png.clone()).file_name("a.png"));
    let project = app
        .count(
            "SELECT MIN(m.project_id) FROM project_members m JOIN people p ON p.id = m.person_id
             JOIN projects j ON j.id = m.project_id
             WHERE p.username = 'teamlead' AND j.stage NOT IN ('adopted', 'closed', 'rejected')",
        )
        .await;
    let r = lead
        .post(format!("{}/projects/{project}/attachments", app.base))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let place = tempfile::tempdir().unwrap();
    let dir = place.path().join("backup");
    // Writes go on while the copy is taken; the copy is of one moment all the same.
    let writer = {
        let lead = lead.clone();
        let base = app.base.clone();
        tokio::spawn(async move {
            for _ in 0..20 {
                let _ = lead.post(format!("{base}/api/mark_notifications_read")).header("Accept", "application/json").send().await;
            }
        })
    };
    let copied = server::backup::backup(&app.pool, &app.upload_dir(), &dir).await.expect("backup");
    writer.await.unwrap();
    assert_eq!(copied.files, 1);
    assert!(server::backup::backup(&app.pool, &app.upload_dir(), &dir).await.is_err(), "never over an old backup");

    let database = place.path().join("restored/ciw.db");
    let uploads = place.path().join("restored/uploads");
    let restored = server::backup::restore(&dir, &database, &uploads).await.expect("restore");
    assert_eq!(restored.counts, copied.counts);
    assert!(server::backup::restore(&dir, &database, &uploads).await.is_err(), "never over a database");

    // The same rows and totals as the running database (nothing was written since but the
    // notifications read, which change no row count), but no sessions: whoever holds a backup
    // cannot act as the people signed in when it was taken. Only its owner may read it.
    let sessions = |counts: &[(String, i64)]| counts.iter().find(|(t, _)| t == "tower_sessions").map(|(_, n)| *n);
    assert_eq!(sessions(&restored.counts), Some(0));
    assert!(sessions(&app.pool.table_counts().await.unwrap()).unwrap() > 0, "the lead is signed in");
    let original: Vec<(String, i64)> =
        app.pool.table_counts().await.unwrap().into_iter().filter(|(t, _)| t != "tower_sessions").collect();
    let restored_rows: Vec<(String, i64)> = restored.counts.iter().filter(|(t, _)| t != "tower_sessions").cloned().collect();
    assert_eq!(restored_rows, original);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    assert!(original.iter().any(|(t, n)| t == "payouts" && *n > 0), "{original:?}");
    let copy = app::db::Pool::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    for sql in [
        "SELECT CAST(SUM(amount_fen) AS BIGINT) FROM payouts",
        "SELECT CAST(SUM(points) AS BIGINT) FROM points",
        "SELECT COUNT(*) FROM competition_events",
    ] {
        let here = app.count(sql).await;
        let there = copy.scalar_i64(sql).await.unwrap();
        assert_eq!(here, there, "{sql}");
    }
    let key = app.text("SELECT storage_key FROM attachments").await;
    assert_eq!(std::fs::read(uploads.join(key)).unwrap(), png);
}

#[tokio::test]
async fn the_integrity_check_finds_what_was_changed_behind_the_apps_back() {
    let app = spawn_app().await;
    let check = || async { app::services::integrity::check(&app.pool).await.unwrap() };
    let report = check().await;
    assert!(report.intact(), "the demo data agrees with itself: {:?}", report.problems);
    assert!(!report.chains.is_empty());

    // A leaderboard total edited by hand (and so its rank count), a payout line one fen richer, a
    // line paid by the admin who approved it, a project moved without a transition.
    app.execute(
        "UPDATE board_totals SET total = total + 1 WHERE board = 'person' AND win = 'all'
         AND subject = (SELECT MIN(subject) FROM board_totals WHERE board = 'person' AND win = 'all')",
    )
    .await;
    let line = app.count("SELECT MIN(id) FROM payouts WHERE project_id IS NOT NULL").await;
    let project = app.count(&format!("SELECT project_id FROM payouts WHERE id = {line}")).await;
    app.execute(&format!("UPDATE payouts SET amount_fen = amount_fen + 1 WHERE id = {line}")).await;
    let admin = app.person_id("admin").await;
    app.execute(&format!(
        "UPDATE payouts SET status = 'paid', approved_by = {admin}, paid_by = {admin} WHERE id = (SELECT MAX(id) FROM payouts)"
    ))
    .await;
    let moved = app.count("SELECT MIN(project_id) FROM project_events").await;
    app.execute(&format!("UPDATE projects SET stage = 'closed' WHERE id = {moved}")).await;

    let report = check().await;
    assert!(!report.intact());
    let said = report.problems.join("\n");
    for expected in [
        "1 leaderboard rows disagree with the points ledger",
        "rank counts disagree",
        "1 payout lines have a missing or same-person signature",
        "1 projects are not at the stage of their last transition",
        &format!("project {project}: "),
    ] {
        assert!(said.contains(expected), "{expected:?} in {said}");
    }
}
