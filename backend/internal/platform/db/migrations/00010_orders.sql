-- The order registry, part 1 (issue #8): order heads, their immutable versions, the
-- protected persons' addresses (private to the issuing court and to sheriffs), and
-- the idempotency keys of creates. See docs/design.md "Orders" and "Privacy".
--
-- A version's content is jsonb of one typed Go struct (package order), validated in
-- Go before it is written: a form's items change between revisions, a version is
-- written once and read whole, and a diff between two versions compares two
-- documents. What the registry searches, filters or enforces by (court, case
-- number, type, status, dates, service) are typed columns of the head.

-- +goose Up
CREATE TABLE orders (
    id              uuid PRIMARY KEY,
    court_id        uuid NOT NULL REFERENCES courts,
    case_number     text NOT NULL CHECK (case_number ~ '^[0-9A-Z][0-9A-Z-]{2,29}$'),
    order_type      text NOT NULL CHECK (order_type IN ('criminal_protective_order')),
    order_kind      text NOT NULL CHECK (order_kind IN ('pending_trial', 'probation_condition', 'post_conviction')),
    form_number     text NOT NULL CHECK (form_number IN ('CR-160')),
    form_revision   date NOT NULL,
    status          text NOT NULL CHECK (status IN ('draft', 'active', 'cancelled', 'expired', 'superseded')),
    issued_on       date NOT NULL,
    expires_on      date CHECK (expires_on >= issued_on),
    expiry_rule     text NOT NULL CHECK (expiry_rule IN ('written', 'three_years_after_issuance', 'until_further_order')),
    current_version int NOT NULL CHECK (current_version >= 1),
    revision        int NOT NULL DEFAULT 1, -- the ETag: every change of the order bumps it
    service_status  text NOT NULL DEFAULT 'unserved' CHECK (service_status IN ('unserved', 'served')),
    served_on       date,
    served_time     text CHECK (served_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    service_method  text CHECK (service_method IN ('personal', 'at_hearing', 'substituted', 'mail', 'electronic')),
    served_by       text CHECK (length(served_by) <= 200),
    server_agency   text CHECK (length(server_agency) <= 200),
    cancelled_on    date,
    cancel_reason   text CHECK (length(cancel_reason) <= 1000),
    superseded_by   uuid REFERENCES orders DEFERRABLE INITIALLY DEFERRED, -- set before its successor is inserted
    created_by      uuid NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((service_status = 'served') = (served_on IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_on IS NOT NULL AND cancel_reason IS NOT NULL))
);
-- A court has one live order of a type per case; court B may use A's case numbers.
CREATE UNIQUE INDEX orders_live_case ON orders (court_id, case_number, order_type) WHERE status IN ('draft', 'active');
CREATE INDEX orders_case ON orders (court_id, case_number);
CREATE UNIQUE INDEX orders_court_id ON orders (court_id, id);
CREATE INDEX orders_expiring ON orders (expires_on) WHERE status = 'active' AND expires_on IS NOT NULL;

CREATE TABLE order_versions (
    court_id   uuid NOT NULL,
    order_id   uuid NOT NULL,
    version    int NOT NULL CHECK (version >= 1),
    content    jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object' AND octet_length(content::text) <= 65536),
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, version),
    FOREIGN KEY (court_id, order_id) REFERENCES orders (court_id, id)
);

-- Protected persons' addresses, apart from the version's content: only the issuing
-- court and sheriffs read them (row-level security); everyone else sees them masked.
CREATE TABLE order_protected_addresses (
    court_id uuid NOT NULL,
    order_id uuid NOT NULL,
    version  int NOT NULL,
    person   int NOT NULL CHECK (person >= 0),
    address  text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
    PRIMARY KEY (order_id, version, person),
    FOREIGN KEY (order_id, version) REFERENCES order_versions
);

-- Creates are idempotent per court, user and key; the body's hash is kept so that a
-- reuse of the key with another body is refused.
CREATE TABLE order_idempotency_keys (
    court_id     uuid NOT NULL REFERENCES courts,
    user_id      uuid NOT NULL,
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
    order_id     uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (court_id, user_id, key)
);

CALL tenancy_apply('orders', 'orders');
CALL tenancy_apply('order_versions', 'orders');
CALL tenancy_apply('order_protected_addresses', 'court');
CALL tenancy_apply('order_idempotency_keys', 'court');

-- Drafts are the issuing court's own until issued.
CREATE POLICY orders_app_drafts ON orders AS RESTRICTIVE FOR SELECT TO ccpor_app
    USING (status <> 'draft' OR court_id = (SELECT s.acting_court_id FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()));

-- Only clerks and sheriffs write orders, whatever the role rules in Go let through.
CREATE POLICY orders_app_writer_insert ON orders AS RESTRICTIVE FOR INSERT TO ccpor_app
    WITH CHECK ((SELECT s.roles && ARRAY['clerk', 'sheriff'] FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
CREATE POLICY orders_app_writer_update ON orders AS RESTRICTIVE FOR UPDATE TO ccpor_app
    USING ((SELECT s.roles && ARRAY['clerk', 'sheriff'] FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
CREATE POLICY order_versions_app_writer ON order_versions AS RESTRICTIVE FOR INSERT TO ccpor_app
    WITH CHECK ((SELECT s.roles && ARRAY['clerk', 'sheriff'] FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
CREATE POLICY order_protected_addresses_app_writer ON order_protected_addresses AS RESTRICTIVE FOR INSERT TO ccpor_app
    WITH CHECK ((SELECT s.roles && ARRAY['clerk', 'sheriff'] FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);

-- Sheriffs (law enforcement) read protected addresses of every court they read.
CREATE POLICY order_protected_addresses_app_sheriff ON order_protected_addresses FOR SELECT TO ccpor_app
    USING (court_id = ANY ((SELECT s.read_courts FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()
          AND 'sheriff' = ANY (s.roles))::uuid[]));

-- Versions and addresses are written once.
REVOKE UPDATE ON order_versions, order_protected_addresses FROM ccpor_app;

-- The expiry job: it sees orders with an end date, active or expired (an updated
-- row must stay visible to its writer), and may only expire active ones.
CREATE POLICY orders_worker_read ON orders FOR SELECT TO ccpor_worker
    USING (status IN ('active', 'expired') AND expires_on IS NOT NULL);
CREATE POLICY orders_worker_expire ON orders FOR UPDATE TO ccpor_worker
    USING (status = 'active' AND expires_on IS NOT NULL) WITH CHECK (status = 'expired');
GRANT SELECT (id, court_id, status, expires_on, revision) ON orders TO ccpor_worker;
GRANT UPDATE (status, revision, updated_at) ON orders TO ccpor_worker;

-- +goose Down
DROP TABLE order_idempotency_keys, order_protected_addresses, order_versions, orders;
