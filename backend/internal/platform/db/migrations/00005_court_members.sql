-- The members of a court, for the screens of its administrators and help desk.
-- ccpor_app sees only the caller's own memberships, so this definer function
-- answers instead, after checking in SQL, from the stated session alone (as the
-- tenancy helpers do), that the caller may see them: a court_admin or helpdesk of
-- that court, or a platform_admin or helpdesk of the statewide court. Anyone else
-- gets no rows. It is flat (it calls no other helper) and reads no order content.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION court_members(court uuid)
RETURNS TABLE (user_id uuid, username text, display_name text, roles text[], clets_certified_until date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
DECLARE
    h text := NULLIF(current_setting('ccpor.session', true), '');
BEGIN
    IF court IS NULL OR h IS NULL OR h !~ '^[0-9a-f]{64}$' THEN
        RETURN;
    END IF;
    IF NOT (SELECT EXISTS (
            SELECT 1 FROM sessions s
            JOIN users u ON u.id = s.user_id
            JOIN memberships m ON m.user_id = s.user_id AND m.revoked_at IS NULL
            JOIN courts c ON c.id = m.court_id
            WHERE s.token_hash = decode(h, 'hex') AND s.ended_at IS NULL
              AND s.expires_at > now() AND u.disabled_at IS NULL
              AND ((m.court_id = court AND c.kind <> 'statewide' AND m.role IN ('court_admin', 'helpdesk'))
                OR (c.kind = 'statewide' AND m.role IN ('platform_admin', 'helpdesk'))))) THEN
        RETURN;
    END IF;
    -- Current memberships of accounts that are not disabled, as authz_assignments() counts them.
    RETURN QUERY
        SELECT u.id, u.username, u.display_name, array_agg(m.role ORDER BY m.role),
               (SELECT max(k.certified_until) FROM certifications k WHERE k.user_id = u.id)
        FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.court_id = court AND m.revoked_at IS NULL AND u.disabled_at IS NULL
        GROUP BY u.id, u.username, u.display_name
        ORDER BY u.display_name, u.username;
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION court_members(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION court_members(uuid) TO ccpor_app;

-- +goose Down
DROP FUNCTION court_members(uuid);
