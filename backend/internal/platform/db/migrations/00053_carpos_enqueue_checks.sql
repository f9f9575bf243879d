-- carpos_enqueue (a definer function, so past the tenancy policies) took any order
-- id and any text: a clerk could write a message about another court's order, of
-- a version it does not have, with text that is no CLETS message. It now refuses
-- an order its acting court did not issue, a kind CARPOS does not know, a version
-- the order does not have, and a text that is not a message of that kind
-- (MKE/<kind> first, printable characters and line ends only, at most 20000).
-- The order's court and version are checked by foreign keys (which row-level
-- security does not hide, while the function's owner sees no order under FORCE):
-- a message's court must be its order's court, and its version one of the order's.
-- NOT VALID: rows written before are not scanned; every new row is checked.

-- +goose Up
ALTER TABLE carpos_messages ADD CONSTRAINT carpos_messages_order_court
    FOREIGN KEY (court_id, order_id) REFERENCES orders (court_id, id) NOT VALID;
ALTER TABLE carpos_messages ADD CONSTRAINT carpos_messages_order_version
    FOREIGN KEY (order_id, order_version) REFERENCES order_versions (order_id, version) NOT VALID;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION carpos_enqueue(p_order uuid, p_kind text, p_version integer, p_body text) RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_court uuid := app_court();
    v_id uuid;
    v_constraint text;
BEGIN
    IF v_court IS NULL THEN
        RAISE EXCEPTION 'carpos_enqueue: no acting court' USING ERRCODE = '42501';
    END IF;
    IF p_order IS NULL THEN
        RAISE EXCEPTION 'carpos_enqueue: no order' USING ERRCODE = '22023';
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('ENTER', 'MODIFY', 'CANCEL', 'SERVICE') THEN
        RAISE EXCEPTION 'carpos_enqueue: kind % is not ENTER, MODIFY, CANCEL or SERVICE', p_kind USING ERRCODE = '22023';
    END IF;
    IF p_version IS NULL THEN
        RAISE EXCEPTION 'carpos_enqueue: no version' USING ERRCODE = '22023';
    END IF;
    IF p_body IS NULL OR length(p_body) > 20000 OR p_body NOT LIKE 'MKE/' || p_kind || E'\n%'
       OR p_body ~ '[^\n\r\x20-\x7e\u00a0-\uffff]' THEN
        RAISE EXCEPTION 'carpos_enqueue: the text is not a CLETS message of kind % (MKE/% first, printable characters, at most 20000)',
            p_kind, p_kind USING ERRCODE = '22023';
    END IF;
    IF NOT (SELECT c.clets_submitting FROM courts c WHERE c.id = v_court) THEN
        RETURN NULL;
    END IF;
    IF p_kind <> 'ENTER' AND NOT EXISTS (SELECT 1 FROM carpos_messages m
            WHERE m.order_id = p_order AND m.court_id = v_court AND m.kind = 'ENTER') THEN
        RETURN NULL;
    END IF;
    BEGIN
        INSERT INTO carpos_messages (court_id, order_id, seq, kind, order_version, body)
        SELECT v_court, p_order, coalesce(max(m.seq), 0) + 1, p_kind, p_version, p_body
        FROM carpos_messages m WHERE m.order_id = p_order
        RETURNING id INTO v_id;
    EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint = 'carpos_messages_order_version' THEN
            RAISE EXCEPTION 'carpos_enqueue: the order has no version %', p_version USING ERRCODE = '22023';
        END IF;
        RAISE EXCEPTION 'carpos_enqueue: % is not an order of the acting court', p_order USING ERRCODE = '42501';
    END;
    RETURN v_id;
END $$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE carpos_messages DROP CONSTRAINT carpos_messages_order_version, DROP CONSTRAINT carpos_messages_order_court;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION carpos_enqueue(p_order uuid, p_kind text, p_version integer, p_body text) RETURNS uuid
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
