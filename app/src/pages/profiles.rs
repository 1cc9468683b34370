//! A person's page (个人主页) and a team's page (班组主页): who they are, their titles, projects
//! and placings, where they stand on the boards, points over time, and every points entry with
//! the evidence it came from.

use crate::api::profiles::{load_person_page, load_team_page};
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::boards::Board;
use crate::domain::evaluation::Dimension;
use crate::domain::money::{format_yuan, Fen};
use crate::i18n::{use_i18n, I18n};
use crate::model::boards::PointsLine;
use crate::model::profiles::{EvaluationPlace, Position};
use crate::pages::boards::window_label;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <PersonBody/> }/> }
}

#[component]
pub fn TeamPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <TeamBody/> }/> }
}

fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0)
}

#[component]
fn PersonBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let query = use_query_map();
    let before = move || query.read().get("before").and_then(|s| s.parse::<i64>().ok());
    let data = Resource::new(move || (id(), before()), |(id, before)| load_person_page(id, before));
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(p) => {
                    let older = p.older.map(|o| format!("/people/{}?before={o}#points", p.id));
                    let titles = p.titles.clone();
                    view! {
                        <h1>{p.name.clone()}</h1>
                        <p class="lead">
                            <a href=format!("/teams/{}", p.team_id)>{p.team_name.clone()}</a>
                            " · "<a href=format!("/boards?board=person&dept={}", p.department_id)>{p.department_name.clone()}</a>
                            {p.job_title.clone().map(|j| view! { " · "{j} })}
                        </p>
                        {(!titles.is_empty()).then(|| view! {
                            <ul class="tags" aria-label=move || i18n.t("who.titles")>
                                {titles.into_iter().map(|(hid, t)| match hid {
                                    Some(h) => view! { <li class="tag tag-award"><a href=format!("/honours/{h}")>{t}</a></li> }.into_any(),
                                    None => view! { <li class="tag tag-award">{t}</li> }.into_any(),
                                }).collect_view()}
                            </ul>
                        })}
                        <div class="grid-2">
                            <Positions board=Board::Person positions=p.positions.clone()/>
                            <MonthsChart months=p.months.clone()/>
                        </div>
                        <section class="card" data-testid="placings">
                            <h2>{move || i18n.t("who.placings")}</h2>
                            {if p.placings.is_empty() {
                                view! { <p class="muted empty">{move || i18n.t("who.none")}</p> }.into_any()
                            } else {
                                let rows = p.placings.clone().into_iter().map(|pl| {
                                    let tier = pl.tier;
                                    view! {
                                        <tr>
                                            <td><a href=format!("/events/{}/results", pl.event_id)>{pl.event}</a></td>
                                            <td class="num">{pl.place.to_string()}</td>
                                            <td>{move || i18n.tf("who.tier", &[("n", (tier + 1).to_string())])}{(!pl.title.is_empty()).then(|| view! { " · "{pl.title.clone()} })}</td>
                                            <td class="num">{pl.points.to_string()}</td>
                                            <td class="num">{pl.prize_fen.map(|f| format_yuan(Fen(f))).unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    }
                                }).collect_view();
                                view! {
                                    <div class="table-wrap"><table>
                                        <thead><tr>
                                            <th scope="col">{move || i18n.t("who.event")}</th>
                                            <th scope="col" class="num">{move || i18n.t("who.place")}</th>
                                            <th scope="col">{move || i18n.t("who.award")}</th>
                                            <th scope="col" class="num">{move || i18n.t("board.col.points")}</th>
                                            <th scope="col" class="num">{move || i18n.t("who.prize")}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table></div>
                                }.into_any()
                            }}
                        </section>
                        <section class="card">
                            <h2>{move || i18n.t("who.projects")}</h2>
                            {if p.projects.is_empty() {
                                view! { <p class="muted empty">{move || i18n.t("who.none")}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="plain-list">
                                        {p.projects.clone().into_iter().map(|(pid, title, stage)| {
                                            let k = stage.label_key();
                                            view! { <li><a href=format!("/projects/{pid}")>{title}</a>" "<span class="tag">{move || i18n.t(k)}</span></li> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section class="card" id="points">
                            <h2>{move || i18n.t("who.points")}</h2>
                            <Entries entries=p.entries.clone()/>
                            {older.map(|h| view! { <nav class="pager"><a href=h rel="next">{move || i18n.t("who.older")}</a></nav> })}
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn TeamBody() -> impl IntoView {
    let i18n = use_i18n();
    let id = id_param();
    let data = Resource::new(id, load_team_page);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(t) => {
                    let count = t.member_count;
                    let shown = t.members.len() as i64;
                    view! {
                        <h1>{t.name.clone()}</h1>
                        <p class="lead">
                            <a href=format!("/boards?board=team&dept={}", t.department_id)>{t.department_name.clone()}</a>
                            " · "{move || i18n.tf("org.members", &[("n", count.to_string())])}
                        </p>
                        {(!t.honours.is_empty()).then(|| view! {
                            <ul class="tags" aria-label=move || i18n.t("who.titles")>
                                {t.honours.clone().into_iter().map(|(h, title)| view! { <li class="tag tag-award"><a href=format!("/honours/{h}")>{title}</a></li> }).collect_view()}
                            </ul>
                        })}
                        <div class="grid-2">
                            <Positions board=Board::Team positions=t.positions.clone()/>
                            <MonthsChart months=t.months.clone()/>
                        </div>
                        <section class="card">
                            <h2>{move || i18n.t("who.members")}</h2>
                            <ul class="chips">
                                {t.members.clone().into_iter().map(|(pid, name, job)| view! {
                                    <li><a href=format!("/people/{pid}")>{name}{job.map(|j| view! { <small class="muted">" · "{j}</small> })}</a></li>
                                }).collect_view()}
                            </ul>
                            {(count > shown).then(|| view! { <p class="muted">{move || i18n.tf("who.more_members", &[("n", (count - shown).to_string())])}</p> })}
                        </section>
                        {(!t.evaluations.is_empty()).then(|| view! { <Evaluations places=t.evaluations.clone()/> })}
                        <section class="card">
                            <h2>{move || i18n.t("who.team_points")}</h2>
                            <Entries entries=t.entries.clone()/>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// A team's 五比两树 evaluations: the latest as a radar of its seven dimensions, then the history.
#[component]
fn Evaluations(places: Vec<EvaluationPlace>) -> impl IntoView {
    let i18n = use_i18n();
    let latest = places[0].clone();
    let rows = places
        .into_iter()
        .map(|p| {
            let period = window_label(i18n, p.period);
            view! {
                <tr>
                    <td><a href=format!("/evaluations/{}", p.evaluation)>{p.title.clone()}</a></td>
                    <td>{period}</td>
                    <td class="num">{p.total.clone()}</td>
                    <td class="num">{format!("{} / {}", p.rank, p.teams)}</td>
                    <td class="num">{p.points.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = i18n.tf(
        "eval.radar_caption",
        &[
            ("title", latest.title.clone()),
            ("rank", latest.rank.to_string()),
            ("n", latest.teams.to_string()),
            ("total", latest.total.clone()),
        ],
    );
    view! {
        <section class="card" data-testid="team-evaluations">
            <h2>{move || i18n.t("eval.name")}</h2>
            <div class="radar-wrap">
                <Radar scores=latest.scores.clone() caption=caption.clone()/>
                <p class="muted">{caption.clone()}</p>
            </div>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("eval.title")}</th>
                        <th scope="col">{move || i18n.t("eval.period")}</th>
                        <th scope="col" class="num">{move || i18n.t("eval.total")}</th>
                        <th scope="col" class="num">{move || i18n.t("board.col.rank")}</th>
                        <th scope="col" class="num">{move || i18n.t("board.col.points")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The seven dimensions of 五比两树 as a radar (0–100 on every axis); each score is in the
/// shape's title and the caption for those who would rather read.
#[component]
pub fn Radar(scores: Vec<String>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let (cx, cy, r) = (160.0_f64, 130.0_f64, 95.0_f64);
    let n = Dimension::ALL.len();
    let at = |i: usize, frac: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
        (cx + r * frac * a.cos(), cy + r * frac * a.sin())
    };
    let ring =
        |frac: f64| (0..n).map(|i| at(i, frac)).map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let value = |s: &str| s.parse::<f64>().unwrap_or(0.0).clamp(0.0, 100.0) / 100.0;
    let shape = (0..n)
        .map(|i| at(i, value(scores.get(i).map(String::as_str).unwrap_or("0"))))
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let axes = Dimension::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (x, y) = at(i, 1.0);
            let (lx, ly) = at(i, 1.22);
            let key = d.label_key();
            let score = scores.get(i).cloned().unwrap_or_default();
            view! {
                <line x1=format!("{cx:.1}") y1=format!("{cy:.1}") x2=format!("{x:.1}") y2=format!("{y:.1}") class="radar-axis"/>
                <text x=format!("{lx:.1}") y=format!("{ly:.1}") text-anchor="middle" dominant-baseline="middle">{move || format!("{} {}", i18n.t(key), score)}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="radar" viewBox="0 0 320 260" role="img" aria-label=caption>
            {[0.25, 0.5, 0.75, 1.0].map(|f| view! { <polygon points=ring(f) class="radar-ring"/> }).collect_view()}
            {axes}
            <polygon points=shape class="radar-shape"/>
        </svg>
    }
}

/// Where a subject stands on its board this month, quarter, year and all time, each a link to it.
#[component]
fn Positions(board: Board, positions: Vec<Position>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = positions
        .into_iter()
        .map(|p| {
            let label = window_label(i18n, p.window);
            let href = format!("/boards?board={}&window={}", board.code(), p.tab);
            let ranked = p.ranked;
            let text = match p.rank {
                Some(r) => i18n.tf(
                    "who.rank_of",
                    &[("rank", r.to_string()), ("n", ranked.to_string()), ("points", p.total.to_string())],
                ),
                None => i18n.t("who.unranked"),
            };
            view! { <li><a href=href>{label}</a>": "<strong>{text}</strong></li> }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="positions">
            <h2>{move || i18n.t("who.positions")}</h2>
            <ul class="plain-list">{rows}</ul>
        </section>
    }
}

/// Points per month as bars (the numbers are each bar's title and in the summary).
#[component]
fn MonthsChart(months: Vec<(String, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let max = months.iter().map(|m| m.1).max().unwrap_or(0).max(1);
    let sum: i64 = months.iter().map(|m| m.1).sum();
    let n = months.len().max(1) as i64;
    let (w, h) = (360i64, 140i64);
    let slot = w / n;
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, (m, v))| {
            let bh = (v.max(&0) * (h - 30)) / max;
            let x = i as i64 * slot + 4;
            let label = m.get(5..).unwrap_or(m).to_string();
            view! {
                <g>
                    <rect x=x.to_string() y=(h - 18 - bh).to_string() width=(slot - 8).to_string() height=bh.to_string()>
                        <title>{format!("{m}: {v}")}</title>
                    </rect>
                    <text x=(x + (slot - 8) / 2).to_string() y=(h - 4).to_string() text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    let summary = i18n.tf("who.chart_summary", &[("n", sum.to_string())]);
    view! {
        <section class="card" data-testid="points-chart">
            <h2>{move || i18n.t("who.over_time")}</h2>
            <svg class="chart" viewBox=format!("0 0 {w} {h}") role="img" aria-label=summary.clone()>{bars}</svg>
            <p class="muted">{summary}</p>
        </section>
    }
}

pub fn reason_text(i18n: I18n, reason: &str) -> String {
    if let Some(n) = reason.strip_prefix("competition.tier") {
        let n = n.parse::<u32>().map(|t| t + 1).unwrap_or(1);
        return i18n.tf("points.reason.tier", &[("n", n.to_string())]);
    }
    // A placing in a team evaluation or a labour competition's period: `<source>.rank<N>`.
    if let Some((source @ ("evaluation" | "labour"), n)) = reason.split_once(".rank") {
        return i18n.tf(&format!("points.reason.{source}_rank"), &[("n", n.to_string())]);
    }
    let key = format!("points.reason.{reason}");
    let text = i18n.t(&key);
    if text == key {
        reason.to_string()
    } else {
        text
    }
}

/// Points entries, each with what set it and a link to its evidence.
#[component]
pub fn Entries(entries: Vec<PointsLine>) -> impl IntoView {
    let i18n = use_i18n();
    if entries.is_empty() {
        return view! { <p class="muted empty">{move || i18n.t("who.no_points")}</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            let reason = e.reason.clone();
            let source = if e.href.is_empty() {
                view! { <span>{e.title.clone()}</span> }.into_any()
            } else {
                let title = if e.title.is_empty() { e.href.clone() } else { e.title.clone() };
                view! { <a href=e.href.clone()>{title}</a> }.into_any()
            };
            let corrects = e.corrects.map(|c| view! { <small class="muted">" · "{move || i18n.tf("points.corrects", &[("id", c.to_string())])}</small> });
            view! {
                <tr id=format!("entry-{}", e.id)>
                    <td>{e.booked_on.clone()}</td>
                    <td>{move || reason_text(i18n, &reason)}{corrects}{(!e.note.is_empty()).then(|| view! { <br/><small class="muted">{e.note.clone()}</small> })}</td>
                    <td>{source}</td>
                    <td class="num">{format!("{:+}", e.points)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table data-testid="points-entries">
                <thead><tr>
                    <th scope="col">{move || i18n.t("who.booked_on")}</th>
                    <th scope="col">{move || i18n.t("who.reason")}</th>
                    <th scope="col">{move || i18n.t("who.evidence")}</th>
                    <th scope="col" class="num">{move || i18n.t("board.col.points")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
