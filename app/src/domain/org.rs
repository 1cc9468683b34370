//! The organisation: company → departments / branches (部门 / 分公司) → teams (班组) → people.
//! Input newtypes parse their raw form text once; whatever holds one is valid.

use super::validation::{trimmed_len_between, FieldError};
use serde::{Deserialize, Serialize};

/// A login name: 3–32 characters of a–z, 0–9, `.`, `_`, `-`, starting with a letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if ok {
            Ok(Self(s))
        } else {
            Err(FieldError::new("username", "err.username.invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as shown (姓名): 1–32 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        trimmed_len_between(input, 1, 32, "display_name", "err.display_name.invalid").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name of a company, department or team: 1–60 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitName(String);

impl UnitName {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        trimmed_len_between(input, 1, 60, "name", "err.unit_name.invalid").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Passwords too common to keep anyone out: the most used ones, and common words and names with
/// the digits people add to them (lower case; compared ignoring case).
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Whether `password` is on the common-password list (any case).
pub fn is_common_password(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS.lines().any(|p| p == lower)
}

/// A password: 8–128 characters with at least one letter and one digit, not on the
/// common-password list.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(input: &str, field: &str) -> Result<Self, FieldError> {
        let n = input.chars().count();
        let ok = (8..=128).contains(&n)
            && input.chars().any(|c| c.is_alphabetic())
            && input.chars().any(|c| c.is_ascii_digit());
        if !ok {
            Err(FieldError::new(field, "err.password.weak"))
        } else if is_common_password(input) {
            Err(FieldError::new(field, "err.password.common"))
        } else {
            Ok(Self(input.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Optional contact and HR fields: blank means none.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Contact {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub employee_no: Option<String>,
    pub job_title: Option<String>,
}

fn blank_to_none(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub fn parse_phone(input: &str) -> Result<Option<String>, FieldError> {
    let Some(s) = blank_to_none(input) else { return Ok(None) };
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let ok = (5..=20).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c));
    ok.then_some(Some(s)).ok_or_else(|| FieldError::new("phone", "err.phone.invalid"))
}

pub fn parse_email(input: &str) -> Result<Option<String>, FieldError> {
    let Some(s) = blank_to_none(input) else { return Ok(None) };
    let ok = s.len() <= 100
        && !s.contains(char::is_whitespace)
        && s.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        });
    ok.then_some(Some(s)).ok_or_else(|| FieldError::new("email", "err.email.invalid"))
}

pub fn parse_employee_no(input: &str) -> Result<Option<String>, FieldError> {
    let Some(s) = blank_to_none(input) else { return Ok(None) };
    let ok = s.len() <= 20 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(Some(s)).ok_or_else(|| FieldError::new("employee_no", "err.employee_no.invalid"))
}

pub fn parse_job_title(input: &str) -> Result<Option<String>, FieldError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    trimmed_len_between(input, 1, 40, "job_title", "err.job_title.invalid").map(Some)
}

/// Whether a first-level unit is a branch company (分公司) or a department (部门).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DepartmentKind {
    Branch,
    Department,
}

impl DepartmentKind {
    pub const ALL: [DepartmentKind; 2] = [DepartmentKind::Department, DepartmentKind::Branch];

    pub fn code(self) -> &'static str {
        match self {
            DepartmentKind::Branch => "branch",
            DepartmentKind::Department => "department",
        }
    }

    pub fn parse(code: &str) -> Result<Self, FieldError> {
        match code.trim() {
            "branch" => Ok(DepartmentKind::Branch),
            "department" => Ok(DepartmentKind::Department),
            _ => Err(FieldError::new("kind", "err.kind.invalid")),
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            DepartmentKind::Branch => "org.kind.branch",
            DepartmentKind::Department => "org.kind.department",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse("  Zhang.San ").unwrap().as_str(), "zhang.san");
        for bad in ["ab", "1abc", "a b c", "张三", "", &"a".repeat(33), "abc$"] {
            assert!(Username::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn names_count_characters_not_bytes() {
        assert_eq!(PersonName::parse(" 欧阳娜娜 ").unwrap().as_str(), "欧阳娜娜");
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"张".repeat(32)).is_ok());
        assert!(PersonName::parse(&"张".repeat(33)).is_err());
        assert!(UnitName::parse("检修一班\n").is_ok());
        assert!(UnitName::parse("a\u{0007}b").is_err());
    }

    #[test]
    fn passwords() {
        assert!(Password::parse("abcdefg1", "password").is_ok());
        assert!(Password::parse("abcdefgh", "password").is_err());
        assert!(Password::parse("12345678", "password").is_err());
        assert!(Password::parse("abc1", "password").is_err());
        let e = Password::parse("x", "new_password").unwrap_err();
        assert_eq!(e.field, "new_password");
        assert_eq!(format!("{:?}", Password::parse("tide-hill-47", "p").unwrap()), "Password(***)");
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for p in ["password1", "Password123", "1qaz2wsx", "woaini1314", "QWERTY123", "abc123456", "admin888"] {
            assert_eq!(Password::parse(p, "password").unwrap_err().key, "err.password.common", "{p}");
        }
        // The list holds only passwords the other rules would let through, one a line.
        for line in COMMON_PASSWORDS.lines() {
            assert!(line.chars().count() >= 8 && line == line.to_lowercase() && !line.trim().is_empty(), "{line}");
        }
        assert!(!is_common_password("tide-hill-47"));
    }

    #[test]
    fn contact_fields() {
        assert_eq!(parse_phone("").unwrap(), None);
        assert_eq!(parse_phone(" 138-0000-1111 ").unwrap().as_deref(), Some("138-0000-1111"));
        assert!(parse_phone("call me").is_err());
        assert!(parse_email("a@b.cn").is_ok());
        assert!(parse_email("a@b").is_err());
        assert!(parse_email("@b.cn").is_err());
        assert_eq!(parse_employee_no(" E-1001 ").unwrap().as_deref(), Some("E-1001"));
        assert!(parse_employee_no("E 1001").is_err());
        assert_eq!(parse_job_title("  ").unwrap(), None);
    }

    #[test]
    fn department_kinds() {
        for k in DepartmentKind::ALL {
            assert_eq!(DepartmentKind::parse(k.code()).unwrap(), k);
        }
        assert!(DepartmentKind::parse("division").is_err());
    }
}

super::code::impl_code!(DepartmentKind);
