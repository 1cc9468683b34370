//! Field-level input errors. `key` is a translation key, so the browser shows the message in the
//! reader's language.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub key: String,
}

impl FieldError {
    pub fn new(field: &str, key: &str) -> Self {
        Self { field: field.to_string(), key: key.to_string() }
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

/// Trims and counts characters (not bytes: Chinese names are three bytes a character).
pub fn trimmed_len_between(input: &str, min: usize, max: usize, field: &str, key: &str) -> Result<String, FieldError> {
    let s = input.trim();
    let n = s.chars().count();
    if n < min || n > max || s.chars().any(char::is_control) {
        return Err(FieldError::new(field, key));
    }
    Ok(s.to_string())
}
