//! Upload and download of project attachments and honours' photos. Plain HTML forms post here (so
//! uploads work before the WASM loads); every request checks the session and the project or
//! honour, like a server function.

use app::auth::AuthSession;
use app::db::projects::NewAttachment;
use app::domain::attachment::{shown_inline, sniff, stored_file_name, MAX_BYTES};
use app::domain::honours::{photo_type, PHOTO_MAX_BYTES};
use app::error::AppError;
use app::services::{honours, projects};
use app::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{header, HeaderMap, StatusCode};

fn fail(wants_html: bool, project: i64, e: AppError) -> Response {
    fail_to(wants_html, &format!("/projects/{project}"), e)
}

/// A refused upload: back to `page` with the reason (`?upload_error=`) for a plain form, else
/// the error as JSON.
fn fail_to(wants_html: bool, page: &str, e: AppError) -> Response {
    if wants_html {
        let key = match &e {
            AppError::Invalid(f) => f.first().map(|f| f.key.clone()).unwrap_or_default(),
            other => other.message_key().to_string(),
        };
        return Redirect::to(&format!("{page}?upload_error={key}")).into_response();
    }
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(e)).into_response()
}

/// A plain form's upload refused for its size before it was read (the body-size limit): back to
/// the page with the same message the upload itself gives. None for any other route.
pub(crate) fn too_large_for_form(path: &str) -> Option<Response> {
    if let Some(project) = path_id(path, "/projects/", "/attachments") {
        return Some(fail(true, project, AppError::field("file", "err.attachment.too_large")));
    }
    let honour = path_id(path, "/honours/", "/photo")?;
    Some(fail_to(true, &format!("/honours/{honour}"), AppError::field("file", "err.photo.too_large")))
}

/// Whether `path` is one of the upload routes a page's form posts to.
pub(crate) fn is_upload_form(path: &str) -> bool {
    path_id(path, "/projects/", "/attachments").or_else(|| path_id(path, "/honours/", "/photo")).is_some()
}

fn path_id(path: &str, prefix: &str, suffix: &str) -> Option<i64> {
    path.strip_prefix(prefix)?.strip_suffix(suffix)?.parse().ok()
}

/// `POST /projects/{id}/attachments`, multipart: `file`, optional `entry_id`.
pub async fn upload(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(project): Path<i64>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let wants_html = crate::wants_html(&headers);
    let me = match app::auth::signed_in(&mut auth, &state.config).await {
        Ok(Some(me)) => me,
        Ok(None) => return fail(false, project, AppError::Unauthenticated),
        Err(e) => return fail(false, project, e),
    };
    if let Err(e) = projects::check_may_attach(&state.pool, &me, project).await {
        return fail(wants_html, project, e);
    }
    let (mut file, mut name, mut entry_id) = (None::<Vec<u8>>, String::new(), None::<i64>);
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("file") => {
                    name = field.file_name().unwrap_or("").to_string();
                    match field.bytes().await {
                        Ok(b) if b.len() <= MAX_BYTES => file = Some(b.to_vec()),
                        _ => return fail(wants_html, project, AppError::field("file", "err.attachment.too_large")),
                    }
                }
                Some("entry_id") => entry_id = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return fail(wants_html, project, AppError::field("file", "err.attachment.too_large")),
        }
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return fail(wants_html, project, AppError::field("file", "err.attachment.missing"));
    };
    let Some(content_type) = sniff(&bytes) else {
        return fail(wants_html, project, AppError::field("file", "err.attachment.type"));
    };
    let (key, path) = match store(&state, &bytes).await {
        Ok(stored) => stored,
        Err(e) => return fail(wants_html, project, e),
    };
    let file_name = stored_file_name(&name, content_type);
    let new = NewAttachment {
        project_id: project,
        entry_id,
        file_name: &file_name,
        content_type,
        size_bytes: bytes.len() as i64,
        storage_key: &key,
        uploaded_by: me.id,
    };
    match projects::add_attachment(&state.pool, &me, &new).await {
        Ok(id) if !wants_html => (StatusCode::CREATED, axum::Json(id)).into_response(),
        Ok(_) => Redirect::to(&format!("/projects/{project}")).into_response(),
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            fail(wants_html, project, e)
        }
    }
}

/// `GET /attachments/{id}`: for whoever may see the project.
pub async fn download(State(state): State<AppState>, mut auth: AuthSession, Path(id): Path<i64>) -> Response {
    let me = match app::auth::signed_in(&mut auth, &state.config).await {
        Ok(Some(me)) => me,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let (key, content_type, name) = match projects::attachment(&state.pool, &me, id).await {
        Ok(a) => (a.storage_key, a.content_type, a.file_name),
        Err(e) => return StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND).into_response(),
    };
    // The key is ours (hex), never a user's path.
    if !key.chars().all(|c| c.is_ascii_hexdigit()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    // Images are shown in the browser; anything else (PDF) is downloaded, never run in the page.
    let disposition = if shown_inline(&content_type) { "inline" } else { "attachment" };
    match tokio::fs::read(state.config.upload_dir.join(&key)).await {
        Ok(bytes) => {
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CONTENT_DISPOSITION, format!("{disposition}; filename*=UTF-8''{encoded}")),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                    (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `POST /honours/{id}/photo`, multipart: `file` (an image of at most 5 MiB). Union admins, or the
/// nominator while the nomination waits.
pub async fn upload_photo(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(honour): Path<i64>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let wants_html = crate::wants_html(&headers);
    let page = format!("/honours/{honour}");
    let me = match app::auth::signed_in(&mut auth, &state.config).await {
        Ok(Some(me)) => me,
        Ok(None) => return fail_to(false, &page, AppError::Unauthenticated),
        Err(e) => return fail_to(false, &page, e),
    };
    if let Err(e) = honours::check_may_set_photo(&state.pool, &me, honour).await {
        return fail_to(wants_html, &page, e);
    }
    let too_large = || AppError::field("file", "err.photo.too_large");
    let mut file = None::<Vec<u8>>;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) if b.len() <= PHOTO_MAX_BYTES => file = Some(b.to_vec()),
                _ => return fail_to(wants_html, &page, too_large()),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return fail_to(wants_html, &page, too_large()),
        }
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return fail_to(wants_html, &page, AppError::field("file", "err.attachment.missing"));
    };
    let Some(content_type) = photo_type(&bytes) else {
        return fail_to(wants_html, &page, AppError::field("file", "err.photo.type"));
    };
    let (key, path) = match store(&state, &bytes).await {
        Ok(stored) => stored,
        Err(e) => return fail_to(wants_html, &page, e),
    };
    match honours::set_photo(&state.pool, &me, honour, &key, content_type).await {
        Ok(old) => {
            // The photo it replaced is no longer named by any row.
            if let Some(old) = old.filter(|k| k.chars().all(|c| c.is_ascii_hexdigit())) {
                let _ = tokio::fs::remove_file(state.config.upload_dir.join(old)).await;
            }
            if wants_html {
                Redirect::to(&page).into_response()
            } else {
                StatusCode::NO_CONTENT.into_response()
            }
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            fail_to(wants_html, &page, e)
        }
    }
}

/// `GET /honours/{id}/photo`: for whoever may see the honour.
pub async fn photo(State(state): State<AppState>, mut auth: AuthSession, Path(id): Path<i64>) -> Response {
    let me = match crate::download_caller(&state, &mut auth).await {
        Ok(me) => me,
        Err(status) => return status.into_response(),
    };
    let (key, content_type) = match honours::photo(&state.pool, &me, id).await {
        Ok(p) => p,
        Err(e) => return StatusCode::from_u16(e.status()).unwrap_or(StatusCode::NOT_FOUND).into_response(),
    };
    match tokio::fs::read(state.config.upload_dir.join(&key)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
                // Its address changes with the photo (`?v=`): the reader's browser may keep it a day.
                (header::CACHE_CONTROL, "private, max-age=86400".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Writes an upload under a new random key: (key, path).
async fn store(state: &AppState, bytes: &[u8]) -> Result<(String, std::path::PathBuf), AppError> {
    let key = random_key();
    let path = state.config.upload_dir.join(&key);
    let written = async {
        tokio::fs::create_dir_all(&state.config.upload_dir).await?;
        tokio::fs::write(&path, bytes).await
    };
    if let Err(e) = written.await {
        tracing::error!(error = %e, "storing an upload failed");
        return Err(AppError::Internal);
    }
    Ok((key, path))
}

fn random_key() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}
