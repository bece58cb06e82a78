-- Antrean's schema on PostgreSQL: the same tables, columns and rules as SQLite's migrations
-- 0001 to 0004 (see migrations/sqlite for the story of each), so that one set of queries runs on
-- both. Integers are BIGINT, times RFC 3339 UTC text with seconds ("2026-12-02T01:00:00Z"),
-- documents JSON text, as on SQLite; text compares byte by byte (COLLATE "C"), as on SQLite.
--
-- Capacity is enforced by conditional updates of the usage rows, which writers lock first: every
-- change to a slot's or a day's capacity, from any server instance, serialises on one row.

CREATE TABLE mpp (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    province_code TEXT COLLATE "C" NOT NULL,
    regency_code  TEXT COLLATE "C" NOT NULL,
    document      TEXT COLLATE "C" NOT NULL,
    listed        BIGINT NOT NULL DEFAULT 1 CHECK (listed IN (0, 1)),
    synced_at     TEXT COLLATE "C" NOT NULL
);

CREATE INDEX mpp_listed_order ON mpp (listed, province_code, name);

CREATE TABLE booking (
    code         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    token_hash   TEXT COLLATE "C" NOT NULL,                -- SHA-256 of the manage token; the token is never stored
    mpp_id       TEXT COLLATE "C" NOT NULL REFERENCES mpp (id),
    counter_id   TEXT COLLATE "C" NOT NULL,
    service_id   TEXT COLLATE "C" NOT NULL,
    slot_start   TEXT COLLATE "C" NOT NULL,
    local_date   TEXT COLLATE "C" NOT NULL,                -- the slot's date in the MPP's zone
    nik_hash     TEXT COLLATE "C" NOT NULL,                -- HMAC-SHA-256 of the NIK under the server's secret
    applicant    TEXT COLLATE "C" NOT NULL,                -- JSON: full name, NIK, mobile, email
    answers      TEXT COLLATE "C" NOT NULL,                -- JSON: the checklist answers
    document     TEXT COLLATE "C" NOT NULL,                -- JSON: the booking as the API returns it (without token)
    status       TEXT COLLATE "C" NOT NULL CHECK (status IN ('active', 'cancelled')),
    created_at   TEXT COLLATE "C" NOT NULL,
    updated_at   TEXT COLLATE "C" NOT NULL
);

-- One active booking per NIK per service per day, across all MPPs (against calo).
CREATE UNIQUE INDEX booking_one_per_nik_service_day ON booking (nik_hash, service_id, local_date) WHERE status = 'active';
CREATE INDEX booking_by_slot ON booking (mpp_id, counter_id, slot_start) WHERE status = 'active';

CREATE TABLE slot_usage (
    mpp_id     TEXT COLLATE "C" NOT NULL,
    counter_id TEXT COLLATE "C" NOT NULL,
    slot_start TEXT COLLATE "C" NOT NULL,
    taken      BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (mpp_id, counter_id, slot_start)
);

CREATE TABLE day_usage (
    mpp_id     TEXT COLLATE "C" NOT NULL,
    counter_id TEXT COLLATE "C" NOT NULL,
    service_id TEXT COLLATE "C" NOT NULL,
    local_date TEXT COLLATE "C" NOT NULL,
    taken      BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (mpp_id, counter_id, service_id, local_date)
);

-- A held place counts against capacity until it expires or is used; no job is needed to free it.
CREATE TABLE hold (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    mpp_id     TEXT COLLATE "C" NOT NULL,
    counter_id TEXT COLLATE "C" NOT NULL,
    service_id TEXT COLLATE "C" NOT NULL,
    slot_start TEXT COLLATE "C" NOT NULL,
    local_date TEXT COLLATE "C" NOT NULL,
    client     TEXT COLLATE "C" NOT NULL,                  -- the client's address, hashed: one hold per client per service
    expires_at TEXT COLLATE "C" NOT NULL,
    used       BIGINT NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    superseded BIGINT NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1))
);

CREATE INDEX hold_by_slot ON hold (mpp_id, counter_id, slot_start, expires_at);
CREATE INDEX hold_by_client ON hold (client, service_id, expires_at);
CREATE UNIQUE INDEX hold_one_live_per_client ON hold (client, service_id) WHERE used = 0 AND superseded = 0;

CREATE TABLE idempotency (
    key_hash     TEXT COLLATE "C" PRIMARY KEY NOT NULL,    -- SHA-256 of the Idempotency-Key
    request_hash TEXT COLLATE "C" NOT NULL,                -- SHA-256 of the request body as parsed
    booking_code TEXT COLLATE "C" NOT NULL REFERENCES booking (code),
    response     TEXT COLLATE "C" NOT NULL,                -- JSON: the original 201 body, without the token
    created_at   TEXT COLLATE "C" NOT NULL
);

-- Server-wide settings: the manage-token secret (when not configured) or its fingerprint.
CREATE TABLE setting (
    name  TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    value TEXT COLLATE "C" NOT NULL
);
