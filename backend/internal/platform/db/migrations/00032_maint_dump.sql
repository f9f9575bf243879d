-- Backups (docs/operations.md) are taken with pg_dump as ccpor_maint, the one role
-- that reads every row (BYPASSRLS; the owner sees nothing under FORCE ROW LEVEL
-- SECURITY). pg_dump reads every sequence's position: the default privileges of
-- 00001 cover the sequences made after it, not goose's own, made before it.

-- +goose Up
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ccpor_maint;

-- +goose Down
REVOKE SELECT ON SEQUENCE goose_db_version_id_seq FROM ccpor_maint;
