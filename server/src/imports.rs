//! Importing a contestant list into an event, and a round's marks judged on paper (.xlsx or
//! .csv): a plain multipart form posts here, and the page shows how many went in or, row by row,
//! why nothing did.

use app::auth::AuthSession;
use app::domain::competition::{csv_rows, paper_rows, roster_rows, PAPER_COLUMNS};
use app::error::AppError;
use app::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, StatusCode};

/// The largest list file taken.
const MAX_BYTES: usize = 2 * 1024 * 1024;
/// How many row errors the page is sent (the address carries them).
const SHOWN_ERRORS: usize = 30;

/// A list import's outcome for a form: back to `page` (an address with its query, then `anchor`)
/// with how many went in (`imported`) or, row by row, why nothing did (`import_errors` as
/// `line:key,…`, `import_more`); `ok_query` is added on success. For a script, JSON.
fn list_answer(
    wants_html: bool,
    page: &str,
    ok_query: &str,
    anchor: &str,
    result: Result<usize, AppError>,
) -> Response {
    let sep = if page.contains('?') { "&" } else { "?" };
    let to = |query: String| Redirect::to(&format!("{page}{sep}{query}{anchor}")).into_response();
    match (wants_html, result) {
        (true, Ok(n)) => to(format!("{ok_query}imported={n}")),
        (true, Err(AppError::Invalid(errors))) => {
            let list: Vec<String> = errors
                .iter()
                .take(SHOWN_ERRORS)
                .map(|e| format!("{}:{}", e.field.strip_prefix("row-").unwrap_or("0"), e.key))
                .collect();
            let more = errors.len().saturating_sub(SHOWN_ERRORS);
            // Lines and translation keys only (digits, letters, dots, underscores): safe as they are.
            to(format!("import_errors={}&import_more={more}", list.join(",")))
        }
        (true, Err(e)) if !matches!(e, AppError::Unauthenticated) => {
            to(format!("import_errors=0:{}&import_more=0", e.message_key()))
        }
        (_, result) => json_answer(result),
    }
}

/// A contestant list's outcome: the event's entries.
fn answer(wants_html: bool, event: i64, result: Result<usize, AppError>) -> Response {
    list_answer(wants_html, &format!("/events/{event}/entries"), "status=approved&", "", result)
}

/// An upload's outcome for a script: how many went in, or the error with its status.
fn json_answer(result: Result<usize, AppError>) -> Response {
    match result {
        Ok(n) => axum::Json(n).into_response(),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(e)).into_response()
        }
    }
}

/// Who is uploading: a signed-in person, or an error (answered as JSON: no page to go back to).
async fn uploader(state: &AppState, auth: &mut AuthSession) -> Result<app::model::UserInfo, AppError> {
    app::auth::signed_in(auth, &state.config).await?.ok_or(AppError::Unauthenticated)
}

/// The first `columns` columns of an .xlsx file's first sheet, as text, read cell by cell and no
/// further than `max_rows` (a sheet's stated size is never allocated: a cell placed far away would
/// otherwise ask for a grid of billions).
fn xlsx_rows(bytes: &[u8], columns: usize, max_rows: usize) -> Option<Vec<Vec<String>>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).ok()?;
    let sheet = book.sheet_names().first()?.clone();
    let mut cells = book.worksheet_cells_reader(&sheet).ok()?;
    let limit = max_rows as u32 + 1;
    let blank = vec![String::new(); columns];
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().ok()? {
        let (row, col) = cell.get_position();
        if row > limit {
            // One more row than allowed is enough for the service to refuse the file.
            rows.resize(limit as usize + 1, blank.clone());
            rows[limit as usize][0] = "…".into();
            break;
        }
        if col as usize >= columns {
            continue;
        }
        if rows.len() <= row as usize {
            rows.resize(row as usize + 1, blank.clone());
        }
        rows[row as usize][col as usize] = calamine::Data::from(cell.get_value().clone()).to_string();
    }
    Some(rows)
}

/// The `file` field of a multipart form (at most `max` bytes) and whether its `signed` box is ticked.
async fn file_of(form: &mut Multipart, max: usize) -> Result<(Vec<u8>, bool), AppError> {
    let mut file = None::<Vec<u8>>;
    let mut signed = false;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) if b.len() <= max => file = Some(b.to_vec()),
                _ => return Err(AppError::field("file", "err.import.too_large")),
            },
            Ok(Some(field)) if field.name() == Some("signed") => {
                signed = field.bytes().await.is_ok_and(|b| b.as_ref() == b"on");
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return Err(AppError::field("file", "err.import.too_large")),
        }
    }
    Ok((file.unwrap_or_default(), signed))
}

/// The cells of an uploaded file: an .xlsx file is a zip archive; anything else is read as CSV text.
fn cells_of(bytes: Vec<u8>, columns: usize, max_rows: usize) -> Result<Vec<Vec<String>>, AppError> {
    let rows = if bytes.starts_with(b"PK") {
        xlsx_rows(&bytes, columns, max_rows)
    } else {
        String::from_utf8(bytes).ok().map(|t| csv_rows(&t))
    };
    rows.ok_or_else(|| AppError::field("file", "err.import.unreadable"))
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
    let me = match uploader(&state, &mut auth).await {
        Ok(me) => me,
        Err(e) => return json_answer(Err(e)),
    };
    // Only an organiser's file is read at all.
    if let Err(e) = app::services::organising::check_may_import(&state.pool, &me, event).await {
        return answer(wants_html, event, Err(e));
    }
    let rows = match file_of(&mut form, MAX_BYTES).await {
        Ok((bytes, _)) => cells_of(bytes, 2, app::domain::competition::MAX_ROSTER_ROWS),
        Err(e) => Err(e),
    };
    let result = match rows {
        Ok(rows) => app::services::organising::import_entries(&state.pool, &me, event, &roster_rows(rows)).await,
        Err(e) => Err(e),
    };
    answer(wants_html, event, result)
}

/// The largest paper-marks file taken.
const MAX_PAPER_BYTES: usize = 8 * 1024 * 1024;

fn paper_answer(wants_html: bool, round: i64, result: Result<usize, AppError>) -> Response {
    let back = |query: Vec<(&str, String)>| {
        let q = serde_urlencoded::to_string(query).unwrap_or_default();
        Redirect::to(&format!("/rounds/{round}/setup?{q}#paper")).into_response()
    };
    match (wants_html, result) {
        (true, Ok(n)) => back(vec![("paper", n.to_string())]),
        (true, Err(AppError::Invalid(errors))) => {
            let list: Vec<String> = errors
                .iter()
                .take(SHOWN_ERRORS)
                .map(|e| {
                    // A row's line, a name to settle, or (the file as a whole) 0.
                    let at = match e.field.strip_prefix("row-") {
                        Some(line) => line,
                        None if e.field.starts_with("contestant:") || e.field.starts_with("judge:") => &e.field,
                        None => "0",
                    };
                    format!("{at}={}", e.key)
                })
                .collect();
            let more = errors.len().saturating_sub(SHOWN_ERRORS);
            back(vec![("paper_errors", list.join("\n")), ("paper_more", more.to_string())])
        }
        (true, Err(e)) if !matches!(e, AppError::Unauthenticated) => {
            back(vec![("paper_errors", format!("0={}", e.message_key())), ("paper_more", "0".into())])
        }
        (_, result) => json_answer(result),
    }
}

/// `POST /rounds/{id}/marks`, multipart: `file` (.xlsx, or .csv in UTF-8) with the columns 选手,
/// 次序, 评委, 评分项, 分数, 难度系数; `signed=on` when the judges signed their paper sheets.
pub async fn paper_marks(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(round): Path<i64>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let wants_html = crate::wants_html(&headers);
    let me = match uploader(&state, &mut auth).await {
        Ok(me) => me,
        Err(e) => return json_answer(Err(e)),
    };
    // Only an organiser's file is read at all.
    if let Err(e) = app::services::paper::check_may_import(&state.pool, &me, round).await {
        return paper_answer(wants_html, round, Err(e));
    }
    let rows = match file_of(&mut form, MAX_PAPER_BYTES).await {
        Ok((bytes, signed)) => {
            cells_of(bytes, PAPER_COLUMNS, app::domain::competition::MAX_PAPER_ROWS).map(|rows| (rows, signed))
        }
        Err(e) => Err(e),
    };
    let result = match rows {
        Ok((rows, signed)) => {
            app::services::paper::import_marks(&state.pool, &me, round, &paper_rows(rows), signed).await
        }
        Err(e) => Err(e),
    };
    paper_answer(wants_html, round, result)
}

/// A period's values import's outcome: the contest's page for that period.
fn values_answer(wants_html: bool, contest: i64, period: &str, result: Result<usize, AppError>) -> Response {
    let page = format!("/labour/{contest}?{}", serde_urlencoded::to_string([("period", period)]).unwrap_or_default());
    list_answer(wants_html, &page, "", "#import", result)
}

#[derive(serde::Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    period: String,
}

/// `POST /labour/{id}/import?period=q2026-3`, multipart: `file` (.xlsx, or .csv in UTF-8) with the
/// columns 编号, 名称, then one per indicator in the contest's order.
pub async fn labour_values(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(contest): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<PeriodQuery>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let wants_html = crate::wants_html(&headers);
    let me = match uploader(&state, &mut auth).await {
        Ok(me) => me,
        Err(e) => return json_answer(Err(e)),
    };
    // Only an organiser's file, for an open period, is read at all.
    if let Err(e) = app::services::labour::check_may_import(&state.pool, &me, contest, &q.period).await {
        return values_answer(wants_html, contest, &q.period, Err(e));
    }
    let columns = 2 + app::domain::labour::MAX_INDICATORS;
    let rows = match file_of(&mut form, MAX_BYTES).await {
        Ok((bytes, _)) => cells_of(bytes, columns, app::domain::labour::MAX_VALUE_ROWS),
        Err(e) => Err(e),
    };
    let result = match rows {
        Ok(rows) => {
            let rows = app::domain::labour::value_rows(rows, app::domain::labour::MAX_INDICATORS);
            app::services::labour::import_values(&state.pool, &me, contest, &q.period, &rows).await
        }
        Err(e) => Err(e),
    };
    values_answer(wants_html, contest, &q.period, result)
}
