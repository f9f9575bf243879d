-- Courts as tenants: the court directory, users, memberships (the one source of
-- role assignments), CLETS certifications, sessions, and the three flat helpers the
-- policies of every tenant table call. See docs/design.md "Tenancy".

-- +goose Up
CREATE TABLE courts (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code              text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
    name              text NOT NULL CHECK (length(name) BETWEEN 3 AND 200),
    kind              text NOT NULL CHECK (kind IN ('county', 'tribal', 'statewide')),
    county            text CHECK (length(county) <= 40),
    ori               text UNIQUE CHECK (ori ~ '^[A-Z]{2}[0-9A-Z]{7}$'),
    clets_submitting  boolean NOT NULL DEFAULT false,
    shares_statewide  boolean NOT NULL DEFAULT true,
    onboarding_status text NOT NULL DEFAULT 'planned'
                      CHECK (onboarding_status IN ('planned', 'onboarding', 'pilot', 'live')),
    go_live_date      date,
    contact_name      text CHECK (length(contact_name) <= 200),
    contact_phone     text CHECK (length(contact_phone) <= 40),
    contact_email     text CHECK (length(contact_email) <= 254),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'county' OR county IS NOT NULL),
    -- the statewide domain holds no orders and never submits to CLETS
    CHECK (kind <> 'statewide' OR (NOT clets_submitting AND NOT shares_statewide))
);
CREATE UNIQUE INDEX courts_one_statewide ON courts ((true)) WHERE kind = 'statewide';

CREATE TABLE users (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username     text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    email        text NOT NULL CHECK (length(email) <= 254 AND email LIKE '%_@_%'),
    disabled_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username ON users (username);

CREATE TABLE memberships (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id   uuid NOT NULL REFERENCES courts,
    user_id    uuid NOT NULL REFERENCES users,
    role       text NOT NULL CHECK (role IN ('platform_admin', 'court_admin', 'helpdesk', 'clerk',
                                             'judicial_officer', 'sheriff', 'auditor')),
    granted_by uuid REFERENCES users,
    granted_at timestamptz NOT NULL DEFAULT now(),
    revoked_by uuid REFERENCES users,
    revoked_at timestamptz
);
CREATE UNIQUE INDEX memberships_current ON memberships (court_id, user_id, role) WHERE revoked_at IS NULL;
CREATE INDEX memberships_user ON memberships (user_id, court_id) WHERE revoked_at IS NULL;

CREATE TABLE certifications (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id        uuid NOT NULL REFERENCES courts, -- the court whose administrator recorded it
    user_id         uuid NOT NULL REFERENCES users,
    kind            text NOT NULL DEFAULT 'clets' CHECK (kind = 'clets'),
    certified_until date NOT NULL,
    recorded_by     uuid REFERENCES users,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (recorded_by IS DISTINCT FROM user_id)
);
CREATE INDEX certifications_user ON certifications (user_id, certified_until);

-- Sessions are found by the hash of their token only; the application role cannot
-- list them, so even injected SQL cannot become another user without that user's token.
CREATE TABLE sessions (
    token_hash      bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id         uuid NOT NULL REFERENCES users,
    active_court_id uuid REFERENCES courts,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    ended_at        timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL;

-- What a session may do, materialized: one row per live session, keyed by the hex
-- of its token hash, derived from sessions, users, memberships, certifications and
-- courts by session_scope_refresh() whenever one of those changes. Policies read the
-- row of the session the transaction states, by primary key, in a subquery: no
-- function call per statement (a definer plpgsql call costs more per statement than
-- the rest of a point read; see docs/adr/0001-session-scopes.md). The application role
-- reads only the row whose hash it states, so it cannot list sessions, and nothing in
-- the row comes from Go.
CREATE TABLE session_scopes (
    token_hex       text PRIMARY KEY,
    user_id         uuid NOT NULL,
    acting_court_id uuid,                 -- the session's active court, when a membership holds
    roles           text[] NOT NULL,      -- the user's roles in that court
    read_courts     uuid[] NOT NULL,      -- courts whose orders the session may read
    audit_courts    uuid[] NOT NULL,      -- courts whose audit log the session may read
    clets_until     date,                 -- the last day of the user's CLETS certification
    expires_at      timestamptz NOT NULL
);

-- +goose StatementBegin
-- The one place that decides what a session may read: nothing unless the active court
-- is a membership; with clerk, judicial_officer or sheriff there, that court and every
-- court that shares statewide. Administrators, the help desk and auditors read no
-- order content. Auditors read the audit log of their court; a statewide auditor, of
-- every court.
CREATE FUNCTION session_scope_refresh(hashes bytea[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    DELETE FROM session_scopes WHERE token_hex = ANY (ARRAY(SELECT encode(h, 'hex') FROM unnest(hashes) h));
    INSERT INTO session_scopes (token_hex, user_id, acting_court_id, roles, read_courts, audit_courts,
                                clets_until, expires_at)
    SELECT encode(s.token_hash, 'hex'), s.user_id,
           CASE WHEN r.roles IS NOT NULL THEN s.active_court_id END,
           coalesce(r.roles, '{}'),
           CASE WHEN r.roles && ARRAY['clerk', 'judicial_officer', 'sheriff']
                THEN array_append(ARRAY(SELECT c.id FROM courts c WHERE c.shares_statewide AND c.id <> s.active_court_id),
                                  s.active_court_id)
                ELSE '{}' END,
           CASE WHEN 'auditor' = ANY (r.roles) THEN
                CASE WHEN (SELECT c.kind FROM courts c WHERE c.id = s.active_court_id) = 'statewide'
                     THEN ARRAY(SELECT c.id FROM courts c) ELSE ARRAY[s.active_court_id] END
                ELSE '{}' END,
           (SELECT max(k.certified_until) FROM certifications k WHERE k.user_id = s.user_id),
           s.expires_at
    FROM sessions s
    JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
    LEFT JOIN LATERAL (SELECT array_agg(m.role ORDER BY m.role) AS roles FROM memberships m
                       WHERE m.user_id = s.user_id AND m.court_id = s.active_court_id
                         AND m.revoked_at IS NULL) r ON true
    WHERE s.token_hash = ANY (hashes) AND s.ended_at IS NULL;
END $$;

CREATE FUNCTION session_scope_of_session() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM session_scope_refresh(ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.token_hash ELSE NEW.token_hash END]);
    RETURN NULL;
END $$;

CREATE FUNCTION session_scope_of_user() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM session_scope_refresh(ARRAY(SELECT token_hash FROM sessions WHERE user_id = OLD.user_id AND ended_at IS NULL));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM session_scope_refresh(ARRAY(SELECT token_hash FROM sessions WHERE user_id = NEW.user_id AND ended_at IS NULL));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION session_scope_of_account() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM session_scope_refresh(ARRAY(SELECT token_hash FROM sessions WHERE user_id = NEW.id AND ended_at IS NULL));
    RETURN NULL;
END $$;

CREATE FUNCTION session_scope_of_everyone() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM session_scope_refresh(ARRAY(SELECT token_hash FROM sessions WHERE ended_at IS NULL));
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER sessions_scope AFTER INSERT OR DELETE OR UPDATE OF user_id, active_court_id, expires_at, ended_at
    ON sessions FOR EACH ROW EXECUTE FUNCTION session_scope_of_session();
CREATE TRIGGER memberships_scope AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION session_scope_of_user();
CREATE TRIGGER certifications_scope AFTER INSERT OR UPDATE OR DELETE ON certifications
    FOR EACH ROW EXECUTE FUNCTION session_scope_of_user();
CREATE TRIGGER users_scope AFTER UPDATE OF disabled_at ON users
    FOR EACH ROW EXECUTE FUNCTION session_scope_of_account();
CREATE TRIGGER courts_scope AFTER INSERT OR UPDATE OF shares_statewide ON courts
    FOR EACH STATEMENT EXECUTE FUNCTION session_scope_of_everyone();

ALTER TABLE session_scopes ENABLE ROW LEVEL SECURITY;
ALTER TABLE session_scopes FORCE ROW LEVEL SECURITY;
CREATE POLICY session_scopes_owner ON session_scopes TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY session_scopes_app_stated ON session_scopes FOR SELECT TO ccpor_app
    USING (token_hex = current_setting('ccpor.session', true));
GRANT SELECT ON session_scopes TO ccpor_app;

-- The helpers, for Go and for queries that want them by name. Policies do not call
-- them (a call per statement costs more than the lookup); they inline the same
-- subquery through tenancy_apply. Each reads only the stated session's scope row.
-- +goose StatementBegin
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT s.user_id FROM public.session_scopes s
    WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()
$$;

CREATE FUNCTION app_court() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT s.acting_court_id FROM public.session_scopes s
    WHERE s.token_hex = current_setting('ccpor.session', true)
      AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()
$$;

CREATE FUNCTION app_read_courts() RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT s.read_courts FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()), '{}')
$$;

CREATE FUNCTION app_clets_current() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date
        FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()), false)
$$;

-- Who is asking, for the role rules in Go: the user, the acting court (when the
-- membership holds), the roles there and whether CLETS certification is current.
CREATE FUNCTION app_whoami(OUT user_id uuid, OUT court_id uuid, OUT clets_current boolean, OUT roles text[])
LANGUAGE sql STABLE AS $$
    SELECT s.user_id, s.acting_court_id,
           coalesce(s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date, false), s.roles
    FROM public.session_scopes s
    WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- Every current role assignment, for the role rules (casbin) of every process: user,
-- court, role; no names, no contact data.
CREATE FUNCTION authz_assignments() RETURNS TABLE (user_id uuid, court_id uuid, role text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT m.user_id, m.court_id, m.role FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.revoked_at IS NULL AND u.disabled_at IS NULL
$$;

-- A change of assignments wakes every process's role rules.
CREATE FUNCTION authz_notify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM pg_notify('ccpor_authz', '');
    RETURN NULL;
END $$;

-- Applies the tenancy pattern to a table with court_id. Later migrations call it in
-- one line per table; what differs (worker policies, CLETS guard) is a parameter.
--   content: 'orders' (readable where the session's read_courts allow) or
--            'court'  (readable by members of the acting court only)
--   clets:   add the restrictive CLETS guard on SELECT
CREATE PROCEDURE tenancy_apply(tbl regclass, content text, clets boolean DEFAULT false)
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    n text := (SELECT relname FROM pg_class WHERE oid = tbl);
    scope constant text := 'FROM public.session_scopes s WHERE s.token_hex = current_setting(''ccpor.session'', true) '
        'AND s.acting_court_id::text = current_setting(''ccpor.court'', true) AND s.expires_at > now()';
    acting constant text := '(SELECT s.acting_court_id ' || scope || ')';
BEGIN
    IF content NOT IN ('orders', 'court') THEN
        RAISE EXCEPTION 'tenancy_apply: content must be orders or court, not %', content;
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    IF content = 'orders' THEN
        EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO ccpor_app USING (court_id = ANY ((SELECT s.read_courts %s)::uuid[]))',
                       n || '_app_read', tbl, scope);
    ELSE
        EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO ccpor_app USING (court_id = %s)', n || '_app_read', tbl, acting);
    END IF;
    EXECUTE format('CREATE POLICY %I ON %s FOR INSERT TO ccpor_app WITH CHECK (court_id = %s)', n || '_app_insert', tbl, acting);
    EXECUTE format('CREATE POLICY %I ON %s FOR UPDATE TO ccpor_app USING (court_id = %s) WITH CHECK (court_id = %s)',
                   n || '_app_update', tbl, acting, acting);
    EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR ALL TO ccpor_app USING (%s IS NOT NULL) WITH CHECK (%s IS NOT NULL)',
                   n || '_app_guard', tbl, acting, acting);
    IF clets THEN
        EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR SELECT TO ccpor_app USING ((SELECT s.clets_until >= (now() AT TIME ZONE ''America/Los_Angeles'')::date %s) IS TRUE)',
                       n || '_app_clets', tbl, scope);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO ccpor_app', tbl);
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON PROCEDURE tenancy_apply(regclass, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_user_id(), app_court(), app_read_courts(), app_clets_current(),
    app_whoami(), authz_assignments() TO ccpor_app;

CREATE TRIGGER memberships_notify AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION authz_notify();
CREATE TRIGGER users_notify AFTER UPDATE OF disabled_at ON users
    FOR EACH STATEMENT EXECUTE FUNCTION authz_notify();

-- The court directory is public within the registry: names, kinds, ORIs, contacts.
GRANT SELECT ON courts TO ccpor_app, ccpor_worker;

-- Users: the application role sees the signed-in user's own row; administration
-- screens reach others through their own functions.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_owner ON users TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY users_app_self ON users FOR SELECT TO ccpor_app USING (id = (SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()));
GRANT SELECT ON users TO ccpor_app;

-- Sessions: no policy for the application role; only the definer helpers read them.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_owner ON sessions TO ccpor_owner USING (true) WITH CHECK (true);

-- Memberships: the application role sees only the caller's own.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_owner ON memberships TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY memberships_app_own ON memberships FOR SELECT TO ccpor_app USING (user_id = (SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()));
CREATE POLICY memberships_app_guard ON memberships AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()) IS NOT NULL) WITH CHECK ((SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()) IS NOT NULL);
GRANT SELECT ON memberships TO ccpor_app;

-- Certifications: the caller's own.
ALTER TABLE certifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE certifications FORCE ROW LEVEL SECURITY;
CREATE POLICY certifications_owner ON certifications TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY certifications_app_own ON certifications FOR SELECT TO ccpor_app USING (user_id = (SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()));
CREATE POLICY certifications_app_guard ON certifications AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()) IS NOT NULL) WITH CHECK ((SELECT s.user_id FROM public.session_scopes s WHERE s.token_hex = current_setting('ccpor.session', true) AND s.expires_at > now()) IS NOT NULL);
GRANT SELECT ON certifications TO ccpor_app;

-- +goose Down
DROP PROCEDURE tenancy_apply(regclass, text, boolean);
DROP FUNCTION app_whoami(), app_clets_current(), app_read_courts(), app_court(), app_user_id();
DROP TABLE session_scopes, certifications, memberships, sessions, users, courts CASCADE;
DROP FUNCTION session_scope_of_everyone(), session_scope_of_account(), session_scope_of_user(), session_scope_of_session(),
    session_scope_refresh(bytea[]), authz_notify(), authz_assignments();
