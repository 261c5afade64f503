package ai.flo.interviewer.interview;

import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.shared.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows of {@code interview_sessions}, the columns {@link InterviewSession} holds.
 * Other columns of the table (the agent's presence, why the interview ended) are written
 * by their own statements elsewhere; {@link #save} leaves them alone.
 */
@Repository
class InterviewSessionRepository {

	private final JdbcClient jdbc;

	InterviewSessionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<InterviewSession> findById(String id) {
		return this.jdbc.sql("SELECT * FROM interview_sessions WHERE id = :id")
			.param("id", id)
			.query((rs, row) -> InterviewSession.read(rs))
			.optional();
	}

	/** The interview's sessions, newest first, at most {@code limit}. */
	List<InterviewSession> findByInterviewIdOrderByCreatedAtDesc(String interviewId, int limit) {
		return this.jdbc.sql(
				"SELECT * FROM interview_sessions WHERE interview_id = :interview ORDER BY created_at DESC, id LIMIT :limit")
			.param("interview", interviewId)
			.param("limit", limit)
			.query((rs, row) -> InterviewSession.read(rs))
			.list();
	}

	/** Inserts the session, or updates the columns it holds when it exists. */
	InterviewSession save(InterviewSession session) {
		Rows.upsert(this.jdbc, "interview_sessions", session.columns());
		return session;
	}

}
