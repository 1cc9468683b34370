//! Field-level input errors. `key` is a translation key, so the browser shows the message in the
//! reader's language.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: String,
    /// Values for the message's `{name}` placeholders (e.g. the limit a text went over).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

impl FieldError {
    pub fn new(field: &str, key: &str) -> Self {
        Self { field: field.to_string(), key: key.to_string(), args: Vec::new() }
    }

    /// An error whose message names values: `("max", "5000")` fills `{max}`.
    pub fn with(field: &str, key: &str, args: &[(&str, String)]) -> Self {
        let args = args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        Self { field: field.to_string(), key: key.to_string(), args }
    }

    /// A text longer than its limit: says the limit and how long the text is.
    pub fn too_long(field: &str, max: usize, n: usize) -> Self {
        Self::with(field, "err.text.too_long", &[("max", max.to_string()), ("n", n.to_string())])
    }
}

/// Collects the errors of several parsed fields, so a form reports all its problems at once.
#[derive(Default, Debug)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value when it parsed, records the error otherwise.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

/// A multi-line text (a textarea): line breaks and tabs are kept (`\r\n` as `\n`, as the browser
/// counts it against `maxlength`), other control characters refused; at least `min` and at most
/// `max` characters once trimmed. Too long is said as such, with the limit.
pub fn long_text(input: &str, min: usize, max: usize, field: &str, key: &str) -> Result<String, FieldError> {
    let s = input.replace("\r\n", "\n");
    let s = s.trim();
    let n = s.chars().count();
    if n > max {
        return Err(FieldError::too_long(field, max, n));
    }
    if n < min || s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new(field, key));
    }
    Ok(s.to_string())
}

/// Trims and counts characters (not bytes: Chinese names are three bytes a character). Too long
/// is said as such, with the limit; too short or with control characters, by `key`.
pub fn trimmed_len_between(input: &str, min: usize, max: usize, field: &str, key: &str) -> Result<String, FieldError> {
    let s = input.trim();
    let n = s.chars().count();
    if n > max {
        return Err(FieldError::too_long(field, max, n));
    }
    if n < min || s.chars().any(char::is_control) {
        return Err(FieldError::new(field, key));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_keeps_its_lines_and_says_when_it_is_too_long() {
        assert_eq!(long_text(" 一行\r\n二行\t ", 1, 10, "f", "k").unwrap(), "一行\n二行");
        // Counted as the browser counts against maxlength: a line break is one character.
        assert!(long_text(&"字\r\n".repeat(5), 1, 9, "f", "k").is_ok());
        let e = long_text(&"字".repeat(11), 1, 10, "f", "k").unwrap_err();
        assert_eq!(
            (e.key.as_str(), e.args.clone()),
            ("err.text.too_long", vec![("max".into(), "10".into()), ("n".into(), "11".into())])
        );
        assert_eq!(long_text("  ", 1, 10, "f", "k").unwrap_err().key, "k");
        assert_eq!(long_text("a\u{7}b", 1, 10, "f", "k").unwrap_err().key, "k");
        assert_eq!(long_text("", 0, 10, "f", "k").unwrap(), "");
    }

    #[test]
    fn a_short_text_too_long_names_its_limit_too() {
        let e = trimmed_len_between("abcdef", 2, 5, "title", "err.title.invalid").unwrap_err();
        assert_eq!(e.key, "err.text.too_long");
        assert_eq!(trimmed_len_between("a", 2, 5, "title", "err.title.invalid").unwrap_err().key, "err.title.invalid");
    }
}
