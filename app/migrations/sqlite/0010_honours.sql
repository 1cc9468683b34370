-- The honour roll (荣誉榜): 劳动模范, 五一劳动奖章, 工匠, 技术能手, 身边的榜样 and 团队的荣光. A team lead,
-- studio leader or union admin nominates; a union admin publishes (with the points it carries,
-- booked in the same transaction) or declines with a reason. An honour names its evidence: a
-- competition event's results, an adopted project.
CREATE TABLE honours (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('model_worker', 'may_day_medal', 'craftsman', 'technical_expert', 'role_model', 'team_glory')),
    level              TEXT NOT NULL CHECK (level IN ('enterprise', 'city', 'province', 'national')),
    year               INTEGER NOT NULL,
    title              TEXT NOT NULL,
    person_id          INTEGER REFERENCES people(id),
    team_id            INTEGER NOT NULL REFERENCES teams(id),
    department_id      INTEGER NOT NULL REFERENCES departments(id),
    citation           TEXT NOT NULL,
    story              TEXT NOT NULL DEFAULT '',
    event_id           INTEGER REFERENCES competition_events(id),
    project_id         INTEGER REFERENCES projects(id),
    points             INTEGER NOT NULL CHECK (points >= 0),
    status             TEXT NOT NULL CHECK (status IN ('nominated', 'published', 'declined')),
    nominated_by       INTEGER NOT NULL REFERENCES people(id),
    nominated_at       TEXT NOT NULL,
    decided_by         INTEGER REFERENCES people(id),
    decided_at         TEXT,
    decision_note      TEXT NOT NULL DEFAULT '',
    CHECK ((kind = 'team_glory') = (person_id IS NULL))
);
CREATE INDEX honours_roll_idx ON honours(status, year, id);
CREATE INDEX honours_person_idx ON honours(person_id);
CREATE INDEX honours_team_idx ON honours(team_id);
