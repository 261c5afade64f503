package ai.flo.interviewer.voice;

import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.interview.SessionTranscripts;
import ai.flo.interviewer.shared.DataFolders;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transcript's rows are written off the turn's path, in the order given, all of them
 * by the time the writer is closed; a row that cannot be written is kept in the session's
 * folder (its words never in the log), the rows after it are still written, and the rows
 * kept are merged into the transcript where their start puts them, once. (SQLite in
 * memory, the real {@link SessionTranscripts}, the table without its session reference; a
 * trigger plays the failing database.)
 */
@ExtendWith(OutputCaptureExtension.class)
class TranscriptRowsTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final SingleConnectionDataSource database = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);

	private final JdbcClient jdbc = JdbcClient.create(this.database);

	@TempDir
	Path home;

	private DataFolders folders;

	@BeforeEach
	void folders() {
		this.folders = new DataFolders(this.home.toString());
	}

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
	void aRowThatCannotBeWrittenIsKeptInTheSessionsFolderNotInTheLogAndTheRestAreWritten(CapturedOutput output)
			throws Exception {
		SessionTranscripts transcripts = transcripts();
		writeWithTheSecondRefused(transcripts, "s2");
		assertThat(written("s2")).containsExactly("candidate:first", "candidate:third");
		Path kept = this.folders.sessionUnwrittenTranscript("s2");
		assertThat(kept).hasParent(this.folders.interviewData().resolve("s2"));
		assertThat(Files.readAllLines(kept)).singleElement()
			.satisfies((line) -> assertThat(JSON.readTree(line)).isEqualTo(JSON
				.readTree("{\"speaker\":\"interviewer\",\"text\":\"the lost answer\",\"startMs\":500,\"endMs\":700}")));
		assertThat(output)
			.contains("Session s2: the transcript row of the interviewer at 500-700 ms could not be written")
			.contains("it is kept in " + kept)
			.contains("(attempt " + (TranscriptRows.ATTEMPTS - 1) + ")")
			// closing tried to merge it, the database still refusing it
			.contains("Session s2: the transcript rows kept in its folder could not be merged yet")
			.doesNotContain("the lost answer");
	}

	@Test
	void theRowsKeptAreMergedInOrderOnceAndTheFileGoes() throws Exception {
		SessionTranscripts transcripts = transcripts();
		writeWithTheSecondRefused(transcripts, "s3");
		Path kept = this.folders.sessionUnwrittenTranscript("s3");
		List<String> lines = Files.readAllLines(kept);
		this.jdbc.sql("DROP TRIGGER refuse").update();

		assertThat(transcripts.mergeUnwritten("s3")).isOne();
		List<String> merged = List.of("candidate:first", "interviewer:the lost answer", "candidate:third");
		assertThat(written("s3")).containsExactlyElementsOf(merged);
		assertThat(seqs("s3")).containsExactly(1, 2, 3);
		assertThat(kept).doesNotExist();
		assertThat(transcripts.mergeUnwritten("s3")).isZero();
		// A merge that stopped after its commit, before deleting the file: nothing twice.
		Files.write(kept, lines);
		assertThat(transcripts.mergeUnwritten("s3")).isZero();
		assertThat(written("s3")).containsExactlyElementsOf(merged);
		assertThat(kept).doesNotExist();
		// The rows written after it still go after it.
		transcripts.append("s3", "candidate", "fourth", 1000, 1100);
		assertThat(written("s3")).last().isEqualTo("candidate:fourth");
	}

	@Test
	void closingMergesTheRowsKeptWhenTheDatabaseTakesThemAgain() throws Exception {
		SessionTranscripts transcripts = transcripts();
		transcripts.spill("s4", "candidate", "said while the database was down", 0, 400);
		try (TranscriptRows rows = new TranscriptRows(transcripts, "s4", 1)) {
			rows.append("interviewer", "next question", 500, 900);
		}
		assertThat(written("s4")).containsExactly("candidate:said while the database was down",
				"interviewer:next question");
		assertThat(this.folders.sessionUnwrittenTranscript("s4")).doesNotExist();
	}

	@Test
	void aRowTheTableNeverTakesStaysInTheFile(CapturedOutput output) throws Exception {
		SessionTranscripts transcripts = transcripts();
		try (TranscriptRows rows = new TranscriptRows(transcripts, "s5", 1)) {
			rows.append("candidate", "first", 0, 100);
			// offsets the table refuses: kept, and never merged
			rows.append("interviewer", "backwards", 500, 100);
		}
		assertThat(written("s5")).containsExactly("candidate:first");
		assertThat(transcripts.mergeUnwritten("s5")).isZero();
		assertThat(Files.readAllLines(this.folders.sessionUnwrittenTranscript("s5"))).singleElement()
			.asString()
			.contains("backwards");
		assertThat(output).contains("cannot be merged into the transcript").doesNotContain("backwards");
	}

	@Test
	void aRowThatCannotBeKeptEitherIsLostAndTheErrorSaysSoWithoutItsWords(CapturedOutput output) throws Exception {
		SessionTranscripts transcripts = transcripts();
		refuse("the lost answer");
		// the session's folder cannot be made: a file stands in its way
		Files.createDirectories(this.folders.interviewData());
		Files.writeString(this.folders.interviewData().resolve("s6"), "not a folder");
		try (TranscriptRows rows = new TranscriptRows(transcripts, "s6", 1)) {
			rows.append("interviewer", "the lost answer", 500, 700);
		}
		assertThat(output)
			.contains("Session s6: the transcript row of the interviewer at 500-700 ms could not be written")
			.contains("nor kept in the session's folder")
			.contains("its words are lost")
			.doesNotContain("the lost answer");
	}

	/** A trigger makes the table refuse rows with these words (as a failing database). */
	/**
	 * Three rows through a writer, the database refusing the second ("the lost answer")
	 * every time.
	 */
	private void writeWithTheSecondRefused(SessionTranscripts transcripts, String sessionId) throws Exception {
		refuse("the lost answer");
		try (TranscriptRows rows = new TranscriptRows(transcripts, sessionId, 1)) {
			rows.append("candidate", "first", 0, 100);
			rows.append("interviewer", "the lost answer", 500, 700);
			rows.append("candidate", "third", 800, 900);
		}
	}

	private void refuse(String text) {
		this.jdbc
			.sql("CREATE TRIGGER refuse BEFORE INSERT ON transcript_entries WHEN NEW.text = '" + text
					+ "' BEGIN SELECT RAISE(ABORT, 'refused'); END")
			.update();
	}

	private List<Integer> seqs(String sessionId) {
		return this.jdbc.sql("SELECT seq FROM transcript_entries WHERE session_id = :id ORDER BY seq")
			.param("id", sessionId)
			.query(Integer.class)
			.list();
	}

	private SessionTranscripts transcripts() throws Exception {
		this.jdbc.sql("""
				CREATE TABLE transcript_entries (id VARCHAR(36) PRIMARY KEY, session_id VARCHAR(36), seq INTEGER,
				  speaker VARCHAR(20), text TEXT, start_ms BIGINT, end_ms BIGINT, created_at BIGINT)""").update();
		this.jdbc.sql("CREATE UNIQUE INDEX transcript_entries_seq ON transcript_entries (session_id, seq)").update();
		Constructor<SessionTranscripts> constructor = SessionTranscripts.class.getDeclaredConstructor(JdbcClient.class,
				Clock.class, DataFolders.class, JsonMapper.class, PlatformTransactionManager.class);
		constructor.setAccessible(true);
		return constructor.newInstance(this.jdbc, Clock.systemUTC(), this.folders, JSON,
				new DataSourceTransactionManager(this.database));
	}

	private List<String> written(String sessionId) {
		return this.jdbc.sql("SELECT speaker, text FROM transcript_entries WHERE session_id = :id ORDER BY seq")
			.param("id", sessionId)
			.query((rs, row) -> rs.getString(1) + ":" + rs.getString(2))
			.list();
	}

}
