-- Organising competitions: who may enter (eligible departments; none listed means everyone),
-- every version of a round's marking scheme, and guest judges (外聘评委), whose accounts can do
-- nothing but judge their panels.

CREATE TABLE competition_departments (
    competition_id  INTEGER NOT NULL REFERENCES competitions(id),
    department_id   INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (competition_id, department_id)
);

-- Every saved version of a round's scheme (the current one is also in rounds.scheme). A scheme
-- is frozen once the round's first mark is entered.
CREATE TABLE scheme_versions (
    round_id   INTEGER NOT NULL REFERENCES rounds(id),
    version    INTEGER NOT NULL CHECK (version > 0),
    scheme     TEXT NOT NULL,
    saved_by   INTEGER NOT NULL REFERENCES people(id),
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (round_id, version)
);

-- The role list gains guest_judge (SQLite cannot alter a CHECK: the table is rebuilt).
CREATE TABLE person_roles_new (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('employee', 'team_lead', 'studio_leader', 'judge', 'chief_judge',
                                             'union_admin', 'guest_judge')),
    PRIMARY KEY (person_id, role)
);
INSERT INTO person_roles_new (person_id, role) SELECT person_id, role FROM person_roles;
DROP TABLE person_roles;
ALTER TABLE person_roles_new RENAME TO person_roles;
CREATE INDEX person_roles_role_idx ON person_roles(role);

CREATE INDEX contestants_event_status ON contestants (event_id, status);
