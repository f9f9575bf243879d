-- The password step counts an attempt before it compares the password, under a
-- row lock, so parallel requests (on one server or several) cannot make more than
-- the limit of comparisons in a window: idp_password_attempt() takes the account's
-- row FOR UPDATE, refuses when the count has reached the limit, and only then hands
-- out the hash. A username without an account is counted the same way in
-- idp_unknown_users, so it locks after as many attempts and its answers do not
-- tell which usernames exist.

-- +goose Up
CREATE TABLE idp_unknown_users (
    username      text PRIMARY KEY CHECK (length(username) <= 64),
    failures      integer NOT NULL DEFAULT 0,
    first_failure timestamptz NOT NULL DEFAULT now(),
    locked_at     timestamptz
);
CREATE INDEX idp_unknown_users_first_failure ON idp_unknown_users (first_failure);
ALTER TABLE idp_unknown_users ENABLE ROW LEVEL SECURITY;
ALTER TABLE idp_unknown_users FORCE ROW LEVEL SECURITY;
CREATE POLICY idp_unknown_users_owner ON idp_unknown_users TO ccpor_owner USING (true) WITH CHECK (true);

-- +goose StatementBegin
-- Counts one password attempt for p_username and answers what the password step
-- may do: locked (compare nothing), or the hash to compare (null for a username
-- without an account, which is compared with a dummy hash). p_limit attempts
-- within p_window are allowed; the next one locks.
CREATE FUNCTION idp_password_attempt(p_username text, p_limit integer, p_window interval,
    OUT user_id uuid, OUT password_hash text, OUT has_totp boolean, OUT locked boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    acc idp_accounts%ROWTYPE;
    u   idp_unknown_users%ROWTYPE;
BEGIN
    SELECT a.* INTO acc FROM users us JOIN idp_accounts a ON a.user_id = us.id
    WHERE us.username = p_username AND us.disabled_at IS NULL
    FOR UPDATE OF a;
    IF FOUND THEN
        user_id := acc.user_id;
        has_totp := acc.totp_secret IS NOT NULL;
        locked := true;
        IF acc.locked_at IS NOT NULL THEN
            RETURN;
        END IF;
        IF acc.first_failure IS NULL OR acc.first_failure < now() - p_window THEN
            UPDATE idp_accounts a SET failures = 1, first_failure = now() WHERE a.user_id = acc.user_id;
        ELSIF acc.failures >= p_limit THEN
            UPDATE idp_accounts a SET locked_at = now() WHERE a.user_id = acc.user_id;
            RETURN;
        ELSE
            UPDATE idp_accounts a SET failures = a.failures + 1 WHERE a.user_id = acc.user_id;
        END IF;
        locked := false;
        password_hash := acc.password_hash;
        RETURN;
    END IF;

    has_totp := false;
    DELETE FROM idp_unknown_users s
    WHERE s.first_failure < now() - greatest(p_window, interval '30 days');
    INSERT INTO idp_unknown_users AS s (username) VALUES (p_username)
    ON CONFLICT (username) DO UPDATE SET username = EXCLUDED.username -- takes the row lock
    RETURNING s.* INTO u;
    locked := true;
    IF u.locked_at IS NOT NULL THEN
        RETURN;
    END IF;
    IF u.failures = 0 OR u.first_failure < now() - p_window THEN
        UPDATE idp_unknown_users s SET failures = 1, first_failure = now() WHERE s.username = p_username;
    ELSIF u.failures >= p_limit THEN
        UPDATE idp_unknown_users s SET locked_at = now() WHERE s.username = p_username;
        RETURN;
    ELSE
        UPDATE idp_unknown_users s SET failures = s.failures + 1 WHERE s.username = p_username;
    END IF;
    locked := false;
END $$;

-- After a wrong password: locks the account (p_user) or the unknown username when
-- the attempts counted have reached p_limit. Answers whether it is locked now.
CREATE FUNCTION idp_password_wrong(p_user uuid, p_username text, p_limit integer)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    is_locked boolean;
BEGIN
    IF p_user IS NOT NULL THEN
        UPDATE idp_accounts a SET locked_at = now()
        WHERE a.user_id = p_user AND a.locked_at IS NULL AND a.failures >= p_limit;
        SELECT a.locked_at IS NOT NULL INTO is_locked FROM idp_accounts a WHERE a.user_id = p_user;
    ELSE
        UPDATE idp_unknown_users s SET locked_at = now()
        WHERE s.username = p_username AND s.locked_at IS NULL AND s.failures >= p_limit;
        SELECT s.locked_at IS NOT NULL INTO is_locked FROM idp_unknown_users s WHERE s.username = p_username;
    END IF;
    RETURN coalesce(is_locked, false);
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION idp_password_attempt(text, integer, interval), idp_password_wrong(uuid, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION idp_password_attempt(text, integer, interval), idp_password_wrong(uuid, text, integer) TO ccpor_app;

-- +goose Down
DROP FUNCTION idp_password_wrong(uuid, text, integer), idp_password_attempt(text, integer, interval);
DROP TABLE idp_unknown_users;
