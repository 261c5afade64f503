-- What a session records (module interview): the transcript, written by the server as the
-- interview happens, and proctoring events sent by the front end.
CREATE TABLE transcript_entries (
    id         VARCHAR(36) NOT NULL PRIMARY KEY,
    session_id VARCHAR(36) NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    seq        INTEGER     NOT NULL,
    speaker    VARCHAR(20) NOT NULL,
    text       TEXT        NOT NULL,
    start_ms   BIGINT      NOT NULL,
    end_ms     BIGINT      NOT NULL,
    created_at BIGINT      NOT NULL
);

CREATE UNIQUE INDEX transcript_entries_seq ON transcript_entries (session_id, seq);

CREATE TABLE proctoring_events (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    session_id  VARCHAR(36) NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    type        VARCHAR(30) NOT NULL,
    occurred_at BIGINT      NOT NULL,
    received_at BIGINT      NOT NULL,
    duration_ms BIGINT,
    detail      VARCHAR(300)
);

CREATE INDEX proctoring_events_session ON proctoring_events (session_id, occurred_at);
