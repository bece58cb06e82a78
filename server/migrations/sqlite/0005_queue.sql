-- The day of the visit: queue numbers, per counter per local day, given at the kiosk to a booking
-- that checks in or to a walk-in. `queue_day` holds the last number given; taking the next one is
-- one conditional upsert of that row, which writers lock until they commit, so numbers never repeat
-- and a rolled-back check-in leaves no gap. A booking's no-show is not stored: it is computed from
-- the clock (no check-in by the end of its grace), as hold expiry is.
CREATE TABLE queue_day (
    mpp_id      TEXT NOT NULL,
    counter_id  TEXT NOT NULL,
    local_date  TEXT NOT NULL,                 -- the day in the MPP's zone
    last_number INTEGER NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (mpp_id, counter_id, local_date)
) STRICT;

CREATE TABLE queue_ticket (
    mpp_id       TEXT NOT NULL,
    counter_id   TEXT NOT NULL,
    local_date   TEXT NOT NULL,
    number       INTEGER NOT NULL CHECK (number >= 1),
    letter       TEXT NOT NULL,                -- the counter's letter when the number was given (D of D-014)
    booking_code TEXT REFERENCES booking (code), -- the booking that checked in; NULL for a walk-in
    service_id   TEXT,                         -- the booking's service; NULL for a walk-in
    issued_at    TEXT NOT NULL,
    PRIMARY KEY (mpp_id, counter_id, local_date, number)
) STRICT;

-- A booking checks in once: a second check-in answers the first number again.
CREATE UNIQUE INDEX queue_ticket_one_per_booking ON queue_ticket (booking_code) WHERE booking_code IS NOT NULL;
