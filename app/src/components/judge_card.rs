//! One contestant's card on the judge pad, an island: marks are checked against the scheme as the
//! judge types, the score preview is the domain's own `scoring::score` (the code the server
//! decides with), and a submission made without a connection is kept in the browser's storage,
//! marked "not yet sent", and sent when the connection returns. Each submission carries a
//! client-made id, so a re-send is recorded once; a refusal (a sheet signed or a round locked
//! meanwhile) is shown, never dropped silently.
//!
//! Without the WASM the card is a plain form that posts the same fields.

use crate::domain::exact::Exact;
use crate::domain::scoring::{self, Mark, Scheme, Sheet};
use crate::model::competitions::{mark_field, PadMark};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where unsent submissions wait (the browser's localStorage).
pub const QUEUE_KEY: &str = "ciw.pad.queue";

/// A submission waiting for the connection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub round: i64,
    pub contestant: i64,
    pub client_id: String,
    /// (attempt, criterion, value) in field order.
    pub marks: Vec<(u8, String, String)>,
}

impl Pending {
    /// The form body `submit_marks` takes.
    pub fn form_body(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("round".to_string(), self.round.to_string()),
            ("contestant".to_string(), self.contestant.to_string()),
            ("client_id".to_string(), self.client_id.clone()),
        ];
        for (i, (attempt, criterion, value)) in self.marks.iter().enumerate() {
            out.push((format!("marks[{i}][attempt]"), attempt.to_string()));
            out.push((format!("marks[{i}][criterion]"), criterion.clone()));
            out.push((format!("marks[{i}][value]"), value.clone()));
        }
        out
    }
}

/// One input of the card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardField {
    pub attempt: u8,
    pub criterion: String,
    pub label: String,
    pub hint: String,
}

/// What the card needs to know (props of the island, serialised into the page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardProps {
    pub round: i64,
    pub contestant: i64,
    pub scheme: Scheme,
    pub fields: Vec<CardField>,
    pub marks: Vec<PadMark>,
    pub editable: bool,
    pub done: bool,
    /// For the plain-form path; the island makes a new one for each submission.
    pub client_id: String,
    /// Translated strings by key (the server translates; no table ships in the WASM).
    pub text: HashMap<String, String>,
}

/// The translation keys the card shows.
pub const TEXT_KEYS: &[&str] = &[
    "judge.save",
    "judge.done",
    "judge.todo",
    "judge.unsent",
    "judge.sending",
    "judge.preview",
    "common.saved",
    "err.mark.range",
    "err.mark.step",
    "err.mark.table",
    "err.mark.number",
    "err.mark.criterion",
    "err.mark.attempt",
    "err.mark.conflict",
    "err.mark.none",
    "err.mark.client_id",
    "err.round.locked",
    "err.sheet.signed",
    "err.forbidden",
    "err.not_found",
    "err.internal",
    "err.invalid",
];

/// The card's state of its last submission.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Sent {
    Nothing,
    Sending,
    Saved,
    /// Kept in the browser until the connection returns.
    Unsent,
    /// The server said no (translation key).
    Refused(String),
}

/// The judge's preview: this judge's marks alone through the scheme, rounded as published.
pub fn preview(scheme: &Scheme, values: &[(u8, String, Exact)]) -> Exact {
    let sheet = Sheet {
        contestant: 0,
        marks: values
            .iter()
            .map(|(attempt, criterion, value)| Mark {
                judge: 0,
                attempt: *attempt,
                criterion: criterion.clone(),
                value: *value,
            })
            .collect(),
        ..Default::default()
    };
    scoring::score(scheme, &[0], &sheet).published
}

#[island]
pub fn JudgeCard(card: CardProps) -> impl IntoView {
    let CardProps { round, contestant, scheme, fields, marks, editable, done, client_id, text } = card;
    let text = StoredValue::new(text);
    let t = move |key: &str| text.with_value(|m| m.get(key).cloned().unwrap_or_else(|| key.to_string()));
    let initial: Vec<String> = fields
        .iter()
        .map(|f| {
            marks
                .iter()
                .find(|m| m.attempt == f.attempt && m.criterion == f.criterion)
                .map(|m| m.value.to_string())
                .unwrap_or_default()
        })
        .collect();
    let values: Vec<RwSignal<String>> = initial.into_iter().map(RwSignal::new).collect();
    let values_sv = StoredValue::new(values.clone());
    let scheme = StoredValue::new(scheme);
    let fields = StoredValue::new(fields);
    let sent = RwSignal::new(Sent::Nothing);
    let done = RwSignal::new(done);

    // The error key of field `i` as typed (empty is not an error until saving).
    let check = move |i: usize| -> Option<&'static str> {
        let v = values_sv.with_value(|v| v[i]).get();
        if v.trim().is_empty() {
            return None;
        }
        let f = fields.with_value(|f| f[i].clone());
        match Exact::parse_decimal(&v) {
            None => Some("err.mark.number"),
            Some(x) => scheme.with_value(|s| s.check_mark(f.attempt, &f.criterion, x)).err().map(|e| e.message_key()),
        }
    };
    let preview_text = move || {
        let vals = values_sv.get_value();
        let mut parsed = Vec::new();
        for (i, f) in fields.get_value().iter().enumerate() {
            let x = Exact::parse_decimal(&vals[i].get())?;
            scheme.with_value(|s| s.check_mark(f.attempt, &f.criterion, x)).ok()?;
            parsed.push((f.attempt, f.criterion.clone(), x));
        }
        let decimals = scheme.with_value(|s| s.decimals);
        Some(scheme.with_value(|s| preview(s, &parsed)).to_fixed(decimals))
    };

    #[cfg(feature = "hydrate")]
    {
        // Submissions left from before (offline, or the page closed before they went): show them,
        // and send them now and whenever the connection returns.
        if client::queued(round, contestant) {
            sent.set(Sent::Unsent);
        }
        let flush = move || {
            leptos::task::spawn_local(async move {
                if let Some(outcome) = client::flush(round, contestant).await {
                    apply(outcome, sent, done);
                }
            })
        };
        flush();
        let handle = window_event_listener(leptos::ev::online, move |_| flush());
        on_cleanup(move || handle.remove());
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let vals = values_sv.get_value();
        let errors: Vec<usize> = (0..vals.len()).filter(|i| check(*i).is_some()).collect();
        if !errors.is_empty() || vals.iter().all(|v| v.get_untracked().trim().is_empty()) {
            sent.set(Sent::Refused(if errors.is_empty() { "err.mark.none".into() } else { "err.invalid".into() }));
            return;
        }
        let pending = Pending {
            round,
            contestant,
            client_id: new_client_id(round, contestant),
            marks: fields
                .get_value()
                .iter()
                .zip(vals.iter())
                .filter(|(_, v)| !v.get_untracked().trim().is_empty())
                .map(|(f, v)| (f.attempt, f.criterion.clone(), v.get_untracked().trim().to_string()))
                .collect(),
        };
        #[cfg(feature = "hydrate")]
        {
            client::enqueue(&pending);
            sent.set(Sent::Sending);
            leptos::task::spawn_local(async move {
                if let Some(outcome) = client::flush(round, contestant).await {
                    apply(outcome, sent, done);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = pending;
    };

    let field_views = fields
        .get_value()
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let id = mark_field(contestant, f.attempt, &f.criterion);
            let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
            let value = values[i];
            view! {
                <div class="mark">
                    <input type="hidden" name=format!("marks[{i}][attempt]") value=f.attempt.to_string()/>
                    <input type="hidden" name=format!("marks[{i}][criterion]") value=f.criterion.clone()/>
                    <label for=id.clone()>{f.label.clone()}</label>
                    <input
                        id=id.clone()
                        name=format!("marks[{i}][value]")
                        inputmode="decimal"
                        autocomplete="off"
                        disabled=!editable
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                        aria-invalid=move || if check(i).is_some() { "true" } else { "false" }
                        aria-describedby=format!("{hint_id} {error_id}")
                    />
                    <p class="hint" id=hint_id>{f.hint.clone()}</p>
                    {move || check(i).map(|key| view! { <p class="field-error" id=error_id.clone() role="alert">{t(key)}</p> })}
                </div>
            }
        })
        .collect_view();

    let status = move || match sent.get() {
        Sent::Nothing => None,
        Sent::Sending => Some(view! { <p class="status" role="status">{t("judge.sending")}</p> }.into_any()),
        Sent::Saved => Some(view! { <p class="alert alert-ok" role="status">{t("common.saved")}</p> }.into_any()),
        Sent::Unsent => Some(
            view! { <p class="alert unsent" role="status" data-testid="unsent">{t("judge.unsent")}</p> }.into_any(),
        ),
        Sent::Refused(key) => Some(view! { <p class="alert alert-error" role="alert">{t(&key)}</p> }.into_any()),
    };
    view! {
        <span class=move || if done.get() { "tag tag-ok" } else { "tag tag-warn" }>
            {move || t(if done.get() { "judge.done" } else { "judge.todo" })}
        </span>
        <form action="/api/submit_marks" method="post" class="form pad-form" on:submit=on_submit>
            <input type="hidden" name="round" value=round.to_string()/>
            <input type="hidden" name="contestant" value=contestant.to_string()/>
            <input type="hidden" name="client_id" value=client_id/>
            <div class="marks">{field_views}</div>
            <p class="preview" aria-live="polite">
                {move || preview_text().map(|p| format!("{}: {p}", t("judge.preview")))}
            </p>
            {status}
            {editable.then(|| view! { <button type="submit" class="btn btn-primary">{t("judge.save")}</button> })}
        </form>
    }
}

fn new_client_id(round: i64, contestant: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let now = web_sys::js_sys::Date::now() as u64;
        let random = (web_sys::js_sys::Math::random() * 1e9) as u64;
        format!("{round}-{contestant}-{now:x}-{random:x}")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        format!("{round}-{contestant}")
    }
}

/// What became of the queued submissions of one card.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// All sent and recorded.
    Saved,
    /// Still waiting for the connection.
    Offline,
    /// The server refused one (translation key); it is removed from the queue and shown.
    Refused(String),
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn apply(outcome: Outcome, sent: RwSignal<Sent>, done: RwSignal<bool>) {
    match outcome {
        Outcome::Saved => {
            sent.set(Sent::Saved);
            done.set(true);
        }
        Outcome::Offline => sent.set(Sent::Unsent),
        Outcome::Refused(key) => sent.set(Sent::Refused(key)),
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use super::{Outcome, Pending, QUEUE_KEY};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn load() -> Vec<Pending> {
        storage()
            .and_then(|s| s.get_item(QUEUE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    fn save(queue: &[Pending]) {
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(queue)) {
            let _ = s.set_item(QUEUE_KEY, &json);
        }
    }

    pub fn enqueue(p: &Pending) {
        let mut q = load();
        q.push(p.clone());
        save(&q);
    }

    pub fn queued(round: i64, contestant: i64) -> bool {
        load().iter().any(|p| p.round == round && p.contestant == contestant)
    }

    fn remove(client_id: &str) {
        let q: Vec<Pending> = load().into_iter().filter(|p| p.client_id != client_id).collect();
        save(&q);
    }

    /// Sends this card's queued submissions in order. `None` when there were none.
    pub async fn flush(round: i64, contestant: i64) -> Option<Outcome> {
        let mine: Vec<Pending> =
            load().into_iter().filter(|p| p.round == round && p.contestant == contestant).collect();
        if mine.is_empty() {
            return None;
        }
        for p in mine {
            match send(&p).await {
                Err(()) => return Some(Outcome::Offline),
                Ok(None) => remove(&p.client_id),
                Ok(Some(key)) => {
                    remove(&p.client_id);
                    return Some(Outcome::Refused(key));
                }
            }
        }
        Some(Outcome::Saved)
    }

    /// `Err` when the server could not be reached; `Ok(Some(key))` when it refused.
    async fn send(p: &Pending) -> Result<Option<String>, ()> {
        let body = p.form_body();
        let fields: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, text) = crate::components::fetch::post_form("/api/submit_marks", &fields).await?;
        if (200..300).contains(&status) {
            return Ok(None);
        }
        if status >= 500 && status != 500 {
            // A proxy or a restarting server: try again later.
            return Err(());
        }
        let error: Option<crate::error::AppError> = serde_json::from_str(&text).ok();
        Ok(Some(match error {
            Some(crate::error::AppError::Invalid(fields)) => {
                fields.first().map(|f| f.key.clone()).unwrap_or_else(|| "err.invalid".into())
            }
            Some(e) => e.message_key().to_string(),
            None => "err.internal".to_string(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exact::Rounding;
    use crate::domain::scoring::{Aggregate, Criterion, CriterionKind};

    #[test]
    fn the_preview_is_the_domains_score_of_this_judges_marks() {
        let x = |s: &str| Exact::parse_decimal(s).unwrap();
        let c = |code: &str, w: &str| Criterion {
            code: code.into(),
            name: code.into(),
            kind: CriterionKind::Scale { min: Exact::ZERO, step: x("0.5") },
            max: x("100"),
            weight: x(w),
        };
        let scheme = Scheme {
            criteria: vec![c("a", "0.3"), c("b", "0.7")],
            attempts: 1,
            aggregate: Aggregate::Mean,
            factor: Exact::ONE,
            decimals: 1,
            rounding: Rounding::HalfUp,
            max_spread: None,
        };
        let p = preview(&scheme, &[(1, "a".into(), x("90")), (1, "b".into(), x("80.5"))]);
        assert_eq!(p.to_fixed(1), "83.4"); // 27 + 56.35 = 83.35 → 83.4
    }

    #[test]
    fn a_queued_submission_posts_the_same_fields_as_the_form() {
        let p = Pending { round: 1, contestant: 9, client_id: "c".into(), marks: vec![(1, "a".into(), "90".into())] };
        let body = p.form_body();
        assert!(body.contains(&("marks[0][criterion]".into(), "a".into())));
        assert!(body.contains(&("client_id".into(), "c".into())));
    }
}
