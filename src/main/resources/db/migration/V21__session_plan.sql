-- What a voice interview planned to ask and what became of each question (module interview),
-- written by the interviewer as it goes: the session's own record of what was asked and when,
-- which the analysis grades against each question's ideal answer. Times are milliseconds from
-- the start of the interview (the transcript's clock). status: PLANNED (not yet reached while
-- the interview runs), ASKED, NOT_REACHED (the interview ended first).
CREATE TABLE session_plan_questions (
    session_id      VARCHAR(36)  NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    position        INTEGER      NOT NULL,
    question_id     VARCHAR(36),
    question        TEXT         NOT NULL,
    ideal_answer    TEXT         NOT NULL,
    skill           VARCHAR(200) NOT NULL,
    difficulty      VARCHAR(20),
    source          VARCHAR(20)  NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    asked_at_ms     BIGINT,
    answer_start_ms BIGINT,
    answer_end_ms   BIGINT,
    follow_ups      INTEGER      NOT NULL,
    hints           INTEGER      NOT NULL,
    PRIMARY KEY (session_id, position)
);

-- Why the interview ended, in the interviewer's words for it (for example PLAN_DONE, TIME_UP,
-- CANDIDATE_LEFT); NULL when no interviewer ended it.
ALTER TABLE interview_sessions ADD COLUMN interview_end_reason VARCHAR(40);
