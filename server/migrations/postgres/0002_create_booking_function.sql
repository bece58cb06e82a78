-- A booking in one call on PostgreSQL: the steps of `create_booking_in` (server/src/storage/bookings.rs),
-- in the same order and under the same locks, run inside the database, so that a booking costs one
-- round trip and one implicit transaction instead of eleven statements. On two cores the protocol
-- work per statement (parse, bind, snapshot, reply) was most of a booking's cost: see the README's
-- "Throughput".
--
-- It returns the earlier answer to the idempotency key if there is one (the caller replays it, or
-- refuses a key reused for another request), and no row when the booking was made. Refusals roll
-- everything back by raising, each with a SQLSTATE of its own that the server maps to its refusal:
--   AN001 the slot is full, AN002 the day's quota is full, AN003 the booking code is taken (the
--   caller draws another); a second active booking of the NIK for the service on the day fails on
--   the unique index booking_one_per_nik_service_day (23505), as a plain INSERT would.
--
-- READ COMMITTED: every statement below takes a fresh snapshot, so the conditional updates that run
-- after the usage row is locked count every hold committed before the lock was granted.
CREATE FUNCTION antrean_create_booking(
    p_key_hash      TEXT,
    p_request_hash  TEXT,
    p_code          TEXT,
    p_token_hash    TEXT,
    p_mpp           TEXT,
    p_counter       TEXT,
    p_service       TEXT,
    p_slot_start    TEXT,
    p_local_date    TEXT,
    p_capacity      BIGINT,
    p_quota         BIGINT,
    p_hold          TEXT,
    p_nik_hash      TEXT,
    p_applicant     TEXT,
    p_answers       TEXT,
    p_document      TEXT,
    p_now           TEXT
) RETURNS TABLE (request_hash TEXT, booking_code TEXT, response TEXT)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    own_hold TEXT;
BEGIN
    -- 1. An earlier answer to this key.
    RETURN QUERY
        SELECT i.request_hash, i.booking_code, i.response FROM idempotency AS i WHERE i.key_hash = p_key_hash;
    IF FOUND THEN
        RETURN;
    END IF;

    -- 2. The caller's hold, usable only for exactly this place while it is live.
    IF p_hold IS NOT NULL THEN
        SELECT h.id INTO own_hold FROM hold AS h
         WHERE h.id = p_hold AND h.mpp_id = p_mpp AND h.counter_id = p_counter AND h.service_id = p_service
           AND h.slot_start = p_slot_start AND h.used = 0 AND h.superseded = 0 AND h.expires_at > p_now;
    END IF;

    -- 3. The slot: lock its usage row, then take a place if bookings and others' holds leave one.
    INSERT INTO slot_usage (mpp_id, counter_id, slot_start, taken) VALUES (p_mpp, p_counter, p_slot_start, 0)
        ON CONFLICT (mpp_id, counter_id, slot_start) DO UPDATE SET taken = slot_usage.taken;
    UPDATE slot_usage AS u SET taken = u.taken + 1
     WHERE u.mpp_id = p_mpp AND u.counter_id = p_counter AND u.slot_start = p_slot_start
       AND u.taken + (SELECT count(*) FROM hold AS h
                       WHERE h.mpp_id = p_mpp AND h.counter_id = p_counter AND h.slot_start = p_slot_start
                         AND h.used = 0 AND h.superseded = 0 AND h.expires_at > p_now
                         AND h.id IS DISTINCT FROM own_hold) < p_capacity;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the slot is full' USING ERRCODE = 'AN001';
    END IF;

    -- 4. The service's day, locked after the slot (always in this order), the same way.
    INSERT INTO day_usage (mpp_id, counter_id, service_id, local_date, taken)
        VALUES (p_mpp, p_counter, p_service, p_local_date, 0)
        ON CONFLICT (mpp_id, counter_id, service_id, local_date) DO UPDATE SET taken = day_usage.taken;
    UPDATE day_usage AS u SET taken = u.taken + 1
     WHERE u.mpp_id = p_mpp AND u.counter_id = p_counter AND u.service_id = p_service AND u.local_date = p_local_date
       AND u.taken + (SELECT count(*) FROM hold AS h
                       WHERE h.mpp_id = p_mpp AND h.counter_id = p_counter AND h.service_id = p_service
                         AND h.local_date = p_local_date AND h.used = 0 AND h.superseded = 0
                         AND h.expires_at > p_now AND h.id IS DISTINCT FROM own_hold) < p_quota;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the day''s quota is full' USING ERRCODE = 'AN002';
    END IF;

    -- 5. The hold has done its work.
    IF own_hold IS NOT NULL THEN
        UPDATE hold SET used = 1 WHERE id = own_hold;
    END IF;

    -- 6. The booking (the NIK's unique index refuses a second one that day), then the key's answer.
    INSERT INTO booking (code, token_hash, mpp_id, counter_id, service_id, slot_start, local_date, nik_hash,
                         applicant, answers, document, status, created_at, updated_at)
        VALUES (p_code, p_token_hash, p_mpp, p_counter, p_service, p_slot_start, p_local_date, p_nik_hash,
                p_applicant, p_answers, p_document, 'active', p_now, p_now)
        ON CONFLICT (code) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the booking code is taken' USING ERRCODE = 'AN003';
    END IF;
    INSERT INTO idempotency (key_hash, request_hash, booking_code, response, created_at)
        VALUES (p_key_hash, p_request_hash, p_code, p_document, p_now);
END
$$;
