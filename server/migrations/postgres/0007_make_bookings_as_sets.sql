-- Bookings in batches, made as sets (storage/booking_batch.rs). 0006 made a batch's bookings one
-- after another, each in a subtransaction of five statements: PostgreSQL started and ended about
-- two hundred statements for a batch of 32, parsed its JSON character by character, and that
-- per-statement work was most of its CPU per booking (see the README's "Throughput"). Here a batch
-- is about a dozen statements whatever its size: what the database knows about the batch's places,
-- keys, holds, codes and NIKs is read in a few statements, the bookings are decided one after
-- another in memory, by the same rules and in the same order as 0006, and what was decided is
-- written in one statement per table. 0006's function is not called by this version; it stays, so
-- that instances of the version before keep booking while a rollout replaces them one at a time.
--
-- Input: one line per booking, separated by U+001E; in a line, the fields of
-- antrean_booking_request in its order, separated by U+001F, `hold` empty when there is none. The
-- server refuses to send a field that holds either separator (JSON text never does: it escapes
-- control characters), so no field needs escaping or unescaping.
--
-- Locks, as 0006: every slot's usage row of the batch first, in key order, then every day's, in key
-- order, before anything is read; a reschedule takes its two places' rows in the same order. Then
-- the rest is read with a fresh snapshot (READ COMMITTED), so it counts every hold committed before
-- the locks were granted. Holds are counted as live at the batch's earliest `now` (a request's time
-- is fixed when it arrives, also for its retries): a hold that expires between two requests' times
-- still counts for the later one, which may then be refused where one booking alone would not be;
-- never the other way round.
--
-- No subtransactions: a booking refused in memory is simply not written. What only the writes can
-- find (a NIK, key or code that another instance's batch wrote after this one read, a foreign key,
-- a lock cycle) fails the whole call, nothing of it kept; the server then makes each booking of
-- the batch alone, so that one booking's error is that booking's alone. lock_timeout: 3 s.
--
-- Answers, one row per booking of the batch (`item` is its position, from 1):
--   created        the booking was made;
--   earlier        the key has an earlier answer (request_hash, booking_code, response), stored
--                  before or made earlier in this batch: the server replays it, or refuses a key
--                  reused for another request;
--   slot_full, day_full, duplicate_nik   refused, nothing kept;
--   code_taken     the random code was taken: the server draws another and sends it again.

CREATE FUNCTION antrean_make_bookings(p_items TEXT)
RETURNS TABLE (item BIGINT, outcome TEXT, request_hash TEXT, booking_code TEXT, response TEXT)
LANGUAGE plpgsql VOLATILE SET lock_timeout = '3s' AS $$
DECLARE
    items antrean_booking_request[] := ARRAY(
        SELECT ROW(f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]::BIGINT, f[11]::BIGINT,
                   NULLIF(f[12], ''), f[13], f[14], f[15], f[16], f[17])::antrean_booking_request
          FROM (SELECT string_to_array(l.line, E'\x1f') AS f, l.position
                  FROM unnest(string_to_array(p_items, E'\x1e')) WITH ORDINALITY AS l(line, position)
                OFFSET 0) AS fields -- OFFSET 0: each line is split once, not once per field
         WHERE cardinality(f) = 17
         ORDER BY position);
    n INT := coalesce(cardinality(items), 0);
    earliest TEXT;
    -- What is known of each booking, by position: its slot's capacity and its day's quota; the index of its slot, day, NIK (per service
    -- and day), key, code and hold among the batch's; the key's stored answer; whether its hold is
    -- its own and live, its NIK already booked, its code already taken.
    capacity_of BIGINT[]; quota_of BIGINT[]; slot_of INT[]; day_of INT[]; nik_of INT[]; key_of INT[]; code_of INT[]; hold_of INT[];
    stored_request TEXT[]; stored_code TEXT[]; stored_response TEXT[];
    hold_live BOOLEAN[]; hold_in_day BOOLEAN[]; nik_booked BOOLEAN[]; code_exists BOOLEAN[];
    -- Each slot's and day's places taken and held, as the batch goes.
    slot_taken BIGINT[]; slot_held BIGINT[]; day_taken BIGINT[]; day_held BIGINT[];
    -- What the batch has used so far: NIKs, codes and holds; the position that made each key.
    nik_used BOOLEAN[]; code_used BOOLEAN[]; hold_used BOOLEAN[]; key_made_by INT[];
    -- The answers.
    outcomes TEXT[]; answer_request TEXT[]; answer_code TEXT[]; answer_response TEXT[];
    own INT;
    own_in_day INT;
    s INT;
    d INT;
    maker INT;
BEGIN
    IF n <> cardinality(string_to_array(p_items, E'\x1e')) THEN
        RAISE EXCEPTION 'a booking of the batch does not have the 17 fields of antrean_booking_request'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF n = 0 THEN
        RETURN;
    END IF;
    SELECT min(x.now) INTO earliest FROM unnest(items) AS x;

    -- 1. Lock the usage rows: every slot's, then every day's, each in key order.
    INSERT INTO slot_usage (mpp_id, counter_id, slot_start, taken)
        SELECT DISTINCT x.mpp, x.counter, x.slot_start, 0 FROM unnest(items) AS x ORDER BY 1, 2, 3
        ON CONFLICT (mpp_id, counter_id, slot_start) DO UPDATE SET taken = slot_usage.taken;
    INSERT INTO day_usage (mpp_id, counter_id, service_id, local_date, taken)
        SELECT DISTINCT x.mpp, x.counter, x.service, x.local_date, 0 FROM unnest(items) AS x ORDER BY 1, 2, 3, 4
        ON CONFLICT (mpp_id, counter_id, service_id, local_date) DO UPDATE SET taken = day_usage.taken;

    -- 2. Read, with a snapshot taken after the locks: each place's taken and held places (in the
    -- order of the indexes below), and what is known of each booking.
    SELECT array_agg(u.taken ORDER BY u.mpp_id, u.counter_id, u.slot_start),
           array_agg((SELECT count(*) FROM hold AS h
                       WHERE h.mpp_id = u.mpp_id AND h.counter_id = u.counter_id AND h.slot_start = u.slot_start
                         AND h.used = 0 AND h.superseded = 0 AND h.expires_at > earliest)
                     ORDER BY u.mpp_id, u.counter_id, u.slot_start)
      INTO slot_taken, slot_held
      FROM slot_usage AS u
     WHERE (u.mpp_id, u.counter_id, u.slot_start) IN (SELECT x.mpp, x.counter, x.slot_start FROM unnest(items) AS x);
    SELECT array_agg(u.taken ORDER BY u.mpp_id, u.counter_id, u.service_id, u.local_date),
           array_agg((SELECT count(*) FROM hold AS h
                       WHERE h.mpp_id = u.mpp_id AND h.counter_id = u.counter_id AND h.service_id = u.service_id
                         AND h.local_date = u.local_date AND h.used = 0 AND h.superseded = 0
                         AND h.expires_at > earliest)
                     ORDER BY u.mpp_id, u.counter_id, u.service_id, u.local_date)
      INTO day_taken, day_held
      FROM day_usage AS u
     WHERE (u.mpp_id, u.counter_id, u.service_id, u.local_date)
           IN (SELECT x.mpp, x.counter, x.service, x.local_date FROM unnest(items) AS x);
    SELECT array_agg(b.capacity ORDER BY b.position), array_agg(b.quota ORDER BY b.position),
           array_agg(b.slot_index ORDER BY b.position), array_agg(b.day_index ORDER BY b.position),
           array_agg(b.nik_index ORDER BY b.position), array_agg(b.key_index ORDER BY b.position),
           array_agg(b.code_index ORDER BY b.position), array_agg(b.hold_index ORDER BY b.position),
           array_agg(k.request_hash ORDER BY b.position), array_agg(k.booking_code ORDER BY b.position),
           array_agg(k.response ORDER BY b.position),
           array_agg(h.id IS NOT NULL ORDER BY b.position),
           array_agg(h.id IS NOT NULL AND h.local_date = b.local_date ORDER BY b.position),
           array_agg(EXISTS (SELECT 1 FROM booking AS o
                              WHERE o.nik_hash = b.nik_hash AND o.service_id = b.service
                                AND o.local_date = b.local_date AND o.status = 'active') ORDER BY b.position),
           array_agg(EXISTS (SELECT 1 FROM booking AS o WHERE o.code = b.code) ORDER BY b.position)
      INTO capacity_of, quota_of, slot_of, day_of, nik_of, key_of, code_of, hold_of, stored_request, stored_code, stored_response,
           hold_live, hold_in_day, nik_booked, code_exists
      FROM (SELECT x.*,
                   dense_rank() OVER (ORDER BY x.mpp, x.counter, x.slot_start)::INT AS slot_index,
                   dense_rank() OVER (ORDER BY x.mpp, x.counter, x.service, x.local_date)::INT AS day_index,
                   dense_rank() OVER (ORDER BY x.nik_hash, x.service, x.local_date)::INT AS nik_index,
                   dense_rank() OVER (ORDER BY x.key_hash)::INT AS key_index,
                   dense_rank() OVER (ORDER BY x.code)::INT AS code_index,
                   dense_rank() OVER (ORDER BY x.hold)::INT AS hold_index
              FROM unnest(items) WITH ORDINALITY AS x(key_hash, request_hash, code, token_hash, mpp, counter,
                   service, slot_start, local_date, capacity, quota, hold, nik_hash, applicant, answers,
                   document, now, position)) AS b
      LEFT JOIN idempotency AS k ON k.key_hash = b.key_hash
      LEFT JOIN hold AS h ON h.id = b.hold AND h.mpp_id = b.mpp AND h.counter_id = b.counter
                         AND h.service_id = b.service AND h.slot_start = b.slot_start
                         AND h.used = 0 AND h.superseded = 0 AND h.expires_at > b.now;

    -- 3. Each booking in turn, by 0006's rules in 0006's order, on what was read.
    nik_used := array_fill(false, ARRAY[n]);
    code_used := array_fill(false, ARRAY[n]);
    hold_used := array_fill(false, ARRAY[n + 1]);
    key_made_by := array_fill(0, ARRAY[n]);
    outcomes := array_fill(NULL::TEXT, ARRAY[n]);
    answer_request := outcomes;
    answer_code := outcomes;
    answer_response := outcomes;
    FOR i IN 1 .. n LOOP
        maker := key_made_by[key_of[i]];
        IF stored_code[i] IS NOT NULL THEN
            outcomes[i] := 'earlier';
            answer_request[i] := stored_request[i];
            answer_code[i] := stored_code[i];
            answer_response[i] := stored_response[i];
            CONTINUE;
        ELSIF maker > 0 THEN
            outcomes[i] := 'earlier';
            answer_request[i] := (items[maker]).request_hash;
            answer_code[i] := (items[maker]).code;
            answer_response[i] := (items[maker]).document;
            CONTINUE;
        END IF;
        own := CASE WHEN hold_live[i] AND NOT hold_used[hold_of[i]] THEN 1 ELSE 0 END;
        -- The own hold leaves the day's count only if it is counted there (its date is the day's).
        own_in_day := CASE WHEN own = 1 AND hold_in_day[i] THEN 1 ELSE 0 END;
        s := slot_of[i];
        d := day_of[i];
        IF slot_taken[s] + slot_held[s] - own >= capacity_of[i] THEN
            outcomes[i] := 'slot_full';
        ELSIF day_taken[d] + day_held[d] - own_in_day >= quota_of[i] THEN
            outcomes[i] := 'day_full';
        ELSIF code_exists[i] OR code_used[code_of[i]] THEN
            outcomes[i] := 'code_taken';
        ELSIF nik_booked[i] OR nik_used[nik_of[i]] THEN
            outcomes[i] := 'duplicate_nik';
        ELSE
            outcomes[i] := 'created';
            slot_taken[s] := slot_taken[s] + 1;
            slot_held[s] := slot_held[s] - own;
            day_taken[d] := day_taken[d] + 1;
            day_held[d] := day_held[d] - own_in_day;
            IF own = 1 THEN
                hold_used[hold_of[i]] := true;
            END IF;
            code_used[code_of[i]] := true;
            nik_used[nik_of[i]] := true;
            key_made_by[key_of[i]] := i;
        END IF;
    END LOOP;

    -- 4. Write what was decided: one statement per table.
    INSERT INTO booking (code, token_hash, mpp_id, counter_id, service_id, slot_start, local_date,
                         nik_hash, applicant, answers, document, status, created_at, updated_at)
        SELECT x.code, x.token_hash, x.mpp, x.counter, x.service, x.slot_start, x.local_date,
               x.nik_hash, x.applicant, x.answers, x.document, 'active', x.now, x.now
          FROM unnest(items, outcomes) AS x(key_hash, request_hash, code, token_hash, mpp, counter,
               service, slot_start, local_date, capacity, quota, hold, nik_hash, applicant, answers,
               document, now, outcome)
         WHERE x.outcome = 'created';
    UPDATE slot_usage AS u SET taken = u.taken + c.made
      FROM (SELECT x.mpp, x.counter, x.slot_start, count(*) AS made
              FROM unnest(items, outcomes) AS x(key_hash, request_hash, code, token_hash, mpp, counter,
                   service, slot_start, local_date, capacity, quota, hold, nik_hash, applicant, answers,
                   document, now, outcome)
             WHERE x.outcome = 'created' GROUP BY 1, 2, 3) AS c
     WHERE u.mpp_id = c.mpp AND u.counter_id = c.counter AND u.slot_start = c.slot_start;
    UPDATE day_usage AS u SET taken = u.taken + c.made
      FROM (SELECT x.mpp, x.counter, x.service, x.local_date, count(*) AS made
              FROM unnest(items, outcomes) AS x(key_hash, request_hash, code, token_hash, mpp, counter,
                   service, slot_start, local_date, capacity, quota, hold, nik_hash, applicant, answers,
                   document, now, outcome)
             WHERE x.outcome = 'created' GROUP BY 1, 2, 3, 4) AS c
     WHERE u.mpp_id = c.mpp AND u.counter_id = c.counter AND u.service_id = c.service
       AND u.local_date = c.local_date;
    UPDATE hold SET used = 1
     WHERE id IN (SELECT x.hold FROM unnest(items, outcomes, hold_live) AS x(key_hash, request_hash, code,
                          token_hash, mpp, counter, service, slot_start, local_date, capacity, quota, hold,
                          nik_hash, applicant, answers, document, now, outcome, live)
                   WHERE x.outcome = 'created' AND x.live);
    INSERT INTO idempotency (key_hash, request_hash, booking_code, response, created_at)
        SELECT x.key_hash, x.request_hash, x.code, x.document, x.now
          FROM unnest(items, outcomes) AS x(key_hash, request_hash, code, token_hash, mpp, counter,
               service, slot_start, local_date, capacity, quota, hold, nik_hash, applicant, answers,
               document, now, outcome)
         WHERE x.outcome = 'created';

    RETURN QUERY SELECT g::BIGINT, outcomes[g], answer_request[g], answer_code[g], answer_response[g]
                   FROM generate_series(1, n) AS g;
END
$$;
