-- The fairness guard (module analysis): a counterfactual check of one analysis run, asked for by
-- an operator. The run's verbatim transcript is re-assessed with the candidate's name and
-- background swapped (a versioned substitution list) and the skill scores compared. result holds
-- the per-skill scores and differences and the substitutions applied (JSON); error the reason
-- of a FAILED check. Deleted with its analysis.
CREATE TABLE fairness_checks (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    analysis_id  VARCHAR(36)  NOT NULL REFERENCES analyses (id) ON DELETE CASCADE,
    run          INTEGER      NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    verdict      VARCHAR(20),
    list_version VARCHAR(20)  NOT NULL,
    tolerance    DOUBLE PRECISION NOT NULL,
    request      TEXT         NOT NULL,
    result       TEXT,
    error        TEXT,
    created_at   BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL,
    completed_at BIGINT
);

CREATE INDEX fairness_checks_analysis ON fairness_checks (analysis_id, created_at);
