//! `antrean-server verify-draw FILE`: checks a published draw (the JSON of
//! `GET /api/v1/draws/{mpp}/{counter}/{service}/{release_date}/result`, saved to a file, or `-`
//! for standard input) without any server or database: the seed against the commitment, then the
//! allocation recomputed from the seed, the entries' fingerprints and preferences and the capacity
//! snapshot, with the same code the server drew with (`antrean_core::draw`).

use std::io::Read;
use std::path::PathBuf;

use antrean_core::draw::{verify, Difference, PublishedDraw};
use clap::Parser;

/// Recomputes a published draw and confirms it, or reports the first difference.
#[derive(Debug, Parser)]
#[command(name = "antrean-server verify-draw")]
pub struct VerifyDraw {
    /// The published draw as JSON (`-` for standard input).
    pub file: PathBuf,
}

/// Why a draw was not confirmed.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot read {file}: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("{file} is not a published draw: {source}")]
    Json { file: String, source: serde_json::Error },
    #[error("the draw {draw} does not verify: {difference}")]
    Differs { draw: String, difference: Difference },
}

/// Reads and verifies; the confirmation to print.
pub fn run(command: &VerifyDraw) -> Result<String, VerifyError> {
    let file = command.file.display().to_string();
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(&command.file).map(|read| text = read)
    };
    read.map_err(|source| VerifyError::Read { file: file.clone(), source })?;
    let published: PublishedDraw =
        serde_json::from_str(&text).map_err(|source| VerifyError::Json { file: file.clone(), source })?;
    let given =
        verify(&published).map_err(|difference| VerifyError::Differs { draw: published.draw.clone(), difference })?;
    Ok(format!(
        "verified: draw {}: the seed matches the commitment {}, and the allocation of {} entries ({} places given) is the one they give",
        published.draw,
        published.commitment,
        published.entries.len(),
        given
    ))
}
