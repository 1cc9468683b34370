//! The awards part of an event's results page: what each tier earns (organisers set it), the
//! confirmation that gives the awards, and the awards given.

use crate::api::awards::{ConfirmAwards, SetMembers, SetPrizes};
use crate::components::{action_error, action_ok, FieldError, FormStatus};
use crate::domain::money::format_yuan;
use crate::i18n::use_i18n;
use crate::model::competitions::{tier_key, EventResults};
use crate::pages::competitions::cell_error;
use leptos::prelude::*;

/// The awards given, or (organisers, before confirmation) the prize form and the confirmation.
#[component]
pub fn Awards(res: EventResults) -> impl IntoView {
    let i18n = use_i18n();
    if res.awarded {
        let rows = res
            .awards
            .iter()
            .map(|a| {
                let tier = tier_key(a.tier);
                view! {
                    <tr>
                        <td class="num">{a.place}</td>
                        <td><a href=format!("/people/{}", a.person_id)>{a.name.clone()}</a><span class="muted">" · "{a.team_name.clone()}</span></td>
                        <td><span class="tag tag-award">{move || i18n.t(tier)}</span></td>
                        <td>{a.title.clone()}</td>
                        <td class="num" data-testid="prize">{a.prize_fen.map(format_yuan).unwrap_or_else(|| "—".into())}</td>
                        <td class="num">{a.points}</td>
                    </tr>
                }
            })
            .collect_view();
        return view! {
            <section class="card" aria-labelledby="awards-h">
                <h2 id="awards-h">{move || i18n.t("awards.title")}</h2>
                <p class="muted">{move || i18n.t("awards.given")}" "<a href=format!("/rewards?event_id={}", res.event_id)>{move || i18n.t("awards.to_ledger")}</a></p>
                <div class="table-wrap">
                    <table class="awards">
                        <thead><tr>
                            <th scope="col" class="num">{move || i18n.t("results.rank")}</th>
                            <th scope="col">{move || i18n.t("reward.person")}</th>
                            <th scope="col">{move || i18n.t("awards.tier")}</th>
                            <th scope="col">{move || i18n.t("awards.honour")}</th>
                            <th scope="col" class="num">{move || i18n.t("awards.prize_yuan")}</th>
                            <th scope="col" class="num">{move || i18n.t("awards.points")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any();
    }
    if !res.may_organise || res.tiers == 0 {
        return ().into_any();
    }
    let save = ServerAction::<SetPrizes>::new();
    let confirm = ServerAction::<ConfirmAwards>::new();
    let (err, ok) = (action_error(save), action_ok(save));
    let (c_err, c_ok) = (action_error(confirm), action_ok(confirm));
    let (event, event2) = (res.event_id.to_string(), res.event_id.to_string());
    let rows = (0..res.tiers)
        .map(|i| {
            let p = res.prizes.get(i).cloned().unwrap_or_default();
            let yuan = if p.fen.0 == 0 { String::new() } else { format_yuan(p.fen).replace(',', "") };
            let points = if p.points == 0 { String::new() } else { p.points.to_string() };
            let tier = tier_key(i);
            let id = move |f: &str| format!("pz{i}-{f}");
            let name = move |f: &str| format!("prizes[{i}][{f}]");
            view! {
                <fieldset class="form-grid prize">
                    <legend>{move || i18n.t(tier)}</legend>
                    <div>
                        <label for=id("yuan")>{move || i18n.t("awards.prize_yuan")}</label>
                        <input id=id("yuan") name=name("yuan") value=yuan inputmode="decimal"/>
                        {cell_error(i18n, err, name("yuan"))}
                    </div>
                    <div>
                        <label for=id("title")>{move || i18n.t("awards.honour")}</label>
                        <input id=id("title") name=name("title") value=p.title maxlength="40"/>
                        {cell_error(i18n, err, name("title"))}
                    </div>
                    <div>
                        <label for=id("points")>{move || i18n.t("awards.points")}</label>
                        <input id=id("points") name=name("points") value=points inputmode="numeric"/>
                        {cell_error(i18n, err, name("points"))}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let ready = res.is_final && res.prizes.len() == res.tiers;
    view! {
        <section class="card" aria-labelledby="awards-h">
            <h2 id="awards-h">{move || i18n.t("awards.title")}</h2>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="event" value=event.clone()/>
                {rows}
                <button type="submit" class="btn">{move || i18n.t("awards.save_prizes")}</button>
            </ActionForm>
            <FieldError error=err field="prizes"/>
            <FormStatus error=err ok=ok/>
            <p class="hint">{move || i18n.t("awards.hint")}</p>
            <ActionForm action=confirm attr:class="inline-form">
                <input type="hidden" name="event" value=event2/>
                <button type="submit" class="btn btn-primary" disabled=!ready>{move || i18n.t("awards.confirm")}</button>
            </ActionForm>
            <FormStatus error=c_err ok=c_ok/>
            <p class="hint">{move || i18n.t(if ready { "awards.confirm_hint" } else { "awards.not_ready" })}</p>
        </section>
    }
    .into_any()
}

/// A team entry's members: one a line, username or employee number, optionally `:weight`. Its
/// errors are on `members-<contestant>`, so each roster shows only its own (and opens with it).
#[component]
pub fn Roster(contestant: i64, roster: String, action: ServerAction<SetMembers>) -> impl IntoView {
    let i18n = use_i18n();
    let err = action_error(action);
    let field = format!("members-{contestant}");
    let failed = {
        let field = field.clone();
        move || err.get().is_some_and(|e| e.field_key(&field).is_some())
    };
    let id = format!("roster-{contestant}");
    let count = roster.lines().filter(|l| !l.trim().is_empty()).count();
    view! {
        <details class="roster" open=failed>
            <summary>{move || i18n.tf("roster.summary", &[("n", count.to_string())])}</summary>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="contestant" value=contestant.to_string()/>
                <label for=id.clone()>{move || i18n.t("roster.label")}</label>
                <textarea id=id name="members" rows="4" placeholder="1001\n1002:2">{roster}</textarea>
                <p class="hint">{move || i18n.t("roster.hint")}</p>
                {cell_error(i18n, err, field)}
                <button type="submit" class="btn btn-small">{move || i18n.t("common.save")}</button>
            </ActionForm>
        </details>
    }
}
