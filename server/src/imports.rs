//! Importing a contestant list (.xlsx or .csv) into an event: a plain multipart form posts here,
//! and the page shows how many were entered or, row by row, why nobody was.

use app::auth::AuthSession;
use app::domain::competition::{csv_rows, roster_rows};
use app::error::AppError;
use app::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode};

/// The largest list file taken.
const MAX_BYTES: usize = 2 * 1024 * 1024;
/// How many row errors the page is sent (the address carries them).
const SHOWN_ERRORS: usize = 30;

fn answer(wants_html: bool, event: i64, result: Result<usize, AppError>) -> Response {
    match (wants_html, result) {
        (true, Ok(n)) => Redirect::to(&format!("/events/{event}/entries?status=approved&imported={n}")).into_response(),
        (true, Err(AppError::Invalid(errors))) => {
            let list: Vec<String> = errors
                .iter()
                .take(SHOWN_ERRORS)
                .map(|e| format!("{}:{}", e.field.trim_start_matches("row-"), e.key))
                .collect();
            let more = errors.len().saturating_sub(SHOWN_ERRORS);
            Redirect::to(&format!("/events/{event}/entries?import_errors={}&import_more={more}", list.join(",")))
                .into_response()
        }
        (true, Err(e)) if !matches!(e, AppError::Unauthenticated) => {
            Redirect::to(&format!("/events/{event}/entries?import_errors=0:{}", e.message_key())).into_response()
        }
        (_, Ok(n)) => axum::Json(n).into_response(),
        (_, Err(e)) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(e)).into_response()
        }
    }
}

/// The first two columns of an .xlsx file's first sheet, as text, read cell by cell and no further
/// than the row limit (a sheet's stated size is never allocated: a cell placed far away would
/// otherwise ask for a grid of billions).
fn xlsx_rows(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).ok()?;
    let sheet = book.sheet_names().first()?.clone();
    let mut cells = book.worksheet_cells_reader(&sheet).ok()?;
    let limit = app::domain::competition::MAX_ROSTER_ROWS as u32 + 1;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().ok()? {
        let (row, col) = cell.get_position();
        if row > limit {
            // One more row than allowed is enough for the service to refuse the file.
            rows.resize(limit as usize + 1, vec![String::new(), String::new()]);
            rows[limit as usize][0] = "…".into();
            break;
        }
        if col > 1 {
            continue;
        }
        if rows.len() <= row as usize {
            rows.resize(row as usize + 1, vec![String::new(), String::new()]);
        }
        rows[row as usize][col as usize] = calamine::Data::from(cell.get_value().clone()).to_string();
    }
    Some(rows)
}

/// `POST /events/{id}/import`, multipart: `file` (.xlsx, or .csv in UTF-8).
pub async fn contestants(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(event): Path<i64>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let wants_html = crate::wants_html(&headers);
    let me = match app::auth::signed_in(&mut auth, state.config.session_absolute).await {
        Ok(Some(me)) => me,
        Ok(None) => return answer(false, event, Err(AppError::Unauthenticated)),
        Err(e) => return answer(false, event, Err(e)),
    };
    // Only an organiser's file is read at all.
    if let Err(e) = app::services::organising::check_may_import(&state.pool, &me, event).await {
        return answer(wants_html, event, Err(e));
    }
    let mut file = None::<Vec<u8>>;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) if b.len() <= MAX_BYTES => file = Some(b.to_vec()),
                _ => return answer(wants_html, event, Err(AppError::field("file", "err.import.too_large"))),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return answer(wants_html, event, Err(AppError::field("file", "err.import.too_large"))),
        }
    }
    let bytes = file.unwrap_or_default();
    // An .xlsx file is a zip archive; anything else is read as CSV text.
    let rows =
        if bytes.starts_with(b"PK") { xlsx_rows(&bytes) } else { String::from_utf8(bytes).ok().map(|t| csv_rows(&t)) };
    let Some(rows) = rows else {
        return answer(wants_html, event, Err(AppError::field("file", "err.import.unreadable")));
    };
    let result = app::services::organising::import_entries(&state.pool, &me, event, &roster_rows(rows)).await;
    answer(wants_html, event, result)
}
