use crate::components::header::Header;
use crate::components::provide_auth;
use crate::i18n::provide_i18n;
use crate::pages;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#b71c1c"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link id="leptos" rel="stylesheet" href=assets(&options).css.clone()/>
                <AutoReload options=options.clone()/>
                <Scripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The stylesheet's address and the one script every page carries, with the hashes cargo-leptos
/// put in their file names (written beside the server binary): worked out once per process, not
/// on every page.
struct Assets {
    css: String,
    script: String,
}

fn assets(options: &LeptosOptions) -> &'static Assets {
    static ASSETS: std::sync::OnceLock<Assets> = std::sync::OnceLock::new();
    ASSETS.get_or_init(|| {
        let name = options.output_name.to_string();
        let (mut css, mut js, mut wasm) = (name.clone(), name.clone(), name);
        if options.hash_files {
            let hashes = std::env::current_exe()
                .ok()
                .and_then(|exe| std::fs::read_to_string(exe.with_file_name(options.hash_file.as_ref())).ok())
                .unwrap_or_default();
            for (kind, hash) in hashes.lines().filter_map(|l| l.split_once(':')) {
                match kind.trim() {
                    "css" => css = format!("{css}.{}", hash.trim()),
                    "js" => js = format!("{js}.{}", hash.trim()),
                    "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                    _ => {}
                }
            }
        }
        let pkg = options.site_pkg_dir.to_string();
        Assets {
            css: format!("/{pkg}/{css}.css"),
            script: format!(
                "{}(\"/{pkg}/{js}.js\", \"/{pkg}/{wasm}.wasm\");",
                include_str!("navigation.js").trim_end()
            ),
        }
    })
}

/// The Content-Security-Policy: scripts from this site only, and inline only with the page's nonce
/// (our script and Leptos' own carry it; `None` for answers that are not pages: no inline script
/// at all); WebAssembly may be compiled (`wasm-unsafe-eval`, not `eval`); no plug-ins, no framing,
/// forms only to this site. Styles may be inline (bars and charts size themselves with a `style`
/// attribute); images may be data: addresses.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The one script every page carries: client-side navigation (`navigation.js`), which also loads the WASM
/// for a page's islands once the page has painted and the browser is idle. Unlike leptos'
/// `HydrationScripts`, it adds no preload hints: nothing competes with the HTML and CSS the first
/// paint needs, and a page without islands downloads no WASM at all.
#[component]
fn Scripts(options: LeptosOptions) -> impl IntoView {
    // Only islands hydrate: the server sends no hydration data for the rest of the page.
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let script = assets(&options).script.clone();
    // The page's nonce (made per answer by the server integration) lets this script and Leptos'
    // own run under the Content-Security-Policy this sets, and no other inline script.
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    if let (Some(n), Some(res)) = (&nonce, use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(policy) = http::HeaderValue::from_str(&content_security_policy(Some(n))) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    view! { <script type="module" nonce=nonce>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    provide_auth();
    // Pages wait for their data on the server, so the first HTML is complete and a guard can
    // answer with a real redirect.
    let ssr = SsrMode::Async;
    // Plain values, not closures over the language signal: the server reads the title and the
    // language after the page's reactive owner is gone (a closure then panicked under load, which
    // dropped the connection). The language only changes with a new page from the server.
    let locale = i18n.locale.get_untracked();
    let (lang, title) = (locale.code(), crate::i18n::translate(locale, "app.title"));
    view! {
        <Html attr:lang=lang/>
        <Title text=title/>
        <Router>
            <Header/>
            <main id="main" class="main" tabindex="-1">
                <Routes fallback=|| view! { <pages::not_found::NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage ssr=ssr.clone()/>
                    <Route path=path!("/login") view=pages::login::LoginPage ssr=ssr.clone()/>
                    <Route path=path!("/profile") view=pages::profile::ProfilePage ssr=ssr.clone()/>
                    <Route path=path!("/boards") view=pages::boards::BoardsPage ssr=ssr.clone()/>
                    <Route path=path!("/boards/screen") view=pages::boards::BoardScreenPage ssr=ssr.clone()/>
                    <Route path=path!("/people/:id") view=pages::profiles::PersonPage ssr=ssr.clone()/>
                    <Route path=path!("/teams/:id") view=pages::profiles::TeamPage ssr=ssr.clone()/>
                    <Route path=path!("/honours") view=pages::honours::HonoursPage ssr=ssr.clone()/>
                    <Route path=path!("/honours/new") view=pages::honours::NominatePage ssr=ssr.clone()/>
                    <Route path=path!("/honours/:id") view=pages::honours::HonourPage ssr=ssr.clone()/>
                    <Route path=path!("/evaluations") view=pages::evaluations::EvaluationsPage ssr=ssr.clone()/>
                    <Route path=path!("/evaluations/:id") view=pages::evaluations::EvaluationPage ssr=ssr.clone()/>
                    <Route path=path!("/evaluations/:id/score") view=pages::evaluations::ScoreSheetPage ssr=ssr.clone()/>
                    <Route path=path!("/labour/:id") view=pages::evaluations::ContestPage ssr=ssr.clone()/>
                    <Route path=path!("/directory") view=pages::directory::DirectoryPage ssr=ssr.clone()/>
                    <Route path=path!("/directory/:id") view=pages::directory::DirectoryDepartmentPage ssr=ssr.clone()/>
                    <Route path=path!("/my-team") view=pages::my_team::MyTeamPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/org") view=pages::admin_org::AdminOrgPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/org/:id") view=pages::admin_org::AdminDepartmentPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/people") view=pages::admin_people::PeopleListPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/people/new") view=pages::admin_people::NewPersonPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/people/:id") view=pages::admin_people::PersonPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/audit") view=pages::audit::AuditPage ssr=ssr.clone()/>
                    <Route path=path!("/admin/rules") view=pages::rewards::RulesPage ssr=ssr.clone()/>
                    <Route path=path!("/projects") view=pages::projects::ProjectsPage ssr=ssr.clone()/>
                    <Route path=path!("/projects/new") view=pages::projects::NewProjectPage ssr=ssr.clone()/>
                    <Route path=path!("/projects/:id") view=pages::projects::ProjectPage ssr=ssr.clone()/>
                    <Route path=path!("/projects/:id/edit") view=pages::projects::EditProjectPage ssr=ssr.clone()/>
                    <Route path=path!("/review") view=pages::projects::ReviewPage ssr=ssr.clone()/>
                    <Route path=path!("/studios") view=pages::studios::StudiosPage ssr=ssr.clone()/>
                    <Route path=path!("/studios/:id") view=pages::studios::StudioPage ssr=ssr.clone()/>
                    <Route path=path!("/rewards") view=pages::rewards::RewardsPage ssr=ssr.clone()/>
                    <Route path=path!("/competitions") view=pages::competitions::CompetitionsPage ssr=ssr.clone()/>
                    <Route path=path!("/competitions/:id") view=pages::competitions::CompetitionPage ssr=ssr.clone()/>
                    <Route path=path!("/events/:id/entries") view=pages::competitions::EntriesPage ssr=ssr.clone()/>
                    <Route path=path!("/events/:id/results") view=pages::judging::EventResultsPage ssr=ssr.clone()/>
                    <Route path=path!("/events/:id/draw") view=pages::competitions::DrawPage ssr=ssr.clone()/>
                    <Route path=path!("/rounds/:id/setup") view=pages::competitions::RoundSetupPage ssr=ssr.clone()/>
                    <Route path=path!("/judge") view=pages::judging::JudgePanelsPage ssr=ssr.clone()/>
                    <Route path=path!("/judge/:id") view=pages::judging::JudgePadPage ssr=ssr.clone()/>
                    <Route path=path!("/rounds/:id/results") view=pages::judging::RoundResultsPage ssr=ssr.clone()/>
                    <Route path=path!("/rounds/:id/sheets/:judge") view=pages::judging::PrintSheetPage ssr=ssr.clone()/>
                    <Route path=path!("/rounds/:id/screen") view=pages::judging::ScreenPage ssr=ssr.clone()/>
                    <Route path=path!("/notifications") view=pages::notifications::NotificationsPage ssr=ssr/>
                </Routes>
            </main>
        </Router>
    }
}
