-- Sign-in as an OpenID Connect relying party: identities (issuer + subject) linked
-- to users only through invitations, the short-lived pre-sessions of the
-- authorization code flow, and the definer functions through which the application
-- role creates, finds, touches, switches and ends sessions (it cannot read
-- `sessions`). See docs/design.md "Login" and docs/security.md "Login and sessions".

-- +goose Up
ALTER TABLE sessions
    ADD COLUMN absolute_expires_at timestamptz NOT NULL DEFAULT (now() + interval '12 hours'),
    ADD COLUMN kind text NOT NULL DEFAULT 'browser' CHECK (kind IN ('browser', 'bearer'));

-- Who a user is at an identity provider. Linked once, at the first sign-in that
-- presents a valid invitation; never by matching an e-mail address.
CREATE TABLE identities (
    issuer     text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
    subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id    uuid NOT NULL REFERENCES users,
    linked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (issuer, subject)
);
-- One identity per user at each issuer: a second invitation does not add another.
CREATE UNIQUE INDEX identities_user_issuer ON identities (user_id, issuer);

-- An invitation lets its holder link an identity to a user, once, before it expires.
-- Only the hash of its token is kept.
CREATE TABLE invitations (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid NOT NULL REFERENCES users,
    created_by uuid REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX invitations_user ON invitations (user_id);

-- The state of one authorization request, keyed by the hash of a short-lived cookie:
-- what the callback must find again (state, nonce, PKCE verifier, the hash of the
-- invitation presented) and where to go after.
CREATE TABLE login_states (
    token_hash       bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    state            text NOT NULL CHECK (length(state) BETWEEN 32 AND 128),
    nonce            text NOT NULL CHECK (length(nonce) BETWEEN 32 AND 128),
    pkce_verifier    text NOT NULL CHECK (length(pkce_verifier) BETWEEN 43 AND 128),
    return_to        text NOT NULL CHECK (return_to ~ '^/([^/\\]|$)' AND length(return_to) <= 2000),
    invitation_hash  bytea CHECK (length(invitation_hash) = 32),
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL
);

ALTER TABLE identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE identities FORCE ROW LEVEL SECURITY;
CREATE POLICY identities_owner ON identities TO ccpor_owner USING (true) WITH CHECK (true);
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_owner ON invitations TO ccpor_owner USING (true) WITH CHECK (true);
ALTER TABLE login_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE login_states FORCE ROW LEVEL SECURITY;
CREATE POLICY login_states_owner ON login_states TO ccpor_owner USING (true) WITH CHECK (true);

-- +goose StatementBegin
-- Starts an authorization request.
CREATE FUNCTION login_state_create(p_hash bytea, p_state text, p_nonce text, p_verifier text,
                                   p_return_to text, p_invitation_hash bytea, p_ttl interval)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    DELETE FROM login_states WHERE expires_at < now() - interval '1 hour';
    INSERT INTO login_states (token_hash, state, nonce, pkce_verifier, return_to, invitation_hash, expires_at)
    VALUES (p_hash, p_state, p_nonce, p_verifier, p_return_to, p_invitation_hash, now() + least(p_ttl, interval '15 minutes'));
END $$;

-- Takes an authorization request back, once: the row is gone afterwards, whatever
-- the callback makes of it.
CREATE FUNCTION login_state_take(p_hash bytea)
RETURNS TABLE (state text, nonce text, pkce_verifier text, return_to text, invitation_hash bytea)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY WITH taken AS (DELETE FROM login_states l WHERE l.token_hash = p_hash RETURNING l.*)
        SELECT t.state, t.nonce, t.pkce_verifier, t.return_to, t.invitation_hash
        FROM taken t WHERE t.expires_at > now();
END $$;

-- The user an identity stands for. An identity seen for the first time is linked
-- only through a valid invitation, which is used up. Answers the user, or NULL with
-- the reason in reason: unknown_identity, invitation_invalid, account_disabled.
CREATE FUNCTION identity_sign_in(p_issuer text, p_subject text, p_invitation_hash bytea,
                                 OUT user_id uuid, OUT reason text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_variable
DECLARE
    invited uuid;
BEGIN
    SELECT i.user_id INTO user_id FROM identities i WHERE i.issuer = p_issuer AND i.subject = p_subject;
    IF user_id IS NULL THEN
        IF p_invitation_hash IS NULL THEN
            reason := 'unknown_identity';
            RETURN;
        END IF;
        UPDATE invitations v SET used_at = now()
        WHERE v.token_hash = p_invitation_hash AND v.used_at IS NULL AND v.expires_at > now()
        RETURNING v.user_id INTO invited;
        IF invited IS NULL THEN
            reason := 'invitation_invalid';
            RETURN;
        END IF;
        -- A user has one identity per issuer: a second invitation does not add another.
        IF EXISTS (SELECT 1 FROM identities i WHERE i.user_id = invited AND i.issuer = p_issuer) THEN
            reason := 'invitation_invalid';
            RETURN;
        END IF;
        INSERT INTO identities (issuer, subject, user_id) VALUES (p_issuer, p_subject, invited);
        user_id := invited;
    END IF;
    IF EXISTS (SELECT 1 FROM users u WHERE u.id = user_id AND u.disabled_at IS NOT NULL) THEN
        user_id := NULL;
        reason := 'account_disabled';
    END IF;
END $$;

-- Creates a browser session for a user, acting for the court of its oldest current
-- membership (it may switch later). p_now is the server's clock.
CREATE FUNCTION session_create(p_hash bytea, p_user uuid, p_now timestamptz, p_idle interval, p_absolute interval)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO sessions (token_hash, user_id, active_court_id, created_at, last_seen_at, expires_at, absolute_expires_at)
    SELECT p_hash, u.id,
           (SELECT m.court_id FROM memberships m WHERE m.user_id = u.id AND m.revoked_at IS NULL
            ORDER BY m.granted_at, m.court_id LIMIT 1),
           p_now, p_now, least(p_now + p_idle, p_now + p_absolute), p_now + p_absolute
    FROM users u WHERE u.id = p_user AND u.disabled_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'session_create: no such active user' USING ERRCODE = 'P0002';
    END IF;
END $$;

-- What the server needs to judge a session's timeouts; nothing for an ended one.
CREATE FUNCTION session_lookup(p_hash bytea)
RETURNS TABLE (user_id uuid, kind text, created_at timestamptz, last_seen_at timestamptz,
               expires_at timestamptz, absolute_expires_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT s.user_id, s.kind, s.created_at, s.last_seen_at, s.expires_at, s.absolute_expires_at
    FROM sessions s JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
    WHERE s.token_hash = p_hash AND s.ended_at IS NULL
$$;

-- Records activity: at most once a minute unless p_force (the user asked to stay
-- signed in), never beyond the absolute expiry. Each update rewrites the session's
-- scope row (trigger), hence the minute.
CREATE FUNCTION session_touch(p_hash bytea, p_now timestamptz, p_idle interval, p_force boolean)
RETURNS TABLE (last_seen_at timestamptz, expires_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
    UPDATE sessions s SET last_seen_at = p_now, expires_at = least(p_now + p_idle, s.absolute_expires_at)
    WHERE s.token_hash = p_hash AND s.ended_at IS NULL AND s.kind = 'browser'
      AND (p_force OR s.last_seen_at <= p_now - interval '1 minute');
    RETURN QUERY SELECT s.last_seen_at, s.expires_at FROM sessions s
        WHERE s.token_hash = p_hash AND s.ended_at IS NULL;
END $$;

-- Ends a session; true when it was live.
CREATE FUNCTION session_end(p_hash bytea)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE sessions SET ended_at = now() WHERE token_hash = p_hash AND ended_at IS NULL;
    RETURN FOUND;
END $$;

-- Makes p_court the session's acting court when the user holds a current role there.
CREATE FUNCTION session_switch_court(p_hash bytea, p_court uuid)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE sessions s SET active_court_id = p_court
    WHERE s.token_hash = p_hash AND s.ended_at IS NULL AND s.kind = 'browser'
      AND EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id AND u.disabled_at IS NULL
                  WHERE m.user_id = s.user_id AND m.court_id = p_court AND m.revoked_at IS NULL);
    RETURN FOUND;
END $$;

-- A disabled account's sessions end at once.
CREATE FUNCTION sessions_end_for_disabled() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE sessions SET ended_at = now() WHERE user_id = NEW.id AND ended_at IS NULL;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER users_end_sessions AFTER UPDATE OF disabled_at ON users
    FOR EACH ROW WHEN (NEW.disabled_at IS NOT NULL) EXECUTE FUNCTION sessions_end_for_disabled();

REVOKE EXECUTE ON FUNCTION login_state_create(bytea, text, text, text, text, bytea, interval),
    login_state_take(bytea), identity_sign_in(text, text, bytea),
    session_create(bytea, uuid, timestamptz, interval, interval), session_lookup(bytea),
    session_touch(bytea, timestamptz, interval, boolean), session_end(bytea),
    session_switch_court(bytea, uuid), sessions_end_for_disabled() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION login_state_create(bytea, text, text, text, text, bytea, interval),
    login_state_take(bytea), identity_sign_in(text, text, bytea),
    session_create(bytea, uuid, timestamptz, interval, interval), session_lookup(bytea),
    session_touch(bytea, timestamptz, interval, boolean), session_end(bytea),
    session_switch_court(bytea, uuid) TO ccpor_app;

-- +goose Down
DROP TRIGGER users_end_sessions ON users;
DROP FUNCTION sessions_end_for_disabled(), session_switch_court(bytea, uuid), session_end(bytea),
    session_touch(bytea, timestamptz, interval, boolean), session_lookup(bytea),
    session_create(bytea, uuid, timestamptz, interval, interval), identity_sign_in(text, text, bytea),
    login_state_take(bytea), login_state_create(bytea, text, text, text, text, bytea, interval);
DROP TABLE login_states, invitations, identities;
ALTER TABLE sessions DROP COLUMN kind, DROP COLUMN absolute_expires_at;
