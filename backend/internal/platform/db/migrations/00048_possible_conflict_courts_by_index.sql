-- possible_conflict_courts (00045) read every key row of the persons' keys and
-- only then left out the caller's readable courts: for a common name statewide
-- that is thousands of heap rows (about 50 ms at 1,000,000 orders, measured by
-- BenchmarkSearch), on every create. It now names the courts it looks in, the
-- ones the caller may not read, so that court_id is a condition of the key
-- table's primary key index (key, court_id, ...) and only their rows are read.
-- Same answer.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION possible_conflict_courts(p_keys text[]) RETURNS TABLE (court_id uuid, court_name text, orders bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_court uuid := app_court();
    v_read uuid[] := app_read_courts();
    v_other uuid[];
BEGIN
    IF v_court IS NULL THEN
        RAISE EXCEPTION 'possible_conflict_courts: no acting court' USING ERRCODE = '42501';
    END IF;
    IF cardinality(p_keys) > 500 THEN
        RAISE EXCEPTION 'possible_conflict_courts: too many keys' USING ERRCODE = '22023';
    END IF;
    v_other := ARRAY(SELECT c.id FROM courts c WHERE NOT (c.id = ANY (coalesce(v_read, '{}'))));
    RETURN QUERY
    SELECT c.id, c.name, count(DISTINCT k.order_id)
    FROM order_person_keys k
    JOIN order_conflict_heads o ON o.order_id = k.order_id AND o.current_version = k.version
    JOIN courts c ON c.id = k.court_id
    WHERE k.key = ANY (p_keys) AND k.court_id = ANY (v_other) AND k.role = 'restrained' AND o.status = 'active'
    GROUP BY c.id, c.name;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION possible_conflict_courts(p_keys text[]) RETURNS TABLE (court_id uuid, court_name text, orders bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_court uuid := app_court();
    v_read uuid[] := app_read_courts();
BEGIN
    IF v_court IS NULL THEN
        RAISE EXCEPTION 'possible_conflict_courts: no acting court' USING ERRCODE = '42501';
    END IF;
    IF cardinality(p_keys) > 500 THEN
        RAISE EXCEPTION 'possible_conflict_courts: too many keys' USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    SELECT c.id, c.name, count(DISTINCT k.order_id)
    FROM order_person_keys k
    JOIN order_conflict_heads o ON o.order_id = k.order_id AND o.current_version = k.version
    JOIN courts c ON c.id = k.court_id
    WHERE k.key = ANY (p_keys) AND k.role = 'restrained' AND o.status = 'active'
      AND NOT (k.court_id = ANY (coalesce(v_read, '{}')))
    GROUP BY c.id, c.name;
END $$;
-- +goose StatementEnd
