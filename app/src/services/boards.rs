//! The points ledger and the leaderboards (排行榜): booking an entry moves every board it counts
//! on in the same transaction; a board is read as its top rows, the caller's own rank with the
//! neighbours above and below (from the counts of totals, however far down), the biggest climbers
//! and the departments' shares. Ended months are read from their frozen copy.

use super::{require, today};
use crate::db::boards::{self as repo, BoardRow, Scope, Shelf};
use crate::db::{self, Pool, Tx};
use crate::domain::authz::Permission;
use crate::domain::boards::{self, Board, Holder, Month, Window};
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::boards::{BoardLine, BoardQuery, BoardScreen, BoardView, MyRank, Riser, ScreenPanel};
use crate::model::{shanghai_time, UserInfo};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Rows on a board's page.
pub const PAGE: i64 = 50;
/// Neighbours shown above and below the caller's own row.
pub const NEIGHBOURS: i64 = 2;
/// Climbers shown.
pub const RISERS: usize = 10;

/// Who an entry is for.
#[derive(Clone, Copy, Debug)]
pub enum Who {
    /// A person, for a studio's project or not.
    Person { person: i64, studio: Option<i64> },
    /// A team as a whole.
    Team(i64),
}

/// What an entry is for: its source (`project`, `event`, `honour`, `evaluation`, `labour`) and
/// the rule that set it.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub kind: &'a str,
    pub id: i64,
    pub reason: &'a str,
}

/// Books a points entry today (Asia/Shanghai) and moves every board it counts on. Runs inside
/// the caller's writing transaction.
pub async fn record(tx: &mut Tx, who: Who, points: i64, source: Source<'_>, by: Option<i64>) -> Result<i64, AppError> {
    let holder = match who {
        Who::Person { person, studio } => {
            let (team, department) = db::people::place_of(tx, person).await?.ok_or(AppError::NotFound)?;
            Holder { person: Some(person), team, department, studio }
        }
        Who::Team(team) => {
            let department = repo::team_department(tx, team).await?.ok_or(AppError::NotFound)?;
            Holder { person: None, team, department, studio: None }
        }
    };
    book(tx, holder, points, source, "", None, by).await
}

async fn book(
    tx: &mut Tx,
    holder: Holder,
    points: i64,
    source: Source<'_>,
    note: &str,
    corrects: Option<i64>,
    by: Option<i64>,
) -> Result<i64, AppError> {
    repo::lock_ledger(tx).await?;
    let booked_on = today();
    let entry = repo::NewEntry {
        person: holder.person,
        team: holder.team,
        department: holder.department,
        studio: holder.studio,
        points,
        source_type: source.kind,
        source_id: source.id,
        reason: source.reason,
        note,
        corrects,
        booked_on,
        by,
    };
    let id = repo::insert_entry(tx, &entry).await?;
    for w in Window::kept_for(booked_on) {
        let key = w.key().ok_or(AppError::Internal)?;
        for t in holder.touches() {
            repo::bump(tx, t.board, &key, t.subject, t.department, points).await?;
        }
    }
    Ok(id)
}

/// Corrects an entry (union admins): a new entry of `points` (plus or minus) naming it, booked
/// today where the entry counted, with the reason given. The corrected entry is not changed.
pub async fn correct(pool: &Pool, me: &UserInfo, entry: i64, points: &str, note: &str) -> Result<i64, AppError> {
    require(me, Permission::ManageHonours)?;
    let mut errors = Vec::new();
    let delta = match points.trim().parse::<i64>() {
        Ok(n) if n != 0 && (-1_000_000..=1_000_000).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new("points", "err.points.delta"));
            None
        }
    };
    let note = note.trim();
    if note.is_empty() {
        errors.push(FieldError::new("note", "err.points.note"));
    } else if note.chars().count() > 500 {
        errors.push(FieldError::new("note", "err.points.note_long"));
    }
    let Some(delta) = delta else { return Err(AppError::Invalid(errors)) };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = pool.begin_write().await?;
    let original = repo::entry(&mut tx, entry).await?.ok_or(AppError::NotFound)?;
    let (person, team, department, studio) = repo::entry_holder(&mut tx, entry).await?.ok_or(AppError::NotFound)?;
    let holder = Holder { person, team, department, studio };
    let source = Source { kind: &original.source_type, id: original.source_id, reason: "correction" };
    let id = book(&mut tx, holder, delta, source, note, Some(entry), Some(me.id)).await?;
    let detail = format!("#{entry} {delta:+}: {note}");
    db::audit::record(&mut tx, Some(me.id), "points.correct", "points", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// A board for every signed-in person of the organisation.
pub async fn board(pool: &Pool, me: &UserInfo, q: &BoardQuery) -> Result<BoardView, AppError> {
    require(me, Permission::ViewDirectory)?;
    let board = if q.board.trim().is_empty() {
        Board::Person
    } else {
        db::decode_opt::<Board>("board", Some(&q.board))
            .ok()
            .flatten()
            .ok_or_else(|| AppError::field("board", "err.board.kind"))?
    };
    let day = today();
    let window = Window::parse(&q.window, &q.from, &q.to, day).map_err(|e| AppError::Invalid(vec![e]))?;
    let after = parse_after(&q.after)?;
    let mut tx = pool.single_read().await?;
    let department = match (board.by_department(), q.dept) {
        (true, Some(id)) => Some((id, repo::department_name(&mut tx, id).await?.ok_or(AppError::NotFound)?)),
        _ => None,
    };
    let scope_dept = department.as_ref().map_or(0, |d| d.0);
    let dept_q = q.dept_q.trim();
    let department_matches = if dept_q.is_empty() || !board.by_department() {
        Vec::new()
    } else {
        repo::find_departments(&mut tx, dept_q, 20).await?
    };
    let my = my_subject(&mut tx, me, board).await?;
    let version = repo::version(&mut tx).await?;
    let key = SharedKey { db: pool.id(), board, window, day, department: scope_dept, after };
    let (shared, _) = shared(&mut tx, key, version).await?;

    // The caller's own row and neighbours.
    let mine_raw: Option<(Vec<(u64, BoardRow)>, usize)> = match (window, my) {
        (_, None) => None,
        (Window::Period(..), Some(subject)) => {
            let all = period(&mut tx, pool.id(), board, window, scope_dept, version).await?;
            all.iter().position(|r| r.subject == subject).map(|i| {
                let lo = i.saturating_sub(NEIGHBOURS as usize);
                let hi = (i + NEIGHBOURS as usize + 1).min(all.len());
                ((lo..hi).map(|j| (rank_in(&all, j), all[j].clone())).collect(), i - lo)
            })
        }
        (_, Some(subject)) => {
            let win = window.key().ok_or(AppError::Internal)?;
            let shelf = if shared.frozen_at.is_some() { Shelf::Frozen } else { Shelf::Live };
            let s = Scope { shelf, board, win: &win, department: scope_dept };
            let near = repo::around(&mut tx, s, subject, NEIGHBOURS).await?;
            near.iter().position(|r| r.row.subject == subject).map(|at| {
                let (above, tied) = (near[0].above as u64, near[0].tied as u64);
                let totals: Vec<i64> = near.iter().map(|r| r.row.total).collect();
                let ranks = boards::page_ranks(&totals, above, tied);
                (ranks.into_iter().zip(near.into_iter().map(|r| r.row)).collect(), at)
            })
        }
    };
    let mut ids: Vec<i64> = mine_raw.iter().flat_map(|(around, _)| around.iter().map(|(_, r)| r.subject)).collect();
    ids.extend(my);
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i64, (String, String)> =
        repo::names(&mut tx, board, &ids).await?.into_iter().map(|(id, n, p)| (id, (n, p))).collect();
    let mine = mine_raw.map(|(around, at)| {
        let mut all: Vec<BoardLine> = around
            .iter()
            .map(|(rank, r)| {
                let (name, place) = names.get(&r.subject).cloned().unwrap_or_default();
                BoardLine { rank: *rank, subject: r.subject, name, place, total: r.total, mine: Some(r.subject) == my }
            })
            .collect();
        let below = all.split_off(at + 1);
        let line = all.pop().expect("the caller's own row");
        MyRank { above: all, line, below }
    });
    let mine_missing = match (&mine, my) {
        (None, Some(s)) => Some(names.get(&s).map(|n| n.0.clone()).unwrap_or_default()),
        _ => None,
    };
    let lines = shared.lines.iter().cloned().map(|mut l| {
        l.mine = Some(l.subject) == my;
        l
    });
    let tab = ["month", "quarter", "year", "all"]
        .into_iter()
        .find(|t| Window::parse(t, "", "", day).ok() == Some(window))
        .unwrap_or_default()
        .to_string();
    Ok(BoardView {
        board,
        window,
        tab,
        spec: window.spec(),
        frozen_at: shared.frozen_at.clone(),
        department,
        department_matches,
        lines: lines.collect(),
        next: shared.next.clone(),
        first_page: after.is_none(),
        ranked: shared.ranked,
        mine,
        mine_missing,
        risers: shared.risers.clone(),
        shares: shared.shares.clone(),
        shared_key: shared.stamp.to_string(),
    })
}

/// How many rows each board shows on the hall's big screen.
pub const SCREEN_ROWS: usize = 10;

/// The hall's big screen: the top of every board (people, teams, studios, departments) for one
/// window, read from the same shared computations as the boards page.
pub async fn screen(pool: &Pool, me: &UserInfo, window: &str) -> Result<BoardScreen, AppError> {
    require(me, Permission::ViewDirectory)?;
    let day = today();
    let window = Window::parse(window, "", "", day).map_err(|e| AppError::Invalid(vec![e]))?;
    let mut tx = pool.single_read().await?;
    let version = repo::version(&mut tx).await?;
    let mut panels = Vec::with_capacity(Board::ALL.len());
    for board in Board::ALL {
        let (s, _) =
            shared(&mut tx, SharedKey { db: pool.id(), board, window, day, department: 0, after: None }, version)
                .await?;
        panels.push(ScreenPanel {
            board,
            lines: s.lines.iter().take(SCREEN_ROWS).cloned().collect(),
            ranked: s.ranked,
        });
    }
    Ok(BoardScreen { window, spec: window.spec(), panels })
}

/// The ledger's version for a big screen's feed, once the caller may watch it.
pub async fn watch(pool: &Pool, me: Option<&UserInfo>) -> Result<(i64, i64), AppError> {
    require(me.ok_or(AppError::Unauthenticated)?, Permission::ViewDirectory)?;
    ledger_version(pool).await
}

/// The ledger's version: it changes with every entry written.
pub async fn ledger_version(pool: &Pool) -> Result<(i64, i64), AppError> {
    Ok(repo::version(&mut pool.single_read().await?).await?)
}

/// What a board shows everyone alike, whoever asks.
struct Shared {
    /// Names this computation (and so the HTML rendered from it) among all others.
    stamp: u64,
    lines: Vec<BoardLine>,
    next: Option<String>,
    ranked: i64,
    frozen_at: Option<String>,
    risers: Vec<Riser>,
    shares: Vec<(String, i64)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct SharedKey {
    /// The database ([`Pool::id`]).
    db: u64,
    board: Board,
    window: Window,
    day: chrono::NaiveDate,
    department: i64,
    after: Option<(i64, i64)>,
}

/// The shared part of boards recently read, per ledger version: readers between two entries share
/// one computation (a few boards' worth; the oldest make room).
static SHARED: Kept<SharedKey, Shared> = Kept::new(64, Duration::ZERO);

/// A board's shared part with the ledger version it shows: a reader that arrives while it is being
/// computed again is given the one kept before.
async fn shared(tx: &mut Tx, key: SharedKey, version: (i64, i64)) -> Result<(Arc<Shared>, (i64, i64)), AppError> {
    SHARED.get_or(key, version, true, compute_shared(tx, key, version)).await
}

/// How long a value made with climbers older than the ledger stays current.
const PROVISIONAL: Duration = Duration::from_secs(60);

async fn compute_shared(tx: &mut Tx, key: SharedKey, version: (i64, i64)) -> Result<Computed<Shared>, AppError> {
    let SharedKey { db, board, window, day, department, after } = key;
    let (lines_raw, ranked, frozen_at) = match window {
        Window::Period(..) => {
            let all = period(tx, db, board, window, department, version).await?;
            let start = match after {
                None => 0,
                Some(a) => {
                    all.partition_point(|r| (std::cmp::Reverse(r.total), r.subject) <= (std::cmp::Reverse(a.0), a.1))
                }
            };
            let page: Vec<(u64, BoardRow)> = all
                .iter()
                .enumerate()
                .skip(start)
                .take(PAGE as usize)
                .map(|(i, r)| (rank_in(&all, i), r.clone()))
                .collect();
            (page, all.len() as i64, None)
        }
        _ => {
            let win = window.key().ok_or(AppError::Internal)?;
            let frozen_at = match window.closed_month(day) {
                Some(_) => repo::frozen_at(tx, &win).await?,
                None => None,
            };
            let shelf = if frozen_at.is_some() { Shelf::Frozen } else { Shelf::Live };
            let s = Scope { shelf, board, win: &win, department };
            let rows = repo::rows_after(tx, s, after, PAGE + 1).await?;
            let page = ranked_rows(tx, s, rows).await?;
            let ranked = repo::count_above(tx, s, None).await?;
            (page, ranked, frozen_at.map(shanghai_time))
        }
    };
    // One row more than a page was read: a next page exists exactly when it came.
    let mut lines_raw = lines_raw;
    let next = (lines_raw.len() as i64 > PAGE)
        .then(|| {
            lines_raw.truncate(PAGE as usize);
            lines_raw.last().map(|(_, r)| format!("{}:{}", r.total, r.subject))
        })
        .flatten();
    let (rises, risers_version) = if matches!(board, Board::Person | Board::Team) && after.is_none() {
        risers(tx, db, board, window, department, version).await?
    } else {
        (Vec::new(), version)
    };
    let shares = if after.is_none() { shares(tx, window).await? } else { Vec::new() };
    let mut ids: Vec<i64> = lines_raw.iter().map(|(_, r)| r.subject).collect();
    ids.extend(rises.iter().map(|r| r.0));
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i64, (String, String)> =
        repo::names(tx, board, &ids).await?.into_iter().map(|(id, n, p)| (id, (n, p))).collect();
    let lines = lines_raw
        .iter()
        .map(|(rank, r)| {
            let (name, place) = names.get(&r.subject).cloned().unwrap_or_default();
            BoardLine { rank: *rank, subject: r.subject, name, place, total: r.total, mine: false }
        })
        .collect();
    let risers = rises
        .into_iter()
        .map(|(subject, from, to)| {
            let (name, place) = names.get(&subject).cloned().unwrap_or_default();
            Riser { subject, name, place, from, to }
        })
        .collect();
    static STAMPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let stamp = STAMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let value = Shared { stamp, lines, next, ranked, frozen_at, risers, shares };
    Ok(Computed { value, provisional: risers_version != version })
}

fn parse_after(text: &str) -> Result<Option<(i64, i64)>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || AppError::field("after", "err.board.window");
    let (t, s) = text.split_once(':').ok_or_else(bad)?;
    Ok(Some((t.parse().map_err(|_| bad())?, s.parse().map_err(|_| bad())?)))
}

/// The caller's own subject on a board: themselves, their team, their first studio, their
/// department.
async fn my_subject(tx: &mut Tx, me: &UserInfo, board: Board) -> Result<Option<i64>, AppError> {
    Ok(match board {
        Board::Person => Some(me.id),
        Board::Team => Some(me.team_id),
        Board::Studio => repo::studios_of(tx, me.id).await?.first().copied(),
        Board::Department => db::people::place_of(tx, me.id).await?.map(|p| p.1),
    })
}

/// Ranks rows that follow each other in board order: the first from the counts of totals, the
/// rest from it.
async fn ranked_rows(tx: &mut Tx, s: Scope<'_>, rows: Vec<BoardRow>) -> Result<Vec<(u64, BoardRow)>, AppError> {
    let Some(first) = rows.first() else { return Ok(Vec::new()) };
    let above = repo::count_above(tx, s, Some(first.total)).await? as u64;
    let tied = repo::count_at(tx, s, first.total).await? as u64;
    let totals: Vec<i64> = rows.iter().map(|r| r.total).collect();
    let ranks = boards::page_ranks(&totals, above, tied);
    Ok(ranks.into_iter().zip(rows).collect())
}

/// The rank of row `i` of a complete board in board order.
fn rank_in(all: &[BoardRow], i: usize) -> u64 {
    let t = all[i].total;
    all.partition_point(|r| r.total > t) as u64 + 1
}

/// Chosen periods, added up once per ledger version and kept for the next readers (a few).
static PERIODS: Kept<(u64, Board, Window, i64), Vec<BoardRow>> = Kept::new(4, Duration::ZERO);

/// A chosen period's board, complete, in board order.
async fn period(
    tx: &mut Tx,
    db: u64,
    board: Board,
    window: Window,
    department: i64,
    version: (i64, i64),
) -> Result<Arc<Vec<BoardRow>>, AppError> {
    let kept = PERIODS.get_or((db, board, window, department), version, false, async {
        let wins: Vec<String> = window.months().into_iter().filter_map(|m| Window::Month(m).key()).collect();
        let mut rows = repo::period_totals(tx, board, &wins, department).await?;
        rows.sort_unstable_by(|a, b| b.total.cmp(&a.total).then(a.subject.cmp(&b.subject)));
        Ok(Computed { value: rows, provisional: false })
    });
    Ok(kept.await?.0)
}

/// The climbers of recent boards. Finding them reads every subject ranked in both windows (on a
/// large organisation, a second's work), so they are refreshed at most once a minute, not with
/// every entry.
static RISERS_KEPT: Kept<(u64, Board, Window, i64), Vec<(i64, u64, u64)>> = Kept::new(16, Duration::from_secs(60));

/// The subjects that climbed most against the previous window of the same length, among those
/// ranked in both: (subject, rank before, rank now), with the ledger version they were found at.
async fn risers(
    tx: &mut Tx,
    db: u64,
    board: Board,
    window: Window,
    department: i64,
    version: (i64, i64),
) -> Result<(Vec<(i64, u64, u64)>, (i64, i64)), AppError> {
    let Some(previous) = window.previous() else { return Ok((Vec::new(), version)) };
    let (Some(now_key), Some(before_key)) = (window.key(), previous.key()) else { return Ok((Vec::new(), version)) };
    let kept = RISERS_KEPT.get_or((db, board, window, department), version, false, async {
        let rank_map = |counts: Vec<(i64, i64)>| {
            let counts: Vec<(i64, u64)> = counts.into_iter().map(|(t, n)| (t, n as u64)).collect();
            counts.iter().map(|(t, _)| (*t, boards::rank_of(*t, &counts))).collect::<HashMap<i64, u64>>()
        };
        let live = |win| Scope { shelf: Shelf::Live, board, win, department };
        let now_ranks = rank_map(repo::counts(tx, live(&now_key)).await?);
        let before_ranks = rank_map(repo::counts(tx, live(&before_key)).await?);
        let mut rises: Vec<(i64, u64, u64)> = repo::in_both(tx, board, &now_key, &before_key, department)
            .await?
            .into_iter()
            .filter_map(|(subject, now, before)| Some((subject, *before_ranks.get(&before)?, *now_ranks.get(&now)?)))
            .filter(|(_, from, to)| boards::rise(*from, *to) > 0)
            .collect();
        rises.sort_unstable_by(|a, b| {
            boards::rise(b.1, b.2).cmp(&boards::rise(a.1, a.2)).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0))
        });
        rises.truncate(RISERS);
        Ok(Computed { value: rises, provisional: false })
    });
    let (rises, at) = kept.await?;
    Ok((rises.as_ref().clone(), at))
}

/// The departments' shares of a window's points: the largest seven and the rest together.
async fn shares(tx: &mut Tx, window: Window) -> Result<Vec<(String, i64)>, AppError> {
    let Some(key) = window.key() else { return Ok(Vec::new()) };
    let rows = repo::department_shares(tx, &key, 7).await?;
    let top: Vec<BoardRow> = rows.into_iter().filter(|r| r.total > 0).collect();
    let ids: Vec<i64> = top.iter().map(|r| r.subject).collect();
    let names: HashMap<i64, String> =
        repo::names(tx, Board::Department, &ids).await?.into_iter().map(|(id, n, _)| (id, n)).collect();
    let mut out: Vec<(String, i64)> =
        top.iter().map(|r| (names.get(&r.subject).cloned().unwrap_or_default(), r.total)).collect();
    let rest = repo::department_sum(tx, &key).await? - top.iter().map(|r| r.total).sum::<i64>();
    if rest > 0 {
        out.push((String::new(), rest));
    }
    Ok(out)
}

/// Freezes the boards of every ended month not yet frozen; returns how many months.
pub async fn freeze_ended(pool: &Pool) -> Result<usize, AppError> {
    let current = Window::Month(Month::of(today())).key().ok_or(AppError::Internal)?;
    let mut tx = pool.begin_write().await?;
    let months = repo::months_to_freeze(&mut tx, &current).await?;
    let mut n = 0;
    for m in &months {
        if repo::freeze(&mut tx, m).await? {
            n += 1;
        }
    }
    tx.commit().await?;
    Ok(n)
}

/// Recomputes every board from the ledger (after a bulk load).
pub async fn rebuild(pool: &Pool) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    repo::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Values computed from the ledger and kept for the next readers: one per key (at most
/// `capacity`; the oldest make room), current while the ledger's version is the one they were
/// computed at — or, with a `fresh` window, while younger than it. A value computed from parts
/// older than the ledger (`provisional`) is current for the `fresh` window of those parts only.
/// One computation per key at a time; a reader that finds its key being computed may be given the
/// value kept before (`stale_ok`), with the version it was computed at.
struct Kept<K, V> {
    slots: Mutex<Vec<Slot<K, V>>>,
    turns: Mutex<Vec<(K, Arc<tokio::sync::Mutex<()>>)>>,
    capacity: usize,
    fresh: Duration,
}

struct Slot<K, V> {
    key: K,
    version: (i64, i64),
    at: Instant,
    until: Option<Instant>,
    value: Arc<V>,
}

/// A computed value, and whether it was made from parts older than the ledger's version.
struct Computed<V> {
    value: V,
    provisional: bool,
}

impl<K: Copy + PartialEq, V> Kept<K, V> {
    const fn new(capacity: usize, fresh: Duration) -> Self {
        Self { slots: Mutex::new(Vec::new()), turns: Mutex::new(Vec::new()), capacity, fresh }
    }

    /// The kept value for `key` with its version: a current one, or (`any`) whatever is kept.
    fn find(&self, key: K, version: (i64, i64), any: bool) -> Result<Option<(Arc<V>, (i64, i64))>, AppError> {
        let slots = self.slots.lock().map_err(|_| AppError::Internal)?;
        let current = |s: &Slot<K, V>| match s.until {
            Some(until) => Instant::now() < until,
            None => s.version == version || s.at.elapsed() < self.fresh,
        };
        Ok(slots.iter().find(|s| s.key == key && (any || current(s))).map(|s| (s.value.clone(), s.version)))
    }

    /// The lock that gives `key`'s computation its turn.
    fn turn(&self, key: K) -> Result<Arc<tokio::sync::Mutex<()>>, AppError> {
        let mut turns = self.turns.lock().map_err(|_| AppError::Internal)?;
        if let Some((_, t)) = turns.iter().find(|(k, _)| *k == key) {
            return Ok(t.clone());
        }
        // Locks nobody holds or waits for are dropped, so the list stays as short as the keys in use.
        turns.retain(|(_, t)| Arc::strong_count(t) > 1);
        let t = Arc::new(tokio::sync::Mutex::new(()));
        turns.push((key, t.clone()));
        Ok(t)
    }

    async fn get_or(
        &self,
        key: K,
        version: (i64, i64),
        stale_ok: bool,
        compute: impl std::future::Future<Output = Result<Computed<V>, AppError>>,
    ) -> Result<(Arc<V>, (i64, i64)), AppError> {
        if let Some(hit) = self.find(key, version, false)? {
            return Ok(hit);
        }
        let turn = self.turn(key)?;
        let _turn = match turn.try_lock() {
            Ok(t) => t,
            Err(_) => match self.find(key, version, true)? {
                Some(kept) if stale_ok => return Ok(kept),
                _ => turn.lock().await,
            },
        };
        if let Some(hit) = self.find(key, version, false)? {
            return Ok(hit);
        }
        let Computed { value, provisional } = compute.await?;
        let value = Arc::new(value);
        let now = Instant::now();
        let mut slots = self.slots.lock().map_err(|_| AppError::Internal)?;
        slots.retain(|s| s.key != key);
        if slots.len() >= self.capacity {
            slots.remove(0);
        }
        let until = provisional.then(|| now + PROVISIONAL);
        slots.push(Slot { key, version, at: now, until, value: value.clone() });
        Ok((value, version))
    }
}
