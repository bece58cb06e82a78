-- Draw mode (issue 18), as SQLite's migration 0007 (see there).
--
-- `draw` has one row per draw that has taken an entry or been drawn. Every entry, change and
-- withdrawal, and the draw, first upserts that row (`INSERT … ON CONFLICT (id) DO UPDATE … RETURNING
-- state`), which locks it until the transaction ends: an entry never slips in after the draw read
-- the entries, and two instances that reach the draw at once draw once (the second finds `drawn`).

CREATE TABLE draw (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,    -- {mpp}/{counter}/{service}/{release date}
    state      TEXT COLLATE "C" NOT NULL CHECK (state IN ('open', 'drawn')),
    drawn_at   TEXT COLLATE "C",
    places     BIGINT,                       -- places the draw gave
    published  TEXT COLLATE "C"          -- JSON: the published draw (core::draw::PublishedDraw)
);

CREATE TABLE draw_entry (
    fingerprint  TEXT COLLATE "C" PRIMARY KEY NOT NULL,  -- SHA-256 of the draw id and the entry token (public)
    draw_id      TEXT COLLATE "C" NOT NULL,
    nik_hash     TEXT COLLATE "C" NOT NULL,              -- the same HMAC of the NIK as bookings: never the NIK
    key_hash     TEXT COLLATE "C" NOT NULL,              -- SHA-256 of the Idempotency-Key the entry was made with
    full_name    TEXT COLLATE "C" NOT NULL,
    applicant    TEXT COLLATE "C" NOT NULL,              -- JSON: name, mobile, email, and only the NIK's last four digits
    answers      TEXT COLLATE "C" NOT NULL,              -- JSON: the checklist answers
    bring        TEXT COLLATE "C" NOT NULL,              -- JSON: what to bring, for the booking the draw may give
    preference   TEXT COLLATE "C" NOT NULL,              -- JSON: core::draw::Preference
    booking_code TEXT COLLATE "C",                       -- the booking the draw gave
    created_at   TEXT COLLATE "C" NOT NULL,
    updated_at   TEXT COLLATE "C" NOT NULL
);

-- One entry per NIK per draw (a draw is one service at one counter for one release).
CREATE UNIQUE INDEX draw_entry_one_per_nik ON draw_entry (draw_id, nik_hash);
