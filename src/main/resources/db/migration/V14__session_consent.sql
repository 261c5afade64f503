-- The candidate's consent to recording and AI assessment (module interview): which version of
-- the consent text they agreed to, and when. A session is only created with it.
ALTER TABLE interview_sessions ADD COLUMN consent_version VARCHAR(64);

ALTER TABLE interview_sessions ADD COLUMN consented_at BIGINT;
