#![recursion_limit = "512"]
//! 创新工作室与劳动竞赛管理系统: the Leptos application (server-rendered; islands hydrate in the browser).

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod state;

/// Called once, the first time a page has an island (see `app/src/navigation.js`): only islands hydrate,
/// the rest of every page stays the server's HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
