//! Employee innovation studios (职工创新工作室): level, yearly plan, budget.

use super::validation::FieldError;
use serde::{Deserialize, Serialize};

/// 工作室级别
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// 企业级
    Enterprise,
    /// 市级
    City,
    /// 省级
    Province,
    /// 全国
    National,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Enterprise, Level::City, Level::Province, Level::National];

    pub fn code(self) -> &'static str {
        match self {
            Level::Enterprise => "enterprise",
            Level::City => "city",
            Level::Province => "province",
            Level::National => "national",
        }
    }

    pub fn parse(code: &str) -> Result<Level, FieldError> {
        Level::ALL
            .into_iter()
            .find(|l| l.code() == code.trim())
            .ok_or_else(|| FieldError::new("level", "err.level.invalid"))
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Level::Enterprise => "studio.level.enterprise",
            Level::City => "studio.level.city",
            Level::Province => "studio.level.province",
            Level::National => "studio.level.national",
        }
    }
}

/// The studio level a reward rule is keyed on: a studio's level, or none for projects outside any studio.
/// On the wire and in the database as its code (`none`, `enterprise`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleLevel {
    NoStudio,
    Studio(Level),
}

impl RuleLevel {
    pub const ALL: [RuleLevel; 5] = [
        RuleLevel::NoStudio,
        RuleLevel::Studio(Level::Enterprise),
        RuleLevel::Studio(Level::City),
        RuleLevel::Studio(Level::Province),
        RuleLevel::Studio(Level::National),
    ];

    pub fn of(level: Option<Level>) -> RuleLevel {
        level.map_or(RuleLevel::NoStudio, RuleLevel::Studio)
    }

    pub fn code(self) -> &'static str {
        match self {
            RuleLevel::NoStudio => "none",
            RuleLevel::Studio(l) => l.code(),
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RuleLevel::NoStudio => "studio.level.none",
            RuleLevel::Studio(l) => l.label_key(),
        }
    }
}

super::code::impl_code!(Level, RuleLevel);
super::code::serde_as_code!(RuleLevel);

/// A calendar date typed as YYYY-MM-DD.
pub fn parse_date(input: &str, field: &str) -> Result<chrono::NaiveDate, FieldError> {
    chrono::NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| FieldError::new(field, "err.date.invalid"))
}

/// A share of a whole as people read progress: a whole percent, half rounded up (2 of 3 tasks is
/// 67 %, 3 of 4 is 75 %), the same for tasks done and budget used.
pub fn format_progress(bp: i64) -> String {
    format!("{}%", (bp.max(0) + 50) / 100)
}

/// Plan progress as basis points of tasks done (0 when there are no tasks).
pub fn progress_bp(done: i64, total: i64) -> i64 {
    if total <= 0 {
        0
    } else {
        done.clamp(0, total) * 10_000 / total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_as_a_whole_percent() {
        assert_eq!(format_progress(progress_bp(2, 3)), "67%");
        assert_eq!(format_progress(progress_bp(3, 4)), "75%");
        assert_eq!(format_progress(progress_bp(1, 3)), "33%");
        assert_eq!(format_progress(progress_bp(0, 0)), "0%");
    }

    #[test]
    fn levels_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.code()).unwrap(), l);
        }
        assert!(Level::parse("galactic").is_err());
        assert_eq!(RuleLevel::of(None).code(), "none");
        assert_eq!(RuleLevel::of(Some(Level::Province)).code(), "province");
    }

    #[test]
    fn dates_and_progress() {
        assert!(parse_date("2026-02-29", "d").is_err());
        assert_eq!(parse_date(" 2026-03-01 ", "d").unwrap().to_string(), "2026-03-01");
        assert_eq!(progress_bp(1, 3), 3333);
        assert_eq!(progress_bp(0, 0), 0);
        assert_eq!(progress_bp(5, 4), 10_000);
    }
}
