-- The candidate's email, when they give it at joining (module interview): one erasure request
-- by email then removes every session of that candidate.
ALTER TABLE interview_sessions ADD COLUMN candidate_email VARCHAR(254);

CREATE INDEX interview_sessions_email ON interview_sessions (candidate_email);
