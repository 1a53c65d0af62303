-- Timestamps an operator may store that microseconds since the epoch cannot hold: 'infinity'
-- (say, an API key that never expires), '-infinity', years past 294246. core.epoch_us cast them
-- to bigint and failed ("cannot convert infinity to bigint"), so every request that read such a
-- row was a 500. They saturate at the ends of bigint now, which the server formats as the
-- furthest dates it can write (an 'infinity' expiry never expires). NULL stays NULL (least and
-- greatest skip NULLs, so it is tested first).
CREATE OR REPLACE FUNCTION core.epoch_us(ts timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN ts IS NULL THEN NULL
                      WHEN ts = 'infinity'::timestamptz THEN 9223372036854775807
                      WHEN ts = '-infinity'::timestamptz THEN -9223372036854775808
                      ELSE greatest(least(extract(epoch FROM ts) * 1000000, 9223372036854775807),
                                    -9223372036854775808)::bigint END $$;
