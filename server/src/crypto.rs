//! Hashing, keyed hashing, encoding and randomness, in one place: SHA-256 (idempotency keys,
//! request bodies, manage tokens, ETags), HMAC-SHA-256 with the server's secret (NIK hashes and
//! manage tokens), base64url, and the operating system's random numbers (secrets, codes, hold ids).

use hmac::{Mac, SimpleHmac};
use sha2::{Digest, Sha256};

/// Why a cryptographic helper failed.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the operating system's random number generator failed: {0}")]
    Random(String),
    #[error("the secret cannot key an HMAC")]
    Key,
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| CryptoError::Random(error.to_string()))?;
    Ok(bytes)
}

/// SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// HMAC-SHA-256 of the concatenated `parts` under `secret`, in base64url. Callers start the parts
/// with a purpose label ending in `\0`, so that one secret never gives the same value for two uses.
pub fn hmac_base64url(secret: &[u8], parts: &[&[u8]]) -> Result<String, CryptoError> {
    Ok(base64_url(&hmac(secret, parts)?))
}

/// HMAC-SHA-256 of the concatenated `parts` under `secret`, as bytes (a derived key), with the
/// same purpose labels as [`hmac_base64url`].
pub fn hmac(secret: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], CryptoError> {
    let mut mac = SimpleHmac::<Sha256>::new_from_slice(secret).map_err(|_| CryptoError::Key)?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().into())
}

/// Base64url without padding (RFC 4648 §5): safe in URLs and headers.
pub fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Equality in a time that depends only on the length, for comparing token hashes.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // RFC 4231, test case 2.
        let mac = hmac_base64url(b"Jefe", &[b"what do ya want ", b"for nothing?"]).unwrap();
        assert_eq!(mac, base64_url(&hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")));
        assert!(
            constant_time_eq(b"same", b"same") && !constant_time_eq(b"same", b"sane") && !constant_time_eq(b"a", b"ab")
        );
        assert_ne!(random_bytes::<16>().unwrap(), random_bytes::<16>().unwrap());
    }

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }
}
