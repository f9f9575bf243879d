-- The job queue's tables (created by migration 2) hold ids, never order data.
-- The server only enqueues, inside its own transactions; the worker runs jobs.

-- +goose Up
GRANT SELECT, INSERT ON river_job TO ccpor_app;
-- River's insert answers a duplicate with ON CONFLICT DO UPDATE SET kind = kind.
GRANT UPDATE (kind) ON river_job TO ccpor_app;
GRANT USAGE ON SEQUENCE river_job_id_seq TO ccpor_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON river_job, river_leader, river_queue, river_notification TO ccpor_worker;
GRANT SELECT ON river_migration TO ccpor_worker;
GRANT USAGE ON SEQUENCE river_job_id_seq, river_notification_id_seq TO ccpor_worker;
GRANT EXECUTE ON FUNCTION river_job_state_in_bitmask(bit, river_job_state) TO ccpor_worker, ccpor_app;

-- +goose Down
REVOKE ALL ON river_job, river_leader, river_queue, river_notification, river_migration FROM ccpor_app, ccpor_worker;
