package ai.flo.interviewer.testsupport;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows that tests of one part need from the others, inserted as they are stored. */
public final class Fixtures {

	private Fixtures() {
	}

	/**
	 * A LIVE session of a 30-minute interview for a READY job record (candidate "Robin",
	 * room {@code interview-<session id>}).
	 * @return the session's id
	 */
	public static String liveSession(JdbcClient jdbc) {
		String interview = interview(jdbc, jobRecord(jdbc, "T", "D"), "R", "EXPERT", 30, false);
		return session(jdbc, interview, "Robin", false, "LIVE");
	}

	/**
	 * A READY job record.
	 * @return its id
	 */
	public static String jobRecord(JdbcClient jdbc, String title, String description) {
		String id = UUID.randomUUID().toString();
		jdbc.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
				+ "VALUES (:id, :title, :description, 'READY', 0, 0)")
			.param("id", id)
			.param("title", title)
			.param("description", description)
			.update();
		return id;
	}

	/**
	 * An ACTIVE interview of a job record, its code (hint "AB") good for one use.
	 * @return its id
	 */
	public static String interview(JdbcClient jdbc, String record, String role, String level, int lengthMinutes,
			boolean practiceAllowed) {
		String id = UUID.randomUUID().toString();
		jdbc.sql("""
				INSERT INTO interviews (id, record_id, role, skill_level, length_minutes, practice_allowed, code_digest,
				  code_hint, code_expires_at, max_uses, uses, status, created_at, updated_at)
				VALUES (:id, :record, :role, :level, :length, :practice, :digest, 'AB', 0, 1, 0, 'ACTIVE', 0, 0)""")
			.param("id", id)
			.param("record", record)
			.param("role", role)
			.param("level", level)
			.param("length", lengthMinutes)
			.param("practice", practiceAllowed ? 1 : 0)
			.param("digest", UUID.randomUUID().toString())
			.update();
		return id;
	}

	/**
	 * A session of an interview in the given status, room {@code interview-<session id>},
	 * no consent recorded.
	 * @return its id
	 */
	public static String session(JdbcClient jdbc, String interview, String candidate, boolean practice, String status) {
		String id = UUID.randomUUID().toString();
		jdbc.sql("""
				INSERT INTO interview_sessions (id, interview_id, candidate_name, practice, room_name, token_digest,
				  status, created_at)
				VALUES (:id, :interview, :candidate, :practice, :room, :digest, :status, 0)""")
			.param("id", id)
			.param("interview", interview)
			.param("candidate", candidate)
			.param("practice", practice ? 1 : 0)
			.param("room", "interview-" + id)
			.param("digest", UUID.randomUUID().toString())
			.param("status", status)
			.update();
		return id;
	}

}
