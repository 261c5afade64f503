-- Events sent to the hiring system (module webhooks): one row per event, its delivery state, and
-- what the receiver answered last. The payload is what is sent, byte for byte, on every attempt.
CREATE TABLE webhook_deliveries (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    event_type   VARCHAR(40)  NOT NULL,
    payload      TEXT         NOT NULL,
    url          VARCHAR(500) NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    attempts     INTEGER      NOT NULL,
    last_status  INTEGER,
    last_error   TEXT,
    created_at   BIGINT       NOT NULL,
    updated_at   BIGINT       NOT NULL,
    delivered_at BIGINT
);

CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);
