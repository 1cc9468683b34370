-- A round's chain also records difficulty coefficients (they change scores) and corrections
-- after publication (a reason, shown on the results page). SQLite cannot alter a CHECK: the
-- events table is rebuilt with its rows, hashes untouched.
CREATE TABLE round_events_new (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds(id),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    client_id      TEXT UNIQUE,
    actor_id       INTEGER NOT NULL REFERENCES people(id),
    kind           TEXT NOT NULL CHECK (kind IN ('mark', 'sign', 'reopen', 'lock', 'deduct', 'override', 'publish',
                                                 'difficulty', 'correct')),
    body           TEXT NOT NULL,
    at             TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    UNIQUE (round_id, seq)
);
INSERT INTO round_events_new SELECT id, round_id, seq, client_id, actor_id, kind, body, at, prev_hash, hash FROM round_events;
DROP TABLE round_events;
ALTER TABLE round_events_new RENAME TO round_events;

CREATE TABLE round_corrections (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    reason      TEXT NOT NULL,
    decided_by  INTEGER NOT NULL REFERENCES people(id),
    decided_at  TEXT NOT NULL
);
CREATE INDEX round_corrections_round ON round_corrections (round_id);
