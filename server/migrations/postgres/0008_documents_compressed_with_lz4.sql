-- A booking's document and its key's answer (each a few KB of JSON) are compressed with LZ4 when
-- PostgreSQL compresses them (a row above about 2 KB), instead of PostgreSQL's own pglz: pglz was
-- the largest single part of the database's CPU for a booking (see the README's "Throughput"),
-- LZ4 is several times faster at a similar size for JSON. Only values written from now on are
-- affected; older ones stay readable as they are. A PostgreSQL built without LZ4 keeps pglz.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE booking ALTER COLUMN document SET COMPRESSION lz4, '
         || 'ALTER COLUMN applicant SET COMPRESSION lz4, ALTER COLUMN answers SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE idempotency ALTER COLUMN response SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL has no LZ4: documents stay compressed with pglz';
END
$$;
