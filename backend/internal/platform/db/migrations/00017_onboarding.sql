-- Platform administration: courts created and edited by platform administrators,
-- each court's on-boarding checklist (the seed's "On-Boarding Process"), and the
-- changes that take a second platform administrator's approval (docs/design.md "Who uses
-- it"): a court's ORI, turning its statewide sharing off, appointing a platform
-- administrator. The rules live in package onboarding; the database holds the ones
-- that must not depend on it: only a platform administrator of the statewide court
-- writes here, nobody grants a role to themselves, nobody decides their own
-- proposal, and an ORI, the sharing flag or a platform_admin membership changes only
-- in the transaction that approved it.

-- +goose Up
-- +goose StatementBegin
-- Whether the stated session acts as a platform administrator in the statewide court.
CREATE FUNCTION app_platform_admin() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT coalesce((SELECT 'platform_admin' = ANY (s.roles)
        FROM public.session_scopes s JOIN public.courts c ON c.id = s.acting_court_id AND c.kind = 'statewide'
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()), false)
$$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION app_platform_admin() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_platform_admin() TO ccpor_app;

-- Each step of a court's on-boarding, as recorded: the day it happened (entered,
-- may be earlier than the day it was recorded) and who recorded it when. Append
-- only: a correction is a new row, the latest of a step counts.
CREATE TABLE court_onboarding_steps (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id    uuid NOT NULL REFERENCES courts,
    step        text NOT NULL CHECK (step IN ('engagement_meeting', 'decision', 'follow_up', 'go_live')),
    occurred_on date NOT NULL,
    go_live_on  date,            -- for the decision: the go-live date chosen
    note        text CHECK (length(note) <= 2000),
    recorded_by uuid NOT NULL REFERENCES users,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((step = 'decision') = (go_live_on IS NOT NULL)),
    -- the seed's 60 days' lead time between the decision and going live
    CHECK (go_live_on IS NULL OR go_live_on >= occurred_on + 60)
);
CREATE INDEX court_onboarding_steps_court ON court_onboarding_steps (court_id, recorded_at);

-- A change waiting for a second platform administrator, and its decision.
CREATE TABLE court_changes (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id      uuid NOT NULL REFERENCES courts, -- for platform_admin: the statewide court
    kind          text NOT NULL CHECK (kind IN ('ori', 'sharing_off', 'platform_admin')),
    old_ori       text,
    new_ori       text CHECK (new_ori ~ '^[A-Z]{2}[0-9A-Z]{7}$'),
    user_id       uuid REFERENCES users,           -- the platform administrator to appoint
    reason        text CHECK (length(reason) <= 2000),
    proposed_by   uuid NOT NULL REFERENCES users,
    proposed_at   timestamptz NOT NULL DEFAULT now(),
    decision      text CHECK (decision IN ('approved', 'rejected')),
    decided_by    uuid REFERENCES users,
    decided_at    timestamptz,
    decision_note text CHECK (length(decision_note) <= 2000),
    CHECK (kind = 'ori' OR (new_ori IS NULL AND old_ori IS NULL)),
    CHECK ((kind = 'platform_admin') = (user_id IS NOT NULL)),
    CHECK (user_id IS DISTINCT FROM proposed_by),
    CHECK (decided_by IS DISTINCT FROM proposed_by),
    CHECK ((decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL))
);
CREATE UNIQUE INDEX court_changes_one_pending ON court_changes (court_id, kind) WHERE decision IS NULL AND kind <> 'platform_admin';
CREATE UNIQUE INDEX court_changes_one_pending_appointment ON court_changes (user_id) WHERE decision IS NULL AND kind = 'platform_admin';

-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['court_onboarding_steps', 'court_changes'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I TO ccpor_owner USING (true) WITH CHECK (true)', t || '_owner', t);
        EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR ALL TO ccpor_app USING (app_platform_admin()) WITH CHECK (app_platform_admin())', t || '_app_guard', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO ccpor_app USING (true)', t || '_app_read', t);
    END LOOP;
END $$;
-- +goose StatementEnd
CREATE POLICY court_onboarding_steps_app_insert ON court_onboarding_steps FOR INSERT TO ccpor_app
    WITH CHECK (recorded_by = app_user_id());
GRANT SELECT, INSERT ON court_onboarding_steps TO ccpor_app;
CREATE POLICY court_changes_app_propose ON court_changes FOR INSERT TO ccpor_app
    WITH CHECK (proposed_by = app_user_id() AND decision IS NULL);
CREATE POLICY court_changes_app_decide ON court_changes FOR UPDATE TO ccpor_app
    USING (decision IS NULL) WITH CHECK (decided_by = app_user_id() AND decided_at = now());
GRANT SELECT, INSERT ON court_changes TO ccpor_app;
GRANT UPDATE (decision, decided_by, decided_at, decision_note) ON court_changes TO ccpor_app;

-- Courts: readable by every signed-in user and the worker as before; created and
-- edited by platform administrators (never the statewide domain).
ALTER TABLE courts ENABLE ROW LEVEL SECURITY;
ALTER TABLE courts FORCE ROW LEVEL SECURITY;
CREATE POLICY courts_owner ON courts TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY courts_read ON courts FOR SELECT TO ccpor_app, ccpor_worker USING (true);
CREATE POLICY courts_app_create ON courts FOR INSERT TO ccpor_app
    WITH CHECK (app_platform_admin() AND kind <> 'statewide');
CREATE POLICY courts_app_edit ON courts FOR UPDATE TO ccpor_app
    USING (app_platform_admin() AND kind <> 'statewide') WITH CHECK (app_platform_admin() AND kind <> 'statewide');
GRANT INSERT (code, name, kind, county, ori, clets_submitting, shares_statewide, contact_name, contact_phone, contact_email)
    ON courts TO ccpor_app;
GRANT UPDATE (name, county, ori, clets_submitting, shares_statewide, onboarding_status, go_live_date,
              contact_name, contact_phone, contact_email, updated_at) ON courts TO ccpor_app;

-- +goose StatementBegin
-- The application role changes an existing ORI, or turns statewide sharing off,
-- only in the transaction that approved that very change.
CREATE FUNCTION courts_two_person() RETURNS trigger
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
REVOKE EXECUTE ON FUNCTION courts_two_person() FROM PUBLIC;
CREATE TRIGGER courts_two_person BEFORE UPDATE OF ori, shares_statewide ON courts
    FOR EACH ROW EXECUTE FUNCTION courts_two_person();

-- Memberships a platform administrator grants: court_admin of a court, or
-- platform_admin in the statewide court once a second one approved it in this
-- transaction; never to themselves.
CREATE POLICY memberships_app_platform_grant ON memberships FOR INSERT TO ccpor_app
    WITH CHECK (app_platform_admin() AND granted_by = app_user_id() AND user_id <> app_user_id()
        AND revoked_at IS NULL
        AND ((role = 'court_admin' AND (SELECT c.kind FROM courts c WHERE c.id = court_id) <> 'statewide')
          OR (role = 'platform_admin' AND (SELECT c.kind FROM courts c WHERE c.id = court_id) = 'statewide'
              AND EXISTS (SELECT 1 FROM court_changes ch WHERE ch.kind = 'platform_admin' AND ch.user_id = memberships.user_id
                            AND ch.decision = 'approved' AND ch.decided_at = now()))));
GRANT INSERT ON memberships TO ccpor_app;

-- Users: a platform administrator finds users to appoint and invites new ones.
CREATE POLICY users_app_platform_admin ON users FOR SELECT TO ccpor_app USING (app_platform_admin());
CREATE POLICY users_app_platform_invite ON users FOR INSERT TO ccpor_app WITH CHECK (app_platform_admin());
GRANT INSERT (username, display_name, email) ON users TO ccpor_app;
CREATE POLICY invitations_app_platform_admin ON invitations FOR INSERT TO ccpor_app
    WITH CHECK (app_platform_admin() AND created_by = app_user_id());
GRANT INSERT ON invitations TO ccpor_app;

-- +goose Down
REVOKE INSERT ON invitations FROM ccpor_app;
DROP POLICY invitations_app_platform_admin ON invitations;
REVOKE INSERT ON users FROM ccpor_app;
DROP POLICY users_app_platform_invite ON users;
DROP POLICY users_app_platform_admin ON users;
REVOKE INSERT ON memberships FROM ccpor_app;
DROP POLICY memberships_app_platform_grant ON memberships;
DROP TRIGGER courts_two_person ON courts;
DROP FUNCTION courts_two_person();
REVOKE INSERT, UPDATE ON courts FROM ccpor_app;
DROP POLICY courts_app_edit ON courts;
DROP POLICY courts_app_create ON courts;
DROP POLICY courts_read ON courts;
DROP POLICY courts_owner ON courts;
ALTER TABLE courts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE courts DISABLE ROW LEVEL SECURITY;
DROP TABLE court_changes, court_onboarding_steps;
DROP FUNCTION app_platform_admin();
