//! Organising competitions: competitions, events, rounds, schemes, panels, registration, the draw.

use crate::domain::competition::{EventDraft, SchemeDraft};
use crate::error::AppError;
use crate::model::competitions::{CompetitionList, CompetitionView, DrawCheck, EntriesPage, RoundSetup};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn ticked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.is_empty() && s != "false")
}

#[server(endpoint = "list_competitions")]
pub async fn list_competitions(page: i64) -> Result<CompetitionList, AppError> {
    use crate::api::ctx;
    crate::services::organising::list(&ctx::pool()?, &ctx::require_user().await?, page).await
}

#[server(endpoint = "create_competition")]
#[allow(clippy::too_many_arguments)]
pub async fn create_competition(
    name: String,
    kind: String,
    owner: String,
    #[server(default)] organiser: String,
    opens: String,
    closes: String,
    #[server(default)] department_conflict: Option<String>,
    #[server(default)] public: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::services::organising::{create, CompetitionForm};
    let me = ctx::require_user().await?;
    let form = CompetitionForm {
        name: &name,
        kind: &kind,
        owner: &owner,
        organiser: &organiser,
        opens: &opens,
        closes: &closes,
        department_conflict: ticked(&department_conflict),
        public: ticked(&public),
    };
    let id = create(&ctx::pool()?, &me, &form).await?;
    ctx::open_next(&format!("/competitions/{id}"));
    Ok(())
}

#[server(endpoint = "get_competition")]
pub async fn get_competition(id: i64) -> Result<CompetitionView, AppError> {
    use crate::api::ctx;
    crate::services::organising::view(&ctx::pool()?, &ctx::require_user().await?, id).await
}

/// Adds (`op` = "add") or removes a department from those whose people may enter.
#[server(endpoint = "set_eligible")]
pub async fn set_eligible(competition: i64, department: String, op: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::organising::set_eligible(&ctx::pool()?, &me, competition, &department, op == "add").await
}

#[server(endpoint = "add_event")]
pub async fn add_event(competition: i64, draft: EventDraft) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::organising::add_event(&ctx::pool()?, &ctx::require_user().await?, competition, &draft).await?;
    Ok(())
}

#[server(endpoint = "add_round")]
pub async fn add_round(event: i64, name: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let id = crate::services::organising::add_round(&ctx::pool()?, &ctx::require_user().await?, event, &name).await?;
    ctx::open_next(&format!("/rounds/{id}/setup"));
    Ok(())
}

#[server(endpoint = "round_setup")]
pub async fn get_round_setup(round: i64) -> Result<RoundSetup, AppError> {
    use crate::api::ctx;
    crate::services::organising::round_setup(&ctx::pool()?, &ctx::require_user().await?, round).await
}

#[server(endpoint = "save_scheme")]
pub async fn save_scheme(round: i64, draft: SchemeDraft) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::organising::save_scheme(&ctx::pool()?, &ctx::require_user().await?, round, &draft).await?;
    Ok(())
}

/// Puts a person (username or employee number) on a round's panel.
#[server(endpoint = "add_judge")]
pub async fn add_judge(round: i64, who: String, #[server(default)] chief: Option<String>) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::organising::add_judge(&ctx::pool()?, &me, round, &who, ticked(&chief)).await
}

#[server(endpoint = "remove_judge")]
pub async fn remove_judge(round: i64, person: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::organising::remove_judge(&ctx::pool()?, &ctx::require_user().await?, round, person).await
}

/// Creates a guest judge (外聘评委) who can do nothing but judge, on this round's panel.
#[server(endpoint = "add_guest_judge")]
pub async fn add_guest_judge(
    round: i64,
    display_name: String,
    username: String,
    password: String,
    #[server(default)] affiliation: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::services::organising::GuestForm;
    let me = ctx::require_user().await?;
    let form =
        GuestForm { display_name: &display_name, username: &username, password: &password, affiliation: &affiliation };
    crate::services::organising::add_guest_judge(&ctx::pool()?, &me, round, &form).await?;
    Ok(())
}

/// Registers the caller, a member of their team (`person`), or anyone named by an organiser
/// (`who`: username or employee number) for an event.
#[server(endpoint = "register_entry")]
pub async fn register_entry(
    event: i64,
    #[server(default)] person: Option<i64>,
    #[server(default)] who: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::services::organising::{register, Target};
    let target = match (person, who.trim()) {
        (Some(id), _) => Target::Person(id),
        (None, "") => Target::Me,
        (None, who) => Target::Named(who),
    };
    register(&ctx::pool()?, &ctx::require_user().await?, event, target).await
}

/// Withdraws, approves or declines a registration.
#[server(endpoint = "set_entry")]
pub async fn set_entry(contestant: i64, status: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::organising::set_entry(&ctx::pool()?, &ctx::require_user().await?, contestant, &status).await
}

#[server(endpoint = "event_entries")]
pub async fn get_entries(event: i64, status: String, page: i64) -> Result<EntriesPage, AppError> {
    use crate::api::ctx;
    crate::services::organising::entries(&ctx::pool()?, &ctx::require_user().await?, event, &status, page).await
}

/// Draws the running order (抽签) of an event.
#[server(endpoint = "draw_order")]
pub async fn draw_order(event: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::organising::draw(&ctx::pool()?, &ctx::require_user().await?, event).await?;
    Ok(())
}

#[server(endpoint = "draw_check")]
pub async fn get_draw(event: i64) -> Result<DrawCheck, AppError> {
    use crate::api::ctx;
    crate::services::organising::draw_check(&ctx::pool()?, &ctx::require_user().await?, event).await
}
