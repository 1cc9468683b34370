//! Leaderboards and the points ledger.

use crate::error::AppError;
use crate::model::boards::{BoardQuery, BoardScreen, BoardView};
use leptos::prelude::*;

/// A leaderboard: its top rows a page at a time, the caller's rank with neighbours, the biggest
/// climbers and the departments' shares.
#[server(endpoint = "load_board")]
pub async fn load_board(#[server(default)] query: BoardQuery) -> Result<BoardView, AppError> {
    use crate::api::ctx;
    crate::services::boards::board(&ctx::pool()?, &ctx::require_user().await?, &query).await
}

/// The hall's big screen: the top rows of every board for one window (`month`, `quarter`,
/// `year`, `all` or a kept window's key).
#[server(endpoint = "load_board_screen")]
pub async fn load_board_screen(#[server(default)] window: String) -> Result<BoardScreen, AppError> {
    use crate::api::ctx;
    crate::services::boards::screen(&ctx::pool()?, &ctx::require_user().await?, &window).await
}

/// Corrects a points entry with a new entry of `points` (plus or minus) and a reason (union
/// admins). The entry corrected is never changed.
#[server(endpoint = "correct_points")]
pub async fn correct_points(entry: i64, points: String, note: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::boards::correct(&ctx::pool()?, &ctx::require_user().await?, entry, &points, &note).await?;
    Ok(())
}
