//! The one error type that crosses the wire. It carries translation keys, never internal text:
//! the cause of an internal error is logged once on the server, where it is mapped.

use crate::domain::validation::FieldError;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Bad input: one entry per offending field. Nothing was changed.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Too many failed attempts: the next is heard in `seconds`. Nothing was checked or changed.
    #[error("too many attempts")]
    Throttled { seconds: i64 },
    /// The request could not reach the server or its answer could not be read.
    #[error("network")]
    Network,
    #[error("internal error")]
    Internal,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn field(field: &str, key: &str) -> Self {
        AppError::Invalid(vec![FieldError::new(field, key)])
    }

    /// The same error with its fields named within one of several forms on a page: `comment`
    /// becomes `return.comment`, and a form-wide error `return.action`.
    pub fn within(self, form: &str) -> Self {
        match self {
            AppError::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|mut e| {
                        e.field = format!("{form}.{}", if e.field.is_empty() { "action" } else { &e.field });
                        e
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// The translation key of a message for the whole form.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "err.unauthenticated",
            AppError::Forbidden => "err.forbidden",
            AppError::NotFound => "err.not_found",
            AppError::Invalid(_) => "err.invalid",
            AppError::Throttled { .. } => "err.throttled",
            AppError::Network => "err.network",
            AppError::Internal => "err.internal",
        }
    }

    /// The translation key of the error for one field, if that field is at fault.
    pub fn field_key(&self, field: &str) -> Option<String> {
        self.field_error(field).map(|e| e.key.clone())
    }

    /// The error for one field, if that field is at fault.
    pub fn field_error(&self, field: &str) -> Option<&FieldError> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field),
            _ => None,
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Throttled { .. } => 429,
            AppError::Network => 502,
            AppError::Internal => 500,
        }
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> Self {
        AppError::Invalid(errors)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(vec![e])
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::Serialization(_) => AppError::Network,
            // Arguments that do not decode are the caller's fault (a missing or malformed field).
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::field("", "err.bad_request"),
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function framework error");
                let _ = other;
                AppError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if matches!(e, sqlx::Error::RowNotFound) {
            return AppError::NotFound;
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}
