-- Statewide person search and conflict detection (issue #10). docs/design.md "Search
-- under row-level security": under RLS only equality drives an index, so each
-- person of each order version is kept with blocking keys (computed in Go, package
-- order, PersonKeys: the same function builds the query's keys) compared by
-- equality on a btree index; candidates are ranked afterwards.

-- +goose Up
CREATE TABLE order_person_keys (
    court_id uuid NOT NULL,
    order_id uuid NOT NULL,
    version  int NOT NULL,
    person   int NOT NULL CHECK (person >= 0),          -- 0: the restrained person; 1..n: protected persons
    role     text NOT NULL CHECK (role IN ('restrained', 'protected')),
    key      text NOT NULL CHECK (length(key) BETWEEN 3 AND 200),
    PRIMARY KEY (key, court_id, order_id, version, person),
    FOREIGN KEY (order_id, version) REFERENCES order_versions
);
CREATE INDEX order_person_keys_order ON order_person_keys (order_id, version);

-- The persons themselves, for ranking and answers (name and date of birth only).
CREATE TABLE order_persons (
    court_id uuid NOT NULL,
    order_id uuid NOT NULL,
    version  int NOT NULL,
    person   int NOT NULL CHECK (person >= 0),
    role     text NOT NULL CHECK (role IN ('restrained', 'protected')),
    name     text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    aliases  text[] NOT NULL DEFAULT '{}',
    dob      date,
    PRIMARY KEY (order_id, version, person),
    FOREIGN KEY (order_id, version) REFERENCES order_versions
);

CALL tenancy_apply('order_person_keys', 'orders');
CALL tenancy_apply('order_persons', 'orders');
REVOKE UPDATE ON order_person_keys, order_persons FROM ccpor_app;

-- Searches by case number statewide, and by court, status and issue date.
CREATE INDEX orders_case_statewide ON orders (case_number);
CREATE INDEX orders_court_status_issued ON orders (court_id, status, issued_on);

-- What possible_conflict_courts reads as the owner, who sees no order content
-- (no owner policy on orders): the persons' keys, and each order's status and
-- current version, kept by a trigger on orders.
CREATE TABLE order_conflict_heads (
    order_id        uuid PRIMARY KEY REFERENCES orders,
    court_id        uuid NOT NULL,
    status          text NOT NULL,
    current_version int NOT NULL
);
CREATE INDEX order_conflict_heads_court ON order_conflict_heads (court_id);
CALL tenancy_apply('order_conflict_heads', 'orders');
REVOKE INSERT, UPDATE ON order_conflict_heads FROM ccpor_app;
CREATE POLICY order_conflict_heads_owner ON order_conflict_heads TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY order_person_keys_owner_read ON order_person_keys FOR SELECT TO ccpor_owner USING (true);

-- +goose StatementBegin
CREATE FUNCTION order_conflict_heads_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO order_conflict_heads (order_id, court_id, status, current_version)
    VALUES (NEW.id, NEW.court_id, NEW.status, NEW.current_version)
    ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, current_version = EXCLUDED.current_version;
    RETURN NULL;
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION order_conflict_heads_sync() FROM PUBLIC;
CREATE TRIGGER orders_conflict_heads AFTER INSERT OR UPDATE OF status, current_version ON orders
    FOR EACH ROW EXECUTE FUNCTION order_conflict_heads_sync();

-- A court that does not share statewide is still named when one of its active
-- orders may restrain the same person (docs/design.md "Statewide conflict checks"): the
-- answer is the court and how many, never an order's content. Only for a caller
-- with an acting court; the caller's readable courts are left out (those orders it
-- sees itself).
-- +goose StatementBegin
CREATE FUNCTION possible_conflict_courts(p_keys text[]) RETURNS TABLE (court_id uuid, court_name text, orders bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    v_court uuid := app_court();
    v_read uuid[] := app_read_courts();
BEGIN
    IF v_court IS NULL THEN
        RAISE EXCEPTION 'possible_conflict_courts: no acting court' USING ERRCODE = '42501';
    END IF;
    IF cardinality(p_keys) > 500 THEN
        RAISE EXCEPTION 'possible_conflict_courts: too many keys' USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    SELECT c.id, c.name, count(DISTINCT k.order_id)
    FROM order_person_keys k
    JOIN order_conflict_heads o ON o.order_id = k.order_id AND o.current_version = k.version
    JOIN courts c ON c.id = k.court_id
    WHERE k.key = ANY (p_keys) AND k.role = 'restrained' AND o.status = 'active'
      AND NOT (k.court_id = ANY (coalesce(v_read, '{}')))
    GROUP BY c.id, c.name;
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION possible_conflict_courts(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION possible_conflict_courts(text[]) TO ccpor_app;

-- +goose Down
DROP FUNCTION possible_conflict_courts(text[]);
DROP TRIGGER orders_conflict_heads ON orders;
DROP FUNCTION order_conflict_heads_sync();
DROP TABLE order_conflict_heads;
DROP INDEX orders_case_statewide, orders_court_status_issued;
DROP TABLE order_persons, order_person_keys;
