//! The honour roll (荣誉榜): a team lead, studio leader or union admin nominates; a union admin
//! publishes the honour (booking the points it carries in the same transaction) or declines it
//! with a reason; everyone signed in reads the published roll.

use super::boards::{record, Source, Who};
use super::{ensure, require, today};
use crate::db::{self, honours as repo, Pool};
use crate::domain::authz::{allows, Permission};
use crate::domain::honours::{self, HonourKind, HonourStatus, NominationForm, NomineeFacts};
use crate::domain::studio::Level;
use crate::domain::validation::FieldError;
use crate::error::AppError;
use crate::model::honours::{HonourRoll, HonourView, RollQuery};
use crate::model::{shanghai_time, UserInfo};
use chrono::Datelike;

pub const PER_PAGE: i64 = 24;

fn view(me: &UserInfo, r: repo::HonourRow) -> Result<HonourView, AppError> {
    let status: HonourStatus = db::decode("honours.status", &r.status)?;
    // The photo's address changes with the photo (its key's first characters), so browsers may keep it.
    let photo = stored_photo(&r)?.map(|(key, _)| key.chars().take(8).collect::<String>());
    let admin = allows(&me.roles, Permission::ManageHonours);
    Ok(HonourView {
        id: r.id,
        kind: db::decode("honours.kind", &r.kind)?,
        level: db::decode("honours.level", &r.level)?,
        year: r.year,
        title: r.title,
        person: match (r.person_id, r.person_name) {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        },
        team: (r.team_id, r.team_name),
        department: (r.department_id, r.department_name),
        citation: r.citation,
        story: r.story,
        event: r.event_id.map(|id| (id, r.event_title.unwrap_or_default())),
        project: r.project_id.map(|id| (id, r.project_title.unwrap_or_default())),
        points: r.points,
        status,
        nominator: (r.nominated_by, r.nominator_name),
        nominated_at: shanghai_time(r.nominated_at),
        decided_at: r.decided_at.map(shanghai_time),
        decision_note: r.decision_note,
        may_decide: status == HonourStatus::Nominated && admin,
        photo,
        may_set_photo: honours::may_set_photo(status, r.nominated_by == me.id, admin),
    })
}

/// A stored photo's key and type: both or neither, else the row is broken.
fn stored_photo(r: &repo::HonourRow) -> Result<Option<(String, String)>, AppError> {
    match (&r.photo_key, &r.photo_type) {
        (Some(k), Some(t)) if k.chars().all(|c| c.is_ascii_hexdigit()) && t.starts_with("image/") => {
            Ok(Some((k.clone(), t.clone())))
        }
        (None, None) => Ok(None),
        _ => {
            tracing::error!(honour = r.id, "an honour's photo columns do not decode");
            Err(AppError::Internal)
        }
    }
}

/// Whether the caller may set this honour's photo (checked before an upload is read).
pub async fn check_may_set_photo(pool: &Pool, me: &UserInfo, id: i64) -> Result<(), AppError> {
    let v = detail(pool, me, id).await?;
    ensure(v.may_set_photo)
}

/// Sets an honour's photo, already stored under `key`; returns the key of the photo it replaces
/// (for the caller to remove once this has committed).
pub async fn set_photo(
    pool: &Pool,
    me: &UserInfo,
    id: i64,
    key: &str,
    content_type: &str,
) -> Result<Option<String>, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.begin_write().await?;
    repo::lock(&mut tx, id).await?;
    let r = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let status: HonourStatus = db::decode("honours.status", &r.status)?;
    ensure(honours::may_set_photo(status, r.nominated_by == me.id, allows(&me.roles, Permission::ManageHonours)))?;
    let old = repo::set_photo(&mut tx, id, key, content_type).await?;
    db::audit::record(&mut tx, Some(me.id), "honour.photo", "honour", Some(id), &r.title).await?;
    tx.commit().await?;
    Ok(old)
}

/// An honour's photo (key and type), for whoever may see the honour.
pub async fn photo(pool: &Pool, me: &UserInfo, id: i64) -> Result<(String, String), AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.single_read().await?;
    let r = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let status: HonourStatus = db::decode("honours.status", &r.status)?;
    ensure(honours::may_view(status, r.nominated_by == me.id, allows(&me.roles, Permission::ManageHonours)))?;
    stored_photo(&r)?.ok_or(AppError::NotFound)
}

/// The roll: published honours for everyone; nominations (waiting or declined) for union admins,
/// and each nominator's own.
pub async fn roll(pool: &Pool, me: &UserInfo, q: &RollQuery) -> Result<HonourRoll, AppError> {
    require(me, Permission::ViewDirectory)?;
    let status = match q.status.trim() {
        "" => HonourStatus::Published,
        s => db::decode_opt::<HonourStatus>("status", Some(s))
            .ok()
            .flatten()
            .ok_or_else(|| AppError::field("status", "err.honour.status"))?,
    };
    let admin = allows(&me.roles, Permission::ManageHonours);
    if status != HonourStatus::Published && !admin && !honours::nominates(&me.roles) {
        return Err(AppError::Forbidden);
    }
    let mine = (status != HonourStatus::Published && !admin).then_some(me.id);
    let kind = match q.kind.trim() {
        "" => None,
        k => Some(
            HonourKind::ALL
                .into_iter()
                .find(|x| x.code() == k)
                .ok_or_else(|| AppError::field("kind", "err.honour.kind"))?,
        ),
    };
    let level = match q.level.trim() {
        "" => None,
        l => Some(Level::parse(l).map_err(|_| AppError::field("level", "err.honour.level"))?),
    };
    let page = crate::model::clamp_page(q.page.unwrap_or(1));
    let mut tx = pool.single_read().await?;
    let department = match q.dept {
        Some(d) => Some((d, db::boards::department_name(&mut tx, d).await?.ok_or(AppError::NotFound)?)),
        None => None,
    };
    let filter = repo::RollFilter {
        status: status.code(),
        kind: kind.map(|k| k.code()),
        level: level.map(|l| l.code()),
        year: q.year,
        department: q.dept,
        nominated_by: mine,
    };
    let (rows, total) = repo::roll(&mut tx, &filter, (page - 1) * PER_PAGE, PER_PAGE).await?;
    let waiting_filter = repo::RollFilter {
        status: HonourStatus::Nominated.code(),
        nominated_by: (!admin).then_some(me.id),
        ..Default::default()
    };
    let waiting =
        if admin || honours::nominates(&me.roles) { repo::roll(&mut tx, &waiting_filter, 0, 0).await?.1 } else { 0 };
    Ok(HonourRoll {
        items: rows.into_iter().map(|r| view(me, r)).collect::<Result<_, _>>()?,
        total,
        page,
        per_page: PER_PAGE,
        status,
        department,
        may_nominate: honours::nominates(&me.roles),
        waiting,
    })
}

/// One honour: published ones for everyone; a nomination for union admins and its nominator.
pub async fn detail(pool: &Pool, me: &UserInfo, id: i64) -> Result<HonourView, AppError> {
    require(me, Permission::ViewDirectory)?;
    let mut tx = pool.single_read().await?;
    let r = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let v = view(me, r)?;
    ensure(honours::may_view(v.status, v.nominator.0 == me.id, allows(&me.roles, Permission::ManageHonours)))?;
    Ok(v)
}

/// Nominates a person or team; returns the nomination's id.
pub async fn nominate(pool: &Pool, me: &UserInfo, form: &NominationForm) -> Result<i64, AppError> {
    if !honours::nominates(&me.roles) {
        return Err(AppError::Forbidden);
    }
    // A team's honour without a team named is for the nominator's own team.
    let mut form = form.clone();
    if form.kind.trim() == HonourKind::TeamGlory.code() && form.team.trim().is_empty() {
        form.team = me.team_id.to_string();
    }
    let n = honours::parse_nomination(&form, today().year()).map_err(AppError::Invalid)?;
    let mut tx = pool.begin_write().await?;
    let mut errors = Vec::new();
    let (person, team, department, facts) = match (&n.nominee, n.team) {
        (Some(who), _) => {
            let Some(person) = db::people::active_id_by_login_or_number(&mut tx, who).await? else {
                return Err(AppError::field("nominee", "err.honour.nominee_unknown"));
            };
            let (team, department) = db::people::place_of(&mut tx, person).await?.ok_or(AppError::NotFound)?;
            let in_my_studio = db::studios::in_studio_led_by(&mut tx, me.id, person).await?;
            (Some(person), team, department, NomineeFacts { same_team: team == me.team_id, in_my_studio })
        }
        (None, Some(team)) => {
            let Some(department) = db::boards::team_department(&mut tx, team).await? else {
                return Err(AppError::field("team", "err.honour.team"));
            };
            (None, team, department, NomineeFacts { same_team: team == me.team_id, in_my_studio: false })
        }
        (None, None) => return Err(AppError::field("nominee", "err.honour.nominee")),
    };
    if !honours::may_nominate(&me.roles, facts) {
        let field = if person.is_some() { "nominee" } else { "team" };
        return Err(AppError::field(field, "err.honour.not_yours"));
    }
    if let Some(e) = n.event {
        if !repo::event_exists(&mut tx, e).await? {
            errors.push(FieldError::new("event", "err.honour.evidence"));
        }
    }
    if let Some(p) = n.project {
        if !repo::project_exists(&mut tx, p).await? {
            errors.push(FieldError::new("project", "err.honour.evidence"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = repo::insert(
        &mut tx,
        &repo::NewHonour {
            kind: n.kind.code(),
            level: n.level.code(),
            year: n.year,
            title: &n.title,
            person,
            team,
            department,
            citation: &n.citation,
            story: &n.story,
            event: n.event,
            project: n.project,
            points: n.points,
            by: me.id,
        },
    )
    .await?;
    db::audit::record(&mut tx, Some(me.id), "honour.nominate", "honour", Some(id), &n.title).await?;
    tx.commit().await?;
    Ok(id)
}

/// Publishes a nomination (with its points, booked now) or declines it with a reason (union admins).
pub async fn decide(pool: &Pool, me: &UserInfo, id: i64, publish: bool, note: &str) -> Result<(), AppError> {
    require(me, Permission::ManageHonours)?;
    let note = note.trim();
    if !publish && note.is_empty() {
        return Err(AppError::field("note", "err.honour.decline_note"));
    }
    if note.chars().count() > 500 {
        return Err(AppError::field("note", "err.points.note_long"));
    }
    let mut tx = pool.begin_write().await?;
    let h = repo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let status = if publish { HonourStatus::Published } else { HonourStatus::Declined };
    if !repo::decide(&mut tx, id, status.code(), me.id, note).await? {
        return Err(AppError::field("", "err.honour.decided"));
    }
    if publish && h.points > 0 {
        let who = match h.person_id {
            Some(person) => Who::Person { person, studio: None },
            None => Who::Team(h.team_id),
        };
        let reason = format!("honour.{}", h.kind);
        record(&mut tx, who, h.points, Source { kind: "honour", id, reason: &reason }, Some(me.id)).await?;
    }
    // The nominator hears of the decision; the person honoured, of the honour.
    let mut notify = vec![h.nominated_by];
    if publish {
        notify.extend(h.person_id);
    }
    notify.dedup();
    for person in notify.into_iter().filter(|p| *p != me.id) {
        db::notifications::insert_for_honour(&mut tx, person, id).await?;
    }
    let action = if publish { "honour.publish" } else { "honour.decline" };
    db::audit::record(&mut tx, Some(me.id), action, "honour", Some(id), &format!("{} {note}", h.title)).await?;
    tx.commit().await?;
    Ok(())
}
