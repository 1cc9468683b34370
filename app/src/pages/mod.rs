//! One module a page (or a family of pages).

pub mod admin_org;
pub mod admin_people;
pub mod audit;
pub mod awards;
pub mod boards;
pub mod competitions;
pub mod directory;
pub mod evaluations;
pub mod home;
pub mod honours;
pub mod judging;
pub mod login;
pub mod my_team;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod profiles;
pub mod projects;
pub mod rewards;
pub mod studios;

use crate::i18n::I18n;
use crate::model::page_count;
use leptos::prelude::*;

/// Percent-encodes a query value (UTF-8 bytes outside the unreserved set).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Previous / next links for a paged list; `href(page)` builds each link.
pub fn pager(i18n: I18n, page: i64, total: i64, per_page: i64, href: impl Fn(i64) -> String) -> impl IntoView {
    let pages = page_count(total, per_page);
    let prev = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label=move || i18n.t("common.pages")>
            {prev.map(|h| view! { <a href=h rel="prev">{move || i18n.t("common.prev")}</a> })}
            <span>
                {move || i18n.tf("common.page_of", &[("page", page.to_string()), ("pages", pages.to_string()), ("total", total.to_string())])}
            </span>
            {next.map(|h| view! { <a href=h rel="next">{move || i18n.t("common.next")}</a> })}
        </nav>
    }
}
