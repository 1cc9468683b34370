-- Leaderboards (排行榜): see the SQLite migration of the same name for the design. The points
-- ledger names who an entry is for (a person, or a team as a whole), the team, department and
-- studio it counts for, the rule that set it, the entry it corrects, and the day (Asia/Shanghai)
-- it was booked on; the boards are kept up to date in the writing transaction.
ALTER TABLE points DROP CONSTRAINT points_person_id_source_type_source_id_reason_key;
ALTER TABLE points ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE points ADD COLUMN team_id BIGINT REFERENCES teams(id);
ALTER TABLE points ADD COLUMN department_id BIGINT REFERENCES departments(id);
ALTER TABLE points ADD COLUMN studio_id BIGINT REFERENCES studios(id);
ALTER TABLE points ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE points ADD COLUMN corrects BIGINT REFERENCES points(id);
ALTER TABLE points ADD COLUMN booked_on DATE;
ALTER TABLE points ADD COLUMN created_by BIGINT REFERENCES people(id);
UPDATE points p SET team_id = pe.team_id, department_id = t.department_id,
       studio_id = CASE WHEN p.source_type = 'project' THEN (SELECT pr.studio_id FROM projects pr WHERE pr.id = p.source_id) END,
       booked_on = (p.created_at AT TIME ZONE 'Asia/Shanghai')::date
FROM people pe JOIN teams t ON t.id = pe.team_id WHERE pe.id = p.person_id;
ALTER TABLE points ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE points ALTER COLUMN department_id SET NOT NULL;
ALTER TABLE points ALTER COLUMN booked_on SET NOT NULL;
ALTER TABLE points ADD CONSTRAINT points_source_type_check
    CHECK (source_type IN ('project', 'event', 'honour', 'evaluation', 'labour'));
DROP INDEX points_created_idx;
CREATE INDEX points_person_idx ON points(person_id, booked_on);
CREATE INDEX points_team_idx ON points(team_id, booked_on);
CREATE INDEX points_source_idx ON points(source_type, source_id);
CREATE INDEX points_booked_idx ON points(booked_on);

CREATE TABLE board_totals (
    board          TEXT NOT NULL CHECK (board IN ('person', 'team', 'studio', 'department')),
    win            TEXT NOT NULL,
    subject        BIGINT NOT NULL,
    department_id  BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    entries        BIGINT NOT NULL,
    PRIMARY KEY (board, win, subject)
);
CREATE INDEX board_totals_rank_idx ON board_totals(board, win, total DESC, subject);
CREATE INDEX board_totals_department_idx ON board_totals(board, win, department_id, total DESC, subject);

CREATE TABLE board_counts (
    board  TEXT NOT NULL,
    win    TEXT NOT NULL,
    scope  BIGINT NOT NULL,
    total  BIGINT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (board, win, scope, total)
);

CREATE TABLE board_frozen_totals (
    board          TEXT NOT NULL,
    win            TEXT NOT NULL,
    subject        BIGINT NOT NULL,
    department_id  BIGINT NOT NULL,
    total          BIGINT NOT NULL,
    entries        BIGINT NOT NULL,
    PRIMARY KEY (board, win, subject)
);
CREATE INDEX board_frozen_totals_rank_idx ON board_frozen_totals(board, win, total DESC, subject);
CREATE INDEX board_frozen_totals_department_idx ON board_frozen_totals(board, win, department_id, total DESC, subject);

CREATE TABLE board_frozen_counts (
    board  TEXT NOT NULL,
    win    TEXT NOT NULL,
    scope  BIGINT NOT NULL,
    total  BIGINT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (board, win, scope, total)
);

CREATE TABLE board_frozen_months (
    win        TEXT PRIMARY KEY,
    frozen_at  TIMESTAMPTZ NOT NULL
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
