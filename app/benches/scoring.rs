//! Aggregating and ranking a large round: 1,000 contestants × 7 judges × 10 criteria, trimmed
//! mean (drop the highest and lowest), weights, one rounding, then 1-2-2-4 ranking with a
//! tie-break. Run: `cargo bench -p app --bench scoring` (release profile). Prints the median and
//! worst of 50 runs; the target (issue 8) is ≤ 5 ms.

use app::domain::exact::{Exact, Rounding};
use app::domain::scoring::{self, Aggregate, Criterion, CriterionKind, Mark, Scheme, Sheet, TieBreak};
use std::time::Instant;

fn main() {
    let x = |s: &str| Exact::parse_decimal(s).unwrap();
    let criteria: Vec<Criterion> = (0..10)
        .map(|i| Criterion {
            code: format!("c{i}"),
            name: format!("评分项{i}"),
            kind: CriterionKind::Scale { min: Exact::ZERO, step: x("0.5") },
            max: x("10"),
            weight: Exact::new(1 + (i % 3) as i128, 10),
        })
        .collect();
    let scheme = Scheme {
        criteria,
        attempts: 1,
        aggregate: Aggregate::TrimmedMean { k: 1 },
        factor: Exact::ONE,
        decimals: 2,
        rounding: Rounding::HalfUp,
        max_spread: Some(x("3")),
    };
    let panel: Vec<i64> = (1..=7).collect();
    // Deterministic marks: 0–10 by 0.5.
    let mut seed = 20261121u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let sheets: Vec<Sheet> = (0..1000)
        .map(|c| Sheet {
            contestant: c,
            marks: panel
                .iter()
                .flat_map(|j| {
                    scheme
                        .criteria
                        .iter()
                        .map(|k| Mark {
                            judge: *j,
                            attempt: 1,
                            criterion: k.code.clone(),
                            value: Exact::new((next() % 21) as i128, 2),
                        })
                        .collect::<Vec<_>>()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    let breaks = [TieBreak::Criterion { code: "c0".into() }, TieBreak::FewerDeductions];
    let mut times = Vec::new();
    let mut rank_times = Vec::new();
    let mut checksum = Exact::ZERO;
    for _ in 0..50 {
        let t = Instant::now();
        let scores: Vec<_> = sheets.iter().map(|s| scoring::score(&scheme, &panel, s)).collect();
        let r = Instant::now();
        let keyed: Vec<(i64, Vec<Exact>)> =
            scores.iter().map(|s| (s.contestant, scoring::rank_keys(&scheme, s, &breaks))).collect();
        let ranked = scoring::rank(&keyed);
        rank_times.push(r.elapsed());
        times.push(t.elapsed());
        checksum = checksum.add(scores[ranked[0].0 as usize].published);
    }
    times.sort();
    rank_times.sort();
    println!(
        "1000 contestants × 7 judges × 10 criteria (70,000 marks): median {:.2} ms, worst {:.2} ms over 50 runs; of which ranking {:.2} ms (checksum {checksum})",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        rank_times[rank_times.len() / 2].as_secs_f64() * 1e3,
    );
}
