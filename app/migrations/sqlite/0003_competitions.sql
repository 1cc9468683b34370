-- Competitions and judging (技能竞赛 / 技术比武 / 岗位练兵). Scores and marks are exact decimals
-- stored as text ("8.5"), parsed by the domain's `Exact` (never a float). Every change to a
-- round's marks is an append-only, hash-chained event in `round_events`.

CREATE TABLE competitions (
    id                       INTEGER PRIMARY KEY,
    name                     TEXT NOT NULL UNIQUE,
    kind                     TEXT NOT NULL CHECK (kind IN ('skill', 'contest', 'drill')),
    owner                    TEXT NOT NULL CHECK (owner IN ('union', 'department')),
    organiser_department_id  INTEGER REFERENCES departments(id),
    registration_opens       TEXT NOT NULL,
    registration_closes      TEXT NOT NULL,
    -- A judge never scores their own team; with this, not their own department either.
    department_conflict      BOOLEAN NOT NULL DEFAULT FALSE,
    public                   BOOLEAN NOT NULL DEFAULT FALSE,
    created_by               INTEGER NOT NULL REFERENCES people(id),
    created_at               TEXT NOT NULL
);

CREATE TABLE competition_events (
    id              INTEGER PRIMARY KEY,
    competition_id  INTEGER NOT NULL REFERENCES competitions(id),
    name            TEXT NOT NULL,
    entry           TEXT NOT NULL CHECK (entry IN ('individual', 'team')),
    combine         TEXT NOT NULL,
    tie_breaks      TEXT NOT NULL,
    tiers           TEXT NOT NULL,
    -- The seed the running order was drawn with (抽签), as text (a u64): anyone can redo the draw.
    draw_seed       TEXT,
    UNIQUE (competition_id, name)
);

CREATE TABLE rounds (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES competition_events(id),
    seq             INTEGER NOT NULL CHECK (seq > 0),
    name            TEXT NOT NULL,
    scheme          TEXT NOT NULL,
    scheme_version  INTEGER NOT NULL DEFAULT 1,
    locked_at       TEXT,
    published_at    TEXT,
    UNIQUE (event_id, seq)
);

CREATE TABLE contestants (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES competition_events(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'withdrawn')),
    running_order  INTEGER,
    registered_by  INTEGER NOT NULL REFERENCES people(id),
    created_at     TEXT NOT NULL,
    UNIQUE (event_id, person_id)
);

CREATE TABLE round_judges (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    chief      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (round_id, person_id)
);

CREATE TABLE attempt_difficulty (
    round_id       INTEGER NOT NULL REFERENCES rounds(id),
    contestant_id  INTEGER NOT NULL REFERENCES contestants(id),
    attempt        INTEGER NOT NULL CHECK (attempt > 0),
    difficulty     TEXT NOT NULL,
    PRIMARY KEY (round_id, contestant_id, attempt)
);

-- The current mark of each judge × contestant × attempt × criterion (the events hold the history).
CREATE TABLE marks (
    round_id       INTEGER NOT NULL REFERENCES rounds(id),
    judge_id       INTEGER NOT NULL REFERENCES people(id),
    contestant_id  INTEGER NOT NULL REFERENCES contestants(id),
    attempt        INTEGER NOT NULL CHECK (attempt > 0),
    criterion      TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (round_id, judge_id, contestant_id, attempt, criterion)
);

CREATE TABLE judge_sheets (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    judge_id   INTEGER NOT NULL REFERENCES people(id),
    signed_at  TEXT,
    PRIMARY KEY (round_id, judge_id)
);

CREATE TABLE deductions (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds(id),
    contestant_id  INTEGER NOT NULL REFERENCES contestants(id),
    points         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    recorded_by    INTEGER NOT NULL REFERENCES people(id),
    created_at     TEXT NOT NULL
);

-- Append-only and hash-chained per round: hash = sha256(prev_hash ‖ the event's canonical text).
-- `at` is text in both engines: the exact string the hash covers.
-- `client_id` makes a re-sent mark (the judge pad after a lost connection) idempotent.
CREATE TABLE round_events (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds(id),
    seq            INTEGER NOT NULL CHECK (seq > 0),
    client_id      TEXT UNIQUE,
    actor_id       INTEGER NOT NULL REFERENCES people(id),
    kind           TEXT NOT NULL CHECK (kind IN ('mark', 'sign', 'reopen', 'lock', 'deduct', 'override', 'publish')),
    body           TEXT NOT NULL,
    at             TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    UNIQUE (round_id, seq)
);

CREATE INDEX round_judges_person ON round_judges (person_id);
CREATE INDEX contestants_person ON contestants (person_id);
