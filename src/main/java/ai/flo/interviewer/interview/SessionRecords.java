package ai.flo.interviewer.interview;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules may read of a session: who, for which record and role, and its
 * transcript.
 */
@Component
public class SessionRecords {

	private final JdbcClient jdbc;

	private final SessionTranscripts transcripts;

	private final SessionService sessions;

	SessionRecords(JdbcClient jdbc, SessionTranscripts transcripts, SessionService sessions) {
		this.jdbc = jdbc;
		this.transcripts = transcripts;
		this.sessions = sessions;
	}

	/** A session with its interview's record and role. */
	public record SessionInfo(String id, String interviewId, String recordId, String role, boolean practice,
			String candidateName, String status, int lengthMinutes, String skillLevel) {
	}

	/** A question drawn from this session's resume. */
	public record ResumeQuestion(String question, String idealAnswer, String difficulty) {
	}

	/** One turn of the transcript the server wrote. */
	public record Entry(int seq, String speaker, String text, long startMs, long endMs) {
	}

	@Transactional(readOnly = true)
	public Optional<SessionInfo> find(String sessionId) {
		return this.jdbc
			.sql("""
					SELECT s.id, s.interview_id, i.record_id, i.role, s.practice, s.candidate_name, s.status, i.length_minutes,
					  i.skill_level
					FROM interview_sessions s JOIN interviews i ON i.id = s.interview_id WHERE s.id = :id""")
			.param("id", sessionId)
			.query((rs, row) -> new SessionInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getInt(5) == 1, rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9)))
			.optional();
	}

	/** The candidate's consent, as the join stored it: the text's version, and when. */
	public record Consent(String version, java.time.Instant givenAt) {
	}

	/** The session's consent; empty when it has none stored (or no such session). */
	@Transactional(readOnly = true)
	public Optional<Consent> consent(String sessionId) {
		return this.jdbc.sql("SELECT consent_version, consented_at FROM interview_sessions WHERE id = :id")
			.param("id", sessionId)
			.query((rs, row) -> {
				String version = rs.getString(1);
				long at = rs.getLong(2);
				return (version == null || rs.wasNull()) ? null
						: new Consent(version, java.time.Instant.ofEpochMilli(at));
			})
			.optional();
	}

	/**
	 * Merges into the session's transcript the rows the interviewer could not write to
	 * the database and kept in the session's folder instead (see
	 * {@link SessionTranscripts}); then {@link #transcript} has them. Idempotent.
	 * @return how many rows were added
	 * @throws java.io.UncheckedIOException when they cannot be read
	 */
	public int mergeUnwrittenTranscript(String sessionId) {
		return this.transcripts.mergeUnwritten(sessionId);
	}

	@Transactional(readOnly = true)
	public List<Entry> transcript(String sessionId) {
		return this.transcripts.read(sessionId)
			.stream()
			.map((e) -> new Entry(e.seq(), e.speaker(), e.text(), e.startMs(), e.endMs()))
			.toList();
	}

	/**
	 * Where the session's analysis stands: ANALYSING, ANALYSED, or FAILED with the reason
	 * (only once it has ENDED).
	 */
	public enum AnalysisState {

		ANALYSING, ANALYSED, FAILED

	}

	/** The ended session's analysis moved on; through the session aggregate. */
	public void analysis(String sessionId, AnalysisState state, String reason) {
		this.sessions.analysis(sessionId, state, reason);
	}

	@Transactional(readOnly = true)
	public List<ResumeQuestion> resumeQuestions(String sessionId) {
		return this.jdbc.sql(
				"SELECT question, ideal_answer, difficulty FROM session_questions WHERE session_id = :id ORDER BY position")
			.param("id", sessionId)
			.query((rs, row) -> new ResumeQuestion(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	/**
	 * The interview is over (the interviewer left the room): ENDED, which queues its
	 * analysis. Idempotent.
	 */
	public void end(String sessionId) {
		this.sessions.ended(sessionId);
	}

	/**
	 * The candidate is in the room and the interview started: LIVE (also set by LiveKit's
	 * webhook). Idempotent.
	 */
	public void live(String sessionId) {
		this.sessions.candidateJoined(sessionId);
	}

	/**
	 * An agent takes charge of the live session (the newest one wins: an agent dispatched
	 * to carry the interview on replaces one that may come back to the room late).
	 */
	public void claim(String sessionId, String agentIdentity) {
		this.jdbc.sql("UPDATE interview_sessions SET agent_seen_at = :now, agent_identity = :agent WHERE id = :id")
			.param("id", sessionId)
			.param("agent", agentIdentity)
			.param("now", System.currentTimeMillis())
			.update();
	}

	/**
	 * The agent in charge of the live session is alive (every few seconds): a LIVE
	 * session whose agent went quiet is carried on by another agent, or ended
	 * ({@code SessionReconciler}). False when another agent has taken charge since: this
	 * one should leave the interview to it.
	 */
	public boolean agentAlive(String sessionId, String agentIdentity) {
		return this.jdbc
			.sql("UPDATE interview_sessions SET agent_seen_at = :now WHERE id = :id AND agent_identity = :agent")
			.param("id", sessionId)
			.param("agent", agentIdentity)
			.param("now", System.currentTimeMillis())
			.update() == 1;
	}

	/**
	 * Whether the session's interview is still to be held or under way (CREATED, LIVE).
	 */
	public boolean open(String sessionId) {
		return find(sessionId).map((s) -> s.status().equals("CREATED") || s.status().equals("LIVE")).orElse(false);
	}

	/**
	 * The session's proctoring integrity score (0 to 100) and how each kind of event the
	 * candidate's browser reported took from it: what {@code GET
	 * /api/sessions/{id}/integrity} answers.
	 *
	 * @param score 100 less the penalties
	 * @param events the events counted
	 * @param breakdown one line per kind of event
	 */
	public record Integrity(int score, int events, List<IntegrityItem> breakdown) {
	}

	/**
	 * @param type the kind of event (TAB_HIDDEN, PASTE, ...)
	 * @param count how many were reported
	 * @param pointsEach what one costs
	 * @param penalty what they cost together, at most {@code cap}
	 * @param cap the most this kind can take
	 */
	public record IntegrityItem(String type, int count, int pointsEach, int penalty, int cap) {
	}

	/** The integrity score of a session and its breakdown. */
	public Integrity integrity(String sessionId) {
		Views.Integrity integrity = this.sessions.integrity(sessionId);
		return new Integrity(integrity.score(), integrity.events(),
				integrity.breakdown()
					.stream()
					.map((i) -> new IntegrityItem(i.type().name(), i.count(), i.type().points, i.penalty(), i.cap()))
					.toList());
	}

	/** Whether the authorization is an admin key or this session's own token. */
	public boolean readableBy(String sessionId, String authorization) {
		try {
			this.sessions.authorize(sessionId, authorization, false);
			return true;
		}
		catch (SessionProblem.Unauthorized ex) {
			return false;
		}
	}

}
