-- A court's auditors saw only the events of their own court's log, so none of the
-- reads other courts made of its orders. A read of an order, or a view or download
-- of its images, now records the order's court too, and the auditors of that court
-- read those events (who read, for which court, when, with what outcome) whatever
-- the reader's court; nothing else of the other court's log.

-- +goose Up
ALTER TABLE audit_events ADD COLUMN object_court_id uuid; -- the court of the order acted on, when recorded
CREATE INDEX audit_events_object_court_time ON audit_events (object_court_id, occurred_at) WHERE object_court_id IS NOT NULL;

DROP FUNCTION audit_append(text, text, text, text, text, text);
-- +goose StatementBegin
-- The one way in for the application role. Who acted and for which court come from
-- the stated session's scope, the request id and client address from the
-- transaction's settings; the caller gives only what happened, and for an act on
-- an order the order's court.
CREATE FUNCTION audit_append(p_action text, p_outcome text, p_object_type text DEFAULT NULL,
                             p_object_id text DEFAULT NULL, p_reason text DEFAULT NULL, p_actor text DEFAULT NULL,
                             p_object_court uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    INSERT INTO audit_events (court_id, user_id, actor, action, object_type, object_id, outcome,
                              client_addr, request_id, reason, object_court_id)
    SELECT coalesce(sc.acting_court_id, (SELECT c.id FROM courts c WHERE c.kind = 'statewide')),
           sc.user_id, coalesce(p_actor, (SELECT u.username FROM users u WHERE u.id = sc.user_id)), p_action, p_object_type, p_object_id, p_outcome,
           NULLIF(current_setting('ccpor.client_addr', true), ''),
           NULLIF(current_setting('ccpor.request_id', true), ''), p_reason, p_object_court
    FROM (SELECT 1) AS one
    LEFT JOIN session_scopes sc ON sc.token_hex = current_setting('ccpor.session', true) AND sc.expires_at > now();
END $$;
-- +goose StatementEnd
GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text, uuid) TO ccpor_app;

-- The auditors of an order's court read the reads of it made for other courts.
CREATE POLICY audit_events_app_object_court ON audit_events FOR SELECT TO ccpor_app
    USING (object_court_id IS NOT NULL AND action IN ('order.read', 'image.view', 'image.download')
        AND object_court_id = ANY ((SELECT s.audit_courts FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now())::uuid[]));

-- +goose Down
DROP POLICY audit_events_app_object_court ON audit_events;
DROP FUNCTION audit_append(text, text, text, text, text, text, uuid);
-- +goose StatementBegin
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
-- +goose StatementEnd
GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text, text, text) TO ccpor_app;
DROP INDEX audit_events_object_court_time;
ALTER TABLE audit_events DROP COLUMN object_court_id;
