-- The MPP directory, synchronised from data/directory/*.toml at every start.
-- `document` holds the whole entry (JSON of antrean_core::directory::Mpp); the other columns are
-- the ones we filter and sort on. An MPP removed from data/ is kept (bookings will refer to it)
-- but no longer listed.
CREATE TABLE mpp (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    regency_code  TEXT NOT NULL,
    document      TEXT NOT NULL,
    listed        INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1)),
    synced_at     TEXT NOT NULL
) STRICT;

CREATE INDEX mpp_listed_order ON mpp (listed, province_code, name);
