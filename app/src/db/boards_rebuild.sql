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
