use crate::api::audit::list_audit;
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::i18n::use_i18n;
use crate::model::shanghai_time;
use crate::pages::pager;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewAuditLog children=|_| view! { <AuditBody/> }/> }
}

#[component]
fn AuditBody() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let log = Resource::new(page, list_audit);
    view! {
        <h1>{move || i18n.t("nav.admin_audit")}</h1>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(log, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let rows = p.rows.into_iter().map(|e| {
                        let action_key = format!("audit.{}", e.action);
                        view! {
                            <tr>
                                <td><time datetime=e.at.to_rfc3339()>{shanghai_time(e.at)}</time></td>
                                <td>{e.actor_name.unwrap_or_else(|| "—".to_string())}</td>
                                <td>{move || i18n.t(&action_key)}</td>
                                <td>{format!("{} #{}", e.object_type, e.object_id.map(|i| i.to_string()).unwrap_or_default())}</td>
                                <td class="detail">{e.detail}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-wrap card">
                            <table>
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
                        {pager(i18n, p.page, p.total, p.per_page, |n| format!("/admin/audit?page={n}"))}
                    }.into_any()
                }
            })}
        </Transition>
    }
}
