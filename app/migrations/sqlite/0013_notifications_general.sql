-- Notifications about more than projects: a decision on a project (its event) or on an honour
-- (its nomination published or declined). Exactly one subject per notification. SQLite cannot
-- relax NOT NULL in place, so the table is rebuilt with its rows.
CREATE TABLE notifications_new (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    project_id  INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    event_id    INTEGER REFERENCES project_events(id) ON DELETE CASCADE,
    honour_id   INTEGER REFERENCES honours(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    read_at     TEXT,
    CHECK ((project_id IS NOT NULL AND event_id IS NOT NULL AND honour_id IS NULL)
        OR (project_id IS NULL AND event_id IS NULL AND honour_id IS NOT NULL))
);
INSERT INTO notifications_new (id, person_id, project_id, event_id, created_at, read_at)
    SELECT id, person_id, project_id, event_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_person_idx ON notifications(person_id, read_at);
