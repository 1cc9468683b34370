-- Recent sign-in failures per account (`account:<username>`) and per address (`address:<ip>`),
-- for the growing wait after repeated failures (domain::throttle). Shared by every server
-- process, as the database is.
CREATE TABLE sign_in_failures (
    key      TEXT PRIMARY KEY,
    count    BIGINT NOT NULL CHECK (count >= 0),
    last_at  BIGINT NOT NULL
);
-- A session is bound to its person's password hash and this counter: disabling a person raises
-- it, which ends every session they had (re-enabling brings none back).
ALTER TABLE people ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
