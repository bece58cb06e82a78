-- A booking's document and its key's answer (each a few KB of JSON) are compressed with LZ4 when
-- PostgreSQL compresses them (a row above about 2 KB), instead of PostgreSQL's own pglz: pglz was
-- the largest single part of the database's CPU for a booking (see the README's "Throughput"),
-- LZ4 is several times faster at a similar size for JSON. Only values written from now on are
-- affected; older ones stay readable as they are. Skipped, with a notice, on a PostgreSQL older
-- than 14 or built without LZ4, and when the tables' locks are not free within 5 s (a running
-- pg_dump holds them): this is an optimisation, never a reason for an instance not to start.
DO $$
DECLARE
    previous TEXT := current_setting('lock_timeout');
BEGIN
    IF current_setting('server_version_num')::INT < 140000 THEN
        RAISE NOTICE 'PostgreSQL before 14 has no LZ4 for columns: documents stay compressed with pglz';
        RETURN;
    END IF;
    PERFORM set_config('lock_timeout', '5s', true);
    EXECUTE 'ALTER TABLE booking ALTER COLUMN document SET COMPRESSION lz4, '
         || 'ALTER COLUMN applicant SET COMPRESSION lz4, ALTER COLUMN answers SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE idempotency ALTER COLUMN response SET COMPRESSION lz4';
    PERFORM set_config('lock_timeout', previous, true);
EXCEPTION
    WHEN feature_not_supported THEN
        RAISE NOTICE 'this PostgreSQL has no LZ4: documents stay compressed with pglz';
    WHEN lock_not_available THEN
        RAISE NOTICE 'the tables were busy: documents stay compressed with pglz';
END
$$;
