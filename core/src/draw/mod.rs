//! The draw that releases a scarce quota fairly, instead of a click race: pure, deterministic and
//! free of I/O, so that the server draws with it, `antrean-server verify-draw` checks a published
//! draw with it, and the app could too.
//!
//! 1. [`stream`]: the seed, its commitment (SHA-256, published when the window opens) and the
//!    random stream it gives (SHA-256 in counter mode), with an unbiased Fisher–Yates shuffle.
//! 2. [`allocate`]: the entries (a fingerprint and a preference each, nothing personal), the
//!    places (a capacity snapshot) and the greedy allocation in the shuffled order.
//! 3. [`published`]: what is published after the draw, and its verification.
//! 4. [`window`]: when a counter in draw mode takes entries, and which days each window releases.
//! 5. [`api`]: the JSON of the draw endpoints.

pub mod allocate;
pub mod api;
pub mod published;
pub mod stream;
pub mod window;

pub use allocate::{allocate, Capacity, DayCapacity, DayPart, Entry, Outcome, Preference, SlotCapacity};
pub use published::{verify, Difference, PublishedDraw};
pub use stream::{DrawSeed, Fingerprint, SeedStream};
pub use window::DrawWindow;

/// Most days a citizen may name, in order of preference.
pub const MAX_PREFERRED_DAYS: usize = 3;
