//! Bulk loading for a new, empty database: the company shell and batches of people (the demo
//! organisation and `server generate`).

use super::{exec, now, on, Tx};
use crate::domain::roles::Role;

pub async fn insert_company(tx: &mut Tx, name: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("INSERT INTO company (id, name, updated_at) VALUES (1, $1, $2)")
        .bind(name)
        .bind(now())
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn insert_department(tx: &mut Tx, name: &str, kind: &str) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO departments (company_id, name, kind, created_at, updated_at) VALUES (1, $1, $2, $3, $3) RETURNING id",
    )
    .bind(name)
    .bind(kind)
    .bind(now())
    .fetch_one(c)
    .await)
}

/// One person of a batch.
pub struct PersonSeed {
    pub username: String,
    pub display_name: String,
    pub team_id: i64,
    pub roles: Vec<Role>,
    pub phone: String,
    pub job_title: &'static str,
    pub employee_no: String,
}

/// Inserts a batch of active people sharing one password hash, with their roles.
pub async fn insert_people(tx: &mut Tx, rows: &[PersonSeed], password_hash: &str) -> Result<(), sqlx::Error> {
    let ts = now();
    exec!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO people (username, display_name, team_id, employee_no, job_title, phone, active, password_hash, created_at, updated_at) ",
        );
        q.push_values(rows, |mut b, r| {
            b.push_bind(&r.username)
                .push_bind(&r.display_name)
                .push_bind(r.team_id)
                .push_bind(&r.employee_no)
                .push_bind(r.job_title)
                .push_bind(&r.phone)
                .push_bind(true)
                .push_bind(password_hash)
                .push_bind(ts)
                .push_bind(ts);
        });
        q.build().execute(&mut *c).await
    })?;
    // Roles are joined on username so the batch does not depend on how ids are assigned.
    let pairs: Vec<(&str, &str)> =
        rows.iter().flat_map(|r| r.roles.iter().map(move |role| (r.username.as_str(), role.code()))).collect();
    exec!(tx, c => {
        let mut q = sqlx::QueryBuilder::new("WITH v(username, role) AS (");
        q.push_values(&pairs, |mut b, (u, role)| {
            b.push_bind(*u).push_bind(*role);
        });
        q.push(") INSERT INTO person_roles (person_id, role) SELECT p.id, v.role FROM v JOIN people p ON p.username = v.username");
        q.build().execute(&mut *c).await
    })?;
    Ok(())
}

/// Every points entry's id, oldest first.
pub async fn point_ids(tx: &mut Tx) -> Result<Vec<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM points ORDER BY id").fetch_all(c).await)
}

/// Books an entry on another day (demo history only: the boards are rebuilt afterwards).
pub async fn set_booked_on(tx: &mut Tx, id: i64, day: chrono::NaiveDate) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE points SET booked_on = $1 WHERE id = $2").bind(day).bind(id).execute(c).await)?;
    Ok(())
}

/// One generated points entry (benchmarks).
pub struct PointSeed {
    pub person: i64,
    pub team: i64,
    pub department: i64,
    pub points: i64,
    pub booked_on: chrono::NaiveDate,
}

/// Inserts a batch of generated points entries (source `honour` 0, reason `generated`); the
/// boards are rebuilt afterwards.
pub async fn insert_points(tx: &mut Tx, rows: &[PointSeed]) -> Result<(), sqlx::Error> {
    let ts = now();
    exec!(tx, c => {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO points (person_id, team_id, department_id, points, source_type, source_id, reason, booked_on, created_at) ",
        );
        q.push_values(rows, |mut b, r| {
            b.push_bind(r.person)
                .push_bind(r.team)
                .push_bind(r.department)
                .push_bind(r.points)
                .push_bind("honour")
                .push_bind(0i64)
                .push_bind("generated")
                .push_bind(r.booked_on)
                .push_bind(ts);
        });
        q.build().execute(&mut *c).await
    })?;
    Ok(())
}

/// Every person's (id, team, department), in id order (benchmarks).
pub async fn placements(tx: &mut Tx) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.team_id, t.department_id FROM people p JOIN teams t ON t.id = p.team_id ORDER BY p.id",
    )
    .fetch_all(c)
    .await)
}
