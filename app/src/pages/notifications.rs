use crate::api::projects::{my_notifications, MarkNotificationsRead};
use crate::components::{loaded, ErrorBox, Guard, Loading};
use crate::domain::money::format_yuan;
use crate::i18n::use_i18n;
use crate::model::projects::Notice;
use crate::model::shanghai_time;
use leptos::prelude::*;
use leptos_router::components::A;

/// Decisions on the projects a person authored or belongs to, and on honours they were nominated
/// for or nominated.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    view! { <Guard children=|_| view! { <NotificationsBody/> }/> }
}

#[component]
fn NotificationsBody() -> impl IntoView {
    let i18n = use_i18n();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark.version().get(), |_| my_notifications());
    view! {
        <div class="page-head">
            <h1>{move || i18n.t("nav.notifications")}</h1>
            <ActionForm action=mark attr:class="inline-form">
                <button type="submit" class="btn">{move || i18n.t("notify.mark_read")}</button>
            </ActionForm>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {loaded(list, move |r| match r {
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
                Ok(items) if items.is_empty() => view! { <p class="muted empty">{move || i18n.t("notify.none")}</p> }.into_any(),
                Ok(items) => {
                    let rows = items.into_iter().map(|n| {
                        let (href, title, what, note) = match n.notice {
                            Notice::Project { project_id, project_title, action, to, comment } => {
                                let (a, to) = (action.label_key(), to.label_key());
                                let what = view! { {move || i18n.t(a)}" → "{move || i18n.t(to)} }.into_any();
                                (format!("/projects/{project_id}"), project_title, what, comment)
                            }
                            Notice::Honour { honour_id, title, status, note } => {
                                let s = status.label_key();
                                let what = view! { {move || i18n.t("notify.honour")}" · "{move || i18n.t(s)} }.into_any();
                                (format!("/honours/{honour_id}"), title, what, note)
                            }
                            Notice::Payout { href, source, amount_fen, status } => {
                                let s = status.label_key();
                                let amount = format_yuan(amount_fen);
                                let what = view! { {move || i18n.t("notify.payout")}" ¥"{amount}" · "{move || i18n.t(s)} }.into_any();
                                (href, source, what, String::new())
                            }
                        };
                        view! {
                            <li class:unread=!n.read>
                                <time datetime=n.at.to_rfc3339()>{shanghai_time(n.at)}</time>
                                <A href=href>{title}</A>
                                <span class="notice-what">{n.actor.clone()}" · "{what}</span>
                                {(!note.is_empty()).then(|| view! { <blockquote>{note.clone()}</blockquote> })}
                            </li>
                        }
                    }).collect_view();
                    view! { <ul class="card timeline">{rows}</ul> }.into_any()
                }
            })}
        </Transition>
    }
}
