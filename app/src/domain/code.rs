//! Stored and wire codes of the product's enums (stages, actions, categories, levels, kinds,
//! statuses, roles): one `code` per variant, one way back. A code that names no variant is an
//! error for the caller to report, never a default.

pub trait Code: Sized + Copy + 'static {
    /// Every variant, in display order.
    const ALL: &'static [Self];

    /// The code stored in the database and used in URLs and forms.
    fn code(self) -> &'static str;

    /// The variant a code names, if any (surrounding blanks ignored, as typed in forms).
    fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

/// Implements [`Code`] for an enum that has an inherent `ALL` array and `code()` method.
macro_rules! impl_code {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::domain::code::Code for $t {
            const ALL: &'static [Self] = &<$t>::ALL;
            fn code(self) -> &'static str {
                <$t>::code(self)
            }
        })*
    };
}
pub(crate) use impl_code;

/// Serialises an enum as its code (`"stage.approval"`, `"province"`) rather than its variant
/// name, for enums whose variants carry data and so have no plain name of their own.
macro_rules! serde_as_code {
    ($($t:ty),* $(,)?) => {
        $(impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::domain::code::Code::code(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <$t as $crate::domain::code::Code>::from_code(&code)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown code `{code}`")))
            }
        })*
    };
}
pub(crate) use serde_as_code;

#[cfg(test)]
mod tests {
    use super::Code;
    use crate::domain::project::{Action, Category, EntryKind, FiveSmallKind, Stage};
    use crate::domain::rewards::{PayoutKind, PayoutStatus};
    use crate::domain::studio::{Level, RuleLevel};

    fn round_trips<T: Code + PartialEq + std::fmt::Debug>() {
        let mut seen = std::collections::HashSet::new();
        for v in T::ALL {
            assert_eq!(T::from_code(v.code()), Some(*v));
            assert!(seen.insert(v.code()), "code {} twice", v.code());
        }
        assert_eq!(T::from_code("no-such-code"), None);
    }

    #[test]
    fn every_code_round_trips_and_unknown_codes_are_refused() {
        round_trips::<Stage>();
        round_trips::<Action>();
        round_trips::<Category>();
        round_trips::<FiveSmallKind>();
        round_trips::<EntryKind>();
        round_trips::<Level>();
        round_trips::<RuleLevel>();
        round_trips::<PayoutKind>();
        round_trips::<PayoutStatus>();
        round_trips::<crate::domain::roles::Role>();
        round_trips::<crate::domain::boards::Board>();
        round_trips::<crate::domain::org::DepartmentKind>();
    }

    #[test]
    fn data_carrying_enums_cross_the_wire_as_codes() {
        let json = serde_json::to_string(&PayoutKind::CompletionLeader).unwrap();
        assert_eq!(json, "\"completion.leader\"");
        assert_eq!(serde_json::from_str::<PayoutKind>(&json).unwrap(), PayoutKind::CompletionLeader);
        assert_eq!(serde_json::to_string(&RuleLevel::Studio(Level::City)).unwrap(), "\"city\"");
        assert!(serde_json::from_str::<RuleLevel>("\"galactic\"").is_err());
    }
}
