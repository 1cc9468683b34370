//! Whether the stored data still agrees with itself, for `server verify` (after a crash, a restore,
//! or on suspicion) and the crash test: the engine's own check, every round's hash chain, and the
//! facts the app keeps twice or derives (board totals, rank counts, payout splits and signatures,
//! project stages).

use crate::db::{integrity as repo, Pool};
use crate::domain::{chain, rewards};
use crate::error::AppError;

/// What `check` found: each round's chain, and every problem in words (none when all is well).
pub struct Report {
    pub chains: Vec<(i64, Result<usize, chain::Break>)>,
    pub problems: Vec<String>,
}

impl Report {
    pub fn intact(&self) -> bool {
        self.problems.is_empty() && self.chains.iter().all(|(_, r)| r.is_ok())
    }
}

pub async fn check(pool: &Pool) -> Result<Report, AppError> {
    let mut problems: Vec<String> = pool
        .integrity_check()
        .await?
        .into_iter()
        .filter(|line| line != "ok")
        .map(|line| format!("database: {line}"))
        .collect();
    let chains = super::competitions::verify_all(pool).await?;
    // Each cross-check is one statement, so each sees one moment of the data.
    let mut tx = pool.begin().await?;
    let counted = [
        (repo::board_mismatches(&mut tx).await?, "leaderboard rows disagree with the points ledger"),
        (repo::rank_count_mismatches(&mut tx).await?, "rank counts disagree with the leaderboard rows"),
        (repo::payout_state_problems(&mut tx).await?, "payout lines have a missing or same-person signature or audit line"),
        (repo::stage_mismatches(&mut tx).await?, "projects are not at the stage of their last transition"),
    ];
    problems.extend(counted.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")));
    problems.extend(rewards::split_problems(&repo::project_lines(&mut tx).await?));
    Ok(Report { chains, problems })
}
