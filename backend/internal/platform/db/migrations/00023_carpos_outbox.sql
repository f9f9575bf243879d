-- The CARPOS outbox: every message the DOJ must get about an order of a
-- CLETS-submitting court, written in the order's own transaction (commit: it will
-- be sent; rollback: it never existed), numbered per order so that a message is
-- never sent before the ones written ahead of it. Only CLETS-certified users read
-- it; a clerk without certification writes it through carpos_enqueue alone.

-- +goose Up
CREATE TABLE carpos_messages (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id        uuid NOT NULL REFERENCES courts,
    order_id        uuid NOT NULL REFERENCES orders,
    seq             integer NOT NULL CHECK (seq > 0),
    kind            text NOT NULL CHECK (kind IN ('ENTER', 'MODIFY', 'CANCEL', 'SERVICE')),
    order_version   integer NOT NULL CHECK (order_version > 0),
    body            text NOT NULL CHECK (length(body) <= 20000), -- the CLETS text; FCN and NIC are added at sending
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'acknowledged', 'rejected')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text CHECK (length(last_error) <= 1000),
    reason          text CHECK (length(reason) <= 1000), -- why it was rejected (the DOJ's words, or no answer)
    fcn             text CHECK (fcn ~ '^F[0-9]{15}$'),
    nic             text CHECK (nic ~ '^H[0-9]{10}$'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    acknowledged_at timestamptz,
    rejected_at     timestamptz,
    resends         integer NOT NULL DEFAULT 0, -- each resend is a new message to the DOJ: a new idempotency key
    resent_by       uuid REFERENCES users,
    resent_at       timestamptz,
    UNIQUE (order_id, seq)
);
CREATE INDEX carpos_messages_queue ON carpos_messages (court_id, created_at) WHERE state = 'rejected';
CREATE INDEX carpos_messages_fcn ON carpos_messages (fcn) WHERE fcn IS NOT NULL;
CREATE INDEX carpos_messages_nic ON carpos_messages (nic) WHERE nic IS NOT NULL;

CALL tenancy_apply('carpos_messages', 'court', clets => true);
-- Written only through carpos_enqueue; certified staff update a rejected message to resend it.
REVOKE INSERT ON carpos_messages FROM ccpor_app;
-- tenancy_apply's CLETS guard covers SELECT only; an UPDATE that reads no column
-- (SET state = ... without WHERE) would pass it, so updates get the guard too.
CREATE POLICY carpos_messages_app_clets_update ON carpos_messages AS RESTRICTIVE FOR UPDATE TO ccpor_app
    USING ((SELECT s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
CREATE POLICY carpos_messages_owner ON carpos_messages TO ccpor_owner USING (true) WITH CHECK (true);
-- The delivery jobs read and update every court's messages (they carry only ids).
CREATE POLICY carpos_messages_worker_read ON carpos_messages FOR SELECT TO ccpor_worker USING (true);
CREATE POLICY carpos_messages_worker_update ON carpos_messages FOR UPDATE TO ccpor_worker USING (true) WITH CHECK (true);
GRANT SELECT ON carpos_messages TO ccpor_worker;
GRANT UPDATE (state, attempts, last_error, reason, fcn, nic, sent_at, acknowledged_at, rejected_at) ON carpos_messages TO ccpor_worker;

-- Adds a message about an order of the caller's acting court, next in the order's
-- sequence, and returns its id; NULL when the court does not submit to CLETS, or
-- for a change to an order CARPOS never got an entry for. The caller holds the
-- order's row lock, so the order's messages are numbered one at a time.
-- +goose StatementBegin
CREATE FUNCTION carpos_enqueue(p_order uuid, p_kind text, p_version integer, p_body text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_court uuid := app_court();
    v_id uuid;
BEGIN
    IF v_court IS NULL THEN
        RAISE EXCEPTION 'carpos_enqueue: no acting court' USING ERRCODE = '42501';
    END IF;
    IF NOT (SELECT c.clets_submitting FROM courts c WHERE c.id = v_court) THEN
        RETURN NULL;
    END IF;
    IF p_kind <> 'ENTER' AND NOT EXISTS (SELECT 1 FROM carpos_messages m
            WHERE m.order_id = p_order AND m.court_id = v_court AND m.kind = 'ENTER') THEN
        RETURN NULL;
    END IF;
    INSERT INTO carpos_messages (court_id, order_id, seq, kind, order_version, body)
    SELECT v_court, p_order, coalesce(max(m.seq), 0) + 1, p_kind, p_version, p_body
    FROM carpos_messages m WHERE m.order_id = p_order
    RETURNING id INTO v_id;
    RETURN v_id;
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION carpos_enqueue(uuid, text, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION carpos_enqueue(uuid, text, integer, text) TO ccpor_app;

-- +goose Down
DROP FUNCTION carpos_enqueue(uuid, text, integer, text);
DROP TABLE carpos_messages;
