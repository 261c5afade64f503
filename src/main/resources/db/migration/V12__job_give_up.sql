-- A job that failed for good tells the thing it works for (an analysis, a record, a session)
-- through its handler's give-up hook (module jobs). Until the hook has run, give_up_pending is 1:
-- a worker that dies in between leaves the notice for the next one, so no owner waits forever.
ALTER TABLE jobs ADD COLUMN give_up_pending INTEGER NOT NULL DEFAULT 0;

CREATE INDEX jobs_give_up ON jobs (give_up_pending, status);
