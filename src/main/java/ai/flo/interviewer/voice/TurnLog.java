package ai.flo.interviewer.voice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import ai.flo.interviewer.interview.SessionsErasing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The latency of every turn of a voice interview (table {@code voice_turns}): the worker
 * writes one row per turn it answers, the API reads them back. The same numbers go to the
 * {@code flo.voice.turn.*} timers.
 */
@Component
class TurnLog {

	/**
	 * Histogram buckets of the turn timers: from a snappy tenth of a second to a painful
	 * ten.
	 */
	private static final Duration[] SLO = java.util.stream.LongStream
		.of(100, 250, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000)
		.mapToObj(Duration::ofMillis)
		.toArray(Duration[]::new);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final MeterRegistry meters;

	TurnLog(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * One turn: milliseconds from the end of the candidate's speech to the turn's
	 * decision (endpointing: the wait for more speech), speech-to-text, the LLM's first
	 * token, text-to-speech's first byte, and the first audio frame of the answer (end to
	 * end); {@code null} when the part did not happen.
	 */
	record TurnLatency(int turn, String kind, Long endpointingMs, Long sttMs, Long llmFirstTokenMs, Long ttsFirstByteMs,
			Long endToEndMs) {
	}

	/** Sessions being deleted take their turns with them. */
	@EventListener
	void sessionsErasing(SessionsErasing event) {
		int removed = 0;
		for (String id : event.sessionIds()) {
			removed += this.jdbc.sql("DELETE FROM voice_turns WHERE session_id = :id").param("id", id).update();
		}
		event.erasure().rows("voice turns", removed);
	}

	void record(String sessionId, int turn, String kind, TurnTimings timings) {
		meter("flo.voice.turn.response", "End of the candidate's speech to the first audio of the answer", kind,
				timings.endToEndMs());
		meter("flo.voice.turn.endpointing", "End of the candidate's speech to the decision that the turn is over", kind,
				timings.endpointingMs());
		meter("flo.voice.turn.stt", "Speech-to-text of the turn's last words", kind, timings.sttMs());
		meter("flo.voice.turn.llm.first.token", "LLM call to its first token", kind, timings.llmFirstTokenMs());
		meter("flo.voice.turn.tts.first.byte", "First sentence's synthesis to its first audio byte", kind,
				timings.ttsFirstByteMs());
		this.jdbc.sql("""
				INSERT INTO voice_turns (id, session_id, turn, kind, endpointing_ms, stt_ms, llm_first_token_ms,
				  tts_first_byte_ms, end_to_end_ms, created_at)
				VALUES (:id, :session, :turn, :kind, :endpointing, :stt, :llm, :tts, :e2e, :now)""")
			.param("id", UUID.randomUUID().toString())
			.param("session", sessionId)
			.param("turn", turn)
			.param("kind", kind)
			.param("endpointing", measured(timings.endpointingMs()))
			.param("stt", measured(timings.sttMs()))
			.param("llm", measured(timings.llmFirstTokenMs()))
			.param("tts", measured(timings.ttsFirstByteMs()))
			.param("e2e", measured(timings.endToEndMs()))
			.param("now", this.clock.millis())
			.update();
	}

	List<TurnLatency> read(String sessionId) {
		return this.jdbc.sql("""
				SELECT turn, kind, endpointing_ms, stt_ms, llm_first_token_ms, tts_first_byte_ms, end_to_end_ms
				FROM voice_turns WHERE session_id = :id ORDER BY turn, created_at""")
			.param("id", sessionId)
			.query((rs, row) -> new TurnLatency(rs.getInt(1), rs.getString(2), longOrNull(rs, 3), longOrNull(rs, 4),
					longOrNull(rs, 5), longOrNull(rs, 6), longOrNull(rs, 7)))
			.list();
	}

	/** The same number as the row's, as a histogram (docs/metrics.md). */
	private void meter(String name, String description, String kind, long millis) {
		if (millis < 0) {
			return;
		}
		Timer.builder(name)
			.description(description)
			.tag("kind", kind)
			.serviceLevelObjectives(SLO)
			.register(this.meters)
			.record(Duration.ofMillis(millis));
	}

	private static Long measured(long millis) {
		return (millis >= 0) ? millis : null;
	}

	private static Long longOrNull(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
