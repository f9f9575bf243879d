-- The person keys' read policy (tenancy_apply, 'orders') said court_id = ANY (the
-- session's readable courts). PostgreSQL 15 may take that as a condition on the
-- key index's second column (key, court_id, ...), and then descends the index
-- once per key and readable court: for a statewide reader's six date keys, 324
-- descents and about 1,300 buffers where six would do (BenchmarkSearch, EXPLAIN
-- as ccpor_app at 1,000,000 orders). Said as IS TRUE, the same rows pass (NULL
-- and false are both refused), but only the key drives the index, and the court
-- is checked on the index entry. possible_conflict_courts reads as the owner and
-- keeps using court_id in the index for the courts it names.

-- +goose Up
DROP POLICY order_person_keys_app_read ON order_person_keys;
CREATE POLICY order_person_keys_app_read ON order_person_keys FOR SELECT TO ccpor_app
    USING ((court_id = ANY ((SELECT s.read_courts FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now())::uuid[])) IS TRUE);

-- +goose Down
DROP POLICY order_person_keys_app_read ON order_person_keys;
CREATE POLICY order_person_keys_app_read ON order_person_keys FOR SELECT TO ccpor_app
    USING (court_id = ANY ((SELECT s.read_courts FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now())::uuid[]));
