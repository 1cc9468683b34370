//! People, their roles and passwords.

use super::{audit, is_foreign_key_violation, is_unique_violation, now, Pool, Tx};
use crate::domain::org::{Contact, PersonName, Username};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::model::{PeoplePage, Person, UserInfo};
use sqlx::{FromRow, QueryBuilder};

const PERSON_COLUMNS: &str = "p.id, p.username, p.display_name, p.team_id, t.name AS team_name,
    d.name AS department_name, p.employee_no, p.job_title, p.phone, p.email, p.active";
const PERSON_FROM: &str = "FROM people p JOIN teams t ON t.id = p.team_id JOIN departments d ON d.id = t.department_id";

#[derive(FromRow)]
struct PersonRow {
    id: i64,
    username: String,
    display_name: String,
    team_id: i64,
    team_name: String,
    department_name: String,
    employee_no: Option<String>,
    job_title: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    active: bool,
}

impl PersonRow {
    fn into_person(self, roles: Vec<Role>) -> Person {
        Person {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            team_id: self.team_id,
            team_name: self.team_name,
            department_name: self.department_name,
            employee_no: self.employee_no,
            job_title: self.job_title,
            phone: self.phone,
            email: self.email,
            active: self.active,
            roles,
        }
    }
}

async fn with_roles(pool: &Pool, rows: Vec<PersonRow>) -> Result<Vec<Person>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::<super::Db>::new("SELECT person_id, role FROM person_roles WHERE person_id IN (");
    let mut sep = q.separated(", ");
    for r in &rows {
        sep.push_bind(r.id);
    }
    q.push(")");
    let pairs: Vec<(i64, String)> = q.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut roles: Vec<Role> =
                pairs.iter().filter(|(id, _)| *id == r.id).filter_map(|(_, c)| Role::parse(c)).collect();
            roles.sort();
            r.into_person(roles)
        })
        .collect())
}

pub async fn get(pool: &Pool, id: i64) -> Result<Person, AppError> {
    let row: Option<PersonRow> = sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} {PERSON_FROM} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let row = row.ok_or(AppError::NotFound)?;
    Ok(with_roles(pool, vec![row]).await?.remove(0))
}

/// A page of people, optionally filtered by a name / username / employee-number fragment and a team.
pub async fn list(
    pool: &Pool,
    query: &str,
    team_id: Option<i64>,
    page: i64,
    per_page: i64,
) -> Result<PeoplePage, sqlx::Error> {
    let page = page.max(1);
    let pattern = format!("%{}%", query.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let filter = "WHERE ($1 = '%%' OR p.display_name LIKE $1 ESCAPE '\\' OR p.username LIKE $1 ESCAPE '\\'
                   OR p.employee_no LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR p.team_id = $2)";
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {PERSON_FROM} {filter}"))
        .bind(&pattern)
        .bind(team_id)
        .fetch_one(pool)
        .await?;
    let rows: Vec<PersonRow> =
        sqlx::query_as(&format!("SELECT {PERSON_COLUMNS} {PERSON_FROM} {filter} ORDER BY p.id LIMIT $3 OFFSET $4"))
            .bind(&pattern)
            .bind(team_id)
            .bind(per_page)
            .bind((page - 1) * per_page)
            .fetch_all(pool)
            .await?;
    Ok(PeoplePage { rows: with_roles(pool, rows).await?, total, page, per_page })
}

pub async fn team_members(pool: &Pool, team_id: i64) -> Result<Vec<Person>, sqlx::Error> {
    let rows: Vec<PersonRow> = sqlx::query_as(&format!(
        "SELECT {PERSON_COLUMNS} {PERSON_FROM} WHERE p.team_id = $1 AND p.active ORDER BY p.id"
    ))
    .bind(team_id)
    .fetch_all(pool)
    .await?;
    with_roles(pool, rows).await
}

/// What authentication needs of a person: kept server-side, never serialised.
#[derive(Clone, FromRow)]
pub struct LoginRecord {
    pub id: i64,
    pub password_hash: String,
}

pub async fn login_record(pool: &Pool, username: &str) -> Result<Option<LoginRecord>, sqlx::Error> {
    sqlx::query_as("SELECT id, password_hash FROM people WHERE username = $1 AND active")
        .bind(username.trim().to_ascii_lowercase())
        .fetch_optional(pool)
        .await
}

pub async fn password_hash(pool: &Pool, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM people WHERE id = $1").bind(id).fetch_optional(pool).await
}

/// The signed-in person with their password hash (for the session check); `None` if disabled.
pub async fn session_user(pool: &Pool, id: i64) -> Result<Option<(UserInfo, String)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        id: i64,
        username: String,
        display_name: String,
        team_id: i64,
        team_name: String,
        department_name: String,
        password_hash: String,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT p.id, p.username, p.display_name, p.team_id, t.name AS team_name, d.name AS department_name,
                p.password_hash {PERSON_FROM} WHERE p.id = $1 AND p.active"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let mut roles: Vec<Role> = sqlx::query_scalar::<_, String>("SELECT role FROM person_roles WHERE person_id = $1")
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .filter_map(|c| Role::parse(c))
        .collect();
    roles.sort();
    Ok(Some((
        UserInfo {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            team_id: r.team_id,
            team_name: r.team_name,
            department_name: r.department_name,
            roles,
            unread: 0,
        },
        r.password_hash,
    )))
}

pub struct NewPerson<'a> {
    pub username: &'a Username,
    pub display_name: &'a PersonName,
    pub team_id: i64,
    pub contact: &'a Contact,
    pub roles: &'a [Role],
    pub password_hash: &'a str,
}

fn person_conflict(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) {
        let msg = e.as_database_error().map(|d| d.message().to_string()).unwrap_or_default();
        if msg.contains("employee_no") {
            AppError::field("employee_no", "err.employee_no.taken")
        } else {
            AppError::field("username", "err.username.taken")
        }
    } else if is_foreign_key_violation(&e) {
        AppError::field("team_id", "err.team.missing")
    } else {
        e.into()
    }
}

/// Inserts a person inside the caller's transaction (shared by the admin form and the seeders).
pub async fn insert(tx: &mut Tx<'_>, p: &NewPerson<'_>) -> Result<i64, sqlx::Error> {
    let ts = now();
    let id: i64 = sqlx::query_scalar(
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
    .fetch_one(&mut **tx)
    .await?;
    replace_roles(tx, id, p.roles).await?;
    Ok(id)
}

async fn replace_roles(tx: &mut Tx<'_>, id: i64, roles: &[Role]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM person_roles WHERE person_id = $1").bind(id).execute(&mut **tx).await?;
    for r in roles {
        sqlx::query("INSERT INTO person_roles (person_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(r.code())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn role_codes(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

pub async fn create(pool: &Pool, actor: i64, p: &NewPerson<'_>) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id = insert(&mut tx, p).await.map_err(person_conflict)?;
    let detail = format!("{} {} roles={}", p.username.as_str(), p.display_name.as_str(), role_codes(p.roles));
    audit::record(&mut tx, Some(actor), "person.create", "person", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(
    pool: &Pool,
    actor: i64,
    id: i64,
    display_name: &PersonName,
    team_id: i64,
    contact: &Contact,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let n = sqlx::query(
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
    .execute(&mut *tx)
    .await
    .map_err(person_conflict)?
    .rows_affected();
    if n == 0 {
        return Err(AppError::NotFound);
    }
    let detail = format!("{} team={team_id}", display_name.as_str());
    audit::record(&mut tx, Some(actor), "person.update", "person", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// A person edits their own contact details (name, phone, e-mail); team and roles stay with the admin.
pub async fn update_own(
    pool: &Pool,
    id: i64,
    display_name: &PersonName,
    phone: &Option<String>,
    email: &Option<String>,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE people SET display_name = $1, phone = $2, email = $3, updated_at = $4 WHERE id = $5")
        .bind(display_name.as_str())
        .bind(phone)
        .bind(email)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, Some(id), "profile.update", "person", Some(id), display_name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

async fn ensure_exists(tx: &mut Tx<'_>, id: i64) -> Result<(), AppError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
    if n == 0 {
        Err(AppError::NotFound)
    } else {
        Ok(())
    }
}

pub async fn set_roles(pool: &Pool, actor: i64, id: i64, roles: &[Role]) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    ensure_exists(&mut tx, id).await?;
    replace_roles(&mut tx, id, roles).await?;
    audit::record(&mut tx, Some(actor), "person.roles", "person", Some(id), &role_codes(roles)).await?;
    tx.commit().await?;
    Ok(())
}

/// Enables or disables sign-in. A disabled person's sessions end at their next request, because
/// the session check loads only active people.
pub async fn set_active(pool: &Pool, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    ensure_exists(&mut tx, id).await?;
    sqlx::query("UPDATE people SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(active)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let action = if active { "person.enable" } else { "person.disable" };
    audit::record(&mut tx, Some(actor), action, "person", Some(id), "").await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a new password hash. Other sessions of that person end, since the session check
/// compares the hash it was issued with.
pub async fn set_password(pool: &Pool, actor: i64, id: i64, hash: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    ensure_exists(&mut tx, id).await?;
    sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let action = if actor == id { "profile.password" } else { "person.password_reset" };
    audit::record(&mut tx, Some(actor), action, "person", Some(id), "").await?;
    tx.commit().await?;
    Ok(())
}

pub async fn count(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(pool).await
}
