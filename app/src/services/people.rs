//! People: the administration of accounts and roles, the directory, a team lead's roster.

use super::require;
use crate::db::{self, audit, is_foreign_key_violation, unique_violation, Pool, Tx};
use crate::domain::authz::{check_self_change, Permission};
use crate::domain::org::{
    parse_email, parse_employee_no, parse_job_title, parse_phone, Contact, Password, PersonName, Username,
};
use crate::domain::roles::Role;
use crate::domain::validation::{Errors, FieldError};
use crate::error::AppError;
use crate::model::people::{PeoplePage, Person};
use crate::model::{Pick, UserInfo};

/// Attaches their roles to person rows (one query for all of them).
pub(crate) async fn with_roles(tx: &mut Tx, rows: Vec<db::people::PersonRow>) -> Result<Vec<Person>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let pairs = db::people::roles_of(tx, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let roles = roles_of(&pairs, r.id)?;
        out.push(Person {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            team_id: r.team_id,
            team_name: r.team_name,
            department_name: r.department_name,
            employee_no: r.employee_no,
            job_title: r.job_title,
            phone: r.phone,
            email: r.email,
            active: r.active,
            roles,
        });
    }
    Ok(out)
}

/// One person's roles, sorted, from (person, role code) pairs; an unknown code is an error.
pub(crate) fn roles_of(pairs: &[(i64, String)], person: i64) -> Result<Vec<Role>, AppError> {
    let mut roles = Vec::new();
    for (_, code) in pairs.iter().filter(|(id, _)| *id == person) {
        roles.push(db::decode::<Role>("person_roles.role", code)?);
    }
    roles.sort();
    Ok(roles)
}

pub(crate) async fn load(tx: &mut Tx, id: i64) -> Result<Person, AppError> {
    let row = db::people::get(tx, id).await?.ok_or(AppError::NotFound)?;
    Ok(with_roles(tx, vec![row]).await?.remove(0))
}

/// A page of people, filtered by a name / username / employee-number fragment and a team.
pub async fn list(
    pool: &Pool,
    me: &UserInfo,
    query: &str,
    team_id: Option<i64>,
    page: i64,
    per_page: i64,
) -> Result<PeoplePage, AppError> {
    require(me, Permission::ManagePeople)?;
    let page = crate::model::clamp_page(page);
    let mut tx = pool.begin().await?;
    let total = db::people::search_count(&mut tx, query, team_id).await?;
    let rows = db::people::search(&mut tx, query, team_id, per_page, (page - 1) * per_page).await?;
    let rows = with_roles(&mut tx, rows).await?;
    let team_name = match team_id {
        Some(t) => db::org::team_label(&mut tx, t).await?.map(super::org::team_pick_label),
        None => None,
    };
    Ok(PeoplePage { rows, team_name, total, page, per_page })
}

/// The people picker: up to ten active people whose name, username, employee number or team's
/// name starts with what was typed (anyone in the organisation may look people up).
pub async fn find(pool: &Pool, me: &UserInfo, typed: &str) -> Result<Vec<Pick>, AppError> {
    require(me, Permission::ViewDirectory)?;
    let typed: String = typed.trim().chars().take(40).collect();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db::people::pick(&mut pool.single_read().await?, &typed, PICKS).await?;
    Ok(rows
        .into_iter()
        .map(|r| Pick { value: r.username, label: format!("{} · {}", r.display_name, r.team_name) })
        .collect())
}

/// How many suggestions a picker shows.
pub const PICKS: i64 = 10;

pub async fn get(pool: &Pool, me: &UserInfo, id: i64) -> Result<Person, AppError> {
    require(me, Permission::ManagePeople)?;
    load(&mut pool.begin().await?, id).await
}

/// The caller's own team (班组) roster, for team leads.
pub async fn my_team(pool: &Pool, me: &UserInfo) -> Result<Vec<Person>, AppError> {
    require(me, Permission::ViewOwnTeam)?;
    let mut tx = pool.begin().await?;
    let rows = db::people::team_members(&mut tx, me.team_id).await?;
    with_roles(&mut tx, rows).await
}

/// The person form as posted.
pub struct PersonForm<'a> {
    pub display_name: &'a str,
    /// The team picker's value: the team's id, as text.
    pub team: &'a str,
    pub employee_no: &'a str,
    pub job_title: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
}

fn parse_contact(errors: &mut Errors, f: &PersonForm) -> Option<Contact> {
    let employee_no = errors.check(parse_employee_no(f.employee_no));
    let job_title = errors.check(parse_job_title(f.job_title));
    let phone = errors.check(parse_phone(f.phone));
    let email = errors.check(parse_email(f.email));
    Some(Contact { employee_no: employee_no?, job_title: job_title?, phone: phone?, email: email? })
}

fn person_conflict(e: sqlx::Error) -> AppError {
    match unique_violation(&e).as_deref() {
        Some("people_employee_no_key") => AppError::field("employee_no", "err.employee_no.taken"),
        Some("people_username_key") => AppError::field("username", "err.username.taken"),
        _ if is_foreign_key_violation(&e) => AppError::field("team_id", "err.team.missing"),
        _ => e.into(),
    }
}

fn role_codes(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

pub async fn create(
    pool: &Pool,
    me: &UserInfo,
    username: &str,
    password: &str,
    roles: &[Role],
    form: &PersonForm<'_>,
) -> Result<i64, AppError> {
    require(me, Permission::ManagePeople)?;
    let mut errors = Errors::new();
    let username = errors.check(Username::parse(username));
    let name = errors.check(PersonName::parse(form.display_name));
    let password = errors.check(Password::parse(password, "password"));
    let team_id = errors.check(super::org::picked_id("team_id", form.team, "err.team.missing"));
    let contact = parse_contact(&mut errors, form);
    if roles.is_empty() {
        errors.push(FieldError::new("roles", "err.roles.empty"));
    }
    let (Some(username), Some(name), Some(password), Some(team_id), Some(contact)) =
        (username, name, password, team_id, contact)
    else {
        return Err(errors.into_vec().into());
    };
    if !errors.is_empty() {
        return Err(errors.into_vec().into());
    }
    if !db::org::team_exists(&mut pool.begin().await?, team_id).await? {
        return Err(AppError::field("team_id", "err.team.missing"));
    }
    let password_hash = crate::password::hash(password.expose().to_string()).await?;
    let new = db::people::NewPerson {
        username: &username,
        display_name: &name,
        team_id,
        contact: &contact,
        roles,
        password_hash: &password_hash,
    };
    let mut tx = pool.begin_write().await?;
    let id = db::people::insert(&mut tx, &new).await.map_err(person_conflict)?;
    let detail = format!("{} {} roles={}", username.as_str(), name.as_str(), role_codes(roles));
    audit::record(&mut tx, Some(me.id), "person.create", "person", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(pool: &Pool, me: &UserInfo, id: i64, form: &PersonForm<'_>) -> Result<(), AppError> {
    require(me, Permission::ManagePeople)?;
    let mut errors = Errors::new();
    let name = errors.check(PersonName::parse(form.display_name));
    let team_id = errors.check(super::org::picked_id("team_id", form.team, "err.team.missing"));
    let contact = parse_contact(&mut errors, form);
    let (Some(name), Some(team_id), Some(contact)) = (name, team_id, contact) else {
        return Err(errors.into_vec().into());
    };
    let mut tx = pool.begin_write().await?;
    if !db::org::team_exists(&mut tx, team_id).await? {
        return Err(AppError::field("team_id", "err.team.missing"));
    }
    if db::people::update(&mut tx, id, &name, team_id, &contact).await.map_err(person_conflict)? == 0 {
        return Err(AppError::NotFound);
    }
    let detail = format!("{} team={}", name.as_str(), team_id);
    audit::record(&mut tx, Some(me.id), "person.update", "person", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_roles(pool: &Pool, me: &UserInfo, id: i64, roles: &[Role]) -> Result<(), AppError> {
    require(me, Permission::ManagePeople)?;
    if roles.is_empty() {
        return Err(AppError::field("roles", "err.roles.empty"));
    }
    check_self_change(me.id, id, Some(roles), None)?;
    let mut tx = pool.begin_write().await?;
    if !db::people::exists(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    db::people::replace_roles(&mut tx, id, roles).await?;
    audit::record(&mut tx, Some(me.id), "person.roles", "person", Some(id), &role_codes(roles)).await?;
    tx.commit().await?;
    Ok(())
}

/// Enables or disables sign-in. A disabled person's sessions end at their next request, because
/// the session check loads only active people.
pub async fn set_active(pool: &Pool, me: &UserInfo, id: i64, active: bool) -> Result<(), AppError> {
    require(me, Permission::ManagePeople)?;
    check_self_change(me.id, id, None, Some(active))?;
    let mut tx = pool.begin_write().await?;
    if !db::people::exists(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    db::people::set_active(&mut tx, id, active).await?;
    let action = if active { "person.enable" } else { "person.disable" };
    audit::record(&mut tx, Some(me.id), action, "person", Some(id), "").await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password for someone who forgot theirs; their sessions end.
pub async fn reset_password(pool: &Pool, me: &UserInfo, id: i64, new_password: &str) -> Result<(), AppError> {
    require(me, Permission::ManagePeople)?;
    let password = Password::parse(new_password, "new_password")?;
    let hash = crate::password::hash(password.expose().to_string()).await?;
    store_password(pool, me.id, id, &hash).await
}

/// Stores a new password hash. Other sessions of that person end, since the session check
/// compares the hash it was issued with.
pub(crate) async fn store_password(pool: &Pool, actor: i64, id: i64, hash: &str) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    if !db::people::exists(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    db::people::set_password_hash(&mut tx, id, hash).await?;
    let action = if actor == id { "profile.password" } else { "person.password_reset" };
    audit::record(&mut tx, Some(actor), action, "person", Some(id), "").await?;
    tx.commit().await?;
    Ok(())
}

/// The ids of the active people with these usernames, or the field error for the first one
/// that names nobody.
pub(crate) async fn resolve_usernames(tx: &mut Tx, usernames: &[&str], field: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::with_capacity(usernames.len());
    for u in usernames {
        match db::people::active_id_by_username(tx, &u.trim().to_ascii_lowercase()).await? {
            Some(id) => ids.push(id),
            None => return Err(AppError::field(field, "err.person.missing")),
        }
    }
    Ok(ids)
}
