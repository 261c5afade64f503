package ai.flo.interviewer.interview;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.hiring.RecordErasing;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.livekit.LiveKitRooms;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Erasure;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes sessions, interviews and a candidate's data: first what other modules hold
 * about the sessions ({@link SessionsErasing}: analyses, voice turns), then the session
 * rows with their transcripts, proctoring events and resume questions, and their files
 * ({@code interview_data/<session>/}, the recording). Running work is stopped first: the
 * session's jobs are cancelled and its room closed, which disconnects the interviewer.
 */
@Component
class InterviewErasure {

	private static final Logger log = LoggerFactory.getLogger(InterviewErasure.class);

	private final JdbcClient jdbc;

	private final JobQueue jobs;

	private final LiveKitRooms rooms;

	private final DataFolders folders;

	private final ApplicationEventPublisher events;

	InterviewErasure(JdbcClient jdbc, JobQueue jobs, LiveKitRooms rooms, DataFolders folders,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.rooms = rooms;
		this.folders = folders;
		this.events = events;
	}

	/**
	 * Deletes sessions and all they hold; their files are registered with the erasure.
	 */
	@Transactional
	void sessions(List<String> ids, Erasure erasure) {
		if (ids.isEmpty()) {
			return;
		}
		for (String id : ids) {
			this.jobs.cancel("sessionId", id);
			String status = this.jdbc.sql("SELECT status FROM interview_sessions WHERE id = :id")
				.param("id", id)
				.query(String.class)
				.optional()
				.orElse("");
			if (status.equals("CREATED") || status.equals("LIVE")) {
				boolean closed = this.rooms.close("interview-" + id);
				log.info("Session {} is being deleted while {}: its room {}", id, status,
						closed ? "was closed" : "could not be closed (it closes when empty)");
			}
		}
		this.events.publishEvent(new SessionsErasing(List.copyOf(ids), erasure));
		for (String table : List.of("transcript_entries", "proctoring_events", "session_questions",
				"session_plan_questions")) {
			int removed = 0;
			for (String id : ids) {
				removed += this.jdbc.sql("DELETE FROM " + table + " WHERE session_id = :id").param("id", id).update();
			}
			erasure.rows(table.replace('_', ' '), removed);
		}
		int sessions = 0;
		for (String id : ids) {
			sessions += this.jdbc.sql("DELETE FROM interview_sessions WHERE id = :id").param("id", id).update();
			erasure.files(this.folders.interviewData().resolve(id));
		}
		erasure.rows("sessions", sessions);
	}

	/** Deletes an interview, its sessions and all they hold. */
	@Transactional
	boolean interview(String id, Erasure erasure) {
		sessions(this.jdbc.sql("SELECT id FROM interview_sessions WHERE interview_id = :id")
			.param("id", id)
			.query(String.class)
			.list(), erasure);
		int removed = this.jdbc.sql("DELETE FROM interviews WHERE id = :id").param("id", id).update();
		erasure.rows("interviews", removed);
		return removed > 0;
	}

	/** A record is being deleted: its interviews go with it. */
	@EventListener
	void recordErasing(RecordErasing event) {
		for (String interview : this.jdbc.sql("SELECT id FROM interviews WHERE record_id = :id")
			.param("id", event.recordId())
			.query(String.class)
			.list()) {
			interview(interview, event.erasure());
		}
	}

	/**
	 * Every session of one candidate: those with the email, or with the same email as the
	 * given session (that session alone when it has none).
	 * @return the sessions found
	 */
	@Transactional
	List<String> candidate(String email, String sessionId, Erasure erasure) {
		String address = (email != null) ? email.strip().toLowerCase(Locale.ROOT) : null;
		List<String> ids = new ArrayList<>();
		if (address == null && sessionId != null) {
			address = this.jdbc.sql("SELECT candidate_email FROM interview_sessions WHERE id = :id")
				.param("id", sessionId)
				.query(String.class)
				.optional()
				.orElse(null);
			if (address == null) {
				ids.addAll(this.jdbc.sql("SELECT id FROM interview_sessions WHERE id = :id")
					.param("id", sessionId)
					.query(String.class)
					.list());
			}
		}
		if (address != null) {
			ids.addAll(this.jdbc.sql("SELECT id FROM interview_sessions WHERE candidate_email = :email")
				.param("email", address)
				.query(String.class)
				.list());
		}
		sessions(ids, erasure);
		return ids;
	}

}
