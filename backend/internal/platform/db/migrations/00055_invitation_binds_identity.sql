-- An invitation linked whatever identity presented it first. At the built-in
-- provider an identity's subject is the id of the user it was enrolled for, so
-- someone enrolled through one invitation could open another's link and be linked
-- to that account. Now the caller names the user the subject stands for when the
-- issuer names users by their registry id: the invitation links only that user's
-- identity, and is not used up otherwise.

-- +goose Up
DROP FUNCTION identity_sign_in(text, text, bytea);
-- +goose StatementBegin
-- The user an identity stands for. An identity seen for the first time is linked
-- only through a valid invitation, which is used up; when p_subject_user is given
-- (the issuer is the registry's own provider) the invitation must be that user's.
-- Answers the user, or NULL with the reason in reason: unknown_identity,
-- invitation_invalid, invitation_other_user, account_disabled.
CREATE FUNCTION identity_sign_in(p_issuer text, p_subject text, p_invitation_hash bytea, p_subject_user uuid,
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
        SELECT v.user_id INTO invited FROM invitations v
        WHERE v.token_hash = p_invitation_hash AND v.used_at IS NULL AND v.expires_at > now()
        FOR UPDATE;
        IF invited IS NULL THEN
            reason := 'invitation_invalid';
            RETURN;
        END IF;
        IF p_subject_user IS NOT NULL AND invited <> p_subject_user THEN
            reason := 'invitation_other_user';
            RETURN;
        END IF;
        -- A user has one identity per issuer: a second invitation does not add another.
        IF EXISTS (SELECT 1 FROM identities i WHERE i.user_id = invited AND i.issuer = p_issuer) THEN
            reason := 'invitation_invalid';
            RETURN;
        END IF;
        UPDATE invitations v SET used_at = now() WHERE v.token_hash = p_invitation_hash;
        INSERT INTO identities (issuer, subject, user_id) VALUES (p_issuer, p_subject, invited);
        user_id := invited;
    END IF;
    IF EXISTS (SELECT 1 FROM users u WHERE u.id = user_id AND u.disabled_at IS NOT NULL) THEN
        user_id := NULL;
        reason := 'account_disabled';
    END IF;
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION identity_sign_in(text, text, bytea, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity_sign_in(text, text, bytea, uuid) TO ccpor_app;

-- +goose Down
DROP FUNCTION identity_sign_in(text, text, bytea, uuid);
-- +goose StatementBegin
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
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION identity_sign_in(text, text, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity_sign_in(text, text, bytea) TO ccpor_app;
