-- The audit log: every read of an order or image, every change, every sign-in and
-- every administrative act, successes and failures. The application role appends
-- only through audit_append() and reads only as an auditor; rows are chained by hash
-- per court, sealed in order by the worker, verified by `ccpor audit verify`.

-- +goose Up
-- No foreign keys: a key check would lock the court's and the user's rows on every
-- audited read, and the record must stand whatever becomes of them.
CREATE TABLE audit_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    court_id    uuid NOT NULL, -- its chain; the statewide court when no court acted
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    user_id     uuid,
    actor       text CHECK (length(actor) <= 200), -- the user's name then, or the name given at a failed sign-in
    action      text NOT NULL CHECK (action ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$' AND length(action) <= 80),
    object_type text CHECK (length(object_type) <= 50),
    object_id   text CHECK (length(object_id) <= 200),
    outcome     text NOT NULL CHECK (outcome IN ('success', 'denied', 'invalid', 'error')),
    client_addr text CHECK (length(client_addr) <= 64),
    request_id  text CHECK (length(request_id) <= 64),
    reason      text CHECK (length(reason) <= 1000),
    -- The chain, written once by the sealing job.
    seq         bigint,
    prev_hash   bytea,
    hash        bytea,
    sealed_at   timestamptz
);
-- Few indexes: every audited read inserts a row. Searches go by court and time.
CREATE INDEX audit_events_court_time ON audit_events (court_id, occurred_at);
CREATE INDEX audit_events_unsealed ON audit_events (court_id, id) WHERE sealed_at IS NULL;
CREATE UNIQUE INDEX audit_events_chain ON audit_events (court_id, seq) WHERE seq IS NOT NULL;

-- Where a chain starts after old rows were purged: the last purged row's place and hash.
CREATE TABLE audit_anchors (
    court_id      uuid PRIMARY KEY REFERENCES courts,
    seq           bigint NOT NULL,
    hash          bytea NOT NULL,
    purged_before timestamptz NOT NULL
);

-- +goose StatementBegin
-- The one way in for the application role. Who acted and for which court come from
-- the stated session's scope, the request id and client address from the
-- transaction's settings; the caller gives only what happened.
CREATE FUNCTION audit_append(p_action text, p_outcome text, p_object_type text DEFAULT NULL,
                             p_object_id text DEFAULT NULL, p_reason text DEFAULT NULL, p_actor text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO audit_events (court_id, user_id, actor, action, object_type, object_id, outcome,
                              client_addr, request_id, reason)
    SELECT coalesce(sc.acting_court_id, (SELECT c.id FROM courts c WHERE c.kind = 'statewide')),
           sc.user_id, coalesce(p_actor, (SELECT u.username FROM users u WHERE u.id = sc.user_id)), p_action, p_object_type, p_object_id, p_outcome,
           NULLIF(current_setting('ccpor.client_addr', true), ''),
           NULLIF(current_setting('ccpor.request_id', true), ''), p_reason
    FROM (SELECT 1) AS one
    LEFT JOIN session_scopes sc ON sc.token_hex = current_setting('ccpor.session', true) AND sc.expires_at > now();
END $$;

-- Removes sealed rows older than keep (never less than a year), carrying each
-- chain's anchor over so verification still starts from a known hash.
CREATE FUNCTION audit_purge(keep interval) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    cutoff timestamptz := now() - keep;
    removed bigint := 0;
    n bigint;
    c record;
BEGIN
    IF keep < interval '365 days' THEN
        RAISE EXCEPTION 'audit_purge: retention % is shorter than 365 days', keep;
    END IF;
    FOR c IN SELECT e.court_id, max(e.seq) AS seq FROM audit_events e
             WHERE e.sealed_at IS NOT NULL AND e.occurred_at < cutoff GROUP BY e.court_id LOOP
        -- only a prefix of the chain goes: every row up to the last old one
        INSERT INTO audit_anchors (court_id, seq, hash, purged_before)
        SELECT e.court_id, e.seq, e.hash, cutoff FROM audit_events e
        WHERE e.court_id = c.court_id AND e.seq = c.seq
        ON CONFLICT (court_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash,
                                             purged_before = EXCLUDED.purged_before;
        DELETE FROM audit_events e WHERE e.court_id = c.court_id AND e.seq <= c.seq
            AND e.occurred_at < cutoff;
        GET DIAGNOSTICS n = ROW_COUNT;
        removed := removed + n;
    END LOOP;
    RETURN removed;
END $$;
-- +goose StatementEnd

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_owner ON audit_events TO ccpor_owner USING (true) WITH CHECK (true);
-- Auditors read their court's log; a statewide auditor every court's.
CREATE POLICY audit_events_app_auditor ON audit_events FOR SELECT TO ccpor_app
    USING (court_id = ANY ((SELECT s.audit_courts FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now())::uuid[]));
CREATE POLICY audit_events_app_guard ON audit_events AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT s.acting_court_id FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS NOT NULL);
-- The sealing job reads every chain and writes only the chain columns of unsealed rows.
CREATE POLICY audit_events_worker_read ON audit_events FOR SELECT TO ccpor_worker USING (true);
CREATE POLICY audit_events_worker_seal ON audit_events FOR UPDATE TO ccpor_worker
    USING (sealed_at IS NULL) WITH CHECK (sealed_at IS NOT NULL);
GRANT SELECT ON audit_events TO ccpor_app, ccpor_worker;
GRANT UPDATE (seq, prev_hash, hash, sealed_at) ON audit_events TO ccpor_worker;

ALTER TABLE audit_anchors ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_anchors FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_anchors_owner ON audit_anchors TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY audit_anchors_worker_read ON audit_anchors FOR SELECT TO ccpor_worker USING (true);
CREATE POLICY audit_anchors_app_guard ON audit_anchors AS RESTRICTIVE FOR ALL TO ccpor_app USING (false);
GRANT SELECT ON audit_anchors TO ccpor_worker;

GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text) TO ccpor_app;
GRANT EXECUTE ON FUNCTION audit_purge(interval) TO ccpor_worker;

-- +goose Down
DROP FUNCTION audit_purge(interval), audit_append(text, text, text, text, text, text);
DROP TABLE audit_anchors, audit_events;
