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
		String record = UUID.randomUUID().toString();
		String interview = UUID.randomUUID().toString();
		String session = UUID.randomUUID().toString();
		jdbc.sql("INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) "
				+ "VALUES (:id, 'T', 'D', 'READY', 0, 0)")
			.param("id", record)
			.update();
		jdbc.sql("""
				INSERT INTO interviews (id, record_id, role, skill_level, length_minutes, practice_allowed, code_digest,
				  code_hint, code_expires_at, max_uses, uses, status, created_at, updated_at)
				VALUES (:id, :record, 'R', 'EXPERT', 30, 0, :digest, 'AB', 0, 1, 0, 'ACTIVE', 0, 0)""")
			.param("id", interview)
			.param("record", record)
			.param("digest", UUID.randomUUID().toString())
			.update();
		jdbc.sql("""
				INSERT INTO interview_sessions (id, interview_id, candidate_name, practice, room_name, token_digest,
				  status, created_at)
				VALUES (:id, :interview, 'Robin', 0, :room, :digest, 'LIVE', 0)""")
			.param("id", session)
			.param("interview", interview)
			.param("room", "interview-" + session)
			.param("digest", UUID.randomUUID().toString())
			.update();
		return session;
	}

}
