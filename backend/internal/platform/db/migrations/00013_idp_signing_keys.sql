-- Signing keys after the first start belong to the owner: the application role
-- may add only the very first key (none active yet); rotation
-- (`ccpor idp rotate-keys`, as ccpor_owner) keeps its own function.

-- +goose Up
-- +goose StatementBegin
-- The first signing key, made at the provider's first use; false (nothing added)
-- once a key is active, which is from the first start on.
CREATE FUNCTION idp_signing_key_first(p_id text, p_algorithm text, p_private bytea, p_public bytea)
RETURNS boolean LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    LOCK TABLE idp_signing_keys IN SHARE ROW EXCLUSIVE MODE; -- one key change at a time
    IF EXISTS (SELECT 1 FROM idp_signing_keys WHERE retired_at IS NULL) THEN
        RETURN false;
    END IF;
    INSERT INTO idp_signing_keys (id, algorithm, private_key, public_key) VALUES (p_id, p_algorithm, p_private, p_public);
    RETURN true;
END $$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION idp_signing_key_first(text, text, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION idp_signing_key_first(text, text, bytea, bytea) TO ccpor_app;
REVOKE EXECUTE ON FUNCTION idp_signing_key_add(text, text, bytea, bytea, boolean, interval) FROM ccpor_app;

-- +goose Down
GRANT EXECUTE ON FUNCTION idp_signing_key_add(text, text, bytea, bytea, boolean, interval) TO ccpor_app;
DROP FUNCTION idp_signing_key_first(text, text, bytea, bytea);
