//! The labour competition (劳动竞赛) between teams or departments over a run of months: indicators
//! (output, quality rate, safe days, cost saving…) entered or imported per period, each with its
//! direction, weight and normalisation declared; a ranking per period.
//!
//! Arithmetic, declared: each indicator's values in a period are normalised to 0–100 and rounded
//! half up to 2 decimals (the number shown); the total is Σ weight × normalised / 100 over the
//! shown numbers, exact. Ranks 1, 2, 2, 4 on the exact totals.

use super::boards::{Month, Window};
use super::exact::{Exact, Rounding};
use super::validation::FieldError;
use serde::{Deserialize, Serialize};

/// Who competes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Between {
    Teams,
    Departments,
}

impl Between {
    pub const ALL: [Between; 2] = [Between::Teams, Between::Departments];

    pub fn code(self) -> &'static str {
        match self {
            Between::Teams => "team",
            Between::Departments => "department",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Between::Teams => "labour.between.team",
            Between::Departments => "labour.between.department",
        }
    }
}

super::code::impl_code!(Between);

/// How often the indicators are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cadence {
    Month,
    Quarter,
}

impl Cadence {
    pub const ALL: [Cadence; 2] = [Cadence::Month, Cadence::Quarter];

    pub fn code(self) -> &'static str {
        match self {
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Cadence::Month => "labour.cadence.month",
            Cadence::Quarter => "labour.cadence.quarter",
        }
    }
}

super::code::impl_code!(Cadence);

/// Whether more of an indicator is better (output, safe days) or less (defects, cost).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Higher, Direction::Lower];

    pub fn code(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Direction::Higher => "labour.dir.higher",
            Direction::Lower => "labour.dir.lower",
        }
    }
}

super::code::impl_code!(Direction);

/// How a period's values of one indicator become 0–100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Normalisation {
    /// (x − worst) / (best − worst) × 100: the best scores 100, the worst 0; all equal, all 100.
    MinMax,
    /// Against the best: x / best × 100 when higher is better, best / x × 100 when lower is;
    /// values may not be negative; a zero where lower is better is the best (100).
    BestRatio,
}

impl Normalisation {
    pub const ALL: [Normalisation; 2] = [Normalisation::MinMax, Normalisation::BestRatio];

    pub fn code(self) -> &'static str {
        match self {
            Normalisation::MinMax => "min_max",
            Normalisation::BestRatio => "best_ratio",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Normalisation::MinMax => "labour.norm.min_max",
            Normalisation::BestRatio => "labour.norm.best_ratio",
        }
    }
}

super::code::impl_code!(Normalisation);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub weight: i64,
    pub normalisation: Normalisation,
}

pub const MAX_INDICATORS: usize = 8;
pub const MAX_NAME: usize = 30;
pub const MAX_UNIT: usize = 10;

/// The form that sets a contest up (indicator rows `name[i]`…; blank rows are skipped).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub between: String,
    #[serde(default)]
    pub cadence: String,
    #[serde(default)]
    pub first: String,
    #[serde(default)]
    pub last: String,
    #[serde(default)]
    pub points: String,
    #[serde(default)]
    pub name: Vec<String>,
    #[serde(default)]
    pub unit: Vec<String>,
    #[serde(default)]
    pub direction: Vec<String>,
    #[serde(default)]
    pub weight: Vec<String>,
    #[serde(default)]
    pub normalisation: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contest {
    pub title: String,
    pub between: Between,
    pub cadence: Cadence,
    pub first: Month,
    pub last: Month,
    pub points: Vec<i64>,
    pub indicators: Vec<Indicator>,
}

/// The longest contest, in months (three years).
pub const MAX_MONTHS: usize = 36;

/// Checks a contest's set-up field by field.
pub fn parse_contest(f: &ContestForm) -> Result<Contest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = f.title.trim().to_string();
    if title.is_empty() || title.chars().count() > super::evaluation::MAX_TITLE {
        errors.push(FieldError::new("title", "err.eval.title"));
    }
    use super::code::Code;
    let between = Between::from_code(&f.between);
    if between.is_none() {
        errors.push(FieldError::new("between", "err.labour.between"));
    }
    let cadence = Cadence::from_code(&f.cadence);
    if cadence.is_none() {
        errors.push(FieldError::new("cadence", "err.labour.cadence"));
    }
    let first = Month::parse(&f.first);
    if first.is_none() {
        errors.push(FieldError::new("first", "err.board.month"));
    }
    let last = Month::parse(&f.last);
    if last.is_none() {
        errors.push(FieldError::new("last", "err.board.month"));
    }
    if let (Some(a), Some(b)) = (first, last) {
        if b < a {
            errors.push(FieldError::new("last", "err.board.period_order"));
        } else if super::boards::months_between(a, b) > MAX_MONTHS {
            errors.push(FieldError::new("last", "err.labour.too_long"));
        }
    }
    let points = match super::evaluation::parse_rank_points(&f.points) {
        Ok(p) => p,
        Err(key) => {
            errors.push(FieldError::new("points", key));
            Vec::new()
        }
    };
    if between == Some(Between::Departments) && points.iter().any(|p| *p > 0) {
        // The boards' entries belong to a person or a team; a department's place is its ranking.
        errors.push(FieldError::new("points", "err.labour.department_points"));
    }
    let mut indicators = Vec::new();
    let at = |v: &Vec<String>, i: usize| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
    for i in 0..f.name.len().min(MAX_INDICATORS + 1) {
        let name = at(&f.name, i);
        if name.is_empty() {
            continue;
        }
        let row = |field: &str| format!("{field}[{i}]");
        if name.chars().count() > MAX_NAME {
            errors.push(FieldError::new(&row("name"), "err.labour.name"));
        }
        let unit = at(&f.unit, i);
        if unit.chars().count() > MAX_UNIT {
            errors.push(FieldError::new(&row("unit"), "err.labour.unit"));
        }
        let direction = Direction::from_code(&at(&f.direction, i));
        if direction.is_none() {
            errors.push(FieldError::new(&row("direction"), "err.labour.direction"));
        }
        let normalisation = Normalisation::from_code(&at(&f.normalisation, i));
        if normalisation.is_none() {
            errors.push(FieldError::new(&row("normalisation"), "err.labour.normalisation"));
        }
        let weight = match at(&f.weight, i).parse::<i64>() {
            Ok(w) if (1..=100).contains(&w) => w,
            _ => {
                errors.push(FieldError::new(&row("weight"), "err.labour.weight"));
                0
            }
        };
        if indicators.iter().any(|x: &Indicator| x.name == name) {
            errors.push(FieldError::new(&row("name"), "err.labour.name_twice"));
        }
        if let (Some(direction), Some(normalisation)) = (direction, normalisation) {
            indicators.push(Indicator { name, unit, direction, weight, normalisation });
        }
    }
    if indicators.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("name[0]", "err.labour.no_indicators"));
    } else if indicators.len() > MAX_INDICATORS {
        errors.push(FieldError::new("name[0]", "err.labour.too_many"));
    } else if errors.is_empty() && indicators.iter().map(|i| i.weight).sum::<i64>() != 100 {
        errors.push(FieldError::new("weight[0]", "err.eval.weights_sum"));
    }
    match (between, cadence, first, last) {
        (Some(between), Some(cadence), Some(first), Some(last)) if errors.is_empty() => {
            Ok(Contest { title, between, cadence, first, last, points, indicators })
        }
        _ => Err(errors),
    }
}

/// The periods of a contest, in order: its months, or the quarters its months touch.
pub fn periods(cadence: Cadence, first: Month, last: Month) -> Vec<Window> {
    let mut out: Vec<Window> = Vec::new();
    let mut m = first;
    while m <= last && out.len() < MAX_MONTHS {
        let w = match cadence {
            Cadence::Month => Window::Month(m),
            Cadence::Quarter => Window::Quarter(m.year, m.quarter()),
        };
        if out.last() != Some(&w) {
            out.push(w);
        }
        m = m.next();
    }
    out
}

/// One value as entered or imported: a decimal (at most 4 places, |x| < 10⁹).
pub fn parse_value(text: &str) -> Result<Exact, &'static str> {
    let t = text.trim().trim_end_matches('%').replace([',', '，'], "");
    Exact::parse_decimal(t.trim()).ok_or("err.labour.value")
}

/// Whether a value may be given to an indicator (best-ratio values are never negative).
pub fn value_fits(ind: &Indicator, value: Exact) -> bool {
    ind.normalisation != Normalisation::BestRatio || !value.is_negative()
}

fn hundred() -> Exact {
    Exact::int(100)
}

/// One indicator's values in a period normalised to 0–100, rounded half up to 2 decimals, in the
/// order given. `None` when a best-ratio value is negative.
pub fn normalise(ind: &Indicator, values: &[Exact]) -> Option<Vec<Exact>> {
    let (Some(min), Some(max)) = (values.iter().min().copied(), values.iter().max().copied()) else {
        return Some(Vec::new());
    };
    let round = |x: Exact| x.round(2, Rounding::HalfUp);
    values
        .iter()
        .map(|&x| {
            let n = match ind.normalisation {
                Normalisation::MinMax if max == min => hundred(),
                Normalisation::MinMax => {
                    let gap = match ind.direction {
                        Direction::Higher => x.sub(min),
                        Direction::Lower => max.sub(x),
                    };
                    gap.mul(hundred()).div(max.sub(min))?
                }
                Normalisation::BestRatio if min.is_negative() => return None,
                Normalisation::BestRatio => match ind.direction {
                    Direction::Higher if max.is_zero() => hundred(),
                    Direction::Higher => x.mul(hundred()).div(max)?,
                    Direction::Lower if x.is_zero() => hundred(),
                    Direction::Lower => min.mul(hundred()).div(x)?,
                },
            };
            Some(round(n))
        })
        .collect()
}

/// The weighted total of one subject's shown normalised scores: Σ weight × score / 100, exact.
pub fn total(indicators: &[Indicator], normalised: &[Exact]) -> Exact {
    Exact::sum(indicators.iter().zip(normalised).map(|(i, n)| Exact::int(i.weight).mul(*n)))
        .div_int(100)
        .unwrap_or(Exact::int(0))
}

/// A period's scores: `values[s][i]` is subject `s`'s value of indicator `i`; the answer is each
/// subject's normalised scores and its total, in the same order.
pub fn score_period(indicators: &[Indicator], values: &[Vec<Exact>]) -> Option<Vec<(Vec<Exact>, Exact)>> {
    let mut columns = Vec::with_capacity(indicators.len());
    for (i, ind) in indicators.iter().enumerate() {
        let col: Vec<Exact> = values.iter().map(|row| row.get(i).copied()).collect::<Option<_>>()?;
        columns.push(normalise(ind, &col)?);
    }
    Some(
        (0..values.len())
            .map(|s| {
                let norm: Vec<Exact> = columns.iter().map(|c| c[s]).collect();
                let t = total(indicators, &norm);
                (norm, t)
            })
            .collect(),
    )
}

/// The rows of an uploaded values file: the entrant's number first, then (after its name) one
/// column per indicator in the contest's order. The header row, if any, is skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueRow {
    /// The row's number in the file (1 = first row), for its errors.
    pub line: usize,
    pub entrant: String,
    pub values: Vec<String>,
}

/// The most rows one file may carry.
pub const MAX_VALUE_ROWS: usize = 5_000;

pub fn value_rows(cells: Vec<Vec<String>>, indicators: usize) -> Vec<ValueRow> {
    cells
        .into_iter()
        .enumerate()
        .map(|(i, row)| ValueRow {
            line: i + 1,
            entrant: row.first().map(|s| s.trim().to_string()).unwrap_or_default(),
            values: (0..indicators).map(|k| row.get(k + 2).map(|s| s.trim().to_string()).unwrap_or_default()).collect(),
        })
        .filter(|r| !(r.entrant.is_empty() && r.values.iter().all(String::is_empty)))
        // A header row names its columns: its first cell is not a number.
        .filter(|r| !(r.line == 1 && r.entrant.parse::<i64>().is_err()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(s: &str) -> Exact {
        Exact::parse_decimal(s).unwrap()
    }

    fn ind(direction: Direction, weight: i64, normalisation: Normalisation) -> Indicator {
        Indicator { name: "i".into(), unit: String::new(), direction, weight, normalisation }
    }

    fn xs(v: &[&str]) -> Vec<Exact> {
        v.iter().map(|s| x(s)).collect()
    }

    #[test]
    fn min_max_puts_the_best_at_100_and_the_worst_at_0() {
        let higher = ind(Direction::Higher, 50, Normalisation::MinMax);
        assert_eq!(normalise(&higher, &xs(&["10", "20", "15"])).unwrap(), xs(&["0", "100", "50"]));
        let lower = ind(Direction::Lower, 50, Normalisation::MinMax);
        assert_eq!(normalise(&lower, &xs(&["10", "20", "13"])).unwrap(), xs(&["100", "0", "70"]));
        // All equal: nobody is behind.
        assert_eq!(normalise(&higher, &xs(&["7", "7"])).unwrap(), xs(&["100", "100"]));
        // Thirds round half up to 2 decimals.
        assert_eq!(normalise(&higher, &xs(&["0", "1", "3"])).unwrap(), xs(&["0", "33.33", "100"]));
        assert_eq!(normalise(&higher, &xs(&["0", "2", "3"])).unwrap(), xs(&["0", "66.67", "100"]));
    }

    #[test]
    fn best_ratio_compares_with_the_best() {
        let higher = ind(Direction::Higher, 50, Normalisation::BestRatio);
        assert_eq!(normalise(&higher, &xs(&["50", "100", "0"])).unwrap(), xs(&["50", "100", "0"]));
        let lower = ind(Direction::Lower, 50, Normalisation::BestRatio);
        assert_eq!(normalise(&lower, &xs(&["2", "4", "3"])).unwrap(), xs(&["100", "50", "66.67"]));
        assert_eq!(normalise(&lower, &xs(&["0", "4"])).unwrap(), xs(&["100", "0"]));
        assert_eq!(normalise(&higher, &xs(&["0", "0"])).unwrap(), xs(&["100", "100"]));
        assert!(normalise(&higher, &xs(&["-1", "4"])).is_none());
        assert!(!value_fits(&higher, x("-1")));
        assert!(value_fits(&ind(Direction::Higher, 1, Normalisation::MinMax), x("-1")));
    }

    #[test]
    fn a_period_total_is_the_exact_weighted_sum_of_the_shown_scores() {
        let inds = vec![
            ind(Direction::Higher, 40, Normalisation::MinMax),
            ind(Direction::Lower, 35, Normalisation::BestRatio),
            ind(Direction::Higher, 25, Normalisation::BestRatio),
        ];
        let values = vec![xs(&["120", "3", "98.5"]), xs(&["100", "2", "99.2"]), xs(&["90", "6", "97"])];
        let scored = score_period(&inds, &values).unwrap();
        // Subject 0: 100, 66.67, 99.29 (98.5 / 99.2) → 0.40×100 + 0.35×66.67 + 0.25×99.29 = 88.157
        assert_eq!(scored[0].0, xs(&["100", "66.67", "99.29"]));
        assert_eq!(scored[0].1, x("88.157"));
        assert_eq!(scored[1].1, x("73.332")); // 0.4×33.33 + 35 + 25
        assert!(score_period(&inds, &[xs(&["1", "2"])]).is_none(), "a missing value");
    }

    #[test]
    fn totals_do_not_depend_on_the_order_of_subjects() {
        let inds = vec![
            ind(Direction::Higher, 60, Normalisation::MinMax),
            ind(Direction::Lower, 40, Normalisation::BestRatio),
        ];
        let values = vec![xs(&["5", "1"]), xs(&["9", "3"]), xs(&["7", "2"]), xs(&["9", "3"])];
        let a = score_period(&inds, &values).unwrap();
        let mut rev = values.clone();
        rev.reverse();
        let mut b = score_period(&inds, &rev).unwrap();
        b.reverse();
        assert_eq!(a, b);
        let ranked = super::super::evaluation::standings(a.iter().enumerate().map(|(i, r)| (i, r.1)).collect(), &[]);
        assert_eq!(ranked.iter().map(|s| (s.key, s.rank)).collect::<Vec<_>>(), vec![(1, 1), (3, 1), (2, 3), (0, 4)]);
    }

    #[test]
    fn a_contest_declares_its_indicators() {
        let mut f = ContestForm {
            title: "安全生产劳动竞赛".into(),
            between: "team".into(),
            cadence: "quarter".into(),
            first: "2026-01".into(),
            last: "2026-12".into(),
            points: "20,10".into(),
            name: vec!["产量".into(), "合格率".into(), "".into()],
            unit: vec!["吨".into(), "%".into(), "".into()],
            direction: vec!["higher".into(), "higher".into(), "".into()],
            weight: vec!["60".into(), "40".into(), "".into()],
            normalisation: vec!["min_max".into(), "best_ratio".into(), "".into()],
        };
        let c = parse_contest(&f).unwrap();
        assert_eq!(c.indicators.len(), 2);
        assert_eq!(periods(c.cadence, c.first, c.last).len(), 4);
        f.weight[1] = "30".into();
        assert_eq!(parse_contest(&f).unwrap_err()[0].field, "weight[0]");
        f.weight[1] = "40".into();
        f.between = "department".into();
        assert_eq!(parse_contest(&f).unwrap_err()[0].key, "err.labour.department_points");
        f.points = String::new();
        assert!(parse_contest(&f).is_ok());
        f.name[1] = "产量".into();
        assert_eq!(parse_contest(&f).unwrap_err()[0].field, "name[1]");
        f.name = vec![];
        assert_eq!(parse_contest(&f).unwrap_err()[0].key, "err.labour.no_indicators");
    }

    #[test]
    fn periods_are_months_or_the_quarters_they_touch() {
        let m = |s: &str| Month::parse(s).unwrap();
        assert_eq!(periods(Cadence::Quarter, m("2026-02"), m("2026-07")).len(), 3);
        assert_eq!(periods(Cadence::Month, m("2025-11"), m("2026-02")).len(), 4);
        assert_eq!(periods(Cadence::Month, m("2025-11"), m("2026-02"))[2], Window::Month(m("2026-01")));
    }

    #[test]
    fn values_are_decimals_and_files_skip_their_header() {
        assert_eq!(parse_value("1,234.5"), Ok(x("1234.5")));
        assert_eq!(parse_value("98.5%"), Ok(x("98.5")));
        assert!(parse_value("abc").is_err());
        let cells = vec![
            vec!["编号".into(), "名称".into(), "产量".into()],
            vec!["12".into(), "一班".into(), "30".into()],
            vec![String::new(), String::new(), String::new()],
        ];
        let rows = value_rows(cells, 1);
        assert_eq!(rows, vec![ValueRow { line: 2, entrant: "12".into(), values: vec!["30".into()] }]);
    }
}
