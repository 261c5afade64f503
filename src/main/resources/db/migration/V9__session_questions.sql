-- Questions drawn from one candidate's resume (module interview): they belong to that session
-- only, never to the job record.
CREATE TABLE session_questions (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    session_id   VARCHAR(36) NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    position     INTEGER     NOT NULL,
    question     TEXT        NOT NULL,
    ideal_answer TEXT        NOT NULL,
    difficulty   VARCHAR(20) NOT NULL,
    created_at   BIGINT      NOT NULL
);

CREATE INDEX session_questions_session ON session_questions (session_id, position);
