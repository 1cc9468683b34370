-- Leaderboards (排行榜): the points ledger names who an entry is for (a person, or a team as a
-- whole), the team, department and studio it counts for, the rule that set it, the entry it
-- corrects, and the day (Asia/Shanghai) it was booked on, which decides its windows. A
-- correction is a new entry, never an edit. The boards are kept up to date in the writing
-- transaction: per board, window and subject its total (`board_totals`) and per board, window
-- and scope (0 = everyone, else a department) how many subjects have each total
-- (`board_counts`), from which a rank is one sum. A month's board is frozen once the month has
-- ended (`board_frozen_*`, the same shapes).
CREATE TABLE points_new (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER REFERENCES people(id),
    team_id        INTEGER NOT NULL REFERENCES teams(id),
    department_id  INTEGER NOT NULL REFERENCES departments(id),
    studio_id      INTEGER REFERENCES studios(id),
    points         INTEGER NOT NULL,
    source_type    TEXT NOT NULL CHECK (source_type IN ('project', 'event', 'honour', 'evaluation', 'labour')),
    source_id      INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    corrects       INTEGER REFERENCES points_new(id),
    booked_on      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     INTEGER REFERENCES people(id)
);
INSERT INTO points_new (id, person_id, team_id, department_id, studio_id, points, source_type, source_id, reason, booked_on, created_at)
SELECT p.id, p.person_id, pe.team_id, t.department_id,
       CASE WHEN p.source_type = 'project' THEN (SELECT pr.studio_id FROM projects pr WHERE pr.id = p.source_id) END,
       p.points, p.source_type, p.source_id, p.reason, date(p.created_at, '+8 hours'), p.created_at
FROM points p JOIN people pe ON pe.id = p.person_id JOIN teams t ON t.id = pe.team_id;
DROP TABLE points;
ALTER TABLE points_new RENAME TO points;
CREATE INDEX points_person_idx ON points(person_id, booked_on);
CREATE INDEX points_team_idx ON points(team_id, booked_on);
CREATE INDEX points_source_idx ON points(source_type, source_id);
CREATE INDEX points_booked_idx ON points(booked_on);

CREATE TABLE board_totals (
    board          TEXT NOT NULL CHECK (board IN ('person', 'team', 'studio', 'department')),
    win            TEXT NOT NULL,
    subject        INTEGER NOT NULL,
    department_id  INTEGER NOT NULL,
    total          INTEGER NOT NULL,
    entries        INTEGER NOT NULL,
    PRIMARY KEY (board, win, subject)
) WITHOUT ROWID;
CREATE INDEX board_totals_rank_idx ON board_totals(board, win, total DESC, subject);
CREATE INDEX board_totals_department_idx ON board_totals(board, win, department_id, total DESC, subject);

CREATE TABLE board_counts (
    board  TEXT NOT NULL,
    win    TEXT NOT NULL,
    scope  INTEGER NOT NULL,
    total  INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (board, win, scope, total)
) WITHOUT ROWID;

CREATE TABLE board_frozen_totals (
    board          TEXT NOT NULL,
    win            TEXT NOT NULL,
    subject        INTEGER NOT NULL,
    department_id  INTEGER NOT NULL,
    total          INTEGER NOT NULL,
    entries        INTEGER NOT NULL,
    PRIMARY KEY (board, win, subject)
) WITHOUT ROWID;
CREATE INDEX board_frozen_totals_rank_idx ON board_frozen_totals(board, win, total DESC, subject);
CREATE INDEX board_frozen_totals_department_idx ON board_frozen_totals(board, win, department_id, total DESC, subject);

CREATE TABLE board_frozen_counts (
    board  TEXT NOT NULL,
    win    TEXT NOT NULL,
    scope  INTEGER NOT NULL,
    total  INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (board, win, scope, total)
) WITHOUT ROWID;

-- The months whose boards are frozen, and when.
CREATE TABLE board_frozen_months (
    win        TEXT PRIMARY KEY,
    frozen_at  TEXT NOT NULL
);

-- The boards of the entries already made.
DELETE FROM board_totals;
DELETE FROM board_counts;
INSERT INTO board_totals (board, win, subject, department_id, total, entries)
WITH wins AS (
    SELECT id, 'all' AS win FROM points
    UNION ALL SELECT id, 'y' || SUBSTR(CAST(booked_on AS TEXT), 1, 4) FROM points
    UNION ALL SELECT id, 'q' || SUBSTR(CAST(booked_on AS TEXT), 1, 4) || '-'
        || CAST((CAST(SUBSTR(CAST(booked_on AS TEXT), 6, 2) AS INTEGER) + 2) / 3 AS TEXT) FROM points
    UNION ALL SELECT id, 'm' || SUBSTR(CAST(booked_on AS TEXT), 1, 7) FROM points
), lines AS (
    SELECT 'person' AS board, w.win, e.person_id AS subject, e.id, e.points FROM wins w JOIN points e ON e.id = w.id WHERE e.person_id IS NOT NULL
    UNION ALL SELECT 'team', w.win, e.team_id, e.id, e.points FROM wins w JOIN points e ON e.id = w.id
    UNION ALL SELECT 'studio', w.win, e.studio_id, e.id, e.points FROM wins w JOIN points e ON e.id = w.id WHERE e.studio_id IS NOT NULL
    UNION ALL SELECT 'department', w.win, e.department_id, e.id, e.points FROM wins w JOIN points e ON e.id = w.id
), sums AS (
    SELECT board, win, subject, SUM(points) AS total, COUNT(*) AS entries, MAX(id) AS last FROM lines GROUP BY board, win, subject
)
SELECT s.board, s.win, s.subject, CASE WHEN s.board IN ('person', 'team') THEN l.department_id ELSE 0 END, s.total, s.entries
FROM sums s JOIN points l ON l.id = s.last;
INSERT INTO board_counts (board, win, scope, total, n)
SELECT board, win, 0, total, COUNT(*) FROM board_totals GROUP BY board, win, total
UNION ALL
SELECT board, win, department_id, total, COUNT(*) FROM board_totals WHERE board IN ('person', 'team') GROUP BY board, win, department_id, total;
