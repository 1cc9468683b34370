-- The chief judge's decisions on spread alerts: a written reason to keep marks that differ by
-- more than the scheme allows (the alternative is having them re-scored).
CREATE TABLE spread_overrides (
    round_id       BIGINT NOT NULL REFERENCES rounds(id),
    contestant_id  BIGINT NOT NULL REFERENCES contestants(id),
    attempt        BIGINT NOT NULL CHECK (attempt > 0),
    criterion      TEXT NOT NULL,
    reason         TEXT NOT NULL,
    decided_by     BIGINT NOT NULL REFERENCES people(id),
    decided_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (round_id, contestant_id, attempt, criterion)
);
