-- Bookings in batches on PostgreSQL: the server's instance gathers the bookings that arrive while
-- its earlier batches are in the database and makes them in one call, one transaction and one
-- commit (storage/booking_batch.rs). Per booking, the steps are those of 0002's single call, in the
-- same order; what a batch saves is the per-transaction work (the round trip, the snapshot and the
-- commit's wait for the disk), which was half of PostgreSQL's CPU per booking (see the README's
-- "Throughput"). 0002's function is not called by this version; it stays, so that instances of the
-- version before keep booking while a rollout replaces them one at a time.
--
-- Each booking is its own subtransaction (the BEGIN … EXCEPTION block): a refusal gives back what
-- that booking took and nothing else. The server caps a batch at 32 bookings, below the 64
-- subtransactions PostgreSQL tracks per transaction without spilling to disk.
--
-- Locks: every slot's usage row of the batch is locked first, in key order, then every day's usage
-- row, in key order, before any booking is made, so two batches never wait on each other's usage
-- rows in a cycle; a reschedule locks its two places' rows in the same order. A cycle is still
-- possible through what is locked later, or in another order: a booking waiting for another
-- batch's booking of the same NIK or key (the unique indexes), a draw (its places in the order it
-- gives them), a hold that replaces an older one. PostgreSQL breaks a cycle after deadlock_timeout by failing one statement:
-- inside a booking's subtransaction that booking alone is given back and answered `try_again`, the
-- rest of the batch goes on; in the locking step the whole call fails and the server sends every
-- booking again. No lock is waited for longer than lock_timeout (3 s: a batch takes milliseconds),
-- so a stuck writer delays an instance's bookings by seconds, not for ever.
-- READ COMMITTED: each statement in the loop takes a fresh snapshot, so the conditional updates
-- count every hold committed before the locks were granted.
--
-- Answers, one row per booking of the batch (`item` is its position, from 1):
--   created        the booking was made;
--   earlier        the key has an earlier answer (request_hash, booking_code, response): the server
--                  replays it, or refuses a key reused for another request;
--   slot_full, day_full, duplicate_nik   refused, nothing kept;
--   code_taken     the random code was taken: the server draws another and sends it again;
--   try_again      a twin request with the same key stored its answer first (sent again, it finds
--                  it), or the booking was in a lock cycle or waited too long for a lock;
--   failed:SQLSTATE  any other error of that booking alone (the others are kept).

CREATE TYPE antrean_booking_request AS (
    key_hash     TEXT COLLATE "C",
    request_hash TEXT COLLATE "C",
    code         TEXT COLLATE "C",
    token_hash   TEXT COLLATE "C",
    mpp          TEXT COLLATE "C",
    counter      TEXT COLLATE "C",
    service      TEXT COLLATE "C",
    slot_start   TEXT COLLATE "C",
    local_date   TEXT COLLATE "C",
    capacity     BIGINT,
    quota        BIGINT,
    hold         TEXT COLLATE "C",
    nik_hash     TEXT COLLATE "C",
    applicant    TEXT COLLATE "C",
    answers      TEXT COLLATE "C",
    document     TEXT COLLATE "C",
    now          TEXT COLLATE "C"
);

-- p_items: a JSON array of objects with the fields of antrean_booking_request (`now`: the
-- request's time by the database's clock, as every other write uses it).
CREATE FUNCTION antrean_create_bookings(p_items JSON)
RETURNS TABLE (item BIGINT, outcome TEXT, request_hash TEXT, booking_code TEXT, response TEXT)
LANGUAGE plpgsql VOLATILE SET lock_timeout = '3s' AS $$
DECLARE
    -- In the array's order: answers are matched to bookings by position.
    items antrean_booking_request[] := ARRAY(
        SELECT json_populate_record(NULL::antrean_booking_request, e.value)
          FROM json_array_elements(p_items) WITH ORDINALITY AS e(value, position) ORDER BY e.position);
    r antrean_booking_request;
    own_hold TEXT;
    failed_constraint TEXT;
    failed_state TEXT;
BEGIN
    -- 1. Lock the usage rows: every slot's, then every day's, each in key order.
    INSERT INTO slot_usage (mpp_id, counter_id, slot_start, taken)
        SELECT DISTINCT x.mpp, x.counter, x.slot_start, 0 FROM unnest(items) AS x ORDER BY 1, 2, 3
        ON CONFLICT (mpp_id, counter_id, slot_start) DO UPDATE SET taken = slot_usage.taken;
    INSERT INTO day_usage (mpp_id, counter_id, service_id, local_date, taken)
        SELECT DISTINCT x.mpp, x.counter, x.service, x.local_date, 0 FROM unnest(items) AS x ORDER BY 1, 2, 3, 4
        ON CONFLICT (mpp_id, counter_id, service_id, local_date) DO UPDATE SET taken = day_usage.taken;

    -- 2. Each booking, as 0002's single call made it.
    FOR i IN 1 .. coalesce(cardinality(items), 0) LOOP
        r := items[i];
        item := i;
        request_hash := NULL;
        booking_code := NULL;
        response := NULL;
        BEGIN
            SELECT k.request_hash, k.booking_code, k.response INTO request_hash, booking_code, response
              FROM idempotency AS k WHERE k.key_hash = r.key_hash;
            IF FOUND THEN
                outcome := 'earlier';
            ELSE
                own_hold := NULL;
                IF r.hold IS NOT NULL THEN
                    SELECT h.id INTO own_hold FROM hold AS h
                     WHERE h.id = r.hold AND h.mpp_id = r.mpp AND h.counter_id = r.counter
                       AND h.service_id = r.service AND h.slot_start = r.slot_start
                       AND h.used = 0 AND h.superseded = 0 AND h.expires_at > r.now;
                END IF;
                UPDATE slot_usage AS u SET taken = u.taken + 1
                 WHERE u.mpp_id = r.mpp AND u.counter_id = r.counter AND u.slot_start = r.slot_start
                   AND u.taken + (SELECT count(*) FROM hold AS h
                                   WHERE h.mpp_id = r.mpp AND h.counter_id = r.counter AND h.slot_start = r.slot_start
                                     AND h.used = 0 AND h.superseded = 0 AND h.expires_at > r.now
                                     AND h.id IS DISTINCT FROM own_hold) < r.capacity;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the slot is full' USING ERRCODE = 'AN001';
                END IF;
                UPDATE day_usage AS u SET taken = u.taken + 1
                 WHERE u.mpp_id = r.mpp AND u.counter_id = r.counter AND u.service_id = r.service
                   AND u.local_date = r.local_date
                   AND u.taken + (SELECT count(*) FROM hold AS h
                                   WHERE h.mpp_id = r.mpp AND h.counter_id = r.counter AND h.service_id = r.service
                                     AND h.local_date = r.local_date AND h.used = 0 AND h.superseded = 0
                                     AND h.expires_at > r.now AND h.id IS DISTINCT FROM own_hold) < r.quota;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the day''s quota is full' USING ERRCODE = 'AN002';
                END IF;
                IF own_hold IS NOT NULL THEN
                    UPDATE hold SET used = 1 WHERE id = own_hold;
                END IF;
                INSERT INTO booking (code, token_hash, mpp_id, counter_id, service_id, slot_start, local_date,
                                     nik_hash, applicant, answers, document, status, created_at, updated_at)
                    VALUES (r.code, r.token_hash, r.mpp, r.counter, r.service, r.slot_start, r.local_date,
                            r.nik_hash, r.applicant, r.answers, r.document, 'active', r.now, r.now)
                    ON CONFLICT (code) DO NOTHING;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'the booking code is taken' USING ERRCODE = 'AN003';
                END IF;
                INSERT INTO idempotency (key_hash, request_hash, booking_code, response, created_at)
                    VALUES (r.key_hash, r.request_hash, r.code, r.document, r.now);
                outcome := 'created';
            END IF;
        EXCEPTION
            WHEN SQLSTATE 'AN001' THEN outcome := 'slot_full';
            WHEN SQLSTATE 'AN002' THEN outcome := 'day_full';
            WHEN SQLSTATE 'AN003' THEN outcome := 'code_taken';
            WHEN unique_violation THEN
                GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
                outcome := CASE WHEN failed_constraint = 'booking_one_per_nik_service_day'
                                THEN 'duplicate_nik' ELSE 'try_again' END;
            WHEN deadlock_detected OR lock_not_available THEN outcome := 'try_again';
            WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS failed_state = RETURNED_SQLSTATE;
                outcome := 'failed:' || failed_state;
        END;
        RETURN NEXT;
    END LOOP;
END
$$;
