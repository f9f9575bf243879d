-- The order registry, part 2 (issue #9): every order type and its forms, their
-- expiry rules, and the proof of service's where, what and which version. The
-- forms themselves are Go definitions (package order, definitions.go): a new form
-- revision adds a definition, not a column.

-- +goose Up
ALTER TABLE orders
    DROP CONSTRAINT orders_order_type_check,
    ADD CONSTRAINT orders_order_type_check CHECK (order_type IN ('criminal_protective_order', 'civil_harassment',
        'domestic_violence', 'elder_dependent_adult_abuse', 'emergency_protective_order', 'juvenile', 'workplace_violence')),
    DROP CONSTRAINT orders_order_kind_check,
    ADD CONSTRAINT orders_order_kind_check CHECK (order_kind IN ('pending_trial', 'probation_condition', 'post_conviction',
        'temporary', 'after_hearing', 'emergency')),
    DROP CONSTRAINT orders_form_number_check,
    ADD CONSTRAINT orders_form_number_check CHECK (form_number IN ('CR-160', 'CH-110', 'CH-130', 'DV-110', 'DV-130',
        'EA-110', 'EA-130', 'EPO-001', 'JV-250', 'JV-255', 'WV-110', 'WV-130')),
    DROP CONSTRAINT orders_expiry_rule_check,
    ADD CONSTRAINT orders_expiry_rule_check CHECK (expiry_rule IN ('written', 'three_years_after_issuance',
        'until_further_order', 'end_of_hearing', 'three_years_after_hearing', 'emergency_court_days')),
    ADD COLUMN served_address text CHECK (length(served_address) BETWEEN 1 AND 300),
    ADD COLUMN served_documents text[] CHECK (cardinality(served_documents) <= 12),
    ADD COLUMN served_version int CHECK (served_version >= 1 AND served_version <= current_version);

-- +goose Down
-- Back to the CR-160 only. An order of another type cannot be kept by the older
-- checks: the step refuses (the CHECK fails) while one exists, rather than
-- delete orders; remove or export them first.
ALTER TABLE orders
    DROP COLUMN served_version,
    DROP COLUMN served_documents,
    DROP COLUMN served_address,
    DROP CONSTRAINT orders_order_type_check,
    ADD CONSTRAINT orders_order_type_check CHECK (order_type IN ('criminal_protective_order')),
    DROP CONSTRAINT orders_order_kind_check,
    ADD CONSTRAINT orders_order_kind_check CHECK (order_kind IN ('pending_trial', 'probation_condition', 'post_conviction')),
    DROP CONSTRAINT orders_form_number_check,
    ADD CONSTRAINT orders_form_number_check CHECK (form_number IN ('CR-160')),
    DROP CONSTRAINT orders_expiry_rule_check,
    ADD CONSTRAINT orders_expiry_rule_check CHECK (expiry_rule IN ('written', 'three_years_after_issuance',
        'until_further_order'));
