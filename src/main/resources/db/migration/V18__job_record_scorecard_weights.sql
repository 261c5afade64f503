-- A job record's own scorecard weights (module hiring), used by analyses of its interviews
-- and uploads. All three NULL: the settings' weights (FLO_SCORECARD_WEIGHT_*) apply.
ALTER TABLE job_records ADD COLUMN weight_skills DOUBLE PRECISION;

ALTER TABLE job_records ADD COLUMN weight_questions DOUBLE PRECISION;

ALTER TABLE job_records ADD COLUMN weight_communication DOUBLE PRECISION;
