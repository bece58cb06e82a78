//! The draw's randomness: a 32-byte seed, its public commitment, and the stream of numbers it gives.
//!
//! The stream is SHA-256 in counter mode: block `i` is
//! `SHA-256("antrean draw stream\0" ‖ seed ‖ i as 8 bytes big-endian)`, read as four 64-bit
//! big-endian numbers. A number below `n` is drawn by rejection (no modulo bias): numbers at or
//! above the largest multiple of `n` that fits are skipped.

use core::fmt;
use core::str::FromStr;

use data_encoding::HEXLOWER;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// Why a hex value could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not 64 lowercase hexadecimal digits")]
pub struct NotHex32(pub String);

fn hex32(text: &str) -> Result<[u8; 32], NotHex32> {
    let bad = || NotHex32(text.chars().take(80).collect());
    if text.len() != 64 || text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(bad());
    }
    let bytes = HEXLOWER.decode(text.as_bytes()).map_err(|_| bad())?;
    <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| bad())
}

macro_rules! hex_newtype {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub [u8; 32]);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&HEXLOWER.encode(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl FromStr for $name {
            type Err = NotHex32;
            fn from_str(text: &str) -> Result<Self, NotHex32> {
                hex32(text).map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some("^[0-9a-f]{64}$"))
                    .description(Some($doc))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

hex_newtype!(DrawSeed, "The 32-byte seed of a draw, as 64 lowercase hex digits.");
hex_newtype!(
    Fingerprint,
    "An entry's fingerprint: SHA-256 of the draw's id and the entry token, as 64 lowercase hex digits (nothing personal)."
);

impl DrawSeed {
    /// SHA-256 of the seed: published when the window opens, so that the seed published after the
    /// draw can be checked against it.
    pub fn commitment(&self) -> Fingerprint {
        Fingerprint(Sha256::digest(self.0).into())
    }
}

impl Fingerprint {
    /// The fingerprint of the entry with this token in the draw `draw_id`: what the citizen can
    /// compute from their entry token, and what the server publishes.
    pub fn of_entry(draw_id: &str, entry_token: &str) -> Fingerprint {
        let mut hash = Sha256::new();
        hash.update(b"antrean draw entry\0");
        hash.update(draw_id.as_bytes());
        hash.update(b"\0");
        hash.update(entry_token.as_bytes());
        Fingerprint(hash.finalize().into())
    }
}

/// The numbers a seed gives, in order.
pub struct SeedStream {
    seed: [u8; 32],
    block: u64,
    buffer: [u8; 32],
    used: usize,
}

impl SeedStream {
    pub fn new(seed: &DrawSeed) -> SeedStream {
        SeedStream { seed: seed.0, block: 0, buffer: [0; 32], used: 32 }
    }

    /// The next 64-bit number.
    pub fn next_u64(&mut self) -> u64 {
        if self.used == 32 {
            let mut hash = Sha256::new();
            hash.update(b"antrean draw stream\0");
            hash.update(self.seed);
            hash.update(self.block.to_be_bytes());
            self.buffer = hash.finalize().into();
            self.block = self.block.wrapping_add(1);
            self.used = 0;
        }
        let mut word = [0u8; 8];
        word.copy_from_slice(&self.buffer[self.used..self.used + 8]);
        self.used += 8;
        u64::from_be_bytes(word)
    }

    /// A number in `0..n`, each equally likely (`n` ≥ 1).
    pub fn below(&mut self, n: u64) -> u64 {
        let n = n.max(1);
        let accept_below = (u64::MAX / n) * n;
        loop {
            let x = self.next_u64();
            if x < accept_below {
                return x % n;
            }
        }
    }

    /// Fisher–Yates, from the last position down: position `i` swaps with one drawn in `0..=i`.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_fixed_by_the_seed() {
        let seed = DrawSeed([7; 32]);
        let first: Vec<u64> = {
            let mut s = SeedStream::new(&seed);
            (0..10).map(|_| s.next_u64()).collect()
        };
        let again: Vec<u64> = {
            let mut s = SeedStream::new(&seed);
            (0..10).map(|_| s.next_u64()).collect()
        };
        assert_eq!(first, again);
        let other: Vec<u64> = {
            let mut s = SeedStream::new(&DrawSeed([8; 32]));
            (0..10).map(|_| s.next_u64()).collect()
        };
        assert_ne!(first, other);
        // Block 0 is SHA-256("antrean draw stream\0" ‖ seed ‖ 0u64): pinned, the README's algorithm.
        let mut block = Sha256::new();
        block.update(b"antrean draw stream\0");
        block.update([7u8; 32]);
        block.update(0u64.to_be_bytes());
        let block: [u8; 32] = block.finalize().into();
        assert_eq!(first[0].to_be_bytes(), block[..8]);
    }

    #[test]
    fn below_stays_in_range_and_shuffle_permutes() {
        let mut s = SeedStream::new(&DrawSeed([1; 32]));
        for n in [1u64, 2, 3, 7, 1000, u64::MAX] {
            for _ in 0..100 {
                assert!(s.below(n) < n);
            }
        }
        let mut items: Vec<u32> = (0..500).collect();
        s.shuffle(&mut items);
        assert_ne!(items, (0..500).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..500).collect::<Vec<_>>());
    }

    #[test]
    fn hex_values_read_back_and_refuse_the_malformed() {
        let seed = DrawSeed([0xab; 32]);
        let text = seed.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(text.parse::<DrawSeed>().unwrap(), seed);
        assert_eq!(serde_json::from_value::<DrawSeed>(serde_json::to_value(seed).unwrap()).unwrap(), seed);
        for bad in ["", "ab", &text.to_uppercase(), &format!("{text}0"), &format!("{}zz", &text[..62])] {
            assert!(bad.parse::<DrawSeed>().is_err(), "{bad}");
        }
        assert_ne!(seed.commitment().0, seed.0);
        assert_eq!(Fingerprint::of_entry("d", "t"), Fingerprint::of_entry("d", "t"));
        assert_ne!(Fingerprint::of_entry("d", "t"), Fingerprint::of_entry("d2", "t"));
    }
}
