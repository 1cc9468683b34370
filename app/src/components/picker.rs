//! A field that suggests people (or projects) as one types, showing name and team (or number and
//! title) and filling in the username (or number). An island; without the WASM it is a plain text
//! field that takes a username or a number as typed, which the server checks either way.

use crate::model::Pick;
use leptos::prelude::*;

/// `kind` names the suggestions (`people` or `projects`, answered by `/api/find_{kind}`); `none`
/// is the translated "nothing matches" line and `label` the field's accessible name when no
/// `<label>` names it (empty otherwise); `shown` says who (or what) `value` names, if known. A
/// `multiple` field holds a comma-separated list: the suggestions are for its last entry.
#[island]
pub fn Picker(
    kind: String,
    id: String,
    name: String,
    value: String,
    shown: String,
    label: String,
    placeholder: String,
    none: String,
    invalid: bool,
    required: bool,
    multiple: bool,
) -> impl IntoView {
    // In a list (separated as the server separates it: commas or spaces), what came before the
    // entry being typed stays as it is.
    let split = move |s: &str| -> (String, String) {
        match s.rfind(|c: char| c == ',' || c == '，' || c.is_whitespace()).filter(|_| multiple) {
            Some(at) => {
                let sep = s[at..].chars().next().map_or(1, char::len_utf8);
                (s[..at + sep].to_string(), s[at + sep..].to_string())
            }
            None => (String::new(), s.to_string()),
        }
    };
    // The field's value lives in the field (the page script may have put back what was typed
    // before this hydrates); a choice writes it there.
    let input = NodeRef::<leptos::html::Input>::new();
    let options = RwSignal::new(Vec::<Pick>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let chosen = RwSignal::new(shown);
    let asked = StoredValue::new(0u32);
    let list_id = format!("{id}-list");
    let list_name = if label.is_empty() { placeholder.clone() } else { label.clone() };
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };
    let choose = move |i: usize| {
        if let (Some(p), Some(el)) = (options.with_untracked(|o| o.get(i).cloned()), input.get_untracked()) {
            let (before, _) = split(&el.value());
            el.set_value(&if multiple { format!("{before}{}, ", p.value) } else { p.value });
            chosen.set(p.label);
            open.set(false);
            active.set(None);
        }
    };
    // Asks after a pause in typing; an answer to an older question is dropped.
    let ask = move |typed: String| {
        asked.update_value(|n| *n += 1);
        let n = asked.get_value();
        if typed.trim().is_empty() {
            options.set(Vec::new());
            open.set(false);
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            let kind = kind.clone();
            gloo::timers::callback::Timeout::new(200, move || {
                if asked.get_value() != n {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let path = format!("/api/find_{kind}");
                    // No answer (offline, signed out) shows no list rather than "nobody matches".
                    let found = match super::fetch::post_form(&path, &[("q", typed.as_str())]).await {
                        Ok((200, body)) => serde_json::from_str::<Vec<Pick>>(&body).ok(),
                        _ => None,
                    };
                    if asked.get_value() == n {
                        active.set(None);
                        open.set(found.is_some());
                        options.set(found.unwrap_or_default());
                    }
                });
            })
            .forget();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (n, &kind);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = options.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" if open.get_untracked() => {
                if let Some(i) = active.get_untracked() {
                    ev.prevent_default();
                    choose(i);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let listed = {
        let option_id = option_id.clone();
        move || {
            let list = options.get();
            if list.is_empty() {
                return view! { <li class="picker-none" role="option" aria-disabled="true" aria-selected="false">{none.clone()}</li> }
                    .into_any();
            }
            list.into_iter()
                .enumerate()
                .map(|(i, p)| {
                    view! {
                        <li
                            id=option_id(i)
                            role="option"
                            aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                            on:mousedown=move |ev| {
                                // Before the field loses focus, so the choice is not lost with it.
                                ev.prevent_default();
                                choose(i);
                            }
                        >
                            {p.label}<small>{p.value}</small>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    view! {
        <div class="picker">
            <input
                id=id
                name=name
                node_ref=input
                value=value
                placeholder=placeholder
                aria-label=(!label.is_empty()).then_some(label)
                required=required
                aria-invalid=if invalid { "true" } else { "false" }
                role="combobox"
                aria-autocomplete="list"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=list_id.clone()
                aria-activedescendant=move || active.get().map(option_id.clone())
                autocomplete="off"
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    chosen.set(String::new());
                    ask(split(&typed).1);
                }
                on:keydown=on_key
                on:blur=move |_| {
                    open.set(false);
                    active.set(None);
                }
            />
            <ul id=list_id class="picker-list" role="listbox" aria-label=list_name hidden=move || !open.get()>{listed}</ul>
            <small class="picked" aria-live="polite">{move || chosen.get()}</small>
        </div>
    }
}
