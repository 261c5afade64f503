package ai.flo.interviewer.voice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import ai.flo.interviewer.testsupport.Sql;

/**
 * Interviews and sessions written straight to a worker's database, and what the
 * interviewer stored about them read back: the voice tests' fixtures.
 */
final class VoiceSessions {

	private final String databaseUrl;

	private final Path home;

	VoiceSessions(String databaseUrl, Path home) {
		this.databaseUrl = databaseUrl;
		this.home = home;
	}

	/**
	 * A record, its skills and questions, an interview and a session, written straight to
	 * the worker's database; the session's token is {@code token}.
	 */
	String create(int lengthMinutes, List<VoiceInterviewIT.Skill> skills, String token) throws Exception {
		String record = UUID.randomUUID().toString();
		String interview = UUID.randomUUID().toString();
		String session = UUID.randomUUID().toString();
		try (Connection db = Sql.connect(this.databaseUrl, this.home)) {
			update(db,
					"INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) VALUES (?, 'Backend Engineer', 'Java', 'READY', 0, 0)",
					record);
			int position = 0;
			for (VoiceInterviewIT.Skill skill : skills) {
				String skillId = UUID.randomUUID().toString();
				update(db,
						"INSERT INTO skills (id, record_id, name, level, requirement, category, num_questions, difficulty, priority, "
								+ "questions_status, position, created_at, updated_at) VALUES (?, ?, ?, 'PROFESSIONAL', ?, 'TECHNICAL', ?, 'MEDIUM', ?, "
								+ "'READY', ?, 0, 0)",
						skillId, record, skill.name(), skill.mandatory() ? "MANDATORY" : "OPTIONAL",
						skill.numQuestions(), skill.priority(), position++);
				int q = 0;
				for (String question : skill.questions()) {
					update(db,
							"INSERT INTO questions (id, skill_id, question, ideal_answer, format, difficulty, coding, position, created_at) "
									+ "VALUES (?, ?, ?, ?, 'OPEN_ENDED', 'MEDIUM', 0, ?, 0)",
							UUID.randomUUID().toString(), skillId, question,
							"It fails intermittently because of timing or shared state.", q++);
				}
			}
			update(db,
					"INSERT INTO interviews (id, record_id, role, skill_level, length_minutes, practice_allowed, code_digest, code_hint, "
							+ "code_expires_at, max_uses, uses, status, created_at, updated_at) VALUES (?, ?, 'Backend Engineer', 'PROFESSIONAL', ?, 0, ?, "
							+ "'AB', 0, 1, 1, 'ACTIVE', 0, 0)",
					interview, record, lengthMinutes, UUID.randomUUID().toString());
			update(db,
					"INSERT INTO interview_sessions (id, interview_id, candidate_name, practice, room_name, token_digest, status, "
							+ "created_at) VALUES (?, ?, 'Alex Doe', 0, ?, ?, 'CREATED', 0)",
					session, interview, "interview-" + session, digest(token));
		}
		return session;
	}

	/** Runs one statement on the database. */
	void update(String sql, Object... params) throws Exception {
		try (Connection db = Sql.connect(this.databaseUrl, this.home)) {
			update(db, sql, params);
		}
	}

	private static void update(Connection db, String sql, Object... params) throws Exception {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			statement.executeUpdate();
		}
	}

	String status(String session) throws Exception {
		try (Connection db = Sql.connect(this.databaseUrl, this.home);
				PreparedStatement statement = db
					.prepareStatement("SELECT status FROM interview_sessions WHERE id = ?")) {
			statement.setString(1, session);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getString(1) : "";
			}
		}
	}

	int count(String sql, String session) throws Exception {
		try (Connection db = Sql.connect(this.databaseUrl, this.home);
				PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setString(1, session);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	List<String[]> transcript(String session) throws Exception {
		List<String[]> rows = new ArrayList<>();
		try (Connection db = Sql.connect(this.databaseUrl, this.home);
				PreparedStatement statement = db.prepareStatement(
						"SELECT speaker, text FROM transcript_entries WHERE session_id = ? ORDER BY seq")) {
			statement.setString(1, session);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows.add(new String[] { rs.getString(1), rs.getString(2) });
				}
			}
		}
		return rows;
	}

	/** Start and end (ms on the interview's clock) of each of the interviewer's lines. */
	List<long[]> interviewerTimes(String session) throws Exception {
		List<long[]> times = new ArrayList<>();
		try (Connection db = Sql.connect(this.databaseUrl, this.home);
				PreparedStatement statement = db.prepareStatement(
						"SELECT start_ms, end_ms FROM transcript_entries WHERE session_id = ? AND speaker = 'interviewer' ORDER BY seq")) {
			statement.setString(1, session);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					times.add(new long[] { rs.getLong(1), rs.getLong(2) });
				}
			}
		}
		return times;
	}

	/** The session token's digest as the API stores it (SHA-256, hex). */
	static String digest(String token) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
	}

}
