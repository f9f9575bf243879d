-- Order images (issue #11): the signed order as the court issued it, and the proof of
-- service, as PDF, TIFF, JPEG or PNG files. The bytes live in blob storage
-- (gocloud.dev/blob); this table holds what is known of them, under the order's
-- row-level security: an image is visible exactly when its order is.
--
-- The proof of service has no row of its own (it is columns of the order head), so
-- its images name the order and say purpose = 'proof_of_service'.

-- +goose Up
CREATE TABLE order_images (
    id          uuid PRIMARY KEY,
    court_id    uuid NOT NULL,
    order_id    uuid NOT NULL,
    version     int NOT NULL,
    purpose     text NOT NULL CHECK (purpose IN ('order', 'proof_of_service')),
    file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200 AND file_name !~ '[\x01-\x1f\x7f/\\]' AND file_name !~ '\.\.'),
    media_type  text NOT NULL CHECK (media_type IN ('application/pdf', 'image/tiff', 'image/jpeg', 'image/png')),
    size_bytes  bigint NOT NULL CHECK (size_bytes > 0),
    pages       int NOT NULL CHECK (pages >= 1),
    width       int NOT NULL CHECK (width >= 0),  -- of the first page, in pixels; 0 for a PDF
    height      int NOT NULL CHECK (height >= 0),
    sha256      bytea NOT NULL CHECK (length(sha256) = 32),
    storage_key text NOT NULL UNIQUE CHECK (storage_key ~ '^images/[0-9a-f-]{36}$'),
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (court_id, order_id) REFERENCES orders (court_id, id),
    FOREIGN KEY (order_id, version) REFERENCES order_versions
);
-- The same file attached twice to one order is one image.
CREATE UNIQUE INDEX order_images_same_file ON order_images (order_id, sha256);
CREATE INDEX order_images_order ON order_images (order_id, created_at);

CALL tenancy_apply('order_images', 'orders');

-- Visible exactly when its order is (drafts stay the issuing court's): the subquery
-- runs under the orders table's own policies.
CREATE POLICY order_images_app_order_visible ON order_images AS RESTRICTIVE FOR SELECT TO ccpor_app
    USING (EXISTS (SELECT 1 FROM orders o WHERE o.id = order_id));

-- Only clerks and sheriffs attach images, whatever the role rules in Go let through.
CREATE POLICY order_images_app_writer ON order_images AS RESTRICTIVE FOR INSERT TO ccpor_app
    WITH CHECK ((SELECT s.roles && ARRAY['clerk', 'sheriff'] FROM public.session_scopes s
        WHERE s.token_hex = current_setting('ccpor.session', true)
          AND s.acting_court_id::text = current_setting('ccpor.court', true) AND s.expires_at > now()) IS TRUE);

-- An image is written once.
REVOKE UPDATE ON order_images FROM ccpor_app;

-- The storage sweep (ccpor_worker) reads which blobs are known and their hashes, to
-- remove blobs no row names (an upload cut off between blob and commit) and to
-- report a blob whose bytes no longer match; nothing else of the image.
CREATE POLICY order_images_worker_read ON order_images FOR SELECT TO ccpor_worker USING (true);
GRANT SELECT (id, court_id, storage_key, sha256, size_bytes) ON order_images TO ccpor_worker;

-- +goose Down
DROP TABLE order_images;
