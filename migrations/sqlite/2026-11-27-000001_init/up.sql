-- The ground schema: committees, their groups, the people in them, applicants and accounts.
-- Later migrations add the review workflow (votes, scores, switches, results, audit log).

CREATE TABLE committees (
    id          INTEGER PRIMARY KEY NOT NULL,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    mode        TEXT    NOT NULL CHECK (mode IN ('expert', 'lecture', 'interview')),
    stage       TEXT    NOT NULL DEFAULT 'setup',
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Professional groups (专业组) of a committee.
CREATE TABLE review_groups (
    id            INTEGER PRIMARY KEY NOT NULL,
    committee_id  INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    UNIQUE (committee_id, name)
);

-- A person serving on a committee: group experts, members, director, reporter.
CREATE TABLE experts (
    id            INTEGER PRIMARY KEY NOT NULL,
    committee_id  INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    group_id      INTEGER REFERENCES review_groups(id) ON DELETE SET NULL,
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    employer      TEXT    NOT NULL DEFAULT '',
    specialty     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX experts_committee ON experts (committee_id);

CREATE TABLE expert_roles (
    expert_id  INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('leader', 'expert', 'director', 'member', 'reporter')),
    PRIMARY KEY (expert_id, role)
);

-- Login accounts. The operator account is global (expert_id NULL, is_operator 1); every
-- other account belongs to exactly one expert and so to exactly one committee.
CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY NOT NULL,
    username       TEXT    NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
    password_hash  TEXT    NOT NULL,
    is_operator    BOOLEAN NOT NULL DEFAULT 0,
    expert_id      INTEGER UNIQUE REFERENCES experts(id) ON DELETE CASCADE,
    language       TEXT    NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en')),
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (is_operator = 1 OR expert_id IS NOT NULL)
);

-- An applicant (参评人) and the whole application file (申报材料).
CREATE TABLE applicants (
    id                    INTEGER PRIMARY KEY NOT NULL,
    committee_id          INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    group_id              INTEGER REFERENCES review_groups(id) ON DELETE SET NULL,
    name                  TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    gender                TEXT    NOT NULL DEFAULT '',
    id_number             TEXT    NOT NULL DEFAULT '',
    birth_date            TEXT    NOT NULL DEFAULT '',
    ethnicity             TEXT    NOT NULL DEFAULT '',
    political_status      TEXT    NOT NULL DEFAULT '',
    employer              TEXT    NOT NULL DEFAULT '',
    current_title         TEXT    NOT NULL DEFAULT '',
    current_title_date    TEXT    NOT NULL DEFAULT '',
    applied_title         TEXT    NOT NULL DEFAULT '',
    specialty             TEXT    NOT NULL DEFAULT '',
    education             TEXT    NOT NULL DEFAULT '',
    degree                TEXT    NOT NULL DEFAULT '',
    school                TEXT    NOT NULL DEFAULT '',
    work_start            TEXT    NOT NULL DEFAULT '',
    years_of_work         INTEGER NOT NULL DEFAULT 0,
    annual_assessments    TEXT    NOT NULL DEFAULT '',
    continuing_education  TEXT    NOT NULL DEFAULT '',
    papers                TEXT    NOT NULL DEFAULT '',
    projects              TEXT    NOT NULL DEFAULT '',
    patents               TEXT    NOT NULL DEFAULT '',
    awards                TEXT    NOT NULL DEFAULT '',
    achievements          TEXT    NOT NULL DEFAULT '',
    summary               TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX applicants_committee ON applicants (committee_id, group_id);
