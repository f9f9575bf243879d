-- The version history names who saved each version (issue #8). Only the saver's own
-- user row is readable by the application role, so the name is taken when the
-- version is written, and kept as it was then, like the rest of the version.

-- +goose Up
ALTER TABLE order_versions ADD COLUMN created_by_name text CHECK (length(created_by_name) <= 200);
UPDATE order_versions v SET created_by_name = u.display_name FROM users u WHERE u.id = v.created_by;

-- +goose Down
ALTER TABLE order_versions DROP COLUMN created_by_name;
