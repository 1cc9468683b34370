//! A long text field that counts what has been typed against its limit, live as one types.
//! An island: the only part of the form that runs in the browser. Without the WASM it is a plain
//! textarea with the limit written under it.

use leptos::prelude::*;

/// `counter` is the translated "{n} / {max}" line (the server translates it, so no translation
/// table ships in the WASM); `describedby` names the field's error, if any, for screen readers.
#[island]
pub fn LimitedText(
    id: String,
    name: String,
    value: String,
    max: usize,
    counter: String,
    invalid: bool,
    /// The field may be left empty.
    optional: bool,
) -> impl IntoView {
    let count = RwSignal::new(value.chars().count());
    let counter_id = format!("{id}-count");
    let describedby = format!("{counter_id} {id}-error");
    let line = move || counter.replace("{n}", &count.get().to_string()).replace("{max}", &max.to_string());
    view! {
        <textarea
            id=id
            name=name
            rows="4"
            required=!optional
            maxlength=max
            aria-invalid=if invalid { "true" } else { "false" }
            aria-describedby=describedby
            on:input=move |ev| count.set(event_target_value(&ev).chars().count())
        >
            {value}
        </textarea>
        <p class="hint counter" id=counter_id class:over=move || { count.get() > max }>{line}</p>
    }
}
