package ai.flo.interviewer.voice;

import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The latency of each turn of a voice interview, as the worker measured it. Admin key
 * required.
 */
@RestController
@Profile("!worker")
class VoiceController {

	private final JdbcClient jdbc;

	VoiceController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One turn: milliseconds from the end of the candidate's speech to the turn's
	 * decision (endpointing), speech-to-text, the LLM's first token, text-to-speech's
	 * first byte, and the first audio frame of the answer (end to end); {@code null} when
	 * the part did not happen.
	 */
	record TurnLatency(int turn, String kind, Long endpointingMs, Long sttMs, Long llmFirstTokenMs, Long ttsFirstByteMs,
			Long endToEndMs) {
	}

	@GetMapping("/api/sessions/{id}/turns")
	List<TurnLatency> turns(@PathVariable String id) {
		return this.jdbc.sql("""
				SELECT turn, kind, endpointing_ms, stt_ms, llm_first_token_ms, tts_first_byte_ms, end_to_end_ms
				FROM voice_turns WHERE session_id = :id ORDER BY turn, created_at""")
			.param("id", id)
			.query((rs, row) -> new TurnLatency(rs.getInt(1), rs.getString(2), longOrNull(rs, 3), longOrNull(rs, 4),
					longOrNull(rs, 5), longOrNull(rs, 6), longOrNull(rs, 7)))
			.list();
	}

	private static Long longOrNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
