-- What admins did and read (module audit): one row per admin request, per opened report link and
-- per deletion the system made on its own (retention). Who by the key's name and last characters,
-- never the key.
CREATE TABLE audit_log (
    id       VARCHAR(36)  NOT NULL PRIMARY KEY,
    at       BIGINT       NOT NULL,
    actor    VARCHAR(80)  NOT NULL,
    key_hint VARCHAR(16),
    action   VARCHAR(10)  NOT NULL,
    target   VARCHAR(500) NOT NULL,
    status   INTEGER,
    client   VARCHAR(64),
    detail   TEXT
);

CREATE INDEX audit_log_at ON audit_log (at);
