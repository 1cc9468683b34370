use crate::api::org::{load_org_tree, CreateDepartment, CreateTeam, RenameCompany, UpdateDepartment, UpdateTeam};
use crate::components::{action_error, action_ok, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::org::DepartmentKind;
use crate::i18n::{use_i18n, I18n};
use crate::model::org::OrgTree;
use leptos::prelude::*;

/// The union admin's organisation page: the company, its departments and branches, their teams.
#[component]
pub fn AdminOrgPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManageOrganisation children=|_| view! { <AdminOrgBody/> }/> }
}

#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameCompany>,
    create_dept: ServerAction<CreateDepartment>,
    update_dept: ServerAction<UpdateDepartment>,
    create_team: ServerAction<CreateTeam>,
    update_team: ServerAction<UpdateTeam>,
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

#[component]
fn AdminOrgBody() -> impl IntoView {
    let i18n = use_i18n();
    let a = Actions {
        rename: ServerAction::new(),
        create_dept: ServerAction::new(),
        update_dept: ServerAction::new(),
        create_team: ServerAction::new(),
        update_team: ServerAction::new(),
    };
    let tree = Resource::new(
        move || {
            (
                a.rename.version().get(),
                a.create_dept.version().get(),
                a.update_dept.version().get(),
                a.create_team.version().get(),
                a.update_team.version().get(),
            )
        },
        |_| load_org_tree(),
    );
    view! {
        <h1>{move || i18n.t("nav.admin_org")}</h1>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(tree, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(t) => view! { <OrgEditor tree=t actions=a/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn OrgEditor(tree: OrgTree, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let a = actions;
    let (rn_err, rn_ok) = (action_error(a.rename), action_ok(a.rename));
    let (cd_err, cd_ok) = (action_error(a.create_dept), action_ok(a.create_dept));
    let (ct_err, ct_ok) = (action_error(a.create_team), action_ok(a.create_team));
    let (ud_err, ud_ok) = (action_error(a.update_dept), action_ok(a.update_dept));
    let (ut_err, ut_ok) = (action_error(a.update_team), action_ok(a.update_team));
    let dept_options = tree
        .departments
        .iter()
        .map(|d| view! { <option value=d.id.to_string()>{d.name.clone()}</option> })
        .collect_view();
    let all_depts: Vec<(i64, String)> = tree.departments.iter().map(|d| (d.id, d.name.clone())).collect();
    let departments = tree
        .departments
        .into_iter()
        .map(|d| {
            let (dept_id, dept_name, dept_kind) = (d.id, d.name.clone(), d.kind);
            let teams = d
                .teams
                .into_iter()
                .map(|t| {
                    let moves = all_depts
                        .iter()
                        .map(|(id, name)| view! { <option value=id.to_string() selected=*id == dept_id>{name.clone()}</option> })
                        .collect_view();
                    view! {
                        <li class="team-row">
                            <span>{t.name.clone()}</span>
                            <span class="count">{move || i18n.tf("org.members", &[("n", t.member_count.to_string())])}</span>
                            <details>
                                <summary>{move || i18n.t("common.edit")}</summary>
                                <ActionForm action=a.update_team attr:class="form form-inline">
                                    <input type="hidden" name="id" value=t.id.to_string()/>
                                    <label>{move || i18n.t("field.name")}<input name="name" value=t.name.clone() required/></label>
                                    <label>{move || i18n.t("field.department")}<select name="department_id">{moves}</select></label>
                                    <button type="submit" class="btn">{move || i18n.t("common.save")}</button>
                                </ActionForm>
                            </details>
                        </li>
                    }
                })
                .collect_view();
            let kind_key = dept_kind.label_key();
            let (name_attr, name_title) = (dept_name.clone(), dept_name.clone());
            view! {
                <section class="card" data-department=name_attr>
                    <h2>{name_title}<span class="tag">{move || i18n.t(kind_key)}</span></h2>
                    <details>
                        <summary>{move || i18n.t("common.edit")}</summary>
                        <ActionForm action=a.update_dept attr:class="form form-inline">
                            <input type="hidden" name="id" value=dept_id.to_string()/>
                            <label>{move || i18n.t("field.name")}<input name="name" value=dept_name required/></label>
                            <label>{move || i18n.t("field.kind")}<select name="kind">{kind_options(i18n, dept_kind)}</select></label>
                            <button type="submit" class="btn">{move || i18n.t("common.save")}</button>
                        </ActionForm>
                    </details>
                    <ul class="team-list">{teams}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="grid-3">
            <section class="card">
                <h2>{move || i18n.t("org.company")}</h2>
                <ActionForm action=a.rename attr:class="form">
                    <label for="company-name">{move || i18n.t("field.name")}</label>
                    <input id="company-name" name="name" value=tree.company_name.clone() required aria-invalid=invalid(rn_err, "name")/>
                    <FieldError error=rn_err field="name"/>
                    <FormStatus error=rn_err ok=rn_ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>{move || i18n.t("org.new_department")}</h2>
                <ActionForm action=a.create_dept attr:class="form">
                    <label for="dept-name">{move || i18n.t("field.name")}</label>
                    <input id="dept-name" name="name" required aria-invalid=invalid(cd_err, "name")/>
                    <FieldError error=cd_err field="name"/>
                    <label for="dept-kind">{move || i18n.t("field.kind")}</label>
                    <select id="dept-kind" name="kind">{kind_options(i18n, DepartmentKind::Department)}</select>
                    <FormStatus error=cd_err ok=cd_ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </ActionForm>
            </section>
            <section class="card">
                <h2>{move || i18n.t("org.new_team")}</h2>
                <ActionForm action=a.create_team attr:class="form">
                    <label for="team-dept">{move || i18n.t("field.department")}</label>
                    <select id="team-dept" name="department_id">{dept_options}</select>
                    <FieldError error=ct_err field="department_id"/>
                    <label for="team-name">{move || i18n.t("field.name")}</label>
                    <input id="team-name" name="name" required aria-invalid=invalid(ct_err, "name")/>
                    <FieldError error=ct_err field="name"/>
                    <FormStatus error=ct_err ok=ct_ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </ActionForm>
            </section>
        </div>
        <FormStatus error=ud_err ok=ud_ok detailed=true/>
        <FormStatus error=ut_err ok=ut_ok detailed=true/>
        <div class="grid-3">{departments}</div>
    }
}
