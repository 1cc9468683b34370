//! `server backup DIR` and `server restore DIR`: a consistent copy of a SQLite database and its
//! uploads, taken while the server runs, and put back in a new place.
//!
//! A backup directory holds `ciw.db` (SQLite's `VACUUM INTO`: one moment of the database, whatever
//! is being written meanwhile), `uploads/` (the attachment and photo files; they are written
//! before the row that names them and never changed, so every file a row of the copy names was
//! already there) and `counts.txt` (every table's row count, to compare a restore with).
//!
//! The copy leaves the sign-in sessions out (whoever holds a backup could otherwise act as anyone
//! signed in when it was taken; after a restore everyone signs in again), and the directory is
//! readable by its owner only.

use app::db::Pool;
use std::path::{Path, PathBuf};

type Error = Box<dyn std::error::Error>;

/// What a backup or restore wrote: every table's row count.
pub struct Copied {
    pub counts: Vec<(String, i64)>,
    pub files: usize,
}

/// Copies the database `pool` and the files in `uploads` into `dir`, which must not exist yet;
/// a backup that fails part-way is removed.
pub async fn backup(pool: &Pool, uploads: &Path, dir: &Path) -> Result<Copied, Error> {
    private_dir(dir)?;
    let copied = copy_into(pool, uploads, dir).await;
    if copied.is_err() {
        let _ = std::fs::remove_dir_all(dir);
    }
    copied
}

async fn copy_into(pool: &Pool, uploads: &Path, dir: &Path) -> Result<Copied, Error> {
    pool.backup_into(&dir.join("ciw.db")).await?;
    let files = copy_files(uploads, &dir.join("uploads"))?;
    let copy = Pool::connect(&sqlite_url(&dir.join("ciw.db"))).await?;
    copy.strip_sessions().await?;
    let counts = copy.table_counts().await?;
    copy.close().await;
    let listing: String = counts.iter().map(|(t, n)| format!("{t}\t{n}\n")).collect();
    std::fs::write(dir.join("counts.txt"), listing)?;
    Ok(Copied { counts, files })
}

/// Puts the backup in `dir` back as the database file `database` (which must not exist) and the
/// uploads directory `uploads`; checks the copy (SQLite's integrity check, and every table's rows
/// against the counts the backup recorded).
pub async fn restore(dir: &Path, database: &Path, uploads: &Path) -> Result<Copied, Error> {
    let source = dir.join("ciw.db");
    if !source.is_file() {
        return Err(format!("{} has no ciw.db; is it a backup?", dir.display()).into());
    }
    if database.exists() {
        return Err(format!("{} exists already; restore into a new place", database.display()).into());
    }
    if let Some(parent) = database.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(&source, database)?;
    let files = copy_files(&dir.join("uploads"), uploads)?;
    let pool = Pool::connect(&sqlite_url(database)).await?;
    let check = pool.integrity_check().await?;
    if check != ["ok"] {
        return Err(format!("the restored database does not pass SQLite's integrity check: {check:?}").into());
    }
    let counts = pool.table_counts().await?;
    let recorded: String = std::fs::read_to_string(dir.join("counts.txt"))?;
    let listing: String = counts.iter().map(|(t, n)| format!("{t}\t{n}\n")).collect();
    if listing != recorded {
        return Err("the restored database's row counts differ from the backup's counts.txt".into());
    }
    Ok(Copied { counts, files })
}

/// Creates `dir` with access for its owner only (its parents as needed); an error if it exists.
fn private_dir(dir: &Path) -> Result<(), Error> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!("{} exists already; back up into a new directory", dir.display()).into(),
        _ => Error::from(e),
    })
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Copies the files of `from` (one level: uploads are kept flat under random names) into `to`.
fn copy_files(from: &Path, to: &Path) -> Result<usize, Error> {
    std::fs::create_dir_all(to)?;
    if !from.exists() {
        return Ok(0);
    }
    let mut n = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            let target: PathBuf = to.join(entry.file_name());
            std::fs::copy(entry.path(), target)?;
            n += 1;
        }
    }
    Ok(n)
}
