-- Where a live voice interview stands (module voice), written after every turn: the plan, the
-- position in it, follow-ups and hints used, the interview's elapsed time and the conversation the
-- LLM needs, so that another agent process can carry the same interview on.
CREATE TABLE interview_progress (
    session_id VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES interview_sessions (id) ON DELETE CASCADE,
    state      TEXT         NOT NULL,
    elapsed_ms BIGINT       NOT NULL,
    agent      VARCHAR(200) NOT NULL,
    updated_at BIGINT       NOT NULL
);

-- The agent in charge of a live interview says it is alive every few seconds, with its identity
-- in the room (module interview): a LIVE session whose agent went quiet is carried on by another
-- (the quiet one, still listed by LiveKit until its connection times out, removed), or ended.
ALTER TABLE interview_sessions ADD COLUMN agent_seen_at BIGINT;

ALTER TABLE interview_sessions ADD COLUMN agent_identity VARCHAR(200);

ALTER TABLE interview_sessions ADD COLUMN candidate_left_at BIGINT;
