//! Innovation projects: lists (mine, the public feed, the ones I answer for), the proposal form,
//! the project page with its timeline and actions, and the reviewers' queue.

use crate::api::projects::{
    get_project, leader_projects, my_projects, project_feed, review_queue, AddProjectEntry, CreateProject,
    ProjectAction, UpdateProject,
};
use crate::api::rewards::load_ledger;
use crate::api::studios::list_studios;
use crate::components::limited_text::LimitedText;
use crate::components::picker::Picker;
use crate::components::{action_error, action_ok, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::{allows, Permission};
use crate::domain::money::{format_percent, format_yuan};
use crate::domain::project::{
    Action, Category, EntryKind, FiveSmallKind, Stage, BENEFIT_TEXT_MAX, COMMENT_MAX, TEXT_MAX,
};
use crate::error::AppError;
use crate::i18n::{use_i18n, I18n};
use crate::model::projects::{ProjectDetail, ProjectSummary};
use crate::model::rewards::LedgerFilter;
use crate::model::shanghai_time;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

fn stage_badge(i18n: I18n, stage: Stage) -> impl IntoView {
    let key = stage.label_key();
    view! { <span class=format!("tag stage stage-{}", stage.code()) data-stage=stage.code()>{move || i18n.t(key)}</span> }
}

/// A table of projects.
#[component]
pub fn ProjectTable(projects: Vec<ProjectSummary>, #[prop(optional)] show_leader: bool) -> impl IntoView {
    let i18n = use_i18n();
    if projects.is_empty() {
        return view! { <p class="muted empty">{move || i18n.t("project.none")}</p> }.into_any();
    }
    // Each cell names its column, for the phone, where a row becomes a card.
    let label = move |key: &str| i18n.t(key);
    let rows = projects
        .into_iter()
        .map(|p| {
            let cat = p.category.label_key();
            let leader = p.leader.name.clone();
            view! {
                <tr class:overdue=p.overdue>
                    <td data-label=label("project.title")><A href=format!("/projects/{}", p.id)>{p.title.clone()}</A></td>
                    <td data-label=label("project.category")>{move || i18n.t(cat)}</td>
                    <td data-label=label("project.stage")>{stage_badge(i18n, p.stage)}</td>
                    <td data-label=label("project.author")>{p.author.name.clone()}</td>
                    {show_leader.then(|| view! { <td data-label=label("project.leader")>{leader}</td> })}
                    <td class="num" data-label=label("project.expected_benefit_yuan")>{format_yuan(p.expected_benefit_fen)}</td>
                    <td data-label=label("project.since")>
                        {move || i18n.tf("project.days_in_stage", &[("n", p.days_in_stage.to_string())])}
                        // Overdue is against the planned completion date, not the days in this stage: it says so.
                        {p.overdue.then(|| {
                            let due = p.due_on.map(|d| d.to_string()).unwrap_or_default();
                            view! { " " <span class="tag tag-warn">{move || i18n.tf("project.overdue_since", &[("due", due.clone())])}</span> }
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card">
            <table class="cards">
                <thead><tr>
                    <th scope="col">{move || i18n.t("project.title")}</th>
                    <th scope="col">{move || i18n.t("project.category")}</th>
                    <th scope="col">{move || i18n.t("project.stage")}</th>
                    <th scope="col">{move || i18n.t("project.author")}</th>
                    {show_leader.then(|| view! { <th scope="col">{move || i18n.t("project.leader")}</th> })}
                    <th scope="col" class="num">{move || i18n.t("project.expected_benefit_yuan")}</th>
                    <th scope="col">{move || i18n.t("project.since")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    view! { <Guard children=|u| view! { <ProjectsBody can_submit=allows(&u.roles, Permission::SubmitProjects) leads=u.leads/> }/> }
}

#[component]
fn ProjectsBody(can_submit: bool, leads: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let tab = move || query.read().get("tab").unwrap_or_else(|| "mine".to_string());
    let list = Resource::new(tab, |tab| async move {
        match tab.as_str() {
            "feed" => project_feed().await,
            "leader" => leader_projects().await,
            _ => my_projects().await,
        }
    });
    // Plain links: the router's `<A>` marks every link to this path current, whatever its tab.
    let tab_link = move |t: &'static str, key: &'static str| {
        view! {
            <a href=format!("/projects?tab={t}") class="tab" aria-current=move || (tab() == t).then_some("page")>
                {move || i18n.t(key)}
            </a>
        }
    };
    view! {
        <div class="page-head">
            <h1>{move || i18n.t("nav.projects")}</h1>
            {can_submit.then(|| view! { <A href="/projects/new" attr:class="btn btn-primary">{move || i18n.t("project.new")}</A> })}
        </div>
        <nav class="tabs" aria-label=move || i18n.t("nav.projects")>
            {tab_link("mine", "project.tab.mine")}
            {tab_link("feed", "project.tab.feed")}
            {(leads || tab() == "leader").then(|| tab_link("leader", "project.tab.leader"))}
        </nav>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(projects) => {
                    let leader_view = tab() == "leader";
                    let summary = leader_view.then(|| {
                        let open = projects.iter().filter(|p| p.stage.is_open()).count();
                        let overdue = projects.iter().filter(|p| p.overdue).count();
                        let closed = projects.iter().filter(|p| p.stage == Stage::Closed).count();
                        view! {
                            <div class="stats">
                                <div class="stat"><span class="stat-n">{open}</span><span>{move || i18n.t("project.open")}</span></div>
                                <div class="stat"><span class="stat-n warn">{overdue}</span><span>{move || i18n.t("project.overdue")}</span></div>
                                <div class="stat"><span class="stat-n">{closed}</span><span>{move || i18n.t("project.closed_against_leader")}</span></div>
                            </div>
                            <p class="muted">{move || i18n.t("project.leader_hint")}</p>
                        }
                    });
                    view! { {summary} <ProjectTable projects show_leader=!leader_view/> }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    view! { <Guard permission=Permission::ReviewProjects children=|_| view! { <ReviewBody/> }/> }
}

#[component]
fn ReviewBody() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        <h1>{move || i18n.t("nav.review")}</h1>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(queue, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(projects) => {
                    let counts = [Stage::Submitted, Stage::Approved, Stage::InProgress, Stage::Trial]
                        .into_iter()
                        .map(|s| {
                            let n = projects.iter().filter(|p| p.stage == s).count();
                            let key = s.label_key();
                            view! { <div class="stat" data-stage=s.code()><span class="stat-n">{n}</span><span>{move || i18n.t(key)}</span></div> }
                        })
                        .collect_view();
                    view! {
                        <div class="stats">{counts}</div>
                        <ProjectTable projects show_leader=true/>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
pub fn NewProjectPage() -> impl IntoView {
    view! { <Guard permission=Permission::SubmitProjects children=|u| view! { <ProjectEditor id=None me=u.username/> }/> }
}

#[component]
pub fn EditProjectPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok());
    view! { <Guard permission=Permission::SubmitProjects children=move |u| view! { <ProjectEditor id=id() me=u.username/> }/> }
}

/// The proposal form, new (`id` none) or editing a draft.
#[component]
fn ProjectEditor(id: Option<i64>, me: String) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateProject>::new();
    let update = ServerAction::<UpdateProject>::new();
    let studios = Resource::new(|| (), |_| list_studios());
    let existing = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => get_project(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let err = Signal::derive(move || action_error(create).get().or_else(|| action_error(update).get()));
    view! {
        <h1>{move || i18n.t(if id.is_some() { "project.edit" } else { "project.new" })}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(existing, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let fields = view! { <ProjectFields project=p me=me.clone() err studios/> };
                    match id {
                        Some(id) => view! {
                            <ActionForm action=update attr:class="form form-grid card">
                                <input type="hidden" name="id" value=id.to_string()/>
                                {fields}
                                <div class="full">
                                    <FormStatus error=err ok=Signal::derive(|| false)/>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("project.save_draft")}</button>
                                </div>
                            </ActionForm>
                        }.into_any(),
                        None => view! {
                            <ActionForm action=create attr:class="form form-grid card">
                                {fields}
                                <div class="full">
                                    <FormStatus error=err ok=Signal::derive(|| false)/>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("project.save_draft")}</button>
                                </div>
                            </ActionForm>
                        }.into_any(),
                    }
                }
            })}
        </Suspense>
    }
}

const MEMBER_ROWS: usize = 6;

#[component]
fn ProjectFields(
    project: Option<ProjectDetail>,
    me: String,
    err: Signal<Option<crate::error::AppError>>,
    studios: Resource<Result<Vec<crate::model::studios::StudioSummary>, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let p = project.as_ref();
    let category = p.map(|p| p.summary.category).unwrap_or(Category::Technical);
    let kind = p.and_then(|p| p.summary.five_small_kind);
    let studio_id = p.and_then(|p| p.summary.studio_id);
    let text = |f: fn(&ProjectDetail) -> String| p.map(f).unwrap_or_default();
    let title = text(|p| p.summary.title.clone());
    let problem = text(|p| p.problem.clone());
    // Rendered once on the server: the island gets the translated line and the field's state.
    let counter = i18n.t("form.counter");
    let has_error = move |field: &'static str| crate::components::has_error(err, field);
    let solution = text(|p| p.solution.clone());
    let benefit = p.map(|p| format_yuan(p.summary.expected_benefit_fen).replace(',', "")).unwrap_or_default();
    let benefit_text = text(|p| p.expected_benefit_text.clone());
    let due_on = p.and_then(|p| p.summary.due_on).map(|d| d.to_string()).unwrap_or_default();
    // People are named by username, which scales to any organisation and works before the WASM loads.
    let leader = text(|p| p.leader_username.clone());
    let leader_shown =
        p.map(|p| format!("{} · {}", p.summary.leader.name, p.summary.leader.team_name)).unwrap_or_default();
    let members: Vec<(String, String, String)> = match p {
        Some(p) => p
            .members
            .iter()
            .map(|m| {
                let share = format_percent(m.share_bp).trim_end_matches('%').to_string();
                (m.username.clone(), share, format!("{} · {}", m.person.name, m.person.team_name))
            })
            .collect(),
        None => vec![(me, "100".to_string(), String::new())],
    };
    let (person_hint, nobody) = (i18n.t("picker.person_hint"), i18n.t("picker.nobody"));
    let category_options = Category::ALL
        .into_iter()
        .map(|c| {
            let k = c.label_key();
            view! { <option value=c.code() selected=c == category>{move || i18n.t(k)}</option> }
        })
        .collect_view();
    let kind_options = FiveSmallKind::ALL
        .into_iter()
        .map(|c| {
            let k = c.label_key();
            view! { <option value=c.code() selected=Some(c) == kind>{move || i18n.t(k)}</option> }
        })
        .collect_view();
    let member_rows = (0..MEMBER_ROWS)
        .map(|i| {
            let (u, s, shown) = members.get(i).cloned().unwrap_or_default();
            view! {
                <div class="member-row">
                    <Picker kind="people".into() id=format!("member-{i}") name=format!("form[members][{i}][username]") value=u shown
                        label=i18n.tf("project.member_n", &[("n", (i + 1).to_string())]) placeholder=person_hint.clone() none=nobody.clone()
                        invalid=false required=false multiple=false/>
                    <input name=format!("form[members][{i}][share]") value=s inputmode="decimal" aria-label=move || i18n.tf("project.share_n", &[("n", (i + 1).to_string())]) placeholder="%"/>
                </div>
            }
        })
        .collect_view();
    view! {
        <div>
            <label for="category">{move || i18n.t("project.category")}</label>
            <select id="category" name="form[category]">{category_options}</select>
            <FieldError error=err field="category"/>
        </div>
        // Shown only while 五小 is the chosen category (CSS `:has`); other categories have no kind.
        <div class="five-small-kind">
            <label for="five_small_kind">{move || i18n.t("project.five_small_kind")}</label>
            <select id="five_small_kind" name="form[five_small_kind]">
                <option value="">"—"</option>
                {kind_options}
            </select>
            <FieldError error=err field="five_small_kind"/>
        </div>
        <div class="full">
            <label for="title">{move || i18n.t("project.title")}</label>
            <input id="title" name="form[title]" value=title required maxlength="100" aria-invalid=invalid(err, "title")/>
            <FieldError error=err field="title"/>
        </div>
        <div class="full">
            <label for="problem">{move || i18n.t("project.problem")}</label>
            <LimitedText id="problem".into() name="form[problem]".into() value=problem max=TEXT_MAX counter=counter.clone() invalid=has_error("problem") optional=false/>
            <FieldError error=err field="problem"/>
        </div>
        <div class="full">
            <label for="solution">{move || i18n.t("project.solution")}</label>
            <LimitedText id="solution".into() name="form[solution]".into() value=solution max=TEXT_MAX counter=counter.clone() invalid=has_error("solution") optional=false/>
            <FieldError error=err field="solution"/>
        </div>
        <div>
            <label for="expected_benefit">{move || i18n.t("project.expected_benefit_yuan")}</label>
            <input id="expected_benefit" name="form[expected_benefit]" value=benefit inputmode="decimal" required aria-invalid=invalid(err, "expected_benefit")/>
            <FieldError error=err field="expected_benefit"/>
        </div>
        <div>
            <label for="expected_benefit_text">{move || i18n.t("project.expected_benefit_text")}</label>
            <input id="expected_benefit_text" name="form[expected_benefit_text]" value=benefit_text required maxlength=BENEFIT_TEXT_MAX aria-invalid=invalid(err, "expected_benefit_text")/>
            <FieldError error=err field="expected_benefit_text"/>
        </div>
        <div>
            <label for="leader_username">{move || i18n.t("project.leader")}</label>
            <Picker kind="people".into() id="leader_username".into() name="form[leader_username]".into() value=leader shown=leader_shown
                label=String::new() placeholder=person_hint.clone() none=nobody.clone() invalid=has_error("leader_username") required=true multiple=false/>
            <p class="hint">{move || i18n.t("project.leader_help")}</p>
            <FieldError error=err field="leader_username"/>
        </div>
        <div>
            <label for="studio_id">{move || i18n.t("project.studio")}</label>
            <select id="studio_id" name="form[studio_id]">
                <option value="">{move || i18n.t("studio.level.none")}</option>
                <Suspense fallback=|| ()>
                    {move || studios.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|s| view! {
                        <option value=s.id.to_string() selected=Some(s.id) == studio_id>{s.name}</option>
                    }).collect_view())}
                </Suspense>
            </select>
            <FieldError error=err field="studio_id"/>
        </div>
        <div>
            <label for="due_on">{move || i18n.t("project.due_on")}</label>
            <input id="due_on" name="form[due_on]" type="date" value=due_on min=crate::model::today().to_string() aria-invalid=invalid(err, "due_on")/>
            <FieldError error=err field="due_on"/>
        </div>
        <fieldset class="full">
            <legend>{move || i18n.t("project.members")}</legend>
            <p class="hint">{move || i18n.t("project.members_help")}</p>
            {member_rows}
            <FieldError error=err field="members"/>
        </fieldset>
    }
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    view! { <Guard children=|u| view! { <ProjectBody is_admin=allows(&u.roles, Permission::ManageRewards)/> }/> }
}

#[component]
fn ProjectBody(is_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let act = ServerAction::<ProjectAction>::new();
    let entry = ServerAction::<AddProjectEntry>::new();
    let project = Resource::new(move || (id(), act.version().get(), entry.version().get()), |(id, ..)| get_project(id));
    let payouts = Resource::new(
        move || (id(), act.version().get()),
        |(id, _)| load_ledger(LedgerFilter { project_id: Some(id), ..Default::default() }),
    );
    let (act_err, act_ok) = (action_error(act), action_ok(act));
    let (entry_err, entry_ok) = (action_error(entry), action_ok(entry));
    let query = use_query_map();
    let upload_error = query.read_untracked().get("upload_error").filter(|k| k.starts_with("err."));
    // Rendered once on the server: the counters' islands get the translated line.
    let counter = i18n.t("form.counter");
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(project, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let s = p.summary.clone();
                    let cat = s.category.label_key();
                    let kind = s.five_small_kind.map(|k| k.label_key());
                    let members = p.members.iter().map(|m| view! {
                        <li><span>{m.person.name.clone()}<small class="muted">" · "{m.person.team_name.clone()}</small></span><span class="num">{format_percent(m.share_bp)}</span></li>
                    }).collect_view();
                    let events = p.events.iter().map(|e| {
                        let (a, to) = (e.action.label_key(), e.to.label_key());
                        view! {
                            <li>
                                <time datetime=e.at.to_rfc3339()>{shanghai_time(e.at)}</time>
                                <strong>{move || i18n.t(a)}</strong>
                                " → " {move || i18n.t(to)} " · " {e.actor.clone()}
                                {(!e.comment.is_empty()).then(|| view! { <blockquote>{e.comment.clone()}</blockquote> })}
                            </li>
                        }
                    }).collect_view();
                    let (no_events, no_entries) = (p.events.is_empty(), p.entries.is_empty());
                    let (can_attach, project_id) = (p.can_attach, s.id);
                    let entries = p.entries.iter().map(|e| {
                        let key = match e.kind {
                            EntryKind::Trial => "project.entry.trial",
                            EntryKind::Progress => "project.entry.progress",
                        };
                        view! {
                            <li>
                                <span class="tag">{move || i18n.t(key)}</span>
                                <time>{e.entry_on.to_string()}</time>" · "{e.author.clone()}
                                <p>{e.body.clone()}</p>
                                {(!e.attachments.is_empty()).then(|| view! { <ul class="team-list">{attachment_links(&e.attachments)}</ul> })}
                                {can_attach.then(|| view! {
                                    <form method="post" enctype="multipart/form-data" action=format!("/projects/{project_id}/attachments") class="form-inline entry-upload">
                                        <input type="hidden" name="entry_id" value=e.id.to_string()/>
                                        <input name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" required aria-label=move || i18n.t("project.upload")/>
                                        <button type="submit" class="btn btn-small">{move || i18n.t("project.upload")}</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view();
                    let action_forms = p.actions.iter().map(|a| {
                        let (a, code, label) = (*a, a.code(), a.label_key());
                        let counter = counter.clone();
                        let needs_comment = a.needs_comment();
                        let adopt = a == Action::Adopt;
                        let danger = matches!(a, Action::Close | Action::Return);
                        // This form's errors, beside its own fields (the service names them within it).
                        let field = move |f: &str| format!("{code}.{f}");
                        let bad = move |f: &'static str| move || {
                            if act_err.get().is_some_and(|e| e.field_error(&field(f)).is_some()) { "true" } else { "false" }
                        };
                        view! {
                            <ActionForm action=act attr:class="form action-form">
                                <input type="hidden" name="id" value=s.id.to_string()/>
                                <input type="hidden" name="action" value=code/>
                                {needs_comment.then(|| view! {
                                    <label for=format!("{code}-comment")>{move || i18n.t(comment_label(a))}</label>
                                    <LimitedText id=format!("{code}-comment") name="comment".into() value=String::new() max=COMMENT_MAX counter=counter invalid=crate::components::has_error(act_err, &field("comment")) optional=false/>
                                    <FieldError error=act_err field=field("comment")/>
                                })}
                                {adopt.then(|| view! {
                                    <label for="actual_benefit">{move || i18n.t("project.actual_benefit_yuan")}</label>
                                    <input id="actual_benefit" name="actual_benefit" inputmode="decimal" required
                                        aria-invalid=bad("actual_benefit") aria-describedby="adopt-actual_benefit-error"/>
                                    <FieldError error=act_err field=field("actual_benefit")/>
                                    <label for="actual_benefit_text">{move || i18n.t("project.actual_benefit_text")}</label>
                                    <input id="actual_benefit_text" name="actual_benefit_text" required maxlength=BENEFIT_TEXT_MAX
                                        aria-invalid=bad("actual_benefit_text") aria-describedby="adopt-actual_benefit_text-error"/>
                                    <FieldError error=act_err field=field("actual_benefit_text")/>
                                })}
                                <FieldError error=act_err field=field("action")/>
                                <button type="submit" class="btn" class:btn-primary=!danger class:btn-danger=danger data-action=code>{move || i18n.t(label)}</button>
                            </ActionForm>
                        }
                    }).collect_view();
                    let has_actions = !p.actions.is_empty();
                    let today = crate::model::today().to_string();
                    view! {
                        <div class="page-head">
                            <h1>{s.title.clone()}</h1>
                            {stage_badge(i18n, s.stage)}
                        </div>
                        <p class="muted">
                            {move || i18n.t(cat)}
                            {kind.map(|k| view! { " · " {move || i18n.t(k)} })}
                            {s.studio_name.clone().map(|n| view! { " · " {n} })}
                        </p>
                        <div class="grid-2">
                            <section class="card">
                                <h2>{move || i18n.t("project.proposal")}</h2>
                                <h3>{move || i18n.t("project.problem")}</h3><p class="prose">{p.problem.clone()}</p>
                                <h3>{move || i18n.t("project.solution")}</h3><p class="prose">{p.solution.clone()}</p>
                                <dl class="facts">
                                    <dt>{move || i18n.t("project.expected_benefit_yuan")}</dt>
                                    <dd data-testid="expected-benefit">{format_yuan(s.expected_benefit_fen)}" · "{p.expected_benefit_text.clone()}
                                        {p.benefit_locked.then(|| view! { " " <span class="tag">{move || i18n.t("project.locked")}</span> })}</dd>
                                    {s.actual_benefit_fen.map(|f| view! {
                                        <dt>{move || i18n.t("project.actual_benefit_yuan")}</dt>
                                        <dd data-testid="actual-benefit">{format_yuan(f)}" · "{p.actual_benefit_text.clone().unwrap_or_default()}</dd>
                                    })}
                                    <dt>{move || i18n.t("project.author")}</dt><dd>{s.author.name.clone()}</dd>
                                    <dt>{move || i18n.t("project.leader")}</dt><dd>{s.leader.name.clone()}</dd>
                                    <dt>{move || i18n.t("project.due_on")}</dt><dd>{s.due_on.map(|d| d.to_string()).unwrap_or_default()}</dd>
                                </dl>
                                <h3>{move || i18n.t("project.members")}</h3>
                                <ul class="team-list">{members}</ul>
                                {p.can_edit.then(|| view! { <A href=format!("/projects/{}/edit", s.id) attr:class="btn">{move || i18n.t("project.edit")}</A> })}
                            </section>
                            <div class="stack">
                                {has_actions.then(|| view! {
                                    <section class="card" aria-labelledby="actions-title">
                                        <h2 id="actions-title">{move || i18n.t("project.next_step")}</h2>
                                        // Field errors stand beside their fields; what is left (refused, gone) is said here.
                                        <FormStatus error=Signal::derive(move || act_err.get().filter(|e| !matches!(e, AppError::Invalid(f) if f.iter().all(|f| f.field.contains('.'))))) ok=act_ok/>
                                        <div class="actions">{action_forms}</div>
                                    </section>
                                })}
                                <section class="card">
                                    <h2>{move || i18n.t("project.timeline")}</h2>
                                    {if no_events { view! { <p class="muted empty">{move || i18n.t("project.no_events")}</p> }.into_any() } else { view! { <ol class="timeline">{events}</ol> }.into_any() }}
                                </section>
                                <section class="card">
                                    <h2>{move || i18n.t("project.attachments")}</h2>
                                    {if p.attachments.is_empty() {
                                        view! { <p class="muted empty">{move || i18n.t("project.no_attachments")}</p> }.into_any()
                                    } else {
                                        view! { <ul class="team-list">{attachment_links(&p.attachments)}</ul> }.into_any()
                                    }}
                                    {p.can_attach.then(|| view! {
                                        <form method="post" enctype="multipart/form-data" action=format!("/projects/{}/attachments", s.id) class="form">
                                            <label for="file">{move || i18n.t("project.upload")}</label>
                                            <input id="file" name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp,application/pdf" required/>
                                            <p class="hint">{move || i18n.t("project.upload_hint")}</p>
                                            {upload_error.clone().map(|k| view! { <p class="field-error" role="alert">{move || i18n.t(&k)}</p> })}
                                            <button type="submit" class="btn">{move || i18n.t("project.upload")}</button>
                                        </form>
                                    })}
                                </section>
                                <section class="card">
                                    <h2>{move || i18n.t("project.entries")}</h2>
                                    {if no_entries { view! { <p class="muted empty">{move || i18n.t("project.no_entries")}</p> }.into_any() } else { view! { <ul class="entries">{entries}</ul> }.into_any() }}
                                    {p.can_report.then(|| view! {
                                        <ActionForm action=entry attr:class="form">
                                            <input type="hidden" name="id" value=s.id.to_string()/>
                                            <label for="entry_on">{move || i18n.t("project.entry_on")}</label>
                                            <input id="entry_on" name="entry_on" type="date" value=today.clone() required/>
                                            <label for="body">{move || i18n.t("project.entry_body")}</label>
                                            <LimitedText id="body".into() name="body".into() value=String::new() max=TEXT_MAX counter=counter.clone() invalid=crate::components::has_error(entry_err, "body") optional=false/>
                                            <FieldError error=entry_err field="body"/>
                                            <FormStatus error=entry_err ok=entry_ok/>
                                            <button type="submit" class="btn btn-primary">{move || i18n.t("project.add_entry")}</button>
                                        </ActionForm>
                                    })}
                                </section>
                            </div>
                        </div>
                        <section class="card">
                            <h2>{move || i18n.t(if is_admin { "project.payouts" } else { "project.my_payouts" })}</h2>
                            <Suspense fallback=|| ()>
                                {loaded(payouts, move |r| match r {
                                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                                    Ok(l) => view! { <crate::pages::rewards::LedgerTable ledger=l admin=None/> }.into_any(),
                                })}
                            </Suspense>
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// A file's size as people read it: bytes below a kilobyte, then KB and MB with one decimal.
fn file_size(bytes: i64) -> String {
    let tenths = |unit: i64| (bytes * 10 + unit / 2) / unit;
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{}.{} KB", tenths(1024) / 10, tenths(1024) % 10),
        _ => format!("{}.{} MB", tenths(1 << 20) / 10, tenths(1 << 20) % 10),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_sizes_read_as_people_read_them() {
        assert_eq!(super::file_size(1_000), "1000 B");
        assert_eq!(super::file_size(1_064), "1.0 KB");
        assert_eq!(super::file_size(1_536), "1.5 KB");
        assert_eq!(super::file_size(5 * 1024 * 1024), "5.0 MB");
    }
}

/// The label of an action's comment: each says what it is for (a reason to return, to close...).
fn comment_label(a: Action) -> &'static str {
    match a {
        Action::Return => "project.comment.return",
        Action::Close => "project.comment.close",
        Action::Approve => "project.comment.approve",
        Action::Progress => "project.comment.progress",
        Action::Trial => "project.comment.trial",
        Action::Adopt => "project.comment.adopt",
        Action::Submit => "project.comment.submit",
    }
}

fn attachment_links(list: &[crate::model::projects::AttachmentView]) -> impl IntoView {
    list.iter()
        .map(|a| {
            view! {
                <li>
                    <a href=format!("/attachments/{}", a.id) target="_blank" rel="noopener">{a.file_name.clone()}</a>
                    <small class="muted">{file_size(a.size_bytes)}</small>
                </li>
            }
        })
        .collect_view()
}
