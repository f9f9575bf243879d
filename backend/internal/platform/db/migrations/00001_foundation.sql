-- The foundation: extensions, schema privileges and the defaults every later table
-- inherits. Roles come from `ccpor bootstrap` (they are global to a cluster).

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ccpor_app, ccpor_worker, ccpor_maint;

-- Nothing is granted by default to the application roles: each table grants what
-- its policies need, command by command. The maintenance role reads and loads
-- everything (backups, bulk loads, benchmark baselines).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO ccpor_maint;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ccpor_maint;
-- Functions are not executable by PUBLIC unless granted one by one. (Only the global
-- default can take a privilege away; a per-schema default can only add one.)
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- Readiness checks that migrations are current.
GRANT SELECT ON goose_db_version TO ccpor_app, ccpor_worker, ccpor_maint;

-- +goose Down
REVOKE SELECT ON goose_db_version FROM ccpor_app, ccpor_worker, ccpor_maint;
ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ccpor_maint;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT ON TABLES FROM ccpor_maint;
REVOKE USAGE ON SCHEMA public FROM ccpor_app, ccpor_worker, ccpor_maint;
