use crate::components::{loaded, use_auth, Loading};
use crate::domain::authz::{allows, sections, Permission, Section};
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// Visitors see what the system is for; a signed-in person sees who they are and where to go.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(auth.user, move |r| match r.ok().flatten() {
                        Some(u) => {
                            let roles = u
                                .roles
                                .iter()
                                .map(|r| {
                                    let key = r.label_key();
                                    view! { <li class="tag">{move || i18n.t(key)}</li> }
                                })
                                .collect_view();
                            let cards = sections(&u.roles)
                                .into_iter()
                                .filter(|s| *s != Section::Home)
                                .map(|s| {
                                    let desc = match s {
                                        Section::Projects if !allows(&u.roles, Permission::SubmitProjects) => "home.desc.projects_browse",
                                        _ => desc_key(s),
                                    };
                                    let label = s.label_key();
                                    view! {
                                        <a class="card tile" href=s.path()>
                                            <h2>{move || i18n.t(label)}</h2>
                                            <p>{move || i18n.t(desc)}</p>
                                        </a>
                                    }
                                })
                                .collect_view();
                            let name = u.display_name.clone();
                            let place = format!("{} · {}", u.department_name, u.team_name);
                            view! {
                                <section class="hero">
                                    <h1>{move || i18n.tf("home.greeting", &[("name", name.clone())])}</h1>
                                    <p class="muted">{place}</p>
                                    <ul class="tags" aria-label=move || i18n.t("profile.roles")>{roles}</ul>
                                </section>
                                <div class="tiles">{cards}</div>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <section class="hero">
                                    <h1>{move || i18n.t("app.name")}</h1>
                                    <p class="lead">{move || i18n.t("home.tagline")}</p>
                                    <a class="btn btn-primary" href="/login">{move || i18n.t("nav.login")}</a>
                                </section>
                                <div class="tiles">
                                    <div class="card tile"><h2>{move || i18n.t("home.pillar.studios")}</h2><p>{move || i18n.t("home.pillar.studios_desc")}</p></div>
                                    <div class="card tile"><h2>{move || i18n.t("home.pillar.competitions")}</h2><p>{move || i18n.t("home.pillar.competitions_desc")}</p></div>
                                    <div class="card tile"><h2>{move || i18n.t("home.pillar.honours")}</h2><p>{move || i18n.t("home.pillar.honours_desc")}</p></div>
                                </div>
                            }
                                .into_any()
                        }
                    })}
        </Suspense>
    }
}

fn desc_key(s: Section) -> &'static str {
    match s {
        Section::Home => "home.tagline",
        Section::Boards => "home.desc.boards",
        Section::Honours => "home.desc.honours",
        Section::Projects => "home.desc.projects",
        Section::Review => "home.desc.review",
        Section::Studios => "home.desc.studios",
        Section::Rewards => "home.desc.rewards",
        Section::Competitions => "home.desc.competitions",
        Section::Evaluations => "home.desc.evaluations",
        Section::Judging => "home.desc.judging",
        Section::AdminRules => "home.desc.admin_rules",
        Section::Directory => "home.desc.directory",
        Section::MyTeam => "home.desc.my_team",
        Section::AdminOrganisation => "home.desc.admin_org",
        Section::AdminPeople => "home.desc.admin_people",
        Section::AdminAudit => "home.desc.admin_audit",
    }
}
