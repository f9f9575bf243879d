-- Courts as tenants: the court directory, users, memberships (the one source of
-- role assignments), CLETS certifications, sessions, and the three flat helpers the
-- policies of every tenant table call. See DESIGN.md "Tenancy".

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

-- The helpers. Each is flat (it calls no other helper), STABLE, SECURITY DEFINER with
-- a fixed search_path, and reads the transaction-local settings through NULLIF, since
-- a reused connection answers '' rather than NULL for a setting it once had.

-- +goose StatementBegin
CREATE FUNCTION app_user_id() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    h text := NULLIF(current_setting('ccpor.session', true), '');
BEGIN
    IF h IS NULL OR h !~ '^[0-9a-f]{64}$' THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = decode(h, 'hex') AND s.ended_at IS NULL
              AND s.expires_at > now() AND u.disabled_at IS NULL);
END $$;

CREATE FUNCTION app_court() RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    h text := NULLIF(current_setting('ccpor.session', true), '');
    c text := NULLIF(current_setting('ccpor.court', true), '');
BEGIN
    IF h IS NULL OR h !~ '^[0-9a-f]{64}$'
       OR c IS NULL OR c !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT m.court_id
            FROM sessions s JOIN users u ON u.id = s.user_id
            JOIN memberships m ON m.user_id = s.user_id AND m.court_id = c::uuid AND m.revoked_at IS NULL
            WHERE s.token_hash = decode(h, 'hex') AND s.ended_at IS NULL
              AND s.expires_at > now() AND u.disabled_at IS NULL
            LIMIT 1);
END $$;

-- The courts whose orders the caller may read: none unless (user, acting court) is a
-- membership with a role that reads orders (clerk, judicial_officer, sheriff); then the
-- acting court and every court that shares statewide. Administrators, the help desk
-- and auditors read no order content.
CREATE FUNCTION app_read_courts() RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    h text := NULLIF(current_setting('ccpor.session', true), '');
    c text := NULLIF(current_setting('ccpor.court', true), '');
    acting uuid;
BEGIN
    IF h IS NULL OR h !~ '^[0-9a-f]{64}$'
       OR c IS NULL OR c !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN '{}';
    END IF;
    SELECT m.court_id INTO acting
    FROM sessions s JOIN users u ON u.id = s.user_id
    JOIN memberships m ON m.user_id = s.user_id AND m.court_id = c::uuid AND m.revoked_at IS NULL
    WHERE s.token_hash = decode(h, 'hex') AND s.ended_at IS NULL
      AND s.expires_at > now() AND u.disabled_at IS NULL
      AND m.role IN ('clerk', 'judicial_officer', 'sheriff')
    LIMIT 1;
    IF acting IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN array_append(ARRAY(SELECT id FROM courts WHERE shares_statewide AND id <> acting), acting);
END $$;

-- Whether the caller's CLETS certification covers today (in California).
CREATE FUNCTION app_clets_current() RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    h text := NULLIF(current_setting('ccpor.session', true), '');
BEGIN
    IF h IS NULL OR h !~ '^[0-9a-f]{64}$' THEN
        RETURN false;
    END IF;
    RETURN EXISTS (
        SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
        JOIN certifications k ON k.user_id = s.user_id
        WHERE s.token_hash = decode(h, 'hex') AND s.ended_at IS NULL
          AND s.expires_at > now() AND u.disabled_at IS NULL
          AND k.certified_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date);
END $$;

-- Who is asking, for the role rules in Go: the user and the acting court, when the
-- membership holds. Nothing else is revealed.
CREATE FUNCTION app_whoami(OUT user_id uuid, OUT court_id uuid, OUT clets_current boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    h text := NULLIF(current_setting('ccpor.session', true), '');
BEGIN
    clets_current := false;
    IF h IS NULL OR h !~ '^[0-9a-f]{64}$' THEN
        RETURN;
    END IF;
    SELECT s.user_id, m.court_id,
           EXISTS (SELECT 1 FROM certifications k WHERE k.user_id = s.user_id
                   AND k.certified_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date)
      INTO user_id, court_id, clets_current
    FROM sessions s JOIN users u ON u.id = s.user_id
    LEFT JOIN memberships m ON m.user_id = s.user_id AND m.court_id = s.active_court_id AND m.revoked_at IS NULL
    WHERE s.token_hash = decode(h, 'hex') AND s.ended_at IS NULL
      AND s.expires_at > now() AND u.disabled_at IS NULL
    LIMIT 1;
END $$;

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
--   content: 'orders' (readable where app_read_courts() allows) or
--            'court'  (readable by members of the acting court only)
--   clets:   add the restrictive CLETS guard on SELECT
CREATE PROCEDURE tenancy_apply(tbl regclass, content text, clets boolean DEFAULT false)
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    n text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
    IF content NOT IN ('orders', 'court') THEN
        RAISE EXCEPTION 'tenancy_apply: content must be orders or court, not %', content;
    END IF;
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    IF content = 'orders' THEN
        EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO ccpor_app USING (court_id = ANY ((SELECT app_read_courts())::uuid[]))', n || '_app_read', tbl);
    ELSE
        EXECUTE format('CREATE POLICY %I ON %s FOR SELECT TO ccpor_app USING (court_id = (SELECT app_court()))', n || '_app_read', tbl);
    END IF;
    EXECUTE format('CREATE POLICY %I ON %s FOR INSERT TO ccpor_app WITH CHECK (court_id = (SELECT app_court()))', n || '_app_insert', tbl);
    EXECUTE format('CREATE POLICY %I ON %s FOR UPDATE TO ccpor_app USING (court_id = (SELECT app_court())) WITH CHECK (court_id = (SELECT app_court()))', n || '_app_update', tbl);
    EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR ALL TO ccpor_app USING ((SELECT app_court()) IS NOT NULL) WITH CHECK ((SELECT app_court()) IS NOT NULL)', n || '_app_guard', tbl);
    IF clets THEN
        EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR SELECT TO ccpor_app USING ((SELECT app_clets_current()))', n || '_app_clets', tbl);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO ccpor_app', tbl);
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON PROCEDURE tenancy_apply(regclass, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_user_id(), app_court(), app_read_courts(), app_clets_current(),
    app_whoami(), authz_assignments() TO ccpor_app;
GRANT EXECUTE ON FUNCTION app_user_id(), app_court(), app_read_courts(), app_clets_current() TO ccpor_worker;

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
CREATE POLICY users_app_self ON users FOR SELECT TO ccpor_app USING (id = (SELECT app_user_id()));
GRANT SELECT ON users TO ccpor_app;

-- Sessions: no policy for the application role; only the definer helpers read them.
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_owner ON sessions TO ccpor_owner USING (true) WITH CHECK (true);

-- Memberships: the application role sees only the caller's own.
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_owner ON memberships TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY memberships_app_own ON memberships FOR SELECT TO ccpor_app USING (user_id = (SELECT app_user_id()));
CREATE POLICY memberships_app_guard ON memberships AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT app_user_id()) IS NOT NULL) WITH CHECK ((SELECT app_user_id()) IS NOT NULL);
GRANT SELECT ON memberships TO ccpor_app;

-- Certifications: the caller's own.
ALTER TABLE certifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE certifications FORCE ROW LEVEL SECURITY;
CREATE POLICY certifications_owner ON certifications TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY certifications_app_own ON certifications FOR SELECT TO ccpor_app USING (user_id = (SELECT app_user_id()));
CREATE POLICY certifications_app_guard ON certifications AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT app_user_id()) IS NOT NULL) WITH CHECK ((SELECT app_user_id()) IS NOT NULL);
GRANT SELECT ON certifications TO ccpor_app;

-- +goose Down
DROP TABLE certifications, memberships, sessions, users, courts CASCADE;
DROP PROCEDURE tenancy_apply(regclass, text, boolean);
DROP FUNCTION authz_notify(), authz_assignments(), app_whoami(), app_clets_current(),
    app_read_courts(), app_court(), app_user_id();
