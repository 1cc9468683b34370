-- Organisation, people, roles and the audit log.
-- Written in SQL that PostgreSQL also accepts where a portable form exists; a PostgreSQL
-- deployment gets its own migrations folder with identity columns and TIMESTAMPTZ.

CREATE TABLE company (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES company(id),
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('branch', 'department')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE teams (
    id             INTEGER PRIMARY KEY,
    department_id  INTEGER NOT NULL REFERENCES departments(id),
    name           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (department_id, name)
);

CREATE TABLE people (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    team_id        INTEGER NOT NULL REFERENCES teams(id),
    employee_no    TEXT UNIQUE,
    job_title      TEXT,
    phone          TEXT,
    email          TEXT,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX people_team_idx ON people(team_id);
CREATE INDEX people_display_name_idx ON people(display_name);

CREATE TABLE person_roles (
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('employee', 'team_lead', 'studio_leader', 'judge', 'chief_judge', 'union_admin')),
    PRIMARY KEY (person_id, role)
);
CREATE INDEX person_roles_role_idx ON person_roles(role);

-- Who did what, when, to which object. Never updated or deleted by the application.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER REFERENCES people(id),
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    INTEGER,
    detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log(at);
CREATE INDEX audit_log_object_idx ON audit_log(object_type, object_id);
