-- Recording analysis (module analysis). One row per analysis; its chunks, transcript, the
-- checkpointed LLM steps of each run, and each run's final report (a re-run keeps earlier ones).
CREATE TABLE analyses (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    status       VARCHAR(20)  NOT NULL,
    stage        VARCHAR(100) NOT NULL,
    percent      INTEGER      NOT NULL,
    error        TEXT,
    source_kind  VARCHAR(20)  NOT NULL,
    file_name    VARCHAR(255),
    stored_path  TEXT,
    size_bytes   BIGINT,
    media_format VARCHAR(200),
    duration_ms  BIGINT,
    skills       TEXT         NOT NULL,
    job_role     VARCHAR(200),
    record_id    VARCHAR(36),
    session_id   VARCHAR(36),
    run          INTEGER      NOT NULL,
    created_at   BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL
);

CREATE UNIQUE INDEX analyses_session ON analyses (session_id);
CREATE INDEX analyses_created ON analyses (created_at);

CREATE TABLE analysis_chunks (
    analysis_id    VARCHAR(36) NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    idx            INTEGER     NOT NULL,
    start_ms       BIGINT      NOT NULL,
    end_ms         BIGINT      NOT NULL,
    path           TEXT        NOT NULL,
    size_bytes     BIGINT      NOT NULL,
    segments       TEXT,
    prompt         TEXT,
    transcribed_at BIGINT,
    PRIMARY KEY (analysis_id, idx)
);

CREATE TABLE analysis_transcripts (
    analysis_id    VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES analyses (id) ON DELETE CASCADE,
    segments       TEXT        NOT NULL,
    timed          INTEGER     NOT NULL,
    speakers_known INTEGER     NOT NULL,
    created_at     BIGINT      NOT NULL
);

CREATE TABLE analysis_steps (
    analysis_id  VARCHAR(36) NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    run          INTEGER     NOT NULL,
    step         VARCHAR(40) NOT NULL,
    result       TEXT        NOT NULL,
    completed_at BIGINT      NOT NULL,
    PRIMARY KEY (analysis_id, run, step)
);

CREATE TABLE analysis_results (
    analysis_id  VARCHAR(36) NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    run          INTEGER     NOT NULL,
    report       TEXT        NOT NULL,
    completed_at BIGINT      NOT NULL,
    PRIMARY KEY (analysis_id, run)
);

CREATE TABLE report_links (
    token_digest VARCHAR(64) NOT NULL PRIMARY KEY,
    analysis_id  VARCHAR(36) NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    expires_at   BIGINT      NOT NULL,
    created_at   BIGINT      NOT NULL
);

CREATE TABLE analysis_comparisons (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    analysis_id VARCHAR(36) NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    run         INTEGER     NOT NULL,
    evaluation  TEXT        NOT NULL,
    result      TEXT        NOT NULL,
    created_at  BIGINT      NOT NULL
);
