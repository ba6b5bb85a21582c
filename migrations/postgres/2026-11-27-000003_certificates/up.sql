-- Electronic certificates of the applicants who passed: the signed text is kept so
-- that a certificate can be checked against the database, number by number.
CREATE TABLE certificates (
    number TEXT PRIMARY KEY NOT NULL,
    committee_id INTEGER NOT NULL REFERENCES committees(id),
    applicant_id INTEGER NOT NULL UNIQUE REFERENCES applicants(id),
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    issued_at TEXT NOT NULL
);

-- Same-employer recusals the office lifted: imports and the start of the review do not
-- make them again.
CREATE TABLE recusal_exemptions (
    expert_id INTEGER NOT NULL REFERENCES experts(id),
    applicant_id INTEGER NOT NULL REFERENCES applicants(id),
    PRIMARY KEY (expert_id, applicant_id)
);
