//! Judging: the judge's panels, the judge pad, marks, signing, and a round's results.

use crate::error::AppError;
use crate::model::competitions::{EventResults, JudgePad, MarkEntry, PanelSummary, RoundResults, Screen};
use leptos::prelude::*;

/// The rounds the caller judges.
#[server(endpoint = "my_panels")]
pub async fn my_panels() -> Result<Vec<PanelSummary>, AppError> {
    use crate::api::ctx;
    crate::services::competitions::my_panels(&ctx::pool()?, &ctx::require_user().await?).await
}

/// The caller's sheet for one round.
#[server(endpoint = "judge_pad")]
pub async fn get_judge_pad(round: i64) -> Result<JudgePad, AppError> {
    use crate::api::ctx;
    crate::services::competitions::judge_pad(&ctx::pool()?, &ctx::require_user().await?, round).await
}

/// The caller's marks for one contestant; `client_id` makes a re-send harmless.
#[server(endpoint = "submit_marks")]
pub async fn submit_marks(
    round: i64,
    contestant: i64,
    client_id: String,
    #[server(default)] marks: Vec<MarkEntry>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::competitions::submit_marks(&ctx::pool()?, &me, round, contestant, &client_id, &marks).await
}

#[server(endpoint = "sign_sheet")]
pub async fn sign_sheet(round: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::competitions::sign_sheet(&ctx::pool()?, &ctx::require_user().await?, round).await
}

#[server(endpoint = "round_results")]
pub async fn get_round_results(round: i64) -> Result<RoundResults, AppError> {
    use crate::api::ctx;
    crate::services::competitions::results(&ctx::pool()?, &ctx::require_user().await?, round).await
}

/// A penalty on a contestant, with a reason (the round's chief judge).
#[server(endpoint = "add_deduction")]
pub async fn add_deduction(round: i64, contestant: i64, points: String, reason: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::competitions::add_deduction(&ctx::pool()?, &me, round, contestant, &points, &reason).await
}

/// Keeps marks that differ by more than the scheme allows, with a reason (the chief judge).
#[server(endpoint = "override_spread")]
pub async fn override_spread(
    round: i64,
    contestant: i64,
    attempt: u8,
    criterion: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::competitions::override_spread(&ctx::pool()?, &me, round, contestant, attempt, &criterion, &reason)
        .await
}

/// Reopens a judge's signed sheet, with a reason (the chief judge).
#[server(endpoint = "reopen_sheet")]
pub async fn reopen_sheet(round: i64, judge: i64, reason: String) -> Result<(), AppError> {
    use crate::api::ctx;
    let me = ctx::require_user().await?;
    crate::services::competitions::reopen_sheet(&ctx::pool()?, &me, round, judge, &reason).await
}

#[server(endpoint = "lock_round")]
pub async fn lock_round(round: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::competitions::lock_round(&ctx::pool()?, &ctx::require_user().await?, round).await
}

#[server(endpoint = "publish_round")]
pub async fn publish_round(round: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::competitions::publish_round(&ctx::pool()?, &ctx::require_user().await?, round).await
}

/// A round's live ranking for the big screen (no sign-in for a public competition).
#[server(endpoint = "round_screen")]
pub async fn get_screen(round: i64) -> Result<Screen, AppError> {
    use crate::api::ctx;
    let me = ctx::caller().await?;
    crate::services::competitions::screen(&ctx::pool()?, me.as_ref(), round).await
}

/// A judge's sheet to print and sign on paper (the judge's own, or any judge's for an organiser),
/// with the judge's name.
#[server(endpoint = "judge_sheet")]
pub async fn get_judge_sheet(round: i64, judge: i64) -> Result<(String, JudgePad), AppError> {
    use crate::api::ctx;
    crate::services::competitions::print_sheet(&ctx::pool()?, &ctx::require_user().await?, round, judge).await
}

/// Reopens published results for a correction, with a reason (the chief judge or an admin).
#[server(endpoint = "correct_round")]
pub async fn correct_round(round: i64, reason: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::competitions::correct_round(&ctx::pool()?, &ctx::require_user().await?, round, &reason).await
}

/// Sets attempts' difficulty coefficients (the organiser or the chief judge).
#[server(endpoint = "set_difficulties")]
pub async fn set_difficulties(
    round: i64,
    #[server(default)] values: Vec<crate::model::competitions::DifficultyEntry>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::competitions::set_difficulties(&ctx::pool()?, &ctx::require_user().await?, round, &values).await
}

/// An event's result over its published rounds.
#[server(endpoint = "event_results")]
pub async fn get_event_results(event: i64) -> Result<EventResults, AppError> {
    use crate::api::ctx;
    crate::services::competitions::event_results(&ctx::pool()?, &ctx::require_user().await?, event).await
}

/// Sends the top N (`by` = "top") or everyone at or over a score (`by` = "at_least") of a
/// published round on to the next.
#[server(endpoint = "advance_round")]
pub async fn advance_round(round: i64, by: String, value: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::competitions::advance(&ctx::pool()?, &ctx::require_user().await?, round, &by, &value).await?;
    Ok(())
}
