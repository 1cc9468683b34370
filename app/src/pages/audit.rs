//! The audit log: who did what to which, when; filtered by who, what kind and when, with
//! sign-ins left out unless asked for.

use crate::api::audit::list_audit;
use crate::components::picker::Picker;
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::roles::Role;
use crate::i18n::{use_i18n, I18n};
use crate::model::audit::{AuditEntry, AuditQuery, AREAS};
use crate::model::shanghai_time;
use crate::pages::pager;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewAuditLog children=|_| view! { <AuditBody/> }/> }
}

fn query_of(q: &leptos_router::params::ParamsMap) -> AuditQuery {
    let date = |k: &str| q.get(k).and_then(|v| chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok());
    AuditQuery {
        who: q.get("who").unwrap_or_default(),
        what: q.get("what").unwrap_or_default(),
        from: date("from"),
        to: date("to"),
        sessions: q.get("sessions").is_some_and(|v| !v.is_empty()),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

/// The address of the same filter on page `n`.
fn address(q: &AuditQuery, n: i64) -> String {
    let mut parts = vec![format!("page={n}")];
    let mut push = |k: &str, v: String| {
        if !v.is_empty() {
            parts.push(format!("{k}={}", crate::pages::urlencode(&v)));
        }
    };
    push("who", q.who.clone());
    push("what", q.what.clone());
    push("from", q.from.map(|d| d.to_string()).unwrap_or_default());
    push("to", q.to.map(|d| d.to_string()).unwrap_or_default());
    push("sessions", if q.sessions { "on".into() } else { String::new() });
    format!("/admin/audit?{}", parts.join("&"))
}

/// Where the thing a line is about can be seen, if it has a page.
fn href(object_type: &str, id: i64) -> Option<String> {
    let path = match object_type {
        "person" => "people",
        "project" => "projects",
        "honour" => "honours",
        "studio" => "studios",
        "team" => "teams",
        "competition" => "competitions",
        "evaluation" => "evaluations",
        "labour" => "labour",
        "round" => return Some(format!("/rounds/{id}/results")),
        _ => return None,
    };
    Some(format!("/{path}/{id}"))
}

/// A line's details in the reader's words where they are codes (roles); as written otherwise.
fn detail(i18n: I18n, e: &AuditEntry) -> String {
    match e.action.as_str() {
        "person.roles" => e
            .detail
            .split(',')
            .map(|code| Role::parse(code).map_or_else(|| code.to_string(), |r| i18n.t(r.label_key())))
            .collect::<Vec<_>>()
            .join("、"),
        _ => e.detail.clone(),
    }
}

#[component]
fn AuditBody() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query_of(&query.read());
    let log = Resource::new(q, list_audit);
    let now = q();
    let areas = AREAS
        .into_iter()
        .map(|a| {
            let key = format!("audit.area.{a}");
            view! { <option value=a selected=now.what == a>{i18n.t(&key)}</option> }
        })
        .collect_view();
    view! {
        <h1>{move || i18n.t("nav.admin_audit")}</h1>
        <form method="get" action="/admin/audit" class="form form-inline card" role="search">
            <div class="field">
                <label for="a-who">{move || i18n.t("audit.actor")}</label>
                <Picker kind="people".into() id="a-who".into() name="who".into() value=now.who.clone() shown=String::new()
                    label=String::new() placeholder=i18n.t("picker.person_hint") none=i18n.t("picker.nobody") invalid=false required=false multiple=false/>
            </div>
            <label>{move || i18n.t("audit.what")}
                <select name="what">
                    <option value="">{move || i18n.t("common.all")}</option>
                    {areas}
                </select>
            </label>
            <label>{move || i18n.t("reward.from")}<input name="from" type="date" value=now.from.map(|d| d.to_string()).unwrap_or_default()/></label>
            <label>{move || i18n.t("reward.to")}<input name="to" type="date" value=now.to.map(|d| d.to_string()).unwrap_or_default()/></label>
            <label class="check"><input type="checkbox" name="sessions" value="on" checked=now.sessions/>{move || i18n.t("audit.sessions")}</label>
            <button type="submit" class="btn">{move || i18n.t("common.search")}</button>
        </form>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(log, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) if p.rows.is_empty() => view! { <p class="muted empty">{move || i18n.t("audit.none")}</p> }.into_any(),
                Ok(p) => {
                    let label = move |key: &str| i18n.t(key);
                    let rows = p.rows.into_iter().map(|e| {
                        let action_key = format!("audit.{}", e.action);
                        let type_key = format!("audit.type.{}", e.object_type);
                        let what = match (e.target.clone(), e.object_id) {
                            (Some(name), _) => name,
                            (None, Some(id)) => format!("{} #{id}", i18n.t(&type_key)),
                            (None, None) => i18n.t(&type_key),
                        };
                        let object = match (e.target.is_some(), e.object_id.and_then(|id| href(&e.object_type, id))) {
                            (true, Some(h)) => view! { <a href=h>{what}</a> }.into_any(),
                            _ => view! { <span>{what}</span> }.into_any(),
                        };
                        let detail = detail(i18n, &e);
                        view! {
                            <tr>
                                <td data-label=label("audit.at")><time datetime=e.at.to_rfc3339()>{shanghai_time(e.at)}</time></td>
                                <td data-label=label("audit.actor")>{e.actor_name.unwrap_or_else(|| "—".to_string())}</td>
                                <td data-label=label("audit.action")>{i18n.t(&action_key)}</td>
                                <td data-label=label("audit.object")>{object}</td>
                                <td class="detail" data-label=label("audit.detail")>{detail}</td>
                            </tr>
                        }
                    }).collect_view();
                    let here = q();
                    view! {
                        <p class="muted">{i18n.tf("audit.count", &[("n", p.total.to_string())])}</p>
                        <div class="table-wrap card">
                            <table class="cards">
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("audit.at")}</th>
                                    <th scope="col">{move || i18n.t("audit.actor")}</th>
                                    <th scope="col">{move || i18n.t("audit.action")}</th>
                                    <th scope="col">{move || i18n.t("audit.object")}</th>
                                    <th scope="col">{move || i18n.t("audit.detail")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {pager(i18n, p.page, p.total, p.per_page, move |n| address(&here, n))}
                    }.into_any()
                }
            })}
        </Transition>
    }
}
