use crate::api::auth::{demo_accounts, Login};
use crate::components::{action_error, FieldError, FormStatus};
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    // Made inside the routes, so a refused sign-in sent back by the server shows its message.
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    let demo = Resource::new(|| (), |_| demo_accounts());
    // The page that sent the visitor here, to go back to once signed in.
    let next = leptos_router::hooks::use_query_map().read_untracked().get("next").unwrap_or_default();
    view! {
        <section class="card narrow">
            <h1>{move || i18n.t("login.title")}</h1>
            <ActionForm action=login attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next/>
                <label for="username">{move || i18n.t("field.username")}</label>
                <input id="username" name="username" autocomplete="username" required autofocus/>
                <label for="password">{move || i18n.t("field.password")}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    aria-describedby="password-error"
                />
                <FieldError error field="password"/>
                <FormStatus error=Signal::derive(move || error.get().filter(|e| e.field_key("password").is_none())) ok=Signal::derive(|| false)/>
                <button type="submit" class="btn btn-primary">
                    {move || i18n.t("login.submit")}
                </button>
            </ActionForm>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                demo.get()
                    .and_then(|r| r.ok())
                    .filter(|list| !list.is_empty())
                    .map(|list| {
                        let rows = list
                            .into_iter()
                            .map(|a| {
                                let key = a.role.label_key();
                                view! {
                                    <tr>
                                        <td>{move || i18n.t(key)}</td>
                                        <td><code>{a.username}</code></td>
                                        <td><code>{a.password}</code></td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="card narrow demo" aria-labelledby="demo-title">
                                <h2 id="demo-title">{move || i18n.t("login.demo_title")}</h2>
                                <p class="muted">{move || i18n.t("login.demo_hint")}</p>
                                <div class="table-wrap">
                                    <table>
                                        <thead>
                                            <tr>
                                                <th scope="col">{move || i18n.t("field.role")}</th>
                                                <th scope="col">{move || i18n.t("field.username")}</th>
                                                <th scope="col">{move || i18n.t("field.password")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            </section>
                        }
                    })
            }}
        </Suspense>
    }
}
