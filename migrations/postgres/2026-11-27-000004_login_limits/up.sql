-- Failed logins remembered per account and per source address, so that backoff and
-- lockouts survive a restart of the server and the office can see and clear them.
CREATE TABLE login_failures (
    kind TEXT NOT NULL CHECK (kind IN ('account', 'address')),
    key TEXT NOT NULL,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    lockouts INTEGER NOT NULL CHECK (lockouts >= 0),
    last_failure_ms BIGINT NOT NULL,
    locked_until_ms BIGINT,
    PRIMARY KEY (kind, key)
);
