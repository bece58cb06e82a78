-- Draw mode (issue 18): entries of a draw, and the draw itself once made.
--
-- `draw` has one row per draw that has taken an entry or been drawn. Every entry, change and
-- withdrawal, and the draw, first upserts that row (`INSERT … ON CONFLICT (id) DO UPDATE … RETURNING
-- state`), which locks it until the transaction ends: an entry never slips in after the draw read
-- the entries, and two instances that reach the draw at once draw once (the second finds `drawn`).

CREATE TABLE draw (
    id         TEXT PRIMARY KEY NOT NULL,    -- {mpp}/{counter}/{service}/{release date}
    state      TEXT NOT NULL CHECK (state IN ('open', 'drawn')),
    drawn_at   TEXT,
    places     INTEGER,                      -- places the draw gave
    published  TEXT                          -- JSON: the published draw (core::draw::PublishedDraw)
) STRICT;

CREATE TABLE draw_entry (
    fingerprint  TEXT PRIMARY KEY NOT NULL,  -- SHA-256 of the draw id and the entry token (public)
    draw_id      TEXT NOT NULL,
    nik_hash     TEXT NOT NULL,              -- the same HMAC of the NIK as bookings: never the NIK
    key_hash     TEXT NOT NULL,              -- SHA-256 of the Idempotency-Key the entry was made with
    full_name    TEXT NOT NULL,
    applicant    TEXT NOT NULL,              -- JSON: name, mobile, email, and only the NIK's last four digits
    answers      TEXT NOT NULL,              -- JSON: the checklist answers
    bring        TEXT NOT NULL,              -- JSON: what to bring, for the booking the draw may give
    preference   TEXT NOT NULL,              -- JSON: core::draw::Preference
    booking_code TEXT,                       -- the booking the draw gave
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- One entry per NIK per draw (a draw is one service at one counter for one release).
CREATE UNIQUE INDEX draw_entry_one_per_nik ON draw_entry (draw_id, nik_hash);
