-- Worker heartbeats (module worker).
CREATE TABLE worker_instances (
    id         VARCHAR(200) NOT NULL PRIMARY KEY,
    host       VARCHAR(200) NOT NULL,
    pid        BIGINT       NOT NULL,
    version    VARCHAR(50)  NOT NULL,
    started_at BIGINT       NOT NULL,
    last_seen  BIGINT       NOT NULL,
    state      VARCHAR(16)  NOT NULL
);

CREATE INDEX worker_instances_host ON worker_instances (host, last_seen);
