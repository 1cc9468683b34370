use crate::error::AppError;
use crate::model_projects::{Ledger, LedgerFilter, RuleView};
use leptos::prelude::*;

#[server(endpoint = "reward_rules")]
pub async fn reward_rules() -> Result<Vec<RuleView>, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    ctx::require(Permission::ManageRewards).await?;
    Ok(crate::db::rewards::rules(&ctx::state()?.pool).await?)
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
    use crate::domain::authz::Permission;
    use crate::domain::money::{parse_percent, parse_yuan};
    use crate::domain::project::Category;
    use crate::domain::rewards::check_ratio;
    use crate::domain::studio::RULE_LEVELS;
    use crate::domain::validation::{Errors, FieldError};
    let me = ctx::require(Permission::ManageRewards).await?;
    let mut e = Errors::new();
    let category = e.check(Category::parse(&category));
    let level = RULE_LEVELS.into_iter().find(|l| *l == studio_level.trim());
    if level.is_none() {
        e.push(FieldError::new("studio_level", "err.level.invalid"));
    }
    let amounts: Vec<Option<i64>> =
        [("approval", &approval), ("progress", &progress), ("trial", &trial), ("adoption", &adoption), ("pool", &pool)]
            .into_iter()
            .map(|(f, v)| e.check(parse_yuan(v, f)))
            .collect();
    let workers = e.check(parse_percent(&workers_percent, "workers_percent"));
    if let Some(w) = workers {
        e.check(check_ratio(w, 10_000 - w));
    }
    let (Some(category), Some(level), Some(workers), [Some(a), Some(p), Some(t), Some(ad), Some(pl)]) =
        (category, level, workers, amounts.as_slice())
    else {
        return Err(e.into_vec().into());
    };
    let rule = crate::db::rewards::NewRule {
        category,
        studio_level: level,
        approval_fen: *a,
        progress_fen: *p,
        trial_fen: *t,
        adoption_fen: *ad,
        pool_fen: *pl,
        workers_bp: workers,
        leader_bp: 10_000 - workers,
    };
    crate::db::rewards::add_version(&ctx::state()?.pool, Some(me.id), &rule).await
}

/// The rewards ledger: admins see every line; everyone else only their own.
#[server(endpoint = "ledger")]
pub async fn load_ledger(#[server(default)] filter: LedgerFilter) -> Result<Ledger, AppError> {
    use crate::api::ctx;
    use crate::domain::authz::{allows, Permission};
    let me = ctx::require_user().await?;
    let only = (!allows(&me.roles, Permission::ManageRewards)).then_some(me.id);
    Ok(crate::db::rewards::ledger(&ctx::state()?.pool, &filter, only).await?)
}

/// Approves a pending line or pays an approved one (`to` = approved | paid). Admins only.
#[server(endpoint = "advance_payout")]
pub async fn advance_payout(id: i64, to: String) -> Result<(), AppError> {
    use crate::api::ctx;
    use crate::domain::authz::Permission;
    use crate::domain::rewards::PayoutStatus;
    let me = ctx::require(Permission::ManageRewards).await?;
    let to = PayoutStatus::parse(&to).ok_or_else(|| AppError::field("status", "err.payout.status"))?;
    crate::db::rewards::advance(&ctx::state()?.pool, me.id, id, to).await
}
