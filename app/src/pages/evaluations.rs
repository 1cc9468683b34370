//! Team evaluation (班组评比): the 五比两树 evaluations and the labour competitions (劳动竞赛). The
//! list with what the caller may start; one evaluation with its weights, teams, panel and (once
//! published) standings; an evaluator's score sheet; one labour competition with its indicators,
//! a period's values grid (organisers) or its ranking.

use crate::api::evaluations::{
    load_contest, load_evaluation, load_evaluations, load_score_sheet, AddContestEntrants, AddEvaluationTeams,
    AddEvaluator, CloseContestPeriod, CreateContest, CreateEvaluation, PublishEvaluation, RemoveContestEntrant,
    RemoveEvaluationTeam, RemoveEvaluator, SaveContestValues, SaveTeamSheet,
};
use crate::components::{action_error, action_ok, invalid, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::evaluation::{Dimension, EvaluationStatus, DEFAULT_WEIGHTS};
use crate::domain::labour::{Between, Cadence, Direction, Normalisation};
use crate::i18n::{use_i18n, I18n};
use crate::model::evaluations::{ContestView, EvaluationView, EvaluationsPage, ScoreSheetView};
use crate::pages::boards::window_label;
use crate::pages::competitions::{ImportBox, ImportText};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn EvaluationsPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <ListBody/> }/> }
}

#[component]
pub fn EvaluationPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <EvaluationBody/> }/> }
}

#[component]
pub fn ScoreSheetPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <SheetBody/> }/> }
}

#[component]
pub fn ContestPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <ContestBody/> }/> }
}

fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0)
}

fn page_param() -> impl Fn() -> Option<i64> + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.read().get("page").and_then(|s| s.parse::<i64>().ok())
}

#[component]
fn ListBody() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let args = move || {
        (query.read().get("tab").unwrap_or_default(), query.read().get("page").and_then(|p| p.parse::<i64>().ok()))
    };
    let data = Resource::new(args, |(tab, page)| load_evaluations(tab, page));
    view! {
        <h1>{move || i18n.t("nav.evaluations")}</h1>
        <p class="lead">{move || i18n.t("eval.lead")}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => list_view(i18n, p).into_any(),
            })}
        </Suspense>
    }
}

fn list_view(i18n: I18n, p: EvaluationsPage) -> impl IntoView {
    let contests = p.tab == "contests";
    let tab = |href: &'static str, key: &'static str, on: bool| {
        view! { <a href=href class="tab" aria-current=on.then_some("page")>{move || i18n.t(key)}</a> }
    };
    let panels = (!p.my_panels.is_empty()).then(|| {
        let items = p
            .my_panels
            .iter()
            .map(|(id, title, period)| {
                let period = window_label(i18n, *period);
                view! { <li><a href=format!("/evaluations/{id}/score")>{title.clone()}" · "{period}</a></li> }
            })
            .collect_view();
        view! {
            <section class="card" data-testid="my-panels">
                <h2>{move || i18n.t("eval.my_panels")}</h2>
                <ul class="plain-list">{items}</ul>
            </section>
        }
    });
    let tab_name = if contests { "contests" } else { "evaluations" };
    let pager = (p.total > p.per_page).then(|| {
        crate::pages::pager(i18n, p.page, p.total, p.per_page, move |n| format!("/evaluations?tab={tab_name}&page={n}"))
    });
    let list = if contests {
        let rows = p
            .contests
            .iter()
            .map(|c| {
                let between = c.between.label_key();
                let cadence = c.cadence.label_key();
                view! {
                    <tr>
                        <td><a href=format!("/labour/{}", c.id)>{c.title.clone()}</a></td>
                        <td>{move || i18n.t(between)}</td>
                        <td>{move || i18n.t(cadence)}</td>
                        <td>{format!("{} – {}", c.first.text(), c.last.text())}</td>
                        <td class="num">{c.entrants.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        let empty = p.contests.is_empty();
        view! {
            {if empty { Some(view! { <p class="muted empty">{move || i18n.t("labour.none")}</p> }) } else { None }}
            <div class="table-wrap"><table data-testid="contests">
                <thead><tr>
                    <th scope="col">{move || i18n.t("eval.title")}</th>
                    <th scope="col">{move || i18n.t("labour.between")}</th>
                    <th scope="col">{move || i18n.t("labour.cadence")}</th>
                    <th scope="col">{move || i18n.t("labour.months")}</th>
                    <th scope="col" class="num">{move || i18n.t("labour.entrants")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    } else {
        let rows = p
            .evaluations
            .iter()
            .map(|e| {
                let status = e.status.label_key();
                let period = window_label(i18n, e.period);
                view! {
                    <tr>
                        <td><a href=format!("/evaluations/{}", e.id)>{e.title.clone()}</a></td>
                        <td>{period}</td>
                        <td><span class="tag">{move || i18n.t(status)}</span></td>
                        <td class="num">{e.teams.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        let empty = p.evaluations.is_empty();
        view! {
            {if empty { Some(view! { <p class="muted empty">{move || i18n.t("eval.none")}</p> }) } else { None }}
            <div class="table-wrap"><table data-testid="evaluations">
                <thead><tr>
                    <th scope="col">{move || i18n.t("eval.title")}</th>
                    <th scope="col">{move || i18n.t("eval.period")}</th>
                    <th scope="col">{move || i18n.t("eval.status")}</th>
                    <th scope="col" class="num">{move || i18n.t("eval.teams")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    let new_form = p.may_manage.then(|| {
        if contests {
            view! { <NewContest/> }.into_any()
        } else {
            view! { <NewEvaluation periods=p.periods.clone() sources=p.sources.clone()/> }.into_any()
        }
    });
    view! {
        {panels}
        <nav class="tabs" aria-label=move || i18n.t("eval.views")>
            {tab("/evaluations", "eval.name", !contests)}
            {tab("/evaluations?tab=contests", "labour.name", contests)}
        </nav>
        {list}
        {pager}
        {new_form}
    }
}

#[component]
fn NewEvaluation(
    periods: Vec<crate::domain::boards::Window>,
    sources: Vec<(i64, String, crate::domain::boards::Window)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateEvaluation>::new();
    let err = action_error(create);
    let periods = periods
        .into_iter()
        .map(|w| {
            let key = w.key().unwrap_or_default();
            let label = window_label(i18n, w);
            view! { <option value=key>{label}</option> }
        })
        .collect_view();
    let weights = Dimension::ALL
        .iter()
        .zip(DEFAULT_WEIGHTS)
        .map(|(d, w)| {
            let key = d.label_key();
            let name = format!("form[w_{}]", d.code());
            let id = format!("w-{}", d.code());
            view! {
                <div>
                    <label for=id.clone()>{move || i18n.t(key)}" %"</label>
                    <input id=id name=name type="number" inputmode="numeric" min="0" max="100" value=w.to_string() required/>
                </div>
            }
        })
        .collect_view();
    let dims = Dimension::ALL
        .iter()
        .map(|d| {
            let key = d.label_key();
            view! { <option value=d.code()>{move || i18n.t(key)}</option> }
        })
        .collect_view();
    let has_sources = !sources.is_empty();
    let sources = sources
        .into_iter()
        .map(|(id, title, w)| {
            let label = format!("{title} · {}", window_label(i18n, w));
            view! { <option value=format!("{id}:{}", w.key().unwrap_or_default())>{label}</option> }
        })
        .collect_view();
    view! {
        <details class="card" open=move || err.get().is_some()>
            <summary><h2 class="inline">{move || i18n.t("eval.new")}</h2></summary>
            <ActionForm action=create attr:class="form form-grid">
                <FormStatus error=err ok=Signal::derive(|| false) detailed=true/>
                <div>
                    <label for="e-title">{move || i18n.t("eval.title")}</label>
                    <input id="e-title" name="form[title]" maxlength="60" required aria-invalid=invalid(err, "title") placeholder=move || i18n.t("eval.title_hint")/>
                    <FieldError error=err field="title"/>
                </div>
                <div>
                    <label for="e-period">{move || i18n.t("eval.period")}</label>
                    <select id="e-period" name="form[period]">{periods}</select>
                </div>
                <fieldset class="full weights">
                    <legend>{move || i18n.t("eval.weights")}</legend>
                    <div class="form-grid">{weights}</div>
                    <FieldError error=err field="weights"/>
                </fieldset>
                <div>
                    <label for="e-points">{move || i18n.t("eval.points")}</label>
                    <input id="e-points" name="form[points]" value="30,20,10" aria-invalid=invalid(err, "points") aria-describedby="e-points-hint"/>
                    <p class="hint" id="e-points-hint">{move || i18n.t("eval.points_hint")}</p>
                    <FieldError error=err field="points"/>
                </div>
                {has_sources.then(|| view! {
                    <div>
                        <label for="e-derived">{move || i18n.t("eval.derived")}</label>
                        <select id="e-derived" name="form[derived]"><option value="">{move || i18n.t("eval.derived_none")}</option>{dims}</select>
                        <label for="e-source">{move || i18n.t("eval.source")}</label>
                        <select id="e-source" name="form[source]">{sources}</select>
                        <FieldError error=err field="source"/>
                    </div>
                })}
                <div class="full"><button type="submit" class="btn btn-primary">{move || i18n.t("eval.create")}</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
fn NewContest() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateContest>::new();
    let err = action_error(create);
    let options = move |codes: Vec<(&'static str, &'static str)>| {
        codes.into_iter().map(|(code, key)| view! { <option value=code>{move || i18n.t(key)}</option> }).collect_view()
    };
    let rows = (0..5)
        .map(|i| {
            let (dir, norm) = (
                options(Direction::ALL.iter().map(|d| (d.code(), d.label_key())).collect()),
                options(Normalisation::ALL.iter().map(|n| (n.code(), n.label_key())).collect()),
            );
            let n = (i + 1).to_string();
            view! {
                <tr>
                    <td><input name=format!("form[name][{i}]") maxlength="30" aria-label=move || i18n.tf("labour.indicator_n", &[("n", n.clone())]) required=i == 0/></td>
                    <td><input name=format!("form[unit][{i}]") maxlength="10" size="5" aria-label=move || i18n.t("labour.unit")/></td>
                    <td><select name=format!("form[direction][{i}]") aria-label=move || i18n.t("labour.direction")>{dir}</select></td>
                    <td><input name=format!("form[weight][{i}]") type="number" min="1" max="100" inputmode="numeric" size="4" aria-label=move || i18n.t("labour.weight")/></td>
                    <td><select name=format!("form[normalisation][{i}]") aria-label=move || i18n.t("labour.normalisation")>{norm}</select></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="card" open=move || err.get().is_some()>
            <summary><h2 class="inline">{move || i18n.t("labour.new")}</h2></summary>
            <ActionForm action=create attr:class="form form-grid">
                <FormStatus error=err ok=Signal::derive(|| false) detailed=true/>
                <div>
                    <label for="c-title">{move || i18n.t("eval.title")}</label>
                    <input id="c-title" name="form[title]" maxlength="60" required aria-invalid=invalid(err, "title")/>
                </div>
                <div>
                    <label for="c-between">{move || i18n.t("labour.between")}</label>
                    <select id="c-between" name="form[between]">{options(Between::ALL.iter().map(|b| (b.code(), b.label_key())).collect())}</select>
                </div>
                <div>
                    <label for="c-cadence">{move || i18n.t("labour.cadence")}</label>
                    <select id="c-cadence" name="form[cadence]">{options(Cadence::ALL.iter().map(|c| (c.code(), c.label_key())).collect())}</select>
                </div>
                <div>
                    <label for="c-first">{move || i18n.t("labour.first")}</label>
                    <input id="c-first" name="form[first]" type="month" required aria-invalid=invalid(err, "first")/>
                </div>
                <div>
                    <label for="c-last">{move || i18n.t("labour.last")}</label>
                    <input id="c-last" name="form[last]" type="month" required aria-invalid=invalid(err, "last")/>
                    <FieldError error=err field="last"/>
                </div>
                <div>
                    <label for="c-points">{move || i18n.t("eval.points")}</label>
                    <input id="c-points" name="form[points]" value="20,10,5" aria-describedby="c-points-hint" aria-invalid=invalid(err, "points")/>
                    <p class="hint" id="c-points-hint">{move || i18n.t("labour.points_hint")}</p>
                    <FieldError error=err field="points"/>
                </div>
                <div class="full table-wrap">
                    <table>
                        <caption>{move || i18n.t("labour.indicators_hint")}</caption>
                        <thead><tr>
                            <th scope="col">{move || i18n.t("labour.indicator")}</th>
                            <th scope="col">{move || i18n.t("labour.unit")}</th>
                            <th scope="col">{move || i18n.t("labour.direction")}</th>
                            <th scope="col">{move || i18n.t("labour.weight")}</th>
                            <th scope="col">{move || i18n.t("labour.normalisation")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="full"><button type="submit" class="btn btn-primary">{move || i18n.t("labour.create")}</button></div>
            </ActionForm>
        </details>
    }
}

#[component]
fn EvaluationBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = page_param();
    let data = Resource::new(move || (id(), page()), |(id, page)| load_evaluation(id, page));
    view! {
        <p><a href="/evaluations">{move || i18n.t("eval.back")}</a></p>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(v) => evaluation_view(i18n, v).into_any(),
            })}
        </Suspense>
    }
}

fn evaluation_view(i18n: I18n, v: EvaluationView) -> impl IntoView {
    let published = v.status == EvaluationStatus::Published;
    let status = v.status.label_key();
    let period = window_label(i18n, v.period);
    let weights = Dimension::ALL
        .iter()
        .zip(v.weights)
        .map(|(d, w)| {
            let key = d.label_key();
            view! { <li><span>{move || i18n.t(key)}</span>" "<strong>{format!("{w}%")}</strong></li> }
        })
        .collect_view();
    let points = points_text(i18n, &v.points);
    let derived = v.derived.clone().map(|d| {
        let key = d.dimension.label_key();
        let period = window_label(i18n, d.period);
        view! {
            <p class="hint" data-testid="derived">
                {move || i18n.tf("eval.derived_from", &[("dim", i18n.t(key)), ("contest", d.contest.1.clone()), ("period", period.clone())])}
                " "<a href=format!("/labour/{}?period={}", d.contest.0, d.period.key().unwrap_or_default())>{move || i18n.t("eval.see_contest")}</a>
            </p>
        }
    });
    let eid = v.id;
    let sheet_link = (v.on_panel && !published).then(|| view! {
        <p><a class="btn btn-primary" href=format!("/evaluations/{eid}/score") data-testid="to-sheet">{move || i18n.t("eval.to_sheet")}</a></p>
    });
    let manage = (v.may_manage && !published).then(|| view! { <Manage v=v.clone()/> });
    let remove = ServerAction::<RemoveEvaluationTeam>::new();
    let remove_err = action_error(remove);
    let may_remove = v.may_manage && !published;
    let head_dims = Dimension::ALL
        .iter()
        .map(|d| {
            let key = d.label_key();
            view! { <th scope="col" class="num">{move || i18n.t(key)}</th> }
        })
        .collect_view();
    let rows = v
        .teams
        .iter()
        .map(|t| {
            let team = view! { <a href=format!("/teams/{}", t.team.0)>{t.team.1.clone()}</a> };
            if published {
                let scores = t.scores.clone().unwrap_or_default().into_iter().map(|s| view! { <td class="num">{s}</td> }).collect_view();
                view! {
                    <tr>
                        <td class="num">{t.rank.map(|r| r.to_string())}</td>
                        <th scope="row">{team}<br/><small class="muted">{t.department.clone()}</small></th>
                        {scores}
                        <td class="num"><strong>{t.total.clone()}</strong></td>
                        <td class="num">{t.points.map(|p| p.to_string())}</td>
                    </tr>
                }
                .into_any()
            } else {
                let tid = t.team.0.to_string();
                view! {
                    <tr>
                        <th scope="row">{team}</th>
                        <td>{t.department.clone()}</td>
                        {may_remove.then(|| view! { <td class="num">{t.sheets.to_string()}</td> })}
                        {may_remove.then(|| view! {
                            <td>
                                <ActionForm action=remove attr:class="form-inline">
                                    <input type="hidden" name="id" value=eid.to_string()/>
                                    <input type="hidden" name="team" value=tid.clone()/>
                                    <button type="submit" class="btn btn-ghost btn-small">{move || i18n.t("eval.remove_team")}</button>
                                </ActionForm>
                            </td>
                        })}
                    </tr>
                }
                .into_any()
            }
        })
        .collect_view();
    let head = if published {
        view! {
            <tr>
                <th scope="col" class="num">{move || i18n.t("board.col.rank")}</th>
                <th scope="col">{move || i18n.t("board.team")}</th>
                {head_dims}
                <th scope="col" class="num">{move || i18n.t("eval.total")}</th>
                <th scope="col" class="num">{move || i18n.t("board.col.points")}</th>
            </tr>
        }
        .into_any()
    } else {
        view! {
            <tr>
                <th scope="col">{move || i18n.t("board.team")}</th>
                <th scope="col">{move || i18n.t("board.department")}</th>
                {may_remove.then(|| view! { <th scope="col" class="num">{move || i18n.t("eval.sheets")}</th> })}
                {may_remove.then(|| view! { <th scope="col"><span class="sr-only">{move || i18n.t("eval.remove_team")}</span></th> })}
            </tr>
        }
        .into_any()
    };
    let pager = (v.total_teams > v.per_page).then(|| {
        crate::pages::pager(i18n, v.page, v.total_teams, v.per_page, move |n| format!("/evaluations/{eid}?page={n}"))
    });
    let total_teams = v.total_teams;
    view! {
        <h1>{v.title.clone()}</h1>
        <p class="lead">{period}" · "<span class="tag" data-testid="eval-status">{move || i18n.t(status)}</span>" · "{move || i18n.tf("eval.team_count", &[("n", total_teams.to_string())])}</p>
        <section class="card">
            <h2>{move || i18n.t("eval.rules")}</h2>
            <ul class="chips weights-list">{weights}</ul>
            <p>{points}</p>
            {derived}
            <p class="hint">{move || i18n.t("eval.arithmetic")}</p>
        </section>
        {sheet_link}
        {manage}
        <section class="card">
            <h2>{move || i18n.t(if published { "eval.standings" } else { "eval.teams" })}</h2>
            <FormStatus error=remove_err ok=Signal::derive(|| false)/>
            {(v.teams.is_empty()).then(|| view! { <p class="muted empty">{move || i18n.t("eval.no_teams")}</p> })}
            <div class="table-wrap"><table data-testid="eval-teams">
                <thead>{head}</thead>
                <tbody>{rows}</tbody>
            </table></div>
            {pager}
        </section>
    }
}

/// What each rank books (`第 1 名 30 分，第 2 名 20 分`), or that nothing is booked.
fn points_text(i18n: I18n, points: &[i64]) -> String {
    if points.is_empty() {
        return i18n.t("eval.no_points");
    }
    points
        .iter()
        .enumerate()
        .map(|(i, p)| i18n.tf("eval.rank_points", &[("rank", (i + 1).to_string()), ("n", p.to_string())]))
        .collect::<Vec<_>>()
        .join(&i18n.t("common.list_sep"))
}

/// An organiser's tools while the panel scores: teams by department, the panel, publishing.
#[component]
fn Manage(v: EvaluationView) -> impl IntoView {
    let i18n = use_i18n();
    let add_teams = ServerAction::<AddEvaluationTeams>::new();
    let teams_err = action_error(add_teams);
    let teams_ok = action_ok(add_teams);
    let add = ServerAction::<AddEvaluator>::new();
    let add_err = action_error(add);
    let out = ServerAction::<RemoveEvaluator>::new();
    let out_err = action_error(out);
    let publish = ServerAction::<PublishEvaluation>::new();
    let publish_err = action_error(publish);
    let eid = v.id;
    let panel = v
        .panel
        .iter()
        .map(|(pid, name, team, sheets)| {
            let pid = *pid;
            let sheets = *sheets;
            view! {
                <li>
                    {name.clone()}" "<small class="muted">{team.clone()}" · "{move || i18n.tf("eval.sheets_n", &[("n", sheets.to_string())])}</small>
                    <ActionForm action=out attr:class="form-inline">
                        <input type="hidden" name="id" value=eid.to_string()/>
                        <input type="hidden" name="person" value=pid.to_string()/>
                        <button type="submit" class="btn btn-ghost btn-small">{move || i18n.t("eval.remove_evaluator")}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let (scored, total) = (v.teams_scored, v.total_teams);
    view! {
        <section class="card" data-testid="eval-manage">
            <h2>{move || i18n.t("eval.manage")}</h2>
            <p data-testid="eval-progress">{move || i18n.tf("eval.progress", &[("done", scored.to_string()), ("n", total.to_string())])}</p>
            <progress max=total.max(1).to_string() value=scored.to_string() aria-label=move || i18n.t("eval.progress_label")></progress>
            <div class="grid-2">
                <ActionForm action=add_teams attr:class="form">
                    <FormStatus error=teams_err ok=teams_ok/>
                    <input type="hidden" name="id" value=eid.to_string()/>
                    <label for="add-dept">{move || i18n.t("eval.add_department")}</label>
                    <input id="add-dept" name="department" required placeholder=move || i18n.t("eval.department_hint") aria-invalid=invalid(teams_err, "department")/>
                    <FieldError error=teams_err field="department"/>
                    <button type="submit" class="btn">{move || i18n.t("eval.add_teams")}</button>
                </ActionForm>
                <div>
                    <h3>{move || i18n.t("eval.panel")}</h3>
                    <FormStatus error=out_err ok=Signal::derive(|| false)/>
                    <ul class="plain-list" data-testid="panel">{panel}</ul>
                    <ActionForm action=add attr:class="form form-inline">
                        <FormStatus error=add_err ok=Signal::derive(|| false)/>
                        <input type="hidden" name="id" value=eid.to_string()/>
                        <label for="add-who">{move || i18n.t("eval.add_evaluator")}</label>
                        <input id="add-who" name="who" required placeholder=move || i18n.t("honour.nominee_hint") aria-invalid=invalid(add_err, "who")/>
                        <FieldError error=add_err field="who"/>
                        <button type="submit" class="btn">{move || i18n.t("eval.add")}</button>
                    </ActionForm>
                </div>
            </div>
            <ActionForm action=publish attr:class="form form-inline">
                <FormStatus error=publish_err ok=Signal::derive(|| false)/>
                <input type="hidden" name="id" value=eid.to_string()/>
                <button type="submit" class="btn btn-primary" data-testid="publish">{move || i18n.t("eval.publish")}</button>
                <span class="hint">{move || i18n.t("eval.publish_hint")}</span>
            </ActionForm>
        </section>
    }
}

#[component]
fn SheetBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = page_param();
    let data = Resource::new(move || (id(), page()), |(id, page)| load_score_sheet(id, page));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(v) => sheet_view(i18n, v).into_any(),
            })}
        </Suspense>
    }
}

fn sheet_view(i18n: I18n, v: ScoreSheetView) -> impl IntoView {
    let save = ServerAction::<SaveTeamSheet>::new();
    let err = action_error(save);
    let ok = action_ok(save);
    let open = v.status == EvaluationStatus::Scoring;
    let eid = v.id;
    let derived = v.derived;
    let cards = v
        .lines
        .into_iter()
        .map(|l| {
            let entered = l.scores.iter().any(|s| !s.is_empty());
            let head = view! {
                <h2 class="h3">{l.team.1.clone()}" "<small class="muted">{l.department.clone()}</small>
                    {entered.then(|| view! { " "<span class="tag tag-ok">{move || i18n.t("eval.entered")}</span> })}
                </h2>
            };
            if l.own {
                return view! { <article class="card sheet-line">{head}<p class="muted">{move || i18n.t("eval.own_team")}</p></article> }.into_any();
            }
            let inputs = Dimension::ALL
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let key = d.label_key();
                    let fid = format!("s-{}-{}", l.team.0, d.code());
                    if Some(*d) == derived {
                        return view! { <div><span class="label">{move || i18n.t(key)}</span><p class="hint">{move || i18n.t("eval.from_labour")}</p></div> }.into_any();
                    }
                    view! {
                        <div>
                            <label for=fid.clone()>{move || i18n.t(key)}</label>
                            <input id=fid name=format!("scores[s_{}]", d.code()) type="number" inputmode="decimal" min="0" max="100" step="0.5"
                                value=l.scores[i].clone() required disabled=!open/>
                        </div>
                    }
                    .into_any()
                })
                .collect_view();
            view! {
                <article class="card sheet-line" data-testid="sheet-line">
                    {head}
                    <ActionForm action=save attr:class="form sheet-form">
                        <input type="hidden" name="id" value=eid.to_string()/>
                        <input type="hidden" name="team" value=l.team.0.to_string()/>
                        <div class="sheet-grid">{inputs}</div>
                        {open.then(|| view! { <button type="submit" class="btn">{move || i18n.t("eval.save_sheet")}</button> })}
                    </ActionForm>
                </article>
            }
            .into_any()
        })
        .collect_view();
    let pager = (v.total > v.per_page).then(|| {
        crate::pages::pager(i18n, v.page, v.total, v.per_page, move |n| format!("/evaluations/{eid}/score?page={n}"))
    });
    let period = window_label(i18n, v.period);
    let (done, total) = (v.done, v.total);
    view! {
        <p><a href=format!("/evaluations/{eid}")>{v.title.clone()}</a></p>
        <h1>{move || i18n.t("eval.sheet")}</h1>
        <p class="lead">{v.title.clone()}" · "{period}" · "<span data-testid="sheet-progress">{move || i18n.tf("eval.sheet_progress", &[("done", done.to_string()), ("n", total.to_string())])}</span></p>
        <p class="hint">{move || i18n.t("eval.sheet_hint")}</p>
        {(!open).then(|| view! { <p class="alert">{move || i18n.t("err.eval.published")}</p> })}
        <FormStatus error=err ok=ok detailed=true/>
        <div class="sheet-lines">{cards}</div>
        {pager}
    }
}

#[component]
fn ContestBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let page = page_param();
    let query = use_query_map();
    let period = move || query.read().get("period").unwrap_or_default();
    let data = Resource::new(move || (id(), period(), page()), |(id, period, page)| load_contest(id, period, page));
    view! {
        <p><a href="/evaluations?tab=contests">{move || i18n.t("labour.back")}</a></p>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(v) => contest_view(i18n, v).into_any(),
            })}
        </Suspense>
    }
}

const IMPORT_VALUES: ImportText = ImportText {
    title: "labour.import",
    hint: "labour.import_hint",
    file: "import.file",
    done: "labour.imported",
    refused: "labour.import_refused",
};

fn contest_view(i18n: I18n, v: ContestView) -> impl IntoView {
    let cid = v.id;
    let key = v.period.key().unwrap_or_default();
    let between = v.between.label_key();
    let cadence = v.cadence.label_key();
    let indicators = v
        .indicators
        .iter()
        .map(|ind| {
            let (dir, norm) = (ind.direction.label_key(), ind.normalisation.label_key());
            view! {
                <tr>
                    <th scope="row">{ind.name.clone()}</th>
                    <td>{ind.unit.clone()}</td>
                    <td>{move || i18n.t(dir)}</td>
                    <td class="num">{format!("{}%", ind.weight)}</td>
                    <td>{move || i18n.t(norm)}</td>
                </tr>
            }
        })
        .collect_view();
    let periods = v
        .periods
        .iter()
        .map(|(w, closed)| {
            let label = window_label(i18n, *w);
            let k = w.key().unwrap_or_default();
            let on = *w == v.period;
            view! {
                <a class="tab" href=format!("/labour/{cid}?period={k}") aria-current=on.then_some("page")>
                    {label}{closed.then(|| view! { " ✓"<span class="sr-only">{move || i18n.t("labour.closed")}</span> })}
                </a>
            }
        })
        .collect_view();
    let ind_heads = v
        .indicators
        .iter()
        .map(|i| view! { <th scope="col" class="num">{i.name.clone()}{(!i.unit.is_empty()).then(|| format!("（{}）", i.unit))}</th> })
        .collect_view();
    let period_label = window_label(i18n, v.period);
    let body = if v.closed {
        let rows = v
            .lines
            .iter()
            .map(|l| {
                let values = l.values.iter().map(|s| view! { <td class="num">{s.clone()}</td> }).collect_view();
                let name = if v.between == Between::Teams {
                    view! { <a href=format!("/teams/{}", l.id)>{l.name.clone()}</a> }.into_any()
                } else {
                    view! { <a href=format!("/boards?board=team&window=all&dept={}", l.id)>{l.name.clone()}</a> }.into_any()
                };
                view! {
                    <tr>
                        <td class="num">{l.rank.map(|r| r.to_string())}</td>
                        <th scope="row">{name}{(!l.department.is_empty()).then(|| view! { <br/><small class="muted">{l.department.clone()}</small> })}</th>
                        {values}
                        <td class="num"><strong>{l.total.clone()}</strong></td>
                        <td class="num">{l.points.map(|p| p.to_string())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="card">
                <h2>{move || i18n.tf("labour.ranking", &[("period", period_label.clone())])}</h2>
                <p class="hint">{move || i18n.t("labour.arithmetic")}</p>
                <div class="table-wrap"><table data-testid="labour-results">
                    <thead><tr>
                        <th scope="col" class="num">{move || i18n.t("board.col.rank")}</th>
                        <th scope="col">{move || i18n.t("labour.entrant")}</th>
                        {ind_heads}
                        <th scope="col" class="num">{move || i18n.t("eval.total")}</th>
                        <th scope="col" class="num">{move || i18n.t("board.col.points")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </section>
        }
        .into_any()
    } else if v.may_manage {
        view! { <ValuesGrid v=v.clone() ind_heads=ind_heads.into_any()/> }.into_any()
    } else {
        view! { <p class="card muted" data-testid="labour-open">{move || i18n.tf("labour.not_closed", &[("period", period_label.clone())])}</p> }.into_any()
    };
    let pager = (v.total > v.per_page).then(|| {
        let key = key.clone();
        crate::pages::pager(i18n, v.page, v.total, v.per_page, move |n| format!("/labour/{cid}?period={key}&page={n}"))
    });
    let entrants = v.total;
    let points = points_text(i18n, &v.points);
    view! {
        <h1>{v.title.clone()}</h1>
        <p class="lead">{move || i18n.t(between)}" · "{move || i18n.t(cadence)}" · "{move || i18n.tf("labour.entrant_count", &[("n", entrants.to_string())])}</p>
        <section class="card">
            <h2>{move || i18n.t("labour.indicators")}</h2>
            <div class="table-wrap"><table>
                <thead><tr>
                    <th scope="col">{move || i18n.t("labour.indicator")}</th>
                    <th scope="col">{move || i18n.t("labour.unit")}</th>
                    <th scope="col">{move || i18n.t("labour.direction")}</th>
                    <th scope="col" class="num">{move || i18n.t("labour.weight")}</th>
                    <th scope="col">{move || i18n.t("labour.normalisation")}</th>
                </tr></thead>
                <tbody>{indicators}</tbody>
            </table></div>
            <p>{points}</p>
        </section>
        <nav class="tabs" aria-label=move || i18n.t("labour.periods")>{periods}</nav>
        {body}
        {pager}
    }
}

/// An organiser's grid for an open period: one row per entrant, the file import, closing.
#[component]
fn ValuesGrid(v: ContestView, ind_heads: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveContestValues>::new();
    let err = action_error(save);
    let ok = action_ok(save);
    let close = ServerAction::<CloseContestPeriod>::new();
    let close_err = action_error(close);
    let add = ServerAction::<AddContestEntrants>::new();
    let add_err = action_error(add);
    let add_ok = action_ok(add);
    let remove = ServerAction::<RemoveContestEntrant>::new();
    let remove_err = action_error(remove);
    let cid = v.id;
    let key = v.period.key().unwrap_or_default();
    let rows = v
        .lines
        .iter()
        .map(|l| {
            let form_id = format!("values-{}", l.id);
            let inputs = l
                .values
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    let name = v.indicators.get(i).map(|x| x.name.clone()).unwrap_or_default();
                    let label = format!("{} · {name}", l.name);
                    view! {
                        <td class="num"><input form=form_id.clone() name=format!("v[{i}]") value=value.clone() inputmode="decimal" size="8" required aria-label=label/></td>
                    }
                })
                .collect_view();
            let (entrant, key) = (l.id, key.clone());
            view! {
                <tr data-testid="values-row">
                    <th scope="row">{l.name.clone()}{(!l.department.is_empty()).then(|| view! { <br/><small class="muted">{l.department.clone()}</small> })}<br/><small class="muted">{format!("#{}", l.id)}</small></th>
                    {inputs}
                    <td>
                        <ActionForm action=save attr:id=form_id.clone() attr:class="form-inline">
                            <input type="hidden" name="id" value=cid.to_string()/>
                            <input type="hidden" name="period" value=key.clone()/>
                            <input type="hidden" name="entrant" value=entrant.to_string()/>
                            <button type="submit" class="btn btn-small">{move || i18n.t("common.save")}</button>
                        </ActionForm>
                        <ActionForm action=remove attr:class="form-inline">
                            <input type="hidden" name="id" value=cid.to_string()/>
                            <input type="hidden" name="entrant" value=entrant.to_string()/>
                            <button type="submit" class="btn btn-ghost btn-small">{move || i18n.t("labour.remove")}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let (filled, needed) = (v.filled, v.needed);
    let label = window_label(i18n, v.period);
    let (close_key, import_action) = (key.clone(), format!("/labour/{cid}/import?period={key}"));
    view! {
        <section class="card">
            <h2>{move || i18n.tf("labour.values", &[("period", label.clone())])}</h2>
            <p data-testid="values-progress">{move || i18n.tf("labour.filled", &[("done", filled.to_string()), ("n", needed.to_string())])}</p>
            <FormStatus error=err ok=ok detailed=true/>
            <FormStatus error=remove_err ok=Signal::derive(|| false)/>
            {v.lines.is_empty().then(|| view! { <p class="muted empty">{move || i18n.t("labour.no_entrants")}</p> })}
            <div class="table-wrap"><table data-testid="values-grid">
                <thead><tr>
                    <th scope="col">{move || i18n.t("labour.entrant")}</th>
                    {ind_heads}
                    <th scope="col"><span class="sr-only">{move || i18n.t("common.save")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            <ActionForm action=close attr:class="form form-inline">
                <FormStatus error=close_err ok=Signal::derive(|| false)/>
                <input type="hidden" name="id" value=cid.to_string()/>
                <input type="hidden" name="period" value=close_key.clone()/>
                <button type="submit" class="btn btn-primary" data-testid="close-period">{move || i18n.t("labour.close")}</button>
                <span class="hint">{move || i18n.t("labour.close_hint")}</span>
            </ActionForm>
        </section>
        <ImportBox action=import_action text=IMPORT_VALUES i18n/>
        <section class="card">
            <h2>{move || i18n.t("labour.add_entrants")}</h2>
            <ActionForm action=add attr:class="form form-inline">
                <FormStatus error=add_err ok=add_ok/>
                <input type="hidden" name="id" value=cid.to_string()/>
                <label for="add-entrants">{move || i18n.t("eval.add_department")}</label>
                <input id="add-entrants" name="department" required placeholder=move || i18n.t("eval.department_hint") aria-invalid=invalid(add_err, "department")/>
                <FieldError error=add_err field="department"/>
                <button type="submit" class="btn">{move || i18n.t("eval.add")}</button>
            </ActionForm>
        </section>
    }
}
