//! Sign-in, sign-out and one's own profile. The session itself (cookies, ids) is the request's
//! context, handled by the server functions; what is stored is here.

use crate::db::{self, audit, Pool};
use crate::domain::org::{parse_email, parse_phone, Password, PersonName};
use crate::domain::roles::Role;
use crate::domain::throttle::{self, Failures};
use crate::domain::validation::Errors;
use crate::error::AppError;
use crate::model::people::Person;
use crate::model::UserInfo;

pub use crate::db::people::LoginRecord;

/// The active person a username names, with their password hash.
pub async fn login_record(pool: &Pool, username: &str) -> Result<Option<LoginRecord>, AppError> {
    Ok(db::people::login_record(&mut pool.begin().await?, &username.trim().to_ascii_lowercase()).await?)
}

/// The signed-in person with what their sessions are bound to (their password hash and session
/// epoch: a new password, or being disabled, ends the sessions issued before); `None` if disabled.
pub async fn session_user(pool: &Pool, id: i64) -> Result<Option<(UserInfo, String)>, AppError> {
    let mut tx = pool.single_read().await?;
    let Some(r) = db::people::session_row(&mut tx, id).await? else { return Ok(None) };
    let mut roles = Vec::new();
    for code in r.roles.as_deref().unwrap_or_default().split(',').filter(|c| !c.is_empty()) {
        roles.push(db::decode::<Role>("person_roles.role", code)?);
    }
    roles.sort();
    let info = UserInfo {
        id: r.id,
        username: r.username,
        display_name: r.display_name,
        team_id: r.team_id,
        team_name: r.team_name,
        department_name: r.department_name,
        roles,
        unread: r.unread,
        leads: r.leads,
    };
    Ok(Some((info, format!("{}#{}", r.password_hash, r.session_epoch))))
}

/// The throttle's keys for an attempt on `username` from `address`.
fn throttle_keys(username: &str, address: &str) -> (String, String) {
    let username: String = username.trim().to_lowercase().chars().take(64).collect();
    (format!("account:{username}"), format!("address:{}", crate::domain::throttle::address_key(address)))
}

fn remembered((count, last_at): (i64, i64)) -> Option<Failures> {
    (count > 0).then_some(Failures { count, last_at })
}

/// An attempt under way: what its address had on record before it was counted.
pub struct SignInAttempt {
    address_before: Option<Failures>,
}

/// Counts a sign-in attempt on `username` from `address` before its password is checked (see
/// `domain::throttle`), or refuses it unheard with how long to wait.
pub async fn begin_sign_in(pool: &Pool, username: &str, address: &str) -> Result<SignInAttempt, AppError> {
    let now = chrono::Utc::now().timestamp();
    let (account_key, address_key) = throttle_keys(username, address);
    let mut tx = pool.begin_write().await?;
    let account = remembered(db::people::sign_in_failures(&mut tx, &account_key).await?);
    let from = remembered(db::people::sign_in_failures(&mut tx, &address_key).await?);
    let seconds = throttle::wait(account, from, now);
    if seconds > 0 {
        tx.commit().await?;
        return Err(AppError::Throttled { seconds });
    }
    let a = throttle::ACCOUNT.counted(account, now);
    db::people::set_sign_in_failures(&mut tx, &account_key, a.count, a.last_at).await?;
    let b = throttle::ADDRESS.counted(from, now);
    db::people::set_sign_in_failures(&mut tx, &address_key, b.count, b.last_at).await?;
    tx.commit().await?;
    Ok(SignInAttempt { address_before: from })
}

/// After the password was checked: a success (`Ok(person)`) forgets the account's failures, puts
/// the address's record back as it was before this attempt (a sign-in neither adds to an office's
/// count nor keeps its failures fresh) and records the sign-in; a failure is recorded in the audit
/// log with the username tried and the address, naming the person when the username is theirs.
pub async fn end_sign_in(
    pool: &Pool,
    attempt: SignInAttempt,
    username: &str,
    address: &str,
    outcome: Result<i64, Option<i64>>,
) -> Result<(), AppError> {
    let (account_key, address_key) = throttle_keys(username, address);
    let mut tx = pool.begin_write().await?;
    match outcome {
        Ok(person) => {
            db::people::forget_sign_in_failures(&mut tx, &account_key).await?;
            match attempt.address_before {
                Some(f) => db::people::set_sign_in_failures(&mut tx, &address_key, f.count, f.last_at).await?,
                None => db::people::forget_sign_in_failures(&mut tx, &address_key).await?,
            }
            audit::record(&mut tx, Some(person), "auth.login", "person", Some(person), "").await?;
        }
        Err(person) => {
            let tried: String = username.trim().chars().take(64).collect();
            let detail = format!("username={tried} address={address}");
            audit::record(&mut tx, None, "auth.login_failed", "person", person, &detail).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Forgets sign-in failures older than a day (run now and then).
pub async fn prune_sign_in_failures(pool: &Pool) -> Result<u64, AppError> {
    let before = chrono::Utc::now().timestamp() - throttle::ACCOUNT.forget_after.max(throttle::ADDRESS.forget_after);
    let mut tx = pool.begin_write().await?;
    let n = db::people::prune_sign_in_failures(&mut tx, before).await?;
    tx.commit().await?;
    Ok(n)
}

/// Records a sign-in or sign-out (`auth.login` / `auth.logout`).
pub async fn record_session_event(pool: &Pool, person: i64, action: &str) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    audit::record(&mut tx, Some(person), action, "person", Some(person), "").await?;
    tx.commit().await?;
    Ok(())
}

pub async fn my_profile(pool: &Pool, me: &UserInfo) -> Result<Person, AppError> {
    super::people::load(&mut pool.begin().await?, me.id).await
}

/// A person edits their own contact details (name, phone, e-mail); team and roles stay with the admin.
pub async fn update_my_profile(
    pool: &Pool,
    me: &UserInfo,
    display_name: &str,
    phone: &str,
    email: &str,
) -> Result<(), AppError> {
    let mut errors = Errors::new();
    let name = errors.check(PersonName::parse(display_name));
    let phone = errors.check(parse_phone(phone));
    let email = errors.check(parse_email(email));
    let (Some(name), Some(phone), Some(email)) = (name, phone, email) else {
        return Err(errors.into_vec().into());
    };
    let mut tx = pool.begin_write().await?;
    db::people::update_own(&mut tx, me.id, &name, &phone, &email).await?;
    audit::record(&mut tx, Some(me.id), "profile.update", "person", Some(me.id), name.as_str()).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes one's own password after checking the current one.
pub async fn change_my_password(
    pool: &Pool,
    me: &UserInfo,
    current_password: &str,
    new_password: &str,
    confirm_password: &str,
) -> Result<(), AppError> {
    let new = Password::parse(new_password, "new_password")?;
    if new_password != confirm_password {
        return Err(AppError::field("confirm_password", "err.password.mismatch"));
    }
    let stored = db::people::password_hash(&mut pool.begin().await?, me.id).await?.ok_or(AppError::NotFound)?;
    if !crate::password::verify(current_password.to_string(), stored).await? {
        return Err(AppError::field("current_password", "err.password.wrong"));
    }
    let hash = crate::password::hash(new.expose().to_string()).await?;
    super::people::store_password(pool, me.id, me.id, &hash).await
}
