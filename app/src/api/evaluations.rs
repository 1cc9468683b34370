//! Team evaluations (五比两树) and labour competitions (劳动竞赛).

use crate::domain::labour::ContestForm;
use crate::error::AppError;
use crate::model::evaluations::{
    ContestView, EvaluationForm, EvaluationView, EvaluationsPage, ScoreSheetView, SheetForm,
};
use leptos::prelude::*;

/// The list of evaluations, or (`tab` = contests) of labour competitions.
#[server(endpoint = "load_evaluations")]
pub async fn load_evaluations(
    #[server(default)] tab: String,
    #[server(default)] page: Option<i64>,
) -> Result<EvaluationsPage, AppError> {
    use crate::api::ctx;
    crate::services::evaluations::list(&ctx::pool()?, &ctx::require_user().await?, &tab, page).await
}

/// Starts a 五比两树 evaluation (union admins) and opens it.
#[server(endpoint = "create_evaluation")]
pub async fn create_evaluation(#[server(default)] form: EvaluationForm) -> Result<i64, AppError> {
    use crate::api::ctx;
    let id = crate::services::evaluations::create(&ctx::pool()?, &ctx::require_user().await?, &form).await?;
    ctx::open_next(&format!("/evaluations/{id}"));
    Ok(id)
}

#[server(endpoint = "load_evaluation")]
pub async fn load_evaluation(id: i64, #[server(default)] page: Option<i64>) -> Result<EvaluationView, AppError> {
    use crate::api::ctx;
    crate::services::evaluations::detail(&ctx::pool()?, &ctx::require_user().await?, id, page).await
}

/// Enters every team of a department (named by part of its name).
#[server(endpoint = "add_evaluation_teams")]
pub async fn add_evaluation_teams(id: i64, #[server(default)] department: String) -> Result<u64, AppError> {
    use crate::api::ctx;
    crate::services::evaluations::add_teams(&ctx::pool()?, &ctx::require_user().await?, id, &department).await
}

#[server(endpoint = "remove_evaluation_team")]
pub async fn remove_evaluation_team(id: i64, team: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::evaluations::remove_team(&ctx::pool()?, &ctx::require_user().await?, id, team).await
}

/// Names an evaluator by username or employee number.
#[server(endpoint = "add_evaluator")]
pub async fn add_evaluator(id: i64, #[server(default)] who: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::evaluations::add_evaluator(&ctx::pool()?, &ctx::require_user().await?, id, &who).await
}

#[server(endpoint = "remove_evaluator")]
pub async fn remove_evaluator(id: i64, person: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::evaluations::remove_evaluator(&ctx::pool()?, &ctx::require_user().await?, id, person).await
}

/// The caller's score sheet (evaluators on the panel).
#[server(endpoint = "load_score_sheet")]
pub async fn load_score_sheet(id: i64, #[server(default)] page: Option<i64>) -> Result<ScoreSheetView, AppError> {
    use crate::api::ctx;
    crate::services::evaluations::sheet(&ctx::pool()?, &ctx::require_user().await?, id, page).await
}

/// Saves the caller's seven scores for a team.
#[server(endpoint = "save_team_sheet")]
pub async fn save_team_sheet(id: i64, team: i64, #[server(default)] scores: SheetForm) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::evaluations::save_sheet(&ctx::pool()?, &ctx::require_user().await?, id, team, &scores).await
}

/// Publishes the standings and books their points (union admins).
#[server(endpoint = "publish_evaluation")]
pub async fn publish_evaluation(id: i64) -> Result<u64, AppError> {
    use crate::api::ctx;
    crate::services::evaluations::publish(&ctx::pool()?, &ctx::require_user().await?, id).await
}

/// Sets up a labour competition (union admins) and opens it.
#[server(endpoint = "create_contest")]
pub async fn create_contest(#[server(default)] form: ContestForm) -> Result<i64, AppError> {
    use crate::api::ctx;
    let id = crate::services::labour::create(&ctx::pool()?, &ctx::require_user().await?, &form).await?;
    ctx::open_next(&format!("/labour/{id}"));
    Ok(id)
}

#[server(endpoint = "load_contest")]
pub async fn load_contest(
    id: i64,
    #[server(default)] period: String,
    #[server(default)] page: Option<i64>,
) -> Result<ContestView, AppError> {
    use crate::api::ctx;
    crate::services::labour::detail(&ctx::pool()?, &ctx::require_user().await?, id, &period, page).await
}

/// Enters a department's teams (between teams) or the department (between departments).
#[server(endpoint = "add_contest_entrants")]
pub async fn add_contest_entrants(id: i64, #[server(default)] department: String) -> Result<u64, AppError> {
    use crate::api::ctx;
    crate::services::labour::add_entrants(&ctx::pool()?, &ctx::require_user().await?, id, &department).await
}

#[server(endpoint = "remove_contest_entrant")]
pub async fn remove_contest_entrant(id: i64, entrant: i64) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::labour::remove_entrant(&ctx::pool()?, &ctx::require_user().await?, id, entrant).await
}

/// Saves one entrant's values for an open period.
#[server(endpoint = "save_contest_values")]
pub async fn save_contest_values(
    id: i64,
    period: String,
    entrant: i64,
    #[server(default)] v: Vec<String>,
) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::labour::save_values(&ctx::pool()?, &ctx::require_user().await?, id, &period, entrant, &v).await
}

/// Closes a period: the ranking is computed, stored and its points booked.
#[server(endpoint = "close_contest_period")]
pub async fn close_contest_period(id: i64, period: String) -> Result<u64, AppError> {
    use crate::api::ctx;
    crate::services::labour::close(&ctx::pool()?, &ctx::require_user().await?, id, &period).await
}
