-- Notifications about more than projects: a decision on a project (its event) or on an honour
-- (its nomination published or declined). Exactly one subject per notification.
ALTER TABLE notifications
    ALTER COLUMN project_id DROP NOT NULL,
    ALTER COLUMN event_id DROP NOT NULL,
    ADD COLUMN honour_id BIGINT REFERENCES honours(id) ON DELETE CASCADE,
    ADD CONSTRAINT notifications_one_subject CHECK (
        (project_id IS NOT NULL AND event_id IS NOT NULL AND honour_id IS NULL)
        OR (project_id IS NULL AND event_id IS NULL AND honour_id IS NOT NULL));
