package ai.flo.interviewer.interview;

import java.util.List;
import java.util.Optional;

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
		this.jdbc.sql("""
				INSERT INTO interview_sessions (id, interview_id, candidate_name, resume_text, practice, room_name,
				  token_digest, status, failure, created_at, started_at, ended_at, resume_questions_status,
				  resume_questions_failure, candidate_email, consent_version, consented_at)
				VALUES (:id, :interview_id, :candidate_name, :resume_text, :practice, :room_name,
				  :token_digest, :status, :failure, :created_at, :started_at, :ended_at, :resume_questions_status,
				  :resume_questions_failure, :candidate_email, :consent_version, :consented_at)
				ON CONFLICT (id) DO UPDATE SET interview_id = excluded.interview_id,
				  candidate_name = excluded.candidate_name, resume_text = excluded.resume_text,
				  practice = excluded.practice, room_name = excluded.room_name, token_digest = excluded.token_digest,
				  status = excluded.status, failure = excluded.failure, created_at = excluded.created_at,
				  started_at = excluded.started_at, ended_at = excluded.ended_at,
				  resume_questions_status = excluded.resume_questions_status,
				  resume_questions_failure = excluded.resume_questions_failure,
				  candidate_email = excluded.candidate_email, consent_version = excluded.consent_version,
				  consented_at = excluded.consented_at""").params(session.columns()).update();
		return session;
	}

}
