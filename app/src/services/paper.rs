//! Marks of a round judged on paper, imported from a file (organisers): every row gets the checks
//! a typed mark gets, every mark the same hash-chained event (naming the file's line), and, when
//! the organiser says the judges signed their paper sheets, their complete sheets are signed.
//! Contestants not registered for the round and
//! judges not on its panel are listed for the organiser to settle first; nothing is added silently.

use super::competitions::{place_of_contestant, place_of_judge, record_difficulty, scheme_of, stored};
use super::require;
use crate::db::{self, competitions as repo, Pool};
use crate::domain::authz::Permission;
use crate::domain::competition::{PaperMark, MAX_PAPER_ROWS};
use crate::domain::exact::Exact;
use crate::domain::policy::judge_conflicted;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::UserInfo;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Whether the caller may import marks into this round (asked before a file is read).
pub async fn check_may_import(pool: &Pool, me: &UserInfo, round: i64) -> Result<(), AppError> {
    require(me, Permission::ManageCompetitions)?;
    repo::round(&mut pool.begin().await?, round).await?.ok_or(AppError::NotFound)?;
    Ok(())
}

/// Imports a round's paper marks; returns how many marks were recorded. All or nothing: names
/// not registered or not on the panel come back as `contestant:<who>` / `judge:<who>` errors, bad
/// rows as `row-<line>` errors. With `signed` (the judges signed their paper sheets), each judge
/// of the file whose marks are then complete has the sheet signed.
pub async fn import_marks(
    pool: &Pool,
    me: &UserInfo,
    round: i64,
    rows: &[PaperMark],
    signed: bool,
) -> Result<usize, AppError> {
    require(me, Permission::ManageCompetitions)?;
    if rows.is_empty() {
        return Err(AppError::field("file", "err.import.empty"));
    }
    if rows.len() > MAX_PAPER_ROWS {
        return Err(AppError::field("file", "err.import.too_many"));
    }
    // A name is a username or an employee number: short, one line.
    let named = |who: &str| !who.is_empty() && who.chars().count() <= 64 && !who.chars().any(char::is_control);
    let unnamed: Vec<FieldError> = rows
        .iter()
        .filter(|m| !named(&m.contestant) || !named(&m.judge))
        .map(|m| FieldError::new(&format!("row-{}", m.line), "err.paper.name"))
        .collect();
    if !unnamed.is_empty() {
        return Err(unnamed.into());
    }
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    if r.locked_at.is_some() {
        return Err(AppError::field("file", "err.round.locked"));
    }
    let scheme = scheme_of(&r)?;
    let judges = repo::judges(&mut tx, round).await?;
    let field = repo::field(&mut tx, r.event_id, round).await?;

    // Who the file names: each contestant in the round's field, each judge on its panel.
    let mut people: HashMap<String, Option<i64>> = HashMap::new();
    for who in rows.iter().flat_map(|m| [&m.contestant, &m.judge]) {
        if !people.contains_key(who) {
            let id = db::people::active_id_by_login_or_number(&mut tx, who).await?;
            people.insert(who.clone(), id);
        }
    }
    let contestant_of =
        |who: &str| people.get(who).copied().flatten().and_then(|p| field.iter().find(|c| c.person_id == p));
    let judge_of =
        |who: &str| people.get(who).copied().flatten().and_then(|p| judges.iter().find(|j| j.person_id == p));
    let mut unsettled: Vec<FieldError> = Vec::new();
    let mut named = BTreeSet::new();
    for m in rows {
        if contestant_of(&m.contestant).is_none() && named.insert(("contestant", m.contestant.clone())) {
            unsettled.push(FieldError::new(&format!("contestant:{}", m.contestant), "err.paper.unregistered"));
        }
        if judge_of(&m.judge).is_none() && named.insert(("judge", m.judge.clone())) {
            unsettled.push(FieldError::new(&format!("judge:{}", m.judge), "err.paper.not_on_panel"));
        }
    }
    if !unsettled.is_empty() {
        return Err(unsettled.into());
    }

    // Every row checked as a typed mark is.
    let mut errors = Vec::new();
    let mut marks: Vec<(&PaperMark, i64, i64, u8, Exact)> = Vec::new();
    let mut seen = HashSet::new();
    let mut difficulty: HashMap<(i64, u8), (String, usize)> = HashMap::new();
    for m in rows {
        let row = format!("row-{}", m.line);
        let (Some(c), Some(j)) = (contestant_of(&m.contestant), judge_of(&m.judge)) else { continue };
        let attempt = if m.attempt.is_empty() { Some(1) } else { m.attempt.parse::<u8>().ok() };
        let Some(attempt) = attempt.filter(|a| *a >= 1 && *a <= scheme.attempts) else {
            errors.push(FieldError::new(&row, "err.paper.attempt"));
            continue;
        };
        if j.signed_at.is_some() {
            errors.push(FieldError::new(&row, "err.sheet.signed"));
            continue;
        }
        if judge_conflicted(place_of_judge(j), place_of_contestant(c), r.department_conflict) {
            errors.push(FieldError::new(&row, "err.mark.conflict"));
            continue;
        }
        let value = match Exact::parse_decimal(&m.value) {
            None => {
                errors.push(FieldError::new(&row, "err.mark.number"));
                continue;
            }
            Some(v) => v,
        };
        if let Err(e) = scheme.check_mark(attempt, &m.criterion, value) {
            errors.push(FieldError::new(&row, e.message_key()));
            continue;
        }
        if !seen.insert((c.id, attempt, j.person_id, m.criterion.clone())) {
            errors.push(FieldError::new(&row, "err.paper.twice"));
            continue;
        }
        if !m.difficulty.is_empty() {
            match Exact::parse_decimal(&m.difficulty).filter(|d| *d > Exact::ZERO) {
                None => {
                    errors.push(FieldError::new(&row, "err.difficulty.invalid"));
                    continue;
                }
                Some(d) => {
                    let text = d.to_decimal().unwrap_or_else(|| d.to_string());
                    match difficulty.get(&(c.id, attempt)) {
                        Some((other, _)) if *other != text => {
                            errors.push(FieldError::new(&row, "err.paper.difficulty"));
                            continue;
                        }
                        Some(_) => {}
                        None => {
                            difficulty.insert((c.id, attempt), (text, m.line));
                        }
                    }
                }
            }
        }
        marks.push((m, c.id, j.person_id, attempt, value));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }

    // Written as typed marks are: each an event in the round's chain, naming the file's line.
    let current: HashMap<(i64, i64), String> =
        repo::difficulties(&mut tx, round).await?.into_iter().map(|(c, a, v)| ((c, a), v)).collect();
    let mut changes: Vec<(&(i64, u8), &(String, usize))> =
        difficulty.iter().filter(|((c, a), (v, _))| current.get(&(*c, *a as i64)) != Some(v)).collect();
    changes.sort_by_key(|(_, (_, line))| *line);
    for ((contestant, attempt), (value, _)) in changes {
        stored("attempt_difficulty.difficulty", value)?;
        record_difficulty(&mut tx, round, me.id, *contestant, *attempt as i64, value).await?;
    }
    for (m, contestant, judge, attempt, value) in &marks {
        let text = value.to_string();
        let old = repo::put_mark(&mut tx, round, *judge, *contestant, *attempt as i64, &m.criterion, &text).await?;
        let body = serde_json::json!({
            "judge": judge, "contestant": contestant, "attempt": attempt, "criterion": m.criterion,
            "old": old, "new": text, "paper_line": m.line,
        })
        .to_string();
        repo::append_event(&mut tx, round, me.id, "mark", &body, None).await?;
    }
    // A judge's sheet signed on paper and complete is signed here too.
    let needed = scheme.criteria.len() * scheme.attempts as usize;
    let filed: BTreeSet<i64> = if signed { marks.iter().map(|m| m.2).collect() } else { BTreeSet::new() };
    let stored_marks = repo::marks(&mut tx, round).await?;
    for j in judges.iter().filter(|j| filed.contains(&j.person_id)) {
        let complete = field
            .iter()
            .filter(|c| !judge_conflicted(place_of_judge(j), place_of_contestant(c), r.department_conflict))
            .all(|c| stored_marks.iter().filter(|m| m.0 == j.person_id && m.1 == c.id).count() >= needed);
        if complete && repo::sign_sheet(&mut tx, round, j.person_id).await? == 1 {
            let body = serde_json::json!({ "judge": j.person_id, "paper": true }).to_string();
            repo::append_event(&mut tx, round, me.id, "sign", &body, None).await?;
        }
    }
    let detail = format!("{}: {} paper marks", r.name, marks.len());
    db::audit::record(&mut tx, Some(me.id), "round.paper_marks", "round", Some(round), &detail).await?;
    tx.commit().await?;
    Ok(marks.len())
}
