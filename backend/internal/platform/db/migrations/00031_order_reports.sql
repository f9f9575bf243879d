-- Reports on orders (issue #13): summary tables of counts, never content, that the
-- worker rebuilds from the order heads and versions (materialized views cannot
-- carry row-level security). A court's staff read their court's rows; platform
-- administrators read every court's (statewide counts). Days and months are
-- counted in America/Los_Angeles.

-- +goose Up
-- Orders issued, modified, cancelled and served, by court, month and type.
CREATE TABLE order_stats_monthly (
    court_id   uuid NOT NULL REFERENCES courts,
    month      date NOT NULL CHECK (extract(day FROM month) = 1),
    order_type text NOT NULL,
    issued     int NOT NULL DEFAULT 0,
    modified   int NOT NULL DEFAULT 0,
    cancelled  int NOT NULL DEFAULT 0,
    served     int NOT NULL DEFAULT 0,
    PRIMARY KEY (court_id, month, order_type)
);

-- Orders active when the figures were made, by court and type.
CREATE TABLE order_stats_active (
    court_id   uuid NOT NULL REFERENCES courts,
    order_type text NOT NULL,
    active     int NOT NULL,
    PRIMARY KEY (court_id, order_type)
);

-- Orders entered (created, draft or issued) per day.
CREATE TABLE order_ops_daily (
    court_id uuid NOT NULL REFERENCES courts,
    day      date NOT NULL,
    entered  int NOT NULL,
    PRIMARY KEY (court_id, day)
);

-- Counts of the operational reports by bucket: drafts older than a day by age,
-- unserved active orders by age since issuance, orders expiring by day (bucket
-- 0 to 29: days after the refresh's as_of date). The worker rewrites counts in
-- place (a bucket no longer met holds 0): the buckets are a fixed set.
CREATE TABLE order_ops_buckets (
    court_id uuid NOT NULL REFERENCES courts,
    report   text NOT NULL CHECK (report IN ('stale_drafts', 'unserved', 'expiring')),
    bucket   text NOT NULL CHECK (length(bucket) <= 40),
    position int NOT NULL,
    n        int NOT NULL,
    PRIMARY KEY (court_id, report, bucket)
);

-- When the figures were last made (one row).
CREATE TABLE order_stats_refresh (
    one          boolean PRIMARY KEY DEFAULT true CHECK (one),
    refreshed_at timestamptz NOT NULL,
    as_of        date NOT NULL
);

CALL tenancy_apply('order_stats_monthly', 'court');
CALL tenancy_apply('order_stats_active', 'court');
CALL tenancy_apply('order_ops_daily', 'court');
CALL tenancy_apply('order_ops_buckets', 'court');
-- The application only reads them; platform administrators read every court's.
REVOKE INSERT, UPDATE ON order_stats_monthly, order_stats_active, order_ops_daily, order_ops_buckets FROM ccpor_app;
CREATE POLICY order_stats_monthly_app_platform ON order_stats_monthly FOR SELECT TO ccpor_app
    USING ((SELECT 'platform_admin' = ANY (s.roles) FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);
CREATE POLICY order_stats_active_app_platform ON order_stats_active FOR SELECT TO ccpor_app
    USING ((SELECT 'platform_admin' = ANY (s.roles) FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);

ALTER TABLE order_stats_refresh ENABLE ROW LEVEL SECURITY;
ALTER TABLE order_stats_refresh FORCE ROW LEVEL SECURITY;
CREATE POLICY order_stats_refresh_owner ON order_stats_refresh TO ccpor_owner USING (true) WITH CHECK (true);
CREATE POLICY order_stats_refresh_app ON order_stats_refresh FOR SELECT TO ccpor_app USING (true);
GRANT SELECT ON order_stats_refresh TO ccpor_app;

-- The worker rebuilds them (upserts; counts no longer met become 0): it reads the heads' dates, statuses and types (no
-- content column) of every order, and the versions' dates.
CREATE POLICY order_stats_monthly_worker ON order_stats_monthly TO ccpor_worker USING (true) WITH CHECK (true);
CREATE POLICY order_stats_active_worker ON order_stats_active TO ccpor_worker USING (true) WITH CHECK (true);
CREATE POLICY order_ops_daily_worker ON order_ops_daily TO ccpor_worker USING (true) WITH CHECK (true);
CREATE POLICY order_ops_buckets_worker ON order_ops_buckets TO ccpor_worker USING (true) WITH CHECK (true);
CREATE POLICY order_stats_refresh_worker ON order_stats_refresh TO ccpor_worker USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON order_stats_monthly, order_stats_active, order_ops_daily, order_ops_buckets TO ccpor_worker;
GRANT SELECT, INSERT, UPDATE ON order_stats_refresh TO ccpor_worker;
CREATE POLICY orders_worker_stats ON orders FOR SELECT TO ccpor_worker USING (true);
GRANT SELECT (order_type, issued_on, created_at, service_status, served_on, cancelled_on) ON orders TO ccpor_worker;
CREATE POLICY order_versions_worker_stats ON order_versions FOR SELECT TO ccpor_worker USING (true);
GRANT SELECT (court_id, order_id, version, created_at) ON order_versions TO ccpor_worker;

-- +goose Down
REVOKE SELECT (court_id, order_id, version, created_at) ON order_versions FROM ccpor_worker;
DROP POLICY order_versions_worker_stats ON order_versions;
REVOKE SELECT (order_type, issued_on, created_at, service_status, served_on, cancelled_on) ON orders FROM ccpor_worker;
DROP POLICY orders_worker_stats ON orders;
DROP TABLE order_stats_refresh, order_ops_buckets, order_ops_daily, order_stats_active, order_stats_monthly;
