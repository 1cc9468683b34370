use crate::api::org::load_org_tree;
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The organisation as every employee may browse it: departments, their teams and head counts.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <DirectoryBody/> }/> }
}

#[component]
fn DirectoryBody() -> impl IntoView {
    let i18n = use_i18n();
    let tree = Resource::new(|| (), |_| load_org_tree());
    view! {
        <h1>{move || i18n.t("nav.directory")}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(tree, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(t) => {
                    let total = t.people_count();
                    let company = t.company_name.clone();
                    let depts = t.departments.into_iter().map(|d| {
                        let kind = d.kind.label_key();
                        let teams = d.teams.into_iter().map(|team| view! {
                            <li><span>{team.name}</span><span class="count">{move || i18n.tf("org.members", &[("n", team.member_count.to_string())])}</span></li>
                        }).collect_view();
                        view! {
                            <section class="card">
                                <h2>{d.name}<span class="tag">{move || i18n.t(kind)}</span></h2>
                                <ul class="team-list">{teams}</ul>
                            </section>
                        }
                    }).collect_view();
                    view! {
                        <p class="lead">{company}" · "{move || i18n.tf("org.people_total", &[("n", total.to_string())])}</p>
                        <div class="grid-3">{depts}</div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
