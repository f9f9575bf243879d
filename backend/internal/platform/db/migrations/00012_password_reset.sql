-- Self-service password reset at the built-in provider: reset links (only their
-- hashes) and, in development, the mail outbox that stands in for SMTP (a page lists
-- it; production refuses to start with it on or holding mail).

-- +goose Up
CREATE TABLE mail_outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient  text NOT NULL CHECK (length(recipient) <= 254),
    subject    text NOT NULL CHECK (length(subject) <= 200),
    body       text NOT NULL CHECK (length(body) <= 10000),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE idp_password_resets (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid NOT NULL REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX idp_password_resets_user ON idp_password_resets (user_id);

ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY mail_outbox_owner ON mail_outbox TO ccpor_owner USING (true) WITH CHECK (true);
ALTER TABLE idp_password_resets ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_password_resets FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_password_resets_owner ON idp_password_resets TO ccpor_owner USING (true) WITH CHECK (true);

-- +goose StatementBegin
CREATE FUNCTION mail_outbox_add(p_recipient text, p_subject text, p_body text)
RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    INSERT INTO mail_outbox (recipient, subject, body) VALUES (p_recipient, p_subject, p_body)
$$;

-- The newest mail first (the development page).
CREATE FUNCTION mail_outbox_list(p_limit integer)
RETURNS TABLE (id bigint, recipient text, subject text, body text, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT m.id, m.recipient, m.subject, m.body, m.created_at FROM mail_outbox m ORDER BY m.id DESC LIMIT least(p_limit, 200)
$$;

CREATE FUNCTION mail_outbox_exists()
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (SELECT 1 FROM mail_outbox)
$$;

-- Starts a reset for an active user with an account at the built-in provider:
-- answers where to send the link, or nothing (the caller says the same either way).
CREATE FUNCTION idp_reset_request(p_username text, p_hash bytea, p_ttl interval, OUT email text, OUT display_name text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    who uuid;
BEGIN
    SELECT u.id, u.email, u.display_name INTO who, email, display_name
    FROM users u JOIN idp_accounts a ON a.user_id = u.id AND a.password_hash IS NOT NULL
    WHERE u.username = p_username AND u.disabled_at IS NULL;
    IF who IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM idp_password_resets WHERE expires_at < now() - interval '1 day';
    INSERT INTO idp_password_resets (token_hash, user_id, expires_at) VALUES (p_hash, who, now() + least(p_ttl, interval '1 hour'));
END $$;

-- The user a live reset link is for.
CREATE FUNCTION idp_reset_user(p_hash bytea, OUT user_id uuid, OUT username text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT u.id, u.username FROM idp_password_resets r JOIN users u ON u.id = r.user_id AND u.disabled_at IS NULL
    WHERE r.token_hash = p_hash AND r.used_at IS NULL AND r.expires_at > now()
$$;

-- Completes a reset: the new password's hash replaces the old, the account is
-- unlocked, and every reset link of the user is spent.
CREATE FUNCTION idp_reset_complete(p_hash bytea, p_phc text)
RETURNS uuid LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    who uuid;
BEGIN
    SELECT r.user_id INTO who FROM idp_reset_user(p_hash) r;
    IF who IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE idp_accounts SET password_hash = p_phc, password_set_at = now(), locked_at = NULL, failures = 0, first_failure = NULL
    WHERE user_id = who;
    UPDATE idp_password_resets SET used_at = now() WHERE user_id = who AND used_at IS NULL;
    RETURN who;
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION mail_outbox_add(text, text, text), mail_outbox_list(integer), mail_outbox_exists(),
    idp_reset_request(text, bytea, interval), idp_reset_user(bytea), idp_reset_complete(bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_outbox_add(text, text, text), mail_outbox_list(integer), mail_outbox_exists(),
    idp_reset_request(text, bytea, interval), idp_reset_user(bytea), idp_reset_complete(bytea, text) TO ccpor_app;

-- +goose Down
DROP FUNCTION idp_reset_complete(bytea, text), idp_reset_user(bytea), idp_reset_request(text, bytea, interval),
    mail_outbox_exists(), mail_outbox_list(integer), mail_outbox_add(text, text, text);
DROP TABLE idp_password_resets, mail_outbox;
