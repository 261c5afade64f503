-- Hiring setup (module hiring): job records, their skills, the questions per skill.
CREATE TABLE job_records (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    title           VARCHAR(200) NOT NULL,
    job_description TEXT         NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    failure         TEXT,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL
);

CREATE INDEX job_records_created ON job_records (created_at);

CREATE TABLE skills (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    record_id          VARCHAR(36)  NOT NULL REFERENCES job_records (id) ON DELETE CASCADE,
    name               VARCHAR(200) NOT NULL,
    level              VARCHAR(20)  NOT NULL,
    requirement        VARCHAR(20)  NOT NULL,
    category           VARCHAR(20)  NOT NULL,
    num_questions      INTEGER      NOT NULL,
    difficulty         VARCHAR(20)  NOT NULL,
    priority           INTEGER      NOT NULL,
    questions_status   VARCHAR(20)  NOT NULL,
    questions_failure  TEXT,
    position           INTEGER      NOT NULL,
    created_at         BIGINT       NOT NULL,
    updated_at         BIGINT       NOT NULL
);

CREATE INDEX skills_record ON skills (record_id, position);

CREATE TABLE questions (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    skill_id     VARCHAR(36) NOT NULL REFERENCES skills (id) ON DELETE CASCADE,
    question     TEXT        NOT NULL,
    ideal_answer TEXT        NOT NULL,
    format       VARCHAR(30) NOT NULL,
    difficulty   VARCHAR(20) NOT NULL,
    coding       INTEGER     NOT NULL,
    position     INTEGER     NOT NULL,
    created_at   BIGINT      NOT NULL
);

CREATE INDEX questions_skill ON questions (skill_id, position);
