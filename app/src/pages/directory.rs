//! The organisation as every employee may browse it: departments a page at a time with their head
//! counts, then one department's teams. Nothing here lists the whole organisation.

use crate::api::org::{org_departments, org_teams};
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::i18n::{use_i18n, I18n};
use crate::model::org::{DepartmentSummary, DepartmentsPage, TeamsPage};
use crate::pages::{pager, urlencode};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <Departments base="/directory"/> }/> }
}

#[component]
pub fn DirectoryDepartmentPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <Teams base="/directory"/> }/> }
}

/// The `q` and `page` of the address.
pub fn search_and_page() -> (Signal<String>, Signal<i64>) {
    let query = use_query_map();
    (
        Signal::derive(move || query.read().get("q").unwrap_or_default()),
        Signal::derive(move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1)),
    )
}

/// A search box over a list (a GET form: the address says what is shown).
pub fn search_form(i18n: I18n, q: Signal<String>, hint: &'static str) -> impl IntoView {
    view! {
        <Form method="GET" action="" attr:class="form form-inline card" attr:role="search">
            <label>{move || i18n.t("common.search")}
                <input type="search" name="q" value=q placeholder=move || i18n.t(hint)/>
            </label>
            <button type="submit" class="btn">{move || i18n.t("common.search")}</button>
        </Form>
    }
}

/// A department's name, kind and head counts, linking to its teams under `base`.
pub fn department_heading(i18n: I18n, d: &DepartmentSummary, base: &'static str) -> impl IntoView {
    let kind = d.kind.label_key();
    let (teams, people) = (d.teams, d.people);
    view! {
        <h2><a href=format!("{base}/{}", d.id)>{d.name.clone()}</a><span class="tag">{move || i18n.t(kind)}</span></h2>
        <p class="count">
            {move || i18n.tf("org.teams_count", &[("n", teams.to_string())])}" · "
            {move || i18n.tf("org.members", &[("n", people.to_string())])}
        </p>
    }
}

/// A page of departments: the read-only directory (`base` "/directory").
#[component]
fn Departments(base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let (q, page) = search_and_page();
    let list = Resource::new(move || (q.get(), page.get()), |(q, page)| org_departments(q, page));
    view! {
        <h1>{move || i18n.t("nav.directory")}</h1>
        {search_form(i18n, q, "org.search_departments")}
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => departments_view(i18n, p, q.get_untracked(), base, |_| ()).into_any(),
            })}
        </Transition>
    }
}

/// The company line, one card a department (with `extra` inside each card) and the pager.
pub fn departments_view<V: IntoView + 'static>(
    i18n: I18n,
    p: DepartmentsPage,
    q: String,
    base: &'static str,
    extra: impl Fn(&DepartmentSummary) -> V,
) -> impl IntoView {
    let total = p.people_total;
    let cards = p
        .rows
        .iter()
        .map(|d| {
            view! {
                <section class="card" data-department=d.name.clone()>
                    {department_heading(i18n, d, base)}
                    {extra(d)}
                </section>
            }
        })
        .collect_view();
    let empty = p.rows.is_empty().then(|| view! { <p class="empty">{move || i18n.t("org.none")}</p> });
    let href = move |n: i64| format!("{base}?page={n}&q={}", urlencode(&q));
    view! {
        <p class="lead">{p.company_name}" · "{move || i18n.tf("org.people_total", &[("n", total.to_string())])}</p>
        {empty}
        <div class="grid-3">{cards}</div>
        {pager(i18n, p.page, p.total, p.per_page, href)}
    }
}

/// The department the address names (`/…/:id`).
pub fn department_param() -> Signal<i64> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

/// One department's teams, read-only.
#[component]
fn Teams(base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let (q, page) = search_and_page();
    let id = department_param();
    let list = Resource::new(move || (id.get(), q.get(), page.get()), |(id, q, page)| org_teams(id, q, page));
    view! {
        <p><a href=base>{move || i18n.t("org.all_departments")}</a></p>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => teams_view(i18n, p, q, base, |_| ()).into_any(),
            })}
        </Transition>
    }
}

/// A department's heading, the search over its teams, one row a team (with `extra`) and the pager.
pub fn teams_view<V: IntoView + 'static>(
    i18n: I18n,
    p: TeamsPage,
    q: Signal<String>,
    base: &'static str,
    extra: impl Fn(&crate::model::org::TeamNode) -> V,
) -> impl IntoView {
    let d = p.department.clone();
    let kind = d.kind.label_key();
    let (teams, people) = (d.teams, d.people);
    let rows = p
        .rows
        .iter()
        .map(|t| {
            let n = t.member_count;
            view! {
                <li class="team-row">
                    <a href=format!("/teams/{}", t.id)>{t.name.clone()}</a>
                    <span class="count">{move || i18n.tf("org.members", &[("n", n.to_string())])}</span>
                    {extra(t)}
                </li>
            }
        })
        .collect_view();
    let empty = p.rows.is_empty().then(|| view! { <li class="empty">{move || i18n.t("org.none")}</li> });
    let typed = q.get_untracked();
    let href = move |n: i64| format!("{base}/{}?page={n}&q={}", d.id, urlencode(&typed));
    view! {
        <h1>{p.department.name.clone()}<span class="tag">{move || i18n.t(kind)}</span></h1>
        <p class="lead">
            {move || i18n.tf("org.teams_count", &[("n", teams.to_string())])}" · "
            {move || i18n.tf("org.members", &[("n", people.to_string())])}
        </p>
        {search_form(i18n, q, "org.search_teams")}
        <section class="card">
            <ul class="team-list">{empty}{rows}</ul>
        </section>
        {pager(i18n, p.page, p.total, p.per_page, href)}
    }
}
