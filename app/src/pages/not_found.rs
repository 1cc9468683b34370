use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <section class="card narrow center">
            <h1>"404"</h1>
            <p>{move || i18n.t("page.not_found")}</p>
            <a class="btn" href="/">{move || i18n.t("page.back_home")}</a>
        </section>
    }
}
