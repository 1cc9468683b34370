use crate::api::people::{
    get_person, list_people, CreatePerson, ResetPersonPassword, SetPersonActive, SetPersonRoles, UpdatePerson,
};
use crate::components::{action_error, action_ok, has_error, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::roles::Role;
use crate::i18n::use_i18n;
use crate::model::people::Person;
use crate::components::picker::Picker;
use crate::i18n::I18n;
use crate::pages::pager;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PeopleListPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManagePeople children=|_| view! { <PeopleList/> }/> }
}

#[component]
fn PeopleList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let team = move || query.read().get("team").and_then(|t| t.parse::<i64>().ok());
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let people = Resource::new(move || (q(), team(), page()), |(q, team, page)| list_people(q, team, page));
    view! {
        <div class="page-head">
            <h1>{move || i18n.t("nav.admin_people")}</h1>
            <A href="/admin/people/new" attr:class="btn btn-primary">{move || i18n.t("people.new")}</A>
        </div>
        <Form method="GET" action="" attr:class="form form-inline card" attr:role="search">
            <label>{move || i18n.t("common.search")}
                <input type="search" name="q" value=q placeholder=move || i18n.t("people.search_hint")/>
            </label>
            <label for="team-filter">{move || i18n.t("field.team")}</label>
            <Transition fallback=|| ()>
                {move || people.get().and_then(|r| r.ok()).map(|p| {
                    let value = team().map(|t| t.to_string()).unwrap_or_default();
                    team_picker(i18n, "team-filter", "team", value, p.team_name.unwrap_or_default(), false, false)
                })}
            </Transition>
            <button type="submit" class="btn">{move || i18n.t("common.search")}</button>
        </Form>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(people, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let (qq, tt) = (q(), team());
                    let href = move |n: i64| {
                        let mut s = format!("/admin/people?page={n}&q={}", crate::pages::urlencode(&qq));
                        if let Some(t) = tt { s.push_str(&format!("&team={t}")); }
                        s
                    };
                    let rows = p.rows.into_iter().map(|person| view! { <PersonRow person/> }).collect_view();
                    view! {
                        <div class="table-wrap card">
                            <table>
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("field.display_name")}</th>
                                    <th scope="col">{move || i18n.t("field.username")}</th>
                                    <th scope="col">{move || i18n.t("field.team")}</th>
                                    <th scope="col">{move || i18n.t("profile.roles")}</th>
                                    <th scope="col">{move || i18n.t("field.status")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {pager(i18n, p.page, p.total, p.per_page, href)}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn PersonRow(person: Person) -> impl IntoView {
    let i18n = use_i18n();
    let roles = person
        .roles
        .iter()
        .map(|r| {
            let k = r.label_key();
            view! { <span class="tag">{move || i18n.t(k)}</span> }
        })
        .collect_view();
    let status = if person.active { "people.active" } else { "people.disabled" };
    view! {
        <tr class:disabled=!person.active>
            <td><A href=format!("/admin/people/{}", person.id)>{person.display_name.clone()}</A></td>
            <td>{person.username.clone()}</td>
            <td>{format!("{} · {}", person.department_name, person.team_name)}</td>
            <td>{roles}</td>
            <td>{move || i18n.t(status)}</td>
        </tr>
    }
}

/// The team picker (its value is the team's id; it shows the department and team chosen).
fn team_picker(i18n: I18n, id: &str, name: &str, value: String, shown: String, invalid: bool, required: bool) -> impl IntoView {
    view! {
        <Picker kind="teams".into() id=id.to_string() name=name.to_string() value=value shown=shown
            label=String::new() placeholder=i18n.t("picker.team_hint") none=i18n.t("picker.no_team")
            invalid=invalid required=required multiple=false/>
    }
}

/// Role checkboxes named `roles[code]`, as `RoleChecks` reads them.
#[component]
fn RoleBoxes(selected: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    Role::ALL
        .into_iter()
        .map(|r| {
            let key = r.label_key();
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("roles[{}]", r.code()) value="on" checked=selected.contains(&r)/>
                    {move || i18n.t(key)}
                </label>
            }
        })
        .collect_view()
}

#[component]
pub fn NewPersonPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManagePeople children=|_| view! { <NewPerson/> }/> }
}

#[component]
fn NewPerson() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreatePerson>::new();
    let err = action_error(create);
    view! {
        <h1>{move || i18n.t("people.new")}</h1>
        <section class="card">
            <ActionForm action=create attr:class="form form-grid">
                <div>
                    <label for="username">{move || i18n.t("field.username")}</label>
                    <input id="username" name="username" required autocomplete="off" aria-invalid=invalid(err, "username")/>
                    <p class="hint">{move || i18n.t("hint.username")}</p>
                    <FieldError error=err field="username"/>
                </div>
                <div>
                    <label for="display_name">{move || i18n.t("field.display_name")}</label>
                    <input id="display_name" name="display_name" required aria-invalid=invalid(err, "display_name")/>
                    <FieldError error=err field="display_name"/>
                </div>
                <div>
                    <label for="team_id">{move || i18n.t("field.team")}</label>
                    {team_picker(i18n, "team_id", "team_id", String::new(), String::new(), has_error(err, "team_id"), true)}
                    <FieldError error=err field="team_id"/>
                </div>
                <div>
                    <label for="password">{move || i18n.t("field.initial_password")}</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required aria-invalid=invalid(err, "password")/>
                    <p class="hint">{move || i18n.t("hint.password")}</p>
                    <FieldError error=err field="password"/>
                </div>
                <ContactFields err person=None/>
                <fieldset class="full">
                    <legend>{move || i18n.t("profile.roles")}</legend>
                    <RoleBoxes selected=vec![Role::Employee]/>
                    <FieldError error=err field="roles"/>
                </fieldset>
                <div class="full">
                    <FormStatus error=err ok=Signal::derive(|| false)/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ContactFields(err: Signal<Option<crate::error::AppError>>, person: Option<Person>) -> impl IntoView {
    let i18n = use_i18n();
    let p = person.unwrap_or_else(|| Person {
        id: 0,
        username: String::new(),
        display_name: String::new(),
        team_id: 0,
        team_name: String::new(),
        department_name: String::new(),
        employee_no: None,
        job_title: None,
        phone: None,
        email: None,
        active: true,
        roles: vec![],
    });
    view! {
        <div>
            <label for="employee_no">{move || i18n.t("field.employee_no")}</label>
            <input id="employee_no" name="employee_no" value=p.employee_no.unwrap_or_default() aria-invalid=invalid(err, "employee_no")/>
            <FieldError error=err field="employee_no"/>
        </div>
        <div>
            <label for="job_title">{move || i18n.t("field.job_title")}</label>
            <input id="job_title" name="job_title" value=p.job_title.unwrap_or_default() aria-invalid=invalid(err, "job_title")/>
            <FieldError error=err field="job_title"/>
        </div>
        <div>
            <label for="phone">{move || i18n.t("field.phone")}</label>
            <input id="phone" name="phone" type="tel" value=p.phone.unwrap_or_default() aria-invalid=invalid(err, "phone")/>
            <FieldError error=err field="phone"/>
        </div>
        <div>
            <label for="email">{move || i18n.t("field.email")}</label>
            <input id="email" name="email" type="email" value=p.email.unwrap_or_default() aria-invalid=invalid(err, "email")/>
            <FieldError error=err field="email"/>
        </div>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManagePeople children=|me| view! { <PersonEditor me=me.id/> }/> }
}

#[component]
fn PersonEditor(me: i64) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let update = ServerAction::<UpdatePerson>::new();
    let set_roles = ServerAction::<SetPersonRoles>::new();
    let set_active = ServerAction::<SetPersonActive>::new();
    let reset = ServerAction::<ResetPersonPassword>::new();
    let person = Resource::new(
        move || (id(), update.version().get(), set_roles.version().get(), set_active.version().get()),
        |(id, ..)| get_person(id),
    );
    let (u_err, u_ok) = (action_error(update), action_ok(update));
    let (r_err, r_ok) = (action_error(set_roles), action_ok(set_roles));
    let (a_err, a_ok) = (action_error(set_active), action_ok(set_active));
    let (p_err, p_ok) = (action_error(reset), action_ok(reset));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(person, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let pid = p.id.to_string();
                    let (pid1, pid2, pid3) = (pid.clone(), pid.clone(), pid.clone());
                    let (p_id, p_active, p_roles) = (p.id, p.active, p.roles.clone());
                    let (p_name, p_name2, p_username) = (p.display_name.clone(), p.display_name.clone(), p.username.clone());
                    let contact = p.clone();
                    let status = if p.active { "people.active" } else { "people.disabled" };
                    let toggle_label = if p.active { "people.disable" } else { "people.enable" };
                    let next_active = (!p.active).to_string();
                    let (team_id, team_shown) = (p.team_id, format!("{} · {}", p.department_name, p.team_name));
                    view! {
                        <div class="page-head">
                            <h1>{p_name}<small class="muted">" @"{p_username}</small></h1>
                            <span class="tag" class:tag-warn=!p_active data-testid="person-status">{move || i18n.t(status)}</span>
                        </div>
                        <div class="grid-2">
                            <section class="card">
                                <h2>{move || i18n.t("profile.details")}</h2>
                                <ActionForm action=update attr:class="form">
                                    <input type="hidden" name="id" value=pid1/>
                                    <label for="display_name">{move || i18n.t("field.display_name")}</label>
                                    <input id="display_name" name="display_name" value=p_name2 required aria-invalid=invalid(u_err, "display_name")/>
                                    <FieldError error=u_err field="display_name"/>
                                    <label for="team_id">{move || i18n.t("field.team")}</label>
                                    {team_picker(i18n, "team_id", "team_id", team_id.to_string(), team_shown, has_error(u_err, "team_id"), true)}
                                    <FieldError error=u_err field="team_id"/>
                                    <ContactFields err=u_err person=Some(contact)/>
                                    <FormStatus error=u_err ok=u_ok/>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                                </ActionForm>
                            </section>
                            <div class="stack">
                                <section class="card">
                                    <h2>{move || i18n.t("profile.roles")}</h2>
                                    <ActionForm action=set_roles attr:class="form">
                                        <input type="hidden" name="id" value=pid2/>
                                        <RoleBoxes selected=p_roles/>
                                        <FieldError error=r_err field="roles"/>
                                        <FormStatus error=r_err ok=r_ok/>
                                        <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                                    </ActionForm>
                                </section>
                                <section class="card">
                                    <h2>{move || i18n.t("people.access")}</h2>
                                    <p class="muted">{move || i18n.t("people.disable_hint")}</p>
                                    // Disabling asks first (the page script); enabling does not.
                                    <ActionForm action=set_active attr:class="form"
                                        attr:data-confirm=p_active.then(|| i18n.tf("people.disable_confirm", &[("name", p.display_name.clone())]))>
                                        <input type="hidden" name="id" value=pid3/>
                                        <input type="hidden" name="active" value=next_active/>
                                        <FormStatus error=a_err ok=a_ok detailed=true/>
                                        <button type="submit" class="btn" class:btn-danger=p_active data-testid="toggle-active" disabled=move || p_id == me && p_active>
                                            {move || i18n.t(toggle_label)}
                                        </button>
                                    </ActionForm>
                                </section>
                                <section class="card">
                                    <h2>{move || i18n.t("people.reset_password")}</h2>
                                    <ActionForm action=reset attr:class="form">
                                        <input type="hidden" name="id" value=pid/>
                                        <label for="new_password">{move || i18n.t("field.new_password")}</label>
                                        <input id="new_password" name="new_password" type="password" autocomplete="new-password" required aria-invalid=invalid(p_err, "new_password")/>
                                        <FieldError error=p_err field="new_password"/>
                                        <FormStatus error=p_err ok=p_ok/>
                                        <button type="submit" class="btn">{move || i18n.t("people.reset_password")}</button>
                                    </ActionForm>
                                </section>
                            </div>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
