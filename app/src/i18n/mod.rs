//! Translations. Every user-visible string lives in `app/locales/*.json` (flat `key: text` maps);
//! zh-CN is the default, English is switchable (`api::auth::set_language`) and remembered in the
//! `lang` cookie, which the server reads, so every page comes in the reader's language.

use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::validation::FieldError;

fn fill<'a>(mut s: String, args: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

pub const COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Locale {
        if code.eq_ignore_ascii_case("en") {
            Locale::En
        } else {
            Locale::ZhCn
        }
    }

    /// The locale named by a `Cookie:` header value, zh-CN when none.
    pub fn from_cookie_header(header: &str) -> Locale {
        header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == COOKIE)
            .map(|(_, v)| Locale::from_code(v))
            .unwrap_or_default()
    }

    pub fn other(self) -> Locale {
        match self {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        }
    }
}

pub const ZH_CN_JSON: &str = include_str!("../../locales/zh-CN.json");
pub const EN_JSON: &str = include_str!("../../locales/en.json");

fn table(locale: Locale) -> &'static HashMap<String, String> {
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (cell, src) = match locale {
        Locale::ZhCn => (&ZH, ZH_CN_JSON),
        Locale::En => (&EN, EN_JSON),
    };
    cell.get_or_init(|| serde_json::from_str(src).expect("locale file is a flat JSON object"))
}

/// The text for `key`; a missing key shows as itself so it is noticed, never as a blank.
pub fn translate(locale: Locale, key: &str) -> String {
    table(locale).get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The reader's language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// Reactive: call inside a closure in the view so the text follows the language switch.
    pub fn t(&self, key: &str) -> String {
        translate(self.locale.get(), key)
    }

    /// Fills `{name}` placeholders.
    pub fn tf(&self, key: &str, args: &[(&str, String)]) -> String {
        fill(self.t(key), args.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// A field's error message, with the values it names.
    pub fn error(&self, e: &FieldError) -> String {
        fill(self.t(&e.key), e.args.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// Reads the language once: from the request's cookie on the server, from `<html lang>` in an island.
pub fn provide_i18n() -> I18n {
    let initial = initial_locale();
    let i18n = I18n { locale: RwSignal::new(initial) };
    provide_context(i18n);
    i18n
}

fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(Locale::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        // An island reads the page's language from `<html lang>`, which the server set.
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .map(|code| Locale::from_code(&code))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Locale::default()
        }
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(src: &str) -> BTreeSet<String> {
        let m: HashMap<String, String> = serde_json::from_str(src).unwrap();
        for (k, v) in &m {
            assert!(!v.trim().is_empty(), "empty translation for {k}");
        }
        m.into_keys().collect()
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let zh = keys(ZH_CN_JSON);
        let en = keys(EN_JSON);
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only zh-CN: {only_zh:?}; only en: {only_en:?}");
    }

    /// Every string literal in the sources that looks like a translation key (a known namespace,
    /// then dotted lowercase words) must exist in the files.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let zh = keys(ZH_CN_JSON);
        let namespaces: BTreeSet<String> = zh.iter().map(|k| k.split('.').next().unwrap().to_string()).collect();
        let mut missing = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // Audit action codes are data (shown through `audit.<code>`), not keys themselves.
                let text: String =
                    text.lines().filter(|l| !l.contains("audit::record(")).collect::<Vec<_>>().join("\n");
                for lit in text.split('"').skip(1).step_by(2) {
                    let looks_like_key = lit.contains('.')
                        && lit.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
                        && !lit.starts_with('.')
                        && !lit.ends_with('.')
                        && namespaces.contains(lit.split('.').next().unwrap());
                    if looks_like_key && !zh.contains(lit) {
                        missing.push(format!("{}: {lit}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys used but not translated: {missing:#?}");
    }

    #[test]
    fn cookie_header_picks_the_language() {
        assert_eq!(Locale::from_cookie_header("a=1; lang=en; b=2"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::from_cookie_header(""), Locale::ZhCn);
        assert_eq!(translate(Locale::En, "no.such.key"), "no.such.key");
    }
}
