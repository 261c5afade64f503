-- Interviews, their access codes, and the sessions candidates start with them (module interview).
-- Access codes and session tokens are stored as SHA-256 digests only.
CREATE TABLE interviews (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    record_id        VARCHAR(36)  NOT NULL REFERENCES job_records (id) ON DELETE CASCADE,
    role             VARCHAR(200) NOT NULL,
    skill_level      VARCHAR(20)  NOT NULL,
    length_minutes   INTEGER      NOT NULL,
    practice_allowed INTEGER      NOT NULL,
    code_digest      VARCHAR(64)  NOT NULL,
    code_hint        VARCHAR(8)   NOT NULL,
    code_expires_at  BIGINT       NOT NULL,
    max_uses         INTEGER      NOT NULL,
    uses             INTEGER      NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);

CREATE UNIQUE INDEX interviews_code ON interviews (code_digest);
CREATE INDEX interviews_record ON interviews (record_id);

CREATE TABLE interview_sessions (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    interview_id   VARCHAR(36)  NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    candidate_name VARCHAR(200) NOT NULL,
    resume_text    TEXT,
    practice       INTEGER      NOT NULL,
    room_name      VARCHAR(100) NOT NULL,
    token_digest   VARCHAR(64)  NOT NULL,
    status         VARCHAR(20)  NOT NULL,
    failure        TEXT,
    created_at     BIGINT       NOT NULL,
    started_at     BIGINT,
    ended_at       BIGINT
);

CREATE UNIQUE INDEX interview_sessions_token ON interview_sessions (token_digest);
CREATE INDEX interview_sessions_interview ON interview_sessions (interview_id);
