//! The union admin's organisation editor: the company's name, new departments and teams, and the
//! departments and their teams a page at a time, each with its edit form. A team moves to another
//! department through the department picker (no list of every department on any page).

use crate::api::org::{org_departments, org_teams, CreateDepartment, CreateTeam, RenameCompany, UpdateDepartment, UpdateTeam};
use crate::components::picker::Picker;
use crate::components::{action_error, action_ok, has_error, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::org::DepartmentKind;
use crate::i18n::{use_i18n, I18n};
use crate::model::org::DepartmentSummary;
use crate::pages::directory::{department_param, departments_view, search_and_page, search_form, teams_view};
use leptos::prelude::*;

const BASE: &str = "/admin/org";

#[component]
pub fn AdminOrgPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManageOrganisation children=|_| view! { <AdminOrgBody/> }/> }
}

#[component]
pub fn AdminDepartmentPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManageOrganisation children=|_| view! { <AdminDepartment/> }/> }
}

fn kind_options(i18n: I18n, selected: DepartmentKind) -> impl IntoView {
    DepartmentKind::ALL
        .into_iter()
        .map(|k| {
            let key = k.label_key();
            view! { <option value=k.code() selected=k == selected>{move || i18n.t(key)}</option> }
        })
        .collect_view()
}

/// The department picker (its value is the department's id).
fn department_picker(i18n: I18n, id: String, value: String, shown: String, invalid: bool) -> impl IntoView {
    view! {
        <Picker kind="departments".into() id=id name="department_id".into() value=value shown=shown
            label=String::new() placeholder=i18n.t("picker.department_hint") none=i18n.t("picker.no_department")
            invalid=invalid required=true multiple=false/>
    }
}

/// A department's edit form (name and kind).
fn department_form(i18n: I18n, action: ServerAction<UpdateDepartment>, d: &DepartmentSummary) -> impl IntoView {
    let (id, name, kind) = (d.id, d.name.clone(), d.kind);
    view! {
        <details>
            <summary>{move || i18n.t("common.edit")}</summary>
            <ActionForm action=action attr:class="form form-inline">
                <input type="hidden" name="id" value=id.to_string()/>
                <label>{move || i18n.t("field.name")}<input name="name" value=name required maxlength="60"/></label>
                <label>{move || i18n.t("field.kind")}<select name="kind">{kind_options(i18n, kind)}</select></label>
                <button type="submit" class="btn">{move || i18n.t("common.save")}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AdminOrgBody() -> impl IntoView {
    let i18n = use_i18n();
    let rename = ServerAction::<RenameCompany>::new();
    let create_dept = ServerAction::<CreateDepartment>::new();
    let update_dept = ServerAction::<UpdateDepartment>::new();
    let create_team = ServerAction::<CreateTeam>::new();
    let (q, page) = search_and_page();
    let list = Resource::new(
        move || {
            (q.get(), page.get(), rename.version().get(), create_dept.version().get(), update_dept.version().get(), create_team.version().get())
        },
        |(q, page, ..)| org_departments(q, page),
    );
    let (rn_err, rn_ok) = (action_error(rename), action_ok(rename));
    let (cd_err, cd_ok) = (action_error(create_dept), action_ok(create_dept));
    let (ct_err, ct_ok) = (action_error(create_team), action_ok(create_team));
    let (ud_err, ud_ok) = (action_error(update_dept), action_ok(update_dept));
    view! {
        <h1>{move || i18n.t("nav.admin_org")}</h1>
        <div class="grid-3">
            <section class="card">
                <h2>{move || i18n.t("org.company")}</h2>
                <ActionForm action=rename attr:class="form">
                    <label for="company-name">{move || i18n.t("field.name")}</label>
                    <Transition fallback=|| ()>
                        {move || list.get().and_then(|r| r.ok()).map(|p| view! {
                            <input id="company-name" name="name" value=p.company_name required maxlength="60" aria-invalid=invalid(rn_err, "name")/>
                        })}
                    </Transition>
                    <FieldError error=rn_err field="name"/>
                    <FormStatus error=rn_err ok=rn_ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>{move || i18n.t("org.new_department")}</h2>
                <ActionForm action=create_dept attr:class="form">
                    <label for="dept-name">{move || i18n.t("field.name")}</label>
                    <input id="dept-name" name="name" required maxlength="60" aria-invalid=invalid(cd_err, "name")/>
                    <FieldError error=cd_err field="name"/>
                    <label for="dept-kind">{move || i18n.t("field.kind")}</label>
                    <select id="dept-kind" name="kind">{kind_options(i18n, DepartmentKind::Department)}</select>
                    <FormStatus error=cd_err ok=cd_ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>{move || i18n.t("org.new_team")}</h2>
                <ActionForm action=create_team attr:class="form">
                    <label for="team-dept">{move || i18n.t("field.department")}</label>
                    {department_picker(i18n, "team-dept".into(), String::new(), String::new(), has_error(ct_err, "department_id"))}
                    <FieldError error=ct_err field="department_id"/>
                    <label for="team-name">{move || i18n.t("field.name")}</label>
                    <input id="team-name" name="name" required maxlength="60" aria-invalid=invalid(ct_err, "name")/>
                    <FieldError error=ct_err field="name"/>
                    <FormStatus error=ct_err ok=ct_ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </ActionForm>
            </section>
        </div>
        <FormStatus error=ud_err ok=ud_ok detailed=true/>
        {search_form(i18n, q, "org.search_departments")}
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => departments_view(i18n, p, q.get_untracked(), BASE, move |d| department_form(i18n, update_dept, d)).into_any(),
            })}
        </Transition>
    }
}

/// One department: its edit form, a new team in it, and its teams, each with an edit form.
#[component]
fn AdminDepartment() -> impl IntoView {
    let i18n = use_i18n();
    let update_dept = ServerAction::<UpdateDepartment>::new();
    let create_team = ServerAction::<CreateTeam>::new();
    let update_team = ServerAction::<UpdateTeam>::new();
    let (q, page) = search_and_page();
    let id = department_param();
    let list = Resource::new(
        move || (id.get(), q.get(), page.get(), update_dept.version().get(), create_team.version().get(), update_team.version().get()),
        |(id, q, page, ..)| org_teams(id, q, page),
    );
    let (ud_err, ud_ok) = (action_error(update_dept), action_ok(update_dept));
    let (ct_err, ct_ok) = (action_error(create_team), action_ok(create_team));
    let (ut_err, ut_ok) = (action_error(update_team), action_ok(update_team));
    view! {
        <p><a href=BASE>{move || i18n.t("org.all_departments")}</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let d = p.department.clone();
                    let (dept_id, dept_name) = (d.id, d.name.clone());
                    let team_form = move |t: &crate::model::org::TeamNode| {
                        let picker_id = format!("team-{}-dept", t.id);
                        let dept_name = dept_name.clone();
                        let (team_id, team_name) = (t.id, t.name.clone());
                        view! {
                            <details>
                                <summary>{move || i18n.t("common.edit")}</summary>
                                <ActionForm action=update_team attr:class="form form-inline">
                                    <input type="hidden" name="id" value=team_id.to_string()/>
                                    <label>{move || i18n.t("field.name")}<input name="name" value=team_name required maxlength="60"/></label>
                                    <label for=picker_id.clone()>{move || i18n.t("field.department")}</label>
                                    {department_picker(i18n, picker_id.clone(), dept_id.to_string(), dept_name.clone(), false)}
                                    <button type="submit" class="btn">{move || i18n.t("common.save")}</button>
                                </ActionForm>
                            </details>
                        }
                    };
                    view! {
                        <FormStatus error=ud_err ok=ud_ok detailed=true/>
                        <FormStatus error=ut_err ok=ut_ok detailed=true/>
                        {teams_view(i18n, p, q, BASE, team_form)}
                        <div class="grid-2">
                            <section class="card">
                                <h2>{move || i18n.t("common.edit")}</h2>
                                {department_form(i18n, update_dept, &d)}
                            </section>
                            <section class="card">
                                <h2>{move || i18n.t("org.new_team")}</h2>
                                <ActionForm action=create_team attr:class="form">
                                    <input type="hidden" name="department_id" value=dept_id.to_string()/>
                                    <label for="team-name">{move || i18n.t("field.name")}</label>
                                    <input id="team-name" name="name" required maxlength="60" aria-invalid=invalid(ct_err, "name")/>
                                    <FieldError error=ct_err field="name"/>
                                    <FormStatus error=ct_err ok=ct_ok/>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                                </ActionForm>
                            </section>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
