//! Pieces every page uses: the session context, the page guard, form messages, loading and errors.

use crate::api::auth::current_user;
use crate::domain::authz::{allows, Permission};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::model::UserInfo;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;

#[cfg(feature = "hydrate")]
pub mod fetch;
pub mod header;
pub mod judge_card;
pub mod limited_text;
pub mod picker;

/// The signed-in person, read once per page the server renders.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<UserInfo>, AppError>>,
}

pub fn provide_auth() -> Auth {
    let user = Resource::new_blocking(|| (), |_| current_user());
    let auth = Auth { user };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// A view of what `resource` loaded, made once. Pages render on the server only (islands aside),
/// where a `Suspense` walks its children several times: a `move || resource.get()` child would
/// build its view (and any resource inside it) on every walk, this builds it once.
pub fn loaded<T, V>(resource: Resource<T>, view: impl FnOnce(T) -> V + Send + 'static) -> Suspend<V>
where
    T: Clone + Send + Sync + 'static,
    V: 'static,
{
    Suspend::new(async move { view(resource.await) })
}

/// Renders `children` for a signed-in person holding `permission` (any signed-in person when
/// `None`); sends a visitor to the sign-in page and shows a refusal to anyone else.
#[component]
pub fn Guard<F, V>(#[prop(optional)] permission: Option<Permission>, children: F) -> impl IntoView
where
    F: Fn(UserInfo) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let auth = use_auth();
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {loaded(auth.user, move |r| match r {
                Ok(Some(u)) if permission.is_none_or(|p| allows(&u.roles, p)) => children(u).into_any(),
                Ok(Some(_)) => view! { <ErrorBox error=AppError::Forbidden/> }.into_any(),
                Ok(None) => {
                    // Back here once signed in.
                    let here = leptos_router::hooks::use_location();
                    let search = here.search.get_untracked();
                    let path = if search.is_empty() { here.pathname.get_untracked() } else { format!("{}?{search}", here.pathname.get_untracked()) };
                    let to = format!("/login?next={}", crate::pages::urlencode(&path));
                    view! { <Redirect path=to/> }.into_any()
                }
                Err(e) => view! { <ErrorBox error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || i18n.t("common.loading")}
        </p>
    }
}

#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let key = error.message_key();
    // Bad input says what was wrong with it, not only that something was.
    let details: Vec<crate::domain::validation::FieldError> = match &error {
        AppError::Invalid(errors) => errors.clone(),
        _ => Vec::new(),
    };
    view! {
        <div class="alert alert-error" role="alert">
            {move || i18n.t(key)}
            {details.into_iter().map(|e| view! { " "{move || i18n.error(&e)} }).collect_view()}
        </div>
    }
}

/// The error of an action's last run, if it failed.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// Whether an action's last run succeeded: in an island, its value; on a page the server renders
/// after a form post, the `__done` marker the server adds to the address it sends the form back to
/// (`server::form_outcome`).
pub fn action_ok<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        matches!(action.value().get(), Some(Ok(_))) || query.read().get_str("__done") == Some(S::PATH)
    })
}

/// The translated message for one field, next to that field.
#[component]
pub fn FieldError(#[prop(into)] error: Signal<Option<AppError>>, #[prop(into)] field: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().and_then(|e| e.field_error(&field).map(|f| i18n.error(f))).map(|message| {
            view! {
                <p class="field-error" id=format!("{}-error", field.replace('.', "-")) role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// A form's overall outcome: its error (with a summary for field errors) or a success note.
#[component]
pub fn FormStatus(
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(into)] ok: Signal<bool>,
    /// Also spell out every field's message (for forms without a message beside each field).
    #[prop(optional)]
    detailed: bool,
    /// What to say on success, when more than "saved" (e.g. "the password was changed").
    #[prop(optional)]
    done: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if let Some(e) = error.get() {
            let extra = match &e {
                AppError::Invalid(errors) => errors
                    .iter()
                    .filter(|f| detailed || f.field.is_empty())
                    .map(|f| i18n.error(f))
                    .collect::<Vec<_>>()
                    .join(" "),
                AppError::Throttled { seconds } => i18n.tf("err.throttled.wait", &[("n", seconds.to_string())]),
                _ => String::new(),
            };
            view! {
                <p class="alert alert-error" role="alert">
                    {i18n.t(e.message_key())}
                    " "
                    {extra}
                </p>
            }
            .into_any()
        } else if ok.get() {
            view! { <p class="alert alert-ok" role="status">{i18n.t(done.unwrap_or("common.saved"))}</p> }.into_any()
        } else {
            ().into_any()
        }
    }
}

/// Whether the error the page was rendered with is about `field` (for islands, which are given
/// their state once, on the server).
pub fn has_error(error: Signal<Option<AppError>>, field: &str) -> bool {
    error.get_untracked().is_some_and(|e| e.field_error(field).is_some())
}

/// `aria-invalid` for a field, so screen readers announce the error next to it.
pub fn invalid(error: Signal<Option<AppError>>, field: &'static str) -> impl Fn() -> &'static str + Copy {
    move || if error.get().is_some_and(|e| e.field_key(field).is_some()) { "true" } else { "false" }
}
