use crate::error::AppError;
use crate::model::rewards::{Ledger, LedgerFilter, RuleView};
use leptos::prelude::*;

#[server(endpoint = "reward_rules")]
pub async fn reward_rules() -> Result<Vec<RuleView>, AppError> {
    use crate::api::ctx;
    crate::services::rewards::rules(&ctx::pool()?, &ctx::require_user().await?).await
}

/// Adds a new version of the rule for a category and studio level.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "add_reward_rule")]
pub async fn add_reward_rule(
    category: String,
    studio_level: String,
    approval: String,
    progress: String,
    trial: String,
    adoption: String,
    pool: String,
    workers_percent: String,
) -> Result<i64, AppError> {
    use crate::api::ctx;
    use crate::services::rewards::{add_rule, RuleForm};
    let me = ctx::require_user().await?;
    let form = RuleForm {
        category: &category,
        studio_level: &studio_level,
        approval: &approval,
        progress: &progress,
        trial: &trial,
        adoption: &adoption,
        pool: &pool,
        workers_percent: &workers_percent,
    };
    add_rule(&ctx::pool()?, &me, &form).await
}

/// Lines a page of the ledger shows.
pub const LEDGER_PER_PAGE: i64 = 50;

/// The rewards ledger, a page at a time with the totals over every matching line: admins see
/// every line; everyone else only their own.
#[server(endpoint = "ledger")]
pub async fn load_ledger(#[server(default)] filter: LedgerFilter) -> Result<Ledger, AppError> {
    use crate::api::ctx;
    use crate::services::rewards::{ledger, LedgerPage};
    let which = LedgerPage::Page { page: filter.page.unwrap_or(1), per_page: LEDGER_PER_PAGE };
    ledger(&ctx::pool()?, &ctx::require_user().await?, &filter, which).await
}

/// Approves a pending line or pays an approved one (`to` = approved | paid). Admins only.
#[server(endpoint = "advance_payout")]
pub async fn advance_payout(id: i64, to: String) -> Result<(), AppError> {
    use crate::api::ctx;
    crate::services::rewards::advance(&ctx::pool()?, &ctx::require_user().await?, id, &to).await
}
