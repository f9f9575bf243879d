-- A Range request for a later part of an image (a resumed download, a viewer's
-- next chunk) records no event of its own when it continues an act already
-- recorded. Before, any such request was taken for a continuation, so asking for
-- "bytes=1-" read almost the whole file with no event at all. The application
-- cannot read the audit log (only auditors can), so it asks this function whether
-- the stated session's user opened or downloaded the image, in the acting court,
-- within the last 15 minutes (as long as a view token lasts).

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION image_act_recorded(p_image text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM audit_events e
        WHERE e.court_id = app_court() AND e.occurred_at > now() - interval '15 minutes'
          AND e.user_id = app_user_id() AND e.object_type = 'order_image' AND e.object_id = p_image
          AND e.action IN ('image.view', 'image.download') AND e.outcome = 'success')
$$;
-- +goose StatementEnd

REVOKE EXECUTE ON FUNCTION image_act_recorded(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION image_act_recorded(text) TO ccpor_app;

-- +goose Down
DROP FUNCTION image_act_recorded(text);
