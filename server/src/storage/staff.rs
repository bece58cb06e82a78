//! Staff accounts and their sessions. An account belongs to one counter of one MPP and keeps only
//! an argon2id hash of its password; a session keeps only the SHA-256 of its bearer token, so a
//! copy of the database signs nobody in. Accounts are made and removed by the operator's command
//! (`antrean-server staff add|remove`), which opens the database with [`Accounts`].

use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::place::{instant, parse_instant};
use super::{Engine, Storage, StorageError};

/// A staff account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    pub username: String,
    pub mpp: String,
    pub counter: String,
    pub password_hash: String,
}

/// A live session: who, where, until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSessionRecord {
    pub username: String,
    pub mpp: String,
    pub counter: String,
    pub desk: u16,
    pub expires_at: DateTime<Utc>,
}

impl Storage {
    /// The account named `username`, if there is one.
    pub async fn staff_account(&self, username: &str) -> Result<Option<StaffAccount>, StorageError> {
        let row: Option<(String, String, String, String)> =
            sqlx::query_as("SELECT username, mpp_id, counter_id, password_hash FROM staff WHERE username = $1")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(username, mpp, counter, password_hash)| StaffAccount { username, mpp, counter, password_hash }))
    }

    /// Records a session (by its token's hash) and forgets the expired ones.
    pub async fn create_staff_session(
        &self,
        token_hash: &str,
        username: &str,
        desk: u16,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM staff_session WHERE expires_at < $1").bind(instant(now)).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO staff_session (token_hash, username, desk, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(username)
        .bind(i64::from(desk))
        .bind(instant(now))
        .bind(instant(expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session of a token's hash, if it exists and has not expired at `now`.
    pub async fn staff_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StaffSessionRecord>, StorageError> {
        let row: Option<(String, String, String, i64, String)> = sqlx::query_as(
            "SELECT s.username, a.mpp_id, a.counter_id, s.desk, s.expires_at
               FROM staff_session AS s JOIN staff AS a ON a.username = s.username
              WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((username, mpp, counter, desk, expires_at)) = row else { return Ok(None) };
        let expires_at = parse_instant(&expires_at)?;
        let desk = u16::try_from(desk).map_err(|_| StorageError::BadValue(desk.to_string()))?;
        Ok((expires_at > now).then_some(StaffSessionRecord { username, mpp, counter, desk, expires_at }))
    }

    /// Ends a session (signing out); nothing happens if it does not exist.
    pub async fn end_staff_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM staff_session WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }
}

/// Why an account could not be added or removed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the username {0} is taken")]
    Taken(String),
    #[error("there is no account named {0}")]
    Unknown(String),
    #[error("{0}")]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for AccountError {
    fn from(error: sqlx::Error) -> Self {
        AccountError::Storage(StorageError::Sql(error))
    }
}

/// The staff accounts of a database, for the operator's command (no secret, no server needed).
pub struct Accounts {
    pool: AnyPool,
}

impl Accounts {
    /// Opens (creating and migrating if needed) the database at `url`.
    pub async fn open(url: &str) -> Result<Accounts, StorageError> {
        let engine = Engine::of(url)?;
        Ok(Accounts { pool: engine.open(url, 1).await? })
    }

    /// Adds an account; refused if the username is taken.
    pub async fn add(&self, account: &StaffAccount) -> Result<(), AccountError> {
        let inserted = sqlx::query(
            "INSERT INTO staff (username, mpp_id, counter_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (username) DO NOTHING",
        )
        .bind(&account.username)
        .bind(&account.mpp)
        .bind(&account.counter)
        .bind(&account.password_hash)
        .bind(instant(Utc::now()))
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(AccountError::Taken(account.username.clone()));
        }
        Ok(())
    }

    /// Removes an account and ends its sessions (the audit keeps its name).
    pub async fn remove(&self, username: &str) -> Result<(), AccountError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM staff_session WHERE username = $1").bind(username).execute(&mut *tx).await?;
        let removed = sqlx::query("DELETE FROM staff WHERE username = $1").bind(username).execute(&mut *tx).await?;
        if removed.rows_affected() == 0 {
            return Err(AccountError::Unknown(username.to_owned()));
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
