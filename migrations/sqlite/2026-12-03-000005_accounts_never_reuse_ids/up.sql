-- Account ids are never reused (AUTOINCREMENT): an account reset, revoked or issued anew
-- gets an id no earlier account had, so a live session of an old account can be told
-- apart from its successor by the id alone (and is closed).
CREATE TABLE accounts_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username       TEXT    NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 64),
    password_hash  TEXT    NOT NULL,
    is_operator    BOOLEAN NOT NULL DEFAULT 0,
    expert_id      INTEGER UNIQUE REFERENCES experts(id) ON DELETE CASCADE,
    language       TEXT    NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en')),
    created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (is_operator = 1 OR expert_id IS NOT NULL)
);
INSERT INTO accounts_new (id, username, password_hash, is_operator, expert_id, language, created_at)
    SELECT id, username, password_hash, is_operator, expert_id, language, created_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
