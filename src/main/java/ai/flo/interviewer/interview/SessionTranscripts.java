package ai.flo.interviewer.interview;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transcript of a session, written by the server as the interview happens (the
 * worker's interviewer appends each turn), read back in order.
 */
@Component
public class SessionTranscripts {

	public static final int MAX_TEXT = 20_000;

	private final JdbcClient jdbc;

	private final Clock clock;

	SessionTranscripts(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Appends one turn; returns its sequence number (1, 2, ...). */
	@Transactional
	public int append(String sessionId, String speaker, String text, long startMs, long endMs) {
		if (!speaker.matches("candidate|interviewer")) {
			throw new IllegalArgumentException("speaker must be candidate or interviewer");
		}
		if (startMs < 0 || endMs < startMs) {
			throw new IllegalArgumentException("offsets must satisfy 0 <= start <= end");
		}
		int seq = this.jdbc.sql("SELECT COALESCE(MAX(seq), 0) + 1 FROM transcript_entries WHERE session_id = :id")
			.param("id", sessionId)
			.query(Integer.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO transcript_entries (id, session_id, seq, speaker, text, start_ms, end_ms, created_at)
				VALUES (:id, :session, :seq, :speaker, :text, :start, :end, :now)""")
			.param("id", UUID.randomUUID().toString())
			.param("session", sessionId)
			.param("seq", seq)
			.param("speaker", speaker)
			.param("text", (text.length() > MAX_TEXT) ? text.substring(0, MAX_TEXT) : text)
			.param("start", startMs)
			.param("end", endMs)
			.param("now", this.clock.millis())
			.update();
		return seq;
	}

	List<Views.TranscriptEntry> read(String sessionId) {
		return this.jdbc.sql(
				"SELECT seq, speaker, text, start_ms, end_ms FROM transcript_entries WHERE session_id = :id ORDER BY seq")
			.param("id", sessionId)
			.query((rs, row) -> new Views.TranscriptEntry(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getLong(5)))
			.list();
	}

}
