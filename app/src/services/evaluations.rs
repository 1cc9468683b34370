//! The 五比两树 team evaluation: union admins start one for a period (weights, points by rank,
//! optionally one dimension taken from a labour competition), enter teams by department and name
//! the panel; evaluators score the teams that are not their own; publishing fixes every team's
//! shown scores, exact total and rank and books the rank's points on the team board, in one
//! transaction. Everyone signed in reads the published standings and each team's history.

use super::boards::{record, Source, Who};
use super::{require, today};
use crate::db::{self, evaluations as repo, Pool, Tx};
use crate::domain::authz::{allows, Permission};
use crate::domain::boards::{Month, Window};
use crate::domain::code::Code;
use crate::domain::evaluation::{self as rules, Dimension, EvaluationStatus};
use crate::domain::exact::Exact;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::evaluations::{
    ContestSummary, Derived, EvaluationForm, EvaluationSummary, EvaluationTeam, EvaluationView, EvaluationsPage,
    ScoreSheetView, SheetForm, SheetLine,
};
use crate::model::UserInfo;

pub const PER_PAGE: i64 = 20;
pub const TEAMS_PER_PAGE: i64 = 50;
pub const SHEET_PER_PAGE: i64 = 20;

/// A stored period key read back (`q2026-3`), failing loudly.
pub fn period_of(column: &str, key: &str) -> Result<Window, sqlx::Error> {
    // Only a window's own key: `Window::parse` also takes relative words ("month", "") for today.
    db::decode_text(column, key, |k| Window::parse(k, "", "", today()).ok().filter(|w| w.key().as_deref() == Some(k)))
}

fn month_of(column: &str, text: &str) -> Result<Month, sqlx::Error> {
    db::decode_text(column, text, Month::parse)
}

/// The periods a new evaluation may be for: the last four quarters, two years and three months.
fn offered_periods() -> Vec<Window> {
    let now = Month::of(today());
    let mut out = Vec::new();
    let mut q = Some(Window::Quarter(now.year, now.quarter()));
    for _ in 0..4 {
        if let Some(w) = q {
            out.push(w);
            q = w.previous();
        }
    }
    out.push(Window::Year(now.year));
    out.push(Window::Year(now.year - 1));
    let mut m = now;
    for _ in 0..3 {
        out.push(Window::Month(m));
        m = m.previous();
    }
    out
}

/// The list: evaluations or (`tab` = contests) labour competitions, a page at a time.
pub async fn list(pool: &Pool, me: &UserInfo, tab: &str, page: Option<i64>) -> Result<EvaluationsPage, AppError> {
    require(me, Permission::ViewDirectory)?;
    let page = crate::model::clamp_page(page.unwrap_or(1));
    let may_manage = allows(&me.roles, Permission::ManageEvaluations);
    let mut tx = pool.single_read().await?;
    let (mut evaluations, mut contests) = (Vec::new(), Vec::new());
    let tab = if tab == "contests" { "contests" } else { "evaluations" };
    let total = if tab == "contests" {
        let (rows, total) = db::labour::list(&mut tx, (page - 1) * PER_PAGE, PER_PAGE).await?;
        for r in rows {
            contests.push(ContestSummary {
                id: r.id,
                title: r.title,
                between: db::decode("labour_contests.between_kind", &r.between_kind)?,
                cadence: db::decode("labour_contests.cadence", &r.cadence)?,
                first: month_of("labour_contests.first_month", &r.first_month)?,
                last: month_of("labour_contests.last_month", &r.last_month)?,
                entrants: r.entrants,
            });
        }
        total
    } else {
        let (rows, total) = repo::list(&mut tx, (page - 1) * PER_PAGE, PER_PAGE).await?;
        for r in rows {
            evaluations.push(EvaluationSummary {
                id: r.id,
                period: period_of("evaluations.period", &r.period)?,
                status: db::decode("evaluations.status", &r.status)?,
                title: r.title,
                teams: r.teams,
            });
        }
        total
    };
    let my_panels = repo::scoring_for(&mut tx, me.id)
        .await?
        .into_iter()
        .map(|(id, title, period)| Ok((id, title, period_of("evaluations.period", &period)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let sources = if may_manage { super::labour::closed_team_periods(&mut tx).await? } else { Vec::new() };
    Ok(EvaluationsPage {
        tab: tab.into(),
        evaluations,
        contests,
        total,
        page,
        per_page: PER_PAGE,
        my_panels,
        may_manage,
        periods: if may_manage { offered_periods() } else { Vec::new() },
        sources,
    })
}

/// Starts an evaluation; returns its id.
pub async fn create(pool: &Pool, me: &UserInfo, f: &EvaluationForm) -> Result<i64, AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut errors = Vec::new();
    let title = f.title.trim();
    if title.is_empty() || title.chars().count() > rules::MAX_TITLE {
        errors.push(FieldError::new("title", "err.eval.title"));
    }
    let period = Window::parse(&f.period, "", "", today()).ok().filter(|w| w.key().is_some() && *w != Window::All);
    if period.is_none() {
        errors.push(FieldError::new("period", "err.eval.period"));
    }
    let weights = rules::parse_weights(&f.weights()).map_err(|e| errors.extend(e)).ok();
    let points = rules::parse_rank_points(&f.points).map_err(|k| errors.push(FieldError::new("points", k))).ok();
    let derived = match f.derived.trim() {
        "" => None,
        code => match (Dimension::from_code(code), f.source.split_once(':')) {
            (Some(d), Some((c, p))) => match (c.trim().parse::<i64>(), Window::parse(p, "", "", today())) {
                (Ok(c), Ok(w)) if w.key().is_some() => Some((d, c, w)),
                _ => {
                    errors.push(FieldError::new("source", "err.eval.source"));
                    None
                }
            },
            (None, _) => {
                errors.push(FieldError::new("derived", "err.eval.derived"));
                None
            }
            (_, None) => {
                errors.push(FieldError::new("source", "err.eval.source"));
                None
            }
        },
    };
    let (Some(period), Some(weights), Some(points)) = (period, weights, points) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = pool.begin_write().await?;
    let derived_key = derived.map(|(d, c, w)| (d, c, w.key().unwrap_or_default()));
    if let Some((_, contest, ref key)) = derived_key {
        if !super::labour::closed_between_teams(&mut tx, contest, key).await? {
            return Err(AppError::field("source", "err.eval.source"));
        }
    }
    let period_key = period.key().unwrap_or_default();
    let points_text = rules::rank_points_text(&points);
    let id = repo::insert(
        &mut tx,
        &repo::NewEvaluation {
            title,
            period: &period_key,
            weights,
            points: &points_text,
            derived: derived_key.as_ref().map(|(d, c, k)| (d.code(), *c, k.as_str())),
            by: me.id,
        },
    )
    .await?;
    db::audit::record(&mut tx, Some(me.id), "evaluation.create", "evaluation", Some(id), title).await?;
    tx.commit().await?;
    Ok(id)
}

/// The evaluation, locked for this transaction, while its panel is still scoring.
async fn scoring(tx: &mut Tx, id: i64) -> Result<repo::EvaluationRow, AppError> {
    repo::lock(tx, id).await?;
    let e = repo::get(tx, id).await?.ok_or(AppError::NotFound)?;
    if e.status != EvaluationStatus::Scoring.code() {
        return Err(AppError::field("", "err.eval.published"));
    }
    Ok(e)
}

/// A department named by (part of) its name: exactly one must match (or one exactly).
pub async fn department_named(tx: &mut Tx, text: &str) -> Result<i64, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field("department", "err.eval.department"));
    }
    if let Some(id) = db::boards::department_named(tx, text).await? {
        return Ok(id);
    }
    let found = db::boards::find_departments(tx, text, 2).await?;
    match found.as_slice() {
        [(id, _)] => Ok(*id),
        [] => Err(AppError::field("department", "err.eval.department")),
        _ => Err(AppError::field("department", "err.eval.department_many")),
    }
}

/// Enters every team of a department; returns how many were new.
pub async fn add_teams(pool: &Pool, me: &UserInfo, id: i64, department: &str) -> Result<u64, AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    scoring(&mut tx, id).await?;
    let dept = department_named(&mut tx, department).await?;
    let n = repo::add_department_teams(&mut tx, id, dept).await?;
    db::audit::record(
        &mut tx,
        Some(me.id),
        "evaluation.teams",
        "evaluation",
        Some(id),
        &format!("+{n} ({department})"),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

pub async fn remove_team(pool: &Pool, me: &UserInfo, id: i64, team: i64) -> Result<(), AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    scoring(&mut tx, id).await?;
    if repo::remove_team(&mut tx, id, team).await? == 0 {
        return Err(AppError::NotFound);
    }
    db::audit::record(&mut tx, Some(me.id), "evaluation.team_out", "evaluation", Some(id), &format!("team {team}"))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Names an evaluator (username or employee number).
pub async fn add_evaluator(pool: &Pool, me: &UserInfo, id: i64, who: &str) -> Result<(), AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    scoring(&mut tx, id).await?;
    let who = who.trim();
    let person = match who {
        "" => None,
        w => db::people::active_id_by_login_or_number(&mut tx, w).await?,
    }
    .ok_or_else(|| AppError::field("who", "err.eval.evaluator"))?;
    // A guest judge (外聘评委) judges competitions only: never a sheet they could not open.
    let roles = db::people::roles_of(&mut tx, &[person]).await?;
    let roles: Vec<crate::domain::roles::Role> =
        roles.iter().map(|(_, r)| db::decode("person_roles.role", r)).collect::<Result<_, _>>()?;
    if !allows(&roles, Permission::ViewDirectory) {
        return Err(AppError::field("who", "err.eval.evaluator"));
    }
    repo::add_evaluator(&mut tx, id, person).await?;
    db::audit::record(&mut tx, Some(me.id), "evaluation.panel", "evaluation", Some(id), who).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_evaluator(pool: &Pool, me: &UserInfo, id: i64, person: i64) -> Result<(), AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    scoring(&mut tx, id).await?;
    if repo::remove_evaluator(&mut tx, id, person).await? == 0 {
        return Err(AppError::NotFound);
    }
    db::audit::record(
        &mut tx,
        Some(me.id),
        "evaluation.panel_out",
        "evaluation",
        Some(id),
        &format!("person {person}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn shown_scores(column: &str, text: &str) -> Result<Vec<String>, sqlx::Error> {
    let scores = db::decode_text(column, text, |t| rules::parse_stored_scores(t, 7))?;
    Ok(scores.iter().map(|s| s.to_fixed(2)).collect())
}

fn exact_text(column: &str, text: &str) -> Result<Exact, sqlx::Error> {
    db::decode_text(column, text, Exact::parse_decimal)
}

/// One evaluation: its set-up and its teams (standings once published), a page at a time.
pub async fn detail(pool: &Pool, me: &UserInfo, id: i64, page: Option<i64>) -> Result<EvaluationView, AppError> {
    require(me, Permission::ViewDirectory)?;
    let page = crate::model::clamp_page(page.unwrap_or(1));
    let may_manage = allows(&me.roles, Permission::ManageEvaluations);
    let mut tx = pool.single_read().await?;
    let e = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let status: EvaluationStatus = db::decode("evaluations.status", &e.status)?;
    let on_panel = repo::on_panel(&mut tx, id, me.id).await?;
    let rows = repo::teams(&mut tx, id, (page - 1) * TEAMS_PER_PAGE, TEAMS_PER_PAGE).await?;
    let mut teams = Vec::with_capacity(rows.len());
    for r in rows {
        let published = status == EvaluationStatus::Published;
        teams.push(EvaluationTeam {
            team: (r.team_id, r.team_name),
            department: r.department_name,
            scores: match (&r.scores, published) {
                (Some(s), true) => Some(shown_scores("evaluation_teams.scores", s)?),
                _ => None,
            },
            total: match (&r.total, published) {
                (Some(t), true) => Some(exact_text("evaluation_teams.total", t)?.to_decimal().unwrap_or_default()),
                _ => None,
            },
            rank: r.rank.filter(|_| published),
            points: r.points.filter(|_| published),
            sheets: if may_manage { r.sheets } else { 0 },
        });
    }
    let derived = match (&e.derived_dimension, e.labour_contest_id, &e.labour_period) {
        (Some(d), Some(c), Some(p)) => Some(Derived {
            dimension: db::decode("evaluations.derived_dimension", d)?,
            contest: (c, e.labour_title.clone().unwrap_or_default()),
            period: period_of("evaluations.labour_period", p)?,
        }),
        _ => None,
    };
    Ok(EvaluationView {
        id,
        title: e.title.clone(),
        period: period_of("evaluations.period", &e.period)?,
        status,
        weights: e.weights(),
        points: db::decode_text("evaluations.points", &e.points, |t| rules::parse_rank_points(t).ok())?,
        derived,
        teams,
        total_teams: e.teams,
        teams_scored: if may_manage { repo::teams_scored(&mut tx, id).await? } else { 0 },
        page,
        per_page: TEAMS_PER_PAGE,
        panel: if may_manage { repo::panel(&mut tx, id).await? } else { Vec::new() },
        may_manage,
        on_panel,
    })
}

/// An evaluator's sheet: the evaluation's teams with what they entered, a page at a time.
pub async fn sheet(pool: &Pool, me: &UserInfo, id: i64, page: Option<i64>) -> Result<ScoreSheetView, AppError> {
    require(me, Permission::ViewDirectory)?;
    let page = crate::model::clamp_page(page.unwrap_or(1));
    let mut tx = pool.single_read().await?;
    let e = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !repo::on_panel(&mut tx, id, me.id).await? {
        return Err(AppError::Forbidden);
    }
    let derived = db::decode_opt::<Dimension>("evaluations.derived_dimension", e.derived_dimension.as_deref())?;
    let rows = repo::teams(&mut tx, id, (page - 1) * SHEET_PER_PAGE, SHEET_PER_PAGE).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.team_id).collect();
    let sheets = repo::sheets_of(&mut tx, id, me.id, &ids).await?;
    let done = db::evaluations::sheets_by(&mut tx, id, me.id).await?;
    let lines = rows
        .into_iter()
        .map(|r| {
            let mine = sheets.iter().find(|s| s.team_id == r.team_id);
            SheetLine {
                own: !rules::may_score(me.team_id, r.team_id),
                scores: (0..7)
                    .map(|i| mine.and_then(|s| s.scores()[i]).map(str::to_string).unwrap_or_default())
                    .collect(),
                team: (r.team_id, r.team_name),
                department: r.department_name,
            }
        })
        .collect();
    Ok(ScoreSheetView {
        id,
        title: e.title.clone(),
        period: period_of("evaluations.period", &e.period)?,
        status: db::decode("evaluations.status", &e.status)?,
        derived,
        lines,
        total: e.teams,
        done,
        page,
        per_page: SHEET_PER_PAGE,
    })
}

/// Saves an evaluator's seven scores for a team (replacing what they entered before).
pub async fn save_sheet(pool: &Pool, me: &UserInfo, id: i64, team: i64, f: &SheetForm) -> Result<(), AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin_write().await?;
    repo::lock(&mut tx, id).await?;
    let e = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !repo::on_panel(&mut tx, id, me.id).await? {
        return Err(AppError::Forbidden);
    }
    if e.status != EvaluationStatus::Scoring.code() {
        return Err(AppError::field("", "err.eval.published"));
    }
    if !repo::has_team(&mut tx, id, team).await? {
        return Err(AppError::NotFound);
    }
    if !rules::may_score(me.team_id, team) {
        return Err(AppError::field("", "err.eval.own_team"));
    }
    let derived = db::decode_opt::<Dimension>("evaluations.derived_dimension", e.derived_dimension.as_deref())?;
    let scores = rules::parse_sheet(&f.scores(), derived).map_err(AppError::Invalid)?;
    let stored: [Option<String>; 7] = scores.map(|s| s.map(|x| x.to_decimal().unwrap_or_else(|| x.to_fixed(1))));
    repo::save_sheet(&mut tx, id, team, me.id, &stored).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes: every team's shown scores, exact total, rank and points, the points booked on the
/// team board; all or nothing.
pub async fn publish(pool: &Pool, me: &UserInfo, id: i64) -> Result<u64, AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    let e = scoring(&mut tx, id).await?;
    let teams = repo::team_ids(&mut tx, id).await?;
    if teams.is_empty() {
        return Err(AppError::field("", "err.eval.no_teams"));
    }
    let derived = db::decode_opt::<Dimension>("evaluations.derived_dimension", e.derived_dimension.as_deref())?;
    let from_labour: std::collections::HashMap<i64, Exact> = match (derived, e.labour_contest_id, &e.labour_period) {
        (Some(_), Some(c), Some(p)) => db::labour::totals_of(&mut tx, c, p)
            .await?
            .into_iter()
            .map(|(t, total)| Ok((t, exact_text("labour_results.total", &total)?)))
            .collect::<Result<_, sqlx::Error>>()?,
        _ => Default::default(),
    };
    // Each team's evaluators' scores per dimension.
    let mut marks: std::collections::HashMap<i64, [Vec<Exact>; 7]> = Default::default();
    for s in repo::all_sheets(&mut tx, id).await? {
        let entry = marks.entry(s.team_id).or_default();
        for (i, v) in s.scores().iter().enumerate() {
            if let Some(v) = v {
                entry[i].push(db::decode_text("evaluation_sheets.score", v, |t| rules::parse_score(t).ok())?);
            }
        }
    }
    let weights = e.weights();
    let mut totals = Vec::with_capacity(teams.len());
    let mut shown = std::collections::HashMap::new();
    let mut unscored = 0usize;
    for team in &teams {
        let mut dims = [Exact::int(0); 7];
        let mut complete = true;
        for (i, d) in Dimension::ALL.iter().enumerate() {
            let score = if Some(*d) == derived {
                from_labour.get(team).map(|x| x.round(2, crate::domain::exact::Rounding::HalfUp))
            } else {
                marks.get(team).and_then(|m| rules::dimension_score(&m[i]))
            };
            match score {
                Some(s) => dims[i] = s,
                None => complete = false,
            }
        }
        if !complete {
            unscored += 1;
            continue;
        }
        totals.push((*team, rules::weighted_total(&weights, &dims)));
        shown.insert(*team, rules::stored_scores(&dims));
    }
    if unscored > 0 {
        return Err(AppError::field("", "err.eval.unscored"));
    }
    let points = db::decode_text("evaluations.points", &e.points, |t| rules::parse_rank_points(t).ok())?;
    let standings = rules::standings(totals, &points);
    for s in &standings {
        let total = s.total.to_decimal().unwrap_or_else(|| s.total.to_fixed(4));
        let scores = shown.get(&s.key).cloned().unwrap_or_default();
        repo::set_result(&mut tx, id, s.key, &scores, &total, s.rank as i64, s.points).await?;
        if s.points > 0 {
            let reason = format!("evaluation.rank{}", s.rank);
            record(
                &mut tx,
                Who::Team(s.key),
                s.points,
                Source { kind: "evaluation", id, reason: &reason },
                Some(me.id),
            )
            .await?;
        }
    }
    if !repo::publish(&mut tx, id, me.id).await? {
        return Err(AppError::field("", "err.eval.published"));
    }
    db::audit::record(&mut tx, Some(me.id), "evaluation.publish", "evaluation", Some(id), &e.title).await?;
    tx.commit().await?;
    Ok(standings.len() as u64)
}

/// A team's published evaluations (the team page's history and radar).
pub async fn history(tx: &mut Tx, team: i64) -> Result<Vec<crate::model::profiles::EvaluationPlace>, AppError> {
    let rows = repo::history(tx, team, 12).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(crate::model::profiles::EvaluationPlace {
            evaluation: r.evaluation_id,
            title: r.title,
            period: period_of("evaluations.period", &r.period)?,
            scores: shown_scores("evaluation_teams.scores", &r.scores)?,
            total: exact_text("evaluation_teams.total", &r.total)?.to_decimal().unwrap_or_default(),
            rank: r.rank,
            teams: r.teams,
            points: r.points,
        });
    }
    Ok(out)
}
