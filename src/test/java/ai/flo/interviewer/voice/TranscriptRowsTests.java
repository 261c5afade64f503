package ai.flo.interviewer.voice;

import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ai.flo.interviewer.interview.SessionTranscripts;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transcript's rows are written off the turn's path, in the order given, all of them
 * by the time the writer is closed; a row that cannot be written is logged with its words
 * and the rows after it are still written. (SQLite in memory, the real
 * {@link SessionTranscripts}, the table without its session reference.)
 */
@ExtendWith(OutputCaptureExtension.class)
class TranscriptRowsTests {

	private final SingleConnectionDataSource database = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	@AfterEach
	void close() {
		this.database.destroy();
	}

	@Test
	void everyRowIsWrittenInTheOrderGivenByTheTimeItCloses() throws Exception {
		SessionTranscripts transcripts = transcripts();
		List<String> given = new ArrayList<>();
		try (TranscriptRows rows = new TranscriptRows(transcripts, "s1")) {
			for (int i = 0; i < 60; i++) {
				String speaker = (i % 2 == 0) ? "candidate" : "interviewer";
				rows.append(speaker, "words " + i, i * 1000L, i * 1000L + 500);
				given.add(speaker + ":words " + i);
			}
		}
		assertThat(written("s1")).containsExactlyElementsOf(given);
	}

	@Test
	void aRowThatCannotBeWrittenIsLoggedWithItsWordsAndTheRestAreWritten(CapturedOutput output) throws Exception {
		SessionTranscripts transcripts = transcripts();
		try (TranscriptRows rows = new TranscriptRows(transcripts, "s2", 1)) {
			rows.append("candidate", "first", 0, 100);
			// offsets the table refuses: every attempt fails
			rows.append("interviewer", "the lost answer", 500, 100);
			rows.append("candidate", "third", 600, 900);
		}
		assertThat(written("s2")).containsExactly("candidate:first", "candidate:third");
		assertThat(output)
			.contains("Session s2: the transcript row of the interviewer at 500-100 ms could not be written")
			.contains("it said: the lost answer")
			.contains("(attempt " + (TranscriptRows.ATTEMPTS - 1) + ")");
	}

	private SessionTranscripts transcripts() throws Exception {
		this.jdbc.sql("""
				CREATE TABLE transcript_entries (id VARCHAR(36) PRIMARY KEY, session_id VARCHAR(36), seq INTEGER,
				  speaker VARCHAR(20), text TEXT, start_ms BIGINT, end_ms BIGINT, created_at BIGINT)""").update();
		this.jdbc.sql("CREATE UNIQUE INDEX transcript_entries_seq ON transcript_entries (session_id, seq)").update();
		Constructor<SessionTranscripts> constructor = SessionTranscripts.class.getDeclaredConstructor(JdbcClient.class,
				Clock.class);
		constructor.setAccessible(true);
		return constructor.newInstance(this.jdbc, Clock.systemUTC());
	}

	private List<String> written(String sessionId) {
		return this.jdbc.sql("SELECT speaker, text FROM transcript_entries WHERE session_id = :id ORDER BY seq")
			.param("id", sessionId)
			.query((rs, row) -> rs.getString(1) + ":" + rs.getString(2))
			.list();
	}

}
