//! Organising a competition (技能竞赛 / 技术比武 / 岗位练兵): its kind and owner, who may enter and
//! when, events for individuals or teams, and a round's marking scheme as typed into the scheme
//! editor (text fields in, a checked [`Scheme`] or field errors out).

use super::exact::{Exact, Rounding};
use super::scoring::{Aggregate, Combine, Criterion, CriterionKind, Scheme, SchemeError, TieBreak, TierRule};
use super::validation::{trimmed_len_between, Errors, FieldError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 技能竞赛 / 技术比武 / 岗位练兵.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompetitionKind {
    Skill,
    Contest,
    Drill,
}

impl CompetitionKind {
    pub const ALL: [CompetitionKind; 3] = [CompetitionKind::Skill, CompetitionKind::Contest, CompetitionKind::Drill];

    pub fn code(self) -> &'static str {
        match self {
            CompetitionKind::Skill => "skill",
            CompetitionKind::Contest => "contest",
            CompetitionKind::Drill => "drill",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            CompetitionKind::Skill => "comp.kind.skill",
            CompetitionKind::Contest => "comp.kind.contest",
            CompetitionKind::Drill => "comp.kind.drill",
        }
    }
}

/// Who runs it (双轮驱动): the union, or a professional department.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Union,
    Department,
}

impl Owner {
    pub const ALL: [Owner; 2] = [Owner::Union, Owner::Department];

    pub fn code(self) -> &'static str {
        match self {
            Owner::Union => "union",
            Owner::Department => "department",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Owner::Union => "comp.owner.union",
            Owner::Department => "comp.owner.department",
        }
    }
}

/// Whether an event is entered by people or by teams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Individual,
    Team,
}

impl Entry {
    pub const ALL: [Entry; 2] = [Entry::Individual, Entry::Team];

    pub fn code(self) -> &'static str {
        match self {
            Entry::Individual => "individual",
            Entry::Team => "team",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Entry::Individual => "comp.entry.individual",
            Entry::Team => "comp.entry.team",
        }
    }
}

/// Where a contestant's registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryStatus {
    Pending,
    Approved,
    /// Withdrawn by the contestant, or not accepted by the organiser.
    Withdrawn,
}

impl EntryStatus {
    pub const ALL: [EntryStatus; 3] = [EntryStatus::Pending, EntryStatus::Approved, EntryStatus::Withdrawn];

    pub fn code(self) -> &'static str {
        match self {
            EntryStatus::Pending => "pending",
            EntryStatus::Approved => "approved",
            EntryStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            EntryStatus::Pending => "comp.status.pending",
            EntryStatus::Approved => "comp.status.approved",
            EntryStatus::Withdrawn => "comp.status.withdrawn",
        }
    }
}

super::code::impl_code!(CompetitionKind, Owner, Entry, EntryStatus);

/// The registration window, both days included.
pub fn registration_open(opens: NaiveDate, closes: NaiveDate, today: NaiveDate) -> bool {
    opens <= today && today <= closes
}

/// Whether a person of `department` may enter: everyone when no department is listed.
pub fn eligible(departments: &[i64], department: i64) -> bool {
    departments.is_empty() || departments.contains(&department)
}

/// Why a registration is refused, as a translation key; `None` when it may go ahead.
/// `organiser`: the caller organises competitions (late and out-of-list entries are theirs to make).
pub fn registration_refusal(window_open: bool, is_eligible: bool, organiser: bool) -> Option<&'static str> {
    if organiser {
        // Organisers enter late entries and people from outside the listed departments knowingly.
        return None;
    }
    if !window_open {
        return Some("err.comp.window_closed");
    }
    if !is_eligible {
        return Some("err.comp.not_eligible");
    }
    None
}

/// One row of an imported contestant list: its line in the file, the person named (username or
/// employee number) and, if given, the name written beside it (checked against the person's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    pub line: usize,
    pub who: String,
    pub name: String,
}

/// The most rows one import takes.
pub const MAX_ROSTER_ROWS: usize = 5000;

/// A contestant list's rows (from a spreadsheet, or [`csv_rows`]): the first cell names the person,
/// the second, if any, is their name. Blank rows and a header row are left out.
pub fn roster_rows(rows: Vec<Vec<String>>) -> Vec<RosterRow> {
    const HEADERS: [&str; 6] = ["工号", "用户名", "username", "employee no", "employee_no", "账号"];
    rows.into_iter()
        .enumerate()
        .filter_map(|(i, cells)| {
            let who = cells.first().map(|c| c.trim().to_string()).unwrap_or_default();
            let name = cells.get(1).map(|c| c.trim().to_string()).unwrap_or_default();
            let header = i == 0 && HEADERS.iter().any(|h| who.eq_ignore_ascii_case(h));
            (!who.is_empty() && !header).then_some(RosterRow { line: i + 1, who, name })
        })
        .collect()
}

/// One mark of a paper sheet, as a file row gives it: contestant and judge by username or employee
/// number, the attempt (blank: 1), the criterion's code, the mark, and the attempt's difficulty
/// coefficient (blank: as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperMark {
    pub line: usize,
    pub contestant: String,
    pub attempt: String,
    pub judge: String,
    pub criterion: String,
    pub value: String,
    pub difficulty: String,
}

/// The most rows one import of paper marks takes (1,000 contestants × 7 judges × 10 criteria).
pub const MAX_PAPER_ROWS: usize = 70_000;
/// The columns of a paper-marks file, in order.
pub const PAPER_COLUMNS: usize = 6;

/// A paper-marks file's rows: 选手, 次序, 评委, 评分项, 分数, 难度系数. Blank rows and a header row
/// (its first cell 选手 / contestant) are left out.
pub fn paper_rows(rows: Vec<Vec<String>>) -> Vec<PaperMark> {
    const HEADERS: [&str; 4] = ["选手", "contestant", "工号", "参赛者"];
    rows.into_iter()
        .enumerate()
        .filter_map(|(i, cells)| {
            let cell = |k: usize| cells.get(k).map(|c| c.trim().to_string()).unwrap_or_default();
            let header = i == 0 && HEADERS.iter().any(|h| cell(0).eq_ignore_ascii_case(h));
            let blank = cells.iter().all(|c| c.trim().is_empty());
            (!blank && !header).then(|| PaperMark {
                line: i + 1,
                contestant: cell(0),
                attempt: cell(1),
                judge: cell(2),
                criterion: cell(3),
                value: cell(4),
                difficulty: cell(5),
            })
        })
        .collect()
}

/// The cells of a CSV text (comma- or tab-separated, double quotes around a cell allowed, a
/// byte-order mark ignored).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|line| {
            let sep = if line.contains('\t') { '\t' } else { ',' };
            let mut cells = Vec::new();
            let (mut cell, mut quoted) = (String::new(), false);
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        cell.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    c if c == sep && !quoted => cells.push(std::mem::take(&mut cell)),
                    c => cell.push(c),
                }
            }
            cells.push(cell);
            cells
        })
        .collect()
}

/// The competition form, checked.
pub struct CompetitionInput {
    pub name: String,
    pub kind: CompetitionKind,
    pub owner: Owner,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
}

pub fn parse_competition(
    name: &str,
    kind: &str,
    owner: &str,
    opens: &str,
    closes: &str,
) -> Result<CompetitionInput, Vec<FieldError>> {
    use super::code::Code;
    let mut e = Errors::new();
    let name = e.check(trimmed_len_between(name, 2, 100, "name", "err.comp.name"));
    let kind = e.check(CompetitionKind::from_code(kind).ok_or_else(|| FieldError::new("kind", "err.code.unknown")));
    let owner = e.check(Owner::from_code(owner).ok_or_else(|| FieldError::new("owner", "err.code.unknown")));
    let date = |s: &str, field: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| FieldError::new(field, "err.date.invalid"))
    };
    let opens = e.check(date(opens, "opens"));
    let closes = e.check(date(closes, "closes"));
    if let (Some(o), Some(c)) = (opens, closes) {
        if c < o {
            e.push(FieldError::new("closes", "err.comp.window_order"));
        }
    }
    match (name, kind, owner, opens, closes) {
        (Some(name), Some(kind), Some(owner), Some(opens), Some(closes)) if e.is_empty() => {
            Ok(CompetitionInput { name, kind, owner, opens, closes })
        }
        _ => Err(e.into_vec()),
    }
}

/// The event form: how rounds combine, tie-breaks and award tiers, typed as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDraft {
    pub name: String,
    pub entry: String,
    /// `sum`, `final_only` or `weighted`.
    pub combine: String,
    /// For `weighted`: one weight per round, separated by commas (e.g. "0.3, 0.7").
    #[serde(default)]
    pub weights: String,
    /// Criterion codes to break ties on, in order, separated by commas.
    #[serde(default)]
    pub tie_criteria: String,
    /// Then fewer deduction points.
    #[serde(default)]
    pub tie_deductions: Option<String>,
    /// `count`, `share` or `threshold`.
    pub tier_by: String,
    /// 一等奖 / 二等奖 / 三等奖 / 优秀奖: places, percent of the field, or minimum scores; blank for none.
    #[serde(default)]
    pub tiers: Vec<String>,
}

pub struct EventInput {
    pub name: String,
    pub entry: Entry,
    pub combine: Combine,
    pub tie_breaks: Vec<TieBreak>,
    pub tiers: Vec<TierRule>,
}

fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '，', ' ']).map(str::trim).filter(|s| !s.is_empty())
}

pub fn parse_event(d: &EventDraft) -> Result<EventInput, Vec<FieldError>> {
    use super::code::Code;
    let mut e = Errors::new();
    let name = e.check(trimmed_len_between(&d.name, 2, 100, "name", "err.comp.name"));
    let entry = e.check(Entry::from_code(&d.entry).ok_or_else(|| FieldError::new("entry", "err.code.unknown")));
    let combine = match d.combine.trim() {
        "sum" => Some(Combine::Sum),
        "final_only" => Some(Combine::FinalOnly),
        "weighted" => {
            let weights: Option<Vec<Exact>> =
                list(&d.weights).map(|w| Exact::parse_decimal(w).filter(|w| *w > Exact::ZERO)).collect();
            match weights {
                Some(w) if !w.is_empty() => Some(Combine::Weighted { weights: w }),
                _ => {
                    e.push(FieldError::new("weights", "err.comp.weights"));
                    None
                }
            }
        }
        _ => {
            e.push(FieldError::new("combine", "err.code.unknown"));
            None
        }
    };
    let mut tie_breaks: Vec<TieBreak> = list(&d.tie_criteria).map(|c| TieBreak::Criterion { code: c.into() }).collect();
    if d.tie_deductions.as_deref().is_some_and(|v| !v.is_empty() && v != "false") {
        tie_breaks.push(TieBreak::FewerDeductions);
    }
    let mut tiers = Vec::new();
    for (i, t) in d.tiers.iter().enumerate() {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        let field = format!("tiers[{i}]");
        let rule = match d.tier_by.trim() {
            "count" => t.parse().ok().filter(|n| *n > 0).map(|n| TierRule::Count { n }),
            "share" => t.parse().ok().filter(|p| *p > 0 && *p <= 100).map(|percent| TierRule::Share { percent }),
            "threshold" => Exact::parse_decimal(t).map(|at_least| TierRule::Threshold { at_least }),
            _ => {
                e.push(FieldError::new("tier_by", "err.code.unknown"));
                break;
            }
        };
        match rule {
            Some(r) => tiers.push(r),
            None => e.push(FieldError::new(&field, "err.comp.tier")),
        }
    }
    match (name, entry, combine) {
        (Some(name), Some(entry), Some(combine)) if e.is_empty() => {
            Ok(EventInput { name, entry, combine, tie_breaks, tiers })
        }
        _ => Err(e.into_vec()),
    }
}

/// One criterion row of the scheme editor, as typed. A row with no code and no name is left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionDraft {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// `scale`, `descriptors`, `full_or_zero` or `table`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub max: String,
    #[serde(default)]
    pub weight: String,
    /// For `scale`: the lowest mark and the step.
    #[serde(default)]
    pub min: String,
    #[serde(default)]
    pub step: String,
    /// For `table`: the allowed values separated by commas; for `descriptors`: one per line, 0 first.
    #[serde(default)]
    pub values: String,
}

/// The scheme editor's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeDraft {
    pub attempts: String,
    /// `mean`, `median`, `sum`, `trimmed_mean` or `trimmed_sum`.
    pub aggregate: String,
    #[serde(default)]
    pub trim: String,
    pub factor: String,
    pub decimals: String,
    pub rounding: String,
    #[serde(default)]
    pub max_spread: String,
    #[serde(default)]
    pub criteria: Vec<CriterionDraft>,
}

fn decimal(text: &str, field: &str, key: &str) -> Result<Exact, FieldError> {
    Exact::parse_decimal(text).ok_or_else(|| FieldError::new(field, key))
}

/// The scheme the editor describes, checked for a panel of `panel_size` judges (0: not yet known).
pub fn parse_scheme(d: &SchemeDraft, panel_size: usize) -> Result<Scheme, Vec<FieldError>> {
    use super::code::Code;
    let mut e = Errors::new();
    let attempts = e.check(
        d.attempts
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|a| (1..=20).contains(a))
            .ok_or_else(|| FieldError::new("attempts", "err.scheme.attempts")),
    );
    let trim = || d.trim.trim().parse::<u8>().ok().filter(|k| *k > 0);
    let aggregate = match d.aggregate.trim() {
        "mean" => Some(Aggregate::Mean),
        "median" => Some(Aggregate::Median),
        "sum" => Some(Aggregate::Sum),
        "trimmed_mean" | "trimmed_sum" => match trim() {
            Some(k) if d.aggregate.trim() == "trimmed_mean" => Some(Aggregate::TrimmedMean { k }),
            Some(k) => Some(Aggregate::TrimmedSum { k }),
            None => {
                e.push(FieldError::new("trim", "err.scheme.trim"));
                None
            }
        },
        _ => {
            e.push(FieldError::new("aggregate", "err.code.unknown"));
            None
        }
    };
    let factor = e.check(decimal(&d.factor, "factor", "err.scheme.factor").and_then(|f| {
        if f > Exact::ZERO {
            Ok(f)
        } else {
            Err(FieldError::new("factor", "err.scheme.factor"))
        }
    }));
    let decimals = e.check(
        d.decimals
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|n| *n <= 4)
            .ok_or_else(|| FieldError::new("decimals", "err.scheme.decimals")),
    );
    let rounding =
        e.check(Rounding::from_code(&d.rounding).ok_or_else(|| FieldError::new("rounding", "err.code.unknown")));
    let max_spread = if d.max_spread.trim().is_empty() {
        Some(None)
    } else {
        e.check(decimal(&d.max_spread, "max_spread", "err.scheme.spread").and_then(|s| {
            if s.is_negative() {
                Err(FieldError::new("max_spread", "err.scheme.spread"))
            } else {
                Ok(Some(s))
            }
        }))
    };
    let mut criteria = Vec::new();
    for (i, c) in d.criteria.iter().enumerate() {
        if c.code.trim().is_empty() && c.name.trim().is_empty() {
            continue;
        }
        let f = |name: &str| format!("criteria[{i}][{name}]");
        let code = c.code.trim();
        if code.is_empty() || code.len() > 20 || !code.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
            e.push(FieldError::new(&f("code"), "err.scheme.code"));
        }
        let name = e.check(trimmed_len_between(&c.name, 1, 50, &f("name"), "err.scheme.criterion_name"));
        let max = e.check(decimal(&c.max, &f("max"), "err.scheme.max").and_then(|m| {
            if m > Exact::ZERO {
                Ok(m)
            } else {
                Err(FieldError::new(&f("max"), "err.scheme.max"))
            }
        }));
        let weight = e.check(decimal(&c.weight, &f("weight"), "err.scheme.weight").and_then(|w| {
            if w > Exact::ZERO {
                Ok(w)
            } else {
                Err(FieldError::new(&f("weight"), "err.scheme.weight"))
            }
        }));
        let kind = match c.kind.trim() {
            "full_or_zero" => Some(CriterionKind::FullOrZero),
            "scale" => {
                let min = if c.min.trim().is_empty() {
                    Some(Exact::ZERO)
                } else {
                    e.check(decimal(&c.min, &f("min"), "err.scheme.min"))
                };
                let step = e.check(decimal(&c.step, &f("step"), "err.scheme.step").and_then(|s| {
                    if s > Exact::ZERO {
                        Ok(s)
                    } else {
                        Err(FieldError::new(&f("step"), "err.scheme.step"))
                    }
                }));
                match (min, step, max) {
                    (Some(min), Some(step), Some(max)) => {
                        if min.is_negative() || min >= max {
                            e.push(FieldError::new(&f("min"), "err.scheme.min"));
                            None
                        } else if !max.on_step(min, step) {
                            e.push(FieldError::new(&f("step"), "err.scheme.step_fit"));
                            None
                        } else {
                            Some(CriterionKind::Scale { min, step })
                        }
                    }
                    _ => None,
                }
            }
            "table" => {
                let points: Option<Vec<Exact>> = list(&c.values).map(Exact::parse_decimal).collect();
                match (points, max) {
                    (Some(p), Some(max)) if !p.is_empty() && p.iter().all(|v| !v.is_negative() && *v <= max) => {
                        Some(CriterionKind::Table { points: p })
                    }
                    (_, None) => None,
                    _ => {
                        e.push(FieldError::new(&f("values"), "err.scheme.table"));
                        None
                    }
                }
            }
            "descriptors" => {
                let descriptors: Vec<String> =
                    c.values.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
                match max {
                    Some(max) if max.denom() == 1 && descriptors.len() as i128 == max.numer() + 1 => {
                        Some(CriterionKind::Descriptors { descriptors })
                    }
                    Some(_) => {
                        e.push(FieldError::new(&f("values"), "err.scheme.descriptors"));
                        None
                    }
                    None => None,
                }
            }
            _ => {
                e.push(FieldError::new(&f("kind"), "err.code.unknown"));
                None
            }
        };
        if let (Some(name), Some(max), Some(weight), Some(kind)) = (name, max, weight, kind) {
            criteria.push(Criterion { code: code.to_string(), name, kind, max, weight });
        }
    }
    if criteria.is_empty() && e.is_empty() {
        e.push(FieldError::new("criteria[0][code]", "err.scheme.none"));
    }
    let (Some(attempts), Some(aggregate), Some(factor), Some(decimals), Some(rounding), Some(max_spread)) =
        (attempts, aggregate, factor, decimals, rounding, max_spread)
    else {
        return Err(e.into_vec());
    };
    if !e.is_empty() {
        return Err(e.into_vec());
    }
    let scheme = Scheme { criteria, attempts, aggregate, factor, decimals, rounding, max_spread };
    scheme.validate(panel_size).map_err(|err| vec![scheme_error(&err)])?;
    Ok(scheme)
}

/// A refused scheme as a field error.
pub fn scheme_error(err: &SchemeError) -> FieldError {
    match err {
        SchemeError::NoCriteria => FieldError::new("criteria[0][code]", "err.scheme.none"),
        SchemeError::DuplicateCode(_) => FieldError::new("criteria[0][code]", "err.scheme.duplicate"),
        SchemeError::BadCriterion(_) => FieldError::new("criteria[0][code]", "err.scheme.invalid"),
        SchemeError::BadAttempts => FieldError::new("attempts", "err.scheme.attempts"),
        SchemeError::BadFactor => FieldError::new("factor", "err.scheme.factor"),
        SchemeError::BadDecimals => FieldError::new("decimals", "err.scheme.decimals"),
        SchemeError::BadSpread => FieldError::new("max_spread", "err.scheme.spread"),
        SchemeError::PanelTooSmallToTrim => FieldError::new("trim", "err.scheme.panel_small"),
    }
}

/// The editor's fields for an existing scheme (the inverse of [`parse_scheme`]).
pub fn draft_of(s: &Scheme) -> SchemeDraft {
    let text = |x: Exact| x.to_decimal().unwrap_or_else(|| x.to_string());
    let (aggregate, trim) = match s.aggregate {
        Aggregate::Mean => ("mean", String::new()),
        Aggregate::Median => ("median", String::new()),
        Aggregate::Sum => ("sum", String::new()),
        Aggregate::TrimmedMean { k } => ("trimmed_mean", k.to_string()),
        Aggregate::TrimmedSum { k } => ("trimmed_sum", k.to_string()),
    };
    SchemeDraft {
        attempts: s.attempts.to_string(),
        aggregate: aggregate.into(),
        trim,
        factor: text(s.factor),
        decimals: s.decimals.to_string(),
        rounding: s.rounding.code().into(),
        max_spread: s.max_spread.map(text).unwrap_or_default(),
        criteria: s
            .criteria
            .iter()
            .map(|c| {
                let mut d = CriterionDraft {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    max: text(c.max),
                    weight: text(c.weight),
                    ..Default::default()
                };
                match &c.kind {
                    CriterionKind::FullOrZero => d.kind = "full_or_zero".into(),
                    CriterionKind::Scale { min, step } => {
                        d.kind = "scale".into();
                        d.min = text(*min);
                        d.step = text(*step);
                    }
                    CriterionKind::Table { points } => {
                        d.kind = "table".into();
                        d.values = points.iter().map(|p| text(*p)).collect::<Vec<_>>().join(", ");
                    }
                    CriterionKind::Descriptors { descriptors } => {
                        d.kind = "descriptors".into();
                        d.values = descriptors.join("\n");
                    }
                }
                d
            })
            .collect(),
    }
}

/// A starting scheme for a new round: one criterion 0–100 by 0.5, the judges' mean, two decimals.
pub fn starter_scheme() -> Scheme {
    Scheme {
        criteria: vec![Criterion {
            code: "overall".into(),
            name: "综合".into(),
            kind: CriterionKind::Scale { min: Exact::ZERO, step: Exact::new(1, 2) },
            max: Exact::int(100),
            weight: Exact::ONE,
        }],
        attempts: 1,
        aggregate: Aggregate::Mean,
        factor: Exact::ONE,
        decimals: 2,
        rounding: Rounding::HalfUp,
        max_spread: None,
    }
}

#[cfg(test)]
mod paper_tests {
    use super::*;

    #[test]
    fn paper_rows_skip_the_header_and_blank_rows_and_keep_line_numbers() {
        let cells = |r: &[&str]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let rows = vec![
            cells(&["选手", "次序", "评委", "评分项", "分数", "难度系数"]),
            cells(&["e100030", "", "judge", "procedure", " 8.5 ", ""]),
            cells(&["", "", "", "", "", ""]),
            cells(&["e100031", "2", "chief", "restored", "10", "1.2"]),
        ];
        let got = paper_rows(rows);
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].line, got[0].value.as_str(), got[0].attempt.as_str()), (2, "8.5", ""));
        assert_eq!((got[1].line, got[1].judge.as_str(), got[1].difficulty.as_str()), (4, "chief", "1.2"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_contestant_list_reads_from_csv_with_its_line_numbers() {
        let text = "\u{feff}工号,姓名\r\ne100014,\"张,伟\"\n\n e100015 \t李强\nadmin\n";
        let rows = roster_rows(csv_rows(text));
        assert_eq!(
            rows,
            vec![
                RosterRow { line: 2, who: "e100014".into(), name: "张,伟".into() },
                RosterRow { line: 4, who: "e100015".into(), name: "李强".into() },
                RosterRow { line: 5, who: "admin".into(), name: "".into() },
            ]
        );
    }

    #[test]
    fn window_includes_both_days() {
        assert!(registration_open(d(2026, 11, 1), d(2026, 11, 30), d(2026, 11, 1)));
        assert!(registration_open(d(2026, 11, 1), d(2026, 11, 30), d(2026, 11, 30)));
        assert!(!registration_open(d(2026, 11, 1), d(2026, 11, 30), d(2026, 12, 1)));
        assert!(!registration_open(d(2026, 11, 1), d(2026, 11, 30), d(2026, 10, 31)));
    }

    #[test]
    fn eligibility_and_refusals() {
        assert!(eligible(&[], 7));
        assert!(eligible(&[3, 7], 7));
        assert!(!eligible(&[3], 7));
        assert_eq!(registration_refusal(false, true, false), Some("err.comp.window_closed"));
        assert_eq!(registration_refusal(true, false, false), Some("err.comp.not_eligible"));
        assert_eq!(registration_refusal(true, true, false), None);
        assert_eq!(registration_refusal(false, false, true), None);
    }

    #[test]
    fn competition_form_checks_every_field() {
        let err = parse_competition("x", "chess", "union", "2026-11-30", "2026-11-01").err().unwrap();
        let fields: Vec<_> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "kind", "closes"]);
        let ok = parse_competition(" 技能大赛 ", "skill", "department", "2026-11-01", "2026-11-30").unwrap();
        assert_eq!((ok.name.as_str(), ok.kind, ok.owner), ("技能大赛", CompetitionKind::Skill, Owner::Department));
    }

    fn sport() -> SchemeDraft {
        SchemeDraft {
            attempts: "6".into(),
            aggregate: "trimmed_sum".into(),
            trim: "1".into(),
            factor: "0.6".into(),
            decimals: "2".into(),
            rounding: "half_up".into(),
            max_spread: "".into(),
            criteria: vec![
                CriterionDraft {
                    code: "exec".into(),
                    name: "完成".into(),
                    kind: "scale".into(),
                    max: "10".into(),
                    weight: "1".into(),
                    min: "0".into(),
                    step: "0.5".into(),
                    values: "".into(),
                },
                CriterionDraft::default(),
            ],
        }
    }

    #[test]
    fn a_judged_sport_round_trips_through_the_editor() {
        let s = parse_scheme(&sport(), 7).unwrap();
        assert_eq!(s.aggregate, Aggregate::TrimmedSum { k: 1 });
        assert_eq!(s.criteria.len(), 1, "the blank row is left out");
        assert_eq!(parse_scheme(&draft_of(&s), 7).unwrap(), s);
        assert_eq!(draft_of(&s).factor, "0.6");
    }

    #[test]
    fn the_editor_names_the_field_at_fault() {
        let mut bad = sport();
        bad.criteria[0].step = "0.3".into();
        assert_eq!(parse_scheme(&bad, 7).unwrap_err()[0].field, "criteria[0][step]");
        assert_eq!(parse_scheme(&bad, 7).unwrap_err()[0].key, "err.scheme.step_fit");
        let mut few = sport();
        few.trim = "2".into();
        assert_eq!(parse_scheme(&few, 3).unwrap_err()[0].key, "err.scheme.panel_small");
        let mut desc = sport();
        desc.criteria[0] = CriterionDraft {
            code: "form".into(),
            name: "规范".into(),
            kind: "descriptors".into(),
            max: "2".into(),
            weight: "1".into(),
            values: "未达标\n基本达标".into(),
            ..Default::default()
        };
        assert_eq!(parse_scheme(&desc, 7).unwrap_err()[0].key, "err.scheme.descriptors");
        desc.criteria[0].values.push_str("\n完全达标");
        assert!(parse_scheme(&desc, 7).is_ok());
        let mut dup = sport();
        dup.criteria[1] = dup.criteria[0].clone();
        assert_eq!(parse_scheme(&dup, 7).unwrap_err()[0].key, "err.scheme.duplicate");
    }

    #[test]
    fn event_form_reads_tiers_and_tie_breaks() {
        let ev = parse_event(&EventDraft {
            name: "带电作业".into(),
            entry: "individual".into(),
            combine: "weighted".into(),
            weights: "0.3，0.7".into(),
            tie_criteria: "safety".into(),
            tie_deductions: Some("on".into()),
            tier_by: "count".into(),
            tiers: vec!["1".into(), "2".into(), "3".into(), "".into()],
        })
        .unwrap();
        assert_eq!(ev.tiers, vec![TierRule::Count { n: 1 }, TierRule::Count { n: 2 }, TierRule::Count { n: 3 }]);
        assert_eq!(ev.tie_breaks.len(), 2);
        assert!(matches!(ev.combine, Combine::Weighted { ref weights } if weights.len() == 2));
        let bad = parse_event(&EventDraft { tier_by: "share".into(), tiers: vec!["120".into()], ..Default::default() });
        let fields: Vec<_> = bad.err().unwrap().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "entry", "combine", "tiers[0]"]);
    }
}
