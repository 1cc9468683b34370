-- Team evaluation (五比两树) and labour competitions (劳动竞赛): both rank teams (or departments) for
-- a period and feed the team board. Scores and values are exact decimals stored as text and read
-- back by the domain's parsers (a value that does not parse is an error, never a zero).

-- A labour competition between teams or departments, reported monthly or quarterly.
CREATE TABLE labour_contests (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    between_kind  TEXT NOT NULL CHECK (between_kind IN ('team', 'department')),
    cadence       TEXT NOT NULL CHECK (cadence IN ('month', 'quarter')),
    first_month   TEXT NOT NULL,
    last_month    TEXT NOT NULL,
    points        TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES people(id),
    created_at    TEXT NOT NULL
);

CREATE TABLE labour_indicators (
    id             INTEGER PRIMARY KEY,
    contest_id     INTEGER NOT NULL REFERENCES labour_contests(id),
    position       INTEGER NOT NULL,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    direction      TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    weight         INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    normalisation  TEXT NOT NULL CHECK (normalisation IN ('min_max', 'best_ratio')),
    UNIQUE (contest_id, position)
);

-- Who competes: a team's or a department's id, as the contest says.
CREATE TABLE labour_entrants (
    contest_id  INTEGER NOT NULL REFERENCES labour_contests(id),
    entrant_id  INTEGER NOT NULL,
    PRIMARY KEY (contest_id, entrant_id)
);

CREATE TABLE labour_values (
    contest_id    INTEGER NOT NULL,
    period        TEXT NOT NULL,
    entrant_id    INTEGER NOT NULL,
    indicator_id  INTEGER NOT NULL REFERENCES labour_indicators(id),
    value         TEXT NOT NULL,
    entered_by    INTEGER NOT NULL REFERENCES people(id),
    entered_at    TEXT NOT NULL,
    PRIMARY KEY (contest_id, period, entrant_id, indicator_id),
    FOREIGN KEY (contest_id, entrant_id) REFERENCES labour_entrants(contest_id, entrant_id)
);

-- A closed period: its values are final and its ranking published.
CREATE TABLE labour_periods (
    contest_id  INTEGER NOT NULL REFERENCES labour_contests(id),
    period      TEXT NOT NULL,
    closed_by   INTEGER NOT NULL REFERENCES people(id),
    closed_at   TEXT NOT NULL,
    PRIMARY KEY (contest_id, period)
);

CREATE TABLE labour_results (
    contest_id  INTEGER NOT NULL,
    period      TEXT NOT NULL,
    entrant_id  INTEGER NOT NULL,
    scores      TEXT NOT NULL,
    total       TEXT NOT NULL,
    rank        INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    PRIMARY KEY (contest_id, period, entrant_id),
    FOREIGN KEY (contest_id, period) REFERENCES labour_periods(contest_id, period)
);
CREATE INDEX labour_results_rank_idx ON labour_results(contest_id, period, rank, entrant_id);
CREATE INDEX labour_results_entrant_idx ON labour_results(entrant_id);

-- A 五比两树 evaluation: seven whole-percent weights summing to 100, the points each rank books,
-- optionally one dimension taken from a labour competition's closed period instead of the panel.
CREATE TABLE evaluations (
    id                 INTEGER PRIMARY KEY,
    title              TEXT NOT NULL,
    period             TEXT NOT NULL,
    w_contribution     INTEGER NOT NULL CHECK (w_contribution BETWEEN 0 AND 100),
    w_skill            INTEGER NOT NULL CHECK (w_skill BETWEEN 0 AND 100),
    w_innovation       INTEGER NOT NULL CHECK (w_innovation BETWEEN 0 AND 100),
    w_collaboration    INTEGER NOT NULL CHECK (w_collaboration BETWEEN 0 AND 100),
    w_compliance       INTEGER NOT NULL CHECK (w_compliance BETWEEN 0 AND 100),
    w_image            INTEGER NOT NULL CHECK (w_image BETWEEN 0 AND 100),
    w_brand            INTEGER NOT NULL CHECK (w_brand BETWEEN 0 AND 100),
    points             TEXT NOT NULL,
    derived_dimension  TEXT CHECK (derived_dimension IN ('contribution', 'skill', 'innovation', 'collaboration', 'compliance', 'image', 'brand')),
    labour_contest_id  INTEGER REFERENCES labour_contests(id),
    labour_period      TEXT,
    status             TEXT NOT NULL CHECK (status IN ('scoring', 'published')),
    created_by         INTEGER NOT NULL REFERENCES people(id),
    created_at         TEXT NOT NULL,
    published_by       INTEGER REFERENCES people(id),
    published_at       TEXT,
    CHECK (w_contribution + w_skill + w_innovation + w_collaboration + w_compliance + w_image + w_brand = 100),
    CHECK ((derived_dimension IS NULL) = (labour_contest_id IS NULL) AND (labour_contest_id IS NULL) = (labour_period IS NULL))
);
CREATE INDEX evaluations_period_idx ON evaluations(period, id);

CREATE TABLE evaluation_panel (
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations(id),
    person_id      INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (evaluation_id, person_id)
);
CREATE INDEX evaluation_panel_person_idx ON evaluation_panel(person_id);

-- The teams evaluated; once published, each team's shown dimension scores, exact total, rank and
-- the points it booked.
CREATE TABLE evaluation_teams (
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations(id),
    team_id        INTEGER NOT NULL REFERENCES teams(id),
    scores         TEXT,
    total          TEXT,
    rank           INTEGER,
    points         INTEGER,
    PRIMARY KEY (evaluation_id, team_id)
);
CREATE INDEX evaluation_teams_team_idx ON evaluation_teams(team_id);
CREATE INDEX evaluation_teams_rank_idx ON evaluation_teams(evaluation_id, rank, team_id);

-- One evaluator's sheet for one team: seven scores (0–100 by 0.5; a derived dimension is NULL).
CREATE TABLE evaluation_sheets (
    evaluation_id    INTEGER NOT NULL,
    team_id          INTEGER NOT NULL,
    evaluator_id     INTEGER NOT NULL REFERENCES people(id),
    s_contribution   TEXT,
    s_skill          TEXT,
    s_innovation     TEXT,
    s_collaboration  TEXT,
    s_compliance     TEXT,
    s_image          TEXT,
    s_brand          TEXT,
    entered_at       TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, team_id, evaluator_id),
    FOREIGN KEY (evaluation_id, team_id) REFERENCES evaluation_teams(evaluation_id, team_id)
);
CREATE INDEX evaluation_sheets_evaluator_idx ON evaluation_sheets(evaluation_id, evaluator_id);
