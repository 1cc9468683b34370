//! Money in integer fen (分), and contribution shares in basis points (1 % = 100). No floats.
//! Amounts and shares cross module boundaries (and the wire, as plain integers) as [`Fen`] and
//! [`BasisPoints`], so neither is mistaken for the other or for a count.

use super::validation::FieldError;
use serde::{Deserialize, Serialize};

/// An amount of money in fen (1 yuan = 100 fen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// As yuan with thousands separators: 123456 fen → "1,234.56".
    pub fn yuan(self) -> String {
        format_yuan(self)
    }
}

impl std::ops::Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        Fen(self.0 + o.0)
    }
}

impl std::ops::Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        Fen(self.0 - o.0)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

/// A share or ratio in basis points (100 % = 10 000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BasisPoints(pub i64);

impl BasisPoints {
    /// 100 %.
    pub const WHOLE: BasisPoints = BasisPoints(10_000);
}

impl std::iter::Sum for BasisPoints {
    fn sum<I: Iterator<Item = BasisPoints>>(iter: I) -> BasisPoints {
        BasisPoints(iter.map(|b| b.0).sum())
    }
}

/// Parses a yuan amount typed by a person ("1234", "1,234.5", "¥12.05") into fen. At most two
/// decimals, not negative, at most one trillion yuan.
pub fn parse_yuan(input: &str, field: &str) -> Result<Fen, FieldError> {
    let err = || FieldError::new(field, "err.money.invalid");
    let s: String = input.trim().trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',' && *c != '，').collect();
    if s.is_empty() {
        return Err(err());
    }
    if s.starts_with(['-', '−']) && s.len() > 1 {
        return Err(FieldError::new(field, "err.money.negative"));
    }
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 13
    {
        return Err(err());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| err())? };
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| err())?;
    let fen = whole.checked_mul(100).and_then(|w| w.checked_add(frac)).ok_or_else(err)?;
    if fen > 100_000_000_000_000 {
        return Err(err());
    }
    Ok(Fen(fen))
}

/// Shows fen as yuan with thousands separators: 123456 → "1,234.56".
pub fn format_yuan(fen: Fen) -> String {
    let fen = fen.0;
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let (yuan, cents) = (abs / 100, abs % 100);
    let digits = yuan.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{cents:02}")
}

/// Parses a percentage with at most two decimals ("33.33") into basis points (3333), 0–100 %.
pub fn parse_percent(input: &str, field: &str) -> Result<BasisPoints, FieldError> {
    let err = || FieldError::new(field, "err.share.invalid");
    let s = input.trim().trim_end_matches('%').trim();
    let bp = parse_yuan(s, field).map_err(|_| err())?.0; // same shape: two decimals
    if bp > 10_000 {
        return Err(err());
    }
    Ok(BasisPoints(bp))
}

/// Shows basis points as a percentage: 3333 → "33.33%".
pub fn format_percent(bp: BasisPoints) -> String {
    let s = format_yuan(Fen(bp.0));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_to_fen_exactly() {
        assert_eq!(parse_yuan("1234", "x").unwrap(), Fen(123_400));
        assert_eq!(parse_yuan("1,234.5", "x").unwrap(), Fen(123_450));
        assert_eq!(parse_yuan("¥0.07", "x").unwrap(), Fen(7));
        assert_eq!(parse_yuan(".5", "x").unwrap(), Fen(50));
        assert_eq!(parse_yuan("0.1", "x").unwrap() + parse_yuan("0.2", "x").unwrap(), Fen(30));
        for bad in ["", "-1", "1.234", "abc", "1.2.3", ".", "99999999999999"] {
            assert!(parse_yuan(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn fen_shows_as_yuan() {
        assert_eq!(format_yuan(Fen(0)), "0.00");
        assert_eq!(format_yuan(Fen(7)), "0.07");
        assert_eq!(format_yuan(Fen(123_456_789)), "1,234,567.89");
        assert_eq!(format_yuan(Fen(-150)), "-1.50");
    }

    #[test]
    fn percents() {
        assert_eq!(parse_percent("33.33", "s").unwrap(), BasisPoints(3333));
        assert_eq!(parse_percent("100%", "s").unwrap(), BasisPoints(10_000));
        assert!(parse_percent("100.01", "s").is_err());
        assert_eq!(format_percent(BasisPoints(3333)), "33.33%");
        assert_eq!(format_percent(BasisPoints(5000)), "50%");
        assert_eq!(format_percent(BasisPoints(1250)), "12.5%");
    }
}
