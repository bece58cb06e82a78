-- The day of the visit: queue numbers per counter per local day, as SQLite's migration 0005 (see
-- there). Taking the next number is one upsert of the `queue_day` row, which locks it until the
-- transaction ends: concurrent check-ins and walk-ins from any instance take turns on it.
CREATE TABLE queue_day (
    mpp_id      TEXT COLLATE "C" NOT NULL,
    counter_id  TEXT COLLATE "C" NOT NULL,
    local_date  TEXT COLLATE "C" NOT NULL,
    last_number BIGINT NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (mpp_id, counter_id, local_date)
);

CREATE TABLE queue_ticket (
    mpp_id       TEXT COLLATE "C" NOT NULL,
    counter_id   TEXT COLLATE "C" NOT NULL,
    local_date   TEXT COLLATE "C" NOT NULL,
    number       BIGINT NOT NULL CHECK (number >= 1),
    letter       TEXT COLLATE "C" NOT NULL,
    booking_code TEXT COLLATE "C" REFERENCES booking (code),
    service_id   TEXT COLLATE "C",
    issued_at    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (mpp_id, counter_id, local_date, number)
);

CREATE UNIQUE INDEX queue_ticket_one_per_booking ON queue_ticket (booking_code) WHERE booking_code IS NOT NULL;
