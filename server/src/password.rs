//! Staff passwords: argon2id with the `argon2` crate's default parameters (19 MiB, 2 passes, 1
//! lane), stored as PHC strings. Checking is blocking work (tens of milliseconds), so the server
//! runs it off the async threads. An unknown username is checked against a dummy hash, so that a
//! wrong name takes as long as a wrong password and the answer's timing tells nothing.

use std::sync::LazyLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The shortest password an account may have.
pub const MIN_LENGTH: usize = 10;

/// A hash of a password nobody has, made once with the same parameters as the real ones.
static DUMMY: LazyLock<String> = LazyLock::new(|| hash("antrean: no such account").unwrap_or_default());

/// The argon2id PHC string of `password`, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches the stored hash; with no hash (an unknown user), checks it against
/// the dummy hash and answers `false`, in the same time.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let (phc, real) = match stored {
        Some(stored) => (stored, true),
        None => (DUMMY.as_str(), false),
    };
    let matches = PasswordHash::new(phc)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false);
    matches && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&stored)));
        assert!(!verify("correct horse batterY", Some(&stored)));
        assert!(!verify("antrean: no such account", None), "the dummy never signs anyone in");
        assert!(!verify("anything", Some("not a hash")));
    }
}
