-- The built-in OpenID provider (served at /idp): registered clients, authorization
-- requests, access and refresh tokens, signing keys, and the accounts' credentials (argon2id password hashes, TOTP secrets, lockout).
-- None of it is court data. Secrets (private keys, client secret hashes, password
-- hashes, TOTP secrets) reach the application role only through definer functions.
-- See docs/design.md "Login" and docs/security.md "Login and sessions".

-- +goose Up
CREATE TABLE idp_clients (
    id                        text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{3,100}$'),
    secret_hash               bytea NOT NULL CHECK (length(secret_hash) = 32),
    redirect_uris             jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(redirect_uris) = 'array'),
    post_logout_redirect_uris jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(post_logout_redirect_uris) = 'array'),
    grant_types               jsonb NOT NULL CHECK (grant_types <@ '["authorization_code", "refresh_token", "client_credentials"]'::jsonb),
    disabled_at               timestamptz,
    created_at                timestamptz NOT NULL DEFAULT now()
);

-- One authorization request from its arrival to the code's redemption. The
-- browser that started the sign-in holds a cookie whose hash is browser_hash.
CREATE TABLE idp_auth_requests (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id    text NOT NULL CHECK (length(client_id) <= 100),
    request      jsonb NOT NULL,
    browser_hash bytea CHECK (length(browser_hash) = 32),
    user_id      uuid REFERENCES users,
    notice_at    timestamptz,
    password_at  timestamptz,
    auth_time    timestamptz,
    amr          jsonb NOT NULL DEFAULT '[]',
    code_hash    bytea UNIQUE CHECK (length(code_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL
);
CREATE INDEX idp_auth_requests_expiry ON idp_auth_requests (expires_at);

-- Access tokens are JWTs; the row lets userinfo and revocation find them.
CREATE TABLE idp_access_tokens (
    id         uuid PRIMARY KEY,
    client_id  text NOT NULL,
    subject    text NOT NULL,
    refresh_id uuid,
    audience   jsonb NOT NULL,
    scopes     jsonb NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX idp_access_tokens_subject ON idp_access_tokens (subject, client_id);

-- Refresh tokens are opaque and rotate at each use; only their hash is kept.
CREATE TABLE idp_refresh_tokens (
    id         uuid PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    client_id  text NOT NULL,
    subject    text NOT NULL,
    audience   jsonb NOT NULL,
    scopes     jsonb NOT NULL,
    amr        jsonb NOT NULL,
    auth_time  timestamptz NOT NULL,
    access_id  uuid,
    expires_at timestamptz NOT NULL
);
CREATE INDEX idp_refresh_tokens_subject ON idp_refresh_tokens (subject, client_id);

-- Signing keys: one active; retired ones stay published until verify_until, when
-- no token they signed can still be valid.
CREATE TABLE idp_signing_keys (
    id           text PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 100),
    algorithm    text NOT NULL CHECK (algorithm IN ('RS256')),
    private_key  bytea NOT NULL,
    public_key   bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    retired_at   timestamptz,
    verify_until timestamptz
);
CREATE UNIQUE INDEX idp_signing_keys_one_active ON idp_signing_keys ((true)) WHERE retired_at IS NULL;

-- A user's credentials at the built-in provider, and the failed sign-ins that lock it.
CREATE TABLE idp_accounts (
    user_id         uuid PRIMARY KEY REFERENCES users,
    password_hash   text CHECK (password_hash LIKE '$argon2id$%'),
    totp_secret     text CHECK (totp_secret ~ '^[A-Z2-7]{16,128}$'),
    password_set_at timestamptz,
    totp_last_step  bigint, -- the time step of the last code accepted: a code is used once
    totp_pending    text CHECK (totp_pending ~ '^[A-Z2-7]{16,128}$'), -- shown at enrolment, not yet confirmed
    recovery_codes  jsonb NOT NULL DEFAULT '[]', -- hex SHA-256 of each unused recovery code
    failures        integer NOT NULL DEFAULT 0,
    first_failure   timestamptz,
    locked_at       timestamptz,
    demo            boolean NOT NULL DEFAULT false -- a demo account: its password is published
);

ALTER TABLE idp_clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_clients FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_clients_owner ON idp_clients TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY idp_clients_app ON idp_clients FOR SELECT TO ccpor_app USING (disabled_at IS NULL);
ALTER TABLE idp_auth_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_auth_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_auth_requests_owner ON idp_auth_requests TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY idp_auth_requests_app ON idp_auth_requests TO ccpor_app USING (true) WITH CHECK (true);
ALTER TABLE idp_access_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_access_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_access_tokens_owner ON idp_access_tokens TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY idp_access_tokens_app ON idp_access_tokens TO ccpor_app USING (true) WITH CHECK (true);
ALTER TABLE idp_refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_refresh_tokens_owner ON idp_refresh_tokens TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY idp_refresh_tokens_app ON idp_refresh_tokens TO ccpor_app USING (true) WITH CHECK (true);
ALTER TABLE idp_signing_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_signing_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_signing_keys_owner ON idp_signing_keys TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY idp_signing_keys_app ON idp_signing_keys FOR SELECT TO ccpor_app USING (true);
ALTER TABLE idp_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_accounts_owner ON idp_accounts TO ccpor_owner USING (true) WITH CHECK (true);

-- Narrow grants: no secret column is readable by the application role.
GRANT SELECT (id, redirect_uris, post_logout_redirect_uris, grant_types, disabled_at) ON idp_clients TO ccpor_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idp_auth_requests, idp_access_tokens, idp_refresh_tokens TO ccpor_app;
GRANT SELECT (id, algorithm, public_key, created_at, retired_at, verify_until) ON idp_signing_keys TO ccpor_app;

-- +goose StatementBegin
-- Whether p_hash is the hash of the secret of an enabled client.
CREATE FUNCTION idp_client_secret_ok(p_client text, p_hash bytea)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM idp_clients c WHERE c.id = p_client AND c.disabled_at IS NULL AND c.secret_hash = p_hash)
$$;

-- What the userinfo endpoint and the ID token say about a user.
CREATE FUNCTION idp_userinfo(p_user uuid, OUT username text, OUT display_name text, OUT email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.username, u.display_name, u.email FROM users u WHERE u.id = p_user AND u.disabled_at IS NULL
$$;

-- The active signing key, private part included.
CREATE FUNCTION idp_active_signing_key(OUT id text, OUT algorithm text, OUT private_key bytea)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT k.id, k.algorithm, k.private_key FROM idp_signing_keys k WHERE k.retired_at IS NULL
$$;

-- Adds a signing key. p_rotate retires the active one (kept for verification for
-- p_keep); without p_rotate the key is added only when none is active (first start).
CREATE FUNCTION idp_signing_key_add(p_id text, p_algorithm text, p_private bytea, p_public bytea,
                                    p_rotate boolean, p_keep interval)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    LOCK TABLE idp_signing_keys IN SHARE ROW EXCLUSIVE MODE; -- one key change at a time
    IF p_rotate THEN
        UPDATE idp_signing_keys SET retired_at = now(), verify_until = now() + p_keep WHERE retired_at IS NULL;
    ELSIF EXISTS (SELECT 1 FROM idp_signing_keys WHERE retired_at IS NULL) THEN
        RETURN false;
    END IF;
    DELETE FROM idp_signing_keys WHERE verify_until < now();
    INSERT INTO idp_signing_keys (id, algorithm, private_key, public_key) VALUES (p_id, p_algorithm, p_private, p_public);
    RETURN true;
END $$;

-- What the password step needs: the user, the password hash, whether it is locked.
CREATE FUNCTION idp_account_for_sign_in(p_username text,
    OUT user_id uuid, OUT password_hash text, OUT locked boolean, OUT has_totp boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, a.password_hash, a.locked_at IS NOT NULL, a.totp_secret IS NOT NULL
    FROM users u JOIN idp_accounts a ON a.user_id = u.id
    WHERE u.username = p_username AND u.disabled_at IS NULL
$$;

-- The TOTP secret of an unlocked account.
CREATE FUNCTION idp_account_totp(p_user uuid)
RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT a.totp_secret FROM idp_accounts a WHERE a.user_id = p_user AND a.locked_at IS NULL
$$;

-- Counts a failed sign-in: p_limit failures within p_window lock the account.
-- Answers whether the account is now locked.
CREATE FUNCTION idp_account_failed(p_user uuid, p_limit integer, p_window interval)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    is_locked boolean;
BEGIN
    UPDATE idp_accounts a SET
        failures = CASE WHEN a.first_failure IS NULL OR a.first_failure < now() - p_window THEN 1 ELSE a.failures + 1 END,
        first_failure = CASE WHEN a.first_failure IS NULL OR a.first_failure < now() - p_window THEN now() ELSE a.first_failure END
    WHERE a.user_id = p_user;
    UPDATE idp_accounts a SET locked_at = now()
    WHERE a.user_id = p_user AND a.locked_at IS NULL AND a.failures >= p_limit;
    SELECT a.locked_at IS NOT NULL INTO is_locked FROM idp_accounts a WHERE a.user_id = p_user;
    RETURN coalesce(is_locked, false);
END $$;

-- Completes a sign-in with the one-time code of time step p_step: clears the
-- failures. False when the account is locked or a code of that step (or a later
-- one) was used already.
CREATE FUNCTION idp_account_succeeded(p_user uuid, p_step bigint)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE idp_accounts SET failures = 0, first_failure = NULL, totp_last_step = p_step
    WHERE user_id = p_user AND locked_at IS NULL AND (totp_last_step IS NULL OR totp_last_step < p_step);
    RETURN FOUND;
END $$;
-- The user an invitation enrols at the built-in provider: valid (unused, not
-- expired), an active user, whose second factor is not set up yet. pending is the
-- TOTP secret shown after the password step, when that step is done.
CREATE FUNCTION idp_enrolment(p_invitation bytea,
    OUT user_id uuid, OUT username text, OUT display_name text, OUT pending text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, u.username, u.display_name, a.totp_pending
    FROM invitations v JOIN users u ON u.id = v.user_id AND u.disabled_at IS NULL
    LEFT JOIN idp_accounts a ON a.user_id = u.id
    WHERE v.token_hash = p_invitation AND v.used_at IS NULL AND v.expires_at > now() AND a.totp_secret IS NULL
$$;

-- Enrolment, step 1: the password (its argon2id hash) and the TOTP secret to confirm.
CREATE FUNCTION idp_enrol_password(p_invitation bytea, p_hash text, p_pending text)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    who uuid;
BEGIN
    SELECT e.user_id INTO who FROM idp_enrolment(p_invitation) e;
    IF who IS NULL THEN
        RETURN false;
    END IF;
    INSERT INTO idp_accounts (user_id, password_hash, totp_pending, password_set_at)
    VALUES (who, p_hash, p_pending, now())
    ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, totp_pending = EXCLUDED.totp_pending,
        password_set_at = now(), failures = 0, first_failure = NULL, locked_at = NULL;
    RETURN true;
END $$;

-- Enrolment, step 2: the TOTP secret is confirmed by a code of time step p_step;
-- the recovery codes' hashes are kept.
CREATE FUNCTION idp_enrol_totp(p_invitation bytea, p_step bigint, p_recovery jsonb)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    who uuid;
BEGIN
    SELECT e.user_id INTO who FROM idp_enrolment(p_invitation) e WHERE e.pending IS NOT NULL;
    IF who IS NULL THEN
        RETURN false;
    END IF;
    UPDATE idp_accounts SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = p_step,
        recovery_codes = p_recovery
    WHERE user_id = who;
    RETURN true;
END $$;

-- Uses up one of an unlocked account's recovery codes (by its hash) in place of a
-- one-time code; false when it is not one of them.
CREATE FUNCTION idp_use_recovery_code(p_user uuid, p_hash text)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE idp_accounts SET recovery_codes = recovery_codes - p_hash, failures = 0, first_failure = NULL
    WHERE user_id = p_user AND locked_at IS NULL AND recovery_codes ? p_hash;
    RETURN FOUND;
END $$;

-- Whether any demo account (published password) exists: production refuses to start.
CREATE FUNCTION idp_demo_accounts_exist()
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM idp_accounts WHERE demo)
$$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION idp_client_secret_ok(text, bytea), idp_userinfo(uuid), idp_active_signing_key(),
    idp_signing_key_add(text, text, bytea, bytea, boolean, interval), idp_account_for_sign_in(text),
    idp_account_totp(uuid), idp_account_failed(uuid, integer, interval), idp_account_succeeded(uuid, bigint), idp_demo_accounts_exist(),
    idp_enrolment(bytea), idp_enrol_password(bytea, text, text), idp_enrol_totp(bytea, bigint, jsonb),
    idp_use_recovery_code(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION idp_client_secret_ok(text, bytea), idp_userinfo(uuid), idp_active_signing_key(),
    idp_signing_key_add(text, text, bytea, bytea, boolean, interval), idp_account_for_sign_in(text),
    idp_account_totp(uuid), idp_account_failed(uuid, integer, interval), idp_account_succeeded(uuid, bigint), idp_demo_accounts_exist(),
    idp_enrolment(bytea), idp_enrol_password(bytea, text, text), idp_enrol_totp(bytea, bigint, jsonb),
    idp_use_recovery_code(uuid, text) TO ccpor_app;

-- +goose Down
DROP FUNCTION idp_use_recovery_code(uuid, text), idp_enrol_totp(bytea, bigint, jsonb), idp_enrol_password(bytea, text, text), idp_enrolment(bytea),
    idp_demo_accounts_exist(), idp_account_succeeded(uuid, bigint), idp_account_failed(uuid, integer, interval), idp_account_totp(uuid),
    idp_account_for_sign_in(text), idp_signing_key_add(text, text, bytea, bytea, boolean, interval),
    idp_active_signing_key(), idp_userinfo(uuid), idp_client_secret_ok(text, bytea);
DROP TABLE idp_accounts, idp_signing_keys, idp_refresh_tokens, idp_access_tokens,
    idp_auth_requests, idp_clients;
