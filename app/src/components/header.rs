//! The top bar: brand, navigation by role, language switch, the person and sign-out.
//! On a phone the navigation folds behind a menu button (a CSS-only toggle: no WASM).

use super::{loaded, use_auth};
use crate::api::auth::{Logout, SetLanguage};
use crate::domain::authz::sections;
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
                                    let links = sections(&u.roles)
                                        .into_iter()
                                        .map(|s| {
                                            let key = s.label_key();
                                            view! {
                                                <li>
                                                    <A href=s.path() attr:class="nav-link" attr:data-section=key>
                                                        {move || i18n.t(key)}
                                                    </A>
                                                </li>
                                            }
                                        })
                                        .collect_view();
                                    let name = u.display_name.clone();
                                    let unread = u.unread;
                                    view! {
                                        <ul class="nav-links">{links}</ul>
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
                <button type="submit" class="btn btn-ghost lang-switch" data-testid="lang-switch">
                    <span class="sr-only">{move || i18n.t("lang.switch_label")}": "</span>
                    {move || i18n.t("lang.other")}
                </button>
            </ActionForm>
        </header>
    }
}
