-- Durable jobs (module jobs). Times are epoch milliseconds: the same type and comparison on
-- SQLite and PostgreSQL. Ids are UUIDs made by the application.
CREATE TABLE jobs (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    type         VARCHAR(100) NOT NULL,
    payload      TEXT         NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    attempts     INTEGER      NOT NULL,
    max_attempts INTEGER      NOT NULL,
    run_at       BIGINT       NOT NULL,
    lease_owner  VARCHAR(200),
    lease_until  BIGINT,
    stage        VARCHAR(200),
    percent      INTEGER,
    last_error   TEXT,
    result       TEXT,
    created_at   BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL,
    started_at   BIGINT,
    finished_at  BIGINT
);

CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_created ON jobs (created_at);

-- One row per execution: the primary key makes "two workers run the same attempt" impossible.
CREATE TABLE job_attempts (
    job_id      VARCHAR(36)  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     INTEGER      NOT NULL,
    worker      VARCHAR(200) NOT NULL,
    started_at  BIGINT       NOT NULL,
    finished_at BIGINT,
    outcome     VARCHAR(16),
    error       TEXT,
    PRIMARY KEY (job_id, attempt)
);
