-- CLETS hit confirmations: a sheriff's record of checking a CLETS response
-- against the registry (the order's current version, the differences found, the
-- outcome). It belongs to the sheriff's court and points at the order; only
-- CLETS-certified users read it. Written once.

-- +goose Up
CREATE TABLE clets_hit_confirmations (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    court_id      uuid NOT NULL REFERENCES courts, -- the confirming sheriff's court
    order_id      uuid REFERENCES orders,          -- none when no order was found
    order_version integer CHECK (order_version > 0),
    outcome       text NOT NULL CHECK (outcome IN ('confirmed_in_force', 'not_found', 'expired', 'modified', 'mismatch_reported')),
    response      text NOT NULL CHECK (length(response) BETWEEN 1 AND 20000),
    differences   jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(differences) = 'array'),
    note          text CHECK (length(note) <= 1000),
    created_by    uuid NOT NULL REFERENCES users,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((order_id IS NULL) = (outcome = 'not_found')),
    CHECK ((order_id IS NULL) = (order_version IS NULL))
);
CREATE INDEX clets_hit_confirmations_court ON clets_hit_confirmations (court_id, created_at DESC);
CREATE INDEX clets_hit_confirmations_order ON clets_hit_confirmations (order_id) WHERE order_id IS NOT NULL;

CALL tenancy_apply('clets_hit_confirmations', 'court', clets => true);
REVOKE UPDATE ON clets_hit_confirmations FROM ccpor_app;
-- Only sheriffs with a current CLETS certification record them.
CREATE POLICY clets_hit_confirmations_app_sheriff ON clets_hit_confirmations AS RESTRICTIVE FOR INSERT TO ccpor_app
    WITH CHECK ((SELECT 'sheriff' = ANY (s.roles) AND s.clets_until >= (now() AT TIME ZONE 'America/Los_Angeles')::date
        FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);

-- +goose Down
DROP TABLE clets_hit_confirmations;
