//! Reward rules (奖励规则) and the payouts they produce. A rule is versioned: changing it adds a
//! version, and every payout line keeps the version and the inputs it was computed from, so an
//! amount paid long ago still explains itself.

use super::money::{BasisPoints, Fen};
use super::project::{Gate, MemberShare};
use super::split::{split, Part};
use super::validation::FieldError;
use serde::{Deserialize, Serialize};

/// One version of the rule for a (category, studio level).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardRule {
    pub id: i64,
    pub version: i64,
    pub approval_fen: Fen,
    pub progress_fen: Fen,
    pub trial_fen: Fen,
    pub adoption_fen: Fen,
    /// 双奖: the completion pool split workers / responsible leader on adoption.
    pub pool_fen: Fen,
    pub workers_bp: BasisPoints,
    pub leader_bp: BasisPoints,
}

impl RewardRule {
    pub fn stage_amount(&self, gate: Gate) -> Fen {
        match gate {
            Gate::Approval => self.approval_fen,
            Gate::Progress => self.progress_fen,
            Gate::Trial => self.trial_fen,
            Gate::Adoption => self.adoption_fen,
        }
    }
}

/// Checks the ratio of a new rule version: both parts within 0–100 %, summing to 100 %.
pub fn check_ratio(workers: BasisPoints, leader: BasisPoints) -> Result<(), FieldError> {
    let (w, l) = (workers.0, leader.0);
    if !(0..=10_000).contains(&w) || !(0..=10_000).contains(&l) || w + l != 10_000 {
        return Err(FieldError::new("workers_percent", "err.ratio.sum"));
    }
    Ok(())
}

/// What a payout is for. On the wire and in the database as its code (`stage.approval`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutKind {
    Stage(Gate),
    /// The workers' part of the completion pool, split by contribution share.
    CompletionWorker,
    /// The responsible leader's part of the completion pool.
    CompletionLeader,
    /// A competition prize (an award tier's money, a team's split among its members).
    Prize,
}

impl PayoutKind {
    pub const ALL: [PayoutKind; 7] = [
        PayoutKind::Stage(Gate::Approval),
        PayoutKind::Stage(Gate::Progress),
        PayoutKind::Stage(Gate::Trial),
        PayoutKind::Stage(Gate::Adoption),
        PayoutKind::CompletionWorker,
        PayoutKind::CompletionLeader,
        PayoutKind::Prize,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PayoutKind::Stage(Gate::Approval) => "stage.approval",
            PayoutKind::Stage(Gate::Progress) => "stage.progress",
            PayoutKind::Stage(Gate::Trial) => "stage.trial",
            PayoutKind::Stage(Gate::Adoption) => "stage.adoption",
            PayoutKind::CompletionWorker => "completion.worker",
            PayoutKind::CompletionLeader => "completion.leader",
            PayoutKind::Prize => "competition.prize",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            PayoutKind::Stage(Gate::Approval) => "reward.kind.approval",
            PayoutKind::Stage(Gate::Progress) => "reward.kind.progress",
            PayoutKind::Stage(Gate::Trial) => "reward.kind.trial",
            PayoutKind::Stage(Gate::Adoption) => "reward.kind.adoption",
            PayoutKind::CompletionWorker => "reward.kind.completion_worker",
            PayoutKind::CompletionLeader => "reward.kind.completion_leader",
            PayoutKind::Prize => "reward.kind.prize",
        }
    }
}

/// The arithmetic behind one payout line, stored with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutInputs {
    /// The pool this line was split from (the stage amount, or the workers' / leader's part).
    pub pool_fen: Fen,
    /// This person's weight (contribution share in basis points, or the ratio part).
    pub weight: i64,
    pub total_weight: i64,
    /// Whether one left-over fen went to this line (largest remainder).
    pub got_remainder: bool,
    /// For completion lines: the whole completion pool and the workers / leader ratio.
    pub completion_pool_fen: Option<Fen>,
    pub workers_bp: Option<BasisPoints>,
    pub leader_bp: Option<BasisPoints>,
    /// For prize lines: the place and award tier (0 = first) in the event's result.
    #[serde(default)]
    pub place: Option<u32>,
    #[serde(default)]
    pub tier: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedPayout {
    pub person_id: i64,
    pub kind: PayoutKind,
    pub amount_fen: Fen,
    pub inputs: PayoutInputs,
}

fn by_share(pool: Fen, members: &[MemberShare]) -> Vec<Part<i64>> {
    let weights: Vec<(i64, i64)> = members.iter().map(|m| (m.person_id, m.share_bp.0)).collect();
    // Members are checked to have positive shares summing to 100 %, so the split cannot fail.
    split(pool.0, &weights).unwrap_or_default()
}

/// The stage reward for passing `gate`, split among the members by contribution share.
/// A zero amount produces no lines.
pub fn stage_payouts(rule: &RewardRule, gate: Gate, members: &[MemberShare]) -> Vec<PlannedPayout> {
    let pool = rule.stage_amount(gate);
    if pool == Fen::ZERO {
        return Vec::new();
    }
    let total: i64 = members.iter().map(|m| m.share_bp.0).sum();
    by_share(pool, members)
        .into_iter()
        .map(|p| PlannedPayout {
            person_id: p.key,
            kind: PayoutKind::Stage(gate),
            amount_fen: Fen(p.amount),
            inputs: PayoutInputs {
                pool_fen: pool,
                weight: p.weight,
                total_weight: total,
                got_remainder: p.got_remainder,
                completion_pool_fen: None,
                workers_bp: None,
                leader_bp: None,
                place: None,
                tier: None,
            },
        })
        .collect()
}

/// The completion pool (双奖) on adoption: workers / leader by the rule's ratio, then the workers'
/// part among the members by contribution share. Lines of zero fen are left out.
pub fn completion_payouts(rule: &RewardRule, members: &[MemberShare], leader_id: i64) -> Vec<PlannedPayout> {
    let pool = rule.pool_fen;
    let halves = split(pool.0, &[(0u8, rule.workers_bp.0), (1u8, rule.leader_bp.0)]).unwrap_or_default();
    let (workers, leader) = match halves.as_slice() {
        [w, l] => (w.clone(), l.clone()),
        _ => return Vec::new(),
    };
    let total: i64 = members.iter().map(|m| m.share_bp.0).sum();
    let completion = |pool_fen, weight, total_weight, got_remainder| PayoutInputs {
        pool_fen,
        weight,
        total_weight,
        got_remainder,
        completion_pool_fen: Some(pool),
        workers_bp: Some(rule.workers_bp),
        leader_bp: Some(rule.leader_bp),
        place: None,
        tier: None,
    };
    let mut out: Vec<PlannedPayout> = by_share(Fen(workers.amount), members)
        .into_iter()
        .map(|p| PlannedPayout {
            person_id: p.key,
            kind: PayoutKind::CompletionWorker,
            amount_fen: Fen(p.amount),
            inputs: completion(Fen(workers.amount), p.weight, total, p.got_remainder),
        })
        .collect();
    out.push(PlannedPayout {
        person_id: leader_id,
        kind: PayoutKind::CompletionLeader,
        amount_fen: Fen(leader.amount),
        inputs: completion(pool, rule.leader_bp.0, 10_000, leader.got_remainder),
    });
    out.retain(|p| p.amount_fen > Fen::ZERO);
    out
}

/// A payout line's status in the ledger: pending → approved → paid, each step by an admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayoutStatus {
    Pending,
    Approved,
    Paid,
}

impl PayoutStatus {
    pub const ALL: [PayoutStatus; 3] = [PayoutStatus::Pending, PayoutStatus::Approved, PayoutStatus::Paid];

    pub fn code(self) -> &'static str {
        match self {
            PayoutStatus::Pending => "pending",
            PayoutStatus::Approved => "approved",
            PayoutStatus::Paid => "paid",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [PayoutStatus::Pending, PayoutStatus::Approved, PayoutStatus::Paid].into_iter().find(|s| s.code() == code)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            PayoutStatus::Pending => "reward.status.pending",
            PayoutStatus::Approved => "reward.status.approved",
            PayoutStatus::Paid => "reward.status.paid",
        }
    }

    /// The one status that may follow this one.
    pub fn next(self) -> Option<PayoutStatus> {
        match self {
            PayoutStatus::Pending => Some(PayoutStatus::Approved),
            PayoutStatus::Approved => Some(PayoutStatus::Paid),
            PayoutStatus::Paid => None,
        }
    }
}

/// Four eyes on money: an approved line is paid by an admin other than the one who approved it.
pub fn may_pay(approved_by: Option<i64>, payer: i64) -> bool {
    approved_by.is_some_and(|a| a != payer)
}

/// A stored project payout line, as the split check reads it.
#[derive(Clone, Debug)]
pub struct StoredLine {
    pub project_id: i64,
    pub kind: PayoutKind,
    pub amount_fen: Fen,
    pub inputs: PayoutInputs,
}

/// Whether a project's stored lines still add up to their pools, exactly: each stage's lines to
/// the pool they were split from, the completion workers' lines to the workers' part, and the
/// workers' part with the leader's line to the whole completion pool. Lines are grouped by
/// project; a problem names the project and what does not add up.
pub fn split_problems(lines: &[StoredLine]) -> Vec<String> {
    use std::collections::BTreeMap;
    let mut problems = Vec::new();
    let mut groups: BTreeMap<(i64, &'static str), Vec<&StoredLine>> = BTreeMap::new();
    for l in lines {
        let group = match l.kind {
            PayoutKind::CompletionWorker | PayoutKind::CompletionLeader => "completion",
            k => k.code(),
        };
        groups.entry((l.project_id, group)).or_default().push(l);
    }
    for ((project, group), lines) in groups {
        let sum = |kind: PayoutKind| -> i64 { lines.iter().filter(|l| l.kind == kind).map(|l| l.amount_fen.0).sum() };
        if group != "completion" {
            let pool = lines[0].inputs.pool_fen;
            let total: i64 = lines.iter().map(|l| l.amount_fen.0).sum();
            if lines.iter().any(|l| l.inputs.pool_fen != pool) || total != pool.0 {
                problems.push(format!("project {project}: {group} lines sum to {total} fen, not their pool of {} fen", pool.0));
            }
            continue;
        }
        let Some(whole) = lines[0].inputs.completion_pool_fen else {
            problems.push(format!("project {project}: a completion line without its pool"));
            continue;
        };
        let workers: Vec<&&StoredLine> = lines.iter().filter(|l| l.kind == PayoutKind::CompletionWorker).collect();
        let workers_part = workers.first().map_or(0, |l| l.inputs.pool_fen.0);
        let (paid_workers, leader) = (sum(PayoutKind::CompletionWorker), sum(PayoutKind::CompletionLeader));
        if workers.iter().any(|l| l.inputs.pool_fen.0 != workers_part) || paid_workers != workers_part {
            problems.push(format!("project {project}: workers' lines sum to {paid_workers} fen, not their part of {workers_part} fen"));
        }
        if lines.iter().any(|l| l.inputs.completion_pool_fen != Some(whole)) || workers_part + leader != whole.0 {
            problems.push(format!(
                "project {project}: workers' part {workers_part} + leader {leader} fen is not the completion pool of {} fen",
                whole.0
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_approver_does_not_pay() {
        assert!(super::may_pay(Some(1), 2));
        assert!(!super::may_pay(Some(1), 1));
        assert!(!super::may_pay(None, 1), "an unapproved line is not paid");
    }

    use super::*;
    use proptest::prelude::*;

    fn rule(pool: i64, workers_bp: i64) -> RewardRule {
        RewardRule {
            id: 1,
            version: 1,
            approval_fen: Fen(50_000),
            progress_fen: Fen(30_000),
            trial_fen: Fen(0),
            adoption_fen: Fen(100_000),
            pool_fen: Fen(pool),
            workers_bp: BasisPoints(workers_bp),
            leader_bp: BasisPoints(10_000 - workers_bp),
        }
    }

    fn m(id: i64, bp: i64) -> MemberShare {
        MemberShare { person_id: id, share_bp: BasisPoints(bp) }
    }

    #[test]
    fn stage_reward_by_share() {
        let lines = stage_payouts(&rule(0, 6000), Gate::Approval, &[m(1, 5000), m(2, 3000), m(3, 2000)]);
        let amounts: Vec<i64> = lines.iter().map(|l| l.amount_fen.0).collect();
        assert_eq!(amounts, vec![25_000, 15_000, 10_000]);
        assert!(stage_payouts(&rule(0, 6000), Gate::Trial, &[m(1, 10_000)]).is_empty(), "zero reward, no lines");
    }

    #[test]
    fn completion_sixty_forty_to_the_fen() {
        // ¥10,000.01 among three members 1/3 each (33.34 / 33.33 / 33.33) and a leader.
        let lines = completion_payouts(&rule(1_000_001, 6000), &[m(1, 3334), m(2, 3333), m(3, 3333)], 9);
        let leader = lines.iter().find(|l| l.kind == PayoutKind::CompletionLeader).unwrap();
        assert_eq!(leader.amount_fen, Fen(400_000));
        let workers: i64 =
            lines.iter().filter(|l| l.kind == PayoutKind::CompletionWorker).map(|l| l.amount_fen.0).sum();
        assert_eq!(workers, 600_001);
        assert_eq!(lines.iter().map(|l| l.amount_fen.0).sum::<i64>(), 1_000_001);
        let w1 = lines.iter().find(|l| l.person_id == 1).unwrap();
        assert_eq!(w1.amount_fen, Fen(200_041)); // 600001 × 33.34 % = 200040.33 → floor, plus the left-over fen
        assert_eq!(w1.inputs.completion_pool_fen, Some(Fen(1_000_001)));
    }

    #[test]
    fn stored_lines_are_checked_against_their_pools() {
        let members = [m(1, 3334), m(2, 3333), m(3, 3333)];
        let stored = |planned: Vec<PlannedPayout>| -> Vec<StoredLine> {
            planned.into_iter().map(|p| StoredLine { project_id: 7, kind: p.kind, amount_fen: p.amount_fen, inputs: p.inputs }).collect()
        };
        let mut lines = stored(completion_payouts(&rule(1_000_001, 6000), &members, 9));
        lines.extend(stored(stage_payouts(&rule(0, 6000), Gate::Approval, &members)));
        assert!(split_problems(&lines).is_empty(), "{:?}", split_problems(&lines));
        // All to the leader (no workers' lines) still adds up.
        assert!(split_problems(&stored(completion_payouts(&rule(500, 0), &members, 9))).is_empty());

        let mut one_fen_more = lines.clone();
        one_fen_more[0].amount_fen = Fen(one_fen_more[0].amount_fen.0 + 1);
        let problems = split_problems(&one_fen_more);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("project 7") && problems[0].contains("workers"), "{problems:?}");
        let mut stage_short = lines.clone();
        let last = stage_short.len() - 1;
        stage_short[last].amount_fen = Fen(0);
        assert!(split_problems(&stage_short)[0].contains("stage.approval"));
        let mut leader_lost: Vec<StoredLine> = lines.into_iter().filter(|l| l.kind != PayoutKind::CompletionLeader).collect();
        assert!(split_problems(&leader_lost)[0].contains("completion pool"));
        leader_lost.clear();
        assert!(split_problems(&leader_lost).is_empty());
    }

    #[test]
    fn ratios() {
        let r = |w, l| check_ratio(BasisPoints(w), BasisPoints(l));
        assert!(r(6000, 4000).is_ok());
        assert!(r(10_000, 0).is_ok());
        assert!(r(6000, 3000).is_err());
        assert!(r(-1, 10_001).is_err());
    }

    #[test]
    fn statuses_move_forward_only() {
        assert_eq!(PayoutStatus::Pending.next(), Some(PayoutStatus::Approved));
        assert_eq!(PayoutStatus::Approved.next(), Some(PayoutStatus::Paid));
        assert_eq!(PayoutStatus::Paid.next(), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn completion_lines_sum_to_the_pool(
            pool in 0i64..1_000_000_000_000,
            workers_bp in 0i64..=10_000,
            raw in prop::collection::vec(1i64..1000, 1..9),
        ) {
            // Turn arbitrary weights into shares summing to exactly 100 %.
            let total: i64 = raw.iter().sum();
            let parts = crate::domain::split::split(10_000, &raw.iter().copied().enumerate().collect::<Vec<_>>()).unwrap();
            let members: Vec<MemberShare> = parts.iter().filter(|p| p.amount > 0).map(|p| m(p.key as i64 + 1, p.amount)).collect();
            prop_assume!(!members.is_empty() && total > 0);
            let lines = completion_payouts(&rule(pool, workers_bp), &members, 99);
            prop_assert_eq!(lines.iter().map(|l| l.amount_fen.0).sum::<i64>(), pool);
            prop_assert!(lines.iter().all(|l| l.amount_fen > Fen::ZERO));
            prop_assert_eq!(completion_payouts(&rule(pool, workers_bp), &members, 99), lines);
        }
    }
}

super::code::impl_code!(PayoutKind, PayoutStatus);
super::code::serde_as_code!(PayoutKind);
