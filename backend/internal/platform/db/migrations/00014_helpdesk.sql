-- The help desk console (docs/design.md "Who uses it"): searching the users in the help
-- desk's scope and resetting accounts (a password reset link, the second factor,
-- a lockout, the sessions). A court's help desk acts on the non-privileged users
-- of its court; the statewide help desk on everybody but itself and machine
-- clients. The rule lives here, in one function, and every act checks it again.
-- A second-factor reset makes the next sign-in at the built-in provider set a new
-- password and new one-time codes (re-enrolment) after the old password.

-- +goose Up
ALTER TABLE idp_accounts ADD COLUMN reenrol_at timestamptz; -- second factor reset: the next sign-in enrols again
ALTER TABLE idp_auth_requests ADD COLUMN reenrol boolean NOT NULL DEFAULT false;

-- +goose StatementBegin
-- The stated session when it acts as help desk: who, for which court, statewide or not.
CREATE FUNCTION helpdesk_caller(OUT user_id uuid, OUT court_id uuid, OUT statewide boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT s.user_id, s.acting_court_id, c.kind = 'statewide'
    FROM session_scopes s JOIN courts c ON c.id = s.acting_court_id
    WHERE s.token_hex = current_setting('ccpor.session', true)
      AND s.acting_court_id::text = current_setting('ccpor.court', true)
      AND s.expires_at > now() AND 'helpdesk' = ANY (s.roles)
$$;

-- Why the stated session's help desk may not act on p_user; NULL when it may.
CREATE FUNCTION helpdesk_refusal(p_user uuid)
RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    h record;
BEGIN
    SELECT * INTO h FROM helpdesk_caller();
    IF h.user_id IS NULL THEN
        RETURN 'not_helpdesk';
    ELSIF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p_user) THEN
        RETURN 'unknown_user';
    ELSIF p_user = h.user_id THEN
        RETURN 'self';
    ELSIF EXISTS (SELECT 1 FROM service_accounts a WHERE a.user_id = p_user) THEN
        RETURN 'service_account';
    ELSIF h.statewide THEN
        RETURN NULL;
    ELSIF NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p_user AND m.court_id = h.court_id AND m.revoked_at IS NULL) THEN
        RETURN 'outside_court';
    ELSIF EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p_user AND m.revoked_at IS NULL
                  AND m.role IN ('platform_admin', 'court_admin', 'helpdesk')) THEN
        RETURN 'privileged';
    END IF;
    RETURN NULL;
END $$;

-- Raises insufficient_privilege unless the help desk may act on p_user.
CREATE FUNCTION helpdesk_check(p_user uuid)
RETURNS void LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    why text := helpdesk_refusal(p_user);
BEGIN
    IF why IS NOT NULL THEN
        RAISE EXCEPTION 'helpdesk: refused: %', why USING ERRCODE = '42501';
    END IF;
END $$;

-- The users in the help desk's scope whose username, name or e-mail contains
-- p_query (any case): the court's members, or everybody for the statewide help
-- desk; machine clients never. refusal says why an act on the user would be refused.
CREATE FUNCTION helpdesk_search(p_query text, p_limit integer)
RETURNS TABLE (user_id uuid, username text, display_name text, email text, memberships jsonb, disabled boolean,
               has_account boolean, locked boolean, second_factor boolean, reenrol boolean, refusal text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, u.username, u.display_name, u.email,
           coalesce((SELECT jsonb_agg(jsonb_build_object('courtId', c.id, 'courtCode', c.code, 'courtName', c.name, 'role', m.role)
                                      ORDER BY c.name, m.role)
                     FROM memberships m JOIN courts c ON c.id = m.court_id
                     WHERE m.user_id = u.id AND m.revoked_at IS NULL), '[]'),
           u.disabled_at IS NOT NULL, a.user_id IS NOT NULL, coalesce(a.locked_at IS NOT NULL, false),
           coalesce(a.totp_secret IS NOT NULL, false), coalesce(a.reenrol_at IS NOT NULL, false),
           helpdesk_refusal(u.id)
    FROM helpdesk_caller() h
    JOIN users u ON h.statewide OR EXISTS (SELECT 1 FROM memberships m
                                           WHERE m.user_id = u.id AND m.court_id = h.court_id AND m.revoked_at IS NULL)
    LEFT JOIN idp_accounts a ON a.user_id = u.id
    WHERE h.user_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM service_accounts s WHERE s.user_id = u.id)
      AND (strpos(lower(u.username), lower(p_query)) > 0 OR strpos(lower(u.display_name), lower(p_query)) > 0
           OR strpos(lower(u.email), lower(p_query)) > 0)
    ORDER BY u.display_name, u.username
    LIMIT least(greatest(p_limit, 1), 100)
$$;

-- A password reset link for p_user (the self-service reset's link, started by
-- the help desk): where to send it; nothing when the user has no password at the
-- built-in provider.
CREATE FUNCTION helpdesk_reset_link(p_user uuid, p_hash bytea, p_ttl interval,
    OUT username text, OUT display_name text, OUT email text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM helpdesk_check(p_user);
    SELECT u.username, u.display_name, u.email INTO username, display_name, email
    FROM users u JOIN idp_accounts a ON a.user_id = u.id AND a.password_hash IS NOT NULL
    WHERE u.id = p_user AND u.disabled_at IS NULL;
    IF username IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO idp_password_resets (token_hash, user_id, expires_at) VALUES (p_hash, p_user, now() + least(p_ttl, interval '1 hour'));
END $$;

-- Ends p_user's sessions and the provider's tokens; answers how many sessions were live.
CREATE FUNCTION helpdesk_end_sessions(p_user uuid)
RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    n integer;
BEGIN
    PERFORM helpdesk_check(p_user);
    UPDATE sessions SET ended_at = now() WHERE user_id = p_user AND ended_at IS NULL AND expires_at > now();
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM idp_refresh_tokens WHERE subject = p_user::text;
    DELETE FROM idp_access_tokens WHERE subject = p_user::text;
    RETURN n;
END $$;

-- Resets p_user's second factor: the one-time code secret and the recovery codes
-- go, the next sign-in sets a new password and new codes, and every session ends.
-- Answers where to tell the user; nothing when the user has no account at the
-- built-in provider.
CREATE FUNCTION helpdesk_reset_second_factor(p_user uuid, OUT username text, OUT display_name text, OUT email text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM helpdesk_check(p_user);
    UPDATE idp_accounts a SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL, recovery_codes = '[]',
        reenrol_at = now()
    FROM users u WHERE u.id = a.user_id AND a.user_id = p_user AND a.password_hash IS NOT NULL AND u.disabled_at IS NULL
    RETURNING u.username, u.display_name, u.email INTO username, display_name, email;
    IF username IS NULL THEN
        RETURN;
    END IF;
    PERFORM helpdesk_end_sessions(p_user);
    UPDATE idp_password_resets SET used_at = now() WHERE user_id = p_user AND used_at IS NULL;
END $$;

-- Releases p_user's lockout; false when the account was not locked (or has none).
CREATE FUNCTION helpdesk_unlock(p_user uuid)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM helpdesk_check(p_user);
    UPDATE idp_accounts SET locked_at = NULL, failures = 0, first_failure = NULL
    WHERE user_id = p_user AND locked_at IS NOT NULL;
    RETURN FOUND;
END $$;

-- Whether p_user's next sign-in is a re-enrolment (second factor reset, not locked).
CREATE FUNCTION idp_account_reenrol_pending(p_user uuid)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM idp_accounts a WHERE a.user_id = p_user AND a.reenrol_at IS NOT NULL
                   AND a.totp_secret IS NULL AND a.locked_at IS NULL AND a.password_hash IS NOT NULL)
$$;

-- The re-enrolment a sign-in (past its password step) continues: the user, and the
-- TOTP secret to confirm once the new password is set.
CREATE FUNCTION idp_reenrolment(p_request uuid,
    OUT user_id uuid, OUT username text, OUT display_name text, OUT pending text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, u.username, u.display_name, a.totp_pending
    FROM idp_auth_requests r JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
    JOIN idp_accounts a ON a.user_id = u.id
    WHERE r.id = p_request AND r.reenrol AND r.password_at IS NOT NULL AND r.expires_at > now()
      AND a.reenrol_at IS NOT NULL AND a.totp_secret IS NULL AND a.locked_at IS NULL
$$;

-- Re-enrolment, step 1: the new password and the TOTP secret to confirm.
CREATE FUNCTION idp_reenrol_password(p_request uuid, p_hash text, p_pending text)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    who uuid;
BEGIN
    SELECT e.user_id INTO who FROM idp_reenrolment(p_request) e;
    IF who IS NULL THEN
        RETURN false;
    END IF;
    UPDATE idp_accounts SET password_hash = p_hash, password_set_at = now(), totp_pending = p_pending WHERE user_id = who;
    RETURN true;
END $$;

-- Re-enrolment, step 2: the TOTP secret confirmed by a code of time step p_step;
-- the re-enrolment is over and the sign-in has both factors.
CREATE FUNCTION idp_reenrol_totp(p_request uuid, p_step bigint, p_recovery jsonb)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    who uuid;
BEGIN
    SELECT e.user_id INTO who FROM idp_reenrolment(p_request) e WHERE e.pending IS NOT NULL;
    IF who IS NULL THEN
        RETURN false;
    END IF;
    UPDATE idp_accounts SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = p_step,
        recovery_codes = p_recovery, reenrol_at = NULL, failures = 0, first_failure = NULL
    WHERE user_id = who;
    UPDATE idp_auth_requests SET amr = '["pwd", "otp"]', auth_time = now(), reenrol = false WHERE id = p_request;
    RETURN true;
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION helpdesk_caller(), helpdesk_refusal(uuid), helpdesk_check(uuid), helpdesk_search(text, integer),
    helpdesk_reset_link(uuid, bytea, interval), helpdesk_end_sessions(uuid), helpdesk_reset_second_factor(uuid),
    helpdesk_unlock(uuid), idp_account_reenrol_pending(uuid), idp_reenrolment(uuid), idp_reenrol_password(uuid, text, text),
    idp_reenrol_totp(uuid, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION helpdesk_refusal(uuid), helpdesk_search(text, integer),
    helpdesk_reset_link(uuid, bytea, interval), helpdesk_end_sessions(uuid), helpdesk_reset_second_factor(uuid),
    helpdesk_unlock(uuid), idp_account_reenrol_pending(uuid), idp_reenrolment(uuid), idp_reenrol_password(uuid, text, text),
    idp_reenrol_totp(uuid, bigint, jsonb) TO ccpor_app;

-- +goose Down
DROP FUNCTION idp_reenrol_totp(uuid, bigint, jsonb), idp_reenrol_password(uuid, text, text), idp_reenrolment(uuid),
    idp_account_reenrol_pending(uuid), helpdesk_unlock(uuid), helpdesk_reset_second_factor(uuid),
    helpdesk_end_sessions(uuid), helpdesk_reset_link(uuid, bytea, interval), helpdesk_search(text, integer),
    helpdesk_check(uuid), helpdesk_refusal(uuid), helpdesk_caller();
ALTER TABLE idp_auth_requests DROP COLUMN reenrol;
ALTER TABLE idp_accounts DROP COLUMN reenrol_at;
