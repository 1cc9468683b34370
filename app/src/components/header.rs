//! The top bar: brand, navigation by role, language switch, the person and sign-out.
//! On a phone the navigation folds behind a menu button (a CSS-only toggle: no WASM).

use super::{loaded, use_auth};
use crate::api::auth::{Logout, SetLanguage};
use crate::domain::authz::{sections, Section};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let set_language = ServerAction::<SetLanguage>::new();
    let logout = ServerAction::<Logout>::new();
    view! {
        <header class="topbar">
            <a class="skip-link" href="#main">{move || i18n.t("nav.skip")}</a>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                <span>{move || i18n.t("app.name")}</span>
            </A>
            <input type="checkbox" id="nav-toggle" class="nav-toggle" aria-controls="main-nav" aria-label=move || i18n.t("nav.menu")/>
            <label for="nav-toggle" class="nav-toggle-label">
                <span aria-hidden="true">"☰"</span>
                <span class="sr-only">{move || i18n.t("nav.menu")}</span>
            </label>
            <nav id="main-nav" class="nav" aria-label=move || i18n.t("nav.main")>
                <Transition fallback=|| ()>
                    {loaded(auth.user, move |r| match r {
                                Ok(Some(u)) => {
                                    let link = move |s: Section| {
                                        let key = s.label_key();
                                        view! {
                                            <li>
                                                <A href=s.path() attr:class="nav-link" attr:data-section=key>
                                                    {move || i18n.t(key)}
                                                </A>
                                            </li>
                                        }
                                    };
                                    let (admin, daily): (Vec<Section>, Vec<Section>) =
                                        sections(&u.roles).into_iter().partition(|s| s.is_admin());
                                    let links = daily.into_iter().map(link).collect_view();
                                    // The administration pages fold under one entry, so the bar fits one row.
                                    let admin = (!admin.is_empty()).then(|| view! {
                                        <li class="nav-group">
                                            <details>
                                                <summary class="nav-link" data-section="nav.admin">{move || i18n.t("nav.admin")}</summary>
                                                <ul class="nav-sub">{admin.into_iter().map(link).collect_view()}</ul>
                                            </details>
                                        </li>
                                    });
                                    let name = u.display_name.clone();
                                    let unread = u.unread;
                                    view! {
                                        <ul class="nav-links">{links}{admin}</ul>
                                        <div class="nav-user">
                                            <A href="/notifications" attr:class="nav-link" attr:data-section="nav.notifications">
                                                {move || i18n.t("nav.notifications")}
                                                {(unread > 0).then(|| view! { " " <span class="badge" data-testid="unread">{unread}</span> })}
                                            </A>
                                            <A href="/profile" attr:class="nav-link" attr:data-section="nav.profile">
                                                <span class="sr-only">{move || i18n.t("nav.profile")}": "</span>
                                                {name}
                                            </A>
                                            <ActionForm action=logout attr:class="inline-form">
                                                <button type="submit" class="btn btn-ghost" data-testid="logout">
                                                    {move || i18n.t("nav.logout")}
                                                </button>
                                            </ActionForm>
                                        </div>
                                    }
                                        .into_any()
                                }
                                _ => {
                                    view! {
                                        <div class="nav-user">
                                            <A href="/login" attr:class="nav-link">
                                                {move || i18n.t("nav.login")}
                                            </A>
                                        </div>
                                    }
                                        .into_any()
                                }
                            })}
                </Transition>
            </nav>
            <ActionForm action=set_language attr:class="inline-form lang-form">
                <input type="hidden" name="lang" value=move || i18n.locale.get().other().code()/>
                // Named by what it shows (the other language, in that language), as a reader sees it.
                <button type="submit" class="btn btn-ghost lang-switch" data-testid="lang-switch"
                    lang=move || i18n.locale.get().other().code() title=move || i18n.t("lang.switch_label")>
                    {move || i18n.t("lang.other")}
                </button>
            </ActionForm>
        </header>
    }
}
