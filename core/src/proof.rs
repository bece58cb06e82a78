//! The proof of a booking that a counter can trust without a network: the booking's code, MPP,
//! counter, service and slot, signed by the server with Ed25519, as short text for a QR code
//! (`AQ1.` and base32). The counter's screen keeps the deploy's public key (`GET
//! /api/v1/proof-key`) and [`check`]s a scanned proof offline: valid, not for this counter, not
//! today, signature wrong, or not a proof at all.
//!
//! The text is uppercase letters, digits and one dot: a QR code holds it in alphanumeric mode (a
//! smaller code than for base64), and a USB scanner that types it as a keyboard cannot mistype
//! it on another keyboard layout (no `-`, `_` or `/`); it reads in either case, as a scanner
//! typing with Caps Lock on gives it.
//!
//! The layout (version 1, after the `AQ1.` prefix, base32 (RFC 4648) without padding):
//! key id (8 bytes) · slot start (Unix seconds, i64 big-endian) · code · MPP · counter · service
//! (each one length byte and UTF-8) · signature (64 bytes) over the context
//! `antrean proof v1\0` and every byte before the signature.

use core::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::booking_code::BookingCode;
use crate::directory::MppId;
use crate::ids::{CounterId, ServiceId};
use crate::zone::Zone;

/// What every proof's text starts with: `A`ntrean, `Q`R, version `1`.
pub const PREFIX: &str = "AQ1.";
/// Signed before the payload, so that a signature over a proof means nothing anywhere else.
const CONTEXT: &[u8] = b"antrean proof v1\0";
const KEY_ID_LEN: usize = 8;
const SIGNATURE_LEN: usize = 64;

/// A short name of a public key (the first 8 bytes of its SHA-256), carried in every proof so
/// that a counter holding several keys (after a change of the server's secret) picks the right one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyId([u8; KEY_ID_LEN]);

impl KeyId {
    pub fn of(key: &VerifyingKey) -> KeyId {
        let digest = Sha256::digest(key.as_bytes());
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&digest[..KEY_ID_LEN]);
        KeyId(id)
    }
}

/// In base64url (11 characters), as `GET /api/v1/proof-key` names it.
impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&data_encoding::BASE64URL_NOPAD.encode(&self.0))
    }
}

/// A public key that verifies proofs, with its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofKey {
    id: KeyId,
    key: VerifyingKey,
}

impl ProofKey {
    /// The key from its 32 bytes in base64url, as `GET /api/v1/proof-key` publishes it.
    pub fn from_base64url(text: &str) -> Result<ProofKey, ProofError> {
        let bytes = data_encoding::BASE64URL_NOPAD.decode(text.trim().as_bytes()).map_err(|_| Malformed::Key)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| Malformed::Key)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| Malformed::Key)?;
        Ok(ProofKey { id: KeyId::of(&key), key })
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The 32 bytes of the key in base64url.
    pub fn to_base64url(&self) -> String {
        data_encoding::BASE64URL_NOPAD.encode(self.key.as_bytes())
    }
}

/// `GET /api/v1/proof-key`: the deploy's public key, which a counter's screen keeps to check
/// proofs offline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublishedKey {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The key's id (11 characters of base64url), which every proof it signed carries.
    pub key_id: String,
    /// The 32 bytes of the Ed25519 public key, in base64url without padding.
    pub public_key: String,
}

impl PublishedKey {
    pub fn of(key: &ProofKey) -> PublishedKey {
        PublishedKey { algorithm: "Ed25519".into(), key_id: key.id.to_string(), public_key: key.to_base64url() }
    }

    /// The key, if the document is whole (an Ed25519 key whose id is the one given).
    pub fn key(&self) -> Result<ProofKey, ProofError> {
        let key = ProofKey::from_base64url(&self.public_key)?;
        if self.algorithm != "Ed25519" || key.id.to_string() != self.key_id {
            return Err(Malformed::Key.into());
        }
        Ok(key)
    }
}

/// The private half, on the server only: signs proofs.
pub struct ProofSigner {
    key: SigningKey,
    public: ProofKey,
}

impl fmt::Debug for ProofSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProofSigner({})", self.public.id)
    }
}

impl ProofSigner {
    /// The signing key of a 32-byte seed (the server derives it from its secret).
    pub fn from_seed(seed: &[u8; 32]) -> ProofSigner {
        let key = SigningKey::from_bytes(seed);
        let verifying = key.verifying_key();
        ProofSigner { public: ProofKey { id: KeyId::of(&verifying), key: verifying }, key }
    }

    pub fn public(&self) -> &ProofKey {
        &self.public
    }

    /// The signed proof of `claims`.
    pub fn sign(&self, claims: &Claims) -> Proof {
        let mut bytes = claims.unsigned_bytes(self.public.id);
        let signature = self.key.sign(&signed_message(&bytes)).to_bytes();
        bytes.extend_from_slice(&signature);
        Proof { claims: claims.clone(), key_id: self.public.id, signature, text: encode(&bytes) }
    }
}

/// What a proof says: which booking, where, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    pub code: BookingCode,
    pub mpp: MppId,
    pub counter: CounterId,
    pub service: ServiceId,
    pub slot_start: DateTime<Utc>,
}

impl Claims {
    fn unsigned_bytes(&self, key_id: KeyId) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(96);
        bytes.extend_from_slice(&key_id.0);
        bytes.extend_from_slice(&self.slot_start.timestamp().to_be_bytes());
        for text in [self.code.as_str(), self.mpp.as_str(), self.counter.as_str(), self.service.as_str()] {
            // Every field is a short slug or code (ids are at most 64 bytes): one length byte suffices.
            bytes.push(u8::try_from(text.len()).unwrap_or(u8::MAX));
            bytes.extend_from_slice(&text.as_bytes()[..text.len().min(usize::from(u8::MAX))]);
        }
        bytes
    }
}

fn signed_message(unsigned: &[u8]) -> Vec<u8> {
    [CONTEXT, unsigned].concat()
}

fn encode(bytes: &[u8]) -> String {
    let mut text = String::from(PREFIX);
    text.push_str(&data_encoding::BASE32_NOPAD.encode(bytes));
    text
}

/// A proof as read from its text: its claims and signature, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proof {
    pub claims: Claims,
    pub key_id: KeyId,
    signature: [u8; SIGNATURE_LEN],
    text: String,
}

/// Why a text is not a proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("it does not start with {PREFIX}")]
    Prefix,
    #[error("it is not base32")]
    Encoding,
    #[error("it is cut short or has bytes left over")]
    Length,
    #[error("one of its fields is not a valid code or id")]
    Field,
    #[error("the public key is not 32 bytes of a valid Ed25519 key in base64url")]
    Key,
}

/// What a counter learns from checking a proof, besides "valid".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("not a booking proof: {0}")]
    Malformed(#[from] Malformed),
    /// Changed after signing, forged, or signed with a key this counter does not hold.
    #[error("the signature is wrong: the proof was changed or not made by this deploy")]
    SignatureWrong,
    #[error("the booking is for {mpp}, counter {counter}")]
    NotForThisCounter { mpp: MppId, counter: CounterId },
    #[error("the booking is for {date}")]
    NotToday { date: NaiveDate },
}

/// Reads a length-prefixed field.
fn field<'a>(bytes: &mut &'a [u8]) -> Result<&'a str, Malformed> {
    let (&len, rest) = bytes.split_first().ok_or(Malformed::Length)?;
    let (text, rest) = rest.split_at_checked(usize::from(len)).ok_or(Malformed::Length)?;
    *bytes = rest;
    core::str::from_utf8(text).map_err(|_| Malformed::Field)
}

impl Proof {
    /// Reads a proof's text, in either case (surrounding whitespace, as a scanner may type it, is
    /// ignored). Checks the form only: [`Proof::verify`] checks the signature.
    pub fn parse(text: &str) -> Result<Proof, Malformed> {
        let text = text.trim().to_ascii_uppercase();
        let encoded = text.strip_prefix(PREFIX).ok_or(Malformed::Prefix)?;
        let bytes = data_encoding::BASE32_NOPAD.decode(encoded.as_bytes()).map_err(|_| Malformed::Encoding)?;
        let (unsigned, signature) = bytes
            .split_at_checked(bytes.len().checked_sub(SIGNATURE_LEN).ok_or(Malformed::Length)?)
            .ok_or(Malformed::Length)?;
        let signature: [u8; SIGNATURE_LEN] = signature.try_into().map_err(|_| Malformed::Length)?;
        let (key_id, mut rest) = unsigned.split_at_checked(KEY_ID_LEN).ok_or(Malformed::Length)?;
        let (seconds, after) = rest.split_at_checked(8).ok_or(Malformed::Length)?;
        rest = after;
        let seconds = i64::from_be_bytes(seconds.try_into().map_err(|_| Malformed::Length)?);
        let slot_start = DateTime::from_timestamp(seconds, 0).ok_or(Malformed::Field)?;
        let code = BookingCode::parse(field(&mut rest)?).map_err(|_| Malformed::Field)?;
        let mpp = MppId::new(field(&mut rest)?).map_err(|_| Malformed::Field)?;
        let counter = CounterId::new(field(&mut rest)?).map_err(|_| Malformed::Field)?;
        let service = ServiceId::new(field(&mut rest)?).map_err(|_| Malformed::Field)?;
        if !rest.is_empty() {
            return Err(Malformed::Length);
        }
        let key_id = KeyId(key_id.try_into().map_err(|_| Malformed::Length)?);
        let claims = Claims { code, mpp, counter, service, slot_start };
        // Kept as given only if it is the canonical form (a code typed in lowercase reads the same).
        if claims.unsigned_bytes(key_id) != unsigned {
            return Err(Malformed::Field);
        }
        Ok(Proof { claims, key_id, signature, text })
    }

    /// Whether one of `keys` signed exactly these claims.
    pub fn verify(&self, keys: &[ProofKey]) -> Result<(), ProofError> {
        let key = keys.iter().find(|k| k.id == self.key_id).ok_or(ProofError::SignatureWrong)?;
        let message = signed_message(&self.claims.unsigned_bytes(self.key_id));
        key.key.verify_strict(&message, &Signature::from_bytes(&self.signature)).map_err(|_| ProofError::SignatureWrong)
    }
}

/// The text for the QR code: `AQ1.` and base32.
impl fmt::Display for Proof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Where and when a counter checks a proof: its MPP and counter, and its local day.
#[derive(Clone, Copy, Debug)]
pub struct Here<'a> {
    pub mpp: &'a MppId,
    pub counter: &'a CounterId,
    pub today: NaiveDate,
    pub zone: Zone,
}

/// Checks a scanned proof offline, in the order a counter needs the answers: is it a proof, is it
/// genuine, is it for this counter, is it for today. The claims of a valid one.
pub fn check(text: &str, keys: &[ProofKey], here: &Here<'_>) -> Result<Claims, ProofError> {
    let proof = Proof::parse(text)?;
    proof.verify(keys)?;
    let claims = proof.claims;
    if &claims.mpp != here.mpp || &claims.counter != here.counter {
        return Err(ProofError::NotForThisCounter { mpp: claims.mpp, counter: claims.counter });
    }
    let date = crate::calendar::to_local(claims.slot_start, here.zone).date();
    if date != here.today {
        return Err(ProofError::NotToday { date });
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(seed: u8) -> ProofSigner {
        ProofSigner::from_seed(&[seed; 32])
    }

    fn claims() -> Claims {
        Claims {
            code: BookingCode::from_random(0x1234_5678_9abc_def0),
            mpp: MppId::new("mpp-pekanbaru").unwrap(),
            counter: CounterId::new("dukcapil").unwrap(),
            service: ServiceId::new("ktp-baru").unwrap(),
            // 09:00 WIB on 2 December 2026.
            slot_start: "2026-12-02T02:00:00Z".parse().unwrap(),
        }
    }

    fn here<'a>(mpp: &'a MppId, counter: &'a CounterId, today: &str) -> Here<'a> {
        Here { mpp, counter, today: today.parse().unwrap(), zone: Zone::Jakarta }
    }

    #[test]
    fn a_signed_proof_round_trips_through_its_text_and_is_valid_at_its_counter_on_its_day() {
        let signer = signer(7);
        let claims = claims();
        let text = signer.sign(&claims).to_string();
        assert!(text.starts_with("AQ1.") && text.len() <= 200, "{text} fits a small QR code");
        assert!(text[4..].bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()), "{text}");
        let parsed = Proof::parse(&format!("  {text}\r\n")).unwrap();
        assert_eq!(parsed.claims, claims);
        assert_eq!(parsed.key_id, signer.public().id());
        assert_eq!(parsed.to_string(), text);
        let keys = [signer.public().clone()];
        assert_eq!(check(&text, &keys, &here(&claims.mpp, &claims.counter, "2026-12-02")), Ok(claims.clone()));
        // Typed by a scanner with Caps Lock on, it reads the same.
        assert_eq!(Proof::parse(&text.to_lowercase()), Ok(parsed));
        // The same claims give the same text (Ed25519 is deterministic): every read shows one QR.
        assert_eq!(signer.sign(&claims).to_string(), text);
    }

    #[test]
    fn a_published_key_reads_back_with_its_id() {
        let public = signer(9).public().clone();
        let read = ProofKey::from_base64url(&public.to_base64url()).unwrap();
        assert_eq!(read, public);
        assert_eq!(read.id().to_string().len(), 11);
        assert_eq!(ProofKey::from_base64url("c2hvcnQ"), Err(ProofError::Malformed(Malformed::Key)));
        let published = PublishedKey::of(&public);
        assert_eq!(published.key(), Ok(public));
        let mut wrong = published;
        wrong.key_id = "AAAAAAAAAAA".into();
        assert!(wrong.key().is_err());
    }

    #[test]
    fn a_tampered_or_foreign_proof_has_a_wrong_signature() {
        let signer = signer(7);
        let claims = claims();
        let text = signer.sign(&claims).to_string();
        let keys = [signer.public().clone()];
        let at = here(&claims.mpp, &claims.counter, "2026-12-02");
        // Every single changed character that still reads as a proof is caught.
        let mut caught = 0;
        for i in PREFIX.len()..text.len() {
            for replacement in ['A', '7', '_'] {
                let mut changed = text.clone().into_bytes();
                if changed[i].eq_ignore_ascii_case(&(replacement as u8)) {
                    continue;
                }
                changed[i] = replacement as u8;
                let changed = String::from_utf8(changed).unwrap();
                match check(&changed, &keys, &at) {
                    Err(ProofError::SignatureWrong | ProofError::Malformed(_)) => caught += 1,
                    other => panic!("{changed} gave {other:?}"),
                }
            }
        }
        assert!(caught > 300);
        // Other claims under the original signature: a later slot.
        let mut moved = Proof::parse(&text).unwrap();
        moved.claims.slot_start += chrono::Duration::days(1);
        assert_eq!(moved.verify(&keys), Err(ProofError::SignatureWrong));
        // Signed by another deploy's key.
        let foreign = self::signer(8).sign(&claims).to_string();
        assert_eq!(check(&foreign, &keys, &at), Err(ProofError::SignatureWrong));
    }

    #[test]
    fn a_valid_proof_at_another_counter_or_on_another_day_says_so() {
        let signer = signer(7);
        let claims = claims();
        let text = signer.sign(&claims).to_string();
        let keys = [signer.public().clone()];
        let imigrasi = CounterId::new("imigrasi").unwrap();
        assert_eq!(
            check(&text, &keys, &here(&claims.mpp, &imigrasi, "2026-12-02")),
            Err(ProofError::NotForThisCounter { mpp: claims.mpp.clone(), counter: claims.counter.clone() })
        );
        let other_mpp = MppId::new("mpp-siantar").unwrap();
        assert!(matches!(
            check(&text, &keys, &here(&other_mpp, &claims.counter, "2026-12-02")),
            Err(ProofError::NotForThisCounter { .. })
        ));
        assert_eq!(
            check(&text, &keys, &here(&claims.mpp, &claims.counter, "2026-12-03")),
            Err(ProofError::NotToday { date: "2026-12-02".parse().unwrap() })
        );
        // The day is the MPP's: 23:30 WIB on the 1st is the 2nd in WIT.
        let mut late = claims.clone();
        late.slot_start = "2026-12-01T16:30:00Z".parse().unwrap();
        let late = signer.sign(&late).to_string();
        let mut papua = here(&claims.mpp, &claims.counter, "2026-12-02");
        papua.zone = Zone::Jayapura;
        assert!(check(&late, &keys, &papua).is_ok());
    }

    #[test]
    fn what_is_not_a_proof_is_malformed() {
        let keys = [signer(7).public().clone()];
        let claims = claims();
        let at = here(&claims.mpp, &claims.counter, "2026-12-02");
        let valid = signer(7).sign(&claims).to_string();
        let bytes = data_encoding::BASE32_NOPAD.decode(&valid.as_bytes()[4..]).unwrap();
        let (short, long) = (encode(&bytes[..bytes.len() - 1]), encode(&[&bytes[..], &[0, 0, 0]].concat()));
        for (text, why) in [
            ("", Malformed::Prefix),
            ("K7MQ-2XRA-P", Malformed::Prefix),
            ("AQ2.AAAA", Malformed::Prefix),
            ("AQ1.", Malformed::Length),
            ("AQ1.not base32!", Malformed::Encoding),
            ("AQ1.AAAAAAA0", Malformed::Encoding),
            ("AQ1.AAAA", Malformed::Length),
            (&short, Malformed::Length),
            (&long, Malformed::Length),
        ] {
            assert_eq!(check(text, &keys, &at), Err(ProofError::Malformed(why)), "{text:?}");
        }
        // A well-formed payload whose code fails its check character.
        let mut bytes = bytes;
        let code_at = KEY_ID_LEN + 8 + 1;
        bytes[code_at] = if bytes[code_at] == b'2' { b'3' } else { b'2' };
        assert_eq!(Proof::parse(&encode(&bytes)), Err(Malformed::Field));
    }
}
