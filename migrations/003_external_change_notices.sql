-- Changes made behind the server's back (an operator's psql session, a test harness truncating
-- every table between runs) do not bump core.graph_state nor announce themselves, yet every
-- replica remembers things derived from these tables: the dependency index, verified API keys,
-- the first team, the Redis read cache. A statement-level trigger tells every replica to resync
-- them. The server's own connections set tessera.origin = 'server' (store/database_url.cpp)
-- and are not reported: their writes announce precisely what they changed.
-- Statement-level, so a bulk statement costs one call; NOTIFY folds identical payloads of one
-- transaction into one.
CREATE FUNCTION core.announce_external_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tessera.origin', true) IS DISTINCT FROM 'server' THEN
        PERFORM pg_notify('tessera_resync', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    watched text;
BEGIN
    FOREACH watched IN ARRAY ARRAY['core.teams', 'core.users', 'core.assets', 'core.contracts',
                                   'core.registrations', 'core.dependencies', 'core.api_keys',
                                   'core.graph_state', 'workflow.proposals',
                                   'workflow.acknowledgments']
    LOOP
        EXECUTE format('CREATE TRIGGER announce_external_change'
                       ' AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION core.announce_external_change()',
                       watched);
    END LOOP;
END
$$;
