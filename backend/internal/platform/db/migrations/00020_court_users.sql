-- A court's administrators manage the court's users: invite (the invitation is
-- e-mailed), change roles, record CLETS certifications, remove a user from the
-- court (ending that membership only) and restore it. The statewide help desk and
-- platform administrators disable and enable whole accounts, and a job disables
-- accounts unused for 90 days. See docs/design.md "Who uses it".
--
-- The rules are decided here, from the stated session alone (as court_members
-- does), whatever Go checked: nobody grants a role to or certifies themselves; a
-- court admin grants only clerk, judicial_officer, sheriff, auditor and helpdesk in
-- its own court; court_admin comes from a platform admin. A refusal raises
-- insufficient_privilege (42501) whose message is the reason's key, which the API
-- turns into a plain sentence and audits.

-- +goose Up
-- When a disabled account was last enabled again: the inactivity job counts from it.
ALTER TABLE users ADD COLUMN enabled_at timestamptz;

-- +goose StatementBegin
-- The stated session's user when it is a current court_admin of court (a court,
-- not the statewide domain) and its account is enabled; NULL otherwise.
CREATE FUNCTION court_admin_caller(court uuid) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT s.user_id FROM sessions s
    JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
    WHERE NULLIF(current_setting('ccpor.session', true), '') ~ '^[0-9a-f]{64}$'
      AND s.token_hash = decode(current_setting('ccpor.session', true), 'hex')
      AND s.ended_at IS NULL AND s.expires_at > now()
      AND EXISTS (SELECT 1 FROM memberships m JOIN courts c ON c.id = m.court_id AND c.kind <> 'statewide'
                  WHERE m.user_id = s.user_id AND m.court_id = court AND m.revoked_at IS NULL AND m.role = 'court_admin')
$$;

-- The court's users for its administrators: current members and removed ones (who
-- may be restored), with their roles (or, removed, the roles they held), CLETS
-- certification, last sign-in and whether the account is disabled. Nothing for
-- anyone else.
CREATE FUNCTION court_users(court uuid)
RETURNS TABLE (user_id uuid, username text, display_name text, email text, roles text[], removed boolean,
               clets_certified_until date, last_sign_in timestamptz, disabled boolean, invited boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
    IF court_admin_caller(court) IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY
        WITH cur AS (SELECT m.user_id, array_agg(m.role ORDER BY m.role) AS roles FROM memberships m
                     WHERE m.court_id = court AND m.revoked_at IS NULL GROUP BY m.user_id),
             gone AS (SELECT m.user_id, array_agg(m.role ORDER BY m.role) AS roles FROM memberships m
                      WHERE m.court_id = court AND m.revoked_at IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.user_id = m.user_id)
                        AND m.revoked_at = (SELECT max(x.revoked_at) FROM memberships x
                                            WHERE x.court_id = court AND x.user_id = m.user_id)
                      GROUP BY m.user_id),
             everyone AS (SELECT cur.user_id, cur.roles, false AS removed FROM cur
                          UNION ALL SELECT gone.user_id, gone.roles, true FROM gone)
        SELECT u.id, u.username, u.display_name, u.email, e.roles, e.removed,
               (SELECT max(k.certified_until) FROM certifications k WHERE k.user_id = u.id),
               (SELECT max(s.created_at) FROM sessions s WHERE s.user_id = u.id AND s.kind = 'browser'),
               u.disabled_at IS NOT NULL,
               NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.kind = 'browser')
        FROM everyone e JOIN users u ON u.id = e.user_id
        WHERE NOT EXISTS (SELECT 1 FROM service_accounts sa WHERE sa.user_id = u.id)
        ORDER BY e.removed, u.display_name, u.username;
END $$;

-- Checks the roles a court admin hands out: at least one, each of them grantable.
CREATE FUNCTION court_roles_check(p_roles text[]) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, public AS $$
BEGIN
    IF p_roles IS NULL OR cardinality(p_roles) = 0 THEN
        RAISE EXCEPTION 'no_roles' USING ERRCODE = '22023';
    END IF;
    IF NOT p_roles <@ ARRAY['clerk', 'judicial_officer', 'sheriff', 'auditor', 'helpdesk'] THEN
        RAISE EXCEPTION 'role_not_grantable' USING ERRCODE = '42501';
    END IF;
END $$;

-- Invites a new user to court with roles (and a CLETS certification until a
-- date, when given): the user, its memberships, its certification and the
-- invitation (only the hash of its token). Answers the user's id.
CREATE FUNCTION court_user_invite(p_court uuid, p_username text, p_name text, p_email text, p_roles text[],
                                  p_clets_until date, p_hash bytea, p_ttl interval)
RETURNS uuid LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_admin_caller(p_court);
    who uuid;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'not_court_admin' USING ERRCODE = '42501';
    END IF;
    PERFORM court_roles_check(p_roles);
    INSERT INTO users (username, display_name, email) VALUES (p_username, p_name, p_email) RETURNING id INTO who;
    INSERT INTO memberships (court_id, user_id, role, granted_by)
    SELECT p_court, who, r, me FROM unnest(p_roles) r GROUP BY r;
    IF p_clets_until IS NOT NULL THEN
        INSERT INTO certifications (court_id, user_id, certified_until, recorded_by) VALUES (p_court, who, p_clets_until, me);
    END IF;
    INSERT INTO invitations (token_hash, user_id, created_by, expires_at)
    VALUES (p_hash, who, me, now() + least(p_ttl, interval '30 days'));
    RETURN who;
END $$;

-- The target of a court admin's act on a user of its court: the caller, after the
-- checks every such act shares (a court admin of the court; not oneself; the user
-- is (or, for a restore, was) a member of the court).
CREATE FUNCTION court_user_target(p_court uuid, p_user uuid, p_current boolean) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_admin_caller(p_court);
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'not_court_admin' USING ERRCODE = '42501';
    END IF;
    IF p_user = me THEN
        RAISE EXCEPTION 'self' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM memberships m WHERE m.court_id = p_court AND m.user_id = p_user
                   AND (m.revoked_at IS NULL) = p_current)
       OR EXISTS (SELECT 1 FROM service_accounts sa WHERE sa.user_id = p_user) THEN
        RAISE EXCEPTION 'not_member' USING ERRCODE = 'P0002';
    END IF;
    RETURN me;
END $$;

-- Sets the grantable roles a user holds in court to p_roles; a role a court admin
-- cannot grant (court_admin) is neither added nor taken away.
CREATE FUNCTION court_user_set_roles(p_court uuid, p_user uuid, p_roles text[])
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_user_target(p_court, p_user, true);
BEGIN
    PERFORM court_roles_check(p_roles);
    UPDATE memberships SET revoked_at = now(), revoked_by = me
    WHERE court_id = p_court AND user_id = p_user AND revoked_at IS NULL
      AND role IN ('clerk', 'judicial_officer', 'sheriff', 'auditor', 'helpdesk') AND NOT role = ANY (p_roles);
    INSERT INTO memberships (court_id, user_id, role, granted_by)
    SELECT p_court, p_user, r, me FROM unnest(p_roles) r GROUP BY r
    ON CONFLICT (court_id, user_id, role) WHERE revoked_at IS NULL DO NOTHING;
END $$;

-- Records (or renews) a user's CLETS certification until p_until.
CREATE FUNCTION court_user_certify(p_court uuid, p_user uuid, p_until date)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_user_target(p_court, p_user, true);
BEGIN
    INSERT INTO certifications (court_id, user_id, certified_until, recorded_by) VALUES (p_court, p_user, p_until, me);
END $$;

-- Removes a user from court: every current membership there ends (the account and
-- its memberships elsewhere stay). A fellow court admin is removed by a platform admin.
CREATE FUNCTION court_user_remove(p_court uuid, p_user uuid)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_user_target(p_court, p_user, true);
BEGIN
    IF EXISTS (SELECT 1 FROM memberships m WHERE m.court_id = p_court AND m.user_id = p_user
               AND m.revoked_at IS NULL AND m.role = 'court_admin') THEN
        RAISE EXCEPTION 'target_court_admin' USING ERRCODE = '42501';
    END IF;
    UPDATE memberships SET revoked_at = now(), revoked_by = me
    WHERE court_id = p_court AND user_id = p_user AND revoked_at IS NULL;
END $$;

-- Restores a removed user: the grantable roles it held when removed come back.
CREATE FUNCTION court_user_restore(p_court uuid, p_user uuid)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid;
BEGIN
    IF EXISTS (SELECT 1 FROM memberships m WHERE m.court_id = p_court AND m.user_id = p_user AND m.revoked_at IS NULL) THEN
        RAISE EXCEPTION 'not_removed' USING ERRCODE = '55000';
    END IF;
    me := court_user_target(p_court, p_user, false);
    INSERT INTO memberships (court_id, user_id, role, granted_by)
    SELECT p_court, p_user, m.role, me FROM memberships m
    WHERE m.court_id = p_court AND m.user_id = p_user
      AND m.role IN ('clerk', 'judicial_officer', 'sheriff', 'auditor', 'helpdesk')
      AND m.revoked_at = (SELECT max(x.revoked_at) FROM memberships x WHERE x.court_id = p_court AND x.user_id = p_user)
    GROUP BY m.role;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'nothing_to_restore' USING ERRCODE = '55000';
    END IF;
END $$;

-- Disables or enables a whole account: the statewide help desk's and platform
-- administrators' act, never on oneself. Disabling ends the account's sessions
-- (trigger users_end_sessions). Answers the user's e-mail and name.
CREATE FUNCTION account_set_disabled(p_user uuid, p_disabled boolean, OUT email text, OUT display_name text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid;
BEGIN
    SELECT s.user_id INTO me FROM sessions s
    JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
    WHERE NULLIF(current_setting('ccpor.session', true), '') ~ '^[0-9a-f]{64}$'
      AND s.token_hash = decode(current_setting('ccpor.session', true), 'hex')
      AND s.ended_at IS NULL AND s.expires_at > now()
      AND EXISTS (SELECT 1 FROM memberships m JOIN courts c ON c.id = m.court_id AND c.kind = 'statewide'
                  WHERE m.user_id = s.user_id AND m.revoked_at IS NULL AND m.role IN ('platform_admin', 'helpdesk'));
    IF me IS NULL THEN
        RAISE EXCEPTION 'not_statewide' USING ERRCODE = '42501';
    END IF;
    IF p_user = me THEN
        RAISE EXCEPTION 'self' USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM service_accounts sa WHERE sa.user_id = p_user) THEN
        RAISE EXCEPTION 'not_member' USING ERRCODE = 'P0002';
    END IF;
    UPDATE users u SET disabled_at = CASE WHEN p_disabled THEN coalesce(u.disabled_at, now()) END,
                       enabled_at = CASE WHEN p_disabled THEN u.enabled_at ELSE now() END
    WHERE u.id = p_user RETURNING u.email, u.display_name INTO email, display_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'not_member' USING ERRCODE = 'P0002';
    END IF;
END $$;

-- The inactivity job (as ccpor_worker): disables every enabled account (not a
-- machine client's) unused since p_now - p_idle: no sign-in, session activity,
-- creation or re-enabling since. Each is audited in the chain of each court where
-- it held a role (the statewide one when none). Answers who was disabled, with the
-- e-mail addresses of the court admins of its courts, to be told.
CREATE FUNCTION accounts_disable_inactive(p_now timestamptz, p_idle interval)
RETURNS TABLE (user_id uuid, username text, display_name text, email text, last_active timestamptz, admins text[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
    IF p_idle < interval '30 days' THEN
        RAISE EXCEPTION 'accounts_disable_inactive: % is too short', p_idle;
    END IF;
    RETURN QUERY
    WITH idle AS (
        SELECT u.id, greatest(u.created_at, u.enabled_at,
                              (SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id AND s.kind = 'browser')) AS seen
        FROM users u
        WHERE u.disabled_at IS NULL AND NOT EXISTS (SELECT 1 FROM service_accounts sa WHERE sa.user_id = u.id)
    ), done AS (
        UPDATE users u SET disabled_at = p_now FROM idle
        WHERE u.id = idle.id AND idle.seen <= p_now - p_idle
        RETURNING u.id, u.username, u.display_name, u.email, idle.seen
    ), logged AS (
        INSERT INTO audit_events (court_id, user_id, actor, action, object_type, object_id, outcome, reason)
        SELECT c.court_id, NULL, 'inactivity job', 'user.account.disable', 'user', d.id::text, 'success',
               'unused since ' || to_char(d.seen AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' UTC'
        FROM done d
        CROSS JOIN LATERAL (
            SELECT m.court_id FROM memberships m WHERE m.user_id = d.id AND m.revoked_at IS NULL GROUP BY m.court_id
            UNION SELECT c.id FROM courts c WHERE c.kind = 'statewide'
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = d.id AND m.revoked_at IS NULL)) c
        RETURNING 1
    )
    SELECT d.id, d.username, d.display_name, d.email, d.seen,
           ARRAY(SELECT DISTINCT a.email FROM memberships m
                 JOIN memberships am ON am.court_id = m.court_id AND am.role = 'court_admin' AND am.revoked_at IS NULL
                 JOIN users a ON a.id = am.user_id AND a.disabled_at IS NULL AND a.id <> d.id
                 WHERE m.user_id = d.id AND m.revoked_at IS NULL ORDER BY a.email)
    FROM done d, (SELECT count(*) FROM logged) AS l
    ORDER BY d.username;
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION court_admin_caller(uuid), court_users(uuid), court_roles_check(text[]),
    court_user_invite(uuid, text, text, text, text[], date, bytea, interval), court_user_target(uuid, uuid, boolean),
    court_user_set_roles(uuid, uuid, text[]), court_user_certify(uuid, uuid, date), court_user_remove(uuid, uuid),
    court_user_restore(uuid, uuid), account_set_disabled(uuid, boolean), 
    accounts_disable_inactive(timestamptz, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION court_users(uuid), court_user_invite(uuid, text, text, text, text[], date, bytea, interval),
    court_user_set_roles(uuid, uuid, text[]), court_user_certify(uuid, uuid, date), court_user_remove(uuid, uuid),
    court_user_restore(uuid, uuid), account_set_disabled(uuid, boolean) TO ccpor_app;
GRANT EXECUTE ON FUNCTION accounts_disable_inactive(timestamptz, interval), mail_outbox_add(text, text, text) TO ccpor_worker;

-- +goose Down
REVOKE EXECUTE ON FUNCTION mail_outbox_add(text, text, text) FROM ccpor_worker;
DROP FUNCTION accounts_disable_inactive(timestamptz, interval),
    account_set_disabled(uuid, boolean), court_user_restore(uuid, uuid), court_user_remove(uuid, uuid),
    court_user_certify(uuid, uuid, date), court_user_set_roles(uuid, uuid, text[]), court_user_target(uuid, uuid, boolean),
    court_user_invite(uuid, text, text, text, text[], date, bytea, interval), court_roles_check(text[]),
    court_users(uuid), court_admin_caller(uuid);
ALTER TABLE users DROP COLUMN enabled_at;
