//! People, their roles and passwords.

use super::{contains_pattern, exec, now, on, Tx};
use crate::domain::org::{Contact, PersonName, Username};
use crate::domain::roles::Role;
use sqlx::FromRow;

const PERSON_COLUMNS: &str = "p.id, p.username, p.display_name, p.team_id, t.name AS team_name,
    d.name AS department_name, p.employee_no, p.job_title, p.phone, p.email, p.active";
const PERSON_FROM: &str = "FROM people p JOIN teams t ON t.id = p.team_id JOIN departments d ON d.id = t.department_id";

/// A person's row, roles apart (see [`roles_of`]).
#[derive(FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub team_id: i64,
    pub team_name: String,
    pub department_name: String,
    pub employee_no: Option<String>,
    pub job_title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
}

/// The (person, role code) pairs of these people.
pub async fn roles_of(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT person_id, role FROM person_roles WHERE person_id IN ({list}) ORDER BY person_id, role");
    on!(tx, c => sqlx::query_as(&sql).fetch_all(c).await)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<Option<PersonRow>, sqlx::Error> {
    let sql = format!("SELECT {PERSON_COLUMNS} {PERSON_FROM} WHERE p.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

const SEARCH: &str = "WHERE ($1 = '%%' OR LOWER(p.display_name) LIKE $1 ESCAPE '\\'
        OR LOWER(p.username) LIKE $1 ESCAPE '\\' OR LOWER(p.employee_no) LIKE $1 ESCAPE '\\')
    AND (CAST($2 AS BIGINT) IS NULL OR p.team_id = $2)";

/// How many people match a name / username / employee-number fragment and a team.
pub async fn search_count(tx: &mut Tx, query: &str, team_id: Option<i64>) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) {PERSON_FROM} {SEARCH}");
    let pattern = contains_pattern(query);
    on!(tx, c => sqlx::query_scalar(&sql).bind(&pattern).bind(team_id).fetch_one(c).await)
}

/// A page of the people matching, in id order.
pub async fn search(
    tx: &mut Tx,
    query: &str,
    team_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<Vec<PersonRow>, sqlx::Error> {
    let sql = format!("SELECT {PERSON_COLUMNS} {PERSON_FROM} {SEARCH} ORDER BY p.id LIMIT $3 OFFSET $4");
    let pattern = contains_pattern(query);
    on!(tx, c => sqlx::query_as(&sql).bind(&pattern).bind(team_id).bind(limit).bind(offset).fetch_all(c).await)
}

pub async fn team_members(tx: &mut Tx, team_id: i64) -> Result<Vec<PersonRow>, sqlx::Error> {
    let sql = format!("SELECT {PERSON_COLUMNS} {PERSON_FROM} WHERE p.team_id = $1 AND p.active ORDER BY p.id");
    on!(tx, c => sqlx::query_as(&sql).bind(team_id).fetch_all(c).await)
}

/// A person as the picker shows them.
#[derive(FromRow)]
pub struct PickRow {
    pub username: String,
    pub display_name: String,
    pub team_name: String,
}

/// Up to `limit` active people whose username, name, employee number or team name starts with
/// `prefix`, by name: each match an index range, so it costs the same on any organisation.
pub async fn pick(tx: &mut Tx, prefix: &str, limit: i64) -> Result<Vec<PickRow>, sqlx::Error> {
    let (from, to) = super::prefix_range(prefix);
    let (lower_from, lower_to) = super::prefix_range(&prefix.to_lowercase());
    // Staff numbers are kept in capitals (JN900001): typed in any case.
    let (upper_from, upper_to) = super::prefix_range(&prefix.to_uppercase());
    let c = tx.byte_order();
    let sql = format!(
        "SELECT p.username, p.display_name, t.name AS team_name
         FROM people p JOIN teams t ON t.id = p.team_id
         WHERE p.id IN (
             SELECT id FROM (SELECT id FROM people WHERE username{c} >= $1 AND username{c} < $2 AND active
                             ORDER BY username{c} LIMIT $5) a
             UNION SELECT id FROM (SELECT id FROM people WHERE display_name{c} >= $3 AND display_name{c} < $4 AND active
                             ORDER BY display_name{c} LIMIT $5) b
             UNION SELECT id FROM (SELECT id FROM people WHERE employee_no{c} >= $6 AND employee_no{c} < $7 AND active
                             ORDER BY employee_no{c} LIMIT $5) e
             UNION SELECT id FROM (SELECT m.id FROM teams tt JOIN people m ON m.team_id = tt.id
                             WHERE tt.name{c} >= $3 AND tt.name{c} < $4 AND m.active LIMIT $5) f)
         ORDER BY p.display_name, p.username LIMIT $5"
    );
    on!(tx, c => sqlx::query_as(&sql)
        .bind(&lower_from)
        .bind(&lower_to)
        .bind(&from)
        .bind(&to)
        .bind(limit)
        .bind(&upper_from)
        .bind(&upper_to)
        .fetch_all(c)
        .await)
}

/// What authentication needs of a person: kept server-side, never serialised.
#[derive(Clone, FromRow)]
pub struct LoginRecord {
    pub id: i64,
    pub password_hash: String,
}

/// An active person by username (already lower-cased).
pub async fn login_record(tx: &mut Tx, username: &str) -> Result<Option<LoginRecord>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT id, password_hash FROM people WHERE username = $1 AND active")
        .bind(username)
        .fetch_optional(c)
        .await)
}

/// The id of the active person with this username (already lower-cased).
pub async fn active_id_by_username(tx: &mut Tx, username: &str) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM people WHERE username = $1 AND active")
        .bind(username)
        .fetch_optional(c)
        .await)
}

/// The id of the person with this username (already lower-cased), active or not.
pub async fn id_by_username(tx: &mut Tx, username: &str) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM people WHERE username = $1").bind(username).fetch_optional(c).await)
}

pub async fn username(tx: &mut Tx, id: i64) -> Result<Option<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT username FROM people WHERE id = $1").bind(id).fetch_optional(c).await)
}

pub async fn is_active(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1 AND active")
        .bind(id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

pub async fn exists(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 =
        on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1").bind(id).fetch_one(c).await)?;
    Ok(n > 0)
}

pub async fn password_hash(tx: &mut Tx, id: i64) -> Result<Option<String>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT password_hash FROM people WHERE id = $1").bind(id).fetch_optional(c).await)
}

/// An active person with their password hash, role codes (comma-separated) and unread
/// notifications: what every request of theirs needs, in one statement.
#[derive(FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub team_id: i64,
    pub team_name: String,
    pub department_name: String,
    pub password_hash: String,
    /// Raised when the person is disabled: sessions issued before end.
    pub session_epoch: i64,
    pub roles: Option<String>,
    pub unread: i64,
    /// Whether they are the responsible leader (挂钩领导) of any project.
    pub leads: bool,
}

pub async fn session_row(tx: &mut Tx, id: i64) -> Result<Option<SessionRow>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.username, p.display_name, p.team_id, t.name AS team_name, d.name AS department_name,
                p.password_hash, p.session_epoch,
                (SELECT string_agg(r.role, ',') FROM person_roles r WHERE r.person_id = p.id) AS roles,
                (SELECT COUNT(*) FROM notifications n WHERE n.person_id = p.id AND n.read_at IS NULL) AS unread,
                EXISTS (SELECT 1 FROM projects pr WHERE pr.leader_id = p.id) AS leads
         {PERSON_FROM} WHERE p.id = $1 AND p.active"
    );
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

pub struct NewPerson<'a> {
    pub username: &'a Username,
    pub display_name: &'a PersonName,
    pub team_id: i64,
    pub contact: &'a Contact,
    pub roles: &'a [Role],
    pub password_hash: &'a str,
}

/// Inserts a person with their roles.
pub async fn insert(tx: &mut Tx, p: &NewPerson<'_>) -> Result<i64, sqlx::Error> {
    let ts = now();
    let id: i64 = on!(tx, c => sqlx::query_scalar(
        "INSERT INTO people (username, display_name, team_id, employee_no, job_title, phone, email, active,
                             password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $9, $9) RETURNING id",
    )
    .bind(p.username.as_str())
    .bind(p.display_name.as_str())
    .bind(p.team_id)
    .bind(&p.contact.employee_no)
    .bind(&p.contact.job_title)
    .bind(&p.contact.phone)
    .bind(&p.contact.email)
    .bind(p.password_hash)
    .bind(ts)
    .fetch_one(c)
    .await)?;
    replace_roles(tx, id, p.roles).await?;
    Ok(id)
}

pub async fn replace_roles(tx: &mut Tx, id: i64, roles: &[Role]) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM person_roles WHERE person_id = $1").bind(id).execute(c).await)?;
    for r in roles {
        exec!(tx, c => sqlx::query("INSERT INTO person_roles (person_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(r.code())
            .execute(c)
            .await)?;
    }
    Ok(())
}

/// Rows changed (0 when there is no such person).
pub async fn update(
    tx: &mut Tx,
    id: i64,
    display_name: &PersonName,
    team_id: i64,
    contact: &Contact,
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE people SET display_name = $1, team_id = $2, employee_no = $3, job_title = $4, phone = $5,
                email = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(display_name.as_str())
    .bind(team_id)
    .bind(&contact.employee_no)
    .bind(&contact.job_title)
    .bind(&contact.phone)
    .bind(&contact.email)
    .bind(now())
    .bind(id)
    .execute(c)
    .await
    )
}

pub async fn update_own(
    tx: &mut Tx,
    id: i64,
    display_name: &PersonName,
    phone: &Option<String>,
    email: &Option<String>,
) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE people SET display_name = $1, phone = $2, email = $3, updated_at = $4 WHERE id = $5")
        .bind(display_name.as_str())
        .bind(phone)
        .bind(email)
        .bind(now())
        .bind(id)
        .execute(c)
        .await)?;
    Ok(())
}

/// Enables or disables a person; disabling also raises their session epoch, ending their sessions.
pub async fn set_active(tx: &mut Tx, id: i64, active: bool) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE people SET active = $1, updated_at = $2,
                session_epoch = session_epoch + CASE WHEN $1 THEN 0 ELSE 1 END
         WHERE id = $3",
    )
        .bind(active)
        .bind(now())
        .bind(id)
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now())
        .bind(id)
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn count(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(c).await)
}

/// An active person named by their username or their employee number (工号), as typed.
pub async fn active_id_by_login_or_number(tx: &mut Tx, who: &str) -> Result<Option<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT id FROM people WHERE (username = $1 OR employee_no = $1) AND active ORDER BY id LIMIT 1",
    )
    .bind(who.trim())
    .fetch_optional(c)
    .await)
}

/// A person's team and department as (team, department).
pub async fn place_of(tx: &mut Tx, id: i64) -> Result<Option<(i64, i64)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT t.id, t.department_id FROM people p JOIN teams t ON t.id = p.team_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// The recent sign-in failures under `key` (count, last), its row made if missing and locked
/// for this transaction in one statement (an upsert locks the row it finds on PostgreSQL), so
/// simultaneous attempts on one key take turns; on SQLite a write transaction holds the whole
/// database already.
pub async fn sign_in_failures(tx: &mut Tx, key: &str) -> Result<(i64, i64), sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "INSERT INTO sign_in_failures (key, count, last_at) VALUES ($1, 0, 0)
         ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING count, last_at",
    )
    .bind(key)
    .fetch_one(c)
    .await)
}

/// Sets the failures under `key`.
pub async fn set_sign_in_failures(tx: &mut Tx, key: &str, count: i64, last_at: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO sign_in_failures (key, count, last_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_at = excluded.last_at",
    )
    .bind(key)
    .bind(count)
    .bind(last_at)
    .execute(c)
    .await)?;
    Ok(())
}

/// Forgets the failures under `key`.
pub async fn forget_sign_in_failures(tx: &mut Tx, key: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM sign_in_failures WHERE key = $1").bind(key).execute(c).await)?;
    Ok(())
}

/// Forgets failures last seen before `before` (Unix seconds): the table stays as small as the
/// recent attacks.
pub async fn prune_sign_in_failures(tx: &mut Tx, before: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1").bind(before).execute(c).await)
}
