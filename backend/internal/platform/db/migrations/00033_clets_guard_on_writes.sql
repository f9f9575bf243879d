-- The CLETS guard of tenancy_apply covered SELECT only. PostgreSQL applies SELECT
-- policies to an UPDATE only for the columns it reads, so an UPDATE without WHERE
-- (or an INSERT) by a user whose certification had lapsed passed it. The guard is
-- now FOR ALL, with the same condition for the rows written; the tables that took
-- it get it again.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE PROCEDURE tenancy_apply(tbl regclass, content text, clets boolean DEFAULT false)
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    n text := (SELECT relname FROM pg_class WHERE oid = tbl);
    scope constant text := 'FROM public.session_scopes s WHERE s.token_hex = current_setting(''ccpor.session'', true) '
        'AND s.acting_court_id::text = current_setting(''ccpor.court'', true) AND s.expires_at > now()';
    acting constant text := '(SELECT s.acting_court_id ' || scope || ')';
    certified constant text := '(SELECT s.clets_until >= (now() AT TIME ZONE ''America/Los_Angeles'')::date ' || scope || ') IS TRUE';
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
        EXECUTE format('CREATE POLICY %I ON %s AS RESTRICTIVE FOR ALL TO ccpor_app USING (%s) WITH CHECK (%s)',
                       n || '_app_clets', tbl, certified, certified);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %s TO ccpor_app', tbl);
END $$;
-- +goose StatementEnd
DROP POLICY carpos_messages_app_clets ON carpos_messages;
CREATE POLICY carpos_messages_app_clets ON carpos_messages AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE)
    WITH CHECK ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
DROP POLICY clets_hit_confirmations_app_clets ON clets_hit_confirmations;
CREATE POLICY clets_hit_confirmations_app_clets ON clets_hit_confirmations AS RESTRICTIVE FOR ALL TO ccpor_app
    USING ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE)
    WITH CHECK ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
-- The update guard carpos_messages had for itself is now part of the one above.
DROP POLICY carpos_messages_app_clets_update ON carpos_messages;

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE PROCEDURE tenancy_apply(tbl regclass, content text, clets boolean DEFAULT false)
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
CREATE POLICY carpos_messages_app_clets_update ON carpos_messages AS RESTRICTIVE FOR UPDATE TO ccpor_app
    USING ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
DROP POLICY carpos_messages_app_clets ON carpos_messages;
CREATE POLICY carpos_messages_app_clets ON carpos_messages AS RESTRICTIVE FOR SELECT TO ccpor_app
    USING ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
DROP POLICY clets_hit_confirmations_app_clets ON clets_hit_confirmations;
CREATE POLICY clets_hit_confirmations_app_clets ON clets_hit_confirmations AS RESTRICTIVE FOR SELECT TO ccpor_app
    USING ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
