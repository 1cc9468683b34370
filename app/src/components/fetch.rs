//! Posting a form to a server function from an island, without the server-function client
//! (which would weigh on every page's WASM): the status and the body, or `Err` when the server
//! could not be reached.

use wasm_bindgen::JsCast;

pub async fn post_form(path: &str, fields: &[(&str, &str)]) -> Result<(u16, String), ()> {
    let window = web_sys::window().ok_or(())?;
    if !window.navigator().on_line() {
        return Err(());
    }
    let params = web_sys::UrlSearchParams::new().map_err(|_| ())?;
    for (k, v) in fields {
        params.append(k, v);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&params.into());
    let headers = web_sys::Headers::new().map_err(|_| ())?;
    headers.set("Accept", "application/json").map_err(|_| ())?;
    headers.set("Content-Type", "application/x-www-form-urlencoded").map_err(|_| ())?;
    init.set_headers(&headers.into());
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(|_| ())?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request)).await.map_err(|_| ())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| ())?;
    let text = match response.text() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    Ok((response.status(), text.unwrap_or_default()))
}
