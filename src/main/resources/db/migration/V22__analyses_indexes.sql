-- The analyses list filters by record and by status, and a record's erasure finds its analyses by
-- record: without these, each is a scan of every analysis.
CREATE INDEX analyses_record ON analyses (record_id);
CREATE INDEX analyses_status ON analyses (status, created_at);
