//! Exact numbers for scores: a fraction of two integers, always in lowest terms. Marks, weights,
//! factors and difficulty coefficients are entered as decimals ("8.5", "3.2"); means and medians
//! are fractions (a mean of three marks is a third of their sum), so nothing is rounded until the
//! one place a marking scheme says (`Exact::round`). Never binary floating point.
//!
//! Inputs are bounded where they are parsed (`Exact::parse_decimal`: at most 4 decimals and
//! |x| < 10⁹), which keeps every intermediate of a scoring well inside `i128`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exact {
    num: i128,
    den: i128,
}

/// How a score is rounded to the published number of decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 四舍五入: halves away from zero.
    HalfUp,
    /// Banker's rounding: halves to the even digit.
    HalfEven,
    /// Truncation toward zero (去尾).
    Down,
}

impl Rounding {
    pub const ALL: [Rounding; 3] = [Rounding::HalfUp, Rounding::HalfEven, Rounding::Down];

    pub fn code(self) -> &'static str {
        match self {
            Rounding::HalfUp => "half_up",
            Rounding::HalfEven => "half_even",
            Rounding::Down => "down",
        }
    }
}

super::code::impl_code!(Rounding);

#[inline]
fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    // Scores stay small: 64-bit division is many times faster than 128-bit.
    if let (Ok(mut x), Ok(mut y)) = (u64::try_from(a), u64::try_from(b)) {
        while y != 0 {
            (x, y) = (y, x % y);
        }
        return x as i128;
    }
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a as i128
}

/// Whether a product of two such numbers surely fits in i128 (then no checked multiply, which is a
/// slow library call on i128).
#[inline]
fn small(x: i128) -> bool {
    x.unsigned_abs() < (1u128 << 62)
}

/// `a * b`, checked only when it could overflow.
#[inline]
fn times(a: i128, b: i128) -> i128 {
    if small(a) && small(b) {
        a * b
    } else {
        a.checked_mul(b).expect(OVERFLOW)
    }
}

const OVERFLOW: &str = "score arithmetic overflowed i128: inputs are bounded by Exact::parse_decimal";

impl Exact {
    pub const ZERO: Exact = Exact { num: 0, den: 1 };
    pub const ONE: Exact = Exact { num: 1, den: 1 };

    /// `num / den` in lowest terms. Panics on a zero denominator (a programming error: every
    /// division in scoring is by a count that was checked to be positive).
    #[inline]
    pub fn new(num: i128, den: i128) -> Exact {
        assert!(den != 0, "Exact with a zero denominator");
        if let (Ok(n), Ok(d)) = (i64::try_from(num), i64::try_from(den)) {
            if n != i64::MIN && d != i64::MIN {
                let sign: i64 = if d < 0 { -1 } else { 1 };
                let g = (gcd(num, den) as i64).max(1);
                return Exact { num: (sign * n / g) as i128, den: (sign * d / g) as i128 };
            }
        }
        let sign: i128 = if den < 0 { -1 } else { 1 };
        let g = gcd(num, den).max(1);
        Exact { num: sign * num / g, den: sign * den / g }
    }

    pub fn int(n: i64) -> Exact {
        Exact { num: n as i128, den: 1 }
    }

    /// Parses a plain decimal as people type it: "8", "8.5", "-0.25", "+3". At most 4 decimals and
    /// less than 10⁹ in size, so that scoring stays exact and within bounds.
    pub fn parse_decimal(input: &str) -> Option<Exact> {
        let s = input.trim();
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 4
            || whole.trim_start_matches('0').len() > 9
        {
            return None;
        }
        let mut num: i128 = 0;
        for c in whole.chars().chain(frac.chars()) {
            num = num * 10 + (c as u8 - b'0') as i128;
        }
        let den = 10i128.pow(frac.len() as u32);
        Some(Exact::new(if neg { -num } else { num }, den))
    }

    pub fn numer(self) -> i128 {
        self.num
    }

    pub fn denom(self) -> i128 {
        self.den
    }

    pub fn is_zero(self) -> bool {
        self.num == 0
    }

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    pub fn abs(self) -> Exact {
        Exact { num: self.num.abs(), den: self.den }
    }

    #[inline]
    pub fn add(self, o: Exact) -> Exact {
        if self.num == 0 {
            return o;
        }
        if o.num == 0 {
            return self;
        }
        if self.den == o.den {
            return Exact::new(self.num.checked_add(o.num).expect(OVERFLOW), self.den);
        }
        let g = gcd(self.den, o.den);
        let (a, b) = (self.den / g, o.den / g);
        let num = times(self.num, b).checked_add(times(o.num, a)).expect(OVERFLOW);
        Exact::new(num, times(self.den, b))
    }

    #[inline]
    pub fn sub(self, o: Exact) -> Exact {
        self.add(Exact { num: -o.num, den: o.den })
    }

    #[inline]
    pub fn mul(self, o: Exact) -> Exact {
        if self.den == 1 && o.den == 1 {
            return Exact { num: times(self.num, o.num), den: 1 };
        }
        if o == Exact::ONE {
            return self;
        }
        let g1 = gcd(self.num, o.den).max(1);
        let g2 = gcd(o.num, self.den).max(1);
        // Both fractions are in lowest terms, so after these cancellations the product is too.
        let (a, b, c, d) = if [self.num, self.den, o.num, o.den].iter().all(|x| small(*x)) {
            let q = |x: i128, g: i128| ((x as i64) / (g as i64)) as i128;
            (q(self.num, g1), q(o.num, g2), q(self.den, g2), q(o.den, g1))
        } else {
            (self.num / g1, o.num / g2, self.den / g2, o.den / g1)
        };
        let (num, den) = (times(a, b), times(c, d));
        let sign = if den < 0 { -1 } else { 1 };
        Exact { num: sign * num, den: sign * den }
    }

    /// Division by a non-zero number (`None` for zero).
    #[inline]
    pub fn div(self, o: Exact) -> Option<Exact> {
        (o.num != 0).then(|| self.mul(Exact::new(o.den, o.num)))
    }

    #[inline]
    pub fn div_int(self, n: usize) -> Option<Exact> {
        self.div(Exact::int(n as i64))
    }

    pub fn sum<I: IntoIterator<Item = Exact>>(items: I) -> Exact {
        // Typed decimals (at most 4 places) add as whole ten-thousandths, normalised once.
        const SCALE: i128 = 10_000;
        let mut units: i128 = 0;
        let mut rest = Exact::ZERO;
        for x in items {
            if SCALE % x.den == 0 {
                units = units.checked_add(times(x.num, SCALE / x.den)).expect(OVERFLOW);
            } else {
                rest = rest.add(x);
            }
        }
        Exact::new(units, SCALE).add(rest)
    }

    /// Whether this is a whole multiple of `step` counted from `from` (a scale's minimum).
    pub fn on_step(self, from: Exact, step: Exact) -> bool {
        match self.sub(from).div(step) {
            Some(k) => k.den == 1,
            None => true,
        }
    }

    /// Rounds to `decimals` places the way `mode` says; the result is exact at that precision.
    pub fn round(self, decimals: u8, mode: Rounding) -> Exact {
        let scale = 10i128.pow(decimals as u32);
        let scaled = self.num.checked_mul(scale).expect(OVERFLOW);
        let (q, r) = (scaled / self.den, scaled % self.den);
        // q is truncated toward zero; r has the sign of the number.
        let twice = (r.abs() * 2).cmp(&self.den);
        let away = match mode {
            Rounding::Down => false,
            Rounding::HalfUp => twice != Ordering::Less,
            Rounding::HalfEven => twice == Ordering::Greater || (twice == Ordering::Equal && q % 2 != 0),
        };
        let q = if away && r != 0 { q + scaled.signum() } else { q };
        Exact::new(q, scale)
    }

    /// The number with exactly `decimals` places, rounding half up if it needs more.
    pub fn to_fixed(self, decimals: u8) -> String {
        let r = self.round(decimals, Rounding::HalfUp);
        let scale = 10i128.pow(decimals as u32);
        let units = r.num * (scale / r.den);
        let sign = if units < 0 { "-" } else { "" };
        let (whole, frac) = (units.abs() / scale, units.abs() % scale);
        if decimals == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
        }
    }

    /// The shortest exact decimal, if the number has one (denominator of 2s and 5s only).
    pub fn to_decimal(self) -> Option<String> {
        let mut d = self.den;
        let mut places = 0u8;
        while d % 10 == 0 {
            d /= 10;
            places += 1;
        }
        while d % 2 == 0 || d % 5 == 0 {
            d /= if d % 2 == 0 { 2 } else { 5 };
            places += 1;
        }
        (d == 1).then(|| {
            let s = self.to_fixed(places);
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        })
    }
}

impl Ord for Exact {
    #[inline]
    fn cmp(&self, o: &Exact) -> Ordering {
        if self.den == o.den {
            return self.num.cmp(&o.num);
        }
        times(self.num, o.den).cmp(&times(o.num, self.den))
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, o: &Exact) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// A decimal where it has one ("8.5"), otherwise the fraction ("26/3").
impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_decimal() {
            Some(d) => f.write_str(&d),
            None => write!(f, "{}/{}", self.num, self.den),
        }
    }
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Exact {
    type Err = String;
    fn from_str(s: &str) -> Result<Exact, String> {
        if let Some((n, d)) = s.split_once('/') {
            let n: i128 = n.trim().parse().map_err(|_| format!("not a fraction: {s}"))?;
            let d: i128 = d.trim().parse().map_err(|_| format!("not a fraction: {s}"))?;
            if d == 0 {
                return Err(format!("zero denominator: {s}"));
            }
            return Ok(Exact::new(n, d));
        }
        Exact::parse_decimal(s).ok_or_else(|| format!("not a decimal: {s}"))
    }
}

/// On the wire and in stored JSON as its text ("8.5", "26/3"), so nothing passes through a float.
impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn x(s: &str) -> Exact {
        s.parse().unwrap()
    }

    #[test]
    fn parses_decimals_as_typed() {
        assert_eq!(x("8.5"), Exact::new(17, 2));
        assert_eq!(x("-0.25"), Exact::new(-1, 4));
        assert_eq!(x("+3"), Exact::int(3));
        assert_eq!(x("007.50"), Exact::new(15, 2));
        assert_eq!(x("26/3").to_string(), "26/3");
        for bad in ["", ".", "1.23456", "1e3", "8,5", "--1", "1234567890", "abc", " 1 . 5"] {
            assert!(Exact::parse_decimal(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn arithmetic_is_exact() {
        let third = Exact::int(1).div_int(3).unwrap();
        assert_eq!(Exact::sum([third, third, third]), Exact::ONE);
        assert_eq!(x("0.1").add(x("0.2")), x("0.3"));
        assert_eq!(x("9.5").mul(x("3.2")), x("30.4"));
        assert_eq!(x("1").div(Exact::ZERO), None);
        assert!(x("8.5").on_step(Exact::ZERO, x("0.5")));
        assert!(!x("8.3").on_step(Exact::ZERO, x("0.5")));
        assert!(x("7").on_step(x("1"), x("3")));
    }

    #[test]
    fn rounds_once_the_way_the_scheme_says() {
        assert_eq!(x("2.345").round(2, Rounding::HalfUp), x("2.35"));
        assert_eq!(x("2.345").round(2, Rounding::HalfEven), x("2.34"));
        assert_eq!(x("2.355").round(2, Rounding::HalfEven), x("2.36"));
        assert_eq!(x("2.349").round(2, Rounding::Down), x("2.34"));
        assert_eq!(x("-2.345").round(2, Rounding::HalfUp), x("-2.35"));
        assert_eq!(x("-2.349").round(2, Rounding::Down), x("-2.34"));
        assert_eq!(Exact::new(26, 3).round(2, Rounding::HalfUp).to_fixed(2), "8.67");
        assert_eq!(x("80").to_fixed(2), "80.00");
        assert_eq!(x("-0.5").to_fixed(0), "-1");
        assert_eq!(Exact::new(1, 3).to_decimal(), None);
        assert_eq!(x("12.50").to_decimal().as_deref(), Some("12.5"));
    }

    #[test]
    fn serialises_as_text() {
        let v = serde_json::to_string(&vec![x("8.5"), Exact::new(26, 3)]).unwrap();
        assert_eq!(v, r#"["8.5","26/3"]"#);
        let back: Vec<Exact> = serde_json::from_str(&v).unwrap();
        assert_eq!(back, vec![x("8.5"), Exact::new(26, 3)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]
        #[test]
        fn addition_and_order_agree_with_integers_scaled(a in -10_000_000i64..10_000_000, b in -10_000_000i64..10_000_000) {
            let (ea, eb) = (Exact::new(a as i128, 10_000), Exact::new(b as i128, 10_000));
            prop_assert_eq!(ea.add(eb), Exact::new((a + b) as i128, 10_000));
            prop_assert_eq!(ea.cmp(&eb), a.cmp(&b));
            prop_assert_eq!(Exact::parse_decimal(&ea.to_fixed(4)), Some(ea));
        }

        #[test]
        fn rounding_is_within_half_a_unit(n in -1_000_000i64..1_000_000, d in 1i64..1000, places in 0u8..4) {
            let v = Exact::new(n as i128, d as i128);
            let unit = Exact::new(1, 10i128.pow(places as u32));
            let half = unit.div_int(2).unwrap();
            for mode in [Rounding::HalfUp, Rounding::HalfEven] {
                prop_assert!(v.sub(v.round(places, mode)).abs() <= half);
            }
            let down = v.round(places, Rounding::Down);
            prop_assert!(v.sub(down).abs() < unit && down.abs() <= v.abs());
        }
    }
}
