-- Bookings, holds and idempotency records.
--
-- Capacity is enforced by conditional updates of usage rows (`UPDATE … SET taken = taken + 1
-- WHERE … AND taken + <held> < <capacity>`): every change to a slot's or a day's capacity goes
-- through one row, so concurrent bookings serialise on it whatever the database's isolation level.
-- Times are RFC 3339 UTC strings with seconds ("2026-12-02T01:00:00Z"): they sort as instants.

CREATE TABLE booking (
    code         TEXT PRIMARY KEY NOT NULL,
    token_hash   TEXT NOT NULL,                -- SHA-256 of the manage token; the token is never stored
    mpp_id       TEXT NOT NULL REFERENCES mpp (id),
    counter_id   TEXT NOT NULL,
    service_id   TEXT NOT NULL,
    slot_start   TEXT NOT NULL,
    local_date   TEXT NOT NULL,                -- the slot's date in the MPP's zone
    nik_hash     TEXT NOT NULL,                -- SHA-256 of the NIK, for the one-booking-per-day rule
    applicant    TEXT NOT NULL,                -- JSON: full name, NIK, mobile, email
    answers      TEXT NOT NULL,                -- JSON: the checklist answers
    document     TEXT NOT NULL,                -- JSON: the booking as the API returns it (without token)
    status       TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- One active booking per NIK per service per day, across all MPPs (against calo).
CREATE UNIQUE INDEX booking_one_per_nik_service_day ON booking (nik_hash, service_id, local_date) WHERE status = 'active';
CREATE INDEX booking_by_slot ON booking (mpp_id, counter_id, slot_start) WHERE status = 'active';

CREATE TABLE slot_usage (
    mpp_id     TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    slot_start TEXT NOT NULL,
    taken      INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (mpp_id, counter_id, slot_start)
) STRICT;

CREATE TABLE day_usage (
    mpp_id     TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    local_date TEXT NOT NULL,
    taken      INTEGER NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (mpp_id, counter_id, service_id, local_date)
) STRICT;

-- A held place counts against capacity until it expires or is used; no job is needed to free it.
CREATE TABLE hold (
    id         TEXT PRIMARY KEY NOT NULL,
    mpp_id     TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    slot_start TEXT NOT NULL,
    local_date TEXT NOT NULL,
    client     TEXT NOT NULL,                  -- the client's address, hashed: one hold per client per service
    expires_at TEXT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
) STRICT;

CREATE INDEX hold_by_slot ON hold (mpp_id, counter_id, slot_start, expires_at);
CREATE INDEX hold_by_client ON hold (client, service_id, expires_at);

CREATE TABLE idempotency (
    key_hash     TEXT PRIMARY KEY NOT NULL,    -- SHA-256 of the Idempotency-Key
    request_hash TEXT NOT NULL,                -- SHA-256 of the request body as parsed
    booking_code TEXT NOT NULL REFERENCES booking (code),
    response     TEXT NOT NULL,                -- JSON: the original 201 body, without the token
    created_at   TEXT NOT NULL
) STRICT;

-- Server-wide settings, e.g. the secret that derives manage tokens.
CREATE TABLE setting (
    name  TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
