//! Organising competitions: the competition, its events and rounds, eligibility, registration and
//! its approval, the draw of the running order (抽签), each round's marking scheme (editable until
//! the first mark, every version kept) and its judge panel, guest judges (外聘评委) included.

use super::{ensure, require, today};
use crate::db::{self, competitions as repo, unique_violation, Pool, Tx};
use crate::domain::authz::{allows, Permission};
use crate::domain::code::Code;
use crate::domain::competition::{
    self as rules, draft_of, eligible, parse_competition, parse_event, parse_scheme, registration_open, Entry,
    EntryStatus, EventDraft, SchemeDraft,
};
use crate::domain::org::{Contact, PersonName, UnitName, Username};
use crate::domain::roles::Role;
use crate::domain::scoring::{self, Scheme};
use crate::domain::validation::Errors;
use crate::error::AppError;
use crate::model::competitions::{
    CompetitionList, CompetitionSummary, CompetitionView, DrawCheck, Enterable, EntriesPage, EntryView, EventView,
    FieldEntry, PanelJudge, RoundBrief, RoundSetup,
};
use crate::model::UserInfo;

pub const COMPETITIONS_PER_PAGE: i64 = 20;
pub const ENTRIES_PER_PAGE: i64 = 50;
/// Where guest judges sit in the org tree: outside every real team, so no conflict is ever found.
const GUEST_DEPARTMENT: &str = "外聘评委";
const GUEST_TEAM: &str = "外聘评委";

pub(super) fn organiser(me: &UserInfo) -> bool {
    allows(&me.roles, Permission::ManageCompetitions)
}

/// A domain value as the JSON its column holds.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("domain values serialise")
}

fn page_offset(page: i64, per_page: i64) -> (i64, i64) {
    let page = crate::model::clamp_page(page);
    (page, (page - 1) * per_page)
}

/// Competitions, newest first (every signed-in person of the organisation).
pub async fn list(pool: &Pool, me: &UserInfo, page: i64) -> Result<CompetitionList, AppError> {
    require(me, Permission::ViewDirectory)?;
    let (page, offset) = page_offset(page, COMPETITIONS_PER_PAGE);
    let mut tx = pool.begin().await?;
    let total = repo::competition_count(&mut tx).await?;
    let day = today();
    let rows = repo::competitions(&mut tx, COMPETITIONS_PER_PAGE, offset)
        .await?
        .into_iter()
        .map(|c| CompetitionSummary {
            id: c.id,
            name: c.name,
            kind: c.kind,
            opens: c.registration_opens,
            closes: c.registration_closes,
            registration_open: registration_open(c.registration_opens, c.registration_closes, day),
            events: c.events,
        })
        .collect();
    Ok(CompetitionList { rows, total, page, per_page: COMPETITIONS_PER_PAGE, may_organise: organiser(me) })
}

/// The competition form's fields.
pub struct CompetitionForm<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub owner: &'a str,
    /// A department's exact name, or blank.
    pub organiser: &'a str,
    pub opens: &'a str,
    pub closes: &'a str,
    pub department_conflict: bool,
    pub public: bool,
}

/// Creates a competition (union admins); returns its id.
pub async fn create(pool: &Pool, me: &UserInfo, f: &CompetitionForm<'_>) -> Result<i64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let input = parse_competition(f.name, f.kind, f.owner, f.opens, f.closes)?;
    let mut tx = pool.begin_write().await?;
    let organiser_department_id = match f.organiser.trim() {
        "" => None,
        name => Some(
            db::org::department_id_by_name(&mut tx, name)
                .await?
                .ok_or_else(|| AppError::field("organiser", "err.department.unknown"))?,
        ),
    };
    let id = repo::insert_competition(
        &mut tx,
        &repo::NewCompetition {
            name: &input.name,
            kind: input.kind.code(),
            owner: input.owner.code(),
            organiser_department_id,
            registration_opens: input.opens,
            registration_closes: input.closes,
            department_conflict: f.department_conflict,
            public: f.public,
            created_by: me.id,
        },
    )
    .await
    .map_err(|e| match unique_violation(&e).as_deref() {
        Some("competitions_name_key") => AppError::field("name", "err.comp.name_taken"),
        _ => e.into(),
    })?;
    db::audit::record(&mut tx, Some(me.id), "competition.create", "competition", Some(id), &input.name).await?;
    tx.commit().await?;
    Ok(id)
}

/// A competition's page: its events and rounds, and what the caller may do there.
pub async fn view(pool: &Pool, me: &UserInfo, id: i64) -> Result<CompetitionView, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin().await?;
    let c = repo::competition(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let departments = repo::eligible_departments(&mut tx, id).await?;
    let dept_ids: Vec<i64> = departments.iter().map(|d| d.0).collect();
    let (_, my_department) = db::people::place_of(&mut tx, me.id).await?.ok_or(AppError::Unauthenticated)?;
    let is_eligible = eligible(&dept_ids, my_department);
    let open = registration_open(c.registration_opens, c.registration_closes, today());
    let lead = me.has(Role::TeamLead);
    let team = if lead { db::people::team_members(&mut tx, me.team_id).await? } else { Vec::new() };
    let rounds = repo::rounds_of(&mut tx, id).await?;
    let mut events = Vec::new();
    for e in repo::events_of(&mut tx, id).await? {
        let mine = repo::entry_of(&mut tx, e.id, me.id).await?;
        let individual = e.entry == Entry::Individual.code();
        let mut enterable = Vec::new();
        if lead && individual {
            for p in &team {
                let status = repo::entry_of(&mut tx, e.id, p.id).await?.map(|(_, s)| s);
                enterable.push(Enterable { person_id: p.id, name: p.display_name.clone(), status });
            }
        } else if lead {
            // A team event is entered by its team lead, who stands for the team.
            enterable.push(Enterable {
                person_id: me.id,
                name: me.team_name.clone(),
                status: mine.clone().map(|m| m.1),
            });
        }
        let members = match &mine {
            Some((k, status)) if !individual && status != EntryStatus::Withdrawn.code() => {
                super::awards::rosters(&mut tx, &[*k]).await?.remove(k)
            }
            _ => None,
        };
        events.push(EventView {
            id: e.id,
            members,
            name: e.name,
            entry: e.entry,
            approved: e.approved,
            pending: e.pending,
            drawn: e.draw_seed.is_some(),
            rounds: rounds
                .iter()
                .filter(|r| r.event_id == e.id)
                .map(|r| RoundBrief {
                    id: r.id,
                    seq: r.seq,
                    name: r.name.clone(),
                    judges: r.judges,
                    marked: r.marked,
                    locked: r.locked_at.is_some(),
                    published: r.published_at.is_some(),
                })
                .collect(),
            may_enter_self: individual && open && is_eligible && mine.as_ref().is_none_or(|m| m.1 == "withdrawn"),
            mine,
            team: enterable,
        });
    }
    Ok(CompetitionView {
        id,
        name: c.name,
        kind: c.kind,
        owner: c.owner,
        organiser: c.organiser,
        opens: c.registration_opens,
        closes: c.registration_closes,
        registration_open: open,
        department_conflict: c.department_conflict,
        public: c.public,
        departments,
        eligible: is_eligible,
        events,
        may_organise: organiser(me),
    })
}

/// Adds or removes a department from those whose people may enter (none listed: everyone).
pub async fn set_eligible(
    pool: &Pool,
    me: &UserInfo,
    competition: i64,
    department: &str,
    add: bool,
) -> Result<(), AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::competition(&mut tx, competition).await?.ok_or(AppError::NotFound)?;
    let id = db::org::department_id_by_name(&mut tx, department.trim())
        .await?
        .ok_or_else(|| AppError::field("department", "err.department.unknown"))?;
    if add {
        repo::add_eligible_department(&mut tx, competition, id).await?;
    } else {
        repo::remove_eligible_department(&mut tx, competition, id).await?;
    }
    let what = if add { "competition.eligible_add" } else { "competition.eligible_remove" };
    db::audit::record(&mut tx, Some(me.id), what, "competition", Some(competition), department.trim()).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds an event (项目) to a competition; returns its id.
pub async fn add_event(pool: &Pool, me: &UserInfo, competition: i64, d: &EventDraft) -> Result<i64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let input = parse_event(d)?;
    let mut tx = pool.begin_write().await?;
    repo::competition(&mut tx, competition).await?.ok_or(AppError::NotFound)?;
    let id = repo::insert_event(
        &mut tx,
        competition,
        &input.name,
        input.entry.code(),
        &json(&input.combine),
        &json(&input.tie_breaks),
        &json(&input.tiers),
    )
    .await
    .map_err(|e| match unique_violation(&e).as_deref() {
        Some("competition_events_competition_id_name_key") => AppError::field("name", "err.comp.event_taken"),
        _ => e.into(),
    })?;
    db::audit::record(&mut tx, Some(me.id), "competition.event", "competition", Some(competition), &input.name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds the next round to an event with a starter scheme (edited on the round's page); returns its id.
pub async fn add_round(pool: &Pool, me: &UserInfo, event: i64, name: &str) -> Result<i64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let name = crate::domain::validation::trimmed_len_between(name, 1, 50, "name", "err.comp.round_name")?;
    let mut tx = pool.begin_write().await?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    if e.awarded_at.is_some() {
        return Err(AppError::field("name", "err.awards.done"));
    }
    let seq = repo::next_round_seq(&mut tx, event).await?;
    // A weighted event weighs each round: one more round than weights would count for nothing.
    if let crate::domain::scoring::Combine::Weighted { weights } =
        db::decode_json("competition_events.combine", &e.combine)?
    {
        if seq as usize > weights.len() {
            return Err(AppError::field("name", "err.comp.weights_rounds"));
        }
    }
    let scheme = json(&rules::starter_scheme());
    let id = repo::insert_round(&mut tx, event, seq, &name, &scheme).await?;
    // Version 1 is the starter; each save from the editor adds the next.
    repo::keep_scheme_version(&mut tx, id, 1, &scheme, me.id).await?;
    db::audit::record(&mut tx, Some(me.id), "competition.round", "competition", Some(e.competition_id), &name).await?;
    tx.commit().await?;
    Ok(id)
}

async fn panel(tx: &mut Tx, round: i64) -> Result<Vec<PanelJudge>, AppError> {
    let judges = repo::judges(tx, round).await?;
    let ids: Vec<i64> = judges.iter().map(|j| j.person_id).collect();
    let roles = db::people::roles_of(tx, &ids).await?;
    let mut out = Vec::new();
    for j in judges {
        out.push(PanelJudge {
            guest: roles.iter().any(|(p, r)| *p == j.person_id && r == Role::GuestJudge.code()),
            has_marks: repo::judge_has_marks(tx, round, j.person_id).await?,
            person_id: j.person_id,
            name: j.name,
            chief: j.chief,
            signed: j.signed_at.is_some(),
        });
    }
    Ok(out)
}

/// The organiser's page of a round: scheme, its versions and the panel.
pub async fn round_setup(pool: &Pool, me: &UserInfo, round: i64) -> Result<RoundSetup, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin().await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    let scheme: Scheme = db::decode_json("rounds.scheme", &r.scheme)?;
    let mut difficulty: std::collections::HashMap<(i64, i64), String> =
        repo::difficulties(&mut tx, round).await?.into_iter().map(|(c, a, v)| ((c, a), v)).collect();
    let field = repo::field(&mut tx, r.event_id, r.id)
        .await?
        .into_iter()
        .map(|c| FieldEntry {
            difficulty: (1..=scheme.attempts as i64)
                .map(|a| difficulty.remove(&(c.id, a)).unwrap_or_default())
                .collect(),
            contestant: c.id,
            name: c.name,
            running_order: c.running_order,
        })
        .collect();
    Ok(RoundSetup {
        field,
        round_id: round,
        event_id: r.event_id,
        competition_id: r.competition_id,
        competition_name: r.competition_name,
        event_name: r.event_name,
        round_name: r.name,
        draft: draft_of(&scheme),
        version: r.scheme_version,
        versions: repo::scheme_versions(&mut tx, round).await?,
        frozen: repo::round_marked(&mut tx, round).await?,
        locked: r.locked_at.is_some(),
        judges: panel(&mut tx, round).await?,
    })
}

/// Saves a round's scheme as its next version; refused once the first mark is in.
pub async fn save_scheme(pool: &Pool, me: &UserInfo, round: i64, d: &SchemeDraft) -> Result<i64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    if repo::round_marked(&mut tx, round).await? {
        return Err(AppError::field("scheme", "err.scheme.frozen"));
    }
    let panel_size = repo::judges(&mut tx, round).await?.len();
    let scheme = parse_scheme(d, panel_size)?;
    let version = repo::save_scheme(&mut tx, round, &json(&scheme), me.id).await?;
    db::audit::record(&mut tx, Some(me.id), "round.scheme", "round", Some(round), &format!("v{version}")).await?;
    tx.commit().await?;
    Ok(version)
}

/// Puts a person on a round's panel, found by username or employee number.
pub async fn add_judge(pool: &Pool, me: &UserInfo, round: i64, who: &str, chief: bool) -> Result<(), AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    if r.locked_at.is_some() {
        return Err(AppError::field("who", "err.round.locked"));
    }
    let person = db::people::active_id_by_login_or_number(&mut tx, who)
        .await?
        .ok_or_else(|| AppError::field("who", "err.person.unknown"))?;
    let judges = repo::judges(&mut tx, round).await?;
    if judges.iter().any(|j| j.person_id == person) {
        return Err(AppError::field("who", "err.panel.already"));
    }
    if chief && judges.iter().any(|j| j.chief) {
        return Err(AppError::field("chief", "err.panel.one_chief"));
    }
    // A member of a team entry never judges the event (nor does a contestant).
    if repo::member_elsewhere(&mut tx, r.event_id, 0, person).await?
        || repo::entry_of(&mut tx, r.event_id, person).await?.is_some_and(|(_, s)| s != EntryStatus::Withdrawn.code())
    {
        return Err(AppError::field("who", "err.panel.contestant"));
    }
    // The scheme's trimming must still fit the panel (it does: a larger panel only helps).
    repo::add_judge(&mut tx, round, person, chief).await?;
    db::audit::record(&mut tx, Some(me.id), "round.judge_add", "round", Some(round), &format!("person #{person}"))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a judge off a panel, while they have entered no mark.
pub async fn remove_judge(pool: &Pool, me: &UserInfo, round: i64, person: i64) -> Result<(), AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_round_row(&mut tx, round).await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    if r.locked_at.is_some() {
        return Err(AppError::field("person", "err.round.locked"));
    }
    if repo::judge_has_marks(&mut tx, round, person).await? {
        return Err(AppError::field("person", "err.panel.has_marks"));
    }
    let scheme: Scheme = db::decode_json("rounds.scheme", &r.scheme)?;
    let left = repo::judges(&mut tx, round).await?.len().saturating_sub(1);
    if left > 0 && scheme.validate(left).is_err() {
        return Err(AppError::field("person", "err.scheme.panel_small"));
    }
    if repo::remove_judge(&mut tx, round, person).await? == 0 {
        return Err(AppError::NotFound);
    }
    db::audit::record(&mut tx, Some(me.id), "round.judge_remove", "round", Some(round), &format!("person #{person}"))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The guest judge form's fields.
pub struct GuestForm<'a> {
    pub display_name: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    /// Where they come from (their employer), kept as the job title.
    pub affiliation: &'a str,
}

/// Creates a guest judge's account (judging only) and puts them on the round's panel.
pub async fn add_guest_judge(pool: &Pool, me: &UserInfo, round: i64, f: &GuestForm<'_>) -> Result<i64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut errors = Errors::new();
    let username = errors.check(Username::parse(f.username));
    let name = errors.check(PersonName::parse(f.display_name));
    let password = errors.check(crate::domain::org::Password::parse(f.password, "password"));
    let affiliation = errors.check(crate::domain::org::parse_job_title(f.affiliation));
    let (Some(username), Some(name), Some(password), Some(affiliation)) = (username, name, password, affiliation)
    else {
        return Err(errors.into_vec().into());
    };
    let password_hash = crate::password::hash(password.expose().to_string()).await?;
    let mut tx = pool.begin_write().await?;
    let r = repo::round(&mut tx, round).await?.ok_or(AppError::NotFound)?;
    if r.locked_at.is_some() {
        return Err(AppError::field("username", "err.round.locked"));
    }
    let team = guest_team(&mut tx).await?;
    let contact = Contact { employee_no: None, job_title: affiliation, phone: None, email: None };
    let new = db::people::NewPerson {
        username: &username,
        display_name: &name,
        team_id: team,
        contact: &contact,
        roles: &[Role::GuestJudge],
        password_hash: &password_hash,
    };
    let id = db::people::insert(&mut tx, &new).await.map_err(|e| match unique_violation(&e).as_deref() {
        Some("people_username_key") => AppError::field("username", "err.username.taken"),
        _ => e.into(),
    })?;
    repo::add_judge(&mut tx, round, id, false).await?;
    let detail = format!("{} {} roles=guest_judge", username.as_str(), name.as_str());
    db::audit::record(&mut tx, Some(me.id), "person.create", "person", Some(id), &detail).await?;
    db::audit::record(&mut tx, Some(me.id), "round.judge_add", "round", Some(round), &format!("person #{id}")).await?;
    tx.commit().await?;
    Ok(id)
}

/// The org unit guest judges belong to, made the first time it is needed.
async fn guest_team(tx: &mut Tx) -> Result<i64, AppError> {
    let unit = UnitName::parse(GUEST_TEAM).expect("a valid unit name");
    let department = match db::org::department_id_by_name(tx, GUEST_DEPARTMENT).await? {
        Some(id) => id,
        None => {
            let d = UnitName::parse(GUEST_DEPARTMENT).expect("a valid unit name");
            db::org::insert_department(tx, &d, crate::domain::org::DepartmentKind::Department).await?
        }
    };
    Ok(match db::org::team_id_by_name(tx, department, GUEST_TEAM).await? {
        Some(id) => id,
        None => db::org::insert_team(tx, department, &unit).await?,
    })
}

/// Whom a registration is for.
pub enum Target<'a> {
    Me,
    Person(i64),
    /// By username or employee number, as an organiser types it.
    Named(&'a str),
}

/// Whether a person judges a round of the event or is a guest judge (who may only judge): neither
/// may enter it.
async fn judges_or_guest(tx: &mut Tx, event: i64, person: i64) -> Result<bool, AppError> {
    let guest = db::people::roles_of(tx, &[person]).await?.iter().any(|r| r.1 == Role::GuestJudge.code());
    Ok(guest || repo::judges_event(tx, event, person).await?)
}

/// Registers a person for an event: themselves, a member of their team (team leads), or anyone
/// (organisers, whose entries are approved at once). Others' entries wait for the organiser.
pub async fn register(pool: &Pool, me: &UserInfo, event: i64, target: Target<'_>) -> Result<(), AppError> {
    require(me, Permission::ViewDirectory)?;
    let org = organiser(me);
    let mut tx = pool.begin_write().await?;
    let person = match target {
        Target::Me => me.id,
        Target::Person(id) => id,
        Target::Named(who) => db::people::active_id_by_login_or_number(&mut tx, who)
            .await?
            .ok_or_else(|| AppError::field("who", "err.person.unknown"))?,
    };
    repo::lock_event_rounds(&mut tx, event).await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    let c = repo::competition(&mut tx, e.competition_id).await?.ok_or(AppError::NotFound)?;
    let (team, department) = db::people::place_of(&mut tx, person).await?.ok_or(AppError::NotFound)?;
    let lead_of_team = me.has(Role::TeamLead) && me.team_id == team;
    let team_event = e.entry == Entry::Team.code();
    // Individual events: oneself, one's team lead or an organiser. Team events: the team's lead
    // enters the team (standing for it), or an organiser enters a team lead.
    let allowed =
        if team_event { (person == me.id && lead_of_team) || org } else { person == me.id || lead_of_team || org };
    ensure(allowed)?;
    let departments: Vec<i64> = repo::eligible_departments(&mut tx, c.id).await?.into_iter().map(|d| d.0).collect();
    let open = registration_open(c.registration_opens, c.registration_closes, today());
    if let Some(key) = rules::registration_refusal(open, eligible(&departments, department), org) {
        return Err(AppError::field("person", key));
    }
    if repo::event_marked(&mut tx, event).await? {
        return Err(AppError::field("person", "err.comp.marking_begun"));
    }
    if judges_or_guest(&mut tx, event, person).await? {
        return Err(AppError::field("person", "err.comp.judge_entry"));
    }
    let status = if org { EntryStatus::Approved } else { EntryStatus::Pending };
    match repo::entry_of(&mut tx, event, person).await? {
        Some((id, s)) if s == EntryStatus::Withdrawn.code() => {
            repo::set_entry_status(&mut tx, id, status.code()).await?;
        }
        Some(_) => return Err(AppError::field("person", "err.comp.already_entered")),
        None => {
            repo::insert_contestant(&mut tx, event, person, status.code(), None, me.id).await?;
        }
    }
    db::audit::record(
        &mut tx,
        Some(me.id),
        "competition.register",
        "competition",
        Some(c.id),
        &format!("{} person #{person}", e.name),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a registration (the contestant, their team lead or an organiser) or, for an
/// organiser, approves or declines one. Fixed once marking has begun.
pub async fn set_entry(pool: &Pool, me: &UserInfo, contestant: i64, status: &str) -> Result<(), AppError> {
    require(me, Permission::ViewDirectory)?;
    let status = EntryStatus::from_code(status).ok_or_else(|| AppError::field("status", "err.code.unknown"))?;
    let mut tx = pool.begin_write().await?;
    let (event, person, current) = repo::entry(&mut tx, contestant).await?.ok_or(AppError::NotFound)?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let org = organiser(me);
    let (team, _) = db::people::place_of(&mut tx, person).await?.ok_or(AppError::NotFound)?;
    let own = person == me.id || (me.has(Role::TeamLead) && me.team_id == team);
    ensure(org || (own && status == EntryStatus::Withdrawn))?;
    if repo::event_marked(&mut tx, event).await? {
        return Err(AppError::field("status", "err.comp.marking_begun"));
    }
    if current == status.code() {
        return Ok(());
    }
    repo::set_entry_status(&mut tx, contestant, status.code()).await?;
    if status == EntryStatus::Withdrawn {
        // A withdrawn team frees its members for other teams; renewed, it lists them again.
        repo::set_members(&mut tx, contestant, &[]).await?;
    }
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    db::audit::record(
        &mut tx,
        Some(me.id),
        "competition.entry",
        "competition",
        Some(e.competition_id),
        &format!("{} person #{person}: {current}→{}", e.name, status.code()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the caller may import contestants into this event (asked before a file is read).
pub async fn check_may_import(pool: &Pool, me: &UserInfo, event: i64) -> Result<(), AppError> {
    require(me, Permission::ManageCompetitions)?;
    repo::event(&mut pool.begin().await?, event).await?.ok_or(AppError::NotFound)?;
    Ok(())
}

/// Enters a list of contestants (organisers), approved at once. Every row is checked first — the
/// person exists, the name beside them matches, they are not in the file twice nor entered
/// already — and one bad row enters nobody: the errors name each row's line. Returns how many.
pub async fn import_entries(
    pool: &Pool,
    me: &UserInfo,
    event: i64,
    rows: &[rules::RosterRow],
) -> Result<usize, AppError> {
    require(me, Permission::ManageCompetitions)?;
    if rows.is_empty() {
        return Err(AppError::field("file", "err.import.empty"));
    }
    if rows.len() > rules::MAX_ROSTER_ROWS {
        return Err(AppError::field("file", "err.import.too_many"));
    }
    let mut tx = pool.begin_write().await?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    if repo::event_marked(&mut tx, event).await? {
        return Err(AppError::field("file", "err.comp.marking_begun"));
    }
    let mut errors = Vec::new();
    let mut people: Vec<(i64, Option<i64>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let field = format!("row-{}", row.line);
        let Some(id) = db::people::active_id_by_login_or_number(&mut tx, &row.who).await? else {
            errors.push(crate::domain::validation::FieldError::new(&field, "err.import.unknown"));
            continue;
        };
        if !row.name.is_empty() {
            let person = db::people::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
            if person.display_name != row.name {
                errors.push(crate::domain::validation::FieldError::new(&field, "err.import.name"));
                continue;
            }
        }
        if !seen.insert(id) {
            errors.push(crate::domain::validation::FieldError::new(&field, "err.import.twice"));
            continue;
        }
        if judges_or_guest(&mut tx, event, id).await? {
            errors.push(crate::domain::validation::FieldError::new(&field, "err.comp.judge_entry"));
            continue;
        }
        match repo::entry_of(&mut tx, event, id).await? {
            Some((k, s)) if s == EntryStatus::Withdrawn.code() => people.push((id, Some(k))),
            Some(_) => errors.push(crate::domain::validation::FieldError::new(&field, "err.comp.already_entered")),
            None => people.push((id, None)),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    for (person, existing) in &people {
        match existing {
            Some(k) => {
                repo::set_entry_status(&mut tx, *k, EntryStatus::Approved.code()).await?;
            }
            None => {
                repo::insert_contestant(&mut tx, event, *person, EntryStatus::Approved.code(), None, me.id).await?;
            }
        }
    }
    let detail = format!("{}: {} imported", e.name, people.len());
    db::audit::record(&mut tx, Some(me.id), "competition.import", "competition", Some(e.competition_id), &detail)
        .await?;
    tx.commit().await?;
    Ok(people.len())
}

/// A page of an event's registrations with one status (organisers).
pub async fn entries(pool: &Pool, me: &UserInfo, event: i64, status: &str, page: i64) -> Result<EntriesPage, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let status = EntryStatus::from_code(status).unwrap_or(EntryStatus::Pending);
    let (page, offset) = page_offset(page, ENTRIES_PER_PAGE);
    let mut tx = pool.begin().await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    let c = repo::competition(&mut tx, e.competition_id).await?.ok_or(AppError::NotFound)?;
    let found = repo::entries(&mut tx, event, status.code(), ENTRIES_PER_PAGE, offset).await?;
    let mut rosters = if e.entry == Entry::Team.code() {
        let ids: Vec<i64> = found.iter().map(|r| r.id).collect();
        super::awards::rosters(&mut tx, &ids).await?
    } else {
        std::collections::HashMap::new()
    };
    let rows = found
        .into_iter()
        .map(|r| EntryView {
            members: rosters.remove(&r.id),
            id: r.id,
            name: r.name,
            employee_no: r.employee_no,
            team_name: r.team_name,
            department_name: r.department_name,
            status: r.status,
            running_order: r.running_order,
            registered_by: r.registered_by,
        })
        .collect();
    let total = repo::entry_count(&mut tx, event, status.code()).await?;
    Ok(EntriesPage {
        competition_id: c.id,
        competition_name: c.name,
        event_id: e.id,
        event_name: e.name,
        entry: e.entry,
        status: status.code().into(),
        rows,
        total,
        page,
        per_page: ENTRIES_PER_PAGE,
        pending: e.pending,
        approved: e.approved,
        marked: repo::event_marked(&mut tx, event).await?,
    })
}

/// Draws the running order (抽签) of an event's approved contestants from a fresh random seed,
/// recorded so anyone can redo it. Allowed again until marking begins.
pub async fn draw(pool: &Pool, me: &UserInfo, event: i64) -> Result<u64, AppError> {
    require(me, Permission::ManageCompetitions)?;
    let mut tx = pool.begin_write().await?;
    repo::lock_event_rounds(&mut tx, event).await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    if repo::event_marked(&mut tx, event).await? {
        return Err(AppError::field("seed", "err.comp.marking_begun"));
    }
    let ids = repo::approved_ids(&mut tx, event).await?;
    if ids.is_empty() {
        return Err(AppError::field("seed", "err.comp.no_field"));
    }
    let seed = crate::password::random_u64();
    for (place, id) in scoring::draw(ids, seed).into_iter().enumerate() {
        repo::set_running_order(&mut tx, id, place as i64 + 1).await?;
    }
    repo::set_draw_seed(&mut tx, event, seed).await?;
    db::audit::record(
        &mut tx,
        Some(me.id),
        "competition.draw",
        "competition",
        Some(e.competition_id),
        &format!("{} seed {seed}", e.name),
    )
    .await?;
    tx.commit().await?;
    Ok(seed)
}

/// An event's draw and its re-verification: the draw done again from the recorded seed and the
/// approved contestants must give the stored order (every signed-in person may check).
pub async fn draw_check(pool: &Pool, me: &UserInfo, event: i64) -> Result<DrawCheck, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin().await?;
    let e = repo::event(&mut tx, event).await?.ok_or(AppError::NotFound)?;
    let c = repo::competition(&mut tx, e.competition_id).await?.ok_or(AppError::NotFound)?;
    let order = repo::running_order(&mut tx, event).await?;
    let names: std::collections::HashMap<i64, String> =
        repo::contestants(&mut tx, event).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let input: Vec<i64> = order.iter().map(|o| o.0).collect();
    let seed: Option<u64> = match &e.draw_seed {
        Some(s) => Some(s.parse().map_err(|_| {
            tracing::error!(event, seed = %s, "stored draw seed does not parse");
            AppError::Internal
        })?),
        None => None,
    };
    let redrawn = seed.map(|s| scoring::draw(input.clone(), s)).unwrap_or_default();
    let mut stored: Vec<(i64, i64, String)> = order
        .iter()
        .filter_map(|(id, place)| {
            let name = names.get(id).cloned().unwrap_or_default();
            place.map(|p| (p, *id, name))
        })
        .collect();
    stored.sort();
    let consistent = seed.is_some()
        && stored.len() == redrawn.len()
        && stored.iter().zip(&redrawn).all(|((p, id, _), r)| id == r && *p >= 1);
    Ok(DrawCheck {
        competition_id: c.id,
        competition_name: c.name,
        event_id: e.id,
        event_name: e.name,
        seed: e.draw_seed,
        input,
        stored,
        redrawn,
        consistent,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn guest_unit_names_are_valid() {
        assert!(crate::domain::org::UnitName::parse(super::GUEST_DEPARTMENT).is_ok());
        assert!(crate::domain::org::UnitName::parse(super::GUEST_TEAM).is_ok());
    }
}
