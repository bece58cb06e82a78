//! `antrean-server staff add|remove`: the operator's command for staff accounts. `add` reads the
//! password from stdin (one line) or `--password-file`, refuses one shorter than
//! [`password::MIN_LENGTH`], an MPP or counter the data does not have, and a username that is
//! taken; it stores an argon2id hash only. `remove` deletes the account and ends its sessions.

use std::io::BufRead;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::password;
use crate::storage::staff::{AccountError, Accounts};
use crate::storage::{StaffAccount, StorageError};

/// Staff accounts: each belongs to one counter of one MPP and signs in at one of its desks.
#[derive(Debug, Parser)]
#[command(name = "antrean-server staff")]
pub struct StaffCommand {
    #[command(subcommand)]
    pub action: StaffAction,
}

#[derive(Debug, Subcommand)]
pub enum StaffAction {
    /// Adds an account; the password comes from stdin (one line) or --password-file.
    Add {
        /// The database, as the server's --database (e.g. `sqlite://var/antrean.sqlite3`).
        #[arg(long, env = "ANTREAN_DATABASE_URL")]
        database: String,
        /// The seed data, to check the MPP and the counter.
        #[arg(long, env = "ANTREAN_DATA", default_value = "./data")]
        data: PathBuf,
        /// The MPP's id, e.g. `mpp-pekanbaru`.
        #[arg(long)]
        mpp: String,
        /// The counter's id in that MPP, e.g. `dukcapil`.
        #[arg(long)]
        counter: String,
        /// The name to sign in with (1 to 64 letters, digits, `.`, `_` or `-`).
        #[arg(long)]
        username: String,
        /// A file whose first line is the password (instead of stdin).
        #[arg(long)]
        password_file: Option<PathBuf>,
    },
    /// Removes an account and signs it out everywhere.
    Remove {
        #[arg(long, env = "ANTREAN_DATABASE_URL")]
        database: String,
        #[arg(long)]
        username: String,
    },
}

/// Why the command failed; each says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("the seed data in {0} is invalid (start the server to see why)")]
    Data(String),
    #[error("there is no MPP {0} in the data")]
    UnknownMpp(String),
    #[error("{mpp} has no counter {counter}")]
    UnknownCounter { mpp: String, counter: String },
    #[error("a username is 1 to 64 letters, digits, '.', '_' or '-'")]
    Username,
    #[error("the password must have at least {} characters", password::MIN_LENGTH)]
    ShortPassword,
    #[error("cannot read the password: {0}")]
    Read(#[from] std::io::Error),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("{0}")]
    Account(#[from] AccountError),
    #[error("{0}")]
    Storage(#[from] StorageError),
}

fn valid_username(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The first line of `reader`, without its line ending.
fn first_line(reader: impl BufRead) -> Result<String, CommandError> {
    let line = reader.lines().next().transpose()?.unwrap_or_default();
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Runs the command; what to print on success.
pub async fn run(command: StaffCommand) -> Result<String, CommandError> {
    match command.action {
        StaffAction::Add { database, data, mpp, counter, username, password_file } => {
            let seed = antrean_core::data::load(&data).map_err(|_| CommandError::Data(data.display().to_string()))?;
            let found = seed.mpps.iter().find(|m| m.id.as_str() == mpp).ok_or(CommandError::UnknownMpp(mpp.clone()))?;
            if found.counter(&counter).is_none() {
                return Err(CommandError::UnknownCounter { mpp, counter });
            }
            if !valid_username(&username) {
                return Err(CommandError::Username);
            }
            let secret = match password_file {
                Some(path) => first_line(std::io::BufReader::new(std::fs::File::open(path)?))?,
                None => first_line(std::io::stdin().lock())?,
            };
            if secret.chars().count() < password::MIN_LENGTH {
                return Err(CommandError::ShortPassword);
            }
            let password_hash = password::hash(&secret).map_err(|error| CommandError::Hash(error.to_string()))?;
            let accounts = Accounts::open(&database).await?;
            let added = accounts.add(&StaffAccount { username: username.clone(), mpp, counter, password_hash }).await;
            accounts.close().await;
            added?;
            Ok(format!("added {username}"))
        }
        StaffAction::Remove { database, username } => {
            let accounts = Accounts::open(&database).await?;
            let removed = accounts.remove(&username).await;
            accounts.close().await;
            removed?;
            Ok(format!("removed {username}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_plain_and_passwords_one_line() {
        assert!(valid_username("siti.d-01_x"));
        assert!(!valid_username("") && !valid_username("a b") && !valid_username(&"a".repeat(65)));
        assert_eq!(first_line("secret pass\r\nnext\n".as_bytes()).unwrap(), "secret pass");
        assert_eq!(first_line("".as_bytes()).unwrap(), "");
    }
}
