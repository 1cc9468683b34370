-- Who goes on (预赛 → 决赛): a round's field when it is not the event's whole field — the top N or
-- those over a threshold of the round before, written when the organiser advances them.
CREATE TABLE round_fields (
    round_id       BIGINT NOT NULL REFERENCES rounds(id),
    contestant_id  BIGINT NOT NULL REFERENCES contestants(id),
    PRIMARY KEY (round_id, contestant_id)
);
