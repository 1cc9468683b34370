//! Competitions, their events and rounds, contestants, judge panels, marks and the round's
//! hash-chained event log.

use super::{exec, now, on, Tx};
use crate::domain::chain::{Link, GENESIS};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

pub struct NewCompetition<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub owner: &'a str,
    pub organiser_department_id: Option<i64>,
    pub registration_opens: NaiveDate,
    pub registration_closes: NaiveDate,
    pub department_conflict: bool,
    pub public: bool,
    pub created_by: i64,
}

pub async fn insert_competition(tx: &mut Tx, c: &NewCompetition<'_>) -> Result<i64, sqlx::Error> {
    on!(tx, conn => sqlx::query_scalar(
        "INSERT INTO competitions (name, kind, owner, organiser_department_id, registration_opens, registration_closes,
                                   department_conflict, public, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(c.name)
    .bind(c.kind)
    .bind(c.owner)
    .bind(c.organiser_department_id)
    .bind(c.registration_opens)
    .bind(c.registration_closes)
    .bind(c.department_conflict)
    .bind(c.public)
    .bind(c.created_by)
    .bind(now())
    .fetch_one(conn)
    .await)
}

/// `combine`, `tie_breaks` and `tiers` are the domain's JSON.
pub async fn insert_event(
    tx: &mut Tx,
    competition: i64,
    name: &str,
    entry: &str,
    combine: &str,
    tie_breaks: &str,
    tiers: &str,
) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO competition_events (competition_id, name, entry, combine, tie_breaks, tiers)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(competition)
    .bind(name)
    .bind(entry)
    .bind(combine)
    .bind(tie_breaks)
    .bind(tiers)
    .fetch_one(c)
    .await)
}

pub async fn set_draw_seed(tx: &mut Tx, event: i64, seed: u64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE competition_events SET draw_seed = $2 WHERE id = $1")
        .bind(event)
        .bind(seed.to_string())
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn insert_round(tx: &mut Tx, event: i64, seq: i64, name: &str, scheme: &str) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("INSERT INTO rounds (event_id, seq, name, scheme) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(event)
        .bind(seq)
        .bind(name)
        .bind(scheme)
        .fetch_one(c)
        .await)
}

pub async fn insert_contestant(
    tx: &mut Tx,
    event: i64,
    person: i64,
    status: &str,
    running_order: Option<i64>,
    registered_by: i64,
) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "INSERT INTO contestants (event_id, person_id, status, running_order, registered_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(event)
    .bind(person)
    .bind(status)
    .bind(running_order)
    .bind(registered_by)
    .bind(now())
    .fetch_one(c)
    .await)
}

pub async fn add_judge(tx: &mut Tx, round: i64, person: i64, chief: bool) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("INSERT INTO round_judges (round_id, person_id, chief) VALUES ($1, $2, $3)")
        .bind(round)
        .bind(person)
        .bind(chief)
        .execute(c)
        .await)?;
    exec!(tx, c => sqlx::query("INSERT INTO judge_sheets (round_id, judge_id) VALUES ($1, $2)")
        .bind(round)
        .bind(person)
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn set_difficulty(
    tx: &mut Tx,
    round: i64,
    contestant: i64,
    attempt: i64,
    value: &str,
) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO attempt_difficulty (round_id, contestant_id, attempt, difficulty) VALUES ($1, $2, $3, $4)
         ON CONFLICT (round_id, contestant_id, attempt) DO UPDATE SET difficulty = excluded.difficulty",
    )
    .bind(round)
    .bind(contestant)
    .bind(attempt)
    .bind(value)
    .execute(c)
    .await)?;
    Ok(())
}

/// A round with what the judge pad and the results page need of its event and competition.
#[derive(FromRow)]
pub struct RoundRow {
    pub id: i64,
    pub seq: i64,
    pub name: String,
    pub scheme: String,
    pub scheme_version: i64,
    pub locked_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub event_id: i64,
    pub event_name: String,
    pub tie_breaks: String,
    pub tiers: String,
    pub competition_id: i64,
    pub competition_name: String,
    pub department_conflict: bool,
    pub public: bool,
    /// The event's awards are given.
    pub awarded: bool,
    /// How many corrections after publication the round has had.
    pub corrections: i64,
    /// Marking has begun (the field and the scheme are fixed).
    pub marked: bool,
}

const ROUND: &str = "SELECT r.id, r.seq, r.name, r.scheme, r.scheme_version, r.locked_at, r.published_at,
        e.id AS event_id, e.name AS event_name, e.tie_breaks, e.tiers,
        c.id AS competition_id, c.name AS competition_name, c.department_conflict, c.public,
        e.awarded_at IS NOT NULL AS awarded,
        (SELECT COUNT(*) FROM round_corrections k WHERE k.round_id = r.id) AS corrections,
        EXISTS (SELECT 1 FROM marks m WHERE m.round_id = r.id) AS marked
    FROM rounds r JOIN competition_events e ON e.id = r.event_id JOIN competitions c ON c.id = e.competition_id";

pub async fn round(tx: &mut Tx, id: i64) -> Result<Option<RoundRow>, sqlx::Error> {
    let sql = format!("{ROUND} WHERE r.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// The rounds a person judges: those still open first, then newest competition first.
#[derive(FromRow)]
pub struct PanelRow {
    pub round_id: i64,
    pub round_name: String,
    pub event_name: String,
    pub competition_name: String,
    pub chief: bool,
    pub signed_at: Option<DateTime<Utc>>,
    pub locked_at: Option<DateTime<Utc>>,
    pub contestants: i64,
}

pub async fn panels_of(tx: &mut Tx, person: i64) -> Result<Vec<PanelRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT r.id AS round_id, r.name AS round_name, e.name AS event_name, co.name AS competition_name, j.chief,
                s.signed_at, r.locked_at,
                (SELECT COUNT(*) FROM contestants k WHERE k.event_id = e.id AND k.status = 'approved') AS contestants
         FROM round_judges j JOIN rounds r ON r.id = j.round_id JOIN competition_events e ON e.id = r.event_id
         JOIN competitions co ON co.id = e.competition_id
         LEFT JOIN judge_sheets s ON s.round_id = j.round_id AND s.judge_id = j.person_id
         WHERE j.person_id = $1
         ORDER BY CASE WHEN r.locked_at IS NULL THEN 0 ELSE 1 END, co.id DESC, e.id, r.seq",
    )
    .bind(person)
    .fetch_all(c)
    .await)
}

/// A judge of a round with the org facts conflicts are decided on.
#[derive(FromRow)]
pub struct JudgeRow {
    pub person_id: i64,
    pub name: String,
    pub chief: bool,
    pub team_id: i64,
    pub department_id: i64,
    pub signed_at: Option<DateTime<Utc>>,
}

pub async fn judges(tx: &mut Tx, round: i64) -> Result<Vec<JudgeRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT p.id AS person_id, p.display_name AS name, j.chief, p.team_id, t.department_id, s.signed_at
         FROM round_judges j JOIN people p ON p.id = j.person_id JOIN teams t ON t.id = p.team_id
         LEFT JOIN judge_sheets s ON s.round_id = j.round_id AND s.judge_id = j.person_id
         WHERE j.round_id = $1 ORDER BY p.id",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

/// An approved contestant of an event, in running order.
#[derive(FromRow)]
pub struct ContestantRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub team_id: i64,
    pub team_name: String,
    pub department_id: i64,
    pub running_order: Option<i64>,
}

pub async fn contestants(tx: &mut Tx, event: i64) -> Result<Vec<ContestantRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT k.id, p.id AS person_id, p.display_name AS name, t.id AS team_id, t.name AS team_name, t.department_id,
                k.running_order
         FROM contestants k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id
         WHERE k.event_id = $1 AND k.status = 'approved'
         ORDER BY COALESCE(k.running_order, 1000000000), k.id",
    )
    .bind(event)
    .fetch_all(c)
    .await)
}

/// The contestants of a round's field: the event's approved contestants, or those advanced to it.
const FIELD: &str = "SELECT k.id, p.id AS person_id, p.display_name AS name, t.id AS team_id, t.name AS team_name,
        t.department_id, k.running_order
    FROM contestants k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id
    WHERE k.event_id = $1 AND k.status = 'approved'
      AND (NOT EXISTS (SELECT 1 FROM round_fields f WHERE f.round_id = $2)
           OR EXISTS (SELECT 1 FROM round_fields f WHERE f.round_id = $2 AND f.contestant_id = k.id))";

/// A round's field in running order.
pub async fn field(tx: &mut Tx, event: i64, round: i64) -> Result<Vec<ContestantRow>, sqlx::Error> {
    let sql = format!("{FIELD} ORDER BY COALESCE(k.running_order, 1000000000), k.id");
    on!(tx, c => sqlx::query_as(&sql).bind(event).bind(round).fetch_all(c).await)
}

/// One contestant of a round's field, if they are in it.
pub async fn in_field(
    tx: &mut Tx,
    event: i64,
    round: i64,
    contestant: i64,
) -> Result<Option<ContestantRow>, sqlx::Error> {
    let sql = format!("{FIELD} AND k.id = $3");
    on!(tx, c => sqlx::query_as(&sql).bind(event).bind(round).bind(contestant).fetch_optional(c).await)
}

/// Current marks of a round as (judge, contestant, attempt, criterion, value).
pub async fn marks(tx: &mut Tx, round: i64) -> Result<Vec<(i64, i64, i64, String, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT judge_id, contestant_id, attempt, criterion, value FROM marks WHERE round_id = $1
         ORDER BY contestant_id, attempt, criterion, judge_id",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

/// Difficulty coefficients as (contestant, attempt, value).
pub async fn difficulties(tx: &mut Tx, round: i64) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT contestant_id, attempt, difficulty FROM attempt_difficulty WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

/// Deductions as (contestant, points, reason).
pub async fn deductions(tx: &mut Tx, round: i64) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT contestant_id, points, reason FROM deductions WHERE round_id = $1 ORDER BY id",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

/// One judge's current marks for one contestant as ((attempt, criterion), value).
pub async fn marks_of(
    tx: &mut Tx,
    round: i64,
    judge: i64,
    contestant: i64,
) -> Result<Vec<((i64, String), String)>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = on!(tx, c => sqlx::query_as(
        "SELECT attempt, criterion, value FROM marks WHERE round_id = $1 AND judge_id = $2 AND contestant_id = $3",
    )
    .bind(round)
    .bind(judge)
    .bind(contestant)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(a, k, v)| ((a, k), v)).collect())
}

/// Sets one mark, whatever it was.
pub async fn set_mark(
    tx: &mut Tx,
    round: i64,
    judge: i64,
    contestant: i64,
    attempt: i64,
    criterion: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    set_marks(tx, round, judge, contestant, &[(attempt, criterion, value)]).await
}

/// Sets one judge's marks (attempt, criterion, value) for one contestant, in one statement.
pub async fn set_marks(
    tx: &mut Tx,
    round: i64,
    judge: i64,
    contestant: i64,
    marks: &[(i64, &str, &str)],
) -> Result<(), sqlx::Error> {
    if marks.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..marks.len())
        .map(|i| {
            let b = 4 + i * 3;
            format!("($1, $2, $3, ${}, ${}, ${})", b, b + 1, b + 2)
        })
        .collect();
    let sql = format!(
        "INSERT INTO marks (round_id, judge_id, contestant_id, attempt, criterion, value) VALUES {}
         ON CONFLICT (round_id, judge_id, contestant_id, attempt, criterion) DO UPDATE SET value = excluded.value",
        values.join(", ")
    );
    exec!(tx, c => {
        let mut q = sqlx::query(&sql).bind(round).bind(judge).bind(contestant);
        for (attempt, criterion, value) in marks {
            q = q.bind(*attempt).bind(*criterion).bind(*value);
        }
        q.execute(c).await
    })?;
    Ok(())
}

/// Sets one mark; returns the value it replaced, if any.
pub async fn put_mark(
    tx: &mut Tx,
    round: i64,
    judge: i64,
    contestant: i64,
    attempt: i64,
    criterion: &str,
    value: &str,
) -> Result<Option<String>, sqlx::Error> {
    let old: Option<String> = on!(tx, c => sqlx::query_scalar(
        "SELECT value FROM marks WHERE round_id = $1 AND judge_id = $2 AND contestant_id = $3 AND attempt = $4 AND criterion = $5",
    )
    .bind(round)
    .bind(judge)
    .bind(contestant)
    .bind(attempt)
    .bind(criterion)
    .fetch_optional(&mut *c)
    .await)?;
    set_mark(tx, round, judge, contestant, attempt, criterion, value).await?;
    Ok(old)
}

/// Whether an event with this client-made id was already recorded (a re-sent mark).
pub async fn has_client_id(tx: &mut Tx, client_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM round_events WHERE client_id = $1")
        .bind(client_id)
        .fetch_one(c)
        .await)?;
    Ok(n > 0)
}

/// Appends an event to the round's chain; returns its sequence number.
pub async fn append_event(
    tx: &mut Tx,
    round: i64,
    actor: i64,
    kind: &str,
    body: &str,
    client_id: Option<&str>,
) -> Result<i64, sqlx::Error> {
    append_events(tx, round, actor, &[(kind, body.to_string(), client_id.map(str::to_string))]).await
}

/// Appends events (kind, body, client-made id) to the round's chain in order, reading the last
/// link once; returns the last sequence number.
pub async fn append_events(
    tx: &mut Tx,
    round: i64,
    actor: i64,
    events: &[(&str, String, Option<String>)],
) -> Result<i64, sqlx::Error> {
    // One writer per round's chain at a time: this no-op update locks the round's row until the
    // transaction ends (PostgreSQL), so two appends never read the same last link. On SQLite the
    // write transaction already holds the database's write lock.
    lock_round_row(tx, round).await?;
    let last: Option<(i64, String)> = on!(tx, c => sqlx::query_as(
        "SELECT seq, hash FROM round_events WHERE round_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(round)
    .fetch_optional(c)
    .await)?;
    let (mut seq, mut prev) = last.unwrap_or((0, GENESIS.to_string()));
    if events.is_empty() {
        return Ok(seq);
    }
    let at = now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    // One statement for all of them: (seq, client id, kind, body, prev, hash) each.
    let mut rows = Vec::with_capacity(events.len());
    for (kind, body, client_id) in events {
        seq += 1;
        let hash = crate::domain::chain::hash(&prev, seq, actor, kind, body, &at);
        rows.push((seq, client_id.as_deref(), *kind, body.as_str(), std::mem::replace(&mut prev, hash.clone()), hash));
    }
    let values: Vec<String> = (0..rows.len())
        .map(|i| {
            let b = 4 + i * 6;
            format!("($1, ${}, ${}, $2, ${}, ${}, $3, ${}, ${})", b, b + 1, b + 2, b + 3, b + 4, b + 5)
        })
        .collect();
    let sql = format!(
        "INSERT INTO round_events (round_id, seq, client_id, actor_id, kind, body, at, prev_hash, hash) VALUES {}",
        values.join(", ")
    );
    exec!(tx, c => {
        let mut q = sqlx::query(&sql).bind(round).bind(actor).bind(&at);
        for (seq, client_id, kind, body, prev, hash) in &rows {
            q = q.bind(*seq).bind(*client_id).bind(*kind).bind(*body).bind(prev).bind(hash);
        }
        q.execute(c).await
    })?;
    Ok(seq)
}

/// The round's events in order, as the chain verifies them.
pub async fn events(tx: &mut Tx, round: i64) -> Result<Vec<Link>, sqlx::Error> {
    events_after(tx, round, 0).await
}

/// The round's events after event `after`, in order.
pub async fn events_after(tx: &mut Tx, round: i64, after: i64) -> Result<Vec<Link>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, String, String, String, String)> = on!(tx, c => sqlx::query_as(
        "SELECT seq, actor_id, kind, body, at, prev_hash, hash FROM round_events WHERE round_id = $1 AND seq > $2
         ORDER BY seq",
    )
    .bind(round)
    .bind(after)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(seq, actor, kind, body, at, prev_hash, hash)| Link { seq, actor, kind, body, at, prev_hash, hash })
        .collect())
}

pub async fn sign_sheet(tx: &mut Tx, round: i64, judge: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE judge_sheets SET signed_at = $3 WHERE round_id = $1 AND judge_id = $2 AND signed_at IS NULL",
    )
    .bind(round)
    .bind(judge)
    .bind(now())
    .execute(c)
    .await)
}

/// Overrides of spread alerts as (contestant, attempt, criterion, reason).
pub async fn overrides(tx: &mut Tx, round: i64) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT contestant_id, attempt, criterion, reason FROM spread_overrides WHERE round_id = $1",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

pub async fn add_override(
    tx: &mut Tx,
    round: i64,
    contestant: i64,
    attempt: i64,
    criterion: &str,
    reason: &str,
    by: i64,
) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO spread_overrides (round_id, contestant_id, attempt, criterion, reason, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (round_id, contestant_id, attempt, criterion) DO NOTHING",
    )
    .bind(round)
    .bind(contestant)
    .bind(attempt)
    .bind(criterion)
    .bind(reason)
    .bind(by)
    .bind(now())
    .execute(c)
    .await)
}

pub async fn add_deduction(
    tx: &mut Tx,
    round: i64,
    contestant: i64,
    points: &str,
    reason: &str,
    by: i64,
) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO deductions (round_id, contestant_id, points, reason, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(round)
    .bind(contestant)
    .bind(points)
    .bind(reason)
    .bind(by)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

pub async fn reopen_sheet(tx: &mut Tx, round: i64, judge: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE judge_sheets SET signed_at = NULL WHERE round_id = $1 AND judge_id = $2 AND signed_at IS NOT NULL",
    )
    .bind(round)
    .bind(judge)
    .execute(c)
    .await)
}

pub async fn lock_round(tx: &mut Tx, round: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE rounds SET locked_at = $2 WHERE id = $1 AND locked_at IS NULL")
        .bind(round)
        .bind(now())
        .execute(c)
        .await)
}

pub async fn publish_round(tx: &mut Tx, round: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE rounds SET published_at = $2 WHERE id = $1 AND locked_at IS NOT NULL AND published_at IS NULL",
    )
    .bind(round)
    .bind(now())
    .execute(c)
    .await)
}

/// A competition as its page and the list show it.
#[derive(FromRow)]
pub struct CompetitionRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub owner: String,
    pub organiser: Option<String>,
    pub registration_opens: NaiveDate,
    pub registration_closes: NaiveDate,
    pub department_conflict: bool,
    pub public: bool,
    pub events: i64,
}

const COMPETITION: &str = "SELECT c.id, c.name, c.kind, c.owner, d.name AS organiser, c.registration_opens,
        c.registration_closes, c.department_conflict, c.public,
        (SELECT COUNT(*) FROM competition_events e WHERE e.competition_id = c.id) AS events
    FROM competitions c LEFT JOIN departments d ON d.id = c.organiser_department_id";

pub async fn competition(tx: &mut Tx, id: i64) -> Result<Option<CompetitionRow>, sqlx::Error> {
    let sql = format!("{COMPETITION} WHERE c.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// A page of competitions, newest first.
pub async fn competitions(tx: &mut Tx, limit: i64, offset: i64) -> Result<Vec<CompetitionRow>, sqlx::Error> {
    let sql = format!("{COMPETITION} ORDER BY c.id DESC LIMIT $1 OFFSET $2");
    on!(tx, c => sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(c).await)
}

pub async fn competition_count(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM competitions").fetch_one(c).await)
}

/// The departments whose people may enter (none: everyone), as (id, name).
pub async fn eligible_departments(tx: &mut Tx, competition: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT d.id, d.name FROM competition_departments cd JOIN departments d ON d.id = cd.department_id
         WHERE cd.competition_id = $1 ORDER BY d.name",
    )
    .bind(competition)
    .fetch_all(c)
    .await)
}

pub async fn add_eligible_department(tx: &mut Tx, competition: i64, department: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO competition_departments (competition_id, department_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(competition)
    .bind(department)
    .execute(c)
    .await)?;
    Ok(())
}

pub async fn remove_eligible_department(tx: &mut Tx, competition: i64, department: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM competition_departments WHERE competition_id = $1 AND department_id = $2")
        .bind(competition)
        .bind(department)
        .execute(c)
        .await)?;
    Ok(())
}

/// An event with its field's size.
#[derive(FromRow)]
pub struct EventRow {
    pub id: i64,
    pub competition_id: i64,
    pub name: String,
    pub entry: String,
    pub combine: String,
    pub tie_breaks: String,
    pub tiers: String,
    pub draw_seed: Option<String>,
    pub prizes: String,
    pub awarded_at: Option<DateTime<Utc>>,
    pub approved: i64,
    pub pending: i64,
}

const EVENT: &str = "SELECT e.id, e.competition_id, e.name, e.entry, e.combine, e.tie_breaks, e.tiers, e.draw_seed,
        e.prizes, e.awarded_at,
        (SELECT COUNT(*) FROM contestants k WHERE k.event_id = e.id AND k.status = 'approved') AS approved,
        (SELECT COUNT(*) FROM contestants k WHERE k.event_id = e.id AND k.status = 'pending') AS pending
    FROM competition_events e";

pub async fn events_of(tx: &mut Tx, competition: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    let sql = format!("{EVENT} WHERE e.competition_id = $1 ORDER BY e.id");
    on!(tx, c => sqlx::query_as(&sql).bind(competition).fetch_all(c).await)
}

pub async fn event(tx: &mut Tx, id: i64) -> Result<Option<EventRow>, sqlx::Error> {
    let sql = format!("{EVENT} WHERE e.id = $1");
    on!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)
}

/// A round in its event's list, with its panel's size and whether marking has begun.
#[derive(FromRow)]
pub struct RoundBrief {
    pub id: i64,
    pub event_id: i64,
    pub seq: i64,
    pub name: String,
    pub scheme_version: i64,
    pub locked_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub judges: i64,
    pub marked: bool,
}

pub async fn rounds_of(tx: &mut Tx, competition: i64) -> Result<Vec<RoundBrief>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT r.id, r.event_id, r.seq, r.name, r.scheme_version, r.locked_at, r.published_at,
                (SELECT COUNT(*) FROM round_judges j WHERE j.round_id = r.id) AS judges,
                EXISTS (SELECT 1 FROM marks m WHERE m.round_id = r.id) AS marked
         FROM rounds r JOIN competition_events e ON e.id = r.event_id
         WHERE e.competition_id = $1 ORDER BY r.event_id, r.seq",
    )
    .bind(competition)
    .fetch_all(c)
    .await)
}

pub async fn next_round_seq(tx: &mut Tx, event: i64) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM rounds WHERE event_id = $1")
        .bind(event)
        .fetch_one(c)
        .await)
}

/// Whether any round of the event has a mark (the running order and schemes are then fixed).
pub async fn event_marked(tx: &mut Tx, event: i64) -> Result<bool, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM marks m JOIN rounds r ON r.id = m.round_id WHERE r.event_id = $1)",
    )
    .bind(event)
    .fetch_one(c)
    .await)
}

pub async fn round_marked(tx: &mut Tx, round: i64) -> Result<bool, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM marks WHERE round_id = $1)")
        .bind(round)
        .fetch_one(c)
        .await)
}

/// Replaces a round's scheme, keeping the new version in `scheme_versions`; returns the version.
pub async fn save_scheme(tx: &mut Tx, round: i64, scheme: &str, by: i64) -> Result<i64, sqlx::Error> {
    let version: i64 = on!(tx, c => sqlx::query_scalar(
        "UPDATE rounds SET scheme = $2, scheme_version = scheme_version + 1 WHERE id = $1 RETURNING scheme_version",
    )
    .bind(round)
    .bind(scheme)
    .fetch_one(c)
    .await)?;
    keep_scheme_version(tx, round, version, scheme, by).await?;
    Ok(version)
}

/// Keeps a version of a round's scheme (a new round's first is kept as it is inserted).
pub async fn keep_scheme_version(
    tx: &mut Tx,
    round: i64,
    version: i64,
    scheme: &str,
    by: i64,
) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO scheme_versions (round_id, version, scheme, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(round)
    .bind(version)
    .bind(scheme)
    .bind(by)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

/// The saved versions of a round's scheme as (version, saved by, saved at), newest first.
pub async fn scheme_versions(tx: &mut Tx, round: i64) -> Result<Vec<(i64, String, DateTime<Utc>)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT v.version, p.display_name, v.saved_at FROM scheme_versions v JOIN people p ON p.id = v.saved_by
         WHERE v.round_id = $1 ORDER BY v.version DESC",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

/// A registration as the organiser's list shows it.
#[derive(FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub employee_no: Option<String>,
    pub team_name: String,
    pub department_name: String,
    pub status: String,
    pub running_order: Option<i64>,
    pub registered_by: String,
}

/// A page of an event's registrations with one status, in running order then by registration.
pub async fn entries(
    tx: &mut Tx,
    event: i64,
    status: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<EntryRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT k.id, p.id AS person_id, p.display_name AS name, p.employee_no, t.name AS team_name,
                d.name AS department_name, k.status, k.running_order, r.display_name AS registered_by
         FROM contestants k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id
         JOIN departments d ON d.id = t.department_id JOIN people r ON r.id = k.registered_by
         WHERE k.event_id = $1 AND k.status = $2
         ORDER BY COALESCE(k.running_order, 1000000000), k.id LIMIT $3 OFFSET $4",
    )
    .bind(event)
    .bind(status)
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await)
}

/// A person's registration for an event as (contestant id, status).
pub async fn entry_of(tx: &mut Tx, event: i64, person: i64) -> Result<Option<(i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT id, status FROM contestants WHERE event_id = $1 AND person_id = $2")
        .bind(event)
        .bind(person)
        .fetch_optional(c)
        .await)
}

/// A registration's event and status.
pub async fn entry(tx: &mut Tx, contestant: i64) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as("SELECT event_id, person_id, status FROM contestants WHERE id = $1")
        .bind(contestant)
        .fetch_optional(c)
        .await)
}

/// Sets a registration's status; a contestant leaving the field loses their place in the order.
pub async fn set_entry_status(tx: &mut Tx, contestant: i64, status: &str) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE contestants SET status = $2,
                running_order = CASE WHEN $2 = 'approved' THEN running_order ELSE NULL END
         WHERE id = $1",
    )
    .bind(contestant)
    .bind(status)
    .execute(c)
    .await)
}

/// The ids of an event's approved contestants, ascending.
pub async fn approved_ids(tx: &mut Tx, event: i64) -> Result<Vec<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM contestants WHERE event_id = $1 AND status = 'approved' ORDER BY id")
        .bind(event)
        .fetch_all(c)
        .await)
}

/// The stored running order of an event's approved contestants as (contestant, place).
pub async fn running_order(tx: &mut Tx, event: i64) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, running_order FROM contestants WHERE event_id = $1 AND status = 'approved' ORDER BY id",
    )
    .bind(event)
    .fetch_all(c)
    .await)
}

pub async fn set_running_order(tx: &mut Tx, contestant: i64, place: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE contestants SET running_order = $2 WHERE id = $1")
        .bind(contestant)
        .bind(place)
        .execute(c)
        .await)?;
    Ok(())
}

/// Takes a judge off a round's panel (only while they have no marks: the caller checks).
pub async fn remove_judge(tx: &mut Tx, round: i64, person: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM judge_sheets WHERE round_id = $1 AND judge_id = $2")
        .bind(round)
        .bind(person)
        .execute(c)
        .await)?;
    exec!(tx, c => sqlx::query("DELETE FROM round_judges WHERE round_id = $1 AND person_id = $2")
        .bind(round)
        .bind(person)
        .execute(c)
        .await)
}

pub async fn judge_has_marks(tx: &mut Tx, round: i64, person: i64) -> Result<bool, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM marks WHERE round_id = $1 AND judge_id = $2)")
        .bind(round)
        .bind(person)
        .fetch_one(c)
        .await)
}

/// The round's last event number: it changes with every mark, signature, lock and publication,
/// so a watcher (the big screen) knows when to look again.
pub async fn round_version(tx: &mut Tx, round: i64) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM round_events WHERE round_id = $1")
        .bind(round)
        .fetch_one(c)
        .await)
}

pub async fn entry_count(tx: &mut Tx, event: i64, status: &str) -> Result<i64, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM contestants WHERE event_id = $1 AND status = $2")
        .bind(event)
        .bind(status)
        .fetch_one(c)
        .await)
}

/// Every round's id, in order.
pub async fn round_ids(tx: &mut Tx) -> Result<Vec<i64>, sqlx::Error> {
    on!(tx, c => sqlx::query_scalar("SELECT id FROM rounds ORDER BY id").fetch_all(c).await)
}

/// Unlocks and unpublishes a round for a correction, keeping the reason.
pub async fn reopen_for_correction(tx: &mut Tx, round: i64, by: i64, reason: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE rounds SET locked_at = NULL, published_at = NULL WHERE id = $1")
        .bind(round)
        .execute(c)
        .await)?;
    exec!(tx, c => sqlx::query(
        "INSERT INTO round_corrections (round_id, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(round)
    .bind(reason)
    .bind(by)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

/// A round's corrections after publication as (reason, by, when), oldest first.
pub async fn corrections(tx: &mut Tx, round: i64) -> Result<Vec<(String, String, DateTime<Utc>)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT k.reason, p.display_name, k.decided_at FROM round_corrections k JOIN people p ON p.id = k.decided_by
         WHERE k.round_id = $1 ORDER BY k.id",
    )
    .bind(round)
    .fetch_all(c)
    .await)
}

/// Sets who goes on to a round (replacing any earlier advance).
pub async fn set_field(tx: &mut Tx, round: i64, contestants: &[i64]) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM round_fields WHERE round_id = $1").bind(round).execute(c).await)?;
    for k in contestants {
        exec!(tx, c => sqlx::query("INSERT INTO round_fields (round_id, contestant_id) VALUES ($1, $2)")
            .bind(round)
            .bind(k)
            .execute(c)
            .await)?;
    }
    Ok(())
}

/// The rounds of an event in order, as (id, seq, name, published).
pub async fn event_rounds(tx: &mut Tx, event: i64) -> Result<Vec<(i64, i64, String, bool)>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT id, seq, name, published_at IS NOT NULL FROM rounds WHERE event_id = $1 ORDER BY seq",
    )
    .bind(event)
    .fetch_all(c)
    .await)
}

/// Locks a round's row until the transaction ends (PostgreSQL; SQLite's write transaction holds
/// the whole database): checks of the round's state and the writes that follow cannot interleave
/// with another writer's, such as a first mark.
pub async fn lock_round_row(tx: &mut Tx, round: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE rounds SET scheme_version = scheme_version WHERE id = $1")
        .bind(round)
        .execute(c)
        .await)?;
    Ok(())
}

/// [`lock_round_row`] for every round of an event (its field and order are decided against them).
pub async fn lock_event_rounds(tx: &mut Tx, event: i64) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE rounds SET scheme_version = scheme_version WHERE event_id = $1")
        .bind(event)
        .execute(c)
        .await)?;
    Ok(())
}

pub async fn set_prizes(tx: &mut Tx, event: i64, prizes: &str) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("UPDATE competition_events SET prizes = $1 WHERE id = $2")
        .bind(prizes)
        .bind(event)
        .execute(c)
        .await)?;
    Ok(())
}

/// Marks an event's awards as confirmed; 0 when they already were.
pub async fn mark_awarded(tx: &mut Tx, event: i64, by: i64) -> Result<u64, sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "UPDATE competition_events SET awarded_at = $1, awarded_by = $2 WHERE id = $3 AND awarded_at IS NULL",
    )
    .bind(now())
    .bind(by)
    .bind(event)
    .execute(c)
    .await)
}

/// A member of a team entry.
#[derive(FromRow)]
pub struct MemberRow {
    pub contestant_id: i64,
    pub person_id: i64,
    pub name: String,
    /// How the roster form names them: employee number, or username without one.
    pub handle: String,
    pub weight: i64,
}

/// The members of these team entries (each at most `MAX_MEMBERS`), by entry, then weight
/// (largest first) and name.
pub async fn members(tx: &mut Tx, contestants: &[i64]) -> Result<Vec<MemberRow>, sqlx::Error> {
    if contestants.is_empty() {
        return Ok(Vec::new());
    }
    let list = contestants.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT m.contestant_id, m.person_id, p.display_name AS name, COALESCE(p.employee_no, p.username) AS handle,
                CAST(m.weight AS BIGINT) AS weight
         FROM contestant_members m JOIN people p ON p.id = m.person_id
         WHERE m.contestant_id IN ({list})
         ORDER BY m.contestant_id, m.weight DESC, p.display_name, p.id"
    );
    on!(tx, c => sqlx::query_as(&sql).fetch_all(c).await)
}

/// Replaces a team entry's members.
pub async fn set_members(tx: &mut Tx, contestant: i64, members: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query("DELETE FROM contestant_members WHERE contestant_id = $1")
        .bind(contestant)
        .execute(c)
        .await)?;
    for (person, weight) in members {
        exec!(tx, c => sqlx::query("INSERT INTO contestant_members (contestant_id, person_id, weight) VALUES ($1, $2, $3)")
            .bind(contestant)
            .bind(person)
            .bind(weight)
            .execute(c)
            .await)?;
    }
    Ok(())
}

pub struct NewAward<'a> {
    pub event: i64,
    pub contestant: i64,
    pub person: i64,
    pub place: u32,
    pub tier: usize,
    pub title: &'a str,
    pub prize_fen: i64,
    pub points: i64,
}

pub async fn insert_award(tx: &mut Tx, a: &NewAward<'_>) -> Result<(), sqlx::Error> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO awards (event_id, contestant_id, person_id, place, tier, title, prize_fen, points, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(a.event)
    .bind(a.contestant)
    .bind(a.person)
    .bind(a.place as i64)
    .bind(a.tier as i64)
    .bind(a.title)
    .bind(a.prize_fen)
    .bind(a.points)
    .bind(now())
    .execute(c)
    .await)?;
    Ok(())
}

/// An award given in an event, with the person's name and team.
#[derive(FromRow)]
pub struct AwardRow {
    pub person_id: i64,
    pub name: String,
    pub team_name: String,
    pub place: i64,
    pub tier: i64,
    pub title: String,
    pub prize_fen: i64,
    pub points: i64,
}

/// The awards of an event, by place then name (bounded by the tiers' sizes).
pub async fn awards(tx: &mut Tx, event: i64) -> Result<Vec<AwardRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT a.person_id, p.display_name AS name, t.name AS team_name, CAST(a.place AS BIGINT) AS place,
                CAST(a.tier AS BIGINT) AS tier, a.title, a.prize_fen, CAST(a.points AS BIGINT) AS points
         FROM awards a JOIN people p ON p.id = a.person_id JOIN teams t ON t.id = p.team_id
         WHERE a.event_id = $1
         ORDER BY a.place, a.contestant_id, a.prize_fen DESC, p.display_name",
    )
    .bind(event)
    .fetch_all(c)
    .await)
}

/// Whether a person is a member of another team entry of the event that is not withdrawn.
pub async fn member_elsewhere(tx: &mut Tx, event: i64, contestant: i64, person: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM contestant_members m JOIN contestants k ON k.id = m.contestant_id
         WHERE k.event_id = $1 AND k.id <> $2 AND k.status <> 'withdrawn' AND m.person_id = $3",
    )
    .bind(event)
    .bind(contestant)
    .bind(person)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Whether a person judges any round of the event.
pub async fn judges_event(tx: &mut Tx, event: i64, person: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM round_judges j JOIN rounds r ON r.id = j.round_id WHERE r.event_id = $1 AND j.person_id = $2",
    )
    .bind(event)
    .bind(person)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// A person's competition placings, newest event first, at most `limit`.
#[derive(FromRow)]
pub struct PlacingRow {
    pub event_id: i64,
    pub title_of_event: String,
    pub place: i64,
    pub tier: i64,
    pub title: String,
    pub prize_fen: i64,
    pub points: i64,
}

pub async fn placings_of(tx: &mut Tx, person: i64, limit: i64) -> Result<Vec<PlacingRow>, sqlx::Error> {
    on!(tx, c => sqlx::query_as(
        "SELECT a.event_id, c.name || ' · ' || e.name AS title_of_event, CAST(a.place AS BIGINT) AS place,
                CAST(a.tier AS BIGINT) AS tier, a.title, a.prize_fen, CAST(a.points AS BIGINT) AS points
         FROM awards a JOIN competition_events e ON e.id = a.event_id JOIN competitions c ON c.id = e.competition_id
         WHERE a.person_id = $1 ORDER BY a.event_id DESC LIMIT $2",
    )
    .bind(person)
    .bind(limit)
    .fetch_all(c)
    .await)
}
