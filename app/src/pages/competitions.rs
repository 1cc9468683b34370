//! Competitions: the list (and, for organisers, a new one), a competition's page with its events,
//! rounds and registration, an event's registrations (organisers), the draw and its check, and a
//! round's set-up (scheme editor, panel, guest judges).

use crate::api::awards::SetMembers;
use crate::api::competitions::SetDifficulties;
use crate::api::organising::{
    get_competition, get_draw, get_entries, get_round_setup, list_competitions, AddEvent, AddGuestJudge, AddJudge,
    AddRound, CreateCompetition, DrawOrder, RegisterEntry, RemoveJudge, SaveScheme, SetEligible, SetEntry,
};
use crate::components::{action_error, action_ok, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::code::Code;
use crate::domain::competition::{CompetitionKind, CriterionDraft, Entry, EntryStatus, Owner};
use crate::domain::exact::Rounding;
use crate::error::AppError;
use crate::i18n::{use_i18n, I18n};
use crate::model::competitions::{CompetitionView, EventView, RoundSetup};
use crate::pages::awards::Roster;
use crate::pages::pager;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn page_query() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.read().get("page").and_then(|p| p.parse().ok()).unwrap_or(1)
}

fn label_of<T: Code>(code: &str, key: impl Fn(T) -> &'static str) -> &'static str {
    T::from_code(code).map(key).unwrap_or("common.unknown")
}

/// The message for a field whose name is built at run time (a scheme row's cell).
pub(crate) fn cell_error(i18n: I18n, err: Signal<Option<AppError>>, field: String) -> impl IntoView {
    move || {
        err.get()
            .and_then(|e| e.field_key(&field))
            .map(|k| view! { <p class="field-error" role="alert">{i18n.t(&k)}</p> })
    }
}

#[component]
pub fn CompetitionsPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <CompetitionsBody/> }/> }
}

#[component]
fn CompetitionsBody() -> impl IntoView {
    let i18n = use_i18n();
    let page = page_query();
    let create = ServerAction::<CreateCompetition>::new();
    let list = Resource::new(page, list_competitions);
    let (err, ok) = (action_error(create), action_ok(create));
    view! {
        <h1>{move || i18n.t("nav.competitions")}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(l) => {
                    let organiser = l.may_organise;
                    let cards = l.rows.iter().map(|c| {
                        let kind = label_of::<CompetitionKind>(&c.kind, CompetitionKind::label_key);
                        let window = format!("{} – {}", c.opens, c.closes);
                        let open = c.registration_open;
                        let events = c.events.to_string();
                        view! {
                            <a class="card tile" href=format!("/competitions/{}", c.id)>
                                <h2>{c.name.clone()}</h2>
                                <p><span class="tag">{move || i18n.t(kind)}</span>" "
                                    {open.then(|| view! { <span class="tag tag-ok">{move || i18n.t("comp.registration_open")}</span> })}
                                </p>
                                <p class="muted">{move || i18n.tf("comp.window", &[("window", window.clone())])}" · "
                                    {move || i18n.tf("comp.events_n", &[("n", events.clone())])}</p>
                            </a>
                        }
                    }).collect_view();
                    let empty = l.rows.is_empty().then(|| view! { <p class="muted empty">{move || i18n.t("comp.none")}</p> });
                    view! {
                        {empty}
                        <div class="tiles">{cards}</div>
                        {pager(i18n, l.page, l.total, l.per_page, |n| format!("/competitions?page={n}"))}
                        {organiser.then(|| view! { <NewCompetition create err ok/> })}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn NewCompetition(
    create: ServerAction<CreateCompetition>,
    err: Signal<Option<AppError>>,
    ok: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = CompetitionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code()>{move || i18n.t(k.label_key())}</option> })
        .collect_view();
    let owners = Owner::ALL
        .into_iter()
        .map(|o| view! { <option value=o.code()>{move || i18n.t(o.label_key())}</option> })
        .collect_view();
    view! {
        <section class="card">
            <h2>{move || i18n.t("comp.new")}</h2>
            <ActionForm action=create attr:class="form form-grid">
                <div>
                    <label for="comp-name">{move || i18n.t("field.name")}</label>
                    <input id="comp-name" name="name" required maxlength="100"/>
                    <FieldError error=err field="name"/>
                </div>
                <div>
                    <label for="comp-kind">{move || i18n.t("comp.kind")}</label>
                    <select id="comp-kind" name="kind">{kinds}</select>
                </div>
                <div>
                    <label for="comp-owner">{move || i18n.t("comp.owner")}</label>
                    <select id="comp-owner" name="owner">{owners}</select>
                </div>
                <div>
                    <label for="comp-organiser">{move || i18n.t("comp.organiser")}</label>
                    <input id="comp-organiser" name="organiser" placeholder=move || i18n.t("comp.organiser_hint")/>
                    <FieldError error=err field="organiser"/>
                </div>
                <div>
                    <label for="comp-opens">{move || i18n.t("comp.opens")}</label>
                    <input id="comp-opens" name="opens" type="date" required/>
                    <FieldError error=err field="opens"/>
                </div>
                <div>
                    <label for="comp-closes">{move || i18n.t("comp.closes")}</label>
                    <input id="comp-closes" name="closes" type="date" required/>
                    <FieldError error=err field="closes"/>
                </div>
                <div class="full">
                    <label class="check"><input type="checkbox" name="department_conflict" value="on"/>" "{move || i18n.t("comp.department_conflict")}</label>
                    <label class="check"><input type="checkbox" name="public" value="on"/>" "{move || i18n.t("comp.public")}</label>
                </div>
                <div class="full">
                    <FormStatus error=err ok=ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[derive(Clone, Copy)]
struct CompActions {
    register: ServerAction<RegisterEntry>,
    entry: ServerAction<SetEntry>,
    round: ServerAction<AddRound>,
    draw: ServerAction<DrawOrder>,
    members: ServerAction<SetMembers>,
}

#[component]
pub fn CompetitionPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <CompetitionBody/> }/> }
}

#[component]
fn CompetitionBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let acts = CompActions {
        register: ServerAction::new(),
        entry: ServerAction::new(),
        round: ServerAction::new(),
        draw: ServerAction::new(),
        members: ServerAction::new(),
    };
    let event = ServerAction::<AddEvent>::new();
    let eligible = ServerAction::<SetEligible>::new();
    let comp = Resource::new(id, get_competition);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(comp, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(c) => view! { <Competition c acts event eligible i18n/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Competition(
    c: CompetitionView,
    acts: CompActions,
    event: ServerAction<AddEvent>,
    eligible: ServerAction<SetEligible>,
    i18n: I18n,
) -> impl IntoView {
    let kind = label_of::<CompetitionKind>(&c.kind, CompetitionKind::label_key);
    let owner = label_of::<Owner>(&c.owner, Owner::label_key);
    let window = format!("{} – {}", c.opens, c.closes);
    let open = c.registration_open;
    let who = if c.departments.is_empty() {
        i18n.t("comp.everyone")
    } else {
        c.departments.iter().map(|d| d.1.clone()).collect::<Vec<_>>().join("、")
    };
    let organiser = c.may_organise;
    let cid = c.id;
    let status_err = Signal::derive(move || {
        action_error(acts.register)
            .get()
            .or(action_error(acts.entry).get())
            .or(action_error(acts.draw).get())
            .or(action_error(acts.members).get())
    });
    let status_ok = Signal::derive(move || {
        action_ok(acts.register).get()
            || action_ok(acts.entry).get()
            || action_ok(acts.draw).get()
            || action_ok(acts.members).get()
    });
    let events = c.events.into_iter().map(|e| view! { <Event e acts organiser open i18n/> }).collect_view();
    let (ev_err, ev_ok) = (action_error(event), action_ok(event));
    let (el_err, el_ok) = (action_error(eligible), action_ok(eligible));
    view! {
        <div class="page-head">
            <h1>{c.name.clone()}</h1>
            <span class="tag">{move || i18n.t(kind)}</span>
        </div>
        <dl class="facts card">
            <div><dt>{move || i18n.t("comp.owner")}</dt><dd>{move || i18n.t(owner)}{c.organiser.clone().map(|o| format!(" · {o}"))}</dd></div>
            <div><dt>{move || i18n.t("comp.registration")}</dt><dd>{window}" "
                <span class="tag" class:tag-ok=open>{move || i18n.t(if open { "comp.registration_open" } else { "comp.registration_closed" })}</span></dd></div>
            <div><dt>{move || i18n.t("comp.eligible")}</dt><dd>{who}
                {(!c.eligible).then(|| view! { " " <span class="tag">{move || i18n.t("comp.not_eligible_you")}</span> })}</dd></div>
            <div><dt>{move || i18n.t("comp.conflicts")}</dt><dd>{move || i18n.t(if c.department_conflict { "comp.conflict_department" } else { "comp.conflict_team" })}</dd></div>
            <div><dt>{move || i18n.t("comp.visibility")}</dt><dd>{move || i18n.t(if c.public { "comp.public_yes" } else { "comp.public_no" })}</dd></div>
        </dl>
        <FormStatus error=status_err ok=status_ok detailed=true/>
        {events}
        {organiser.then(|| view! {
            <section class="card">
                <h2>{move || i18n.t("comp.eligible_edit")}</h2>
                <ActionForm action=eligible attr:class="form form-inline">
                    <input type="hidden" name="competition" value=cid.to_string()/>
                    <label>{move || i18n.t("field.department")}" "<input name="department" required/></label>
                    <button type="submit" name="op" value="add" class="btn">{move || i18n.t("common.add")}</button>
                    <button type="submit" name="op" value="remove" class="btn">{move || i18n.t("common.remove")}</button>
                </ActionForm>
                <FieldError error=el_err field="department"/>
                <FormStatus error=el_err ok=el_ok/>
                <p class="hint">{move || i18n.t("comp.eligible_hint")}</p>
            </section>
            <NewEvent cid event err=ev_err ok=ev_ok i18n/>
        })}
    }
}

#[component]
fn Event(e: EventView, acts: CompActions, organiser: bool, open: bool, i18n: I18n) -> impl IntoView {
    let entry = label_of::<Entry>(&e.entry, Entry::label_key);
    let eid = e.id;
    let (approved, pending) = (e.approved.to_string(), e.pending.to_string());
    let roster = e.members.clone();
    let mine = e.mine.clone().map(|(k, status)| {
        let label = label_of::<EntryStatus>(&status, EntryStatus::label_key);
        let active = status != EntryStatus::Withdrawn.code();
        let roster = roster.map(|roster| view! { <Roster contestant=k roster action=acts.members/> });
        view! {
            <p>{move || i18n.t("comp.my_entry")}" "<span class="tag">{move || i18n.t(label)}</span>
                {active.then(|| view! {
                    <ActionForm action=acts.entry attr:class="inline-form">
                        <input type="hidden" name="contestant" value=k.to_string()/>
                        <button type="submit" name="status" value="withdrawn" class="btn btn-small">{move || i18n.t("comp.withdraw")}</button>
                    </ActionForm>
                })}
            </p>
            {roster}
        }
    });
    let enter_self = e.may_enter_self.then(|| {
        view! {
            <ActionForm action=acts.register attr:class="inline-form">
                <input type="hidden" name="event" value=eid.to_string()/>
                <button type="submit" class="btn btn-primary">{move || i18n.t("comp.enter_self")}</button>
            </ActionForm>
        }
    });
    let team = (!e.team.is_empty() && open).then(|| {
        let rows = e
            .team
            .iter()
            .map(|m| {
                let status = m.status.clone();
                let label = status.as_deref().map(|s| label_of::<EntryStatus>(s, EntryStatus::label_key));
                let can_enter = status.as_deref().is_none_or(|s| s == EntryStatus::Withdrawn.code());
                let pid = m.person_id;
                view! {
                    <li>{m.name.clone()}" "
                        {label.map(|l| view! { <span class="tag">{move || i18n.t(l)}</span> })}
                        {can_enter.then(|| view! {
                            <ActionForm action=acts.register attr:class="inline-form">
                                <input type="hidden" name="event" value=eid.to_string()/>
                                <input type="hidden" name="person" value=pid.to_string()/>
                                <button type="submit" class="btn btn-small">{move || i18n.t("comp.enter")}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="team-entries">
                <summary>{move || i18n.t("comp.enter_team")}</summary>
                <ul class="plain">{rows}</ul>
            </details>
        }
    });
    let rounds = e
        .rounds
        .iter()
        .map(|r| {
            let state = if r.published {
                "comp.round.published"
            } else if r.locked {
                "comp.round.locked"
            } else if r.marked {
                "comp.round.marking"
            } else {
                "comp.round.setup"
            };
            let (rid, judges) = (r.id, r.judges.to_string());
            let results = r.published || organiser;
            view! {
                <tr>
                    <td>{r.seq}</td>
                    <td>{r.name.clone()}</td>
                    <td>{judges}</td>
                    <td><span class="tag">{move || i18n.t(state)}</span></td>
                    <td class="actions">
                        {results.then(|| view! { <a href=format!("/rounds/{rid}/results")>{move || i18n.t("judge.results")}</a> })}
                        " "<a href=format!("/rounds/{rid}/screen")>{move || i18n.t("comp.screen")}</a>
                        {organiser.then(|| view! { " " <a href=format!("/rounds/{rid}/setup")>{move || i18n.t("comp.setup")}</a> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let has_rounds = !e.rounds.is_empty();
    view! {
        <section class="card event" data-event=eid>
            <h2>{e.name.clone()}" "<span class="tag">{move || i18n.t(entry)}</span></h2>
            <p class="muted">
                {move || i18n.tf("comp.field", &[("approved", approved.clone()), ("pending", pending.clone())])}
                " · "<a href=format!("/events/{eid}/results")>{move || i18n.t("event.results")}</a>
                " · "<a href=format!("/events/{eid}/draw")>{move || i18n.t(if e.drawn { "comp.draw_record" } else { "comp.not_drawn" })}</a>
                {organiser.then(|| view! { " · " <a href=format!("/events/{eid}/entries")>{move || i18n.t("comp.entries")}</a> })}
            </p>
            {mine}
            {enter_self}
            {team}
            {has_rounds.then(|| view! {
                <div class="table-wrap">
                    <table>
                        <thead><tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{move || i18n.t("comp.round")}</th>
                            <th scope="col">{move || i18n.t("comp.judges")}</th>
                            <th scope="col">{move || i18n.t("field.status")}</th>
                            <th scope="col"><span class="sr-only">{move || i18n.t("common.actions")}</span></th>
                        </tr></thead>
                        <tbody>{rounds}</tbody>
                    </table>
                </div>
            })}
            {organiser.then(|| view! {
                <div class="form-row">
                    <ActionForm action=acts.round attr:class="form form-inline">
                        <input type="hidden" name="event" value=eid.to_string()/>
                        <label>{move || i18n.t("comp.new_round")}" "<input name="name" required maxlength="50" placeholder=move || i18n.t("comp.round_hint")/></label>
                        <button type="submit" class="btn">{move || i18n.t("common.add")}</button>
                    </ActionForm>
                    <FieldError error=action_error(acts.round) field="name"/>
                    <ActionForm action=acts.draw attr:class="inline-form">
                        <input type="hidden" name="event" value=eid.to_string()/>
                        <button type="submit" class="btn">{move || i18n.t("comp.draw")}</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

#[component]
fn NewEvent(
    cid: i64,
    event: ServerAction<AddEvent>,
    err: Signal<Option<AppError>>,
    ok: Signal<bool>,
    i18n: I18n,
) -> impl IntoView {
    let entries = Entry::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code()>{move || i18n.t(k.label_key())}</option> })
        .collect_view();
    let tiers = ["comp.tier.1", "comp.tier.2", "comp.tier.3", "comp.tier.4"]
        .into_iter()
        .enumerate()
        .map(|(i, key)| {
            let f = format!("tiers[{i}]");
            view! {
                <div>
                    <label for=format!("ev-tier{i}")>{move || i18n.t(key)}</label>
                    <input id=format!("ev-tier{i}") name=format!("draft[tiers][{i}]") inputmode="decimal"/>
                    {cell_error(i18n, err, f)}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{move || i18n.t("comp.new_event")}</h2>
            <ActionForm action=event attr:class="form form-grid">
                <input type="hidden" name="competition" value=cid.to_string()/>
                <div>
                    <label for="ev-name">{move || i18n.t("field.name")}</label>
                    <input id="ev-name" name="draft[name]" required maxlength="100"/>
                    <FieldError error=err field="name"/>
                </div>
                <div>
                    <label for="ev-entry">{move || i18n.t("comp.entry")}</label>
                    <select id="ev-entry" name="draft[entry]">{entries}</select>
                </div>
                <div>
                    <label for="ev-combine">{move || i18n.t("comp.combine")}</label>
                    <select id="ev-combine" name="draft[combine]">
                        <option value="sum">{move || i18n.t("comp.combine.sum")}</option>
                        <option value="weighted">{move || i18n.t("comp.combine.weighted")}</option>
                        <option value="final_only">{move || i18n.t("comp.combine.final_only")}</option>
                    </select>
                </div>
                <div>
                    <label for="ev-weights">{move || i18n.t("comp.weights")}</label>
                    <input id="ev-weights" name="draft[weights]" placeholder="0.3, 0.7"/>
                    <FieldError error=err field="weights"/>
                </div>
                <div>
                    <label for="ev-ties">{move || i18n.t("comp.tie_criteria")}</label>
                    <input id="ev-ties" name="draft[tie_criteria]" placeholder="safety, quality"/>
                </div>
                <div>
                    <label class="check"><input type="checkbox" name="draft[tie_deductions]" value="on" checked/>" "{move || i18n.t("comp.tie_deductions")}</label>
                </div>
                <div>
                    <label for="ev-tier-by">{move || i18n.t("comp.tier_by")}</label>
                    <select id="ev-tier-by" name="draft[tier_by]">
                        <option value="count">{move || i18n.t("comp.tier_by.count")}</option>
                        <option value="share">{move || i18n.t("comp.tier_by.share")}</option>
                        <option value="threshold">{move || i18n.t("comp.tier_by.threshold")}</option>
                    </select>
                </div>
                {tiers}
                <div class="full">
                    <FormStatus error=err ok=ok/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("common.create")}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn EntriesPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManageCompetitions children=|_| view! { <EntriesBody/> }/> }
}

#[component]
fn EntriesBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_else(|| "pending".into());
    let page = page_query();
    let set = ServerAction::<SetEntry>::new();
    let add = ServerAction::<RegisterEntry>::new();
    let members = ServerAction::<SetMembers>::new();
    let (m_err, m_ok) = (action_error(members), action_ok(members));
    let list = Resource::new(move || (id(), status(), page()), |(e, s, p)| get_entries(e, s, p));
    let (err, ok) = (action_error(set), action_ok(set));
    let (add_err, add_ok) = (action_error(add), action_ok(add));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let eid = p.event_id;
                    let current = p.status.clone();
                    let tabs = EntryStatus::ALL.into_iter().map(|s| {
                        let here = s.code() == current;
                        view! {
                            <a href=format!("/events/{eid}/entries?status={}", s.code()) class="tab" aria-current=here.then_some("page")>
                                {move || i18n.t(s.label_key())}
                            </a>
                        }
                    }).collect_view();
                    let fixed = p.marked;
                    let rows = p.rows.into_iter().map(|r| {
                        let label = label_of::<EntryStatus>(&r.status, EntryStatus::label_key);
                        let buttons = (!fixed).then(|| {
                            let k = r.id.to_string();
                            let approve = (r.status != "approved").then(|| view! {
                                <button type="submit" name="status" value="approved" class="btn btn-small btn-primary">{move || i18n.t("comp.approve")}</button>
                            });
                            let decline = (r.status != "withdrawn").then(|| view! {
                                <button type="submit" name="status" value="withdrawn" class="btn btn-small">{move || i18n.t("comp.decline")}</button>
                            });
                            view! {
                                <ActionForm action=set attr:class="inline-form">
                                    <input type="hidden" name="contestant" value=k/>
                                    {approve}{decline}
                                </ActionForm>
                            }
                        });
                        let roster = r.members.clone().filter(|_| r.status != "withdrawn").map(|roster| view! { <Roster contestant=r.id roster action=members/> });
                        view! {
                            <tr>
                                <td>{r.running_order.map(|o| o.to_string()).unwrap_or_default()}</td>
                                <td>{r.name.clone()}<span class="muted">{r.employee_no.clone().map(|n| format!(" {n}"))}</span>{roster}</td>
                                <td>{r.department_name.clone()}" · "{r.team_name.clone()}</td>
                                <td>{r.registered_by.clone()}</td>
                                <td><span class="tag">{move || i18n.t(label)}</span></td>
                                <td class="actions">{buttons}</td>
                            </tr>
                        }
                    }).collect_view();
                    let st = p.status.clone();
                    let href = move |n: i64| format!("/events/{eid}/entries?status={st}&page={n}");
                    let cid = p.competition_id;
                    view! {
                        <p class="crumbs"><a href=format!("/competitions/{cid}")>{p.competition_name.clone()}</a></p>
                        <h1>{p.event_name.clone()}" · "{move || i18n.t("comp.entries")}</h1>
                        <p class="muted">{move || i18n.tf("comp.field", &[("approved", p.approved.to_string()), ("pending", p.pending.to_string())])}</p>
                        {fixed.then(|| view! { <p class="alert">{move || i18n.t("comp.marking_begun")}</p> })}
                        <nav class="tabs" aria-label=move || i18n.t("field.status")>{tabs}</nav>
                        <FormStatus error=err ok=ok detailed=true/>
                        <FormStatus error=m_err ok=m_ok/>
                        <div class="table-wrap card">
                            <table>
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("comp.order")}</th>
                                    <th scope="col">{move || i18n.t("field.display_name")}</th>
                                    <th scope="col">{move || i18n.t("field.team")}</th>
                                    <th scope="col">{move || i18n.t("comp.registered_by")}</th>
                                    <th scope="col">{move || i18n.t("field.status")}</th>
                                    <th scope="col"><span class="sr-only">{move || i18n.t("common.actions")}</span></th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {pager(i18n, p.page, p.total, p.per_page, href)}
                        <ImportBox action=format!("/events/{eid}/import") text=IMPORT_CONTESTANTS i18n/>
                        <section class="card">
                            <h2>{move || i18n.t("comp.add_entry")}</h2>
                            <ActionForm action=add attr:class="form form-inline">
                                <input type="hidden" name="event" value=eid.to_string()/>
                                <label>{move || i18n.t("comp.who")}" "<input name="who" required/></label>
                                <button type="submit" class="btn btn-primary">{move || i18n.t("common.add")}</button>
                            </ActionForm>
                            <FieldError error=add_err field="who"/>
                            <FieldError error=add_err field="person"/>
                            <FormStatus error=add_err ok=add_ok/>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DrawPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <DrawBody/> }/> }
}

#[component]
fn DrawBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let check = Resource::new(id, get_draw);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(check, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(d) => {
                    let rows = d.stored.iter().map(|(place, id, name)| view! {
                        <tr><td>{*place}</td><td>{name.clone()}</td><td>{*id}</td></tr>
                    }).collect_view();
                    let input = d.input.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
                    let redrawn = d.redrawn.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
                    let consistent = d.consistent;
                    let drawn = d.seed.is_some();
                    view! {
                        <p class="crumbs"><a href=format!("/competitions/{}", d.competition_id)>{d.competition_name.clone()}</a></p>
                        <h1>{d.event_name.clone()}" · "{move || i18n.t("comp.draw_record")}</h1>
                        {if drawn {
                            view! {
                                <p class="alert" class:alert-ok=consistent class:alert-error=!consistent role="status" data-testid="draw-verdict">
                                    {move || i18n.t(if consistent { "comp.draw_ok" } else { "comp.draw_mismatch" })}
                                </p>
                                <dl class="facts card">
                                    <div><dt>{move || i18n.t("comp.seed")}</dt><dd><code data-testid="seed">{d.seed.clone()}</code></dd></div>
                                    <div><dt>{move || i18n.t("comp.draw_input")}</dt><dd><code>{input}</code></dd></div>
                                    <div><dt>{move || i18n.t("comp.draw_redone")}</dt><dd><code>{redrawn}</code></dd></div>
                                </dl>
                                <p class="hint">{move || i18n.t("comp.draw_how")}</p>
                                <div class="table-wrap card">
                                    <table>
                                        <thead><tr>
                                            <th scope="col">{move || i18n.t("comp.order")}</th>
                                            <th scope="col">{move || i18n.t("field.display_name")}</th>
                                            <th scope="col">{move || i18n.t("comp.contestant_no")}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        } else {
                            view! { <p class="muted empty">{move || i18n.t("comp.not_drawn")}</p> }.into_any()
                        }}
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct SetupActions {
    difficulty: ServerAction<SetDifficulties>,
    scheme: ServerAction<SaveScheme>,
    judge: ServerAction<AddJudge>,
    remove: ServerAction<RemoveJudge>,
    guest: ServerAction<AddGuestJudge>,
}

#[component]
pub fn RoundSetupPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManageCompetitions children=|_| view! { <SetupBody/> }/> }
}

#[component]
fn SetupBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let acts = SetupActions {
        difficulty: ServerAction::new(),
        scheme: ServerAction::new(),
        judge: ServerAction::new(),
        remove: ServerAction::new(),
        guest: ServerAction::new(),
    };
    let setup = Resource::new(id, get_round_setup);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(setup, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(s) => view! { <Setup s acts i18n/> }.into_any(),
            })}
        </Suspense>
    }
}

fn options(i18n: I18n, items: &[(&'static str, &'static str)], selected: &str) -> impl IntoView {
    items
        .iter()
        .map(|(code, key)| {
            let key = *key;
            view! { <option value=*code selected=*code == selected>{move || i18n.t(key)}</option> }
        })
        .collect_view()
}

const AGGREGATES: [(&str, &str); 5] = [
    ("mean", "scheme.agg.mean"),
    ("median", "scheme.agg.median"),
    ("sum", "scheme.agg.sum"),
    ("trimmed_mean", "scheme.agg.trimmed_mean"),
    ("trimmed_sum", "scheme.agg.trimmed_sum"),
];
const KINDS: [(&str, &str); 4] = [
    ("scale", "scheme.kind.scale"),
    ("descriptors", "scheme.kind.descriptors"),
    ("full_or_zero", "scheme.kind.full_or_zero"),
    ("table", "scheme.kind.table"),
];

fn rounding_key(r: Rounding) -> &'static str {
    match r {
        Rounding::HalfUp => "scheme.round.half_up",
        Rounding::HalfEven => "scheme.round.half_even",
        Rounding::Down => "scheme.round.down",
    }
}

fn criterion_row(
    i18n: I18n,
    i: usize,
    c: CriterionDraft,
    err: Signal<Option<AppError>>,
    frozen: bool,
) -> impl IntoView {
    let name = move |f: &str| format!("draft[criteria][{i}][{f}]");
    let field = move |f: &str| format!("criteria[{i}][{f}]");
    let cell = move |f: &'static str, key: &'static str, value: String, mode: &'static str| {
        view! {
            <div>
                <label for=format!("cr{i}-{f}")>{move || i18n.t(key)}</label>
                <input id=format!("cr{i}-{f}") name=name(f) value=value inputmode=mode disabled=frozen/>
                {cell_error(i18n, err, field(f))}
            </div>
        }
    };
    let n = (i + 1).to_string();
    view! {
        <fieldset class="criterion form-grid" disabled=frozen>
            <legend>{move || i18n.tf("scheme.criterion_n", &[("n", n.clone())])}</legend>
            {cell("code", "scheme.code", c.code, "text")}
            {cell("name", "field.name", c.name, "text")}
            <div>
                <label for=format!("cr{i}-kind")>{move || i18n.t("scheme.kind")}</label>
                <select id=format!("cr{i}-kind") name=name("kind")>{options(i18n, &KINDS, &c.kind)}</select>
                {cell_error(i18n, err, field("kind"))}
            </div>
            {cell("max", "scheme.max", c.max, "decimal")}
            {cell("weight", "scheme.weight", c.weight, "decimal")}
            {cell("min", "scheme.min", c.min, "decimal")}
            {cell("step", "scheme.step", c.step, "decimal")}
            <div class="full">
                <label for=format!("cr{i}-values")>{move || i18n.t("scheme.values")}</label>
                <textarea id=format!("cr{i}-values") name=name("values") rows="2">{c.values}</textarea>
                {cell_error(i18n, err, field("values"))}
            </div>
        </fieldset>
    }
}

#[component]
fn Setup(s: RoundSetup, acts: SetupActions, i18n: I18n) -> impl IntoView {
    let rid = s.round_id;
    let frozen = s.frozen;
    let (err, ok) = (action_error(acts.scheme), action_ok(acts.scheme));
    let d = s.draft.clone();
    let mut criteria = d.criteria.clone();
    if !frozen {
        criteria.push(CriterionDraft {
            kind: "scale".into(),
            weight: "1".into(),
            min: "0".into(),
            ..Default::default()
        });
    }
    let rows = criteria.into_iter().enumerate().map(|(i, c)| criterion_row(i18n, i, c, err, frozen)).collect_view();
    let roundings = Rounding::ALL.into_iter().map(|r| (r.code(), rounding_key(r))).collect::<Vec<_>>();
    let versions = s
        .versions
        .iter()
        .map(|(v, by, at)| {
            let at = (*at + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string();
            view! { <li>"v"{*v}" · "{by.clone()}" · "{at}</li> }
        })
        .collect_view();
    let judges = s
        .judges
        .iter()
        .map(|j| {
            let pid = j.person_id;
            let signed = j.signed;
            let removable = !j.has_marks && !s.locked;
            view! {
                <tr>
                    <td>{j.name.clone()}</td>
                    <td>
                        {j.chief.then(|| view! { <span class="tag">{move || i18n.t("judge.chief")}</span> " " })}
                        {j.guest.then(|| view! { <span class="tag">{move || i18n.t("role.guest_judge")}</span> })}
                    </td>
                    <td>{move || i18n.t(if signed { "judge.signed" } else { "judge.unsigned" })}</td>
                    <td class="actions">
                        <a href=format!("/rounds/{rid}/sheets/{pid}")>{move || i18n.t("sheet.print_view")}</a>" "
                        {removable.then(|| view! {
                            <ActionForm action=acts.remove attr:class="inline-form">
                                <input type="hidden" name="round" value=rid.to_string()/>
                                <input type="hidden" name="person" value=pid.to_string()/>
                                <button type="submit" class="btn btn-small">{move || i18n.t("common.remove")}</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let (j_err, j_ok) = (action_error(acts.judge), action_ok(acts.judge));
    let (r_err, r_ok) = (action_error(acts.remove), action_ok(acts.remove));
    let (g_err, g_ok) = (action_error(acts.guest), action_ok(acts.guest));
    let version = s.version.to_string();
    let (d_err, d_ok) = (action_error(acts.difficulty), action_ok(acts.difficulty));
    let attempts = s.field.first().map(|f| f.difficulty.len()).unwrap_or(0);
    let mut k = 0usize;
    let field_rows = s
        .field
        .iter()
        .map(|f| {
            let cells = f
                .difficulty
                .iter()
                .enumerate()
                .map(|(a, v)| {
                    let i = k;
                    k += 1;
                    let field = crate::model::competitions::difficulty_field(f.contestant, a as u8 + 1);
                    let label = i18n.tf("scheme.difficulty_of", &[("name", f.name.clone()), ("n", (a + 1).to_string())]);
                    view! {
                        <td>
                            <input type="hidden" name=format!("values[{i}][contestant]") value=f.contestant.to_string()/>
                            <input type="hidden" name=format!("values[{i}][attempt]") value=(a + 1).to_string()/>
                            <input name=format!("values[{i}][value]") value=v.clone() inputmode="decimal" placeholder="1" aria-label=label size="5" disabled=s.locked/>
                            {cell_error(i18n, d_err, field)}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><td>{f.running_order}</td><th scope="row">{f.name.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    let attempt_heads = (1..=attempts).map(|a| view! { <th scope="col">"#"{a}</th> }).collect_view();
    let has_field = !s.field.is_empty();
    view! {
        <p class="crumbs"><a href=format!("/competitions/{}", s.competition_id)>{s.competition_name.clone()}</a>" · "{s.event_name.clone()}</p>
        <h1>{s.round_name.clone()}</h1>
        <section class="card">
            <h2>{move || i18n.tf("scheme.title", &[("v", version.clone())])}</h2>
            {if frozen {
                view! { <p class="alert" role="status">{move || i18n.t("scheme.frozen")}</p> }.into_any()
            } else {
                view! { <p class="hint">{move || i18n.t("scheme.hint")}</p> }.into_any()
            }}
            <ActionForm action=acts.scheme attr:class="form">
                <input type="hidden" name="round" value=rid.to_string()/>
                <fieldset class="form-grid" disabled=frozen>
                    <legend>{move || i18n.t("scheme.rules")}</legend>
                    <div>
                        <label for="sc-attempts">{move || i18n.t("scheme.attempts")}</label>
                        <input id="sc-attempts" name="draft[attempts]" value=d.attempts.clone() inputmode="numeric"/>
                        <FieldError error=err field="attempts"/>
                    </div>
                    <div>
                        <label for="sc-agg">{move || i18n.t("scheme.aggregate")}</label>
                        <select id="sc-agg" name="draft[aggregate]">{options(i18n, &AGGREGATES, &d.aggregate)}</select>
                    </div>
                    <div>
                        <label for="sc-trim">{move || i18n.t("scheme.trim")}</label>
                        <input id="sc-trim" name="draft[trim]" value=d.trim.clone() inputmode="numeric"/>
                        <FieldError error=err field="trim"/>
                    </div>
                    <div>
                        <label for="sc-factor">{move || i18n.t("scheme.factor")}</label>
                        <input id="sc-factor" name="draft[factor]" value=d.factor.clone() inputmode="decimal"/>
                        <FieldError error=err field="factor"/>
                    </div>
                    <div>
                        <label for="sc-decimals">{move || i18n.t("scheme.decimals")}</label>
                        <input id="sc-decimals" name="draft[decimals]" value=d.decimals.clone() inputmode="numeric"/>
                        <FieldError error=err field="decimals"/>
                    </div>
                    <div>
                        <label for="sc-rounding">{move || i18n.t("scheme.rounding")}</label>
                        <select id="sc-rounding" name="draft[rounding]">{options(i18n, &roundings, &d.rounding)}</select>
                    </div>
                    <div>
                        <label for="sc-spread">{move || i18n.t("scheme.max_spread")}</label>
                        <input id="sc-spread" name="draft[max_spread]" value=d.max_spread.clone() inputmode="decimal"/>
                        <FieldError error=err field="max_spread"/>
                    </div>
                </fieldset>
                {rows}
                {(!frozen).then(|| view! {
                    <p class="hint">{move || i18n.t("scheme.rows_hint")}</p>
                    <FormStatus error=err ok=ok/>
                    <FieldError error=err field="scheme"/>
                    <button type="submit" class="btn btn-primary">{move || i18n.t("scheme.save")}</button>
                })}
            </ActionForm>
            <details>
                <summary>{move || i18n.t("scheme.versions")}</summary>
                <ul class="plain">{versions}</ul>
            </details>
        </section>
        {has_field.then(|| view! {
            <section class="card">
                <h2>{move || i18n.t("scheme.difficulty")}</h2>
                <p class="hint">{move || i18n.t("scheme.difficulty_hint")}</p>
                <ActionForm action=acts.difficulty attr:class="form">
                    <input type="hidden" name="round" value=rid.to_string()/>
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th scope="col">{move || i18n.t("comp.order")}</th>
                                <th scope="col">{move || i18n.t("field.display_name")}</th>
                                {attempt_heads}
                            </tr></thead>
                            <tbody>{field_rows}</tbody>
                        </table>
                    </div>
                    <FormStatus error=d_err ok=d_ok/>
                    {(!s.locked).then(|| view! { <button type="submit" class="btn">{move || i18n.t("scheme.difficulty_save")}</button> })}
                </ActionForm>
            </section>
        })}
        <section class="card">
            <h2>{move || i18n.t("comp.panel")}</h2>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("field.display_name")}</th>
                        <th scope="col">{move || i18n.t("profile.roles")}</th>
                        <th scope="col">{move || i18n.t("field.status")}</th>
                        <th scope="col"><span class="sr-only">{move || i18n.t("common.actions")}</span></th>
                    </tr></thead>
                    <tbody>{judges}</tbody>
                </table>
            </div>
            <FormStatus error=r_err ok=r_ok detailed=true/>
            {(!s.locked).then(|| view! {
                <ActionForm action=acts.judge attr:class="form form-inline">
                    <input type="hidden" name="round" value=rid.to_string()/>
                    <label>{move || i18n.t("comp.who")}" "<input name="who" required/></label>
                    <label class="check"><input type="checkbox" name="chief" value="on"/>" "{move || i18n.t("judge.chief")}</label>
                    <button type="submit" class="btn">{move || i18n.t("comp.add_judge")}</button>
                </ActionForm>
                <FieldError error=j_err field="who"/>
                <FieldError error=j_err field="chief"/>
                <FormStatus error=j_err ok=j_ok/>
                <details class="guest" id="guest">
                    <summary>{move || i18n.t("comp.guest_new")}</summary>
                    <p class="hint">{move || i18n.t("comp.guest_hint")}</p>
                    <ActionForm action=acts.guest attr:class="form form-grid">
                        <input type="hidden" name="round" value=rid.to_string()/>
                        <div>
                            <label for="g-name">{move || i18n.t("field.display_name")}</label>
                            <input id="g-name" name="display_name" required/>
                            <FieldError error=g_err field="display_name"/>
                        </div>
                        <div>
                            <label for="g-aff">{move || i18n.t("comp.affiliation")}</label>
                            <input id="g-aff" name="affiliation"/>
                            <FieldError error=g_err field="job_title"/>
                        </div>
                        <div>
                            <label for="g-user">{move || i18n.t("field.username")}</label>
                            <input id="g-user" name="username" required autocomplete="off"/>
                            <FieldError error=g_err field="username"/>
                        </div>
                        <div>
                            <label for="g-pass">{move || i18n.t("field.password")}</label>
                            <input id="g-pass" name="password" type="password" required autocomplete="new-password"/>
                            <FieldError error=g_err field="password"/>
                        </div>
                        <div class="full">
                            <FormStatus error=g_err ok=g_ok/>
                            <button type="submit" class="btn btn-primary">{move || i18n.t("comp.guest_create")}</button>
                        </div>
                    </ActionForm>
                </details>
            })}
        </section>
        {(!s.locked).then(|| view! { <PaperImport rid eid=s.event_id i18n/> })}
    }
}

/// Marks judged on paper: the upload, and what the last one did (from the address it came back
/// to): how many marks went in, the rows refused, or the names to settle first.
#[component]
fn PaperImport(rid: i64, eid: i64, i18n: I18n) -> impl IntoView {
    let query = use_query_map();
    let done = move || query.read().get("paper");
    let problems = move || {
        query
            .read()
            .get("paper_errors")
            .map(|list| {
                list.lines()
                    .filter_map(|e| e.rsplit_once('='))
                    .map(|(at, key)| (at.to_string(), key.to_string()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let more = move || query.read().get("paper_more").and_then(|m| m.parse::<usize>().ok()).unwrap_or(0);
    view! {
        <section class="card" id="paper">
            <h2>{move || i18n.t("paper.title")}</h2>
            <p class="hint">{move || i18n.t("paper.hint")}</p>
            <form method="post" enctype="multipart/form-data" action=format!("/rounds/{rid}/marks") class="form form-inline">
                <label>{move || i18n.t("import.file")}" "<input type="file" name="file" accept=".xlsx,.csv,text/csv" required/></label>
                <label class="check"><input type="checkbox" name="signed" value="on"/>" "{move || i18n.t("paper.signed")}</label>
                <button type="submit" class="btn btn-primary">{move || i18n.t("paper.go")}</button>
            </form>
            {move || done().map(|n| view! { <p class="alert alert-ok" role="status">{i18n.tf("paper.done", &[("n", n)])}</p> })}
            {move || {
                let list = problems();
                (!list.is_empty()).then(|| {
                    let items = list
                        .into_iter()
                        .map(|(at, key)| {
                            let why = i18n.t(&key);
                            let text = if let Some(who) = at.strip_prefix("contestant:") {
                                i18n.tf("paper.unregistered", &[("who", who.to_string())])
                            } else if let Some(who) = at.strip_prefix("judge:") {
                                i18n.tf("paper.not_on_panel", &[("who", who.to_string())])
                            } else if at == "0" {
                                why
                            } else {
                                i18n.tf("import.row", &[("line", at), ("why", why)])
                            };
                            view! { <li>{text}</li> }
                        })
                        .collect_view();
                    let extra = more();
                    view! {
                        <div class="alert alert-error" role="alert" data-testid="paper-errors">
                            <p>{i18n.t("paper.refused")}</p>
                            <ul>{items}</ul>
                            {(extra > 0).then(|| view! { <p>{i18n.tf("import.more", &[("n", extra.to_string())])}</p> })}
                            <p>
                                <a href=format!("/events/{eid}/entries")>{i18n.t("paper.to_entries")}</a>" · "
                                <a href="#guest">{i18n.t("paper.to_panel")}</a>
                            </p>
                        </div>
                    }
                })
            }}
        </section>
    }
}

/// The words of an import box: its title, hint, file label, success and refusal (translation keys).
pub struct ImportText {
    pub title: &'static str,
    pub hint: &'static str,
    pub file: &'static str,
    pub done: &'static str,
    pub refused: &'static str,
}

const IMPORT_CONTESTANTS: ImportText = ImportText {
    title: "import.title",
    hint: "import.hint",
    file: "import.file",
    done: "import.done",
    refused: "import.refused",
};

/// A file upload (.xlsx or .csv) to `action`, and what the last one did (from the address the
/// upload came back to: `imported`, or `import_errors` line by line).
#[component]
pub fn ImportBox(action: String, text: ImportText, i18n: I18n) -> impl IntoView {
    let query = use_query_map();
    let imported = move || query.read().get("imported");
    let errors = move || {
        query
            .read()
            .get("import_errors")
            .map(|list| {
                list.split(',')
                    .filter_map(|e| e.split_once(':'))
                    .map(|(line, key)| (line.to_string(), key.to_string()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let more = move || query.read().get("import_more").and_then(|m| m.parse::<usize>().ok()).unwrap_or(0);
    view! {
        <section class="card">
            <h2 id="import">{move || i18n.t(text.title)}</h2>
            <p class="hint">{move || i18n.t(text.hint)}</p>
            <form method="post" enctype="multipart/form-data" action=action class="form form-inline">
                <label>{move || i18n.t(text.file)}" "<input type="file" name="file" accept=".xlsx,.csv,text/csv" required/></label>
                <button type="submit" class="btn btn-primary">{move || i18n.t("import.go")}</button>
            </form>
            {move || imported().map(|n| view! { <p class="alert alert-ok" role="status">{i18n.tf(text.done, &[("n", n)])}</p> })}
            {move || {
                let list = errors();
                (!list.is_empty()).then(|| {
                    let items = list
                        .into_iter()
                        .map(|(line, key)| {
                            let text = if line == "0" { i18n.t(&key) } else { i18n.tf("import.row", &[("line", line), ("why", i18n.t(&key))]) };
                            view! { <li>{text}</li> }
                        })
                        .collect_view();
                    let extra = more();
                    view! {
                        <div class="alert alert-error" role="alert" data-testid="import-errors">
                            <p>{i18n.t(text.refused)}</p>
                            <ul>{items}</ul>
                            {(extra > 0).then(|| view! { <p>{i18n.tf("import.more", &[("n", extra.to_string())])}</p> })}
                        </div>
                    }
                })
            }}
        </section>
    }
}
