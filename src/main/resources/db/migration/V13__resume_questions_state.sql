-- Where a session's resume questions stand (module interview): NONE (no resume), GENERATING,
-- READY, or FAILED with the reason; the interview goes ahead without them when they fail.
ALTER TABLE interview_sessions ADD COLUMN resume_questions_status VARCHAR(20) NOT NULL DEFAULT 'NONE';

ALTER TABLE interview_sessions ADD COLUMN resume_questions_failure TEXT;
