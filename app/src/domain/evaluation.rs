//! The 五比两树 team evaluation: each period an evaluation panel scores teams (班组) on seven
//! dimensions (比贡献、比技能、比创新、比协作、比规范、树形象、树品牌), the union weights them, and the
//! weighted total ranks the teams and sets the points each rank books on the team board.
//!
//! Arithmetic, declared: each evaluator scores 0–100 by 0.5; a team's dimension score is the mean
//! of its evaluators' scores rounded half up to 2 decimals (the number shown); the total is
//! Σ weight × dimension score / 100 over the shown scores, exact (at most 4 decimals), so anyone
//! can recompute it from the page. Ranks 1, 2, 2, 4 on the exact totals.

use super::exact::{Exact, Rounding};
use super::validation::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dimension {
    /// 比贡献
    Contribution,
    /// 比技能
    Skill,
    /// 比创新
    Innovation,
    /// 比协作
    Collaboration,
    /// 比规范
    Compliance,
    /// 树形象
    Image,
    /// 树品牌
    Brand,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Contribution,
        Dimension::Skill,
        Dimension::Innovation,
        Dimension::Collaboration,
        Dimension::Compliance,
        Dimension::Image,
        Dimension::Brand,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Contribution => "contribution",
            Dimension::Skill => "skill",
            Dimension::Innovation => "innovation",
            Dimension::Collaboration => "collaboration",
            Dimension::Compliance => "compliance",
            Dimension::Image => "image",
            Dimension::Brand => "brand",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Dimension::Contribution => "eval.dim.contribution",
            Dimension::Skill => "eval.dim.skill",
            Dimension::Innovation => "eval.dim.innovation",
            Dimension::Collaboration => "eval.dim.collaboration",
            Dimension::Compliance => "eval.dim.compliance",
            Dimension::Image => "eval.dim.image",
            Dimension::Brand => "eval.dim.brand",
        }
    }

    pub fn index(self) -> usize {
        Dimension::ALL.iter().position(|d| *d == self).unwrap_or(0)
    }
}

super::code::impl_code!(Dimension);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvaluationStatus {
    /// The panel is scoring; teams and evaluators may still be added.
    Scoring,
    /// Totals, ranks and points are fixed and booked.
    Published,
}

impl EvaluationStatus {
    pub const ALL: [EvaluationStatus; 2] = [EvaluationStatus::Scoring, EvaluationStatus::Published];

    pub fn code(self) -> &'static str {
        match self {
            EvaluationStatus::Scoring => "scoring",
            EvaluationStatus::Published => "published",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            EvaluationStatus::Scoring => "eval.status.scoring",
            EvaluationStatus::Published => "eval.status.published",
        }
    }
}

super::code::impl_code!(EvaluationStatus);

/// The highest score on a dimension, and its step.
pub const SCORE_MAX: i64 = 100;
pub const MAX_TITLE: usize = 60;
/// How many ranks may carry points.
pub const MAX_POINT_RANKS: usize = 20;
pub const MAX_RANK_POINTS: i64 = 1_000;

/// Whole percentages, one per dimension in [`Dimension::ALL`] order, summing to 100.
pub type Weights = [i64; 7];

/// The union's usual weighting (contribution and skill first).
pub const DEFAULT_WEIGHTS: Weights = [20, 20, 15, 15, 10, 10, 10];

/// Checks seven weights (fields `w_<dimension>`): whole numbers 0–100 summing to 100.
pub fn parse_weights(inputs: &[String]) -> Result<Weights, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = [0i64; 7];
    for (i, d) in Dimension::ALL.iter().enumerate() {
        match inputs.get(i).map(|s| s.trim().parse::<i64>()) {
            Some(Ok(w)) if (0..=100).contains(&w) => out[i] = w,
            _ => errors.push(FieldError::new(&format!("w_{}", d.code()), "err.eval.weight")),
        }
    }
    if errors.is_empty() && out.iter().sum::<i64>() != 100 {
        errors.push(FieldError::new("weights", "err.eval.weights_sum"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Points by rank, best first (`"30, 20, 10"`: rank 1 books 30, rank 2 20, rank 3 10, the rest
/// nothing): at most 20 ranks, each 0–1,000, never more for a lower rank. Empty books nothing.
pub fn parse_rank_points(text: &str) -> Result<Vec<i64>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for part in text.split([',', '，', ' ']).filter(|p| !p.trim().is_empty()) {
        match part.trim().parse::<i64>() {
            Ok(n) if (0..=MAX_RANK_POINTS).contains(&n) => out.push(n),
            _ => return Err("err.eval.points"),
        }
    }
    if out.len() > MAX_POINT_RANKS || out.windows(2).any(|w| w[1] > w[0]) {
        return Err("err.eval.points");
    }
    Ok(out)
}

/// The stored form of rank points (`"30,20,10"`), read back by [`parse_rank_points`].
pub fn rank_points_text(points: &[i64]) -> String {
    points.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")
}

/// What a rank books: ties share a rank, so they share its points.
pub fn points_for(points: &[i64], rank: u64) -> i64 {
    usize::try_from(rank).ok().and_then(|r| r.checked_sub(1)).and_then(|i| points.get(i)).copied().unwrap_or(0)
}

/// One evaluator's score on one dimension: 0–100 by 0.5.
pub fn parse_score(text: &str) -> Result<Exact, &'static str> {
    let x = Exact::parse_decimal(text.trim()).ok_or("err.eval.score")?;
    let ok = !x.is_negative() && x <= Exact::int(SCORE_MAX) && x.on_step(Exact::int(0), Exact::new(1, 2));
    if ok {
        Ok(x)
    } else {
        Err("err.eval.score")
    }
}

/// Seven scores from a sheet (fields `s_<dimension>`); a derived dimension is not entered.
pub fn parse_sheet(inputs: &[String], derived: Option<Dimension>) -> Result<[Option<Exact>; 7], Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = [None; 7];
    for (i, d) in Dimension::ALL.iter().enumerate() {
        if Some(*d) == derived {
            continue;
        }
        match parse_score(inputs.get(i).map(String::as_str).unwrap_or("")) {
            Ok(x) => out[i] = Some(x),
            Err(key) => errors.push(FieldError::new(&format!("s_{}", d.code()), key)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A team's score on one dimension: the mean of its evaluators' scores, rounded half up to 2
/// decimals; none when nobody scored it.
pub fn dimension_score(scores: &[Exact]) -> Option<Exact> {
    Exact::sum(scores.iter().copied()).div_int(scores.len()).map(|m| m.round(2, Rounding::HalfUp))
}

/// The weighted total of seven shown dimension scores: Σ weight × score / 100, exact.
pub fn weighted_total(weights: &Weights, dims: &[Exact; 7]) -> Exact {
    Exact::sum(weights.iter().zip(dims).map(|(w, d)| Exact::int(*w).mul(*d))).div_int(100).unwrap_or(Exact::int(0))
}

/// A team's place in a published evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing<K> {
    pub key: K,
    pub total: Exact,
    pub rank: u64,
    pub points: i64,
}

/// Ranks subjects by total, best first (ties 1, 2, 2, 4, then by key for a stable order), with
/// the points each rank books. The order the subjects come in does not matter.
pub fn standings<K: Ord + Clone>(mut totals: Vec<(K, Exact)>, points: &[i64]) -> Vec<Standing<K>> {
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let sorted: Vec<Exact> = totals.iter().map(|t| t.1).collect();
    let ranks = super::boards::ranks(&sorted, 0);
    totals
        .into_iter()
        .zip(ranks)
        .map(|((key, total), rank)| Standing { key, total, rank, points: points_for(points, rank) })
        .collect()
}

/// The stored form of seven shown scores (`"85.5,90,…"`), read back by [`parse_stored_scores`].
pub fn stored_scores(dims: &[Exact]) -> String {
    dims.iter().map(|d| d.to_decimal().unwrap_or_else(|| d.to_fixed(4))).collect::<Vec<_>>().join(",")
}

/// Stored scores read back; `None` when the text is not a list of `n` decimals.
pub fn parse_stored_scores(text: &str, n: usize) -> Option<Vec<Exact>> {
    let out: Option<Vec<Exact>> = text.split(',').map(|s| Exact::parse_decimal(s.trim())).collect();
    out.filter(|v| v.len() == n)
}

/// An evaluator never scores their own team.
pub fn may_score(evaluator_team: i64, team: i64) -> bool {
    evaluator_team != team
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(s: &str) -> Exact {
        Exact::parse_decimal(s).unwrap()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn weights_are_whole_percentages_summing_to_100() {
        assert_eq!(parse_weights(&strings(&["20", "20", "15", "15", "10", "10", "10"])), Ok(DEFAULT_WEIGHTS));
        let e = parse_weights(&strings(&["20", "20", "15", "15", "10", "10", "5"])).unwrap_err();
        assert_eq!(e[0].field, "weights");
        let e = parse_weights(&strings(&["20", "x", "15", "15", "10", "10", "-1"])).unwrap_err();
        assert_eq!(e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["w_skill", "w_brand"]);
        assert!(parse_weights(&strings(&["100"])).is_err());
    }

    #[test]
    fn scores_are_on_the_half_point_scale() {
        assert_eq!(parse_score("85.5"), Ok(x("85.5")));
        assert_eq!(parse_score(" 100 "), Ok(x("100")));
        assert_eq!(parse_score("0"), Ok(x("0")));
        for bad in ["85.3", "100.5", "-1", "", "abc", "1e2"] {
            assert!(parse_score(bad).is_err(), "{bad}");
        }
        let sheet =
            parse_sheet(&strings(&["80", "90", "", "70", "60", "50", "40"]), Some(Dimension::Innovation)).unwrap();
        assert_eq!(sheet[2], None);
        assert_eq!(sheet[0], Some(x("80")));
        let e = parse_sheet(&strings(&["80", "90", "", "70", "60", "50", "40"]), None).unwrap_err();
        assert_eq!(e[0].field, "s_innovation");
    }

    #[test]
    fn dimension_scores_are_means_rounded_to_two_decimals() {
        assert_eq!(dimension_score(&[x("80"), x("85.5"), x("90")]), Some(x("85.17"))); // 85.1666…
        assert_eq!(dimension_score(&[x("80.5"), x("80")]), Some(x("80.25")));
        assert_eq!(dimension_score(&[]), None);
    }

    #[test]
    fn weighted_totals_are_exact() {
        let dims = [x("85.17"), x("90"), x("77.5"), x("80.25"), x("60"), x("70"), x("99.99")];
        // 0.20×85.17 + 0.20×90 + 0.15×77.5 + 0.15×80.25 + 0.10×(60 + 70 + 99.99)
        // = 17.034 + 18 + 11.625 + 12.0375 + 22.999 = 81.6955
        assert_eq!(weighted_total(&DEFAULT_WEIGHTS, &dims), x("81.6955"));
        assert_eq!(weighted_total(&DEFAULT_WEIGHTS, &dims).to_decimal().unwrap(), "81.6955");
        let all = [x("100"); 7];
        assert_eq!(weighted_total(&DEFAULT_WEIGHTS, &all), x("100"));
    }

    #[test]
    fn rank_points_are_non_increasing_and_bounded() {
        assert_eq!(parse_rank_points("30, 20，10"), Ok(vec![30, 20, 10]));
        assert_eq!(parse_rank_points(""), Ok(vec![]));
        assert!(parse_rank_points("10, 20").is_err());
        assert!(parse_rank_points("-1").is_err());
        assert!(parse_rank_points("1001").is_err());
        assert!(parse_rank_points(&vec!["1"; 21].join(",")).is_err());
        assert_eq!(rank_points_text(&[30, 20]), "30,20");
        assert_eq!(points_for(&[30, 20, 10], 1), 30);
        assert_eq!(points_for(&[30, 20, 10], 4), 0);
        assert_eq!(points_for(&[30, 20, 10], 0), 0);
    }

    #[test]
    fn standings_rank_ties_alike_whatever_the_order() {
        let teams = vec![(3, x("80")), (1, x("90.5")), (2, x("80")), (4, x("70"))];
        let s = standings(teams.clone(), &[30, 20, 10]);
        let got: Vec<(i64, u64, i64)> = s.iter().map(|s| (s.key, s.rank, s.points)).collect();
        assert_eq!(got, vec![(1, 1, 30), (2, 2, 20), (3, 2, 20), (4, 4, 0)]);
        // Order independence: every rotation and the reverse give the same standings.
        for k in 0..teams.len() {
            let mut t = teams.clone();
            t.rotate_left(k);
            assert_eq!(standings(t.clone(), &[30, 20, 10]), s);
            t.reverse();
            assert_eq!(standings(t, &[30, 20, 10]), s);
        }
    }

    #[test]
    fn stored_scores_round_trip() {
        let dims = [x("85.17"), x("90"), x("77.5"), x("80.25"), x("60"), x("70"), x("99.99")];
        let text = stored_scores(&dims);
        assert_eq!(text, "85.17,90,77.5,80.25,60,70,99.99");
        assert_eq!(parse_stored_scores(&text, 7).unwrap(), dims.to_vec());
        assert!(parse_stored_scores(&text, 6).is_none());
        assert!(parse_stored_scores("1,x", 2).is_none());
    }

    #[test]
    fn an_evaluator_never_scores_their_own_team() {
        assert!(!may_score(5, 5));
        assert!(may_score(5, 6));
    }
}
