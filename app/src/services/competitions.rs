//! Judging: a judge's panels, the judge pad, entering marks (checked, idempotent, hash-chained),
//! signing a sheet, and a round's results with every rank's arithmetic.

use super::{ensure, require};
use crate::db::{self, competitions as repo, Pool, Tx};
use crate::domain::authz::allows;
use crate::domain::authz::Permission;
use crate::domain::awards;
use crate::domain::chain;
use crate::domain::exact::Exact;
use crate::domain::money::Fen;
use crate::domain::policy::{judge_conflicted, OrgPlace};
use crate::domain::scoring::{self, Deduction, Mark, Scheme, Sheet};
use crate::domain::validation::trimmed_len_between;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::competitions::{
    difficulty_field, mark_field, AwardView, DifficultyEntry, EventResultRow, EventResults, JudgePad, MarkEntry,
    PadContestant, PadMark, PanelSummary, ResultRow, RoundResults, Screen, ScreenRow, SpreadAlert,
};
use crate::model::UserInfo;
use std::collections::{BTreeSet, HashMap};

/// A stored decimal, or a loud failure (a corrupt row is an internal error, never a default).
pub(super) fn stored(column: &str, value: &str) -> Result<Exact, AppError> {
    value.parse().map_err(|e: String| {
        tracing::error!(column, value, error = %e, "stored score does not parse");
        AppError::Internal
    })
}

pub(super) fn scheme_of(r: &repo::RoundRow) -> Result<Scheme, AppError> {
    Ok(db::decode_json("rounds.scheme", &r.scheme)?)
}

pub(super) fn place_of_judge(j: &repo::JudgeRow) -> OrgPlace {
    OrgPlace { person: j.person_id, team: j.team_id, department: j.department_id }
}

pub(super) fn place_of_contestant(c: &repo::ContestantRow) -> OrgPlace {
    OrgPlace { person: c.person_id, team: c.team_id, department: c.department_id }
}

/// The rounds the caller judges.
pub async fn my_panels(pool: &Pool, me: &UserInfo) -> Result<Vec<PanelSummary>, AppError> {
    let rows = repo::panels_of(&mut pool.begin().await?, me.id).await?;
    Ok(rows
        .into_iter()
        .map(|r| PanelSummary {
            round_id: r.round_id,
            round_name: r.round_name,
            event_name: r.event_name,
            competition_name: r.competition_name,
            chief: r.chief,
            signed: r.signed_at.is_some(),
            locked: r.locked_at.is_some(),
            contestants: r.contestants,
        })
        .collect())
}

/// What a round's judge needs: the round, its scheme and the caller's place on the panel.
struct Bench {
    round: repo::RoundRow,
    scheme: Scheme,
    judge: repo::JudgeRow,
}

async fn bench(tx: &mut Tx, me: &UserInfo, round: i64) -> Result<Bench, AppError> {
    bench_of(tx, me.id, round).await
}

async fn bench_of(tx: &mut Tx, judge: i64, round: i64) -> Result<Bench, AppError> {
    let r = repo::round(tx, round).await?.ok_or(AppError::NotFound)?;
    let judge = repo::judges(tx, round).await?.into_iter().find(|j| j.person_id == judge).ok_or(AppError::Forbidden)?;
    Ok(Bench { scheme: scheme_of(&r)?, round: r, judge })
}

/// The caller's sheet for a round: contestants in running order, their marks, conflicts.
pub async fn judge_pad(pool: &Pool, me: &UserInfo, round: i64) -> Result<JudgePad, AppError> {
    let mut tx = pool.begin().await?;
    let b = bench(&mut tx, me, round).await?;
    sheet(&mut tx, b).await
}

/// A judge's sheet to print and sign on paper: the judge's own, or any judge's for an organiser.
pub async fn print_sheet(pool: &Pool, me: &UserInfo, round: i64, judge: i64) -> Result<(String, JudgePad), AppError> {
    ensure(judge == me.id || allows(&me.roles, Permission::ManageCompetitions))?;
    let mut tx = pool.begin().await?;
    let b = bench_of(&mut tx, judge, round).await.map_err(|e| match e {
        AppError::Forbidden => AppError::NotFound,
        e => e,
    })?;
    let name = b.judge.name.clone();
    Ok((name, sheet(&mut tx, b).await?))
}

async fn sheet(tx: &mut Tx, b: Bench) -> Result<JudgePad, AppError> {
    let me_id = b.judge.person_id;
    let round = b.round.id;
    let contestants = repo::field(tx, b.round.event_id, b.round.id).await?;
    let mut mine: HashMap<i64, Vec<PadMark>> = HashMap::new();
    for (judge, contestant, attempt, criterion, value) in repo::marks(tx, round).await? {
        if judge == me_id {
            let value = stored("marks.value", &value)?;
            mine.entry(contestant).or_default().push(PadMark { attempt: attempt as u8, criterion, value });
        }
    }
    let needed = b.scheme.criteria.len() * b.scheme.attempts as usize;
    let pad = contestants
        .iter()
        .map(|c| {
            let marks = mine.remove(&c.id).unwrap_or_default();
            PadContestant {
                id: c.id,
                name: c.name.clone(),
                team_name: c.team_name.clone(),
                running_order: c.running_order,
                conflicted: judge_conflicted(
                    place_of_judge(&b.judge),
                    place_of_contestant(c),
                    b.round.department_conflict,
                ),
                done: marks.len() >= needed,
                marks,
            }
        })
        .collect();
    Ok(JudgePad {
        round_id: round,
        judge_id: me_id,
        competition_name: b.round.competition_name,
        event_name: b.round.event_name,
        round_name: b.round.name,
        scheme: b.scheme,
        signed: b.judge.signed_at.is_some(),
        locked: b.round.locked_at.is_some(),
        contestants: pad,
    })
}

/// Records the caller's marks for one contestant. Checked against the panel, the conflict rule,
/// the sheet and round state, and each criterion's range and step; all or nothing. Re-sending
/// the same `client_id` (a retry after a lost connection) records nothing twice.
pub async fn submit_marks(
    pool: &Pool,
    me: &UserInfo,
    round: i64,
    contestant: i64,
    client_id: &str,
    entries: &[MarkEntry],
) -> Result<(), AppError> {
    let client_id = client_id.trim();
    if client_id.is_empty() || client_id.len() > 64 {
        return Err(AppError::field("", "err.mark.client_id"));
    }
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let b = bench(&mut tx, me, round).await?;
    if repo::has_client_id(&mut tx, &format!("{client_id}:0")).await? {
        return Ok(());
    }
    if b.round.locked_at.is_some() {
        return Err(AppError::field("", "err.round.locked"));
    }
    if b.judge.signed_at.is_some() {
        return Err(AppError::field("", "err.sheet.signed"));
    }
    let c = repo::in_field(&mut tx, b.round.event_id, b.round.id, contestant).await?.ok_or(AppError::NotFound)?;
    if judge_conflicted(place_of_judge(&b.judge), place_of_contestant(&c), b.round.department_conflict) {
        return Err(AppError::field("", "err.mark.conflict"));
    }
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for e in entries {
        let field = mark_field(contestant, e.attempt, &e.criterion);
        if e.value.trim().is_empty() {
            continue;
        }
        match Exact::parse_decimal(&e.value) {
            None => errors.push(FieldError::new(&field, "err.mark.number")),
            Some(v) => match b.scheme.check_mark(e.attempt, &e.criterion, v) {
                Ok(()) => parsed.push((e, v)),
                Err(m) => errors.push(FieldError::new(&field, m.message_key())),
            },
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if parsed.is_empty() {
        return Err(AppError::field("", "err.mark.none"));
    }
    let mut current: HashMap<(i64, String), String> =
        repo::marks_of(&mut tx, round, me.id, contestant).await?.into_iter().collect();
    let mut events = Vec::with_capacity(parsed.len());
    let mut latest: Vec<(i64, &str, String)> = Vec::with_capacity(parsed.len());
    for (i, (e, v)) in parsed.iter().enumerate() {
        let new = v.to_string();
        // A criterion sent twice in one submission: the later value stands, as if sent in turn.
        latest.retain(|(a, k, _)| !(*a == e.attempt as i64 && *k == e.criterion));
        latest.push((e.attempt as i64, &e.criterion, new.clone()));
        let old = current.insert((e.attempt as i64, e.criterion.clone()), new.clone());
        let body = serde_json::json!({
            "judge": me.id, "contestant": contestant, "attempt": e.attempt, "criterion": e.criterion,
            "old": old, "new": new,
        })
        .to_string();
        events.push(("mark", body, Some(format!("{client_id}:{i}"))));
    }
    let marks: Vec<(i64, &str, &str)> = latest.iter().map(|(a, k, v)| (*a, *k, v.as_str())).collect();
    repo::set_marks(&mut tx, round, me.id, contestant, &marks).await?;
    repo::append_events(&mut tx, round, me.id, &events).await?;
    tx.commit().await?;
    Ok(())
}

/// Signs the caller's sheet: every contestant they may mark has all their marks. A signed sheet
/// is locked for its judge.
pub async fn sign_sheet(pool: &Pool, me: &UserInfo, round: i64) -> Result<(), AppError> {
    let pad = judge_pad(pool, me, round).await?;
    if pad.locked {
        return Err(AppError::field("", "err.round.locked"));
    }
    if pad.signed {
        return Err(AppError::field("", "err.sheet.signed"));
    }
    if pad.contestants.iter().any(|c| !c.conflicted && !c.done) {
        return Err(AppError::field("", "err.sheet.incomplete"));
    }
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    if repo::sign_sheet(&mut tx, round, me.id).await? == 0 {
        return Err(AppError::field("", "err.sheet.signed"));
    }
    let body = serde_json::json!({ "judge": me.id }).to_string();
    repo::append_event(&mut tx, round, me.id, "sign", &body, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Every contestant's score with its arithmetic, ranked, and the spread alerts.
async fn assemble(
    tx: &mut Tx,
    r: &repo::RoundRow,
    scheme: &Scheme,
    judges: &[repo::JudgeRow],
) -> Result<(Vec<ResultRow>, Vec<SpreadAlert>), AppError> {
    let round = r.id;
    let tie_breaks: Vec<scoring::TieBreak> = db::decode_json("competition_events.tie_breaks", &r.tie_breaks)?;
    let contestants = repo::field(tx, r.event_id, r.id).await?;
    let mut sheets: HashMap<i64, Sheet> =
        contestants.iter().map(|c| (c.id, Sheet { contestant: c.id, ..Default::default() })).collect();
    for (judge, contestant, attempt, criterion, value) in repo::marks(tx, round).await? {
        if let Some(s) = sheets.get_mut(&contestant) {
            s.marks.push(Mark { judge, attempt: attempt as u8, criterion, value: stored("marks.value", &value)? });
        }
    }
    for (contestant, attempt, value) in repo::difficulties(tx, round).await? {
        if let Some(s) = sheets.get_mut(&contestant) {
            let i = attempt as usize - 1;
            if s.difficulty.len() <= i {
                s.difficulty.resize(i + 1, Exact::ONE);
            }
            s.difficulty[i] = stored("attempt_difficulty.difficulty", &value)?;
        }
    }
    for (contestant, points, reason) in repo::deductions(tx, round).await? {
        if let Some(s) = sheets.get_mut(&contestant) {
            s.deductions.push(Deduction { points: stored("deductions.points", &points)?, reason });
        }
    }
    let overrides: HashMap<(i64, i64, String), String> =
        repo::overrides(tx, round).await?.into_iter().map(|(c, a, k, reason)| ((c, a, k), reason)).collect();
    let panel: Vec<i64> = judges.iter().map(|j| j.person_id).collect();
    let mut rows = Vec::new();
    let mut alerts = Vec::new();
    for c in &contestants {
        let mut sheet = sheets.remove(&c.id).expect("a sheet per contestant");
        sheet.left_out = judges
            .iter()
            .filter(|j| judge_conflicted(place_of_judge(j), place_of_contestant(c), r.department_conflict))
            .map(|j| j.person_id)
            .collect::<BTreeSet<_>>();
        let score = scoring::score(scheme, &panel, &sheet);
        for (attempt, criterion, low, high) in scoring::spread_alerts(scheme, &score) {
            alerts.push(SpreadAlert {
                contestant: c.id,
                name: c.name.clone(),
                attempt,
                criterion_name: scheme.criterion(&criterion).map(|k| k.name.clone()).unwrap_or_default(),
                overridden: overrides.get(&(c.id, attempt as i64, criterion.clone())).cloned(),
                criterion,
                low,
                high,
            });
        }
        rows.push(ResultRow { rank: None, name: c.name.clone(), team_name: c.team_name.clone(), score, tier: None });
    }
    let keyed: Vec<(i64, Vec<Exact>)> = rows
        .iter()
        .filter(|row| row.score.complete)
        .map(|row| (row.score.contestant, scoring::rank_keys(scheme, &row.score, &tie_breaks)))
        .collect();
    let ranks: HashMap<i64, u32> = scoring::rank(&keyed).into_iter().collect();
    for row in &mut rows {
        row.rank = ranks.get(&row.score.contestant).copied();
    }
    rows.sort_by_key(|row| (row.rank.is_none(), row.rank, row.score.contestant));
    // Award tiers only once the whole field is ranked (a missing score could change every place).
    if rows.iter().all(|row| row.rank.is_some()) {
        let tiers: Vec<scoring::TierRule> = db::decode_json("competition_events.tiers", &r.tiers)?;
        let ranked: Vec<(i64, u32, Exact)> =
            rows.iter().map(|row| (row.score.contestant, row.rank.unwrap_or(0), row.score.published)).collect();
        let given: HashMap<i64, Option<usize>> = scoring::award(&ranked, &tiers).into_iter().collect();
        for row in &mut rows {
            row.tier = given.get(&row.score.contestant).copied().flatten();
        }
    }
    Ok((rows, alerts))
}

/// A round's results with each contestant's arithmetic. Published results are open to every
/// signed-in person; before that, to the round's judges and to admins.
pub async fn results(pool: &Pool, me: &UserInfo, round: i64) -> Result<RoundResults, AppError> {
    let mut tx = pool.begin().await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    let judges = repo::judges(&mut tx, round).await?;
    let on_panel = judges.iter().any(|j| j.person_id == me.id);
    let admin = allows(&me.roles, Permission::ManageCompetitions);
    if r.published_at.is_none() && !on_panel && !admin {
        return Err(AppError::Forbidden);
    }
    // Published results are for the organisation's people (a guest judge sees only their panels').
    if !on_panel {
        require(me, Permission::ViewDirectory)?;
    }
    let is_chief = judges.iter().any(|j| j.person_id == me.id && j.chief);
    let scheme = scheme_of(&r)?;
    let (events, broken_at, last_hash) = chain_state(&mut tx, round).await?;
    // The round's version: its last event, when the chain holds (else nothing is shared).
    let version = if broken_at.is_none() { events as i64 } else { 0 };
    // Shared once marking has begun (from then on the field and the scheme are fixed, and every
    // change is an event), keyed by the last event's number and hash and by the panel.
    let key = (r.marked && version > 0).then(|| Key { version, hash: last_hash, panel: panel_key(&judges) });
    let (rows, alerts) = match key.as_ref().and_then(|k| assembled(round, k)) {
        Some(hit) => hit,
        None => {
            let (rows, alerts) = assemble(&mut tx, &r, &scheme, &judges).await?;
            if let Some(k) = key {
                remember(round, k, &rows, &alerts);
            }
            (rows, alerts)
        }
    };
    Ok(RoundResults {
        version,
        round_id: round,
        competition_name: r.competition_name,
        event_name: r.event_name,
        round_name: r.name,
        published: r.published_at.is_some(),
        locked: r.locked_at.is_some(),
        scheme,
        judges: judges.iter().map(|j| (j.person_id, j.name.clone())).collect(),
        signed_sheets: judges.iter().filter(|j| j.signed_at.is_some()).count(),
        rows,
        chain_intact: broken_at.is_none(),
        broken_at,
        events,
        signed_judges: judges.iter().filter(|j| j.signed_at.is_some()).map(|j| j.person_id).collect(),
        alerts,
        is_chief,
        may_publish: is_chief || admin,
        awarded: r.awarded,
        corrections: if r.corrections > 0 { repo::corrections(&mut tx, round).await? } else { Vec::new() },
    })
}

/// Assembled results shared between readers, per round, for one state of the round: its chain's
/// last event (number and hash: every mark, signature, deduction, difficulty, lock and correction
/// is an event) and its panel; kept at most [`SHARED_FOR`] (a renamed person shows within that).
type Assembled = (Vec<ResultRow>, Vec<SpreadAlert>);

#[derive(PartialEq)]
struct Key {
    version: i64,
    hash: String,
    panel: Vec<(i64, bool)>,
}

struct Shared {
    key: Key,
    at: std::time::Instant,
    value: std::sync::Arc<Assembled>,
}

const SHARED_FOR: std::time::Duration = std::time::Duration::from_secs(10);

fn shared() -> &'static std::sync::Mutex<HashMap<i64, Shared>> {
    static CACHE: std::sync::OnceLock<std::sync::Mutex<HashMap<i64, Shared>>> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn panel_key(judges: &[repo::JudgeRow]) -> Vec<(i64, bool)> {
    judges.iter().map(|j| (j.person_id, j.chief)).collect()
}

fn assembled(round: i64, key: &Key) -> Option<Assembled> {
    let cache = shared().lock().expect("results cache");
    let s = cache.get(&round)?;
    (s.key == *key && s.at.elapsed() < SHARED_FOR).then(|| (*s.value).clone())
}

fn remember(round: i64, key: Key, rows: &[ResultRow], alerts: &[SpreadAlert]) {
    let value = std::sync::Arc::new((rows.to_vec(), alerts.to_vec()));
    let mut cache = shared().lock().expect("results cache");
    cache.retain(|_, s| s.at.elapsed() < SHARED_FOR);
    cache.insert(round, Shared { key, at: std::time::Instant::now(), value });
}

/// How long the results page trusts a chain it verified in full: in between it checks the stored
/// hash of the last verified event and verifies only the events after it, so a read costs the new
/// events, not the whole history (a busy round writes hundreds a second). `server verify` always
/// checks everything.
const FULL_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

struct Verified {
    seq: i64,
    hash: String,
    full_at: std::time::Instant,
}

fn verified() -> &'static std::sync::Mutex<HashMap<i64, Verified>> {
    static CACHE: std::sync::OnceLock<std::sync::Mutex<HashMap<i64, Verified>>> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// A round's chain: the number of events, the first event that fails if it is broken, else the
/// last event's hash (with its number, it names this state of the round in any database).
async fn chain_state(tx: &mut Tx, round: i64) -> Result<(usize, Option<i64>, String), AppError> {
    let known = verified()
        .lock()
        .expect("chain cache")
        .get(&round)
        .filter(|v| v.full_at.elapsed() < FULL_CHECK_EVERY)
        .map(|v| (v.seq, v.hash.clone(), v.full_at));
    // One read: the last verified event (still as verified?) and those after it.
    let (after, prev, full_at, links) = match known {
        Some((seq, hash, at)) if seq > 0 => {
            let mut links = repo::events_after(tx, round, seq - 1).await?;
            if links.first().is_some_and(|l| l.seq == seq && l.hash == hash) {
                links.remove(0);
                (seq, hash, at, links)
            } else {
                (0, chain::GENESIS.to_string(), std::time::Instant::now(), repo::events_after(tx, round, 0).await?)
            }
        }
        _ => (0, chain::GENESIS.to_string(), std::time::Instant::now(), repo::events_after(tx, round, 0).await?),
    };
    match chain::verify_from(&prev, after, &links) {
        Ok(last) => {
            let hash = links.last().map(|l| l.hash.clone()).unwrap_or(prev);
            verified().lock().expect("chain cache").insert(round, Verified { seq: last, hash: hash.clone(), full_at });
            Ok((last as usize, None, hash))
        }
        Err(b) => {
            verified().lock().expect("chain cache").remove(&round);
            Ok((after as usize + links.len(), Some(b.seq()), String::new()))
        }
    }
}

/// Who may watch a round's big screen: anyone for a public competition (no sign-in: it hangs in
/// the hall), otherwise the organisation's signed-in people.
fn may_watch(r: &repo::RoundRow, me: Option<&UserInfo>) -> Result<(), AppError> {
    match me {
        _ if r.public => Ok(()),
        None => Err(AppError::Unauthenticated),
        Some(me) => require(me, Permission::ViewDirectory),
    }
}

/// A round's live ranking for the big screen. A contestant's score shows as soon as every judge's
/// marks for them are in (provisional until the round is published); ranks as on the results page.
pub async fn screen(pool: &Pool, me: Option<&UserInfo>, round: i64) -> Result<Screen, AppError> {
    let mut tx = pool.begin().await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    may_watch(&r, me)?;
    let judges = repo::judges(&mut tx, round).await?;
    let scheme = scheme_of(&r)?;
    let (rows, _) = assemble(&mut tx, &r, &scheme, &judges).await?;
    let version = repo::round_version(&mut tx, round).await?;
    Ok(Screen {
        round_id: round,
        competition_name: r.competition_name,
        event_name: r.event_name,
        round_name: r.name,
        published: r.published_at.is_some(),
        locked: r.locked_at.is_some(),
        judges: judges.len(),
        signed_sheets: judges.iter().filter(|j| j.signed_at.is_some()).count(),
        scored: rows.iter().filter(|row| row.score.complete).count(),
        rows: rows
            .into_iter()
            .map(|row| ScreenRow {
                rank: row.rank,
                score: row.score.complete.then(|| row.score.published.to_fixed(scheme.decimals)),
                name: row.name,
                team_name: row.team_name,
                tier: row.tier,
            })
            .collect(),
        version,
    })
}

/// The version of a round a watcher may follow (checked once, when the watcher connects).
pub async fn watch(pool: &Pool, me: Option<&UserInfo>, round: i64) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    may_watch(&r, me)?;
    Ok(repo::round_version(&mut tx, round).await?)
}

/// The round's current version, for a watcher already let in by [`watch`].
pub async fn version(pool: &Pool, round: i64) -> Result<i64, AppError> {
    Ok(repo::round_version(&mut pool.begin().await?, round).await?)
}

/// Every round's event chain checked (the `server verify` command): (round, intact events, or
/// where it breaks).
pub async fn verify_all(pool: &Pool) -> Result<Vec<(i64, Result<usize, chain::Break>)>, AppError> {
    let mut tx = pool.begin().await?;
    let mut out = Vec::new();
    for round in repo::round_ids(&mut tx).await? {
        out.push((round, chain::verify(&repo::events(&mut tx, round).await?)));
    }
    Ok(out)
}

/// The round, if the caller is its chief judge or a union admin.
async fn chief_or_admin(tx: &mut Tx, me: &UserInfo, round: i64) -> Result<repo::RoundRow, AppError> {
    let r = repo::round(tx, round).await?.ok_or(AppError::NotFound)?;
    let chief = repo::judges(tx, round).await?.iter().any(|j| j.person_id == me.id && j.chief);
    ensure(chief || allows(&me.roles, Permission::ManageCompetitions))?;
    Ok(r)
}

/// The round, if the caller is its chief judge.
async fn as_chief(tx: &mut Tx, me: &UserInfo, round: i64) -> Result<(repo::RoundRow, Vec<repo::JudgeRow>), AppError> {
    let r = repo::round(tx, round).await?.ok_or(AppError::NotFound)?;
    let judges = repo::judges(tx, round).await?;
    ensure(judges.iter().any(|j| j.person_id == me.id && j.chief))?;
    Ok((r, judges))
}

fn reason(text: &str) -> Result<String, AppError> {
    Ok(trimmed_len_between(text, 2, 500, "reason", "err.reason.required")?)
}

/// A penalty on a contestant (the chief judge, before the round is locked).
pub async fn add_deduction(
    pool: &Pool,
    me: &UserInfo,
    round: i64,
    contestant: i64,
    points: &str,
    why: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let (r, _) = as_chief(&mut tx, me, round).await?;
    if r.locked_at.is_some() {
        return Err(AppError::field("", "err.round.locked"));
    }
    let mut errors = Vec::new();
    let points = match Exact::parse_decimal(points) {
        Some(p) if p > Exact::ZERO => Some(p),
        _ => {
            errors.push(FieldError::new("points", "err.deduction.points"));
            None
        }
    };
    let why = reason(why).map_err(|e| errors.extend(field_errors(e))).ok();
    let (Some(points), Some(why)) = (points, why) else { return Err(AppError::Invalid(errors)) };
    if repo::in_field(&mut tx, r.event_id, r.id, contestant).await?.is_none() {
        return Err(AppError::NotFound);
    }
    repo::add_deduction(&mut tx, round, contestant, &points.to_string(), &why, me.id).await?;
    let body = serde_json::json!({ "contestant": contestant, "points": points.to_string(), "reason": why }).to_string();
    repo::append_event(&mut tx, round, me.id, "deduct", &body, None).await?;
    tx.commit().await?;
    Ok(())
}

fn field_errors(e: AppError) -> Vec<FieldError> {
    match e {
        AppError::Invalid(f) => f,
        _ => Vec::new(),
    }
}

/// Keeps marks that differ by more than the scheme allows, with a written reason.
pub async fn override_spread(
    pool: &Pool,
    me: &UserInfo,
    round: i64,
    contestant: i64,
    attempt: u8,
    criterion: &str,
    why: &str,
) -> Result<(), AppError> {
    let why = reason(why)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let (r, judges) = as_chief(&mut tx, me, round).await?;
    if r.locked_at.is_some() {
        return Err(AppError::field("", "err.round.locked"));
    }
    let scheme = scheme_of(&r)?;
    let (_, alerts) = assemble(&mut tx, &r, &scheme, &judges).await?;
    if !alerts.iter().any(|a| a.contestant == contestant && a.attempt == attempt && a.criterion == criterion) {
        return Err(AppError::NotFound);
    }
    repo::add_override(&mut tx, round, contestant, attempt as i64, criterion, &why, me.id).await?;
    let body = serde_json::json!({ "override": { "contestant": contestant, "attempt": attempt, "criterion": criterion }, "reason": why })
        .to_string();
    repo::append_event(&mut tx, round, me.id, "override", &body, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Reopens a judge's signed sheet so they can correct it, with a written reason.
pub async fn reopen_sheet(pool: &Pool, me: &UserInfo, round: i64, judge: i64, why: &str) -> Result<(), AppError> {
    let why = reason(why)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let (r, _) = as_chief(&mut tx, me, round).await?;
    if r.locked_at.is_some() {
        return Err(AppError::field("", "err.round.locked"));
    }
    if repo::reopen_sheet(&mut tx, round, judge).await? == 0 {
        return Err(AppError::field("", "err.sheet.not_signed"));
    }
    let body = serde_json::json!({ "judge": judge, "reason": why }).to_string();
    repo::append_event(&mut tx, round, me.id, "reopen", &body, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Locks the round: every sheet signed, every spread alert re-scored or decided.
pub async fn lock_round(pool: &Pool, me: &UserInfo, round: i64) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let (r, judges) = as_chief(&mut tx, me, round).await?;
    if r.locked_at.is_some() {
        return Err(AppError::field("", "err.round.locked"));
    }
    if judges.iter().any(|j| j.signed_at.is_none()) {
        return Err(AppError::field("", "err.round.unsigned"));
    }
    let scheme = scheme_of(&r)?;
    // Judges added after the scheme was saved may leave too few to trim.
    if scheme.validate(judges.len()).is_err() {
        return Err(AppError::field("", "err.scheme.panel_small"));
    }
    let (_, alerts) = assemble(&mut tx, &r, &scheme, &judges).await?;
    if alerts.iter().any(|a| a.overridden.is_none()) {
        return Err(AppError::field("", "err.round.spread"));
    }
    repo::lock_round(&mut tx, round).await?;
    repo::append_event(&mut tx, round, me.id, "lock", "{}", None).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes a locked round's results (its chief judge or a union admin).
pub async fn publish_round(pool: &Pool, me: &UserInfo, round: i64) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = chief_or_admin(&mut tx, me, round).await?;
    if r.locked_at.is_none() {
        return Err(AppError::field("", "err.round.not_locked"));
    }
    if repo::publish_round(&mut tx, round).await? == 0 {
        return Err(AppError::field("", "err.round.published"));
    }
    repo::append_event(&mut tx, round, me.id, "publish", "{}", None).await?;
    tx.commit().await?;
    Ok(())
}

/// Reopens published results for a correction, with a written reason (its chief judge or a union
/// admin): the round is unlocked and unpublished, so sheets can be reopened, marks corrected and
/// the round locked and published again; the results page lists every correction.
pub async fn correct_round(pool: &Pool, me: &UserInfo, round: i64, why: &str) -> Result<(), AppError> {
    let why = reason(why)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = chief_or_admin(&mut tx, me, round).await?;
    if r.published_at.is_none() {
        return Err(AppError::field("reason", "err.round.not_published"));
    }
    if r.awarded {
        return Err(AppError::field("reason", "err.awards.final"));
    }
    repo::reopen_for_correction(&mut tx, round, me.id, &why).await?;
    let body = serde_json::json!({ "reason": why }).to_string();
    repo::append_event(&mut tx, round, me.id, "correct", &body, None).await?;
    db::audit::record(&mut tx, Some(me.id), "round.correct", "round", Some(round), &why).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the difficulty coefficients of contestants' attempts (the organiser or the chief judge,
/// before the round is locked); blank leaves one as it is. All or nothing; recorded in the chain.
pub async fn set_difficulties(
    pool: &Pool,
    me: &UserInfo,
    round: i64,
    entries: &[DifficultyEntry],
) -> Result<(), AppError> {
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = chief_or_admin(&mut tx, me, round).await?;
    if r.locked_at.is_some() {
        return Err(AppError::field("", "err.round.locked"));
    }
    let scheme = scheme_of(&r)?;
    let field: BTreeSet<i64> = repo::field(&mut tx, r.event_id, r.id).await?.iter().map(|c| c.id).collect();
    let current: HashMap<(i64, i64), String> =
        repo::difficulties(&mut tx, round).await?.into_iter().map(|(c, a, v)| ((c, a), v)).collect();
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for e in entries.iter().filter(|e| !e.value.trim().is_empty()) {
        let f = difficulty_field(e.contestant, e.attempt);
        if !field.contains(&e.contestant) || e.attempt == 0 || e.attempt > scheme.attempts {
            errors.push(FieldError::new(&f, "err.difficulty.invalid"));
            continue;
        }
        match Exact::parse_decimal(&e.value).filter(|d| *d > Exact::ZERO) {
            Some(d) => {
                let text = d.to_decimal().unwrap_or_else(|| d.to_string());
                if current.get(&(e.contestant, e.attempt as i64)) != Some(&text) {
                    changes.push((e.contestant, e.attempt, text));
                }
            }
            None => errors.push(FieldError::new(&f, "err.difficulty.invalid")),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    for (contestant, attempt, value) in &changes {
        record_difficulty(&mut tx, round, me.id, *contestant, *attempt as i64, value).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One contestant's line in an event's result.
pub(super) struct Standing {
    pub contestant: i64,
    pub name: String,
    pub team_name: String,
    pub rounds: Vec<Option<Exact>>,
    pub total: Option<Exact>,
    /// The event's tie-breaks, as the latest round this contestant took part in decides them.
    pub tie: Vec<Exact>,
    pub rank: Option<u32>,
    pub tier: Option<usize>,
}

/// Sets one attempt's difficulty coefficient and records it in the round's chain.
pub(super) async fn record_difficulty(
    tx: &mut Tx,
    round: i64,
    actor: i64,
    contestant: i64,
    attempt: i64,
    value: &str,
) -> Result<(), AppError> {
    repo::set_difficulty(tx, round, contestant, attempt, value).await?;
    let body = serde_json::json!({ "contestant": contestant, "attempt": attempt, "difficulty": value }).to_string();
    repo::append_event(tx, round, actor, "difficulty", &body, None).await?;
    Ok(())
}

/// An event's result: each published round's scores combined the event's way (sum, weighted or
/// the final only), ranked 1-2-2-4 and, once every round is published, given award tiers. Also
/// whether it is final (every round published) and the rounds as (id, name, published).
pub(super) async fn standings(
    tx: &mut Tx,
    e: &repo::EventRow,
) -> Result<(Vec<Standing>, bool, Vec<(i64, String, bool)>), AppError> {
    let rule: scoring::Combine = db::decode_json("competition_events.combine", &e.combine)?;
    let rounds = repo::event_rounds(tx, e.id).await?;
    let mut lines: Vec<Standing> = Vec::new();
    let mut at_line: HashMap<i64, usize> = HashMap::new();
    for (i, (round, _, _, published)) in rounds.iter().enumerate() {
        if !published {
            continue;
        }
        let r = repo::round(tx, *round).await?.ok_or(AppError::NotFound)?;
        let judges = repo::judges(tx, *round).await?;
        let scheme = scheme_of(&r)?;
        let tie_breaks: Vec<scoring::TieBreak> = db::decode_json("competition_events.tie_breaks", &r.tie_breaks)?;
        let (rows, _) = assemble(tx, &r, &scheme, &judges).await?;
        for row in rows.into_iter().filter(|row| row.score.complete) {
            let k = row.score.contestant;
            let tie = scoring::rank_keys(&scheme, &row.score, &tie_breaks).split_off(1);
            let at = *at_line.entry(k).or_insert_with(|| {
                lines.push(Standing {
                    contestant: k,
                    name: row.name.clone(),
                    team_name: row.team_name.clone(),
                    rounds: vec![None; rounds.len()],
                    total: None,
                    tie: Vec::new(),
                    rank: None,
                    tier: None,
                });
                lines.len() - 1
            });
            lines[at].rounds[i] = Some(row.score.published);
            lines[at].tie = tie;
        }
    }
    let last_published = rounds.iter().rposition(|r| r.3);
    for l in &mut lines {
        l.total = match rule {
            // Only those who took the last published round have a final result.
            scoring::Combine::FinalOnly => last_published.and_then(|i| l.rounds[i]),
            _ => Some(scoring::combine(&rule, &l.rounds)),
        };
    }
    // Ranked on the combined total, then the event's tie-breaks (as on the rounds' results).
    let keyed: Vec<(i64, Vec<Exact>)> = lines
        .iter()
        .filter_map(|l| l.total.map(|t| (l.contestant, std::iter::once(t).chain(l.tie.iter().copied()).collect())))
        .collect();
    let ranks: HashMap<i64, u32> = scoring::rank(&keyed).into_iter().collect();
    for l in &mut lines {
        l.rank = ranks.get(&l.contestant).copied();
    }
    lines.sort_by_key(|l| (l.rank.is_none(), l.rank, l.contestant));
    let is_final = !rounds.is_empty() && rounds.iter().all(|r| r.3);
    if is_final {
        let tiers: Vec<scoring::TierRule> = db::decode_json("competition_events.tiers", &e.tiers)?;
        let ranked: Vec<(i64, u32, Exact)> =
            lines.iter().filter_map(|l| Some((l.contestant, l.rank?, l.total?))).collect();
        let given: HashMap<i64, Option<usize>> = scoring::award(&ranked, &tiers).into_iter().collect();
        for l in &mut lines {
            l.tier = given.get(&l.contestant).copied().flatten();
        }
    }
    Ok((lines, is_final, rounds.into_iter().map(|(id, _, name, published)| (id, name, published)).collect()))
}

/// An event's result (see [`standings`]) with its prizes and, once confirmed, its awards. Every
/// signed-in person of the organisation may see it.
pub async fn event_results(pool: &Pool, me: &UserInfo, event: i64) -> Result<EventResults, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin().await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    let c = repo::competition(&mut tx, e.competition_id).await?.ok_or(AppError::NotFound)?;
    let rule: scoring::Combine = db::decode_json("competition_events.combine", &e.combine)?;
    let (lines, is_final, rounds) = standings(&mut tx, &e).await?;
    let text = |x: Exact| {
        x.to_decimal().filter(|d| d.split('.').nth(1).is_none_or(|f| f.len() <= 4)).unwrap_or_else(|| x.to_fixed(4))
    };
    let team_event = e.entry == crate::domain::competition::Entry::Team.code();
    let placed: Vec<i64> = lines.iter().filter(|l| l.tier.is_some() && team_event).map(|l| l.contestant).collect();
    let mut members: HashMap<i64, Vec<String>> = HashMap::new();
    for m in repo::members(&mut tx, &placed).await? {
        members.entry(m.contestant_id).or_default().push(format!("{}×{}", m.name, m.weight));
    }
    let rows: Vec<EventResultRow> = lines
        .into_iter()
        .map(|l| EventResultRow {
            rank: l.rank,
            tier: l.tier,
            members: members.remove(&l.contestant).unwrap_or_default(),
            name: l.name,
            team_name: l.team_name,
            rounds: l.rounds.iter().map(|s| s.map(text)).collect(),
            total: l.total.map(text),
        })
        .collect();
    let combine = match rule {
        scoring::Combine::Sum => "sum",
        scoring::Combine::Weighted { .. } => "weighted",
        scoring::Combine::FinalOnly => "final_only",
    };
    let tiers: Vec<scoring::TierRule> = db::decode_json("competition_events.tiers", &e.tiers)?;
    let prizes: Vec<awards::Prize> = db::decode_json("competition_events.prizes", &e.prizes)?;
    let awards = repo::awards(&mut tx, event)
        .await?
        .into_iter()
        .map(|a| AwardView {
            person_id: a.person_id,
            name: a.name,
            team_name: a.team_name,
            place: a.place,
            tier: a.tier as usize,
            title: a.title,
            prize_fen: crate::domain::policy::sees_money_of(super::viewer(me), a.person_id).then_some(Fen(a.prize_fen)),
            points: a.points,
        })
        .collect();
    Ok(EventResults {
        competition_id: c.id,
        competition_name: c.name,
        event_id: event,
        event_name: e.name,
        team_event,
        combine: combine.into(),
        rounds,
        rows,
        is_final,
        tiers: tiers.len(),
        // What each tier pays would tell anyone a winner's prize: organisers only.
        prizes: if allows(&me.roles, Permission::ManageCompetitions) { prizes } else { Vec::new() },
        awarded: e.awarded_at.is_some(),
        awards,
        may_organise: allows(&me.roles, Permission::ManageCompetitions),
    })
}

/// Sends the top N, or everyone over a score, of a published round on to the event's next round
/// (organisers; before the next round's first mark). Returns how many go on.
pub async fn advance(pool: &Pool, me: &UserInfo, round: i64, by: &str, value: &str) -> Result<usize, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let rule = match by {
        "top" => value.trim().parse().ok().filter(|n| *n > 0).map(|n| scoring::Advance::Top { n }),
        "at_least" => Exact::parse_decimal(value).map(|score| scoring::Advance::AtLeast { score }),
        _ => None,
    }
    .ok_or_else(|| AppError::field("value", "err.advance.value"))?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    if r.published_at.is_none() {
        return Err(AppError::field("value", "err.advance.unpublished"));
    }
    let next = repo::event_rounds(&mut tx, r.event_id)
        .await?
        .into_iter()
        .find(|n| n.1 == r.seq + 1)
        .ok_or_else(|| AppError::field("value", "err.advance.no_next"))?;
    repo::lock_round_row(&mut tx, next.0).await?;
    if repo::round_marked(&mut tx, next.0).await? {
        return Err(AppError::field("value", "err.comp.marking_begun"));
    }
    let judges = repo::judges(&mut tx, round).await?;
    let scheme = scheme_of(&r)?;
    let (rows, _) = assemble(&mut tx, &r, &scheme, &judges).await?;
    let ranked: Vec<(i64, u32, Exact)> =
        rows.iter().filter_map(|row| row.rank.map(|k| (row.score.contestant, k, row.score.published))).collect();
    let going = scoring::advancing(&ranked, rule);
    if going.is_empty() {
        return Err(AppError::field("value", "err.advance.nobody"));
    }
    repo::set_field(&mut tx, next.0, &going).await?;
    let detail = format!("{} → {}: {} go on ({by} {value})", r.name, next.2, going.len());
    db::audit::record(&mut tx, Some(me.id), "round.advance", "round", Some(next.0), &detail).await?;
    tx.commit().await?;
    Ok(going.len())
}

/// A competition set up in one go: one event, its first round with its scheme and panel, and
/// the approved contestants in the running order drawn from `draw_seed`.
pub struct Setup<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub owner: &'a str,
    pub registration_opens: chrono::NaiveDate,
    pub registration_closes: chrono::NaiveDate,
    pub department_conflict: bool,
    pub public: bool,
    pub event_name: &'a str,
    pub round_name: &'a str,
    pub scheme: Scheme,
    pub tie_breaks: Vec<scoring::TieBreak>,
    pub tiers: Vec<scoring::TierRule>,
    /// Usernames.
    pub contestants: Vec<&'a str>,
    /// Usernames, and whether each is the chief judge.
    pub judges: Vec<(&'a str, bool)>,
    pub draw_seed: u64,
}

/// Sets up a competition (union admins); returns the round's id.
pub async fn organise(pool: &Pool, me: &UserInfo, s: &Setup<'_>) -> Result<i64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    s.scheme.validate(s.judges.len()).map_err(|e| {
        tracing::warn!(error = ?e, "scheme refused");
        AppError::field("scheme", "err.scheme.invalid")
    })?;
    let mut tx = pool.begin_write().await?;
    let competition = repo::insert_competition(
        &mut tx,
        &repo::NewCompetition {
            name: s.name,
            kind: s.kind,
            owner: s.owner,
            organiser_department_id: None,
            registration_opens: s.registration_opens,
            registration_closes: s.registration_closes,
            department_conflict: s.department_conflict,
            public: s.public,
            created_by: me.id,
        },
    )
    .await?;
    let event = repo::insert_event(
        &mut tx,
        competition,
        s.event_name,
        "individual",
        &json(&scoring::Combine::Sum),
        &json(&s.tie_breaks),
        &json(&s.tiers),
    )
    .await?;
    let round = repo::insert_round(&mut tx, event, 1, s.round_name, &json(&s.scheme)).await?;
    repo::keep_scheme_version(&mut tx, round, 1, &json(&s.scheme), me.id).await?;
    let mut ids = Vec::new();
    for u in &s.contestants {
        ids.push(
            db::people::active_id_by_username(&mut tx, u)
                .await?
                .ok_or_else(|| AppError::field("contestants", "err.person.unknown"))?,
        );
    }
    let order = scoring::draw(ids.clone(), s.draw_seed);
    repo::set_draw_seed(&mut tx, event, s.draw_seed).await?;
    for id in &ids {
        let place = order.iter().position(|o| o == id).expect("drawn") as i64 + 1;
        repo::insert_contestant(&mut tx, event, *id, "approved", Some(place), me.id).await?;
    }
    for (u, chief) in &s.judges {
        let id = db::people::active_id_by_username(&mut tx, u)
            .await?
            .ok_or_else(|| AppError::field("judges", "err.person.unknown"))?;
        repo::add_judge(&mut tx, round, id, *chief).await?;
    }
    db::audit::record(&mut tx, Some(me.id), "competition.create", "competition", Some(competition), s.name).await?;
    tx.commit().await?;
    Ok(round)
}

/// A domain value as the JSON its column holds.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain values serialise")
}
