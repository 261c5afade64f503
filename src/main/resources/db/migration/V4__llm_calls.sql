-- Every LLM call (module llm): what, where, how long, how many tokens, and how it ended.
CREATE TABLE llm_calls (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    task              VARCHAR(32)  NOT NULL,
    provider          VARCHAR(32)  NOT NULL,
    model             VARCHAR(100) NOT NULL,
    started_at        BIGINT       NOT NULL,
    latency_ms        BIGINT       NOT NULL,
    attempts          INTEGER      NOT NULL,
    repaired          INTEGER      NOT NULL,
    prompt_tokens     BIGINT       NOT NULL,
    completion_tokens BIGINT       NOT NULL,
    outcome           VARCHAR(32)  NOT NULL,
    error             TEXT
);

CREATE INDEX llm_calls_started ON llm_calls (started_at);
