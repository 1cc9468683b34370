//! The leaderboards (排行榜): people, teams, studios and departments over a month, quarter, year,
//! all time or a chosen run of months; the caller's own rank with their neighbours; the biggest
//! climbers; the departments' shares as a chart.

use crate::api::boards::{load_board, load_board_screen};
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::boards::{Board, Window};
use crate::i18n::{use_i18n, I18n};
use crate::model::boards::{BoardLine, BoardQuery, BoardScreen, BoardView, MyRank};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BoardsPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <BoardsBody/> }/> }
}

fn query_of(q: &leptos_router::params::ParamsMap) -> BoardQuery {
    let s = |k: &str| q.get(k).unwrap_or_default();
    BoardQuery {
        board: s("board"),
        window: s("window"),
        from: s("from"),
        to: s("to"),
        dept: q.get("dept").and_then(|v| v.trim().parse().ok()),
        dept_q: s("dept_q"),
        after: s("after"),
    }
}

/// The address of a board, keeping what else was chosen.
fn href(board: Board, spec: &(String, String, String), dept: Option<i64>, after: Option<&str>) -> String {
    let mut s = format!("/boards?board={}&window={}", board.code(), spec.0);
    if spec.0 == "period" {
        s.push_str(&format!("&from={}&to={}", spec.1, spec.2));
    }
    if let Some(d) = dept.filter(|_| board.by_department()) {
        s.push_str(&format!("&dept={d}"));
    }
    if let Some(a) = after {
        s.push_str(&format!("&after={a}"));
    }
    s
}

/// Where a subject's own page is.
pub fn subject_href(board: Board, subject: i64) -> String {
    match board {
        Board::Person => format!("/people/{subject}"),
        Board::Team => format!("/teams/{subject}"),
        Board::Studio => format!("/studios/{subject}"),
        Board::Department => format!("/boards?board=team&window=all&dept={subject}"),
    }
}

pub fn window_label(i18n: I18n, w: Window) -> String {
    let (key, args) = w.label();
    i18n.tf(key, &args)
}

#[component]
fn BoardsBody() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view_of = Resource::new(move || query_of(&query.read()), load_board);
    view! {
        <h1>{move || i18n.t("nav.boards")}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(view_of, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(v) => view! { <BoardContent v=v/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn BoardContent(v: BoardView) -> impl IntoView {
    let i18n = use_i18n();
    let board = v.board;
    let dept = v.department.as_ref().map(|d| d.0);
    let spec = v.spec.clone();
    let board_tabs = Board::ALL
        .into_iter()
        .map(|b| {
            let key = b.label_key();
            view! {
                <a href=href(b, &spec, dept, None) class="tab" aria-current=(b == board).then_some("page")>{move || i18n.t(key)}</a>
            }
        })
        .collect_view();
    let windows = [
        ("month", "board.window.month"),
        ("quarter", "board.window.quarter"),
        ("year", "board.window.year"),
        ("all", "board.window.all"),
    ];
    let current = v.window;
    let tab = v.tab.clone();
    let window_tabs = windows
        .into_iter()
        .map(|(w, key)| {
            let here = tab == w;
            let spec = (w.to_string(), String::new(), String::new());
            view! {
                <a href=href(board, &spec, dept, None) class="tab" aria-current=here.then_some("page")>{move || i18n.t(key)}</a>
            }
        })
        .collect_view();
    let (from, to) = match current {
        Window::Period(a, b) => (a.text(), b.text()),
        Window::Month(m) => (m.text(), m.text()),
        _ => (String::new(), String::new()),
    };
    let label = window_label(i18n, current);
    let frozen = v.frozen_at.clone();
    // The top rows, climbers and shares are the same for everyone reading this board at this
    // ledger version (but for the caller's own highlighted row): rendered once, then reused.
    let mine_in_top = v.lines.iter().find(|l| l.mine).map(|l| l.subject);
    let cache_key = format!("{}|{}|{mine_in_top:?}", i18n.locale.get_untracked().code(), v.shared_key);
    let shared = {
        let v = v.clone();
        let next = v.next.clone().map(|a| href(board, &v.spec, dept, Some(&a)));
        let first = (!v.first_page).then(|| href(board, &v.spec, dept, None));
        move || {
            view! {
                <section class="card" aria-labelledby="board-top">
                    <h2 id="board-top">{move || i18n.t("board.top")}</h2>
                    <BoardTable board=board lines=v.lines.clone() testid="board-top"/>
                    <nav class="pager" aria-label=move || i18n.t("common.pages")>
                        {first.map(|h| view! { <a href=h>{move || i18n.t("board.first_page")}</a> })}
                        {next.map(|h| view! { <a href=h rel="next" data-testid="board-next">{move || i18n.t("common.next")}</a> })}
                    </nav>
                </section>
                <div class="board-side">
                    {(!v.risers.is_empty()).then(|| {
                        let rows = v.risers.clone().into_iter().map(|r| view! {
                            <li>
                                <a href=subject_href(board, r.subject)>{r.name.clone()}</a>
                                <small class="muted">" · "{r.place.clone()}</small>
                                <span class="rise" aria-label=move || i18n.tf("board.rise_aria", &[("from", r.from.to_string()), ("to", r.to.to_string())])>
                                    {format!("{} → {}", r.from, r.to)}<strong>{format!(" ↑{}", r.from - r.to)}</strong>
                                </span>
                            </li>
                        }).collect_view();
                        view! {
                            <section class="card" data-testid="risers">
                                <h2>{move || i18n.t("board.risers")}</h2>
                                <ol class="risers">{rows}</ol>
                            </section>
                        }
                    })}
                    {(!v.shares.is_empty()).then(|| view! { <Shares shares=v.shares.clone()/> })}
                </div>
            }
        }
    };
    let grid = shared_html(cache_key, shared);
    let dept_form = board.by_department().then(|| {
        let matches = v.department_matches.clone();
        let spec = v.spec.clone();
        let chosen = v.department.clone();
        let typed = chosen.as_ref().map(|d| d.1.clone()).unwrap_or_default();
        view! {
            <form method="get" action="/boards" class="form form-inline" role="search">
                <input type="hidden" name="board" value=board.code()/>
                <input type="hidden" name="window" value=spec.0.clone()/>
                {(spec.0 == "period").then(|| view! {
                    <input type="hidden" name="from" value=spec.1.clone()/>
                    <input type="hidden" name="to" value=spec.2.clone()/>
                })}
                <label>{move || i18n.t("board.department_search")}
                    <input name="dept_q" type="search" value=typed autocomplete="off"/>
                </label>
                <button type="submit" class="btn">{move || i18n.t("common.search")}</button>
                {chosen.map(|_| view! { <a href=href(board, &spec, None, None)>{move || i18n.t("board.everyone")}</a> })}
            </form>
            {(!matches.is_empty()).then(|| {
                let spec = v.spec.clone();
                view! {
                    <ul class="chips" aria-label=move || i18n.t("board.department_pick")>
                        {matches.into_iter().map(|(id, name)| view! {
                            <li><a href=href(board, &spec, Some(id), None)>{name}</a></li>
                        }).collect_view()}
                    </ul>
                }
            })}
        }
    });
    let ranked = v.ranked;
    let dept_name = v.department.as_ref().map(|d| d.1.clone());
    view! {
        <nav class="tabs" aria-label=move || i18n.t("board.kind")>{board_tabs}</nav>
        <div class="board-controls card">
            <nav class="tabs" aria-label=move || i18n.t("board.window")>{window_tabs}</nav>
            <form method="get" action="/boards" class="form form-inline">
                <input type="hidden" name="board" value=board.code()/>
                <input type="hidden" name="window" value="period"/>
                {dept.filter(|_| board.by_department()).map(|d| view! { <input type="hidden" name="dept" value=d.to_string()/> })}
                <label>{move || i18n.t("board.from")}<input type="month" name="from" value=from required/></label>
                <label>{move || i18n.t("board.to")}<input type="month" name="to" value=to required/></label>
                <button type="submit" class="btn">{move || i18n.t("board.show")}</button>
            </form>
            {dept_form}
        </div>
        <p class="lead" data-testid="board-window">
            {label}
            {dept_name.map(|n| view! { " · "<strong>{n}</strong> })}
            " · "{move || i18n.tf("board.ranked", &[("n", ranked.to_string())])}
            {frozen.map(|at| view! { " · "<span class="tag">{move || i18n.tf("board.frozen", &[("at", at.clone())])}</span> })}
            {(!v.tab.is_empty()).then(|| view! { " · "<a href=format!("/boards/screen?window={}", v.tab) data-testid="to-screen">{move || i18n.t("board.screen")}</a> })}
        </p>
        <MyCard board=board mine=v.mine.clone() missing=v.mine_missing.clone()/>
        {grid}
    }
}

#[component]
fn MyCard(board: Board, mine: Option<MyRank>, missing: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let title = match board {
        Board::Person => "board.my_rank",
        Board::Team => "board.my_team_rank",
        Board::Studio => "board.my_studio_rank",
        Board::Department => "board.my_department_rank",
    };
    match (mine, missing) {
        (Some(m), _) => {
            let rank = m.line.rank;
            let total = m.line.total;
            let lines: Vec<BoardLine> = m.above.into_iter().chain([m.line]).chain(m.below).collect();
            view! {
                <section class="card my-rank" data-testid="my-rank">
                    <h2>{move || i18n.t(title)}</h2>
                    <p class="big">{move || i18n.tf("board.rank_is", &[("rank", rank.to_string()), ("points", total.to_string())])}</p>
                    <BoardTable board=board lines=lines testid="my-neighbours"/>
                </section>
            }
            .into_any()
        }
        (None, Some(name)) => view! {
            <section class="card my-rank" data-testid="my-rank">
                <h2>{move || i18n.t(title)}</h2>
                <p class="muted">{move || i18n.tf("board.not_ranked", &[("name", name.clone())])}</p>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn BoardTable(board: Board, lines: Vec<BoardLine>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="muted empty">{move || i18n.t("board.empty")}</p> }.into_any();
    }
    let place_key = match board {
        Board::Person => Some("board.col.team"),
        Board::Team => Some("board.col.department"),
        _ => None,
    };
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr class:mine=l.mine aria-current=l.mine.then_some("true")>
                    <td class="num rank">{l.rank.to_string()}</td>
                    <td><a href=subject_href(board, l.subject)>{l.name}</a></td>
                    {place_key.map(|_| view! { <td class="muted">{l.place}</td> })}
                    <td class="num">{l.total.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="board" data-testid=testid>
                <thead><tr>
                    <th scope="col" class="num">{move || i18n.t("board.col.rank")}</th>
                    <th scope="col">{move || i18n.t("board.col.name")}</th>
                    {place_key.map(|k| view! { <th scope="col">{move || i18n.t(k)}</th> })}
                    <th scope="col" class="num">{move || i18n.t("board.col.points")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The departments' shares of the window's points, as bars.
#[component]
fn Shares(shares: Vec<(String, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let sum: i64 = shares.iter().map(|s| s.1.max(0)).sum::<i64>().max(1);
    let bars = shares
        .into_iter()
        .map(|(name, points)| {
            // Whole tenths of a percent, exact integer arithmetic.
            let permille = points.max(0) * 1000 / sum;
            let pct = format!("{}.{}%", permille / 10, permille % 10);
            let name = if name.is_empty() { i18n.t("board.others") } else { name };
            view! {
                <li>
                    <span class="bar-label">{name}</span>
                    <span class="bar" style=format!("--w:{}.{}%", permille / 10, permille % 10) aria-hidden="true"></span>
                    <span class="num">{points.to_string()}" · "{pct}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="shares">
            <h2>{move || i18n.t("board.shares")}</h2>
            <ul class="bars">{bars}</ul>
        </section>
    }
}

/// The board's shared part: rendered on the server once per key and kept (a few dozen boards'
/// worth, the oldest making room); in the browser, rendered as it is.
#[cfg(feature = "ssr")]
fn shared_html<V: IntoView + 'static>(key: String, render: impl FnOnce() -> V) -> AnyView {
    use std::sync::{Arc, Mutex};
    static KEPT: Mutex<Vec<(String, Arc<str>)>> = Mutex::new(Vec::new());
    const KEEP: usize = 64;
    let hit = KEPT.lock().ok().and_then(|k| k.iter().find(|(at, _)| *at == key).map(|(_, html)| html.clone()));
    let html = hit.unwrap_or_else(|| {
        let html: Arc<str> = render().into_view().to_html().into();
        if let Ok(mut kept) = KEPT.lock() {
            if kept.len() >= KEEP {
                kept.remove(0);
            }
            kept.push((key, html.clone()));
        }
        html
    });
    view! { <div class="board-grid" inner_html=html.to_string()></div> }.into_any()
}

#[cfg(not(feature = "ssr"))]
fn shared_html<V: IntoView + 'static>(_key: String, render: impl FnOnce() -> V) -> AnyView {
    view! { <div class="board-grid">{render()}</div> }.into_any()
}

/// The hall's big screen (大屏): large type, one board at a time (people, teams, studios,
/// departments) turning every `rotate` seconds, brought up to date without a reload whenever a
/// points entry is written (`data-live` names the feed; the script replaces the live region).
#[component]
pub fn BoardScreenPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <ScreenBody/> }/> }
}

/// How long each board stays on the screen, in seconds (the address may say 3–120).
const ROTATE_SECONDS: u32 = 15;

#[component]
fn ScreenBody() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let window = move || query.read().get("window").unwrap_or_default();
    let rotate = move || {
        query.read().get("rotate").and_then(|r| r.parse::<u32>().ok()).map_or(ROTATE_SECONDS, |r| r.clamp(3, 120))
    };
    let data = Resource::new(window, load_board_screen);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(data, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(s) => screen_view(i18n, s, rotate()).into_any(),
            })}
        </Suspense>
    }
}

fn screen_view(i18n: I18n, s: BoardScreen, rotate: u32) -> impl IntoView {
    let label = window_label(i18n, s.window);
    let panels = s
        .panels
        .into_iter()
        .map(|p| {
            let title = p.board.label_key();
            let ranked = p.ranked;
            let rows = p
                .lines
                .into_iter()
                .map(|l| {
                    view! {
                        <li class="board-row" data-tier=(l.rank <= 3).then(|| (l.rank - 1).to_string())>
                            <span class="board-rank">{l.rank.to_string()}</span>
                            <span class="board-name">{l.name}<small>{l.place}</small></span>
                            <span class="board-score">{l.total.to_string()}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="screen-panel" data-panel=p.board.code() aria-label=move || i18n.t(title)>
                    <h2 class="screen-sub">{move || i18n.tf("board.screen_title", &[("board", i18n.t(title))])}" · "{move || i18n.tf("board.ranked", &[("n", ranked.to_string())])}</h2>
                    <ol class="board">{rows}</ol>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="screen" data-live="/boards/live" data-rotate=rotate.to_string()>
            <div class="screen-head">
                <h1>{move || i18n.t("board.screen_heading")}</h1>
                <p class="screen-sub" data-testid="screen-window">{label}</p>
            </div>
            <div data-live-region="" aria-live="polite" class="screen-panels">{panels}</div>
        </div>
    }
}
