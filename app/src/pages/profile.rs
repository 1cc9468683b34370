use crate::api::profile::{my_profile, ChangeMyPassword, UpdateMyProfile};
use crate::components::{action_error, action_ok, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// Every person's own page: their details (editable) and a password change.
#[component]
pub fn ProfilePage() -> impl IntoView {
    view! { <Guard children=|_| view! { <ProfileBody/> }/> }
}

#[component]
fn ProfileBody() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateMyProfile>::new();
    let change = ServerAction::<ChangeMyPassword>::new();
    let profile = Resource::new(move || update.version().get(), |_| my_profile());
    let (u_err, u_ok) = (action_error(update), action_ok(update));
    let (p_err, p_ok) = (action_error(change), action_ok(change));
    view! {
        <h1>{move || i18n.t("profile.title")}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(profile, move |r| match r {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok(p) => {
                        let roles = p.roles.iter().map(|r| { let k = r.label_key(); view! { <li class="tag">{move || i18n.t(k)}</li> } }).collect_view();
                        view! {
                            <div class="grid-2">
                                <section class="card">
                                    <h2>{move || i18n.t("profile.details")}</h2>
                                    <dl class="facts">
                                        <dt>{move || i18n.t("field.username")}</dt><dd>{p.username.clone()}</dd>
                                        <dt>{move || i18n.t("field.team")}</dt><dd>{format!("{} · {}", p.department_name, p.team_name)}</dd>
                                        <dt>{move || i18n.t("field.employee_no")}</dt><dd>{p.employee_no.clone().unwrap_or_default()}</dd>
                                        <dt>{move || i18n.t("field.job_title")}</dt><dd>{p.job_title.clone().unwrap_or_default()}</dd>
                                        <dt>{move || i18n.t("profile.roles")}</dt><dd><ul class="tags">{roles}</ul></dd>
                                    </dl>
                                    <ActionForm action=update attr:class="form">
                                        <label for="display_name">{move || i18n.t("field.display_name")}</label>
                                        <input id="display_name" name="display_name" value=p.display_name.clone() required aria-invalid=invalid(u_err, "display_name")/>
                                        <FieldError error=u_err field="display_name"/>
                                        <label for="phone">{move || i18n.t("field.phone")}</label>
                                        <input id="phone" name="phone" type="tel" value=p.phone.clone().unwrap_or_default() aria-invalid=invalid(u_err, "phone")/>
                                        <FieldError error=u_err field="phone"/>
                                        <label for="email">{move || i18n.t("field.email")}</label>
                                        <input id="email" name="email" type="email" value=p.email.clone().unwrap_or_default() aria-invalid=invalid(u_err, "email")/>
                                        <FieldError error=u_err field="email"/>
                                        <FormStatus error=u_err ok=u_ok/>
                                        <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                                    </ActionForm>
                                </section>
                                <section class="card">
                                    <h2>{move || i18n.t("profile.password")}</h2>
                                    <ActionForm action=change attr:class="form">
                                        <label for="current_password">{move || i18n.t("field.current_password")}</label>
                                        <input id="current_password" name="current_password" type="password" autocomplete="current-password" required/>
                                        <FieldError error=p_err field="current_password"/>
                                        <label for="new_password">{move || i18n.t("field.new_password")}</label>
                                        <input id="new_password" name="new_password" type="password" autocomplete="new-password" required/>
                                        <p class="hint">{move || i18n.t("hint.password")}</p>
                                        <FieldError error=p_err field="new_password"/>
                                        <label for="confirm_password">{move || i18n.t("field.confirm_password")}</label>
                                        <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" required/>
                                        <FieldError error=p_err field="confirm_password"/>
                                        <FormStatus error=p_err ok=p_ok done="profile.password_changed"/>
                                        <button type="submit" class="btn btn-primary">{move || i18n.t("profile.change_password")}</button>
                                    </ActionForm>
                                </section>
                            </div>
                        }.into_any()
                    }
                })}
        </Suspense>
    }
}
