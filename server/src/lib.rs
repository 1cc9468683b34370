//! The axum server: database, sessions, the Leptos routes and server functions.

mod attachments;
pub mod backup;
mod imports;
mod sessions;
pub mod settings;

/// The allocator the server binary (and the load benchmark, which runs the server in-process) uses.
pub use mimalloc::MiMalloc as Allocator;

use app::app::{shell, App};
use app::auth::Backend;
use app::db;
use app::error::AppError;
use app::state::{AppState, RuntimeConfig};
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use settings::Settings;
use std::sync::Arc;
use tower_http::trace::TraceLayer;
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

/// Opens the database, applies migrations (an error here stops the server) and loads demo data
/// or a bootstrap admin into a new database.
pub async fn prepare_database(settings: &Settings) -> Result<db::Pool, Box<dyn std::error::Error>> {
    if let Some(path) = settings.database_url.strip_prefix("sqlite://") {
        if let Some(dir) = std::path::Path::new(path.split('?').next().unwrap_or(path)).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    let pool = db::Pool::connect(&settings.database_url).await?;
    pool.migrate().await?;
    if settings.demo {
        if app::demo::demo_if_empty(&pool).await? {
            tracing::info!("loaded demo data into the new database");
        }
    } else if let Some(password) = &settings.bootstrap_admin_password {
        if app::demo::bootstrap_admin_if_empty(&pool, password).await? {
            tracing::info!("created the bootstrap admin account `admin`");
        }
    }
    Ok(pool)
}

/// Set once the server begins to stop: live feeds end (a big screen's stream would otherwise
/// hold its connection, and with it the graceful shutdown, open for ever) and the screens
/// reconnect to another process or to this one restarted.
#[derive(Clone)]
struct Stopping(tokio::sync::watch::Receiver<bool>);

impl Stopping {
    /// Resolves once the server is stopping (at once if it already is).
    async fn wait(mut self) {
        let _ = self.0.wait_for(|stopping| *stopping).await;
    }
}

/// Builds the whole application router; `stopping` is set when the server begins to stop.
async fn router(
    settings: &Settings,
    pool: db::Pool,
    leptos_options: LeptosOptions,
    stopping: tokio::sync::watch::Receiver<bool>,
) -> Result<Router, Box<dyn std::error::Error>> {
    let session_store = sessions::Store::for_pool(&pool).await?;
    // Ended months' boards are frozen at start and then every hour; old sign-in failures forgotten.
    tokio::spawn({
        let pool = pool.clone();
        async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every.tick().await;
                match app::services::boards::freeze_ended(&pool).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(months = n, "froze the boards of ended months"),
                    Err(e) => tracing::error!(error = ?e, "freezing ended months failed"),
                }
                if let Err(e) = app::services::accounts::prune_sign_in_failures(&pool).await {
                    tracing::error!(error = ?e, "forgetting old sign-in failures failed");
                }
            }
        }
    });
    tokio::spawn({
        use tower_sessions::ExpiredDeletion;
        let store = session_store.clone();
        async move {
            if let Err(e) = store.continuously_delete_expired(std::time::Duration::from_secs(600)).await {
                tracing::error!(error = %e, "expired-session cleanup stopped");
            }
        }
    });
    let idle = tower_sessions::cookie::time::Duration::seconds(settings.session_idle.as_secs() as i64);
    // Over https the cookie is `Secure` and `__Host-` named: sent to this host only, never over
    // plain http, and no other site under the same domain can set it.
    let cookie_name = if settings.secure_cookies { "__Host-ciw_session" } else { "ciw_session" };
    let session_layer = SessionManagerLayer::new(session_store)
        .with_name(cookie_name)
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(idle));
    let auth_layer = AuthManagerLayerBuilder::new(Backend::new(pool.clone()), session_layer).build();

    let state = AppState {
        leptos_options: leptos_options.clone(),
        pool,
        config: Arc::new(RuntimeConfig {
            demo_mode: settings.demo,
            session_absolute: chrono::Duration::seconds(settings.session_absolute.as_secs() as i64),
            session_idle: chrono::Duration::seconds(settings.session_idle.as_secs() as i64),
            trust_proxy: settings.trust_proxy,
            upload_dir: settings.upload_dir.clone(),
        }),
    };
    let routes = route_list();
    let app = Router::new()
        .route("/export/{file}", axum::routing::get(export))
        .route(
            "/projects/{id}/attachments",
            axum::routing::post(attachments::upload)
                .layer(axum::extract::DefaultBodyLimit::max(body_limit_for("/projects/0/attachments"))),
        )
        .route("/attachments/{id}", axum::routing::get(attachments::download))
        .route(
            "/honours/{id}/photo",
            axum::routing::get(attachments::photo)
                .post(attachments::upload_photo)
                .layer(axum::extract::DefaultBodyLimit::max(body_limit_for("/honours/0/photo"))),
        )
        .route("/rounds/{id}/results.xlsx", axum::routing::get(results_export))
        .route("/rounds/{id}/live", axum::routing::get(round_live))
        .route("/boards/live", axum::routing::get(boards_live))
        .route(
            "/events/{id}/import",
            axum::routing::post(imports::contestants).layer(axum::extract::DefaultBodyLimit::max(body_limit_for("/events/0/import"))),
        )
        .route(
            "/labour/{id}/import",
            axum::routing::post(imports::labour_values).layer(axum::extract::DefaultBodyLimit::max(body_limit_for("/labour/0/import"))),
        )
        .route(
            "/rounds/{id}/marks",
            axum::routing::post(imports::paper_marks).layer(axum::extract::DefaultBodyLimit::max(body_limit_for("/rounds/0/marks"))),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .nest_service("/pkg", pkg_files(&leptos_options))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(leptos_options.hash_files, cache_control))
        .layer(axum::middleware::from_fn(error_status))
        .layer(axum::middleware::from_fn(form_outcome))
        .layer(auth_layer)
        .layer(axum::middleware::from_fn(same_origin))
        .layer(axum::middleware::from_fn(body_limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(TraceLayer::new_for_http())
        .layer(axum::Extension(Live::new(Stopping(stopping))))
        .with_state(state);
    Ok(app)
}

/// How long a request may take until its answer begins (a live feed's stream runs on after). An
/// upload of the largest allowed file over a slow line fits; a client that trickles its request
/// forever does not hold a connection and its memory.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The largest body a request may carry: uploads and imports have their own limits (the largest
/// file they take, and the form around it); everything else (server functions, forms) 1 MiB,
/// more than the longest form with every text at its limit.
fn body_limit_for(path: &str) -> usize {
    const FORM: usize = 256 * 1024;
    if path.starts_with("/projects/") && path.ends_with("/attachments") {
        app::domain::attachment::MAX_BYTES + FORM
    } else if path.starts_with("/honours/") && path.ends_with("/photo") {
        app::domain::honours::PHOTO_MAX_BYTES + FORM
    } else if path.starts_with("/rounds/") && path.ends_with("/marks") {
        9 * 1024 * 1024
    } else if path.ends_with("/import") {
        3 * 1024 * 1024
    } else {
        1024 * 1024
    }
}

/// The largest oversized upload form read to its end before the answer (see `body_limit`).
const FORM_DRAIN: u64 = 32 * 1024 * 1024;

/// Answers 413 to a request whose body is over its route's limit, before anything reads it: by its
/// declared length, or (a body sent in chunks) once more than the limit has arrived.
async fn body_limit(req: Request<Body>, next: Next) -> Response {
    use axum::response::IntoResponse;
    let limit = body_limit_for(req.uri().path());
    // A page's upload form is sent back to its page with the reason; anything else gets 413.
    let form_page = wants_html(req.headers()).then(|| req.uri().path().to_string());
    let too_large = || {
        form_page
            .as_deref()
            .and_then(attachments::too_large_for_form)
            .unwrap_or_else(|| (http::StatusCode::PAYLOAD_TOO_LARGE, axum::Json(AppError::field("", "err.too_large"))).into_response())
    };
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        // A browser shows the answer to a form only once it has sent the body: the page's upload
        // form is read to its end (and thrown away) first, when that is not much.
        Some(n) if n > limit as u64 && n <= FORM_DRAIN && form_page.as_deref().is_some_and(attachments::is_upload_form) => {
            use futures_util::StreamExt;
            let mut body = req.into_body().into_data_stream();
            while let Some(Ok(_)) = body.next().await {}
            too_large()
        }
        Some(n) if n > limit as u64 => too_large(),
        Some(_) => next.run(req).await,
        None if req.method() == http::Method::GET || req.method() == http::Method::HEAD => next.run(req).await,
        None => {
            let (parts, body) = req.into_parts();
            match axum::body::to_bytes(body, limit).await {
                Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
                Err(_) => too_large(),
            }
        }
    }
}

/// Refuses a request another site made a browser send: every server function, upload, import and
/// download. A browser names the page that sent a request (`Origin`, or failing that `Referer`);
/// when it names one, it must be on this site (the host the request was sent to). Requests that
/// name none (other programs, a typed address) are left to the session and role checks.
async fn same_origin(req: Request<Body>, next: Next) -> Response {
    use axum::response::IntoResponse;
    let path = req.uri().path();
    let guarded = req.method() != http::Method::GET && req.method() != http::Method::HEAD
        || path.starts_with("/api/")
        || path.starts_with("/export/")
        || path.starts_with("/attachments/")
        || path.ends_with(".xlsx");
    if guarded {
        let header = |name: http::header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok());
        let sender = header(http::header::ORIGIN).or_else(|| header(http::header::REFERER));
        if let Some(sender) = sender {
            // Behind a reverse proxy, the host the browser asked for is the one it forwards.
            let host = header(http::header::HeaderName::from_static("x-forwarded-host"))
                .or_else(|| header(http::header::HOST))
                .unwrap_or_default();
            if !same_site(sender, host) {
                tracing::warn!(path, sender, "refused a request sent from another site");
                return (http::StatusCode::FORBIDDEN, axum::Json(AppError::Forbidden)).into_response();
            }
        }
    }
    next.run(req).await
}

/// Whether `sender` (an Origin, or a Referer address) is a page of `host` (host and port).
fn same_site(sender: &str, host: &str) -> bool {
    let Some((scheme, rest)) = sender.split_once("://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    matches!(scheme, "http" | "https") && !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

/// Headers every answer carries: a Content-Security-Policy (a page sets its own, with its nonce;
/// any other answer allows no inline script), no framing by other sites, no type sniffing, no full
/// addresses sent to other sites; over https, browsers are told to keep to https.
async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let https = req.uri().scheme_str() == Some("https")
        || req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut http::HeaderMap, name: &'static str, value: &'static str| {
        if !h.contains_key(name) {
            h.insert(name, http::HeaderValue::from_static(value));
        }
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "same-origin");
    set(h, "x-frame-options", "DENY");
    if !h.contains_key(http::header::CONTENT_SECURITY_POLICY) {
        let policy = app::app::content_security_policy(None);
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            h.insert(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if https {
        set(h, "strict-transport-security", "max-age=31536000");
    }
    res
}

/// The app's routes, generated once per process. Generating them renders the app in a special
/// mode that is process-wide in Leptos; doing it while another server in the same process renders
/// a page (as the integration tests do, many servers at once) can leave that page waiting forever.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The compiled front end (`/pkg`: WASM, JS, CSS), served precompressed (brotli or gzip, as the
/// browser accepts) when the release build wrote `.br` / `.gz` files beside them.
fn pkg_files(options: &LeptosOptions) -> tower_http::services::ServeDir {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    tower_http::services::ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

/// Caching: hashed front-end files (`/pkg/ciw.<hash>.wasm`) never change, so browsers keep them a
/// year; unhashed ones are revalidated; everything else (pages, server functions, downloads) carries
/// a person's data and is never stored.
async fn cache_control(
    axum::extract::State(hashed): axum::extract::State<bool>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let static_file = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let value = match (static_file, hashed) {
        _ if res.headers().contains_key(http::header::CACHE_CONTROL) => return res,
        (true, true) if res.status().is_success() => "public, max-age=31536000, immutable",
        (true, _) => "no-cache",
        (false, _) => "no-store",
    };
    res.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static(value));
    res
}

/// A plain form post to a server function comes back to the page it was sent from (or the page
/// the function opened), with `__err` in the address when it failed. When it succeeded this adds
/// `__done=<the function's path>`, so the page the server renders next can say so
/// (`app::components::action_ok`); the browser script drops both markers from the address bar.
async fn form_outcome(req: Request<Body>, next: Next) -> Response {
    let form_post = req.method() == http::Method::POST
        && req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if !form_post || !res.status().is_redirection() {
        return res;
    }
    let Some(location) = res.headers().get(http::header::LOCATION).and_then(|v| v.to_str().ok()) else {
        return res;
    };
    if location.contains("__err=") {
        return res;
    }
    let (base, hash) = location.split_once('#').map_or((location, None), |(b, h)| (b, Some(h)));
    let (page, query) = base.split_once('?').unwrap_or((base, ""));
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("__done=")).collect();
    let done = format!("__done={path}");
    pairs.push(&done);
    let mut next_location = format!("{page}?{}", pairs.join("&"));
    if let Some(hash) = hash {
        next_location.push('#');
        next_location.push_str(hash);
    }
    if let Ok(value) = http::HeaderValue::from_str(&next_location) {
        res.headers_mut().insert(http::header::LOCATION, value);
    }
    res
}

/// Gives a failed server function the HTTP status its error stands for (401, 403, 404, 422...)
/// instead of the framework's blanket 500. Leptos registers the `/api/...` routes itself.
async fn error_status(req: Request<Body>, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != http::StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = http::StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The signed-in caller of a download, or the status to answer instead.
async fn download_caller(
    state: &AppState,
    auth: &mut app::auth::AuthSession,
) -> Result<app::model::UserInfo, http::StatusCode> {
    match app::auth::signed_in(auth, &state.config).await {
        Ok(Some(me)) => Ok(me),
        Ok(None) => Err(http::StatusCode::UNAUTHORIZED),
        Err(_) => Err(http::StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// Whether a request came from a page (a plain form post) rather than a script: it is answered
/// with a redirect back to a page.
fn wants_html(headers: &http::HeaderMap) -> bool {
    headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The reader's language for a download, from the `lang` cookie.
fn reader_locale(headers: &http::HeaderMap) -> app::i18n::Locale {
    headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(app::i18n::Locale::from_cookie_header)
        .unwrap_or_default()
}

/// How often a round's big-screen feed looks at its round (one indexed query: its last event).
const LIVE_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// The big screen's feed (server-sent events): `change` with the round's new version whenever a
/// mark, signature, deduction, lock or publication is recorded. Who may watch is checked once,
/// as for the screen itself (anyone, for a public competition).
async fn round_live(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::Extension(live): axum::Extension<Live>,
    mut auth: app::auth::AuthSession,
    axum::extract::Path(round): axum::extract::Path<i64>,
) -> Response {
    let me = app::auth::signed_in(&mut auth, &state.config)
        .await
        .map_err(|_| app::error::AppError::Internal);
    let first = match me {
        Ok(me) => app::services::competitions::watch(&state.pool, me.as_ref(), round).await,
        Err(e) => Err(e),
    };
    let pool = state.pool.clone();
    live.feed(format!("round:{round}"), first, LIVE_POLL, move || {
        let pool = pool.clone();
        async move { app::services::competitions::version(&pool, round).await }
    })
}

/// How often the leaderboards' big-screen feed looks at the ledger (one indexed query: its last entry).
const BOARDS_POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// The leaderboards' big screen feed (server-sent events): `change` whenever a points entry is
/// written, through any server process. Anyone of the organisation who is signed in may watch.
async fn boards_live(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::Extension(live): axum::Extension<Live>,
    mut auth: app::auth::AuthSession,
) -> Response {
    let me = app::auth::signed_in(&mut auth, &state.config)
        .await
        .map_err(|_| app::error::AppError::Internal);
    let first = match me {
        Ok(me) => app::services::boards::watch(&state.pool, me.as_ref()).await,
        Err(e) => Err(e),
    };
    let pool = state.pool.clone();
    live.feed("boards".to_string(), first, BOARDS_POLL, move || {
        let pool = pool.clone();
        async move { app::services::boards::ledger_version(&pool).await }
    })
}

/// The live feeds of this process. Each watched thing (a round, the points ledger) has one poller
/// however many screens watch it, so the database is asked once per thing per interval, not once
/// per screen; the poller stops when its last screen goes. Polling the database (rather than an
/// in-process channel) means a change written through any server process reaches every screen.
#[derive(Clone)]
struct Live {
    stopping: Stopping,
    pollers: Arc<std::sync::Mutex<std::collections::HashMap<String, tokio::sync::watch::Receiver<String>>>>,
}

impl Live {
    fn new(stopping: Stopping) -> Live {
        Live { stopping, pollers: Default::default() }
    }

    /// A feed of server-sent events for `key`: `change` (with the new version) whenever `version`
    /// differs from `first`, the version when the watcher was let in (or the refusal, answered
    /// with its status). It ends when the server stops or the poller fails (the browser reconnects).
    fn feed<V, F, Fut>(&self, key: String, first: Result<V, AppError>, every: std::time::Duration, version: F) -> Response
    where
        V: std::fmt::Debug,
        F: Fn() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<V, AppError>> + Send,
    {
        use axum::response::sse::{Event, KeepAlive, Sse};
        use axum::response::IntoResponse;
        let first = match first {
            Ok(v) => format!("{v:?}"),
            Err(e) => {
                return http::StatusCode::from_u16(e.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR)
                    .into_response()
            }
        };
        let rx = self.poller(key, first.clone(), every, version);
        let changes = futures_util::stream::unfold((rx, first, self.stopping.clone()), |(mut rx, last, stopping)| async move {
            loop {
                let now = rx.borrow_and_update().clone();
                if now != last {
                    let event = Event::default().event("change").data(&now);
                    return Some((Ok::<_, std::convert::Infallible>(event), (rx, now, stopping)));
                }
                tokio::select! {
                    changed = rx.changed() => if changed.is_err() { return None },
                    _ = stopping.clone().wait() => return None,
                }
            }
        });
        Sse::new(changes).keep_alive(KeepAlive::default()).into_response()
    }

    /// The running poller of `key`, or a new one starting from `first`.
    fn poller<V, F, Fut>(&self, key: String, first: String, every: std::time::Duration, version: F) -> tokio::sync::watch::Receiver<String>
    where
        V: std::fmt::Debug,
        F: Fn() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<V, AppError>> + Send,
    {
        let mut pollers = self.pollers.lock().expect("pollers");
        // A poller that ended (it failed) has dropped its sender: start another.
        if let Some(rx) = pollers.get(&key).filter(|rx| rx.has_changed().is_ok()) {
            return rx.clone();
        }
        let (tx, rx) = tokio::sync::watch::channel(first);
        pollers.insert(key.clone(), rx.clone());
        let (all, stopping) = (self.pollers.clone(), self.stopping.clone());
        tokio::spawn(async move {
            let mut failures = 0;
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = stopping.clone().wait() => break,
                }
                {
                    // Only the map's own receiver is left: nobody watches any more. Checked under
                    // the lock, so no screen joins a poller that is about to stop.
                    let mut pollers = all.lock().expect("pollers");
                    if tx.receiver_count() <= 1 {
                        pollers.remove(&key);
                        break;
                    }
                }
                match version().await {
                    Ok(v) => {
                        failures = 0;
                        let v = format!("{v:?}");
                        tx.send_if_modified(|now| {
                            let changed = *now != v;
                            *now = v;
                            changed
                        });
                    }
                    // A passing failure (a busy database) is waited out; after a few in a row
                    // the feeds end and the screens reconnect, when it may be back.
                    Err(e) if failures < 3 => {
                        failures += 1;
                        tracing::warn!(error = %e, key, failures, "live feed could not look; trying again");
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, key, "live feed stopped");
                        all.lock().expect("pollers").remove(&key);
                        break;
                    }
                }
            }
        });
        rx
    }
}

/// A round's results and every mark as .xlsx, for whoever may see the results page.
async fn results_export(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut auth: app::auth::AuthSession,
    axum::extract::Path(round): axum::extract::Path<i64>,
    headers: http::HeaderMap,
) -> Response {
    use axum::response::IntoResponse;
    use http::{header, StatusCode};
    let me = match download_caller(&state, &mut auth).await {
        Ok(me) => me,
        Err(status) => return status.into_response(),
    };
    let res = match app::services::competitions::results(&state.pool, &me, round).await {
        Ok(r) => r,
        Err(e) => return StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    let locale = reader_locale(&headers);
    match app::export::results_xlsx(locale, &res) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"round-{round}-results.xlsx\"")),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "results export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Downloads of the rewards ledger (`ledger.csv`, `ledger.xlsx`) with the ledger page's filters.
/// Admins get every line, everyone else only their own, as on the page.
async fn export(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut auth: app::auth::AuthSession,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: http::HeaderMap,
) -> Response {
    use axum::response::IntoResponse;
    use http::{header, StatusCode};
    let me = match download_caller(&state, &mut auth).await {
        Ok(me) => me,
        Err(status) => return status.into_response(),
    };
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
    let date = |k: &str| q.get(k).and_then(|v| chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok());
    let filter = app::model::rewards::LedgerFilter {
        person: q.get("person").cloned(),
        project_id: num("project_id"),
        studio_id: num("studio_id"),
        from: date("from"),
        to: date("to"),
        status: q.get("status").and_then(|s| app::domain::rewards::PayoutStatus::parse(s)),
        event_id: num("event_id"),
        page: None,
    };
    let every_line = app::services::rewards::LedgerPage::Everything;
    let ledger = match app::services::rewards::ledger(&state.pool, &me, &filter, every_line).await {
        Ok(l) => l,
        Err(e) => return StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    };
    let locale = reader_locale(&headers);
    let (body, mime) = match file.as_str() {
        "ledger.csv" => (app::export::ledger_csv(locale, &ledger).into_bytes(), "text/csv; charset=utf-8"),
        "ledger.xlsx" => match app::export::ledger_xlsx(locale, &ledger) {
            Ok(b) => (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Err(e) => {
                tracing::error!(error = %e, "xlsx export failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let disposition = format!("attachment; filename=\"{file}\"");
    ([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
}

/// A running server, for `main` and the integration tests.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub pool: db::Pool,
    pub handle: tokio::task::JoinHandle<()>,
    /// Send (or drop) to stop accepting requests and finish the ones in flight.
    pub shutdown: tokio::sync::oneshot::Sender<()>,
}

/// Binds `addr` (port 0 picks a free port), prepares the database and serves in the background.
/// Installs no signal handlers: `main` does, so a test process still dies on SIGTERM.
pub async fn start(
    settings: Settings,
    leptos_options: LeptosOptions,
    addr: std::net::SocketAddr,
) -> Result<Running, Box<dyn std::error::Error>> {
    let pool = prepare_database(&settings).await?;
    let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
    let app = router(&settings, pool.clone(), leptos_options, stopping).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    // Responses go out in several writes (headers, then the body in chunks): without NODELAY the
    // kernel holds a small last write back until the client acknowledges the previous one, up to
    // 40 ms on every static file and some pages.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY could not be set");
        }
    });
    let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        // Stop accepting, end the live feeds, and finish every request in flight.
        let stopped = async move {
            let _ = stop.await;
            let _ = stopping_tx.send(true);
        };
        if let Err(e) = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).with_graceful_shutdown(stopped).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    Ok(Running { addr, pool, handle, shutdown })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::time::Duration;

    #[tokio::test]
    async fn screens_watching_one_thing_share_one_poller_that_stops_with_the_last_screen() {
        let (_stop, stopping) = tokio::sync::watch::channel(false);
        let live = Live::new(Stopping(stopping));
        let asked = Arc::new(AtomicUsize::new(0));
        let version = {
            let asked = asked.clone();
            move || {
                let asked = asked.clone();
                async move { Ok::<_, AppError>(asked.fetch_add(1, SeqCst) / 3) }
            }
        };
        let every = Duration::from_millis(20);
        let mut screens: Vec<_> = (0..50).map(|_| live.poller("round:1".into(), "0".into(), every, version.clone())).collect();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let n = asked.load(SeqCst);
        assert!((5..=30).contains(&n), "50 screens, one query every 20 ms: asked {n} times in 500 ms");
        assert!(screens.iter_mut().all(|s| s.borrow_and_update().as_str() != "0"), "every screen saw the change");
        assert_eq!(live.pollers.lock().unwrap().len(), 1);

        drop(screens);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let after = asked.load(SeqCst);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(asked.load(SeqCst), after, "nobody watches: the poller stopped");
        assert!(live.pollers.lock().unwrap().is_empty());
    }
}
