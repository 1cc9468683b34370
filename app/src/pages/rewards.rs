//! The rewards ledger (奖励台账) and the reward rules.

use crate::api::rewards::{load_ledger, reward_rules, AddRewardRule, AdvancePayout};
use crate::components::picker::Picker;
use crate::components::{action_error, action_ok, loaded, ErrorBox, FieldError, FormStatus, Guard, Loading};
use crate::domain::authz::{allows, Permission};
use crate::domain::money::{format_percent, format_yuan, BasisPoints};
use crate::domain::project::Category;
use crate::domain::rewards::{may_pay, PayoutStatus};
use crate::domain::studio::RuleLevel;
use crate::i18n::use_i18n;
use crate::model::rewards::{Ledger, LedgerFilter, PayoutLine};
use crate::model::shanghai_time;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

/// The arithmetic of one line, in words: "¥1,200.00 × 33.33% = 399.96 (+1 fen, largest remainder)".
fn explain(line: &PayoutLine) -> String {
    let i = &line.inputs;
    let share = if i.total_weight == 10_000 {
        format_percent(BasisPoints(i.weight))
    } else {
        format!("{}/{}", i.weight, i.total_weight)
    };
    let mut s = format!("{} × {share}", format_yuan(i.pool_fen));
    if let (Some(pool), Some(w), Some(l)) = (i.completion_pool_fen, i.workers_bp, i.leader_bp) {
        s = format!("{} ({} / {}) → {s}", format_yuan(pool), format_percent(w), format_percent(l));
    }
    format!("{s} = {}{}", format_yuan(line.amount_fen), if i.got_remainder { " (+0.01)" } else { "" })
}

#[component]
pub fn LedgerTable(ledger: Ledger, admin: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let advance = ServerAction::<AdvancePayout>::new();
    let (err, ok) = (action_error(advance), action_ok(advance));
    if ledger.lines.is_empty() {
        return view! { <p class="muted empty">{move || i18n.t("reward.none")}</p> }.into_any();
    }
    // Each cell names its column, for the phone, where a row becomes a card.
    let label = move |key: &str| i18n.t(key);
    let rows = ledger
        .lines
        .clone()
        .into_iter()
        .map(|l| {
            let arithmetic = explain(&l);
            let kind = l.kind.label_key();
            let status = l.status.label_key();
            let next = l.status.next().filter(|_| admin.is_some());
            // Four eyes on money: the admin who approved a line leaves paying it to another.
            let paid_by_another = next == Some(PayoutStatus::Paid) && !admin.is_some_and(|me| may_pay(l.approved_by, me));
            let next = next.filter(|_| !paid_by_another);
            let basis = {
                let l = l.clone();
                move || l.basis(i18n.locale.get())
            };
            view! {
                <tr data-status=l.status.code() data-line=l.id.to_string()>
                    <td data-label=label("reward.date")>{shanghai_time(l.created_at)}</td>
                    <td data-label=label("reward.person")><span>{l.person.name.clone()}<small class="muted">" · "{l.person.team_name.clone()}</small></span></td>
                    <td data-label=label("reward.source")><A href=l.source.href()>{l.source.title()}</A></td>
                    <td data-label=label("reward.kind")>{move || i18n.t(kind)}</td>
                    <td class="num" data-testid="amount" data-label=label("reward.amount_yuan")>{format_yuan(l.amount_fen)}</td>
                    <td class="explain" data-label=label("reward.arithmetic")>{arithmetic}<br/><small class="muted">{basis}</small></td>
                    <td data-label=label("field.status")>{move || i18n.t(status)}
                        {paid_by_another.then(|| view! { <small class="muted" data-testid="another-pays">" · "{move || i18n.t("reward.another_pays")}</small> })}
                        {next.map(|n| {
                            let key = if n == PayoutStatus::Paid { "reward.pay" } else { "reward.approve" };
                            // Paying asks first, naming whom and how much (the page script).
                            let confirm = (n == PayoutStatus::Paid).then(|| {
                                i18n.tf("reward.pay_confirm", &[("name", l.person.name.clone()), ("amount", format_yuan(l.amount_fen))])
                            });
                            view! {
                                <ActionForm action=advance attr:class="inline-form" attr:data-confirm=confirm>
                                    <input type="hidden" name="id" value=l.id.to_string()/>
                                    <input type="hidden" name="to" value=n.code()/>
                                    <button type="submit" class="btn btn-small">{move || i18n.t(key)}</button>
                                </ActionForm>
                            }
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <FormStatus error=err ok=ok detailed=true/>
        <div class="table-wrap">
            <table class="ledger cards">
                <thead><tr>
                    <th scope="col">{move || i18n.t("reward.date")}</th>
                    <th scope="col">{move || i18n.t("reward.person")}</th>
                    <th scope="col">{move || i18n.t("reward.source")}</th>
                    <th scope="col">{move || i18n.t("reward.kind")}</th>
                    <th scope="col" class="num">{move || i18n.t("reward.amount_yuan")}</th>
                    <th scope="col">{move || i18n.t("reward.arithmetic")}</th>
                    <th scope="col">{move || i18n.t("field.status")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr><th scope="row" colspan="4">{move || i18n.t("reward.total")}</th><td class="num" data-testid="total">{format_yuan(ledger.total_fen)}</td><td colspan="2"></td></tr>
                </tfoot>
            </table>
        </div>
        <dl class="facts totals">
            <dt>{move || i18n.t("reward.status.pending")}</dt><dd class="num" data-testid="pending-total">{format_yuan(ledger.pending_fen)}</dd>
            <dt>{move || i18n.t("reward.status.approved")}</dt><dd class="num" data-testid="approved-total">{format_yuan(ledger.approved_fen)}</dd>
            <dt>{move || i18n.t("reward.status.paid")}</dt><dd class="num" data-testid="paid-total">{format_yuan(ledger.paid_fen)}</dd>
        </dl>
    }
    .into_any()
}

#[component]
pub fn RewardsPage() -> impl IntoView {
    view! { <Guard children=|u| view! { <RewardsBody admin=allows(&u.roles, Permission::ManageRewards).then_some(u.id)/> }/> }
}

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> LedgerFilter {
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
    let date = |k: &str| q.get(k).and_then(|v| chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok());
    LedgerFilter {
        person: q.get("person").filter(|v| !v.trim().is_empty()),
        project_id: num("project_id"),
        studio_id: num("studio_id"),
        from: date("from"),
        to: date("to"),
        status: q.get("status").and_then(|s| PayoutStatus::parse(&s)),
        event_id: num("event_id"),
        page: num("page"),
    }
}

fn filter_query(f: &LedgerFilter) -> String {
    let mut parts = Vec::new();
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            parts.push(format!("{k}={}", crate::pages::urlencode(&v)));
        }
    };
    push("person", f.person.clone());
    push("project_id", f.project_id.map(|v| v.to_string()));
    push("studio_id", f.studio_id.map(|v| v.to_string()));
    push("from", f.from.map(|d| d.to_string()));
    push("to", f.to.map(|d| d.to_string()));
    push("status", f.status.map(|s| s.code().to_string()));
    push("event_id", f.event_id.map(|v| v.to_string()));
    parts.join("&")
}

#[component]
/// `admin`: the reader's id when they may approve and pay lines.
fn RewardsBody(admin: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || filter_from_query(&query.read());
    let ledger = Resource::new(filter, load_ledger);
    let studios = Resource::new(|| (), |_| crate::api::studios::list_studios());
    view! {
        <h1>{move || i18n.t(if admin.is_some() { "nav.rewards" } else { "reward.mine" })}</h1>
        <Form method="GET" action="" attr:class="form form-inline card" attr:role="search">
            {admin.is_some().then(|| view! {
                <div class="field">
                    <label for="f-person">{move || i18n.t("reward.person")}</label>
                    <Picker kind="people".into() id="f-person".into() name="person".into() value=filter().person.unwrap_or_default() shown=String::new()
                        label=String::new() placeholder=i18n.t("picker.person_hint") none=i18n.t("picker.nobody") invalid=false required=false multiple=false/>
                </div>
            })}
            <div class="field">
                <label for="f-project">{move || i18n.t("reward.project")}</label>
                <Picker kind="projects".into() id="f-project".into() name="project_id".into() value=filter().project_id.map(|v| v.to_string()).unwrap_or_default() shown=String::new()
                    label=String::new() placeholder=i18n.t("picker.project_hint") none=i18n.t("picker.no_project") invalid=false required=false multiple=false/>
            </div>
            <label>{move || i18n.t("reward.event_id")}<input name="event_id" inputmode="numeric" value=move || filter().event_id.map(|v| v.to_string()).unwrap_or_default()/></label>
            <label>{move || i18n.t("project.studio")}
                <select name="studio_id">
                    <option value="">{move || i18n.t("common.all")}</option>
                    <Suspense fallback=|| ()>
                        {move || studios.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|s| view! {
                            <option value=s.id.to_string() selected=filter().studio_id == Some(s.id)>{s.name}</option>
                        }).collect_view())}
                    </Suspense>
                </select>
            </label>
            <label>{move || i18n.t("reward.from")}<input name="from" type="date" value=move || filter().from.map(|d| d.to_string()).unwrap_or_default()/></label>
            <label>{move || i18n.t("reward.to")}<input name="to" type="date" value=move || filter().to.map(|d| d.to_string()).unwrap_or_default()/></label>
            <label>{move || i18n.t("field.status")}
                <select name="status">
                    <option value="">{move || i18n.t("common.all")}</option>
                    {[PayoutStatus::Pending, PayoutStatus::Approved, PayoutStatus::Paid].into_iter().map(|s| {
                        let k = s.label_key();
                        view! { <option value=s.code() selected=move || filter().status == Some(s)>{move || i18n.t(k)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="btn">{move || i18n.t("common.search")}</button>
        </Form>
        <p class="exports">
            <a class="btn" href=move || format!("/export/ledger.csv?{}", filter_query(&filter())) download data-testid="export-csv">{move || i18n.t("reward.export_csv")}</a>
            " "
            <a class="btn" href=move || format!("/export/ledger.xlsx?{}", filter_query(&filter())) download data-testid="export-xlsx">{move || i18n.t("reward.export_xlsx")}</a>
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(ledger, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(l) => {
                    let (page, count, per_page) = (l.page, l.line_count, l.per_page);
                    let pages = (count > per_page).then(|| {
                        let base = filter_query(&filter());
                        crate::pages::pager(i18n, page, count, per_page, move |p| {
                            if base.is_empty() { format!("/rewards?page={p}") } else { format!("/rewards?{base}&page={p}") }
                        })
                    });
                    view! { <section class="card"><LedgerTable ledger=l admin/>{pages}</section> }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
pub fn RulesPage() -> impl IntoView {
    view! { <Guard permission=Permission::ManageRewards children=|_| view! { <RulesBody/> }/> }
}

#[component]
fn RulesBody() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddRewardRule>::new();
    let rules = Resource::new(move || add.version().get(), |_| reward_rules());
    let (err, ok) = (action_error(add), action_ok(add));
    let categories = Category::ALL
        .into_iter()
        .map(|c| {
            let k = c.label_key();
            view! { <option value=c.code()>{move || i18n.t(k)}</option> }
        })
        .collect_view();
    let levels = RuleLevel::ALL
        .into_iter()
        .map(|l| {
            let k = l.label_key();
            view! { <option value=l.code()>{move || i18n.t(k)}</option> }
        })
        .collect_view();
    let money = move |name: &'static str, key: &'static str| {
        view! {
            <label>{move || i18n.t(key)}<input name=name inputmode="decimal" value="0" required/></label>
            <FieldError error=err field=name/>
        }
    };
    view! {
        <h1>{move || i18n.t("nav.admin_rules")}</h1>
        <section class="card">
            <h2>{move || i18n.t("rule.new_version")}</h2>
            <p class="muted">{move || i18n.t("rule.hint")}</p>
            <ActionForm action=add attr:class="form form-inline">
                <label>{move || i18n.t("project.category")}<select name="category">{categories}</select></label>
                <label>{move || i18n.t("rule.studio_level")}<select name="studio_level">{levels}</select></label>
                {money("approval", "reward.kind.approval")}
                {money("progress", "reward.kind.progress")}
                {money("trial", "reward.kind.trial")}
                {money("adoption", "reward.kind.adoption")}
                {money("pool", "rule.pool")}
                <label>{move || i18n.t("rule.workers_percent")}<input name="workers_percent" inputmode="decimal" value="60" required/></label>
                <FieldError error=err field="workers_percent"/>
                <button type="submit" class="btn btn-primary">{move || i18n.t("common.save")}</button>
            </ActionForm>
            <FormStatus error=err ok=ok/>
        </section>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(rules, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(list) => {
                    let rows = list.into_iter().map(|r| {
                        let (c, l) = (r.category.label_key(), r.studio_level.label_key());
                        view! {
                            <tr>
                                <td>{move || i18n.t(c)}</td><td>{move || i18n.t(l)}</td><td>"v"{r.version}</td>
                                <td class="num">{format_yuan(r.approval_fen)}</td><td class="num">{format_yuan(r.progress_fen)}</td>
                                <td class="num">{format_yuan(r.trial_fen)}</td><td class="num">{format_yuan(r.adoption_fen)}</td>
                                <td class="num">{format_yuan(r.pool_fen)}</td>
                                <td>{format!("{} / {}", format_percent(r.workers_bp), format_percent(r.leader_bp))}</td>
                                <td>{shanghai_time(r.created_at)}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <div class="table-wrap card">
                            <table>
                                <thead><tr>
                                    <th scope="col">{move || i18n.t("project.category")}</th>
                                    <th scope="col">{move || i18n.t("rule.studio_level")}</th>
                                    <th scope="col">{move || i18n.t("rule.version")}</th>
                                    <th scope="col" class="num">{move || i18n.t("reward.kind.approval")}</th>
                                    <th scope="col" class="num">{move || i18n.t("reward.kind.progress")}</th>
                                    <th scope="col" class="num">{move || i18n.t("reward.kind.trial")}</th>
                                    <th scope="col" class="num">{move || i18n.t("reward.kind.adoption")}</th>
                                    <th scope="col" class="num">{move || i18n.t("rule.pool")}</th>
                                    <th scope="col">{move || i18n.t("rule.ratio")}</th>
                                    <th scope="col">{move || i18n.t("rule.created")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
