-- A person hears when a reward line of theirs is approved or paid: a third kind of subject, the
-- payout with the status it reached. The table is rebuilt with its rows for the new CHECK.
CREATE TABLE notifications_new (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people(id),
    project_id     INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    event_id       INTEGER REFERENCES project_events(id) ON DELETE CASCADE,
    honour_id      INTEGER REFERENCES honours(id) ON DELETE CASCADE,
    payout_id      INTEGER REFERENCES payouts(id) ON DELETE CASCADE,
    payout_status  TEXT CHECK (payout_status IN ('approved', 'paid')),
    created_at     TEXT NOT NULL,
    read_at        TEXT,
    CHECK ((project_id IS NOT NULL AND event_id IS NOT NULL AND honour_id IS NULL AND payout_id IS NULL)
        OR (project_id IS NULL AND event_id IS NULL AND honour_id IS NOT NULL AND payout_id IS NULL)
        OR (project_id IS NULL AND event_id IS NULL AND honour_id IS NULL AND payout_id IS NOT NULL
            AND payout_status IS NOT NULL))
);
INSERT INTO notifications_new (id, person_id, project_id, event_id, honour_id, created_at, read_at)
    SELECT id, person_id, project_id, event_id, honour_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_person_idx ON notifications(person_id, read_at);
