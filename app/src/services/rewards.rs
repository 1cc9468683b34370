//! Reward rules and the rewards ledger.

use super::{day_start_utc, require, viewer};
use crate::db::rewards::{LineQuery, NewRule, RuleRow};
use crate::db::{self, audit, Pool, Tx};
use crate::domain::authz::Permission;
use crate::domain::money::{format_yuan, parse_percent, parse_yuan, BasisPoints, Fen};
use crate::domain::policy::ledger_scope;
use crate::domain::project::Category;
use crate::domain::rewards::{check_ratio, may_pay, PayoutStatus, RewardRule};
use crate::domain::studio::RuleLevel;
use crate::domain::validation::{Errors, FieldError};
use crate::error::AppError;
use crate::model::rewards::{Ledger, LedgerFilter, PayoutLine, PayoutSource, RuleView};
use crate::model::{PersonRef, UserInfo};

fn rule(r: &RuleRow) -> RewardRule {
    RewardRule {
        id: r.id,
        version: r.version,
        approval_fen: Fen(r.approval_fen),
        progress_fen: Fen(r.progress_fen),
        trial_fen: Fen(r.trial_fen),
        adoption_fen: Fen(r.adoption_fen),
        pool_fen: Fen(r.pool_fen),
        workers_bp: BasisPoints(r.workers_bp),
        leader_bp: BasisPoints(r.leader_bp),
    }
}

/// The active (latest) rule version for a category and studio level, if any.
pub(crate) async fn active_rule(
    tx: &mut Tx,
    category: Category,
    level: RuleLevel,
) -> Result<Option<RewardRule>, AppError> {
    Ok(db::rewards::active_rule(tx, category, level).await?.as_ref().map(rule))
}

pub async fn rules(pool: &Pool, me: &UserInfo) -> Result<Vec<RuleView>, AppError> {
    require(me, Permission::ManageRewards)?;
    let mut out = Vec::new();
    for r in db::rewards::rules(&mut pool.begin().await?).await? {
        out.push(RuleView {
            id: r.id,
            category: db::decode("reward_rules.category", &r.category)?,
            studio_level: db::decode("reward_rules.studio_level", &r.studio_level)?,
            version: r.version,
            approval_fen: Fen(r.approval_fen),
            progress_fen: Fen(r.progress_fen),
            trial_fen: Fen(r.trial_fen),
            adoption_fen: Fen(r.adoption_fen),
            pool_fen: Fen(r.pool_fen),
            workers_bp: BasisPoints(r.workers_bp),
            leader_bp: BasisPoints(r.leader_bp),
            created_at: r.created_at,
        });
    }
    Ok(out)
}

/// The rule form as posted: amounts in yuan, the workers' part in percent.
pub struct RuleForm<'a> {
    pub category: &'a str,
    pub studio_level: &'a str,
    pub approval: &'a str,
    pub progress: &'a str,
    pub trial: &'a str,
    pub adoption: &'a str,
    pub pool: &'a str,
    pub workers_percent: &'a str,
}

/// Adds a new version of the rule for a category and studio level. Payouts already written keep theirs.
pub async fn add_rule(pool: &Pool, me: &UserInfo, f: &RuleForm<'_>) -> Result<i64, AppError> {
    use crate::domain::code::Code;
    require(me, Permission::ManageRewards)?;
    let mut e = Errors::new();
    let category = e.check(Category::parse(f.category));
    let level = RuleLevel::from_code(f.studio_level);
    if level.is_none() {
        e.push(FieldError::new("studio_level", "err.level.invalid"));
    }
    let amounts: Vec<Option<Fen>> = [
        ("approval", f.approval),
        ("progress", f.progress),
        ("trial", f.trial),
        ("adoption", f.adoption),
        ("pool", f.pool),
    ]
    .into_iter()
    .map(|(field, v)| e.check(parse_yuan(v, field)))
    .collect();
    let workers = e.check(parse_percent(f.workers_percent, "workers_percent"));
    if let Some(w) = workers {
        e.check(check_ratio(w, BasisPoints(BasisPoints::WHOLE.0 - w.0)));
    }
    let (Some(category), Some(level), Some(workers), [Some(a), Some(p), Some(t), Some(ad), Some(pl)]) =
        (category, level, workers, amounts.as_slice())
    else {
        return Err(e.into_vec().into());
    };
    let rule = NewRule {
        category,
        studio_level: level,
        approval_fen: *a,
        progress_fen: *p,
        trial_fen: *t,
        adoption_fen: *ad,
        pool_fen: *pl,
        workers_bp: workers,
        leader_bp: BasisPoints(BasisPoints::WHOLE.0 - workers.0),
    };
    let mut tx = pool.begin_write().await?;
    let (id, version) = db::rewards::insert_version(&mut tx, Some(me.id), &rule).await?;
    let detail = format!("{}/{} v{version}", category.code(), level.code());
    audit::record(&mut tx, Some(me.id), "rule.version", "reward_rule", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(id)
}

/// Which page of the ledger to read: one page of `per_page` lines, or every line (exports).
#[derive(Clone, Copy, Debug)]
pub enum LedgerPage {
    Page { page: i64, per_page: i64 },
    Everything,
}

/// The ledger lines matching `filter` that the caller may see (admins every line, everyone else
/// their own: the page and the exports alike), with the totals over all of them.
pub async fn ledger(pool: &Pool, me: &UserInfo, filter: &LedgerFilter, which: LedgerPage) -> Result<Ledger, AppError> {
    let only = ledger_scope(viewer(me)).only_person();
    let mut tx = pool.begin().await?;
    let named = match filter.person.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Some(
            db::people::id_by_username(&mut tx, &u.to_ascii_lowercase())
                .await?
                .ok_or_else(|| AppError::field("person", "err.person.missing"))?,
        ),
        None => None,
    };
    let q = LineQuery {
        person_id: only.or(named),
        project_id: filter.project_id,
        studio_id: filter.studio_id,
        from: filter.from.map(day_start_utc),
        until: filter.to.map(|d| day_start_utc(d) + chrono::Duration::days(1)),
        status: filter.status,
        event_id: filter.event_id,
    };
    let totals = db::rewards::totals(&mut tx, &q).await?;
    let (page, per_page, limit) = match which {
        LedgerPage::Page { page, per_page } => {
            let page = crate::model::clamp_page(page);
            (page, per_page, Some((per_page, (page - 1) * per_page)))
        }
        LedgerPage::Everything => (1, totals.count.max(1), None),
    };
    let mut lines = Vec::new();
    for r in db::rewards::lines(&mut tx, &q, limit).await? {
        lines.push(PayoutLine {
            id: r.id,
            person: PersonRef { id: r.person_id, name: r.person_name, team_name: r.team_name },
            source: match (
                r.project_id,
                r.project_title,
                r.rule_id,
                r.rule_version,
                r.event_id,
                r.event_name,
                r.competition_name,
            ) {
                (Some(id), Some(title), Some(rule_id), Some(rule_version), None, _, _) => {
                    PayoutSource::Project { id, title, studio_name: r.studio_name, rule_id, rule_version }
                }
                (None, _, None, _, Some(id), Some(name), Some(competition_name)) => {
                    PayoutSource::Event { id, name, competition_name }
                }
                _ => {
                    return Err(sqlx::Error::ColumnDecode {
                        index: "payouts.project_id".into(),
                        source: format!("payout {} has neither a project nor an event", r.id).into(),
                    }
                    .into())
                }
            },
            kind: db::decode("payouts.kind", &r.kind)?,
            amount_fen: Fen(r.amount_fen),
            inputs: db::decode_json("payouts.inputs", &r.inputs)?,
            status: db::decode("payouts.status", &r.status)?,
            approved_by: r.approved_by,
            created_at: r.created_at,
        });
    }
    Ok(Ledger {
        lines,
        total_fen: Fen(totals.total_fen),
        pending_fen: Fen(totals.pending_fen),
        approved_fen: Fen(totals.approved_fen),
        paid_fen: Fen(totals.paid_fen),
        line_count: totals.count,
        page,
        per_page,
    })
}

/// Approves a pending line or pays an approved one (`to` = approved | paid). Admins only.
pub async fn advance(pool: &Pool, me: &UserInfo, id: i64, to: &str) -> Result<(), AppError> {
    require(me, Permission::ManageRewards)?;
    let bad_status = || AppError::field("status", "err.payout.status");
    let to = PayoutStatus::parse(to).ok_or_else(bad_status)?;
    let from = match to {
        PayoutStatus::Approved => PayoutStatus::Pending,
        PayoutStatus::Paid => PayoutStatus::Approved,
        PayoutStatus::Pending => return Err(bad_status()),
    };
    let mut tx = pool.begin_write().await?;
    if !db::rewards::advance(&mut tx, id, from, to, me.id).await? {
        let (status, approved_by) = db::rewards::payout_state(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let approved = db::decode::<PayoutStatus>("payouts.status", &status)? == PayoutStatus::Approved;
        return Err(if to == PayoutStatus::Paid && approved && !may_pay(approved_by, me.id) {
            AppError::field("status", "err.payout.same_admin")
        } else {
            bad_status()
        });
    }
    // The person hears of it; the audit line says whose line and how much.
    let (person, name, fen) = db::rewards::payout_brief(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if person != me.id {
        db::notifications::insert_for_payout(&mut tx, person, id, to.code()).await?;
    }
    let detail = format!("{name} ¥{}", format_yuan(Fen(fen)));
    audit::record(&mut tx, Some(me.id), &format!("payout.{}", to.code()), "payout", Some(id), &detail).await?;
    tx.commit().await?;
    Ok(())
}
