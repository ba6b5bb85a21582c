-- The review workflow: settings, recusals, lead reviewers, interview questions, score
-- sheets, group votes, check-in, committee ballots, results, the report, and the
-- append-only, hash-chained audit log.

-- Committee settings (SPEC section 3), with the defaults of the 2019 rules, and the
-- state of the committee meeting.
ALTER TABLE committees ADD COLUMN group_pass_num INTEGER NOT NULL DEFAULT 1;
ALTER TABLE committees ADD COLUMN group_pass_den INTEGER NOT NULL DEFAULT 2;
ALTER TABLE committees ADD COLUMN group_pass_strict BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE committees ADD COLUMN committee_pass_num INTEGER NOT NULL DEFAULT 2;
ALTER TABLE committees ADD COLUMN committee_pass_den INTEGER NOT NULL DEFAULT 3;
ALTER TABLE committees ADD COLUMN committee_pass_strict BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE committees ADD COLUMN quorum_num INTEGER NOT NULL DEFAULT 2;
ALTER TABLE committees ADD COLUMN quorum_den INTEGER NOT NULL DEFAULT 3;
-- Henan practice: an applicant who fails the group does not go to the committee.
ALTER TABLE committees ADD COLUMN group_fail_stops BOOLEAN NOT NULL DEFAULT 1;
-- Trimmed mean from this many sheets on (NULL: always the plain mean).
ALTER TABLE committees ADD COLUMN trim_from INTEGER DEFAULT 5;
-- A defense score below this fails the defense (NULL: scores are only a reference).
ALTER TABLE committees ADD COLUMN pass_score INTEGER;
-- The committee's switch is open exactly in the 'committee_voting' stage.
ALTER TABLE committees ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
ALTER TABLE committees ADD COLUMN reported_at TEXT;

-- The group's vote switch is open exactly in the 'voting' phase.
ALTER TABLE review_groups ADD COLUMN phase TEXT NOT NULL DEFAULT 'review'
    CHECK (phase IN ('review', 'voting', 'deliberation', 'done'));
ALTER TABLE review_groups ADD COLUMN round INTEGER NOT NULL DEFAULT 1;

-- The round an applicant is voted on in; a re-vote (复议) moves it to the new round.
ALTER TABLE applicants ADD COLUMN group_round INTEGER NOT NULL DEFAULT 1;
ALTER TABLE applicants ADD COLUMN committee_round INTEGER NOT NULL DEFAULT 1;

-- Score sheet items of a committee, in order.
CREATE TABLE score_items (
    id            INTEGER PRIMARY KEY NOT NULL,
    committee_id  INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    max_points    INTEGER NOT NULL CHECK (max_points BETWEEN 1 AND 100),
    UNIQUE (committee_id, position)
);

-- 回避: the expert may not act on, and does not count for, the applicant.
CREATE TABLE recusals (
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    applicant_id  INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    reason        TEXT    NOT NULL CHECK (reason IN ('employer', 'declared', 'office')),
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (expert_id, applicant_id)
);

-- 主审专家 with their opinion and recommended vote.
CREATE TABLE lead_reviewers (
    applicant_id    INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    expert_id       INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    opinion         TEXT    NOT NULL DEFAULT '',
    recommendation  TEXT    CHECK (recommendation IN ('approve', 'reject', 'abstain')),
    updated_at      TEXT,
    PRIMARY KEY (applicant_id, expert_id)
);

-- 面试出题 (mode 3).
CREATE TABLE interview_questions (
    id            INTEGER PRIMARY KEY NOT NULL,
    applicant_id  INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    text          TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX interview_questions_applicant ON interview_questions (applicant_id);

-- Score sheets of the lecture defense (mode 2) or interview (mode 3).
CREATE TABLE score_sheets (
    id            INTEGER PRIMARY KEY NOT NULL,
    applicant_id  INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    comment       TEXT    NOT NULL DEFAULT '',
    submitted_at  TEXT,
    UNIQUE (applicant_id, expert_id)
);

CREATE TABLE score_entries (
    sheet_id  INTEGER NOT NULL REFERENCES score_sheets(id) ON DELETE CASCADE,
    item_id   INTEGER NOT NULL REFERENCES score_items(id) ON DELETE CASCADE,
    points    INTEGER NOT NULL CHECK (points >= 0),
    PRIMARY KEY (sheet_id, item_id)
);

-- Group-stage votes: visible to the group leader. A draft until submitted_at is set.
CREATE TABLE group_votes (
    applicant_id  INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    choice        TEXT    NOT NULL CHECK (choice IN ('approve', 'reject', 'abstain')),
    submitted_at  TEXT,
    PRIMARY KEY (applicant_id, expert_id, round)
);

CREATE TABLE group_results (
    applicant_id  INTEGER PRIMARY KEY NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    approve       INTEGER NOT NULL,
    reject        INTEGER NOT NULL,
    abstain       INTEGER NOT NULL,
    base          INTEGER NOT NULL,
    needed        INTEGER NOT NULL,
    passed        BOOLEAN NOT NULL,
    decided_at    TEXT    NOT NULL
);

-- 签到 for the committee meeting; frozen when the committee switch first opens.
CREATE TABLE checkins (
    committee_id  INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    at            TEXT    NOT NULL,
    PRIMARY KEY (committee_id, expert_id)
);

-- Committee-stage drafts: the member's own, deleted when the ballot is submitted.
CREATE TABLE committee_drafts (
    applicant_id  INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    choice        TEXT    NOT NULL CHECK (choice IN ('approve', 'reject', 'abstain')),
    PRIMARY KEY (applicant_id, expert_id, round)
);

-- Secret ballot (无记名投票): who has voted is kept apart from what was voted. There is
-- no row per ballot: a submitted ballot only increments the counters of each applicant,
-- so no query can link a choice to a voter.
CREATE TABLE committee_voters (
    committee_id  INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
    expert_id     INTEGER NOT NULL REFERENCES experts(id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    PRIMARY KEY (committee_id, expert_id, round)
);

CREATE TABLE committee_tallies (
    applicant_id  INTEGER NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    approve       INTEGER NOT NULL DEFAULT 0,
    reject        INTEGER NOT NULL DEFAULT 0,
    abstain       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (applicant_id, round)
);

CREATE TABLE committee_results (
    applicant_id  INTEGER PRIMARY KEY NOT NULL REFERENCES applicants(id) ON DELETE CASCADE,
    round         INTEGER NOT NULL,
    approve       INTEGER NOT NULL,
    reject        INTEGER NOT NULL,
    abstain       INTEGER NOT NULL,
    attending     INTEGER NOT NULL,
    base          INTEGER NOT NULL,
    needed        INTEGER NOT NULL,
    passed        BOOLEAN NOT NULL,
    decided_at    TEXT    NOT NULL
);

-- The audit log: append-only (the triggers refuse changes) and hash-chained (each entry
-- carries the hash of the one before), so that `pingshen audit verify` finds tampering.
-- Committee-stage choices never appear next to a voter.
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY NOT NULL,
    at            TEXT    NOT NULL,
    committee_id  INTEGER,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    detail        TEXT    NOT NULL,
    prev_hash     TEXT    NOT NULL,
    hash          TEXT    NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Committee stages: the groups' work is now tracked per group (review_groups.phase);
-- the committee is in 'groups' while any group works.
UPDATE committees SET stage = 'groups'
 WHERE stage IN ('lecture_scoring', 'interview_questions', 'interview_scoring',
                 'group_review', 'group_voting', 'group_deliberation');
