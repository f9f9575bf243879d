-- Every path to a changed ORI takes a second platform administrator. Before, an
-- ORI set where there was none needed no approval, so an ORI could be cleared with
-- approval and then replaced alone. Now only a court's first ORI, while the court
-- has never had one and is not in use (pilot or live), is set by one administrator.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION courts_two_person() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF current_user <> 'ccpor_app' THEN
        RETURN NEW;
    END IF;
    IF NEW.ori IS DISTINCT FROM OLD.ori
       AND (OLD.ori IS NOT NULL OR OLD.onboarding_status IN ('pilot', 'live')
            OR EXISTS (SELECT 1 FROM public.court_changes ch WHERE ch.court_id = NEW.id AND ch.kind = 'ori' AND ch.decision = 'approved'))
       AND NOT EXISTS (
            SELECT 1 FROM public.court_changes ch WHERE ch.court_id = NEW.id AND ch.kind = 'ori'
              AND ch.new_ori IS NOT DISTINCT FROM NEW.ori AND ch.decision = 'approved' AND ch.decided_at = now()) THEN
        RAISE EXCEPTION 'changing the ORI of court % takes a second platform administrator''s approval', OLD.code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.shares_statewide AND NOT NEW.shares_statewide AND NOT EXISTS (
            SELECT 1 FROM public.court_changes ch WHERE ch.court_id = NEW.id AND ch.kind = 'sharing_off'
              AND ch.decision = 'approved' AND ch.decided_at = now()) THEN
        RAISE EXCEPTION 'turning statewide sharing off for court % takes a second platform administrator''s approval', OLD.code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION courts_two_person() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF current_user <> 'ccpor_app' THEN
        RETURN NEW;
    END IF;
    IF OLD.ori IS NOT NULL AND NEW.ori IS DISTINCT FROM OLD.ori AND NOT EXISTS (
            SELECT 1 FROM public.court_changes ch WHERE ch.court_id = NEW.id AND ch.kind = 'ori'
              AND ch.new_ori IS NOT DISTINCT FROM NEW.ori AND ch.decision = 'approved' AND ch.decided_at = now()) THEN
        RAISE EXCEPTION 'changing the ORI of court % takes a second platform administrator''s approval', OLD.code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.shares_statewide AND NOT NEW.shares_statewide AND NOT EXISTS (
            SELECT 1 FROM public.court_changes ch WHERE ch.court_id = NEW.id AND ch.kind = 'sharing_off'
              AND ch.decision = 'approved' AND ch.decided_at = now()) THEN
        RAISE EXCEPTION 'turning statewide sharing off for court % takes a second platform administrator''s approval', OLD.code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
