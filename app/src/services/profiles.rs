//! A person's page and a team's page, for everyone signed in: who they are, titles, projects,
//! competition placings, where they stand on the boards, points over time and every points entry
//! with the evidence it came from. Money only to the person and union admins.

use super::{require, today, viewer};
use crate::db::boards::{self as repo, EntryRow, Scope, Shelf};
use crate::db::{self, Pool, Tx};
use crate::domain::authz::Permission;
use crate::domain::boards::{Board, Month, Window};
use crate::domain::policy::sees_money_of;
use crate::domain::project::Stage;
use crate::error::AppError;
use crate::model::boards::PointsLine;
use crate::model::profiles::{PersonProfile, Placing, Position, TeamProfile};
use crate::model::UserInfo;
use std::collections::HashMap;

/// Entries listed a page at a time.
pub const ENTRIES: i64 = 20;

pub async fn person(pool: &Pool, me: &UserInfo, id: i64, before: Option<i64>) -> Result<PersonProfile, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.single_read().await?;
    let p = db::people::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (_, department_id) = db::people::place_of(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let money = sees_money_of(viewer(me), id);
    let placings: Vec<Placing> = db::competitions::placings_of(&mut tx, id, 50)
        .await?
        .into_iter()
        .map(|r| Placing {
            event_id: r.event_id,
            event: r.title_of_event,
            place: r.place,
            tier: r.tier,
            title: r.title,
            prize_fen: money.then_some(r.prize_fen),
            points: r.points,
        })
        .collect();
    let mut titles: Vec<(Option<i64>, String)> =
        db::honours::published_of(&mut tx, Some(id), None).await?.into_iter().map(|h| (Some(h.0), h.4)).collect();
    for p in &placings {
        if !p.title.is_empty() && !titles.iter().any(|t| t.1 == p.title) {
            titles.push((None, p.title.clone()));
        }
    }
    let public: Vec<&str> = Stage::ALL.iter().filter(|s| s.is_public()).map(|s| s.code()).collect();
    let projects = db::projects::of_person(&mut tx, id, &public, 20)
        .await?
        .into_iter()
        .map(|(pid, title, stage)| Ok((pid, title, db::decode("projects.stage", &stage)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let rows = repo::entries(&mut tx, Some(id), None, before.unwrap_or(i64::MAX), ENTRIES + 1).await?;
    let (entries, older) = page_of(&mut tx, rows).await?;
    Ok(PersonProfile {
        id,
        name: p.display_name,
        team_id: p.team_id,
        team_name: p.team_name,
        department_id,
        department_name: p.department_name,
        job_title: p.job_title,
        titles,
        positions: positions(&mut tx, Board::Person, id).await?,
        months: months(&mut tx, Board::Person, id).await?,
        projects,
        placings,
        entries,
        older,
    })
}

pub async fn team(pool: &Pool, me: &UserInfo, id: i64) -> Result<TeamProfile, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.single_read().await?;
    let (name, department_id, department_name, member_count) =
        repo::team_card(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let members = repo::team_people(&mut tx, id, 100).await?;
    let rows = repo::entries(&mut tx, None, Some(id), i64::MAX, ENTRIES).await?;
    let (entries, _) = page_of(&mut tx, rows).await?;
    let honours = db::honours::published_of(&mut tx, None, Some(id)).await?.into_iter().map(|h| (h.0, h.4)).collect();
    Ok(TeamProfile {
        honours,
        id,
        name,
        department_id,
        department_name,
        member_count,
        members,
        positions: positions(&mut tx, Board::Team, id).await?,
        months: months(&mut tx, Board::Team, id).await?,
        entries,
        evaluations: super::evaluations::history(&mut tx, id).await?,
    })
}

/// Where a subject stands this month, quarter, year and all time.
async fn positions(tx: &mut Tx, board: Board, subject: i64) -> Result<Vec<Position>, AppError> {
    let day = today();
    let mut out = Vec::with_capacity(4);
    for tab in ["month", "quarter", "year", "all"] {
        let window = Window::parse(tab, "", "", day).map_err(|_| AppError::Internal)?;
        let key = window.key().ok_or(AppError::Internal)?;
        let s = Scope { shelf: Shelf::Live, board, win: &key, department: 0 };
        let ranked = repo::count_above(tx, s, None).await?;
        let (rank, total) = match repo::row(tx, s, subject).await? {
            Some(r) => (Some(repo::count_above(tx, s, Some(r.total)).await? as u64 + 1), r.total),
            None => (None, 0),
        };
        out.push(Position { window, tab: tab.into(), rank, total, ranked });
    }
    Ok(out)
}

/// Points in each of the last twelve months, oldest first.
async fn months(tx: &mut Tx, board: Board, subject: i64) -> Result<Vec<(String, i64)>, AppError> {
    let mut m = Month::of(today());
    let mut list = Vec::with_capacity(12);
    for _ in 0..12 {
        list.push(m);
        m = m.previous();
    }
    list.reverse();
    let keys: Vec<String> = list.iter().filter_map(|m| Window::Month(*m).key()).collect();
    let got: HashMap<String, i64> = repo::totals_in(tx, board, subject, &keys).await?.into_iter().collect();
    Ok(list.iter().zip(&keys).map(|(m, k)| (m.text(), got.get(k).copied().unwrap_or(0))).collect())
}

/// Entries as lines with their evidence; one row more than a page means there are older ones.
async fn page_of(tx: &mut Tx, mut rows: Vec<EntryRow>) -> Result<(Vec<PointsLine>, Option<i64>), AppError> {
    let older = (rows.len() as i64 > ENTRIES).then(|| {
        rows.truncate(ENTRIES as usize);
        rows.last().map(|r| r.id)
    });
    let mut titles: HashMap<(String, i64), String> = HashMap::new();
    for kind in ["project", "event", "honour"] {
        let ids: Vec<i64> = rows.iter().filter(|r| r.source_type == kind).map(|r| r.source_id).collect();
        for (id, t) in repo::source_titles(tx, kind, &ids).await? {
            titles.insert((kind.to_string(), id), t);
        }
    }
    let lines = rows
        .into_iter()
        .map(|r| {
            let href = evidence_href(&r.source_type, r.source_id);
            let title = titles.get(&(r.source_type.clone(), r.source_id)).cloned().unwrap_or_default();
            PointsLine {
                id: r.id,
                points: r.points,
                booked_on: r.booked_on.to_string(),
                reason: r.reason,
                note: r.note,
                href,
                title,
                corrects: r.corrects,
            }
        })
        .collect();
    Ok((lines, older.flatten()))
}

/// Where an entry's evidence is shown.
pub fn evidence_href(kind: &str, id: i64) -> String {
    match kind {
        "project" => format!("/projects/{id}"),
        "event" => format!("/events/{id}/results"),
        "honour" if id > 0 => format!("/honours/{id}"),
        "evaluation" => format!("/evaluations/{id}"),
        "labour" => format!("/labour/{id}"),
        _ => String::new(),
    }
}
