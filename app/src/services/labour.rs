//! Labour competitions (劳动竞赛): union admins set one up (who competes, indicators with their
//! direction, weight and normalisation, the months it runs, points by rank), enter teams or
//! departments, enter or import each period's values, and close the period: the ranking is
//! computed once, stored, and (between teams) its points booked on the team board.

use super::boards::{record, Source, Who};
use super::evaluations::{department_named, period_of};
use super::{require, today};
use crate::db::{self, labour as repo, Pool, Tx};
use crate::domain::authz::{allows, Permission};
use crate::domain::boards::{Month, Window};
use crate::domain::evaluation::{self as eval_rules};
use crate::domain::exact::Exact;
use crate::domain::labour::{self as rules, Between, ContestForm, Indicator, ValueRow};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::evaluations::{ContestView, EntrantLine, IndicatorView};
use crate::model::UserInfo;

pub const LINES_PER_PAGE: i64 = 25;

/// Closed periods of contests between teams, offered as a derived dimension's source.
pub async fn closed_team_periods(tx: &mut Tx) -> Result<Vec<(i64, String, Window)>, AppError> {
    repo::closed_team_periods(tx, 20)
        .await?
        .into_iter()
        .map(|(id, title, p)| Ok((id, title, period_of("labour_periods.period", &p)?)))
        .collect()
}

/// Whether a contest between teams has closed this period.
pub async fn closed_between_teams(tx: &mut Tx, contest: i64, period: &str) -> Result<bool, AppError> {
    let Some(c) = repo::get(tx, contest).await? else { return Ok(false) };
    Ok(c.between_kind == Between::Teams.code() && repo::closed(tx, contest).await?.iter().any(|p| p == period))
}

pub async fn create(pool: &Pool, me: &UserInfo, f: &ContestForm) -> Result<i64, AppError> {
    require(me, Permission::ManageEvaluations)?;
    let c = rules::parse_contest(f).map_err(AppError::Invalid)?;
    let mut tx = pool.begin_write().await?;
    let indicators: Vec<repo::NewIndicator> = c
        .indicators
        .iter()
        .map(|i| repo::NewIndicator {
            name: &i.name,
            unit: &i.unit,
            direction: i.direction.code(),
            weight: i.weight,
            normalisation: i.normalisation.code(),
        })
        .collect();
    let points = eval_rules::rank_points_text(&c.points);
    let id = repo::insert(
        &mut tx,
        &repo::NewContest {
            title: &c.title,
            between: c.between.code(),
            cadence: c.cadence.code(),
            first: &c.first.text(),
            last: &c.last.text(),
            points: &points,
            by: me.id,
        },
        &indicators,
    )
    .await?;
    db::audit::record(&mut tx, Some(me.id), "labour.create", "labour", Some(id), &c.title).await?;
    tx.commit().await?;
    Ok(id)
}

/// A contest as stored, with its indicators and periods.
struct Loaded {
    row: repo::ContestRow,
    between: Between,
    indicators: Vec<(i64, Indicator)>,
    periods: Vec<Window>,
    closed: Vec<String>,
}

async fn load(tx: &mut Tx, id: i64) -> Result<Loaded, AppError> {
    let row = repo::get(tx, id).await?.ok_or(AppError::NotFound)?;
    let between = db::decode("labour_contests.between_kind", &row.between_kind)?;
    let cadence = db::decode("labour_contests.cadence", &row.cadence)?;
    let first = db::decode_text("labour_contests.first_month", &row.first_month, Month::parse)?;
    let last = db::decode_text("labour_contests.last_month", &row.last_month, Month::parse)?;
    let mut indicators = Vec::new();
    for i in repo::indicators(tx, id).await? {
        indicators.push((
            i.id,
            Indicator {
                direction: db::decode("labour_indicators.direction", &i.direction)?,
                normalisation: db::decode("labour_indicators.normalisation", &i.normalisation)?,
                name: i.name,
                unit: i.unit,
                weight: i.weight,
            },
        ));
    }
    let closed = repo::closed(tx, id).await?;
    Ok(Loaded { row, between, indicators, periods: rules::periods(cadence, first, last), closed })
}

impl Loaded {
    /// The period a request names: one of the contest's, or (none named) the latest that has begun.
    fn period(&self, key: &str) -> Result<Window, AppError> {
        let key = key.trim();
        if key.is_empty() {
            let now = Month::of(today());
            let begun = self.periods.iter().rev().find(|w| w.span().is_some_and(|(first, _)| first <= now));
            return Ok(*begun.or(self.periods.first()).ok_or(AppError::NotFound)?);
        }
        self.periods
            .iter()
            .find(|w| w.key().as_deref() == Some(key))
            .copied()
            .ok_or_else(|| AppError::field("period", "err.labour.period"))
    }

    fn is_closed(&self, w: Window) -> bool {
        w.key().is_some_and(|k| self.closed.contains(&k))
    }
}

/// One contest and one period: the values grid (open) or the ranking (closed), a page at a time.
pub async fn detail(
    pool: &Pool,
    me: &UserInfo,
    id: i64,
    period: &str,
    page: Option<i64>,
) -> Result<ContestView, AppError> {
    require(me, Permission::ViewDirectory)?;
    let page = crate::model::clamp_page(page.unwrap_or(1));
    let may_manage = allows(&me.roles, Permission::ManageEvaluations);
    let mut tx = pool.single_read().await?;
    let c = load(&mut tx, id).await?;
    let window = c.period(period)?;
    let key = window.key().unwrap_or_default();
    let closed = c.is_closed(window);
    let teams = c.between == Between::Teams;
    let offset = (page - 1) * LINES_PER_PAGE;
    let mut lines = Vec::new();
    if closed {
        for r in repo::results(&mut tx, id, &key, teams, offset, LINES_PER_PAGE).await? {
            let scores = db::decode_text("labour_results.scores", &r.scores, |t| {
                eval_rules::parse_stored_scores(t, c.indicators.len())
            })?;
            let total = db::decode_text("labour_results.total", &r.total, Exact::parse_decimal)?;
            lines.push(EntrantLine {
                id: r.entrant_id,
                name: r.name,
                department: r.department,
                values: scores.iter().map(|s| s.to_fixed(2)).collect(),
                total: Some(total.to_decimal().unwrap_or_default()),
                rank: Some(r.rank),
                points: Some(r.points),
            });
        }
    } else if may_manage {
        let entrants = repo::entrants(&mut tx, id, teams, offset, LINES_PER_PAGE).await?;
        let ids: Vec<i64> = entrants.iter().map(|e| e.0).collect();
        let values = repo::values(&mut tx, id, &key, Some(&ids)).await?;
        for (eid, name, department) in entrants {
            let of =
                |ind: i64| values.iter().find(|v| v.0 == eid && v.1 == ind).map(|v| v.2.clone()).unwrap_or_default();
            lines.push(EntrantLine {
                id: eid,
                name,
                department,
                values: c.indicators.iter().map(|(iid, _)| of(*iid)).collect(),
                total: None,
                rank: None,
                points: None,
            });
        }
    }
    let filled = if closed { 0 } else { repo::value_count(&mut tx, id, &key).await? };
    Ok(ContestView {
        id,
        title: c.row.title.clone(),
        between: c.between,
        cadence: db::decode("labour_contests.cadence", &c.row.cadence)?,
        points: db::decode_text("labour_contests.points", &c.row.points, |t| eval_rules::parse_rank_points(t).ok())?,
        indicators: c
            .indicators
            .iter()
            .map(|(iid, i)| IndicatorView {
                id: *iid,
                name: i.name.clone(),
                unit: i.unit.clone(),
                direction: i.direction,
                weight: i.weight,
                normalisation: i.normalisation,
            })
            .collect(),
        periods: c.periods.iter().map(|w| (*w, c.is_closed(*w))).collect(),
        period: window,
        closed,
        lines,
        total: c.row.entrants,
        page,
        per_page: LINES_PER_PAGE,
        filled,
        needed: c.row.entrants * c.indicators.len() as i64,
        may_manage,
    })
}

/// Enters every team of a department (between teams) or the department itself.
pub async fn add_entrants(pool: &Pool, me: &UserInfo, id: i64, department: &str) -> Result<u64, AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    repo::lock(&mut tx, id).await?;
    let c = load(&mut tx, id).await?;
    let dept = department_named(&mut tx, department).await?;
    let n = match c.between {
        Between::Teams => repo::add_department_teams(&mut tx, id, dept).await?,
        Between::Departments => repo::add_entrant(&mut tx, id, dept).await?,
    };
    db::audit::record(&mut tx, Some(me.id), "labour.entrants", "labour", Some(id), &format!("+{n} ({department})"))
        .await?;
    tx.commit().await?;
    Ok(n)
}

pub async fn remove_entrant(pool: &Pool, me: &UserInfo, id: i64, entrant: i64) -> Result<(), AppError> {
    require(me, Permission::ManageEvaluations)?;
    let mut tx = pool.begin_write().await?;
    repo::lock(&mut tx, id).await?;
    load(&mut tx, id).await?;
    if repo::has_results(&mut tx, id, entrant).await? {
        return Err(AppError::field("", "err.labour.has_results"));
    }
    if repo::remove_entrant(&mut tx, id, entrant).await? == 0 {
        return Err(AppError::NotFound);
    }
    db::audit::record(&mut tx, Some(me.id), "labour.entrant_out", "labour", Some(id), &format!("{entrant}")).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks one entrant's values against the indicators: field `v[i]` per bad value.
fn parse_values(
    indicators: &[(i64, Indicator)],
    values: &[String],
    field: &dyn Fn(usize) -> String,
) -> Result<Vec<Exact>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (i, (_, ind)) in indicators.iter().enumerate() {
        match rules::parse_value(values.get(i).map(String::as_str).unwrap_or("")) {
            Ok(x) if rules::value_fits(ind, x) => out.push(x),
            Ok(_) => errors.push(FieldError::new(&field(i), "err.labour.negative")),
            Err(key) => errors.push(FieldError::new(&field(i), key)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The contest and an open period of it, for an organiser; `lock` takes the contest's row for the
/// rest of a writing transaction.
async fn open_period(
    tx: &mut Tx,
    me: &UserInfo,
    id: i64,
    period: &str,
    lock: bool,
) -> Result<(Loaded, String), AppError> {
    require(me, Permission::ManageEvaluations)?;
    if lock {
        repo::lock(tx, id).await?;
    }
    let c = load(tx, id).await?;
    let window = c.period(if period.trim().is_empty() { "?" } else { period })?;
    if c.is_closed(window) {
        return Err(AppError::field("period", "err.labour.closed"));
    }
    Ok((c, window.key().unwrap_or_default()))
}

/// Saves one entrant's values for an open period.
pub async fn save_values(
    pool: &Pool,
    me: &UserInfo,
    id: i64,
    period: &str,
    entrant: i64,
    values: &[String],
) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    let (c, key) = open_period(&mut tx, me, id, period, true).await?;
    if !repo::is_entrant(&mut tx, id, entrant).await? {
        return Err(AppError::NotFound);
    }
    let parsed = parse_values(&c.indicators, values, &|i| format!("v[{i}]")).map_err(AppError::Invalid)?;
    for ((iid, _), x) in c.indicators.iter().zip(parsed) {
        let text = x.to_decimal().unwrap_or_default();
        repo::save_value(&mut tx, id, &key, entrant, *iid, &text, me.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether the caller may import values into this contest's period (asked before a file is read).
pub async fn check_may_import(pool: &Pool, me: &UserInfo, id: i64, period: &str) -> Result<(), AppError> {
    let mut tx = pool.single_read().await?;
    open_period(&mut tx, me, id, period, false).await.map(|_| ())
}

/// Imports a period's values from a file's rows: all or nothing, every bad row reported (field
/// `row-N`).
pub async fn import_values(
    pool: &Pool,
    me: &UserInfo,
    id: i64,
    period: &str,
    rows: &[ValueRow],
) -> Result<usize, AppError> {
    if rows.is_empty() {
        return Err(AppError::field("file", "err.import.empty"));
    }
    if rows.len() > rules::MAX_VALUE_ROWS {
        return Err(AppError::field("file", "err.import.too_many"));
    }
    let mut tx = pool.begin_write().await?;
    let (c, key) = open_period(&mut tx, me, id, period, true).await?;
    let entrants: std::collections::HashSet<i64> = repo::entrant_ids(&mut tx, id).await?.into_iter().collect();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut good = Vec::new();
    for r in rows {
        let field = format!("row-{}", r.line);
        let Some(e) = r.entrant.parse::<i64>().ok().filter(|e| entrants.contains(e)) else {
            errors.push(FieldError::new(&field, "err.labour.import_entrant"));
            continue;
        };
        if !seen.insert(e) {
            errors.push(FieldError::new(&field, "err.import.twice"));
            continue;
        }
        match parse_values(&c.indicators, &r.values, &|_| field.clone()) {
            Ok(v) => good.push((e, v)),
            Err(mut errs) => errors.push(errs.remove(0)),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    for (e, values) in &good {
        for ((iid, _), x) in c.indicators.iter().zip(values) {
            repo::save_value(&mut tx, id, &key, *e, *iid, &x.to_decimal().unwrap_or_default(), me.id).await?;
        }
    }
    db::audit::record(&mut tx, Some(me.id), "labour.import", "labour", Some(id), &format!("{key}: {}", good.len()))
        .await?;
    tx.commit().await?;
    Ok(good.len())
}

/// Closes a period: every entrant needs every value; the ranking is stored and its points booked.
pub async fn close(pool: &Pool, me: &UserInfo, id: i64, period: &str) -> Result<u64, AppError> {
    let mut tx = pool.begin_write().await?;
    let (c, key) = open_period(&mut tx, me, id, period, true).await?;
    let entrants = repo::entrant_ids(&mut tx, id).await?;
    if entrants.is_empty() {
        return Err(AppError::field("", "err.labour.no_entrants"));
    }
    let values = repo::values(&mut tx, id, &key, None).await?;
    let mut grid: std::collections::HashMap<i64, Vec<Option<Exact>>> =
        entrants.iter().map(|e| (*e, vec![None; c.indicators.len()])).collect();
    for (e, iid, v) in values {
        let Some(pos) = c.indicators.iter().position(|(i, _)| *i == iid) else { continue };
        if let Some(row) = grid.get_mut(&e) {
            row[pos] = Some(db::decode_text("labour_values.value", &v, Exact::parse_decimal)?);
        }
    }
    let mut matrix = Vec::with_capacity(entrants.len());
    for e in &entrants {
        let row: Option<Vec<Exact>> = grid[e].iter().copied().collect();
        matrix.push(row.ok_or_else(|| AppError::field("", "err.labour.missing"))?);
    }
    let inds: Vec<Indicator> = c.indicators.iter().map(|(_, i)| i.clone()).collect();
    let scored = rules::score_period(&inds, &matrix).ok_or_else(|| AppError::field("", "err.labour.negative"))?;
    let points = db::decode_text("labour_contests.points", &c.row.points, |t| eval_rules::parse_rank_points(t).ok())?;
    let standings =
        eval_rules::standings(entrants.iter().zip(&scored).map(|(e, (_, total))| (*e, *total)).collect(), &points);
    if !repo::close(&mut tx, id, &key, me.id).await? {
        return Err(AppError::field("period", "err.labour.closed"));
    }
    let at: std::collections::HashMap<i64, usize> = entrants.iter().enumerate().map(|(i, e)| (*e, i)).collect();
    for s in &standings {
        let shown = eval_rules::stored_scores(&scored[at[&s.key]].0);
        let total = s.total.to_decimal().unwrap_or_else(|| s.total.to_fixed(4));
        repo::insert_result(&mut tx, id, &key, s.key, &shown, &total, s.rank as i64, s.points).await?;
        if s.points > 0 && c.between == Between::Teams {
            let reason = format!("labour.rank{}", s.rank);
            record(&mut tx, Who::Team(s.key), s.points, Source { kind: "labour", id, reason: &reason }, Some(me.id))
                .await?;
        }
    }
    db::audit::record(&mut tx, Some(me.id), "labour.close", "labour", Some(id), &key).await?;
    tx.commit().await?;
    Ok(standings.len() as u64)
}
