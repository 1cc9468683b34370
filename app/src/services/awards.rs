//! Awards (颁奖): the prizes of an event's award tiers, the members of team entries, and the
//! confirmation that writes prize money to the rewards ledger, points to the leaderboards and
//! titles to the honour roll, all in one transaction.

use super::competitions::standings;
use super::{ensure, require};
use crate::db::{self, competitions as repo, Pool};
use crate::domain::authz::Permission;
use crate::domain::awards::{self, AwardError, Placed, PrizeDraft};
use crate::domain::competition::{Entry, EntryStatus};
use crate::domain::roles::Role;
use crate::domain::scoring::TierRule;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::UserInfo;
use std::collections::HashMap;

/// Sets what each award tier of an event earns (union admins), until the awards are confirmed.
pub async fn set_prizes(pool: &Pool, me: &UserInfo, event: i64, drafts: &[PrizeDraft]) -> Result<(), AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    if e.awarded_at.is_some() {
        return Err(AppError::field("prizes", "err.awards.done"));
    }
    let tiers: Vec<TierRule> = db::decode_json("competition_events.tiers", &e.tiers)?;
    let prizes = awards::parse_prizes(drafts, tiers.len())?;
    let json = serde_json::to_string(&prizes).map_err(|_| AppError::Internal)?;
    repo::set_prizes(&mut tx, event, &json).await?;
    let detail = format!("{}: {json}", e.name);
    db::audit::record(&mut tx, Some(me.id), "competition.prizes", "competition", Some(e.competition_id), &detail)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The team entries' rosters as the roster form shows them: one member a line, `handle` or
/// `handle:weight`.
pub(super) async fn rosters(tx: &mut db::Tx, contestants: &[i64]) -> Result<HashMap<i64, String>, AppError> {
    let mut out: HashMap<i64, String> = contestants.iter().map(|k| (*k, String::new())).collect();
    for m in repo::members(tx, contestants).await? {
        let text = out.entry(m.contestant_id).or_default();
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&m.handle);
        if m.weight != 1 {
            text.push_str(&format!(":{}", m.weight));
        }
    }
    Ok(out)
}

/// Sets the members of a team entry from a typed roster, until the awards are confirmed: its
/// team lead (members of their own team, until marking begins) or an organiser (anyone of the
/// organisation). Nobody may be in two teams of the event, and no judge of the event nor guest
/// judge may be a member. Errors are on the field `members-<contestant>`.
pub async fn set_members(pool: &Pool, me: &UserInfo, contestant: i64, roster: &str) -> Result<usize, AppError> {
    require(me, Permission::ViewDirectory)?;
    let field = format!("members-{contestant}");
    let refuse = |key: &str| AppError::field(&field, key);
    let typed = awards::parse_roster(roster).map_err(|e| refuse(&e.key))?;
    let mut tx = pool.begin_write().await?;
    let (event, lead, status) = repo::entry(&mut tx, contestant).await?.ok_or(AppError::NotFound)?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let (team, _) = db::people::place_of(&mut tx, lead).await?.ok_or(AppError::NotFound)?;
    let organiser = super::organising::organiser(me);
    ensure(organiser || (lead == me.id && me.has(Role::TeamLead) && me.team_id == team))?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    if e.entry != Entry::Team.code() {
        return Err(refuse("err.roster.individual"));
    }
    if status == EntryStatus::Withdrawn.code() {
        return Err(refuse("err.roster.withdrawn"));
    }
    if e.awarded_at.is_some() {
        return Err(refuse("err.awards.done"));
    }
    if !organiser && repo::event_marked(&mut tx, event).await? {
        return Err(refuse("err.comp.marking_begun"));
    }
    let mut members = Vec::with_capacity(typed.len());
    for (who, weight) in &typed {
        let person = db::people::active_id_by_login_or_number(&mut tx, who)
            .await?
            .ok_or_else(|| refuse("err.roster.unknown"))?;
        if members.iter().any(|(p, _)| *p == person) {
            return Err(refuse("err.roster.twice"));
        }
        if !organiser && db::people::place_of(&mut tx, person).await?.map(|p| p.0) != Some(team) {
            return Err(refuse("err.roster.other_team"));
        }
        let guest = db::people::roles_of(&mut tx, &[person]).await?.iter().any(|r| r.1 == Role::GuestJudge.code());
        if guest || repo::judges_event(&mut tx, event, person).await? {
            return Err(refuse("err.roster.judge"));
        }
        if repo::member_elsewhere(&mut tx, event, contestant, person).await? {
            return Err(refuse("err.roster.elsewhere"));
        }
        members.push((person, *weight));
    }
    repo::set_members(&mut tx, contestant, &members).await?;
    let list: Vec<String> = typed.iter().map(|(who, w)| format!("{who}:{w}")).collect();
    let detail = format!("{} entry #{contestant}: {}", e.name, list.join(", "));
    db::audit::record(&mut tx, Some(me.id), "competition.members", "competition", Some(e.competition_id), &detail)
        .await?;
    tx.commit().await?;
    Ok(members.len())
}

/// Confirms an event's awards (union admins) once every round is published and the prizes are
/// set: per placed person an award line (place, tier, title), a pending ledger line for their part
/// of the prize, and a points entry. Afterwards the results are final: no correction, no change of
/// prizes or members. Returns how many people were awarded.
pub async fn confirm(pool: &Pool, me: &UserInfo, event: i64) -> Result<usize, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    if e.awarded_at.is_some() {
        return Err(AppError::field("", "err.awards.done"));
    }
    let (lines, is_final, _) = standings(&mut tx, &e).await?;
    if !is_final {
        return Err(AppError::field("", "err.awards.not_final"));
    }
    let tiers: Vec<TierRule> = db::decode_json("competition_events.tiers", &e.tiers)?;
    let prizes: Vec<awards::Prize> = db::decode_json("competition_events.prizes", &e.prizes)?;
    if prizes.len() != tiers.len() {
        return Err(AppError::field("", "err.awards.no_prizes"));
    }
    let team_event = e.entry == Entry::Team.code();
    let winners: Vec<(i64, u32, usize)> = lines.iter().filter_map(|l| Some((l.contestant, l.rank?, l.tier?))).collect();
    let ids: Vec<i64> = winners.iter().map(|w| w.0).collect();
    let mut rosters: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    if team_event {
        for m in repo::members(&mut tx, &ids).await? {
            rosters.entry(m.contestant_id).or_default().push((m.person_id, m.weight));
        }
    }
    let mut placed = Vec::with_capacity(winners.len());
    for (contestant, place, tier) in winners {
        let (_, person, _) = repo::entry(&mut tx, contestant).await?.ok_or(AppError::NotFound)?;
        let members = if team_event { rosters.remove(&contestant).unwrap_or_default() } else { vec![(person, 1)] };
        placed.push(Placed { contestant, place, tier, members });
    }
    let given = awards::award_lines(&placed, &prizes).map_err(|err| {
        let key = match err {
            AwardError::NoMembers { .. } => "err.awards.no_members",
            AwardError::NoPrize { .. } => "err.awards.no_prizes",
            AwardError::Twice { .. } => "err.roster.elsewhere",
        };
        AppError::Invalid(vec![FieldError::new("", key)])
    })?;
    for a in &given {
        let prize_fen = a.payout.as_ref().map_or(0, |p| p.amount_fen.0);
        repo::insert_award(
            &mut tx,
            &repo::NewAward {
                event,
                contestant: a.contestant,
                person: a.person,
                place: a.place,
                tier: a.tier,
                title: &a.title,
                prize_fen,
                points: a.points,
            },
        )
        .await?;
        if let Some(line) = &a.payout {
            db::rewards::insert_payout(&mut tx, db::rewards::Origin::Event(event), line).await?;
        }
        if a.points > 0 {
            let reason = format!("competition.tier{}", a.tier);
            let who = super::boards::Who::Person { person: a.person, studio: None };
            let source = super::boards::Source { kind: "event", id: event, reason: &reason };
            super::boards::record(&mut tx, who, a.points, source, Some(me.id)).await?;
        }
    }
    if repo::mark_awarded(&mut tx, event, me.id).await? == 0 {
        return Err(AppError::field("", "err.awards.done"));
    }
    let detail = format!("{}: {} awarded", e.name, given.len());
    db::audit::record(&mut tx, Some(me.id), "competition.awards", "competition", Some(e.competition_id), &detail)
        .await?;
    tx.commit().await?;
    Ok(given.len())
}
