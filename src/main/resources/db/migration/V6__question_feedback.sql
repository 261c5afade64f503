-- Question ratings and history, record-wide feedback (module hiring).
ALTER TABLE questions ADD COLUMN liked INTEGER;
ALTER TABLE questions ADD COLUMN feedback TEXT;
ALTER TABLE questions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Every earlier version of a question, with why it was replaced and how it was rated.
CREATE TABLE question_versions (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    question_id  VARCHAR(36) NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    version      INTEGER     NOT NULL,
    question     TEXT        NOT NULL,
    ideal_answer TEXT        NOT NULL,
    format       VARCHAR(30) NOT NULL,
    difficulty   VARCHAR(20) NOT NULL,
    coding       INTEGER     NOT NULL,
    liked        INTEGER,
    feedback     TEXT,
    replaced_because TEXT    NOT NULL,
    created_at   BIGINT      NOT NULL,
    replaced_at  BIGINT      NOT NULL
);

CREATE INDEX question_versions_question ON question_versions (question_id, version);

-- Recruiters' feedback on a record's questions as a whole; later generations take it into account.
CREATE TABLE record_feedback (
    id         VARCHAR(36) NOT NULL PRIMARY KEY,
    record_id  VARCHAR(36) NOT NULL REFERENCES job_records (id) ON DELETE CASCADE,
    text       TEXT        NOT NULL,
    created_at BIGINT      NOT NULL
);

CREATE INDEX record_feedback_record ON record_feedback (record_id, created_at);
