//! Competition scoring (评分): marking schemes, checking a judge's mark, aggregating the judges'
//! marks into a contestant's score with every step kept for the results page, ranking (1, 2, 2, 4)
//! with tie-breaks, award tiers, the spread check and the draw of the running order.
//!
//! A scheme expresses both a workplace practical test (criteria × weights, the judges' mean) and
//! a judged sport's rule (7 judges, drop the highest and lowest, sum the rest, × factor × the
//! attempt's difficulty, attempts summed). All arithmetic is `Exact`; the score is rounded once,
//! to the scheme's decimals, the scheme's way.

use super::exact::{Exact, Rounding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a criterion is marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CriterionKind {
    /// Measured: the full marks or nothing (达标 / 不达标).
    FullOrZero,
    /// Measured: one of the values of a points table.
    Table { points: Vec<Exact> },
    /// Judged on a scale from `min` to the criterion's maximum by `step` (e.g. 0–10 by 0.5).
    Scale { min: Exact, step: Exact },
    /// Judged in whole points from 0 to the maximum, each score with a written descriptor.
    Descriptors { descriptors: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Short and unique within the scheme (used by tie-breaks and imports), e.g. "safety".
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub kind: CriterionKind,
    pub max: Exact,
    pub weight: Exact,
}

/// How the judges' marks for one criterion of one attempt become one number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Aggregate {
    Mean,
    Median,
    Sum,
    /// Drop the `k` highest and `k` lowest marks, then the mean of the rest.
    TrimmedMean {
        k: u8,
    },
    /// Drop the `k` highest and `k` lowest marks, then the sum of the rest.
    TrimmedSum {
        k: u8,
    },
}

impl Aggregate {
    fn trim(self) -> usize {
        match self {
            Aggregate::TrimmedMean { k } | Aggregate::TrimmedSum { k } => k as usize,
            _ => 0,
        }
    }

    fn sums(self) -> bool {
        matches!(self, Aggregate::Sum | Aggregate::TrimmedSum { .. })
    }
}

/// A round's marking scheme. Frozen once the first mark is entered (a change is a new version).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub criteria: Vec<Criterion>,
    /// Attempts per contestant (tasks, dives), each with its own difficulty coefficient.
    pub attempts: u8,
    pub aggregate: Aggregate,
    /// Multiplies every attempt's score (e.g. 0.6 in diving's synchronised events).
    pub factor: Exact,
    /// The published score's decimals and how it is rounded to them.
    pub decimals: u8,
    pub rounding: Rounding,
    /// The largest allowed difference between two judges' marks on one criterion of one attempt;
    /// beyond it the chief judge must have it re-scored or overridden with a reason.
    pub max_spread: Option<Exact>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchemeError {
    NoCriteria,
    DuplicateCode(String),
    BadCriterion(String),
    BadAttempts,
    BadFactor,
    BadDecimals,
    BadSpread,
    /// Trimming `k` from each end needs more than `2k` judges.
    PanelTooSmallToTrim,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MarkError {
    UnknownCriterion,
    BadAttempt,
    OutOfRange,
    OffStep,
    NotInTable,
}

impl MarkError {
    pub fn message_key(self) -> &'static str {
        match self {
            MarkError::UnknownCriterion => "err.mark.criterion",
            MarkError::BadAttempt => "err.mark.attempt",
            MarkError::OutOfRange => "err.mark.range",
            MarkError::OffStep => "err.mark.step",
            MarkError::NotInTable => "err.mark.table",
        }
    }
}

impl Scheme {
    /// Checks a scheme for a panel of `panel_size` judges.
    pub fn validate(&self, panel_size: usize) -> Result<(), SchemeError> {
        if self.criteria.is_empty() {
            return Err(SchemeError::NoCriteria);
        }
        let mut codes = BTreeSet::new();
        for c in &self.criteria {
            if !codes.insert(c.code.as_str()) {
                return Err(SchemeError::DuplicateCode(c.code.clone()));
            }
            let bad = || SchemeError::BadCriterion(c.code.clone());
            if c.code.trim().is_empty() || c.name.trim().is_empty() || c.max <= Exact::ZERO || c.weight <= Exact::ZERO {
                return Err(bad());
            }
            match &c.kind {
                CriterionKind::FullOrZero => {}
                CriterionKind::Table { points } => {
                    if points.is_empty() || points.iter().any(|p| p.is_negative() || *p > c.max) {
                        return Err(bad());
                    }
                }
                CriterionKind::Scale { min, step } => {
                    if min.is_negative() || *min >= c.max || *step <= Exact::ZERO || !c.max.on_step(*min, *step) {
                        return Err(bad());
                    }
                }
                CriterionKind::Descriptors { descriptors } => {
                    let whole = c.max.denom() == 1;
                    if !whole
                        || descriptors.len() as i128 != c.max.numer() + 1
                        || descriptors.iter().any(|d| d.trim().is_empty())
                    {
                        return Err(bad());
                    }
                }
            }
        }
        if self.attempts == 0 || self.attempts > 20 {
            return Err(SchemeError::BadAttempts);
        }
        if self.factor <= Exact::ZERO {
            return Err(SchemeError::BadFactor);
        }
        if self.decimals > 4 {
            return Err(SchemeError::BadDecimals);
        }
        if self.max_spread.is_some_and(|s| s.is_negative()) {
            return Err(SchemeError::BadSpread);
        }
        if panel_size > 0 && panel_size <= 2 * self.aggregate.trim() {
            return Err(SchemeError::PanelTooSmallToTrim);
        }
        Ok(())
    }

    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.code == code)
    }

    /// Checks one mark against its criterion's range and step (as the judge types, and again on
    /// the server).
    pub fn check_mark(&self, attempt: u8, code: &str, value: Exact) -> Result<(), MarkError> {
        let c = self.criterion(code).ok_or(MarkError::UnknownCriterion)?;
        if attempt == 0 || attempt > self.attempts {
            return Err(MarkError::BadAttempt);
        }
        if value.is_negative() || value > c.max {
            return Err(MarkError::OutOfRange);
        }
        match &c.kind {
            CriterionKind::FullOrZero => {
                if value != Exact::ZERO && value != c.max {
                    return Err(MarkError::NotInTable);
                }
            }
            CriterionKind::Table { points } => {
                if !points.contains(&value) {
                    return Err(MarkError::NotInTable);
                }
            }
            CriterionKind::Scale { min, step } => {
                if value < *min {
                    return Err(MarkError::OutOfRange);
                }
                if !value.on_step(*min, *step) {
                    return Err(MarkError::OffStep);
                }
            }
            CriterionKind::Descriptors { .. } => {
                if !value.on_step(Exact::ZERO, Exact::ONE) {
                    return Err(MarkError::OffStep);
                }
            }
        }
        Ok(())
    }

    /// The most a contestant can score (before deductions) with difficulty 1.
    pub fn max_score(&self, panel_size: usize) -> Exact {
        let per_criterion = |c: &Criterion| {
            let kept =
                if self.aggregate.sums() { panel_size.saturating_sub(2 * self.aggregate.trim()).max(1) } else { 1 };
            c.max.mul(Exact::int(kept as i64)).mul(c.weight)
        };
        Exact::sum(self.criteria.iter().map(per_criterion)).mul(self.factor).mul(Exact::int(self.attempts as i64))
    }
}

/// One judge's mark on one criterion of one attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub judge: i64,
    pub attempt: u8,
    pub criterion: String,
    pub value: Exact,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deduction {
    pub points: Exact,
    pub reason: String,
}

/// What is known about one contestant in one round.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub contestant: i64,
    /// Per attempt (1-based in marks, index 0 here); a missing one counts as 1.
    pub difficulty: Vec<Exact>,
    pub marks: Vec<Mark>,
    pub deductions: Vec<Deduction>,
    /// Judges left out for this contestant (conflict of interest: own team, own department, declared).
    pub left_out: BTreeSet<i64>,
}

/// One judge's mark as the results page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownMark {
    pub judge: i64,
    pub value: Exact,
    /// Struck through: dropped by trimming.
    pub dropped: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// Which criterion: its index in the scheme's `criteria`.
    pub criterion: usize,
    /// In ascending order of value (then judge), so the dropped ones sit at the ends.
    pub marks: Vec<ShownMark>,
    /// The aggregate of the kept marks (for a sum with judges left out: their mean × the number a
    /// full panel would have kept).
    pub aggregate: Exact,
    pub weight: Exact,
    pub weighted: Exact,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptScore {
    pub attempt: u8,
    pub criteria: Vec<CriterionScore>,
    pub subtotal: Exact,
    pub factor: Exact,
    pub difficulty: Exact,
    pub score: Exact,
}

/// A contestant's score in a round, with its arithmetic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub contestant: i64,
    pub attempts: Vec<AttemptScore>,
    pub left_out: Vec<i64>,
    pub deductions: Exact,
    /// Before rounding.
    pub exact: Exact,
    /// Rounded once, to the scheme's decimals.
    pub published: Exact,
    /// Every attempt × criterion has a mark from every judge who is not left out.
    pub complete: bool,
}

/// Scores one contestant for a panel of `panel` judges.
pub fn score(scheme: &Scheme, panel: &[i64], sheet: &Sheet) -> Score {
    let present: Vec<i64> = panel.iter().copied().filter(|j| !sheet.left_out.contains(j)).collect();
    let k = scheme.aggregate.trim();
    let full_kept = panel.len().saturating_sub(2 * k).max(1);
    let mut complete = true;
    // Each mark into its attempt × criterion bucket, once (judges left out or not on the panel
    // skipped). One allocation: a bucket holds at most one mark per judge present, so more marks
    // for a bucket can only repeat a judge and are dropped (the first given counts).
    let n_criteria = scheme.criteria.len();
    let stride = present.len();
    let mut flat: Vec<(Exact, i64)> = vec![(Exact::ZERO, 0); scheme.attempts as usize * n_criteria * stride];
    let mut filled = vec![0usize; scheme.attempts as usize * n_criteria];
    let mut last = 0usize;
    for m in &sheet.marks {
        if m.attempt == 0 || m.attempt > scheme.attempts || !present.contains(&m.judge) {
            continue;
        }
        // Marks usually come criterion after criterion: try where the last one was first.
        let ci = [last, (last + 1) % n_criteria.max(1)]
            .into_iter()
            .find(|&i| scheme.criteria.get(i).is_some_and(|c| c.code == m.criterion))
            .or_else(|| scheme.criteria.iter().position(|c| c.code == m.criterion));
        if let Some(ci) = ci {
            last = ci;
            let b = (m.attempt as usize - 1) * n_criteria + ci;
            let slot = &flat[b * stride..b * stride + filled[b]];
            if filled[b] < stride && !slot.iter().any(|x| x.1 == m.judge) {
                flat[b * stride + filled[b]] = (m.value, m.judge);
                filled[b] += 1;
            }
        }
    }
    let mut attempts = Vec::with_capacity(scheme.attempts as usize);
    for attempt in 1..=scheme.attempts {
        let mut criteria = Vec::with_capacity(n_criteria);
        for (ci, c) in scheme.criteria.iter().enumerate() {
            let b = (attempt as usize - 1) * n_criteria + ci;
            let marks = &mut flat[b * stride..b * stride + filled[b]];
            // In ascending order of value (then judge).
            marks.sort_unstable();
            if marks.len() < present.len() || present.is_empty() {
                complete = false;
            }
            let n = marks.len();
            let kept_range = if n > 2 * k { k..n - k } else { 0..0 };
            let kept = &marks[kept_range.clone()];
            let aggregate = if kept.is_empty() {
                complete = false;
                Exact::ZERO
            } else {
                let total = Exact::sum(kept.iter().map(|m| m.0));
                let mean = total.div_int(kept.len()).expect("kept is not empty");
                match scheme.aggregate {
                    Aggregate::Mean | Aggregate::TrimmedMean { .. } => mean,
                    Aggregate::Median => {
                        let mid = kept.len() / 2;
                        if kept.len() % 2 == 1 {
                            kept[mid].0
                        } else {
                            kept[mid - 1].0.add(kept[mid].0).div_int(2).expect("two")
                        }
                    }
                    // With judges left out, a sum is their mean scaled to a full panel.
                    Aggregate::Sum | Aggregate::TrimmedSum { .. } => {
                        if kept.len() == full_kept {
                            total
                        } else {
                            mean.mul(Exact::int(full_kept as i64))
                        }
                    }
                }
            };
            let shown = marks
                .iter()
                .enumerate()
                .map(|(i, (value, judge))| ShownMark {
                    judge: *judge,
                    value: *value,
                    dropped: !kept_range.contains(&i),
                })
                .collect();
            criteria.push(CriterionScore {
                criterion: ci,
                marks: shown,
                aggregate,
                weight: c.weight,
                weighted: aggregate.mul(c.weight),
            });
        }
        let subtotal = Exact::sum(criteria.iter().map(|c| c.weighted));
        let difficulty = sheet.difficulty.get(attempt as usize - 1).copied().unwrap_or(Exact::ONE);
        let score = subtotal.mul(scheme.factor).mul(difficulty);
        attempts.push(AttemptScore { attempt, criteria, subtotal, factor: scheme.factor, difficulty, score });
    }
    let deductions = Exact::sum(sheet.deductions.iter().map(|d| d.points));
    let exact = Exact::sum(attempts.iter().map(|a| a.score)).sub(deductions);
    Score {
        contestant: sheet.contestant,
        attempts,
        left_out: panel.iter().copied().filter(|j| sheet.left_out.contains(j)).collect(),
        deductions,
        exact,
        published: exact.round(scheme.decimals, scheme.rounding),
        complete,
    }
}

/// Where judges disagree by more than the scheme allows: (attempt, criterion, lowest, highest).
pub fn spread_alerts(scheme: &Scheme, score: &Score) -> Vec<(u8, String, Exact, Exact)> {
    let Some(limit) = scheme.max_spread else { return Vec::new() };
    let mut out = Vec::new();
    for a in &score.attempts {
        for c in &a.criteria {
            if let (Some(lo), Some(hi)) = (c.marks.first(), c.marks.last()) {
                if hi.value.sub(lo.value) > limit {
                    out.push((a.attempt, scheme.criteria[c.criterion].code.clone(), lo.value, hi.value));
                }
            }
        }
    }
    out
}

/// How an event's rounds combine into its result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Combine {
    Sum,
    /// One weight per round, in order.
    Weighted {
        weights: Vec<Exact>,
    },
    /// Only the last round counts (earlier rounds select who goes on).
    FinalOnly,
}

/// Combines a contestant's published round scores (`None`: did not take part in that round).
pub fn combine(rule: &Combine, rounds: &[Option<Exact>]) -> Exact {
    match rule {
        Combine::Sum => Exact::sum(rounds.iter().flatten().copied()),
        Combine::Weighted { weights } => {
            Exact::sum(rounds.iter().zip(weights).filter_map(|(r, w)| r.map(|r| r.mul(*w))))
        }
        Combine::FinalOnly => rounds.last().copied().flatten().unwrap_or(Exact::ZERO),
    }
}

/// A tie-break the event declares, tried in order when scores are equal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum TieBreak {
    /// The higher total on the named criterion (its weighted score, summed over attempts).
    Criterion { code: String },
    /// Fewer deduction points.
    FewerDeductions,
}

/// The keys a contestant is ranked by: the published score, then each tie-break (higher wins).
pub fn rank_keys(scheme: &Scheme, score: &Score, breaks: &[TieBreak]) -> Vec<Exact> {
    let mut keys = vec![score.published];
    for b in breaks {
        keys.push(match b {
            TieBreak::Criterion { code } => Exact::sum(score.attempts.iter().flat_map(|a| {
                a.criteria.iter().filter(|c| scheme.criteria[c.criterion].code == *code).map(|c| c.weighted)
            })),
            TieBreak::FewerDeductions => Exact::ZERO.sub(score.deductions),
        });
    }
    keys
}

/// Standard competition ranking (1, 2, 2, 4): a contestant's rank is one more than the number of
/// contestants with strictly better keys; those equal on every key share the place.
pub fn rank(entries: &[(i64, Vec<Exact>)]) -> Vec<(i64, u32)> {
    let mut order: Vec<&(i64, Vec<Exact>)> = entries.iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(order.len());
    let mut place = 0u32;
    for (i, e) in order.iter().enumerate() {
        if i == 0 || order[i - 1].1 != e.1 {
            place = i as u32 + 1;
        }
        out.push((e.0, place));
    }
    out
}

/// How many places (or which scores) an award tier covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum TierRule {
    /// The next `n` places.
    Count { n: u32 },
    /// The next share of the field, in percent (rounded down, at least one place if the share is > 0).
    Share { percent: u32 },
    /// Every remaining contestant scoring at least this.
    Threshold { at_least: Exact },
}

/// Gives each ranked contestant (id, rank, published score) at most one tier, best tier first.
/// Count and share tiers cover places: a contestant whose rank falls within the places covered so
/// far gets the tier, so a tie on the boundary is never split.
pub fn award(ranked: &[(i64, u32, Exact)], tiers: &[TierRule]) -> Vec<(i64, Option<usize>)> {
    let field = ranked.len() as u32;
    let mut covered = 0u32;
    let mut out: Vec<(i64, Option<usize>)> = ranked.iter().map(|r| (r.0, None)).collect();
    for (t, rule) in tiers.iter().enumerate() {
        match rule {
            TierRule::Count { n } | TierRule::Share { percent: n } => {
                let places = match rule {
                    TierRule::Share { percent } if *percent > 0 => (field * percent / 100).max(1),
                    TierRule::Share { .. } => 0,
                    _ => *n,
                };
                let upto = covered + places;
                for (i, r) in ranked.iter().enumerate() {
                    if out[i].1.is_none() && r.1 <= upto && r.1 > covered {
                        out[i].1 = Some(t);
                    }
                }
            }
            TierRule::Threshold { at_least } => {
                for (i, r) in ranked.iter().enumerate() {
                    if out[i].1.is_none() && r.2 >= *at_least {
                        out[i].1 = Some(t);
                    }
                }
            }
        }
        // Places taken so far: a tie of two at place 2 takes places 2 and 3.
        covered = out.iter().filter(|o| o.1.is_some()).count() as u32;
    }
    out
}

/// Who goes on from a round to the next (预赛 → 决赛).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Advance {
    /// Everyone placed in the top `n` (a tie on the last place goes on together).
    Top { n: u32 },
    /// Everyone scoring at least this.
    AtLeast { score: Exact },
}

/// The contestants that go on, given each ranked contestant's (id, rank, published score);
/// contestants without a complete score are not in `ranked` and never go on.
pub fn advancing(ranked: &[(i64, u32, Exact)], rule: Advance) -> Vec<i64> {
    ranked
        .iter()
        .filter(|(_, rank, score)| match rule {
            Advance::Top { n } => *rank <= n,
            Advance::AtLeast { score: at_least } => *score >= at_least,
        })
        .map(|r| r.0)
        .collect()
}

/// The running order (抽签): the contestants' ids in ascending order, shuffled by Fisher–Yates
/// driven by SplitMix64 from `seed`. Anyone with the seed and the list can redo it.
pub fn draw(mut contestants: Vec<i64>, seed: u64) -> Vec<i64> {
    contestants.sort_unstable();
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..contestants.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        contestants.swap(i, j);
    }
    contestants
}

#[cfg(test)]
mod advance_tests {
    use super::*;

    #[test]
    fn a_tie_on_the_last_place_goes_on_together() {
        let x = |s: &str| Exact::parse_decimal(s).unwrap();
        let ranked = [(1, 1, x("90")), (2, 2, x("85")), (3, 3, x("80")), (4, 3, x("80")), (5, 5, x("70"))];
        assert_eq!(advancing(&ranked, Advance::Top { n: 3 }), vec![1, 2, 3, 4]);
        assert_eq!(advancing(&ranked, Advance::Top { n: 2 }), vec![1, 2]);
        assert_eq!(advancing(&ranked, Advance::AtLeast { score: x("80") }), vec![1, 2, 3, 4]);
        assert_eq!(advancing(&ranked, Advance::AtLeast { score: x("95") }), Vec::<i64>::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn x(s: &str) -> Exact {
        s.parse().unwrap()
    }

    fn scale(code: &str, max: &str, step: &str, weight: &str) -> Criterion {
        Criterion {
            code: code.into(),
            name: code.into(),
            kind: CriterionKind::Scale { min: Exact::ZERO, step: x(step) },
            max: x(max),
            weight: x(weight),
        }
    }

    /// A workplace practical test: three criteria with weights, the judges' mean, two decimals.
    fn practical() -> Scheme {
        Scheme {
            criteria: vec![
                scale("safety", "100", "1", "0.3"),
                scale("quality", "100", "1", "0.5"),
                scale("time", "100", "1", "0.2"),
            ],
            attempts: 1,
            aggregate: Aggregate::Mean,
            factor: Exact::ONE,
            decimals: 2,
            rounding: Rounding::HalfUp,
            max_spread: Some(x("15")),
        }
    }

    /// A judged sport's rule: 7 judges, drop the highest and lowest, sum the rest × factor ×
    /// difficulty per attempt, attempts summed (diving).
    fn diving(attempts: u8) -> Scheme {
        Scheme {
            criteria: vec![scale("execution", "10", "0.5", "1")],
            attempts,
            aggregate: Aggregate::TrimmedSum { k: 2 },
            factor: Exact::ONE,
            decimals: 2,
            rounding: Rounding::HalfUp,
            max_spread: None,
        }
    }

    fn marks(attempt: u8, code: &str, values: &[&str]) -> Vec<Mark> {
        values
            .iter()
            .enumerate()
            .map(|(j, v)| Mark { judge: j as i64 + 1, attempt, criterion: code.into(), value: x(v) })
            .collect()
    }

    #[test]
    fn a_practical_test_is_the_weighted_mean_of_the_judges() {
        let s = practical();
        s.validate(3).unwrap();
        let mut m = marks(1, "safety", &["90", "85", "80"]);
        m.extend(marks(1, "quality", &["70", "75", "72"]));
        m.extend(marks(1, "time", &["100", "95", "90"]));
        let sheet = Sheet { contestant: 7, marks: m, ..Default::default() };
        let r = score(&s, &[1, 2, 3], &sheet);
        // safety 85 × 0.3 = 25.5; quality 217/3 × 0.5 = 217/6; time 95 × 0.2 = 19
        assert_eq!(r.exact, x("44.5").add(Exact::new(217, 6)));
        assert_eq!(r.published, x("80.67"));
        assert!(r.complete);
        assert_eq!(r.attempts[0].criteria[1].aggregate, Exact::new(217, 3));
    }

    #[test]
    fn a_dive_drops_two_high_and_two_low_of_seven_then_sums_times_difficulty() {
        // FINA-style: 7 judges, the 2 highest and 2 lowest dropped, sum of 3 × DD.
        let s = diving(2);
        s.validate(7).unwrap();
        let mut m = marks(1, "execution", &["8.5", "8", "9", "7.5", "8.5", "9.5", "8"]);
        m.extend(marks(2, "execution", &["6", "6.5", "7", "6", "6.5", "7", "5.5"]));
        let sheet = Sheet { contestant: 1, difficulty: vec![x("3.2"), x("2.8")], marks: m, ..Default::default() };
        let r = score(&s, &[1, 2, 3, 4, 5, 6, 7], &sheet);
        // dive 1 kept 8, 8.5, 8.5 = 25 × 3.2 = 80; dive 2 kept 6, 6.5, 6.5 = 19 × 2.8 = 53.2
        assert_eq!(r.attempts[0].score, x("80"));
        assert_eq!(r.attempts[1].score, x("53.2"));
        assert_eq!(r.published, x("133.2"));
        let dropped: Vec<bool> = r.attempts[0].criteria[0].marks.iter().map(|m| m.dropped).collect();
        assert_eq!(dropped, [true, true, false, false, false, true, true]);
    }

    #[test]
    fn a_conflicted_judge_is_left_out_and_a_sum_becomes_the_others_mean_scaled() {
        let s = diving(1);
        let m = marks(1, "execution", &["8.5", "8", "9", "7.5", "8.5", "9.5", "10"]);
        let sheet = Sheet {
            contestant: 1,
            difficulty: vec![x("2")],
            marks: m,
            left_out: BTreeSet::from([7]),
            ..Default::default()
        };
        let r = score(&s, &[1, 2, 3, 4, 5, 6, 7], &sheet);
        // 6 present: 7.5 8 | 8.5 8.5 | 9 9.5 → kept mean 8.5, scaled to 3 kept = 25.5, × 2 = 51
        assert_eq!(r.left_out, vec![7]);
        assert_eq!(r.published, x("51"));
        assert!(r.complete, "the conflicted judge's mark is not missing");
        assert!(r.attempts[0].criteria[0].marks.iter().all(|m| m.judge != 7));
    }

    #[test]
    fn a_missing_mark_makes_the_score_incomplete() {
        let s = practical();
        let sheet = Sheet { contestant: 1, marks: marks(1, "safety", &["90", "85"]), ..Default::default() };
        assert!(!score(&s, &[1, 2, 3], &sheet).complete);
    }

    #[test]
    fn deductions_come_off_before_the_one_rounding() {
        let s = practical();
        let mut m = marks(1, "safety", &["90"]);
        m.extend(marks(1, "quality", &["70"]));
        m.extend(marks(1, "time", &["100"]));
        let sheet = Sheet {
            contestant: 1,
            marks: m,
            deductions: vec![Deduction { points: x("2.5"), reason: "未戴安全帽".into() }],
            ..Default::default()
        };
        let r = score(&s, &[1], &sheet);
        assert_eq!(r.exact, x("27").add(x("35")).add(x("20")).sub(x("2.5")));
        assert_eq!(r.published.to_fixed(2), "79.50");
    }

    #[test]
    fn marks_are_checked_against_range_step_and_table() {
        let mut s = practical();
        s.criteria.push(Criterion {
            code: "tools".into(),
            name: "工具".into(),
            kind: CriterionKind::FullOrZero,
            max: x("5"),
            weight: x("1"),
        });
        s.criteria.push(Criterion {
            code: "level".into(),
            name: "等级".into(),
            kind: CriterionKind::Descriptors {
                descriptors: vec!["差".into(), "中".into(), "良".into(), "优".into()]
            },
            max: x("3"),
            weight: x("1"),
        });
        s.criteria.push(Criterion {
            code: "table".into(),
            name: "表".into(),
            kind: CriterionKind::Table { points: vec![x("0"), x("2"), x("5")] },
            max: x("5"),
            weight: x("1"),
        });
        s.validate(3).unwrap();
        assert_eq!(s.check_mark(1, "safety", x("100")), Ok(()));
        assert_eq!(s.check_mark(1, "safety", x("101")), Err(MarkError::OutOfRange));
        assert_eq!(s.check_mark(1, "safety", x("-1")), Err(MarkError::OutOfRange));
        assert_eq!(s.check_mark(1, "safety", x("90.5")), Err(MarkError::OffStep));
        assert_eq!(s.check_mark(2, "safety", x("90")), Err(MarkError::BadAttempt));
        assert_eq!(s.check_mark(1, "nope", x("1")), Err(MarkError::UnknownCriterion));
        assert_eq!(s.check_mark(1, "tools", x("5")), Ok(()));
        assert_eq!(s.check_mark(1, "tools", x("3")), Err(MarkError::NotInTable));
        assert_eq!(s.check_mark(1, "level", x("2")), Ok(()));
        assert_eq!(s.check_mark(1, "level", x("2.5")), Err(MarkError::OffStep));
        assert_eq!(s.check_mark(1, "table", x("2")), Ok(()));
        assert_eq!(s.check_mark(1, "table", x("3")), Err(MarkError::NotInTable));
    }

    #[test]
    fn bad_schemes_are_refused() {
        let mut s = practical();
        s.criteria[1].code = "safety".into();
        assert_eq!(s.validate(3), Err(SchemeError::DuplicateCode("safety".into())));
        let mut s = practical();
        s.criteria[0].kind = CriterionKind::Scale { min: Exact::ZERO, step: x("3") };
        assert_eq!(s.validate(3), Err(SchemeError::BadCriterion("safety".into())), "100 is not on a step of 3");
        assert_eq!(diving(1).validate(4), Err(SchemeError::PanelTooSmallToTrim));
        let mut s = practical();
        s.attempts = 0;
        assert_eq!(s.validate(3), Err(SchemeError::BadAttempts));
        let mut s = practical();
        s.criteria.clear();
        assert_eq!(s.validate(3), Err(SchemeError::NoCriteria));
    }

    #[test]
    fn spreads_beyond_the_scheme_are_flagged() {
        let s = practical();
        let mut m = marks(1, "safety", &["90", "70", "80"]);
        m.extend(marks(1, "quality", &["70", "75", "72"]));
        m.extend(marks(1, "time", &["100", "95", "90"]));
        let r = score(&s, &[1, 2, 3], &Sheet { contestant: 1, marks: m, ..Default::default() });
        assert_eq!(spread_alerts(&s, &r), vec![(1, "safety".to_string(), x("70"), x("90"))]);
    }

    #[test]
    fn ranks_are_one_two_two_four_and_tie_breaks_separate() {
        let e = |id: i64, keys: &[&str]| (id, keys.iter().map(|k| x(k)).collect::<Vec<_>>());
        let r = rank(&[e(1, &["90"]), e(2, &["95"]), e(3, &["90"]), e(4, &["80"])]);
        assert_eq!(r, vec![(2, 1), (1, 2), (3, 2), (4, 4)]);
        let r = rank(&[e(1, &["90", "10"]), e(2, &["95", "0"]), e(3, &["90", "12"]), e(4, &["90", "10"])]);
        assert_eq!(r, vec![(2, 1), (3, 2), (1, 3), (4, 3)]);
    }

    #[test]
    fn tiers_cover_places_and_never_split_a_tie() {
        let ranked =
            vec![(1, 1, x("99")), (2, 2, x("95")), (3, 2, x("95")), (4, 4, x("90")), (5, 5, x("70")), (6, 6, x("50"))];
        let tiers = [
            TierRule::Count { n: 1 },
            TierRule::Count { n: 1 },
            TierRule::Share { percent: 20 },
            TierRule::Threshold { at_least: x("60") },
        ];
        let got: Vec<Option<usize>> = award(&ranked, &tiers).into_iter().map(|a| a.1).collect();
        // first: #1; second: place 2, shared by two; third: 20 % of 6 = 1 place after the 3 covered → #4; merit ≥ 60 → #5.
        assert_eq!(got, vec![Some(0), Some(1), Some(1), Some(2), Some(3), None]);
    }

    #[test]
    fn the_draw_is_reproducible_from_its_seed() {
        let a = draw(vec![5, 3, 9, 1, 7], 20261121);
        assert_eq!(a, draw(vec![1, 3, 5, 7, 9], 20261121), "the input order does not matter");
        assert_ne!(a, draw(vec![1, 3, 5, 7, 9], 20261122));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, vec![1, 3, 5, 7, 9]);
    }

    fn mark_values() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(0u8..=20, 7)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// The score does not depend on the order the judges' marks arrive in.
        #[test]
        fn order_of_judges_does_not_matter(values in mark_values(), seed in any::<u64>()) {
            let s = diving(1);
            let m: Vec<Mark> = values.iter().enumerate().map(|(j, v)| Mark {
                judge: j as i64 + 1, attempt: 1, criterion: "execution".into(), value: Exact::new(*v as i128, 2),
            }).collect();
            let shuffled: Vec<Mark> = draw((0..7).collect(), seed).into_iter().map(|i| m[i as usize].clone()).collect();
            let panel = [1, 2, 3, 4, 5, 6, 7];
            let a = score(&s, &panel, &Sheet { contestant: 1, marks: m, ..Default::default() });
            let b = score(&s, &panel, &Sheet { contestant: 1, marks: shuffled, ..Default::default() });
            prop_assert_eq!(a.exact, b.exact);
            prop_assert_eq!(a.published, b.published);
        }

        /// Trimming drops exactly k from each end: the kept marks are the middle n − 2k.
        #[test]
        fn trimming_drops_exactly_k_from_each_end(values in prop::collection::vec(0u8..=20, 5..12), k in 0u8..3) {
            let n = values.len();
            let s = Scheme { aggregate: Aggregate::TrimmedSum { k }, ..diving(1) };
            let panel: Vec<i64> = (1..=n as i64).collect();
            let m: Vec<Mark> = values.iter().enumerate().map(|(j, v)| Mark {
                judge: j as i64 + 1, attempt: 1, criterion: "execution".into(), value: Exact::new(*v as i128, 2),
            }).collect();
            let r = score(&s, &panel, &Sheet { contestant: 1, marks: m, ..Default::default() });
            let shown = &r.attempts[0].criteria[0].marks;
            prop_assert_eq!(shown.iter().filter(|m| m.dropped).count(), 2 * k as usize);
            let mut sorted = values.clone();
            sorted.sort();
            let kept: u32 = sorted[k as usize..n - k as usize].iter().map(|v| *v as u32).sum();
            prop_assert_eq!(r.exact, Exact::new(kept as i128, 2));
            // every dropped low mark ≤ every kept mark ≤ every dropped high mark
            for (i, m) in shown.iter().enumerate() {
                prop_assert_eq!(m.dropped, i < k as usize || i >= n - k as usize);
            }
        }

        /// Ranks follow 1-2-2-4 whatever the order of the contestants: a rank is one more than the
        /// number strictly better, and the result does not depend on the input order.
        #[test]
        fn ranks_follow_standard_competition_ranking(scores in prop::collection::vec(0u8..10, 1..40), seed in any::<u64>()) {
            let entries: Vec<(i64, Vec<Exact>)> = scores.iter().enumerate().map(|(i, s)| (i as i64, vec![Exact::int(*s as i64)])).collect();
            let r = rank(&entries);
            for (id, place) in &r {
                let mine = scores[*id as usize];
                let better = scores.iter().filter(|s| **s > mine).count() as u32;
                prop_assert_eq!(*place, better + 1);
            }
            let order = draw((0..entries.len() as i64).collect(), seed);
            let shuffled: Vec<(i64, Vec<Exact>)> = order.iter().map(|i| entries[*i as usize].clone()).collect();
            let mut a = r.clone();
            let mut b = rank(&shuffled);
            a.sort();
            b.sort();
            prop_assert_eq!(a, b);
        }
    }
}
