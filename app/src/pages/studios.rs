//! Innovation studios: the list (and, for admins, a new studio), and a studio's page with its
//! members, yearly plan progress, budget used and projects by stage.

use crate::api::studios::{
    get_studio, list_studios, AddPlanSpending, AddPlanTask, CompletePlanTask, CreateStudio, SaveStudioPlan,
    UpdateStudio,
};
use crate::components::picker::Picker;
use crate::components::{action_error, action_ok, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::{allows, Permission};
use crate::domain::money::format_yuan;
use crate::domain::project::Stage;
use crate::domain::studio::{format_progress, progress_bp, Level};
use crate::i18n::{use_i18n, I18n};
use crate::model::studios::{PlanView, StudioDetail};
use crate::pages::projects::ProjectTable;
use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn level_options(i18n: I18n, selected: Level) -> impl IntoView {
    Level::ALL
        .into_iter()
        .map(|l| {
            let k = l.label_key();
            view! { <option value=l.code() selected=l == selected>{move || i18n.t(k)}</option> }
        })
        .collect_view()
}

/// A labelled progress bar (value in basis points).
fn bar(label: impl Fn() -> String + Clone + Send + Sync + 'static, bp: i64) -> impl IntoView {
    let w = bp.clamp(0, 10_000);
    let aria = label.clone();
    view! {
        <div class="bar" role="img" aria-label=aria>
            <div class="bar-fill" class:bar-over={bp > 10_000} style=format!("width:{}.{:02}%", w / 100, w % 100)></div>
        </div>
        <p class="bar-label">{label}</p>
    }
}

#[component]
pub fn StudiosPage() -> impl IntoView {
    view! { <Guard children=|u| view! { <StudiosBody admin=allows(&u.roles, Permission::ManageStudios)/> }/> }
}

#[component]
fn StudiosBody(admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateStudio>::new();
    let studios = Resource::new(move || create.version().get(), |_| list_studios());
    let (err, ok) = (action_error(create), action_ok(create));
    view! {
        <h1>{move || i18n.t("nav.studios")}</h1>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(studios, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(list) => {
                    let cards = list.into_iter().map(|s| {
                        let lk = s.level.label_key();
                        view! {
                            <a class="card tile" href=format!("/studios/{}", s.id)>
                                <h2>{s.name.clone()}<span class="tag">{move || i18n.t(lk)}</span></h2>
                                <p class="muted">{s.field.clone()}</p>
                                <p>{move || i18n.tf("studio.summary", &[
                                    ("leader", s.leader.name.clone()),
                                    ("members", s.member_count.to_string()),
                                    ("projects", s.project_count.to_string()),
                                    ("adopted", s.adopted_count.to_string()),
                                ])}</p>
                            </a>
                        }
                    }).collect_view();
                    view! { <div class="tiles">{cards}</div> }.into_any()
                }
            })}
        </Transition>
        {admin.then(|| view! {
            <section class="card">
                <h2>{move || i18n.t("studio.new")}</h2>
                <ActionForm action=create attr:class="form form-grid">
                    <StudioFields err detail=None/>
                    <div class="full">
                        <FormStatus error=err ok=ok/>
                        <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                    </div>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn StudioFields(err: Signal<Option<crate::error::AppError>>, detail: Option<StudioDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let s = detail.as_ref().map(|d| &d.summary);
    let level = s.map(|s| s.level).unwrap_or(Level::Enterprise);
    view! {
        <div>
            <label for="studio-name">{move || i18n.t("field.name")}</label>
            <input id="studio-name" name="name" value=s.map(|s| s.name.clone()).unwrap_or_default() required/>
            <FieldError error=err field="name"/>
        </div>
        <div>
            <label for="studio-level">{move || i18n.t("studio.level")}</label>
            <select id="studio-level" name="level">{level_options(i18n, level)}</select>
        </div>
        <div>
            <label for="studio-leader">{move || i18n.t("studio.leader")}</label>
            <Picker kind="people".into() id="studio-leader".into() name="leader_username".into()
                value=detail.as_ref().map(|d| d.leader_username.clone()).unwrap_or_default()
                shown=detail.as_ref().map(|d| format!("{} · {}", d.summary.leader.name, d.summary.leader.team_name)).unwrap_or_default()
                label=String::new() placeholder=i18n.t("picker.person_hint") none=i18n.t("picker.nobody")
                invalid=crate::components::has_error(err, "leader_username") required=true multiple=false/>
            <FieldError error=err field="leader_username"/>
        </div>
        <div>
            <label for="studio-field">{move || i18n.t("studio.field")}</label>
            <input id="studio-field" name="field" value=s.map(|s| s.field.clone()).unwrap_or_default() required/>
            <FieldError error=err field="field"/>
        </div>
        <div>
            <label for="studio-founded">{move || i18n.t("studio.founded_on")}</label>
            <input id="studio-founded" name="founded_on" type="date" value=s.map(|s| s.founded_on.to_string()).unwrap_or_default() required/>
            <FieldError error=err field="founded_on"/>
        </div>
        <div>
            <label for="studio-members">{move || i18n.t("studio.member_usernames")}</label>
            <Picker kind="people".into() id="studio-members".into() name="member_usernames".into()
                value=detail.as_ref().map(|d| d.member_usernames.clone()).unwrap_or_default() shown=String::new()
                label=String::new() placeholder=i18n.t("studio.member_usernames_hint") none=i18n.t("picker.nobody")
                invalid=crate::components::has_error(err, "member_usernames") required=false multiple=true/>
            <FieldError error=err field="member_usernames"/>
        </div>
    }
}

#[component]
pub fn StudioPage() -> impl IntoView {
    view! { <Guard children=|_| view! { <StudioBody/> }/> }
}

#[derive(Clone, Copy)]
struct PlanActions {
    save: ServerAction<SaveStudioPlan>,
    task: ServerAction<AddPlanTask>,
    done: ServerAction<CompletePlanTask>,
    spend: ServerAction<AddPlanSpending>,
}

#[component]
fn StudioBody() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let a = PlanActions {
        save: ServerAction::new(),
        task: ServerAction::new(),
        done: ServerAction::new(),
        spend: ServerAction::new(),
    };
    let update = ServerAction::<UpdateStudio>::new();
    let studio = Resource::new(
        move || {
            (
                id(),
                a.save.version().get(),
                a.task.version().get(),
                a.done.version().get(),
                a.spend.version().get(),
                update.version().get(),
            )
        },
        |(id, ..)| get_studio(id),
    );
    let (u_err, u_ok) = (action_error(update), action_ok(update));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(studio, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(d) => {
                    let s = d.summary.clone();
                    let lk = s.level.label_key();
                    let members = d.members.iter().map(|m| view! { <li>{m.name.clone()}<small class="muted">" · "{m.team_name.clone()}</small></li> }).collect_view();
                    let by_stage = [Stage::Submitted, Stage::Approved, Stage::InProgress, Stage::Trial, Stage::Adopted, Stage::Closed]
                        .into_iter()
                        .map(|st| {
                            let n = d.projects.iter().filter(|p| p.stage == st).count();
                            let k = st.label_key();
                            view! { <div class="stat"><span class="stat-n">{n}</span><span>{move || i18n.t(k)}</span></div> }
                        })
                        .collect_view();
                    let plans = d.plans.clone().into_iter().map(|p| view! { <PlanCard plan=p can_plan=d.can_plan actions=a/> }).collect_view();
                    let new_plan = d.can_plan.then(|| {
                        let (err, ok) = (action_error(a.save), action_ok(a.save));
                        // This year's plan, if there is one, to change rather than retype (saving
                        // a year again replaces its budget and goals).
                        let year = crate::model::today().year();
                        let this_year = d.plans.iter().find(|p| p.year == year);
                        let budget = this_year.map(|p| format_yuan(p.budget_fen).replace(',', "")).unwrap_or_default();
                        let goals = this_year.map(|p| p.goals.clone()).unwrap_or_default();
                        view! {
                            <section class="card">
                                <h2>{move || i18n.t("studio.plan_save")}</h2>
                                <ActionForm action=a.save attr:class="form form-inline">
                                    <input type="hidden" name="studio_id" value=s.id.to_string()/>
                                    <label>{move || i18n.t("studio.year")}<input name="year" inputmode="numeric" value=year.to_string() required/></label>
                                    <label>{move || i18n.t("studio.budget_yuan")}<input name="budget" inputmode="decimal" value=budget required/></label>
                                    <label class="grow">{move || i18n.t("studio.goals")}<input name="goals" value=goals maxlength="500"/></label>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                                </ActionForm>
                                <FieldError error=err field="budget"/>
                                <FormStatus error=err ok=ok detailed=true/>
                            </section>
                        }
                    });
                    let projects = d.projects.clone();
                    let d_edit = d.clone();
                    let edit = d.can_edit.then(move || view! {
                        <details class="card">
                            <summary>{move || i18n.t("studio.edit")}</summary>
                            <ActionForm action=update attr:class="form form-grid">
                                <input type="hidden" name="id" value=s.id.to_string()/>
                                <StudioFields err=u_err detail=Some(d_edit)/>
                                <div class="full">
                                    <FormStatus error=u_err ok=u_ok/>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
                                </div>
                            </ActionForm>
                        </details>
                    });
                    view! {
                        <div class="page-head">
                            <h1>{s.name.clone()}</h1>
                            <span class="tag">{move || i18n.t(lk)}</span>
                        </div>
                        <p class="muted">{s.field.clone()}" · "{move || i18n.tf("studio.founded", &[("date", s.founded_on.to_string())])}" · "{move || i18n.tf("studio.led_by", &[("name", s.leader.name.clone())])}</p>
                        <div class="stats">{by_stage}</div>
                        <div class="grid-2">
                            <section class="card">
                                <h2>{move || i18n.t("studio.members")}</h2>
                                <ul class="team-list">{members}</ul>
                            </section>
                            <div class="stack">{plans}{new_plan}</div>
                        </div>
                        <h2>{move || i18n.t("studio.projects")}</h2>
                        <ProjectTable projects show_leader=true/>
                        {edit}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
fn PlanCard(plan: PlanView, can_plan: bool, actions: PlanActions) -> impl IntoView {
    let i18n = use_i18n();
    let a = actions;
    let done = plan.tasks.iter().filter(|t| t.done_on.is_some()).count() as i64;
    let total = plan.tasks.len() as i64;
    let progress = progress_bp(done, total);
    let used = if plan.budget_fen.0 > 0 { plan.spent_fen.0.saturating_mul(10_000) / plan.budget_fen.0 } else { 0 };
    let tasks = plan.tasks.clone().into_iter().map(|t| {
        let done = t.done_on.is_some();
        view! {
            <li class:done=done>
                <span>{t.title.clone()}<small class="muted">" · "{t.owner.name.clone()}" · "{t.due_on.to_string()}</small></span>
                {if done {
                    view! { <span class="tag">{move || i18n.t("studio.task_done")}</span> }.into_any()
                } else if can_plan {
                    view! {
                        <ActionForm action=a.done attr:class="inline-form">
                            <input type="hidden" name="task_id" value=t.id.to_string()/>
                            <button type="submit" class="btn btn-small">{move || i18n.t("studio.mark_done")}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    ().into_any()
                }}
            </li>
        }
    }).collect_view();
    let spending = plan.spending.clone().into_iter().map(|s| view! {
        <li><span>{s.spent_on.to_string()}" · "{s.purpose.clone()}</span><span class="num">{format_yuan(s.amount_fen)}</span></li>
    }).collect_view();
    let (plan_id, plan_id2) = (plan.id.to_string(), plan.id.to_string());
    let forms = can_plan.then(|| {
        let (t_err, s_err) = (action_error(a.task), action_error(a.spend));
        view! {
            <details>
                <summary>{move || i18n.t("studio.add_task")}</summary>
                <ActionForm action=a.task attr:class="form form-inline">
                    <input type="hidden" name="plan_id" value=plan_id/>
                    <label class="grow">{move || i18n.t("studio.task")}<input name="title" required/></label>
                    <label for=format!("task-owner-{}", plan.id)>{move || i18n.t("studio.owner")}</label>
                    <Picker kind="people".into() id=format!("task-owner-{}", plan.id) name="owner_username".into() value=String::new() shown=String::new()
                        label=String::new() placeholder=i18n.t("picker.person_hint") none=i18n.t("picker.nobody") invalid=false required=true multiple=false/>
                    <label>{move || i18n.t("studio.due_on")}<input name="due_on" type="date" required/></label>
                    <button type="submit" class="btn">{move || i18n.t("common.create")}</button>
                </ActionForm>
                <FormStatus error=t_err ok=Signal::derive(|| false) detailed=true/>
            </details>
            <details>
                <summary>{move || i18n.t("studio.add_spending")}</summary>
                <ActionForm action=a.spend attr:class="form form-inline">
                    <input type="hidden" name="plan_id" value=plan_id2/>
                    <label>{move || i18n.t("studio.spent_on")}<input name="spent_on" type="date" required/></label>
                    <label>{move || i18n.t("studio.amount_yuan")}<input name="amount" inputmode="decimal" required/></label>
                    <label class="grow">{move || i18n.t("studio.purpose")}<input name="purpose" required/></label>
                    <button type="submit" class="btn">{move || i18n.t("common.create")}</button>
                </ActionForm>
                <FormStatus error=s_err ok=Signal::derive(|| false) detailed=true/>
            </details>
        }
    });
    view! {
        <section class="card">
            <h2>{move || i18n.tf("studio.plan_of", &[("year", plan.year.to_string())])}</h2>
            <p class="prose">{plan.goals.clone()}</p>
            {bar(move || format!("{} {done}/{total} · {}", i18n.t("studio.plan_progress"), format_progress(progress)), progress)}
            {bar(move || format!("{} {} / {} · {}", i18n.t("studio.budget_used"), format_yuan(plan.spent_fen), format_yuan(plan.budget_fen), format_progress(used)), used)}
            <h3>{move || i18n.t("studio.tasks")}</h3>
            <ul class="team-list">{tasks}</ul>
            <h3>{move || i18n.t("studio.spending")}</h3>
            <ul class="team-list">{spending}</ul>
            {forms}
        </section>
    }
}
