package ai.flo.interviewer.interview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.flo.interviewer.hiring.SkillLevel;
import ai.flo.interviewer.shared.DatabaseUrl;
import ai.flo.interviewer.shared.MigratedDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interview repositories' SQL against the migrated schema, on SQLite and PostgreSQL:
 * every column is written and read back as it was, on insert and on update; a session's
 * save leaves the columns other code writes alone; and a locked read of an access code
 * lets one transaction at a time count a use.
 */
class InterviewRowsTests {

	static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_123L);

	/** Written by SessionRecords and SessionPlans, not by InterviewSession. */
	static final List<String> SESSION_COLUMNS_WRITTEN_ELSEWHERE = List.of("agent_seen_at", "agent_identity",
			"candidate_left_at", "interview_end_reason");

	@ParameterizedTest
	@EnumSource(DatabaseUrl.Kind.class)
	void everyColumnIsWrittenAndReadBack(DatabaseUrl.Kind kind) {
		try (MigratedDatabase database = MigratedDatabase.create(kind)) {
			JdbcClient jdbc = database.jdbc();
			InterviewRepository interviews = new InterviewRepository(jdbc, database.url());
			InterviewSessionRepository sessions = new InterviewSessionRepository(jdbc);
			String recordId = record(jdbc);

			Interview interview = new Interview(recordId, "Backend Engineer", SkillLevel.EXPERT, 45, true, T0);
			String code = interview.issueCode(AccessCodes.generate(), Duration.ofDays(2), 3, T0);
			interview.use(T0.plusMillis(1));
			interviews.save(interview);
			assertSameRow(database, "interviews", interview.columns(),
					interviews.findById(interview.id()).orElseThrow().columns(), List.of());
			String digest = AccessCodes.digest(AccessCodes.normalize(code));
			assertThat(interviews.existsByCodeDigest(digest)).isTrue();
			assertThat(interviews.findByCodeDigest(digest)).map(Interview::id).contains(interview.id());
			interview.update("Data Engineer", SkillLevel.BEGINNER, 20, false, T0.plusMillis(2));
			interview.issueCode(AccessCodes.generate(), Duration.ofDays(1), 1, T0.plusMillis(3));
			interview.revoke(T0.plusMillis(4));
			interviews.save(interview);
			assertSameRow(database, "interviews", interview.columns(),
					interviews.findByIdForUpdate(interview.id()).orElseThrow().columns(), List.of());
			assertThat(interviews.existsByCodeDigest(digest)).isFalse();

			InterviewSession session = new InterviewSession(interview.id(), "Ada", " Ada@Example.com ",
					"ten years of Java", false, AccessCodes.digest(AccessCodes.sessionToken()), "2026-01", T0);
			session.resumeQuestionsRequested();
			session.resumeQuestionsFailed("no model");
			session.live(T0.plusMillis(5));
			sessions.save(session);
			assertSameRow(database, "interview_sessions", session.columns(),
					sessions.findById(session.id()).orElseThrow().columns(), SESSION_COLUMNS_WRITTEN_ELSEWHERE);
			jdbc.sql("UPDATE interview_sessions SET agent_identity = 'agent-1', agent_seen_at = 7, "
					+ "candidate_left_at = 8, interview_end_reason = 'TIME_UP' WHERE id = :id")
				.param("id", session.id())
				.update();
			session.ended(T0.plusMillis(6));
			session.analysis(SessionRecords.AnalysisState.FAILED, "no transcript");
			sessions.save(session);
			assertSameRow(database, "interview_sessions", session.columns(),
					sessions.findById(session.id()).orElseThrow().columns(), SESSION_COLUMNS_WRITTEN_ELSEWHERE);
			assertThat(jdbc
				.sql("""
						SELECT agent_identity || ' ' || agent_seen_at || ' ' || candidate_left_at || ' ' || interview_end_reason
						FROM interview_sessions WHERE id = :id""")
				.param("id", session.id())
				.query(String.class)
				.single()).isEqualTo("agent-1 7 8 TIME_UP");
		}
	}

	@ParameterizedTest
	@EnumSource(DatabaseUrl.Kind.class)
	void queriesFindAndOrderWhatTheirNamesSay(DatabaseUrl.Kind kind) {
		try (MigratedDatabase database = MigratedDatabase.create(kind)) {
			JdbcClient jdbc = database.jdbc();
			InterviewRepository interviews = new InterviewRepository(jdbc, database.url());
			InterviewSessionRepository sessions = new InterviewSessionRepository(jdbc);
			String recordId = record(jdbc);
			String otherRecordId = record(jdbc);
			Interview first = interviews.save(interview(recordId, "First", T0));
			interviews.save(interview(otherRecordId, "Second", T0.plusSeconds(1)));
			interviews.save(interview(recordId, "Third", T0.plusSeconds(2)));
			assertThat(interviews.findByRecordIdOrderByCreatedAtDesc(recordId)).extracting(Interview::role)
				.containsExactly("Third", "First");
			assertThat(interviews.findAllByOrderByCreatedAtDesc(2)).extracting(Interview::role)
				.containsExactly("Third", "Second");
			assertThat(interviews.findById("no-such-interview")).isEmpty();
			assertThat(interviews.findByCodeDigest("no-such-digest")).isEmpty();

			for (int i = 0; i < 3; i++) {
				sessions.save(new InterviewSession(first.id(), "Candidate " + i, null, null, true,
						AccessCodes.digest(AccessCodes.sessionToken()), null, T0.plusSeconds(i)));
			}
			assertThat(sessions.findByInterviewIdOrderByCreatedAtDesc(first.id(), 2))
				.extracting(InterviewSession::candidateName)
				.containsExactly("Candidate 2", "Candidate 1");
			assertThat(sessions.findById("no-such-session")).isEmpty();
		}
	}

	/**
	 * What a join does with a one-use code, in many transactions at once: exactly one
	 * counts the use (PostgreSQL: the row is locked; SQLite: writers take turns).
	 */
	@ParameterizedTest
	@EnumSource(DatabaseUrl.Kind.class)
	void aLockedCodeIsUsedByOneTransactionAtATime(DatabaseUrl.Kind kind) throws Exception {
		try (MigratedDatabase database = MigratedDatabase.create(kind)) {
			JdbcClient jdbc = database.jdbc();
			InterviewRepository interviews = new InterviewRepository(jdbc, database.url());
			TransactionTemplate transactions = database.transactions();
			Interview interview = new Interview(record(jdbc), "Backend Engineer", SkillLevel.EXPERT, 30, false,
					Instant.now());
			String code = interview.issueCode(AccessCodes.generate(), Duration.ofDays(1), 1, Instant.now());
			interviews.save(interview);
			String digest = AccessCodes.digest(AccessCodes.normalize(code));
			ExecutorService pool = Executors.newFixedThreadPool(4);
			List<Future<Boolean>> attempts = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				attempts.add(pool.submit(() -> transactions.execute((status) -> {
					Interview found = interviews.findByCodeDigestForUpdate(digest).orElseThrow();
					if (found.refusal(Instant.now()) != null) {
						return false;
					}
					sleep();
					found.use(Instant.now());
					interviews.save(found);
					return true;
				})));
			}
			List<Boolean> admitted = new ArrayList<>();
			for (Future<Boolean> attempt : attempts) {
				admitted.add(attempt.get());
			}
			pool.shutdown();
			assertThat(admitted).containsOnlyOnce(true);
			assertThat(jdbc.sql("SELECT uses FROM interviews WHERE id = :id")
				.param("id", interview.id())
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
	}

	static void sleep() {
		try {
			// Long enough for the others to reach their read.
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static Interview interview(String recordId, String role, Instant now) {
		Interview interview = new Interview(recordId, role, SkillLevel.INTERMEDIATE, 30, false, now);
		interview.issueCode(AccessCodes.generate(), Duration.ofDays(1), 5, now);
		return interview;
	}

	static String record(JdbcClient jdbc) {
		String id = UUID.randomUUID().toString();
		jdbc.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
				+ "VALUES (:id, 'Backend Engineer', 'Java and SQL', 'READY', 0, 0)")
			.param("id", id)
			.update();
		return id;
	}

	/**
	 * The row read back holds what was written, and the entity maps every column of the
	 * table but those written elsewhere.
	 */
	static void assertSameRow(MigratedDatabase database, String table, Map<String, Object> written,
			Map<String, Object> read, List<String> writtenElsewhere) {
		assertThat(read).isEqualTo(written);
		List<String> columns = new ArrayList<>(database.columns(table));
		columns.removeAll(writtenElsewhere);
		assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(columns);
	}

}
