-- A user's CLETS certification was the latest date ever recorded, so a court
-- administrator could neither shorten nor revoke one. Now the latest record
-- counts: recording a certification caps every earlier record of the user at its
-- last day (a day in the past revokes it), and answers the last day before, for
-- the audit log. The audit log keeps each record's dates.

-- +goose Up
DROP FUNCTION court_user_certify(uuid, uuid, date);
-- +goose StatementBegin
CREATE FUNCTION court_user_certify(p_court uuid, p_user uuid, p_until date)
RETURNS date LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_user_target(p_court, p_user, true);
    before date;
BEGIN
    IF p_until IS NULL THEN
        RAISE EXCEPTION 'court_user_certify: no last day' USING ERRCODE = '22023';
    END IF;
    SELECT max(k.certified_until) INTO before FROM certifications k WHERE k.user_id = p_user;
    UPDATE certifications SET certified_until = p_until WHERE user_id = p_user AND certified_until > p_until;
    INSERT INTO certifications (court_id, user_id, certified_until, recorded_by) VALUES (p_court, p_user, p_until, me);
    RETURN before;
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION court_user_certify(uuid, uuid, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION court_user_certify(uuid, uuid, date) TO ccpor_app;

-- +goose Down
DROP FUNCTION court_user_certify(uuid, uuid, date);
-- +goose StatementBegin
CREATE FUNCTION court_user_certify(p_court uuid, p_user uuid, p_until date)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    me uuid := court_user_target(p_court, p_user, true);
BEGIN
    INSERT INTO certifications (court_id, user_id, certified_until, recorded_by) VALUES (p_court, p_user, p_until, me);
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION court_user_certify(uuid, uuid, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION court_user_certify(uuid, uuid, date) TO ccpor_app;
