-- The chief judge's decisions on spread alerts: a written reason to keep marks that differ by
-- more than the scheme allows (the alternative is having them re-scored).
CREATE TABLE spread_overrides (
    round_id       INTEGER NOT NULL REFERENCES rounds(id),
    contestant_id  INTEGER NOT NULL REFERENCES contestants(id),
    attempt        INTEGER NOT NULL CHECK (attempt > 0),
    criterion      TEXT NOT NULL,
    reason         TEXT NOT NULL,
    decided_by     INTEGER NOT NULL REFERENCES people(id),
    decided_at     TEXT NOT NULL,
    PRIMARY KEY (round_id, contestant_id, attempt, criterion)
);
