-- Innovation studios, their yearly plans, projects from proposal to adoption, reward rules,
-- the rewards ledger, leaderboard points and in-app notifications. Money is integer fen,
-- contribution shares and ratios are basis points (1 % = 100); dates are YYYY-MM-DD.

CREATE TABLE studios (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    level       TEXT NOT NULL CHECK (level IN ('enterprise', 'city', 'province', 'national')),
    leader_id   INTEGER NOT NULL REFERENCES people(id),
    field       TEXT NOT NULL,
    founded_on  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE studio_members (
    studio_id  INTEGER NOT NULL REFERENCES studios(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (studio_id, person_id)
);

CREATE TABLE studio_plans (
    id          INTEGER PRIMARY KEY,
    studio_id   INTEGER NOT NULL REFERENCES studios(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    goals       TEXT NOT NULL DEFAULT '',
    budget_fen  BIGINT NOT NULL DEFAULT 0 CHECK (budget_fen >= 0),
    UNIQUE (studio_id, year)
);

CREATE TABLE plan_tasks (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES studio_plans(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    owner_id  INTEGER NOT NULL REFERENCES people(id),
    due_on    TEXT NOT NULL,
    done_on   TEXT
);

CREATE TABLE plan_spending (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES studio_plans(id) ON DELETE CASCADE,
    spent_on     TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    purpose      TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES people(id),
    created_at   TEXT NOT NULL
);

CREATE TABLE projects (
    id                     INTEGER PRIMARY KEY,
    category               TEXT NOT NULL CHECK (category IN ('technical', 'management', 'institutional', 'five_small', 'rationalisation')),
    five_small_kind        TEXT CHECK (five_small_kind IN ('invention', 'creation', 'renovation', 'design', 'suggestion')),
    title                  TEXT NOT NULL,
    problem                TEXT NOT NULL,
    solution               TEXT NOT NULL,
    expected_benefit_fen   BIGINT NOT NULL CHECK (expected_benefit_fen >= 0),
    expected_benefit_text  TEXT NOT NULL,
    -- Set at approval (立项): the expected benefit can no longer change.
    benefit_locked_at      TEXT,
    actual_benefit_fen     BIGINT CHECK (actual_benefit_fen >= 0),
    actual_benefit_text    TEXT,
    author_id              INTEGER NOT NULL REFERENCES people(id),
    leader_id              INTEGER NOT NULL REFERENCES people(id),
    studio_id              INTEGER REFERENCES studios(id),
    stage                  TEXT NOT NULL CHECK (stage IN ('draft', 'submitted', 'returned', 'approved', 'in_progress', 'trial', 'adopted', 'closed')),
    stage_since            TEXT NOT NULL,
    due_on                 TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX projects_stage_idx ON projects(stage);
CREATE INDEX projects_author_idx ON projects(author_id);
CREATE INDEX projects_leader_idx ON projects(leader_id);
CREATE INDEX projects_studio_idx ON projects(studio_id);

CREATE TABLE project_members (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    share_bp    INTEGER NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
    PRIMARY KEY (project_id, person_id)
);
CREATE INDEX project_members_person_idx ON project_members(person_id);

-- Every transition: who, when, from, to, why.
CREATE TABLE project_events (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    actor_id    INTEGER NOT NULL REFERENCES people(id),
    comment     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX project_events_project_idx ON project_events(project_id);

-- Progress reports (推进) and trial results (实践).
CREATE TABLE project_entries (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('progress', 'trial')),
    entry_on    TEXT NOT NULL,
    body        TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES people(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX project_entries_project_idx ON project_entries(project_id);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    entry_id      INTEGER REFERENCES project_entries(id) ON DELETE CASCADE,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    storage_key   TEXT NOT NULL UNIQUE,
    uploaded_by   INTEGER NOT NULL REFERENCES people(id),
    created_at    TEXT NOT NULL
);
CREATE INDEX attachments_project_idx ON attachments(project_id);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL REFERENCES project_events(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE INDEX notifications_person_idx ON notifications(person_id, read_at);

-- Versioned: a change adds a version; payouts keep the version they were computed with.
-- studio_level 'none' is the rule for projects outside any studio.
CREATE TABLE reward_rules (
    id            INTEGER PRIMARY KEY,
    category      TEXT NOT NULL,
    studio_level  TEXT NOT NULL CHECK (studio_level IN ('none', 'enterprise', 'city', 'province', 'national')),
    version       INTEGER NOT NULL,
    approval_fen  BIGINT NOT NULL CHECK (approval_fen >= 0),
    progress_fen  BIGINT NOT NULL CHECK (progress_fen >= 0),
    trial_fen     BIGINT NOT NULL CHECK (trial_fen >= 0),
    adoption_fen  BIGINT NOT NULL CHECK (adoption_fen >= 0),
    pool_fen      BIGINT NOT NULL CHECK (pool_fen >= 0),
    workers_bp    INTEGER NOT NULL,
    leader_bp     INTEGER NOT NULL,
    created_by    INTEGER REFERENCES people(id),
    created_at    TEXT NOT NULL,
    CHECK (workers_bp >= 0 AND leader_bp >= 0 AND workers_bp + leader_bp = 10000),
    UNIQUE (category, studio_level, version)
);

-- The rewards ledger (奖励台账). One line per person, project and kind: a gate pays once.
CREATE TABLE payouts (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    kind         TEXT NOT NULL,
    amount_fen   BIGINT NOT NULL CHECK (amount_fen >= 0),
    rule_id      INTEGER NOT NULL REFERENCES reward_rules(id),
    inputs       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'paid')),
    created_at   TEXT NOT NULL,
    approved_at  TEXT,
    approved_by  INTEGER REFERENCES people(id),
    paid_at      TEXT,
    paid_by      INTEGER REFERENCES people(id),
    UNIQUE (project_id, kind, person_id)
);
CREATE INDEX payouts_person_idx ON payouts(person_id);
CREATE INDEX payouts_created_idx ON payouts(created_at);

-- Leaderboard points; every entry names its source.
CREATE TABLE points (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    points       INTEGER NOT NULL,
    source_type  TEXT NOT NULL,
    source_id    INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (person_id, source_type, source_id, reason)
);
CREATE INDEX points_created_idx ON points(created_at);
