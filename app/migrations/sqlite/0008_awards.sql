-- Awards (颁奖): what each tier of an event earns, the members of team entries, the awards given,
-- and prize money in the rewards ledger beside the projects' lines.

-- Per award tier, in tier order: prize money (fen), a title for the honour roll, points.
ALTER TABLE competition_events ADD COLUMN prizes TEXT NOT NULL DEFAULT '[]';
-- When the awards were confirmed (then the results are final and the prizes fixed).
ALTER TABLE competition_events ADD COLUMN awarded_at TEXT;
ALTER TABLE competition_events ADD COLUMN awarded_by INTEGER REFERENCES people(id);

-- The members of a team entry (the entry's person is the lead who stands for the team), each with
-- a weight: a team prize is split among them in proportion, exact to the fen.
CREATE TABLE contestant_members (
    contestant_id  INTEGER NOT NULL REFERENCES contestants(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    weight         INTEGER NOT NULL CHECK (weight > 0),
    PRIMARY KEY (contestant_id, person_id)
);

-- One line per person awarded in an event: their place, tier and title (the honour roll reads
-- titles from here), the prize money and points they received.
CREATE TABLE awards (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES competition_events(id),
    contestant_id  INTEGER NOT NULL REFERENCES contestants(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    place          INTEGER NOT NULL CHECK (place > 0),
    tier           INTEGER NOT NULL CHECK (tier >= 0),
    title          TEXT NOT NULL,
    prize_fen      BIGINT NOT NULL CHECK (prize_fen >= 0),
    points         INTEGER NOT NULL CHECK (points >= 0),
    created_at     TEXT NOT NULL,
    UNIQUE (event_id, person_id)
);
CREATE INDEX awards_person_idx ON awards(person_id);

-- The ledger's lines come from a project (with the reward rule) or from a competition event.
CREATE TABLE payouts_new (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    project_id   INTEGER REFERENCES projects(id),
    event_id     INTEGER REFERENCES competition_events(id),
    kind         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL CHECK (amount_fen >= 0),
    rule_id      INTEGER REFERENCES reward_rules(id),
    inputs       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'paid')),
    created_at   TEXT NOT NULL,
    approved_at  TEXT,
    approved_by  INTEGER REFERENCES people(id),
    paid_at      TEXT,
    paid_by      INTEGER REFERENCES people(id),
    CHECK ((project_id IS NOT NULL AND rule_id IS NOT NULL AND event_id IS NULL)
        OR (project_id IS NULL AND rule_id IS NULL AND event_id IS NOT NULL)),
    UNIQUE (project_id, kind, person_id),
    UNIQUE (event_id, kind, person_id)
);
INSERT INTO payouts_new (id, person_id, project_id, event_id, kind, amount_fen, rule_id, inputs, status, created_at,
                         approved_at, approved_by, paid_at, paid_by)
SELECT id, person_id, project_id, NULL, kind, amount_fen, rule_id, inputs, status, created_at,
       approved_at, approved_by, paid_at, paid_by FROM payouts;
DROP TABLE payouts;
ALTER TABLE payouts_new RENAME TO payouts;
CREATE INDEX payouts_person_idx ON payouts(person_id);
CREATE INDEX payouts_created_idx ON payouts(created_at);
CREATE INDEX payouts_event_idx ON payouts(event_id);
