-- A person hears when a reward line of theirs is approved or paid: a third kind of subject, the
-- payout with the status it reached.
ALTER TABLE notifications
    ADD COLUMN payout_id BIGINT REFERENCES payouts(id) ON DELETE CASCADE,
    ADD COLUMN payout_status TEXT CHECK (payout_status IN ('approved', 'paid')),
    DROP CONSTRAINT notifications_one_subject,
    ADD CONSTRAINT notifications_one_subject CHECK (
        (project_id IS NOT NULL AND event_id IS NOT NULL AND honour_id IS NULL AND payout_id IS NULL)
        OR (project_id IS NULL AND event_id IS NULL AND honour_id IS NOT NULL AND payout_id IS NULL)
        OR (project_id IS NULL AND event_id IS NULL AND honour_id IS NULL AND payout_id IS NOT NULL
            AND payout_status IS NOT NULL));
