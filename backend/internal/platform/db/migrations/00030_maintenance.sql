-- Scheduled maintenance windows (issue #13): a platform administrator announces
-- when the registry is maintained (start and end, a message, the courts affected,
-- none meaning every court) and whether writes pause meanwhile. Announcements are
-- public (the web application shows them before anyone signs in); only platform
-- administrators write them; the worker e-mails the affected users ahead.

-- +goose Up
CREATE TABLE maintenance_windows (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    message      text NOT NULL CHECK (length(message) BETWEEN 1 AND 500),
    court_ids    uuid[] NOT NULL DEFAULT '{}', -- the courts affected; none: every court
    read_only    boolean NOT NULL DEFAULT false,
    created_by   uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz,
    notified_at  timestamptz,
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_live ON maintenance_windows (ends_at) WHERE cancelled_at IS NULL;

ALTER TABLE maintenance_windows ENABLE ROW LEVEL SECURITY;
ALTER TABLE maintenance_windows FORCE ROW LEVEL SECURITY;
CREATE POLICY maintenance_windows_owner ON maintenance_windows TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY maintenance_windows_app_read ON maintenance_windows FOR SELECT TO ccpor_app USING (true);
CREATE POLICY maintenance_windows_app_insert ON maintenance_windows FOR INSERT TO ccpor_app
    WITH CHECK ((SELECT 'platform_admin' = ANY (s.roles) FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
CREATE POLICY maintenance_windows_app_update ON maintenance_windows FOR UPDATE TO ccpor_app
    USING ((SELECT 'platform_admin' = ANY (s.roles) FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
GRANT SELECT, INSERT ON maintenance_windows TO ccpor_app;
GRANT UPDATE (cancelled_at) ON maintenance_windows TO ccpor_app;
CREATE POLICY maintenance_windows_worker_read ON maintenance_windows FOR SELECT TO ccpor_worker USING (true);
CREATE POLICY maintenance_windows_worker_notified ON maintenance_windows FOR UPDATE TO ccpor_worker
    USING (notified_at IS NULL) WITH CHECK (notified_at IS NOT NULL);
GRANT SELECT ON maintenance_windows TO ccpor_worker;
GRANT UPDATE (notified_at) ON maintenance_windows TO ccpor_worker;

-- +goose StatementBegin
-- Where to announce a window: the active users holding a role in an affected court
-- (in any court when the window names none), one address each.
CREATE FUNCTION maintenance_recipients(p_window uuid)
RETURNS TABLE (email text, display_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT DISTINCT ON (lower(u.email)) u.email, u.display_name
    FROM maintenance_windows w
    JOIN memberships m ON m.revoked_at IS NULL AND (cardinality(w.court_ids) = 0 OR m.court_id = ANY (w.court_ids))
    JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
    WHERE w.id = p_window AND w.cancelled_at IS NULL
    ORDER BY lower(u.email), u.display_name
$$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION maintenance_recipients(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION maintenance_recipients(uuid) TO ccpor_worker;
GRANT EXECUTE ON FUNCTION mail_outbox_add(text, text, text) TO ccpor_worker;

-- +goose Down
REVOKE EXECUTE ON FUNCTION mail_outbox_add(text, text, text) FROM ccpor_worker;
DROP FUNCTION maintenance_recipients(uuid);
DROP TABLE maintenance_windows;
