//! The server's secret, which keys the NIK hashes and derives the manage tokens: every instance on
//! one database must use the same one, or a token given by one instance is refused by the next.
//!
//! Where it comes from, in order:
//! 1. configured (`--secret-file`, or the `ANTREAN_SECRET` environment variable): 32 bytes in
//!    base64. The database keeps only its fingerprint, so an instance started with another secret,
//!    or with none, refuses to start instead of handing out tokens nobody else accepts;
//! 2. otherwise, the one kept in the database's `setting` table, created once per database (an
//!    insert that only the first instance wins; every instance then reads the same value).
//!
//! The deploy's proof-signing key (Ed25519, see `antrean_core::proof`) is derived from the secret:
//! its seed is HMAC-SHA-256(secret, `antrean proof signing key v1\0`). Every instance on one
//! database therefore signs with the same key, with nothing more to configure; the purpose label
//! keeps it apart from the NIK hashes and manage tokens keyed by the same secret. Changing the
//! secret changes the key (its id too): counters fetch the new one from `GET /api/v1/proof-key`.
//!
//! A secret is never logged: its `Debug` says `Secret(…)`.

use base64::Engine as _;
use sqlx::AnyPool;

use super::StorageError;
use crate::crypto::{hmac, hmac_base64url, random_bytes, CryptoError};

/// 32 secret bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret([u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Why a configured secret cannot be used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("the secret must be 32 bytes in base64 (e.g. `head -c 32 /dev/urandom | base64`)")]
    Format,
    #[error("cannot read the secret file {path}: {reason}")]
    File { path: String, reason: String },
}

impl std::str::FromStr for Secret {
    type Err = SecretError;

    /// Base64 (standard or URL-safe, padded or not) of exactly 32 bytes; surrounding whitespace is ignored.
    fn from_str(text: &str) -> Result<Secret, SecretError> {
        let text = text.trim();
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        let bytes = engines.iter().find_map(|engine| engine.decode(text).ok()).ok_or(SecretError::Format)?;
        bytes.try_into().map(Secret).map_err(|_| SecretError::Format)
    }
}

impl Secret {
    /// Reads a secret from a file (its only content).
    pub fn read_file(path: &std::path::Path) -> Result<Secret, SecretError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| SecretError::File { path: path.display().to_string(), reason: error.to_string() })?;
        text.parse()
    }

    pub(super) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The deploy's proof-signing key, derived from the secret (see the module's documentation).
    pub(super) fn proof_signer(&self) -> Result<antrean_core::proof::ProofSigner, CryptoError> {
        let seed = hmac(&self.0, &[b"antrean proof signing key v1\0"])?;
        Ok(antrean_core::proof::ProofSigner::from_seed(&seed))
    }

    /// What the database keeps of a configured secret: a keyed hash that tells secrets apart.
    fn fingerprint(&self) -> Result<String, StorageError> {
        Ok(hmac_base64url(&self.0, &[b"antrean secret fingerprint\0"])?)
    }
}

const STORED: &str = "manage_token_secret";
const FINGERPRINT: &str = "secret_fingerprint";

async fn setting(pool: &AnyPool, name: &str) -> Result<Option<String>, StorageError> {
    Ok(sqlx::query_scalar("SELECT value FROM setting WHERE name = $1").bind(name).fetch_optional(pool).await?)
}

/// Records `value` under `name` unless some instance did first; the value that won.
async fn first_wins(pool: &AnyPool, name: &str, value: &str) -> Result<String, StorageError> {
    sqlx::query("INSERT INTO setting (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(value)
        .execute(pool)
        .await?;
    setting(pool, name).await?.ok_or(StorageError::Secret)
}

/// The secret this instance uses: the configured one (checked against the database), or the
/// database's own.
pub(super) async fn resolve(pool: &AnyPool, configured: Option<&Secret>) -> Result<Secret, StorageError> {
    let stored = setting(pool, STORED).await?;
    match configured {
        Some(secret) => {
            if let Some(stored) = stored {
                return if stored.parse::<Secret>().ok().as_ref() == Some(secret) {
                    Ok(secret.clone())
                } else {
                    Err(StorageError::SecretMismatch)
                };
            }
            let fingerprint = secret.fingerprint()?;
            if first_wins(pool, FINGERPRINT, &fingerprint).await? == fingerprint {
                Ok(secret.clone())
            } else {
                Err(StorageError::SecretMismatch)
            }
        }
        None => {
            if stored.is_none() && setting(pool, FINGERPRINT).await?.is_some() {
                return Err(StorageError::SecretRequired);
            }
            let fresh = base64::engine::general_purpose::STANDARD.encode(random_bytes::<32>()?);
            let value = match stored {
                Some(value) => value,
                None => first_wins(pool, STORED, &fresh).await?,
            };
            value.parse().map_err(|_| StorageError::Secret)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_32_bytes_of_base64_and_never_shown() {
        let text = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        let secret: Secret = format!("  {text}\n").parse().unwrap();
        assert_eq!(secret.bytes(), &[7u8; 32]);
        assert_eq!(format!("{secret:?}"), "Secret(…)");
        assert_eq!("c2hvcnQ=".parse::<Secret>(), Err(SecretError::Format));
        assert_eq!("not base64!".parse::<Secret>(), Err(SecretError::Format));
    }

    #[test]
    fn the_proof_key_is_the_secrets_own_and_apart_from_its_other_uses() {
        let secret = Secret([7u8; 32]);
        let key = secret.proof_signer().unwrap().public().clone();
        assert_eq!(Secret([7u8; 32]).proof_signer().unwrap().public(), &key, "every instance signs alike");
        assert_ne!(Secret([8u8; 32]).proof_signer().unwrap().public(), &key);
        // The seed is not the fingerprint's, nor a NIK hash's: the label sets it apart.
        let seed = hmac(&secret.0, &[b"antrean proof signing key v1\0"]).unwrap();
        assert_ne!(crate::crypto::base64_url(&seed), secret.fingerprint().unwrap());
    }
}
