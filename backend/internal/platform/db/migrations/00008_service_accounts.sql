-- Machine clients (a court's case management system) call the API with bearer
-- access tokens from the issuer. A service account maps (issuer, client id) to a
-- technical user of one court, whose memberships are its roles there; a bearer
-- request becomes a session row keyed by the token's hash and expiring with the
-- token, so row-level security applies to it unchanged.

-- +goose Up
CREATE TABLE service_accounts (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id    uuid NOT NULL REFERENCES courts,
    user_id     uuid NOT NULL UNIQUE REFERENCES users,
    issuer      text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
    client_id   text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 255),
    created_by  uuid REFERENCES users,
    created_at  timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz,
    UNIQUE (issuer, client_id)
);
CREATE INDEX service_accounts_court ON service_accounts (court_id);

-- Reached by the application role only through bearer_session_open().
ALTER TABLE service_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY service_accounts_owner ON service_accounts TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY service_accounts_app_guard ON service_accounts AS RESTRICTIVE FOR ALL TO ccpor_app USING (false) WITH CHECK (false);

-- +goose StatementBegin
-- Grants a machine client its roles in one court (the owner's and platform
-- administration's path; no application role may call it). Roles are those of a
-- court's own staff that a case management system may hold.
CREATE FUNCTION service_account_grant(p_issuer text, p_client_id text, p_court uuid, p_username text,
                                      p_roles text[], p_granted_by uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    u uuid;
    r text;
BEGIN
    IF p_roles IS NULL OR cardinality(p_roles) = 0 OR NOT p_roles <@ ARRAY['clerk', 'judicial_officer', 'sheriff', 'auditor'] THEN
        RAISE EXCEPTION 'service_account_grant: roles % are not among clerk, judicial_officer, sheriff, auditor', p_roles
            USING ERRCODE = '22023';
    END IF;
    SELECT a.user_id INTO u FROM service_accounts a WHERE a.issuer = p_issuer AND a.client_id = p_client_id;
    IF u IS NULL THEN
        INSERT INTO users (username, display_name, email)
        VALUES (p_username, 'Service account ' || p_client_id, p_username || '@service.invalid') RETURNING id INTO u;
        INSERT INTO service_accounts (court_id, user_id, issuer, client_id, created_by)
        VALUES (p_court, u, p_issuer, p_client_id, p_granted_by);
    ELSIF NOT EXISTS (SELECT 1 FROM service_accounts a WHERE a.user_id = u AND a.court_id = p_court) THEN
        RAISE EXCEPTION 'service_account_grant: client % belongs to another court', p_client_id USING ERRCODE = '22023';
    END IF;
    FOREACH r IN ARRAY p_roles LOOP
        INSERT INTO memberships (court_id, user_id, role, granted_by) VALUES (p_court, u, r, p_granted_by)
        ON CONFLICT (court_id, user_id, role) WHERE revoked_at IS NULL DO NOTHING;
    END LOOP;
    RETURN u;
END $$;

-- Opens (or finds) the session of one verified bearer token: the caller has checked
-- its signature, issuer, audience and expiry. Answers the service account's user and
-- court, and whether this call opened it (the token's first use, audited as a
-- sign-in); no row when the client is unknown or disabled.
CREATE FUNCTION bearer_session_open(p_hash bytea, p_issuer text, p_client_id text, p_expires timestamptz)
RETURNS TABLE (user_id uuid, court_id uuid, opened boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
DECLARE
    a record;
    fresh boolean;
    expires timestamptz := least(p_expires, now() + interval '24 hours');
BEGIN
    SELECT s.user_id, s.court_id INTO a FROM service_accounts s JOIN users u ON u.id = s.user_id
    WHERE s.issuer = p_issuer AND s.client_id = p_client_id AND s.disabled_at IS NULL AND u.disabled_at IS NULL;
    IF NOT FOUND OR expires <= now() THEN
        RETURN;
    END IF;
    -- Expired bearer sessions are of no use to anyone: clear them now and then.
    IF random() < 0.01 THEN
        DELETE FROM sessions WHERE kind = 'bearer' AND expires_at < now() - interval '1 hour';
    END IF;
    INSERT INTO sessions (token_hash, user_id, active_court_id, created_at, last_seen_at, expires_at, absolute_expires_at, kind)
    VALUES (p_hash, a.user_id, a.court_id, now(), now(), expires, expires, 'bearer')
    ON CONFLICT (token_hash) DO NOTHING;
    fresh := FOUND;
    RETURN QUERY SELECT s.user_id, s.active_court_id, fresh FROM sessions s
        WHERE s.token_hash = p_hash AND s.kind = 'bearer' AND s.user_id = a.user_id
          AND s.ended_at IS NULL AND s.expires_at > now();
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION service_account_grant(text, text, uuid, text, text[], uuid),
    bearer_session_open(bytea, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bearer_session_open(bytea, text, text, timestamptz) TO ccpor_app;

-- +goose Down
DROP FUNCTION bearer_session_open(bytea, text, text, timestamptz),
    service_account_grant(text, text, uuid, text, text[], uuid);
DROP TABLE service_accounts;
