//! Leaderboards (排行榜): which boards a points entry counts on, the windows (month, quarter, year,
//! all time, a chosen run of months) in Asia/Shanghai time, standard competition ranking
//! (1, 2, 2, 4) and the rise in rank against the previous window. Points are whole numbers.

use super::code::impl_code;
use super::validation::FieldError;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a board ranks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Board {
    Person,
    Team,
    Studio,
    Department,
}

impl Board {
    pub const ALL: [Board; 4] = [Board::Person, Board::Team, Board::Studio, Board::Department];

    pub fn code(self) -> &'static str {
        match self {
            Board::Person => "person",
            Board::Team => "team",
            Board::Studio => "studio",
            Board::Department => "department",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Board::Person => "board.person",
            Board::Team => "board.team",
            Board::Studio => "board.studio",
            Board::Department => "board.department",
        }
    }

    /// Whether the board can be narrowed to one department (its rows belong to one).
    pub fn by_department(self) -> bool {
        matches!(self, Board::Person | Board::Team)
    }
}

impl_code!(Board);

/// Who a points entry is for: a person (who was in a team and department, maybe for a studio's
/// project), or a team as a whole (a team evaluation, a labour competition).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holder {
    pub person: Option<i64>,
    pub team: i64,
    pub department: i64,
    pub studio: Option<i64>,
}

/// One row of one board that an entry moves: the board, the subject ranked, and the department
/// the row is filed under (0 on boards not narrowed by department).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Touch {
    pub board: Board,
    pub subject: i64,
    pub department: i64,
}

impl Holder {
    /// The boards an entry for this holder counts on: the person's, their team's, the studio's
    /// (for a studio's project) and the department's.
    pub fn touches(&self) -> Vec<Touch> {
        let mut out = Vec::with_capacity(4);
        if let Some(p) = self.person {
            out.push(Touch { board: Board::Person, subject: p, department: self.department });
        }
        out.push(Touch { board: Board::Team, subject: self.team, department: self.department });
        if let Some(s) = self.studio {
            out.push(Touch { board: Board::Studio, subject: s, department: 0 });
        }
        out.push(Touch { board: Board::Department, subject: self.department, department: 0 });
        out
    }
}

/// China has one time zone and no daylight saving: UTC+8 all year.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar day in Asia/Shanghai of an instant: the day an entry is booked on.
pub fn shanghai_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&shanghai()).date_naive()
}

/// A month as (year, month 1–12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    pub fn quarter(self) -> u32 {
        self.month.div_ceil(3)
    }

    /// `2026-11`, as an `<input type=month>` writes it.
    pub fn text(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        ((1900..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }
}

/// The longest chosen period, in months (five years).
pub const MAX_PERIOD_MONTHS: usize = 60;

/// A board's window. Month, quarter, year and all time are kept up to date as entries are made; a
/// chosen period is a run of whole months, added up when asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Window {
    All,
    Year(i32),
    Quarter(i32, u32),
    Month(Month),
    Period(Month, Month),
}

impl Window {
    /// The four kept windows an entry booked on `date` counts in.
    pub fn kept_for(date: NaiveDate) -> [Window; 4] {
        let m = Month::of(date);
        [Window::All, Window::Year(m.year), Window::Quarter(m.year, m.quarter()), Window::Month(m)]
    }

    /// The stored key of a kept window (`all`, `y2026`, `q2026-4`, `m2026-11`); a chosen period
    /// has none.
    pub fn key(self) -> Option<String> {
        match self {
            Window::All => Some("all".into()),
            Window::Year(y) => Some(format!("y{y}")),
            Window::Quarter(y, q) => Some(format!("q{y}-{q}")),
            Window::Month(m) => Some(format!("m{}", m.text())),
            Window::Period(..) => None,
        }
    }

    /// The window a page asks for: `month`, `quarter`, `year`, `all` (the current ones on
    /// `today`), `m2026-10`, `q2026-3`, `y2025`, or a chosen period `from`–`to` (months).
    pub fn parse(spec: &str, from: &str, to: &str, today: NaiveDate) -> Result<Window, FieldError> {
        let now = Month::of(today);
        let bad = || FieldError::new("window", "err.board.window");
        let w = match spec.trim() {
            "" | "month" => Window::Month(now),
            "quarter" => Window::Quarter(now.year, now.quarter()),
            "year" => Window::Year(now.year),
            "all" => Window::All,
            "period" => {
                let from = Month::parse(from).ok_or_else(|| FieldError::new("from", "err.board.month"))?;
                let to = Month::parse(to).ok_or_else(|| FieldError::new("to", "err.board.month"))?;
                if to < from {
                    return Err(FieldError::new("to", "err.board.period_order"));
                }
                if months_between(from, to) > MAX_PERIOD_MONTHS {
                    return Err(FieldError::new("to", "err.board.period_long"));
                }
                if from == to {
                    Window::Month(from)
                } else {
                    Window::Period(from, to)
                }
            }
            s => {
                if let Some(m) = s.strip_prefix('m') {
                    Window::Month(Month::parse(m).ok_or_else(bad)?)
                } else if let Some(q) = s.strip_prefix('q') {
                    let (y, q) = q.split_once('-').ok_or_else(bad)?;
                    let (y, q) = (y.parse().map_err(|_| bad())?, q.parse().map_err(|_| bad())?);
                    if !(1..=4).contains(&q) || !(1900..=9999).contains(&y) {
                        return Err(bad());
                    }
                    Window::Quarter(y, q)
                } else if let Some(y) = s.strip_prefix('y') {
                    let y: i32 = y.parse().map_err(|_| bad())?;
                    if !(1900..=9999).contains(&y) {
                        return Err(bad());
                    }
                    Window::Year(y)
                } else {
                    return Err(bad());
                }
            }
        };
        Ok(w)
    }

    /// How a page names this window in its address (the inverse of [`Window::parse`]).
    pub fn spec(self) -> (String, String, String) {
        match self {
            Window::Period(a, b) => ("period".into(), a.text(), b.text()),
            w => (w.key().unwrap_or_default(), String::new(), String::new()),
        }
    }

    /// The window just before this one, of the same length (for the rise in rank); none for
    /// all time.
    pub fn previous(self) -> Option<Window> {
        match self {
            Window::All => None,
            Window::Year(y) => Some(Window::Year(y - 1)),
            Window::Quarter(y, 1) => Some(Window::Quarter(y - 1, 4)),
            Window::Quarter(y, q) => Some(Window::Quarter(y, q - 1)),
            Window::Month(m) => Some(Window::Month(m.previous())),
            Window::Period(a, b) => {
                let to = a.previous();
                let mut from = to;
                for _ in 1..months_between(a, b) {
                    from = from.previous();
                }
                Some(Window::Period(from, to))
            }
        }
    }

    /// The months of a chosen period, in order; a kept window has none.
    pub fn months(self) -> Vec<Month> {
        match self {
            Window::Period(a, b) => {
                let mut out = vec![a];
                while *out.last().expect("not empty") < b {
                    out.push(out.last().expect("not empty").next());
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// The first and last month a window covers (none for all time).
    pub fn span(self) -> Option<(Month, Month)> {
        let m = |year, month| Month { year, month };
        match self {
            Window::All => None,
            Window::Year(y) => Some((m(y, 1), m(y, 12))),
            Window::Quarter(y, q) => Some((m(y, q * 3 - 2), m(y, q * 3))),
            Window::Month(x) => Some((x, x)),
            Window::Period(a, b) => Some((a, b)),
        }
    }

    /// A month that has ended by `today` (Asia/Shanghai): its published board is frozen.
    pub fn closed_month(self, today: NaiveDate) -> Option<Month> {
        match self {
            Window::Month(m) if m < Month::of(today) => Some(m),
            _ => None,
        }
    }

    /// The translation key and arguments that name the window.
    pub fn label(self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Window::All => ("board.window.all_time", vec![]),
            Window::Year(y) => ("board.window.year_of", vec![("year", y.to_string())]),
            Window::Quarter(y, q) => ("board.window.quarter_of", vec![("year", y.to_string()), ("q", q.to_string())]),
            Window::Month(m) => {
                ("board.window.month_of", vec![("year", m.year.to_string()), ("month", m.month.to_string())])
            }
            Window::Period(a, b) => ("board.window.period_of", vec![("from", a.text()), ("to", b.text())]),
        }
    }
}

/// Months from `a` to `b` inclusive.
pub fn months_between(a: Month, b: Month) -> usize {
    let n = (b.year - a.year) * 12 + b.month as i32 - a.month as i32 + 1;
    n.max(0) as usize
}

/// Standard competition ranks (1, 2, 2, 4) of totals listed best first, the first having
/// `above` subjects ahead of it.
pub fn ranks<T: PartialEq>(totals: &[T], above: u64) -> Vec<u64> {
    let mut out = Vec::with_capacity(totals.len());
    for (i, t) in totals.iter().enumerate() {
        let r = if i > 0 && totals[i - 1] == *t { out[i - 1] } else { above + i as u64 + 1 };
        out.push(r);
    }
    out
}

/// Ranks of a page of totals in board order (a page may begin inside a group of equal totals):
/// the first total has `above` subjects with a higher total and `tied` subjects, itself
/// included, with the same total.
pub fn page_ranks(totals: &[i64], above: u64, tied: u64) -> Vec<u64> {
    let Some(first) = totals.first() else { return Vec::new() };
    let head = totals.iter().take_while(|t| *t == first).count();
    let mut out = vec![above + 1; head];
    out.extend(ranks(&totals[head..], above + tied.max(head as u64)));
    out
}

/// A subject's rank from how many subjects have each total: one more than the number with a
/// higher total. `counts` is (total, how many), in any order.
pub fn rank_of(total: i64, counts: &[(i64, u64)]) -> u64 {
    1 + counts.iter().filter(|(t, _)| *t > total).map(|(_, n)| n).sum::<u64>()
}

/// The rise in rank from the previous window (positive: climbed), for subjects ranked in both.
pub fn rise(previous: u64, now: u64) -> i64 {
    previous as i64 - now as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn windows_span_their_months() {
        let m = |s: &str| Month::parse(s).unwrap();
        assert_eq!(Window::Quarter(2026, 3).span(), Some((m("2026-07"), m("2026-09"))));
        assert_eq!(Window::Year(2026).span(), Some((m("2026-01"), m("2026-12"))));
        assert_eq!(Window::Month(m("2026-02")).span(), Some((m("2026-02"), m("2026-02"))));
        assert_eq!(Window::All.span(), None);
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        assert_eq!(ranks(&[50, 40, 40, 30, 30, 30, 10], 0), vec![1, 2, 2, 4, 4, 4, 7]);
        assert_eq!(ranks(&[40, 40, 30], 9), vec![10, 10, 12]);
        assert_eq!(ranks::<i64>(&[], 0), Vec::<u64>::new());
        assert_eq!(rank_of(40, &[(50, 1), (40, 2), (30, 3)]), 2);
        assert_eq!(rank_of(30, &[(30, 3), (50, 1), (40, 2)]), 4);
        assert_eq!(rank_of(99, &[(30, 3)]), 1);
    }

    #[test]
    fn a_page_that_begins_inside_a_tie_ranks_on() {
        // The board: 50, 40 ×3, 30, 30, 20. A page from the third 40 on.
        assert_eq!(page_ranks(&[40, 30, 30, 20], 1, 3), vec![2, 5, 5, 7]);
        // A page that is all one tie.
        assert_eq!(page_ranks(&[40, 40], 1, 3), vec![2, 2]);
        assert_eq!(page_ranks(&[50, 40, 40, 40, 30], 0, 1), vec![1, 2, 2, 2, 5]);
        assert_eq!(page_ranks(&[], 4, 1), Vec::<u64>::new());
    }

    proptest! {
        /// The rank from the counts of totals equals the rank in the sorted list, whatever order
        /// the subjects came in.
        #[test]
        fn ranks_do_not_depend_on_order(mut totals in proptest::collection::vec(-50i64..200, 0..60), seed in any::<u64>()) {
            let mut shuffled = totals.clone();
            let n = shuffled.len();
            for i in 0..n {
                let j = ((seed.wrapping_mul(i as u64 + 7)) % n as u64) as usize;
                shuffled.swap(i, j);
            }
            let mut counts: Vec<(i64, u64)> = Vec::new();
            for t in &shuffled {
                match counts.iter_mut().find(|(x, _)| x == t) {
                    Some(c) => c.1 += 1,
                    None => counts.push((*t, 1)),
                }
            }
            totals.sort_unstable_by(|a, b| b.cmp(a));
            let sorted = ranks(&totals, 0);
            for (t, r) in totals.iter().zip(&sorted) {
                prop_assert_eq!(rank_of(*t, &counts), *r);
            }
            // Ranks never decrease down the list and the first is 1.
            prop_assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
            if let Some(first) = sorted.first() { prop_assert_eq!(*first, 1); }
        }
    }

    #[test]
    fn an_instant_is_booked_on_its_shanghai_day() {
        // 2026-11-30 16:00 UTC is already 1 December in Shanghai.
        let at = DateTime::parse_from_rfc3339("2026-11-30T16:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(shanghai_date(at), d("2026-12-01"));
        let at = DateTime::parse_from_rfc3339("2026-11-30T15:59:59Z").unwrap().with_timezone(&Utc);
        assert_eq!(shanghai_date(at), d("2026-11-30"));
        // New year in Shanghai, still the old year in UTC: the entry counts in the new year.
        let at = DateTime::parse_from_rfc3339("2026-12-31T16:30:00Z").unwrap().with_timezone(&Utc);
        let w = Window::kept_for(shanghai_date(at));
        assert_eq!(w[1], Window::Year(2027));
        assert_eq!(w[2], Window::Quarter(2027, 1));
    }

    #[test]
    fn windows_of_a_day_and_their_keys() {
        let w = Window::kept_for(d("2026-11-21"));
        let keys: Vec<String> = w.iter().map(|w| w.key().unwrap()).collect();
        assert_eq!(keys, ["all", "y2026", "q2026-4", "m2026-11"]);
        assert_eq!(Window::kept_for(d("2026-03-31"))[2], Window::Quarter(2026, 1));
        assert_eq!(Window::kept_for(d("2026-04-01"))[2], Window::Quarter(2026, 2));
    }

    #[test]
    fn windows_parse_from_the_address_and_back() {
        let today = d("2026-11-21");
        let now = Month { year: 2026, month: 11 };
        assert_eq!(Window::parse("month", "", "", today).unwrap(), Window::Month(now));
        assert_eq!(Window::parse("", "", "", today).unwrap(), Window::Month(now));
        assert_eq!(Window::parse("quarter", "", "", today).unwrap(), Window::Quarter(2026, 4));
        assert_eq!(Window::parse("year", "", "", today).unwrap(), Window::Year(2026));
        assert_eq!(Window::parse("all", "", "", today).unwrap(), Window::All);
        for w in [Window::All, Window::Year(2025), Window::Quarter(2026, 3), Window::Month(now)] {
            let (s, a, b) = w.spec();
            assert_eq!(Window::parse(&s, &a, &b, today).unwrap(), w);
        }
        let p = Window::parse("period", "2026-02", "2026-05", today).unwrap();
        assert_eq!(p, Window::Period(Month { year: 2026, month: 2 }, Month { year: 2026, month: 5 }));
        let (s, a, b) = p.spec();
        assert_eq!(Window::parse(&s, &a, &b, today).unwrap(), p);
        assert_eq!(p.months().len(), 4);
        assert_eq!(
            Window::parse("period", "2026-05", "2026-05", today).unwrap(),
            Window::Month(Month { year: 2026, month: 5 })
        );
        assert_eq!(Window::parse("period", "2026-05", "2026-02", today).unwrap_err().field, "to");
        assert_eq!(Window::parse("period", "2026-13", "2026-02", today).unwrap_err().field, "from");
        assert_eq!(Window::parse("period", "2020-01", "2026-02", today).unwrap_err().key, "err.board.period_long");
        for bad in ["week", "q2026-5", "m2026-00", "y12", "mx"] {
            assert!(Window::parse(bad, "", "", today).is_err(), "{bad}");
        }
    }

    #[test]
    fn previous_windows_have_the_same_length() {
        let m = |year, month| Month { year, month };
        assert_eq!(Window::Month(m(2026, 1)).previous(), Some(Window::Month(m(2025, 12))));
        assert_eq!(Window::Quarter(2026, 1).previous(), Some(Window::Quarter(2025, 4)));
        assert_eq!(Window::Quarter(2026, 3).previous(), Some(Window::Quarter(2026, 2)));
        assert_eq!(Window::Year(2026).previous(), Some(Window::Year(2025)));
        assert_eq!(Window::All.previous(), None);
        assert_eq!(Window::Period(m(2026, 2), m(2026, 4)).previous(), Some(Window::Period(m(2025, 11), m(2026, 1))));
    }

    #[test]
    fn only_ended_months_are_closed() {
        let today = d("2026-11-01");
        assert_eq!(
            Window::Month(Month { year: 2026, month: 10 }).closed_month(today),
            Some(Month { year: 2026, month: 10 })
        );
        assert_eq!(Window::Month(Month { year: 2026, month: 11 }).closed_month(today), None);
        assert_eq!(Window::Year(2025).closed_month(today), None);
    }

    #[test]
    fn an_entry_counts_on_its_person_team_studio_and_department() {
        let h = Holder { person: Some(7), team: 3, department: 2, studio: Some(5) };
        let boards: Vec<Board> = h.touches().iter().map(|t| t.board).collect();
        assert_eq!(boards, [Board::Person, Board::Team, Board::Studio, Board::Department]);
        let team_only = Holder { person: None, team: 3, department: 2, studio: None };
        let t = team_only.touches();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0], Touch { board: Board::Team, subject: 3, department: 2 });
        assert_eq!(t[1], Touch { board: Board::Department, subject: 2, department: 0 });
    }
}
