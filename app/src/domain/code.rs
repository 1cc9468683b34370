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
