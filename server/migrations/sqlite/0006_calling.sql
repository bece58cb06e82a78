-- Calling the queue (issue 17): where each number stands, the staff who call them, and a version
-- per MPP and day that every queue change bumps in its own transaction, so the hall display and
-- the phones know when their view is stale.
--
-- A number keeps the counter that gave it (`counter_id`, part of its key: numbers never repeat) and
-- waits at `at_counter`, which is another counter of the MPP once staff send it over
-- (`transferred_from` names the counter it came from).
ALTER TABLE queue_ticket ADD COLUMN state TEXT NOT NULL DEFAULT 'waiting'
    CHECK (state IN ('waiting', 'called', 'served', 'absent'));
ALTER TABLE queue_ticket ADD COLUMN at_counter TEXT;          -- NULL only in rows older than this migration
ALTER TABLE queue_ticket ADD COLUMN desk INTEGER CHECK (desk >= 1);
ALTER TABLE queue_ticket ADD COLUMN called_at TEXT;
ALTER TABLE queue_ticket ADD COLUMN calls INTEGER NOT NULL DEFAULT 0 CHECK (calls >= 0);
ALTER TABLE queue_ticket ADD COLUMN priority TEXT
    CHECK (priority IN ('lansia', 'disabilitas', 'ibu_hamil', 'balita'));
ALTER TABLE queue_ticket ADD COLUMN transferred_from TEXT;
UPDATE queue_ticket SET at_counter = counter_id WHERE at_counter IS NULL;
CREATE INDEX queue_ticket_at_counter ON queue_ticket (mpp_id, local_date, at_counter, state);

CREATE TABLE queue_change (
    mpp_id     TEXT NOT NULL,
    local_date TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (mpp_id, local_date)
) STRICT;

CREATE TABLE staff (
    username      TEXT PRIMARY KEY,
    mpp_id        TEXT NOT NULL,
    counter_id    TEXT NOT NULL,
    password_hash TEXT NOT NULL,               -- argon2id, PHC string
    created_at    TEXT NOT NULL
) STRICT;

-- A signed-in member of staff: only the SHA-256 of the bearer token is kept.
CREATE TABLE staff_session (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES staff (username) ON DELETE CASCADE,
    desk       INTEGER NOT NULL CHECK (desk >= 1),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX staff_session_username ON staff_session (username);

-- Every staff action: who, where, what, which number. Never anything of the citizen.
CREATE TABLE staff_audit (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    username     TEXT NOT NULL,
    mpp_id       TEXT NOT NULL,
    counter_id   TEXT NOT NULL,
    desk         INTEGER NOT NULL,
    action       TEXT NOT NULL,
    queue_number TEXT,
    detail       TEXT
) STRICT;
