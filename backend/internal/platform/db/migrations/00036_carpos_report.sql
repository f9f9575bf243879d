-- CARPOS figures of the operational report (issue #13), per court: messages
-- pending (or sent, unanswered) and rejected now; over the 30 days up to the
-- refresh's as_of day, the median and 95th percentile of the seconds from an
-- order's issuance (its entry message committed) to the DOJ's acknowledgement,
-- and the orders with a message that missed its one-business-day deadline
-- (Fam. Code 6380: acknowledged after the end of the first court day after the
-- change, or still unacknowledged past it). Counts, never content; rebuilt by the
-- worker with the other summary tables; read by the court's staff.

-- +goose Up
CREATE TABLE carpos_ops (
    court_id            uuid PRIMARY KEY REFERENCES courts,
    pending             int NOT NULL,
    rejected            int NOT NULL,
    acknowledged        int NOT NULL,
    ack_median_seconds  double precision,
    ack_p95_seconds     double precision,
    missed_deadline     int NOT NULL
);

CALL tenancy_apply('carpos_ops', 'court');
REVOKE INSERT, UPDATE ON carpos_ops FROM ccpor_app;
CREATE POLICY carpos_ops_worker ON carpos_ops TO ccpor_worker USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON carpos_ops TO ccpor_worker;
-- the worker reads the messages' states and times already (it delivers them)

-- +goose Down
DROP TABLE carpos_ops;
