-- Organising competitions: who may enter (eligible departments; none listed means everyone),
-- every version of a round's marking scheme, and guest judges (外聘评委), whose accounts can do
-- nothing but judge their panels.

CREATE TABLE competition_departments (
    competition_id  BIGINT NOT NULL REFERENCES competitions(id),
    department_id   BIGINT NOT NULL REFERENCES departments(id),
    PRIMARY KEY (competition_id, department_id)
);

-- Every saved version of a round's scheme (the current one is also in rounds.scheme). A scheme
-- is frozen once the round's first mark is entered.
CREATE TABLE scheme_versions (
    round_id   BIGINT NOT NULL REFERENCES rounds(id),
    version    BIGINT NOT NULL CHECK (version > 0),
    scheme     TEXT NOT NULL,
    saved_by   BIGINT NOT NULL REFERENCES people(id),
    saved_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (round_id, version)
);

ALTER TABLE person_roles DROP CONSTRAINT person_roles_role_check;
ALTER TABLE person_roles ADD CONSTRAINT person_roles_role_check
    CHECK (role IN ('employee', 'team_lead', 'studio_leader', 'judge', 'chief_judge', 'union_admin', 'guest_judge'));

CREATE INDEX contestants_event_status ON contestants (event_id, status);
