//! Judging: a judge's panels, the judge pad (phone first: one card a contestant in running
//! order, a plain form each), and a round's results with every rank's arithmetic.

use crate::api::competitions::{
    get_event_results, get_judge_pad, get_judge_sheet, get_round_results, get_screen, my_panels, AddDeduction,
    AdvanceRound, CorrectRound, LockRound, OverrideSpread, PublishRound, ReopenSheet, SignSheet, SubmitMarks,
};
use crate::components::judge_card::{CardField, CardProps, JudgeCard, TEXT_KEYS};
use crate::components::{action_error, action_ok, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::Permission;
use crate::domain::scoring::{CriterionKind, Scheme, Score};
use crate::i18n::{use_i18n, I18n};
use crate::model::competitions::{tier_key, JudgePad, PadContestant, RoundResults};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn round_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("id").and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[component]
pub fn JudgePanelsPage() -> impl IntoView {
    view! { <Guard permission=Permission::Judge children=|_| view! { <PanelsBody/> }/> }
}

#[component]
fn PanelsBody() -> impl IntoView {
    let i18n = use_i18n();
    let panels = Resource::new(|| (), |_| my_panels());
    view! {
        <h1>{move || i18n.t("judge.title")}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(panels, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="muted empty">{move || i18n.t("judge.none")}</p> }.into_any(),
                Ok(list) => list.into_iter().map(|p| {
                    let n = p.contestants.to_string();
                    view! {
                        <section class="card panel-card">
                            <h2>{p.competition_name.clone()}</h2>
                            <p>{p.event_name.clone()}" · "{p.round_name.clone()}
                                {p.chief.then(|| view! { " " <span class="tag">{move || i18n.t("judge.chief")}</span> })}
                            </p>
                            <p class="muted">
                                {move || i18n.tf("judge.contestants", &[("n", n.clone())])}" · "
                                {move || i18n.t(if p.locked { "judge.locked" } else if p.signed { "judge.signed" } else { "judge.unsigned" })}
                            </p>
                            <p class="actions">
                                <a class="btn btn-primary" href=format!("/judge/{}", p.round_id)>{move || i18n.t("judge.open")}</a>
                                <a class="btn" href=format!("/rounds/{}/results", p.round_id)>{move || i18n.t("judge.results")}</a>
                            </p>
                        </section>
                    }
                }).collect_view().into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn JudgePadPage() -> impl IntoView {
    view! { <Guard permission=Permission::Judge children=|_| view! { <PadBody/> }/> }
}

#[component]
fn PadBody() -> impl IntoView {
    let i18n = use_i18n();
    let round = round_param();
    let submit = ServerAction::<SubmitMarks>::new();
    let sign = ServerAction::<SignSheet>::new();
    let pad = Resource::new(round, get_judge_pad);
    let err = action_error(submit);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(pad, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(pad) => view! { <Pad pad submit sign err i18n/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Pad(
    pad: JudgePad,
    submit: ServerAction<SubmitMarks>,
    sign: ServerAction<SignSheet>,
    err: Signal<Option<crate::error::AppError>>,
    i18n: I18n,
) -> impl IntoView {
    let editable = !pad.signed && !pad.locked;
    let round = pad.round_id;
    let cards =
        pad.contestants.iter().map(|c| contestant_card(i18n, &pad.scheme, round, c, editable, err)).collect_view();
    let (sign_err, sign_ok) = (action_error(sign), action_ok(sign));
    view! {
        <div class="page-head">
            <h1>{pad.round_name.clone()}</h1>
            <span class="tag">{move || i18n.t(if pad.locked { "judge.locked" } else if pad.signed { "judge.signed" } else { "judge.unsigned" })}</span>
        </div>
        <p class="muted">{pad.competition_name.clone()}" · "{pad.event_name.clone()}</p>
        <FormStatus error=Signal::derive(move || err.get().filter(|e| e.field_key("").is_some() || !matches!(e, crate::error::AppError::Invalid(_)))) ok=action_ok(submit)/>
        <ol class="pad">{cards}</ol>
        {editable.then(|| view! {
            <section class="card">
                <ActionForm action=sign attr:class="form">
                    <input type="hidden" name="round" value=round.to_string()/>
                    <p class="hint">{move || i18n.t("judge.sign_hint")}</p>
                    <FormStatus error=sign_err ok=sign_ok/>
                    <button type="submit" class="btn btn-primary" data-testid="sign">{move || i18n.t("judge.sign")}</button>
                </ActionForm>
            </section>
        })}
        <p>
            <a href=format!("/rounds/{round}/results")>{move || i18n.t("judge.results")}</a>" · "
            <a href=format!("/rounds/{round}/sheets/{}", pad.judge_id)>{move || i18n.t("sheet.print_view")}</a>
        </p>
    }
}

fn contestant_card(
    i18n: I18n,
    scheme: &Scheme,
    round: i64,
    c: &PadContestant,
    editable: bool,
    err: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let contestant = c.id;
    let order = c.running_order.map(|o| format!("{o}. ")).unwrap_or_default();
    let head = view! {
        <h2 class="pad-name">{order}{c.name.clone()}</h2>
        <p class="muted">{c.team_name.clone()}</p>
    };
    if c.conflicted {
        return view! {
            <li class="card pad-card conflicted" data-contestant=contestant>
                {head}
                <p><span class="tag">{move || i18n.t("judge.conflicted")}</span>" "{move || i18n.t("judge.conflicted_hint")}</p>
            </li>
        }
        .into_any();
    }
    let mut fields = Vec::new();
    for attempt in 1..=scheme.attempts {
        for cr in &scheme.criteria {
            let hint = match &cr.kind {
                CriterionKind::Scale { min, step } => format!("{min}–{} / {step}", cr.max),
                CriterionKind::FullOrZero => format!("0 / {}", cr.max),
                CriterionKind::Table { points } => points.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(" / "),
                CriterionKind::Descriptors { descriptors } => {
                    descriptors.iter().enumerate().map(|(k, d)| format!("{k} {d}")).collect::<Vec<_>>().join(" · ")
                }
            };
            let label = if scheme.attempts > 1 {
                format!("{} · {}", i18n.tf("judge.attempt", &[("n", attempt.to_string())]), cr.name)
            } else {
                cr.name.clone()
            };
            fields.push(CardField { attempt, criterion: cr.code.clone(), label, hint });
        }
    }
    let card = CardProps {
        round,
        contestant,
        scheme: scheme.clone(),
        fields,
        marks: c.marks.clone(),
        editable,
        done: c.done,
        client_id: format!("{round}-{contestant}-{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()),
        text: TEXT_KEYS.iter().map(|k| (k.to_string(), i18n.t(k))).collect(),
    };
    // A refusal of a plain-form post (no WASM) comes back in the address and shows here.
    let refused = move || {
        err.get().and_then(|e| match &e {
            crate::error::AppError::Invalid(fields) => {
                fields.iter().find(|f| f.field.starts_with(&format!("mark-{contestant}-"))).map(|f| f.key.clone())
            }
            _ => None,
        })
    };
    view! {
        <li class="card pad-card" data-contestant=contestant>
            {head}
            {move || refused().map(|key| view! { <p class="alert alert-error" role="alert">{i18n.t(&key)}</p> })}
            <JudgeCard card/>
        </li>
    }
    .into_any()
}

#[component]
pub fn RoundResultsPage() -> impl IntoView {
    view! { <Guard children=|_| view! { <ResultsBody/> }/> }
}

#[component]
fn ResultsBody() -> impl IntoView {
    let i18n = use_i18n();
    let round = round_param();
    let results = Resource::new(round, get_round_results);
    // Made inside the routes, so a refusal sent back by the server shows here.
    let actions = ChiefActions {
        deduct: ServerAction::new(),
        keep: ServerAction::new(),
        reopen: ServerAction::new(),
        lock: ServerAction::new(),
        publish: ServerAction::new(),
        correct: ServerAction::new(),
    };
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(results, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(res) => {
                    let chief = (res.is_chief || res.may_publish).then(|| chief_section(i18n, &res, actions));
                    view! { {results_view(i18n, res)} {chief} }.into_any()
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct ChiefActions {
    deduct: ServerAction<AddDeduction>,
    keep: ServerAction<OverrideSpread>,
    reopen: ServerAction<ReopenSheet>,
    lock: ServerAction<LockRound>,
    publish: ServerAction<PublishRound>,
    correct: ServerAction<CorrectRound>,
}

/// The chief judge's decisions: spread alerts, deductions, reopening sheets, locking; publishing.
fn chief_section(i18n: I18n, res: &RoundResults, a: ChiefActions) -> impl IntoView {
    let round = res.round_id;
    let open = res.is_chief && !res.locked;
    let error = Signal::derive(move || {
        action_error(a.deduct)
            .get()
            .or_else(|| action_error(a.keep).get())
            .or_else(|| action_error(a.reopen).get())
            .or_else(|| action_error(a.lock).get())
            .or_else(|| action_error(a.publish).get())
            .or_else(|| action_error(a.correct).get())
    });
    let ok = Signal::derive(move || {
        action_ok(a.deduct).get()
            || action_ok(a.keep).get()
            || action_ok(a.reopen).get()
            || action_ok(a.lock).get()
            || action_ok(a.publish).get()
            || action_ok(a.correct).get()
    });
    let alerts = if res.alerts.is_empty() {
        view! { <p class="muted">{move || i18n.t("chief.alerts_none")}</p> }.into_any()
    } else {
        res.alerts
            .iter()
            .map(|al| {
                let line = i18n.tf(
                    "chief.alert_line",
                    &[
                        ("name", al.name.clone()),
                        ("criterion", al.criterion_name.clone()),
                        ("low", al.low.to_string()),
                        ("high", al.high.to_string()),
                    ],
                );
                let decided = al.overridden.clone().map(|r| i18n.tf("chief.overridden", &[("reason", r)]));
                let form_id = format!("keep-{}-{}-{}", al.contestant, al.attempt, al.criterion);
                let (contestant, attempt, criterion) = (al.contestant, al.attempt, al.criterion.clone());
                let form = (open && decided.is_none()).then(|| {
                    view! {
                        <ActionForm action=a.keep attr:class="form">
                            <input type="hidden" name="round" value=round.to_string()/>
                            <input type="hidden" name="contestant" value=contestant.to_string()/>
                            <input type="hidden" name="attempt" value=attempt.to_string()/>
                            <input type="hidden" name="criterion" value=criterion/>
                            <label for=form_id.clone()>{move || i18n.t("chief.reason")}</label>
                            <input id=form_id.clone() name="reason" required/>
                            <button type="submit" class="btn">{move || i18n.t("chief.override")}</button>
                        </ActionForm>
                    }
                });
                view! {
                    <li data-testid="spread-alert">
                        <p>{line}</p>
                        {decided.map(|d| view! { <p class="muted">{d}</p> })}
                        {form}
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let contestants = res
        .rows
        .iter()
        .map(|r| view! { <option value=r.score.contestant.to_string()>{r.name.clone()}</option> })
        .collect_view();
    let sheets = res
        .judges
        .iter()
        .map(|(id, name)| {
            let (id, signed) = (*id, res.signed_judges.contains(id));
            let field = format!("reopen-{id}");
            let reopen = (open && signed).then(|| {
                view! {
                    <ActionForm action=a.reopen attr:class="form-inline">
                        <input type="hidden" name="round" value=round.to_string()/>
                        <input type="hidden" name="judge" value=id.to_string()/>
                        <label for=field.clone()>{move || i18n.t("chief.reason")}
                            <input id=field.clone() name="reason" required/>
                        </label>
                        <button type="submit" class="btn">{move || i18n.t("chief.reopen")}</button>
                    </ActionForm>
                }
            });
            view! {
                <li>
                    {name.clone()}" · "{move || i18n.t(if signed { "judge.signed" } else { "judge.unsigned" })}
                    {reopen}
                </li>
            }
        })
        .collect_view();
    let (locked, published, may_publish, awarded) = (res.locked, res.published, res.may_publish, res.awarded);
    view! {
        <section class="card chief" aria-labelledby="chief-title">
            <h2 id="chief-title">{move || i18n.t("chief.title")}</h2>
            <FormStatus error ok detailed=true/>
            {res.is_chief.then(|| view! {
                <h3>{move || i18n.t("chief.alerts")}</h3>
                <ul class="alerts">{alerts}</ul>
                <h3>{move || i18n.t("chief.sheets")}</h3>
                <ul class="team-list">{sheets}</ul>
            })}
            {open.then(|| view! {
                <h3>{move || i18n.t("chief.deduction")}</h3>
                <ActionForm action=a.deduct attr:class="form form-grid">
                    <input type="hidden" name="round" value=round.to_string()/>
                    <div>
                        <label for="deduct-contestant">{move || i18n.t("chief.contestant")}</label>
                        <select id="deduct-contestant" name="contestant">{contestants}</select>
                    </div>
                    <div>
                        <label for="deduct-points">{move || i18n.t("chief.points")}</label>
                        <input id="deduct-points" name="points" inputmode="decimal" required/>
                    </div>
                    <div class="full">
                        <label for="deduct-reason">{move || i18n.t("chief.reason")}</label>
                        <input id="deduct-reason" name="reason" required/>
                    </div>
                    <div><button type="submit" class="btn">{move || i18n.t("chief.add_deduction")}</button></div>
                </ActionForm>
                <ActionForm action=a.lock attr:class="form">
                    <input type="hidden" name="round" value=round.to_string()/>
                    <p class="hint">{move || i18n.t("chief.lock_hint")}</p>
                    <button type="submit" class="btn btn-primary" data-testid="lock">{move || i18n.t("chief.lock")}</button>
                </ActionForm>
            })}
            {(may_publish && locked && !published).then(|| view! {
                <ActionForm action=a.publish attr:class="form">
                    <input type="hidden" name="round" value=round.to_string()/>
                    <p class="hint">{move || i18n.t("chief.publish_hint")}</p>
                    <button type="submit" class="btn btn-primary" data-testid="publish">{move || i18n.t("chief.publish")}</button>
                </ActionForm>
            })}
            {(may_publish && published && awarded).then(|| view! {
                <p class="muted" data-testid="final">{move || i18n.t("err.awards.final")}</p>
            })}
            {(may_publish && published && !awarded).then(|| view! {
                <ActionForm action=a.correct attr:class="form">
                    <input type="hidden" name="round" value=round.to_string()/>
                    <label for="correct-reason">{move || i18n.t("chief.correct_reason")}</label>
                    <textarea id="correct-reason" name="reason" rows="2" required maxlength="500"></textarea>
                    <FieldError error=action_error(a.correct) field="reason"/>
                    <p class="hint">{move || i18n.t("chief.correct_hint")}</p>
                    <button type="submit" class="btn" data-testid="correct">{move || i18n.t("chief.correct")}</button>
                </ActionForm>
            })}
        </section>
    }
}

fn results_view(i18n: I18n, res: RoundResults) -> impl IntoView {
    let decimals = res.scheme.decimals;
    let judges = res.judges.clone();
    let (signed, total) = (res.signed_sheets.to_string(), res.judges.len().to_string());
    let events = res.events.to_string();
    // The rows (every rank's arithmetic) are most of the page; a row is rendered again only when
    // it changed (a mark, a new rank), and shared between readers otherwise.
    let context = (res.judges.clone(), res.scheme.clone());
    let rows = shared_rows((res.round_id, i18n.locale.get_untracked()), context, &res.rows, |row| {
        let rank = row.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into());
        let complete = row.score.complete;
        let arithmetic = arithmetic(i18n, &res.scheme, &row.score, &judges);
        view! {
            <tr data-contestant=row.score.contestant>
                <td class="num rank">{rank}</td>
                <td>
                    <details>
                        <summary>
                            {row.name.clone()}<span class="muted">" · "{row.team_name.clone()}</span>
                            {row.tier.map(|t| { let key = tier_key(t); view! { " " <span class="tag tag-award" data-tier=t>{move || i18n.t(key)}</span> } })}
                        </summary>
                        {arithmetic}
                    </details>
                </td>
                <td class="num score">
                    {if complete { row.score.published.to_fixed(decimals) } else { String::new() }}
                    {(!complete).then(|| view! { <span class="muted">{move || i18n.t("results.incomplete")}</span> })}
                </td>
            </tr>
        }
        .to_html()
    });
    let chain_ok = res.chain_intact;
    let broken_at = res.broken_at.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <div class="page-head">
            <h1>{move || i18n.t("results.title")}" · "{res.round_name.clone()}</h1>
            <span class="tag">{move || i18n.t(if res.published { "results.published" } else { "results.draft" })}</span>
        </div>
        <p class="muted">{res.competition_name.clone()}" · "{res.event_name.clone()}" · "
            {move || i18n.tf("results.sheets", &[("n", signed.clone()), ("total", total.clone())])}</p>
        <p class=if chain_ok { "alert alert-ok" } else { "alert alert-error" } role="status" data-testid="chain">
            {move || if chain_ok { i18n.tf("results.chain_ok", &[("n", events.clone())]) } else { i18n.tf("results.chain_broken", &[("n", broken_at.clone())]) }}
        </p>
        {(!res.corrections.is_empty()).then(|| {
            let items = res.corrections.iter().map(|(why, by, at)| {
                let at = (*at + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string();
                view! { <li>{at}" · "{by.clone()}"："{why.clone()}</li> }
            }).collect_view();
            view! {
                <section class="alert corrections" data-testid="corrections">
                    <strong>{move || i18n.t("results.corrected")}</strong>
                    <ul class="plain">{items}</ul>
                </section>
            }
        })}
        <p><a href=format!("/rounds/{}/results.xlsx", res.round_id) download data-testid="export">{move || i18n.t("results.export")}</a></p>
        <div class="table-wrap card">
            <table class="results">
                <thead><tr>
                    <th scope="col" class="num">{move || i18n.t("results.rank")}</th>
                    <th scope="col">{move || i18n.t("results.contestant")}</th>
                    <th scope="col" class="num">{move || i18n.t("results.score")}</th>
                </tr></thead>
                <tbody inner_html=rows></tbody>
            </table>
        </div>
    }
}

/// What a row's HTML depends on besides the row: the panel (with names) and the scheme.
type RowContext = (Vec<(i64, String)>, Scheme);

/// A round's result rows as HTML, in order: each row rendered by `render`, or taken from the
/// rendering of an equal row (same rank, tier, name and arithmetic) for the same round, language,
/// panel and scheme, made at most a minute ago.
fn shared_rows(
    key: (i64, crate::i18n::Locale),
    context: RowContext,
    rows: &[crate::model::competitions::ResultRow],
    render: impl Fn(&crate::model::competitions::ResultRow) -> String,
) -> String {
    #[cfg(feature = "ssr")]
    {
        use crate::model::competitions::ResultRow;
        use std::collections::HashMap;
        use std::sync::{Arc, Mutex, OnceLock};
        use std::time::{Duration, Instant};
        struct Rendered {
            context: RowContext,
            rows: HashMap<i64, (ResultRow, Instant, Arc<str>)>,
        }
        static ROWS: OnceLock<Mutex<HashMap<(i64, crate::i18n::Locale), Rendered>>> = OnceLock::new();
        const KEEP: Duration = Duration::from_secs(60);
        let cache = ROWS.get_or_init(Default::default);
        let known: Vec<Option<Arc<str>>> = {
            let cache = cache.lock().expect("rows cache");
            let hit = cache.get(&key).filter(|r| r.context == context);
            rows.iter()
                .map(|row| {
                    let (was, at, html) = hit?.rows.get(&row.score.contestant)?;
                    (was == row && at.elapsed() < KEEP).then(|| html.clone())
                })
                .collect()
        };
        let mut fresh = Vec::new();
        let mut out = String::new();
        for (row, html) in rows.iter().zip(known) {
            match html {
                Some(html) => out.push_str(&html),
                None => {
                    let html: Arc<str> = render(row).into();
                    out.push_str(&html);
                    fresh.push((row.clone(), html));
                }
            }
        }
        let mut cache = cache.lock().expect("rows cache");
        cache.retain(|_, r| r.rows.values().any(|(_, at, _)| at.elapsed() < KEEP));
        let entry = cache.entry(key).or_insert_with(|| Rendered { context: context.clone(), rows: HashMap::new() });
        if entry.context != context {
            *entry = Rendered { context, rows: HashMap::new() };
        }
        let now = Instant::now();
        for (row, html) in fresh {
            entry.rows.insert(row.score.contestant, (row, now, html));
        }
        out
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (key, context);
        rows.iter().map(render).collect()
    }
}

/// Every step from the judges' marks to the published score.
fn arithmetic(i18n: I18n, scheme: &Scheme, score: &Score, judges: &[(i64, String)]) -> impl IntoView {
    let name_of = |id: i64| judges.iter().find(|j| j.0 == id).map(|j| j.1.clone()).unwrap_or_else(|| format!("#{id}"));
    let attempts = score
        .attempts
        .iter()
        .map(|a| {
            let criteria = a
                .criteria
                .iter()
                .map(|c| {
                    let name = scheme.criteria.get(c.criterion).map(|k| k.name.clone()).unwrap_or_default();
                    let marks = c
                        .marks
                        .iter()
                        .map(|m| {
                            let text = format!("{} {}", name_of(m.judge), m.value);
                            if m.dropped {
                                view! { <li><s title=move || i18n.t("results.dropped")>{text}</s></li> }.into_any()
                            } else {
                                view! { <li>{text}</li> }.into_any()
                            }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{name}</th>
                            <td><ul class="marks-list">{marks}</ul></td>
                            <td class="num">{c.aggregate.to_string()}</td>
                            <td class="num">"× "{c.weight.to_string()}" = "{c.weighted.to_string()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let line = format!("{} × {} × {} = {}", a.subtotal, a.factor, a.difficulty, a.score);
            let n = a.attempt.to_string();
            view! {
                <table class="arith">
                    <caption>{move || i18n.tf("judge.attempt", &[("n", n.clone())])}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("results.criterion")}</th>
                        <th scope="col">{move || i18n.t("results.score")}</th>
                        <th scope="col" class="num">{move || i18n.t("results.aggregate")}</th>
                        <th scope="col" class="num">{move || i18n.t("results.weight")}</th>
                    </tr></thead>
                    <tbody>{criteria}</tbody>
                </table>
                <p class="arith-line">
                    {move || i18n.t("results.factor")}" · "{move || i18n.t("results.difficulty")}": "{line.clone()}
                </p>
            }
        })
        .collect_view();
    let left_out = (!score.left_out.is_empty()).then(|| {
        let names = score.left_out.iter().map(|j| name_of(*j)).collect::<Vec<_>>().join("、");
        view! { <p>{move || i18n.t("results.left_out")}": "{names}</p> }
    });
    let exact = score.exact.to_string();
    let published = score.published.to_fixed(scheme.decimals);
    let d = scheme.decimals.to_string();
    view! {
        <div class="arithmetic">
            {attempts}
            {left_out}
            <p>{move || i18n.t("results.deductions")}": "{score.deductions.to_string()}</p>
            <p>{move || i18n.t("results.exact")}": "{exact}" → "
                <strong>{published}</strong>" ("{move || i18n.tf("results.rounded", &[("d", d.clone())])}")"</p>
        </div>
    }
}

/// The big screen of a round for the hall's projector: the live ranking in large type, scrolling
/// through a long field, reloaded by the navigation script when the round changes (server-sent
/// events from `/rounds/{id}/live`). Public competitions need no sign-in.
#[component]
pub fn ScreenPage() -> impl IntoView {
    let i18n = use_i18n();
    let round = round_param();
    let screen = Resource::new(round, get_screen);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(screen, move |r| match r {
                Err(crate::error::AppError::Unauthenticated) => view! { <leptos_router::components::Redirect path="/login"/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(s) => {
                    let state = if s.published { "screen.published" } else if s.locked { "screen.locked" } else { "screen.live" };
                    let progress = i18n.tf("screen.progress", &[
                        ("signed", s.signed_sheets.to_string()),
                        ("judges", s.judges.to_string()),
                        ("scored", s.scored.to_string()),
                        ("field", s.rows.len().to_string()),
                    ]);
                    let rows = s.rows.into_iter().map(|row| {
                        let tier = row.tier.map(|t| (t, tier_key(t)));
                        let pending = row.score.is_none();
                        view! {
                            <li class="board-row" class:board-pending=pending data-tier=row.tier.map(|t| t.to_string())>
                                <span class="board-rank">{row.rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into())}</span>
                                <span class="board-name">{row.name}<small>{row.team_name}</small></span>
                                <span class="board-tier">{tier.map(|(_, k)| view! { <span class="tag">{move || i18n.t(k)}</span> })}</span>
                                <span class="board-score">{row.score.unwrap_or_else(|| i18n.t("screen.scoring"))}</span>
                            </li>
                        }
                    }).collect_view();
                    view! {
                        <div class="screen" data-live=format!("/rounds/{}/live", s.round_id) data-autoscroll="">
                            <div class="screen-head">
                                <h1>{s.competition_name}</h1>
                                <p class="screen-sub">{s.event_name}" · "{s.round_name}</p>
                            </div>
                            <div data-live-region="" aria-live="polite">
                                <p class="screen-state"><span class="tag" class:tag-ok=s.published>{move || i18n.t(state)}</span>" "{progress}</p>
                                <ol class="board" aria-label=move || i18n.t("screen.ranking")>{rows}</ol>
                            </div>
                        </div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// A judge's sheet to print and sign on paper: contestants in running order, one column for each
/// attempt and criterion (with what the judge has entered, or blank to write in), recusals marked,
/// and lines for the signature and date.
#[component]
pub fn PrintSheetPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        let p = params.read();
        let n = |k: &str| p.get(k).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
        (n("id"), n("judge"))
    };
    let i18n = use_i18n();
    let sheet = Resource::new(ids, |(round, judge)| get_judge_sheet(round, judge));
    view! {
        <Guard children=move |_| view! {
            <Suspense fallback=|| view! { <Loading/> }>
                {loaded(sheet, move |r| match r {
                    Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                    Ok((judge, pad)) => print_sheet(i18n, judge, pad).into_any(),
                })}
            </Suspense>
        }/>
    }
}

fn print_sheet(i18n: I18n, judge: String, pad: JudgePad) -> impl IntoView {
    let columns: Vec<(u8, String, String)> = (1..=pad.scheme.attempts)
        .flat_map(|a| pad.scheme.criteria.iter().map(move |c| (a, c.code.clone(), c.name.clone())))
        .collect();
    let multi = pad.scheme.attempts > 1;
    let heads = columns
        .iter()
        .map(|(a, code, name)| {
            let max = pad.scheme.criterion(code).map(|c| c.max.to_string()).unwrap_or_default();
            let attempt = multi.then(|| format!("#{a} "));
            view! { <th scope="col">{attempt}{name.clone()}<small>" ≤ "{max}</small></th> }
        })
        .collect_view();
    let span = columns.len();
    let rows = pad
        .contestants
        .iter()
        .map(|c| {
            let cells = if c.conflicted {
                view! { <td colspan=span class="recused">{move || i18n.t("judge.conflicted")}</td> }.into_any()
            } else {
                columns
                    .iter()
                    .map(|(a, code, _)| {
                        let v = c
                            .marks
                            .iter()
                            .find(|m| m.attempt == *a && m.criterion == *code)
                            .map(|m| m.value.to_string());
                        view! { <td class="write-in">{v}</td> }
                    })
                    .collect_view()
                    .into_any()
            };
            view! {
                <tr>
                    <td>{c.running_order}</td>
                    <th scope="row">{c.name.clone()}<small>{c.team_name.clone()}</small></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="print-sheet">
            <p class="no-print"><button type="button" class="btn btn-primary" data-print="">{move || i18n.t("sheet.print")}</button></p>
            <h1>{pad.competition_name.clone()}</h1>
            <p>{pad.event_name.clone()}" · "{pad.round_name.clone()}" · "{move || i18n.tf("sheet.judge", &[("name", judge.clone())])}</p>
            <table class="sheet-table">
                <thead><tr>
                    <th scope="col">{move || i18n.t("comp.order")}</th>
                    <th scope="col">{move || i18n.t("field.display_name")}</th>
                    {heads}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="signature">{move || i18n.t("sheet.signature")}</p>
        </div>
    }
}

/// An event's result over its published rounds, combined the event's way; for organisers, the
/// form that sends the top N (or those over a score) of a published round on to the next.
#[component]
pub fn EventResultsPage() -> impl IntoView {
    view! { <Guard permission=Permission::ViewDirectory children=|_| view! { <EventResultsBody/> }/> }
}

#[component]
fn EventResultsBody() -> impl IntoView {
    let i18n = use_i18n();
    let event = round_param();
    let advance = ServerAction::<AdvanceRound>::new();
    let results = Resource::new(event, get_event_results);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(results, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(res) => {
                    let heads = res.rounds.iter().map(|(id, name, _)| view! {
                        <th scope="col" class="num"><a href=format!("/rounds/{id}/results")>{name.clone()}</a></th>
                    }).collect_view();
                    let rows = res.rows.iter().map(|row| {
                        let cells = row.rounds.iter().map(|s| view! { <td class="num">{s.clone()}</td> }).collect_view();
                        let tier = row.tier.map(|t| { let key = tier_key(t); view! { " " <span class="tag tag-award" data-tier=t>{move || i18n.t(key)}</span> } });
                        let members = (!row.members.is_empty()).then(|| view! { <br/><small class="muted">{row.members.join("、")}</small> });
                        view! {
                            <tr>
                                <td class="num rank">{row.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td>{row.name.clone()}<span class="muted">" · "{row.team_name.clone()}</span>{tier}{members}</td>
                                {cells}
                                <td class="num score"><strong>{row.total.clone()}</strong></td>
                            </tr>
                        }
                    }).collect_view();
                    let combine = format!("comp.combine.{}", res.combine);
                    let sources: Vec<(i64, String)> = res.rounds.iter().enumerate()
                        .filter(|(i, r)| r.2 && *i + 1 < res.rounds.len())
                        .map(|(_, r)| (r.0, r.1.clone()))
                        .collect();
                    let (err, ok) = (action_error(advance), action_ok(advance));
                    let form = (res.may_organise && !sources.is_empty()).then(|| {
                        let options = sources.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view();
                        view! {
                            <section class="card">
                                <h2>{move || i18n.t("advance.title")}</h2>
                                <ActionForm action=advance attr:class="form form-inline">
                                    <label>{move || i18n.t("advance.from")}" "<select name="round">{options}</select></label>
                                    <label>{move || i18n.t("advance.by")}" "
                                        <select name="by">
                                            <option value="top">{move || i18n.t("advance.top")}</option>
                                            <option value="at_least">{move || i18n.t("advance.at_least")}</option>
                                        </select>
                                    </label>
                                    <label>{move || i18n.t("advance.value")}" "<input name="value" required inputmode="decimal" size="6"/></label>
                                    <button type="submit" class="btn btn-primary">{move || i18n.t("advance.go")}</button>
                                </ActionForm>
                                <FieldError error=err field="value"/>
                                <FormStatus error=err ok=ok/>
                                <p class="hint">{move || i18n.t("advance.hint")}</p>
                            </section>
                        }
                    });
                    let empty = res.rows.is_empty().then(|| view! { <p class="muted empty">{move || i18n.t("event.none_published")}</p> });
                    view! {
                        <p class="crumbs"><a href=format!("/competitions/{}", res.competition_id)>{res.competition_name.clone()}</a></p>
                        <h1>{res.event_name.clone()}" · "{move || i18n.t("event.results")}</h1>
                        <p class="muted">{move || i18n.t(&combine)}</p>
                        {empty}
                        <div class="table-wrap card">
                            <table class="results">
                                <thead><tr>
                                    <th scope="col" class="num">{move || i18n.t("results.rank")}</th>
                                    <th scope="col">{move || i18n.t("results.contestant")}</th>
                                    {heads}
                                    <th scope="col" class="num">{move || i18n.t("event.total")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        {form}
                        <crate::pages::awards::Awards res=res.clone()/>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}
