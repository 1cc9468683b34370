use crate::api::people::my_team;
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// A team lead's own team (班组): who is in it and how to reach them.
#[component]
pub fn MyTeamPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewOwnTeam children=|u| view! { <MyTeamBody team=u.team_name/> }/> }
}

#[component]
fn MyTeamBody(team: String) -> impl IntoView {
    let i18n = use_i18n();
    let members = Resource::new(|| (), |_| my_team());
    view! {
        <h1>{move || i18n.t("nav.my_team")}" · "{team}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(members, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(list) => {
                    let rows = list.into_iter().map(|p| {
                        let roles = p.roles.iter().map(|r| { let k = r.label_key(); view! { <span class="tag">{move || i18n.t(k)}</span> } }).collect_view();
                        view! {
                            <tr>
                                <td>{p.display_name}</td>
                                <td>{p.employee_no.unwrap_or_default()}</td>
                                <td>{p.job_title.unwrap_or_default()}</td>
                                <td>{p.phone.unwrap_or_default()}</td>
                                <td>{roles}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-wrap card">
                            <table>
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("field.display_name")}</th>
                                    <th scope="col">{move || i18n.t("field.employee_no")}</th>
                                    <th scope="col">{move || i18n.t("field.job_title")}</th>
                                    <th scope="col">{move || i18n.t("field.phone")}</th>
                                    <th scope="col">{move || i18n.t("profile.roles")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
