package ai.flo.interviewer.interview;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A session's own record of its interview plan (table {@code session_plan_questions}):
 * written by the interviewer when the interview starts, each question updated as it is
 * asked and answered, with the follow-ups and hints it took; when the interview ends, the
 * questions it never reached are marked so. The analysis reads it to grade each asked
 * question against its ideal answer. Times are milliseconds from the interview's start,
 * the transcript's clock.
 */
@Component
public class SessionPlans {

	private final JdbcClient jdbc;

	SessionPlans(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Where a planned question stands. */
	public enum Status {

		/** Not yet reached; the interview is still running. */
		PLANNED,

		/** Asked by the interviewer. */
		ASKED,

		/** The interview ended before it: never asked, never graded. */
		NOT_REACHED

	}

	/**
	 * One question of the plan, as planned.
	 *
	 * @param questionId the job record's question, or {@code null} (resume and practice
	 * questions)
	 * @param skill the skill it assesses (or "Resume" / "Practice")
	 * @param difficulty EASY, MEDIUM, HARD, or {@code null}
	 * @param source SKILL, RESUME or PRACTICE
	 */
	public record Planned(String questionId, String question, String idealAnswer, String skill, String difficulty,
			String source) {
	}

	/**
	 * What became of one planned question.
	 *
	 * @param position its place in the plan (0, 1, ...)
	 * @param askedAtMs when it was asked, or {@code null}
	 * @param answerStartMs the start of the candidate's first words on it, or
	 * {@code null}
	 * @param answerEndMs the end of their last words on it, or {@code null}
	 */
	public record PlanQuestion(int position, String questionId, String question, String idealAnswer, String skill,
			String difficulty, String source, Status status, Long askedAtMs, Long answerStartMs, Long answerEndMs,
			int followUps, int hints) {
	}

	/**
	 * What happened to one question since it was last written: asked at {@code askedAtMs}
	 * ({@code null}: not known here, an interview carried on by another agent), its
	 * follow-ups and hints so far, and an answer heard from {@code answerStartMs} to
	 * {@code answerEndMs} ({@code null} when none was heard).
	 */
	public record Progress(int position, Long askedAtMs, int followUps, int hints, Long answerStartMs,
			Long answerEndMs) {
	}

	/**
	 * Writes the plan when the interview starts; a plan already written (an interview
	 * carried on by another agent) is kept as it is.
	 */
	@Transactional
	public void write(String sessionId, List<Planned> questions) {
		Integer written = this.jdbc.sql("SELECT COUNT(*) FROM session_plan_questions WHERE session_id = :id")
			.param("id", sessionId)
			.query(Integer.class)
			.single();
		if (written > 0) {
			return;
		}
		for (int i = 0; i < questions.size(); i++) {
			Planned q = questions.get(i);
			this.jdbc
				.sql("""
						INSERT INTO session_plan_questions (session_id, position, question_id, question, ideal_answer, skill,
						  difficulty, source, status, follow_ups, hints)
						VALUES (:session, :position, :qid, :question, :ideal, :skill, :difficulty, :source, 'PLANNED', 0, 0)""")
				.param("session", sessionId)
				.param("position", i)
				.param("qid", q.questionId())
				.param("question", q.question())
				.param("ideal", (q.idealAnswer() != null) ? q.idealAnswer() : "")
				.param("skill", q.skill())
				.param("difficulty", q.difficulty())
				.param("source", q.source())
				.update();
		}
	}

	/**
	 * Records what happened to questions: asked (the first time given stays), their
	 * follow-ups and hints, and the answer's span (the earliest start and the latest end
	 * heard).
	 */
	@Transactional
	public void progress(String sessionId, List<Progress> changes) {
		for (Progress p : changes) {
			if (p.askedAtMs() != null) {
				this.jdbc.sql("""
						UPDATE session_plan_questions SET asked_at_ms = :asked
						WHERE session_id = :session AND position = :position AND asked_at_ms IS NULL""")
					.param("asked", p.askedAtMs())
					.param("session", sessionId)
					.param("position", p.position())
					.update();
			}
			this.jdbc.sql("""
					UPDATE session_plan_questions SET status = 'ASKED', follow_ups = :followUps, hints = :hints
					WHERE session_id = :session AND position = :position""")
				.param("followUps", p.followUps())
				.param("hints", p.hints())
				.param("session", sessionId)
				.param("position", p.position())
				.update();
			if (p.answerStartMs() != null && p.answerEndMs() != null) {
				this.jdbc.sql("""
						UPDATE session_plan_questions
						SET answer_start_ms = CASE WHEN answer_start_ms IS NULL OR answer_start_ms > :start THEN :start
						    ELSE answer_start_ms END,
						  answer_end_ms = CASE WHEN answer_end_ms IS NULL OR answer_end_ms < :end THEN :end
						    ELSE answer_end_ms END
						WHERE session_id = :session AND position = :position""")
					.param("start", p.answerStartMs())
					.param("end", p.answerEndMs())
					.param("session", sessionId)
					.param("position", p.position())
					.update();
			}
		}
	}

	/**
	 * The interview is over, for {@code reason}: the questions it did not reach are
	 * marked so, and the reason is kept with the session.
	 */
	@Transactional
	public void finish(String sessionId, String reason) {
		this.jdbc.sql(
				"UPDATE session_plan_questions SET status = 'NOT_REACHED' WHERE session_id = :id AND status = 'PLANNED'")
			.param("id", sessionId)
			.update();
		this.jdbc.sql("UPDATE interview_sessions SET interview_end_reason = :reason WHERE id = :id")
			.param("reason", reason)
			.param("id", sessionId)
			.update();
	}

	/**
	 * The plan of a session, in order; empty when it has none (not a voice interview).
	 */
	@Transactional(readOnly = true)
	public List<PlanQuestion> read(String sessionId) {
		return this.jdbc.sql("""
				SELECT position, question_id, question, ideal_answer, skill, difficulty, source, status, asked_at_ms,
				  answer_start_ms, answer_end_ms, follow_ups, hints
				FROM session_plan_questions WHERE session_id = :id ORDER BY position""")
			.param("id", sessionId)
			.query((rs, row) -> new PlanQuestion(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7), Status.valueOf(rs.getString(8)),
					nullableLong(rs, 9), nullableLong(rs, 10), nullableLong(rs, 11), rs.getInt(12), rs.getInt(13)))
			.list();
	}

	/** Why the interviewer ended the session's interview, if it did. */
	@Transactional(readOnly = true)
	public Optional<String> endReason(String sessionId) {
		return this.jdbc.sql("SELECT interview_end_reason FROM interview_sessions WHERE id = :id")
			.param("id", sessionId)
			.query((rs, row) -> Optional.ofNullable(rs.getString(1)))
			.optional()
			.flatMap((reason) -> reason);
	}

	private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
