-- Latency of each turn of a voice interview (module voice): from the end of the candidate's speech
-- to the first audio of the agent's answer, and its parts. Milliseconds; NULL when a part did not
-- happen in that turn (for example no speech-to-text for a nudge after silence).
CREATE TABLE voice_turns (
    id                  VARCHAR(36) NOT NULL PRIMARY KEY,
    session_id          VARCHAR(36) NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    turn                INTEGER     NOT NULL,
    kind                VARCHAR(20) NOT NULL,
    endpointing_ms      BIGINT,
    stt_ms              BIGINT,
    llm_first_token_ms  BIGINT,
    tts_first_byte_ms   BIGINT,
    end_to_end_ms       BIGINT,
    created_at          BIGINT      NOT NULL
);

CREATE INDEX voice_turns_session ON voice_turns (session_id, turn);
