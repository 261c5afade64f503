package ai.flo.interviewer.interview;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ai.flo.interviewer.access.AdminAccess;
import ai.flo.interviewer.shared.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sessions: who may see them, their lifecycle, their transcript and proctoring record.
 */
@Service
class SessionService {

	private static final Logger log = LoggerFactory.getLogger(SessionService.class);

	static final int MAX_EVENTS_PER_SESSION = 5_000;

	static final int MAX_DETAIL = 200;

	private final InterviewSessionRepository sessions;

	private final SessionTranscripts transcripts;

	// Absent in the worker role, which serves no API.
	private final org.springframework.beans.factory.ObjectProvider<AdminAccess> admin;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	SessionService(InterviewSessionRepository sessions, SessionTranscripts transcripts,
			org.springframework.beans.factory.ObjectProvider<AdminAccess> admin, JdbcClient jdbc, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.sessions = sessions;
		this.transcripts = transcripts;
		this.admin = admin;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Admin key, or the token handed out when this very session was created. */
	void authorize(String sessionId, String authorization, boolean adminOnly) {
		AdminAccess adminAccess = this.admin.getIfAvailable();
		if (adminAccess != null && adminAccess.isAdmin(authorization)) {
			return;
		}
		String token = AdminAccess.bearer(authorization);
		if (!adminOnly && token != null) {
			InterviewSession session = this.sessions.findById(sessionId).orElse(null);
			if (session != null && session.tokenMatches(AccessCodes.digest(token))) {
				return;
			}
		}
		throw new SessionProblem.Unauthorized();
	}

	@Transactional(readOnly = true)
	Views.SessionView get(String id) {
		return session(id).view();
	}

	@Transactional(readOnly = true)
	List<Views.TranscriptEntry> transcript(String id) {
		session(id);
		return this.transcripts.read(id);
	}

	record Event(ProctoringType type, Instant at, Long durationMs, String detail) {
	}

	/** Stores a batch of proctoring events, all or none. */
	@Transactional
	int record(String id, List<Event> events) {
		InterviewSession session = session(id);
		if (!session.open()) {
			throw new SessionProblem.Closed(id, session.status());
		}
		int stored = this.jdbc.sql("SELECT COUNT(*) FROM proctoring_events WHERE session_id = :id")
			.param("id", id)
			.query(Integer.class)
			.single();
		if (stored + events.size() > MAX_EVENTS_PER_SESSION) {
			throw new SessionProblem.TooManyEvents(MAX_EVENTS_PER_SESSION);
		}
		long now = this.clock.millis();
		for (Event event : events) {
			String detail = event.detail();
			if (detail != null && detail.length() > MAX_DETAIL) {
				detail = detail.substring(0, MAX_DETAIL - 1) + "…";
			}
			this.jdbc.sql("""
					INSERT INTO proctoring_events (id, session_id, type, occurred_at, received_at, duration_ms, detail)
					VALUES (:id, :session, :type, :at, :now, :duration, :detail)""")
				.param("id", UUID.randomUUID().toString())
				.param("session", id)
				.param("type", event.type().name())
				.param("at", (event.at() != null) ? event.at().toEpochMilli() : now)
				.param("now", now)
				.param("duration", event.durationMs())
				.param("detail", detail)
				.update();
		}
		return stored + events.size();
	}

	/** The sessions candidates started with an interview, newest first. */
	@Transactional(readOnly = true)
	List<Views.SessionView> ofInterview(String interviewId, int limit) {
		return this.sessions.findByInterviewIdOrderByCreatedAtDesc(interviewId, limit)
			.stream()
			.map(InterviewSession::view)
			.toList();
	}

	/** The proctoring events a session's front end sent, in the order they happened. */
	@Transactional(readOnly = true)
	List<Views.ProctoringEvent> events(String id) {
		session(id);
		return this.jdbc.sql("""
				SELECT type, occurred_at, received_at, duration_ms, detail FROM proctoring_events
				WHERE session_id = :id ORDER BY occurred_at, received_at, id""").param("id", id).query((rs, row) -> {
			long millis = rs.getLong(4);
			Long duration = rs.wasNull() ? null : millis;
			return new Views.ProctoringEvent(ProctoringType.valueOf(rs.getString(1)),
					Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)), duration,
					rs.getString(5));
		}).list();
	}

	@Transactional(readOnly = true)
	Views.Integrity integrity(String id) {
		session(id);
		Map<ProctoringType, Integer> counts = new EnumMap<>(ProctoringType.class);
		this.jdbc.sql("SELECT type, COUNT(*) FROM proctoring_events WHERE session_id = :id GROUP BY type")
			.param("id", id)
			.query((rs, row) -> Map.entry(ProctoringType.valueOf(rs.getString(1)), rs.getInt(2)))
			.list()
			.forEach((e) -> counts.put(e.getKey(), e.getValue()));
		int score = 100;
		int total = 0;
		List<Views.IntegrityItem> breakdown = new ArrayList<>();
		for (ProctoringType type : ProctoringType.values()) {
			int count = counts.getOrDefault(type, 0);
			int penalty = Math.min(type.cap, count * type.points);
			score -= penalty;
			total += count;
			breakdown.add(new Views.IntegrityItem(type, count, penalty, type.cap));
		}
		return new Views.Integrity(Math.max(0, score), total, breakdown);
	}

	/** LiveKit says the candidate joined: LIVE. Idempotent. */
	@Transactional
	void candidateJoined(String id) {
		try (LogContext ids = LogContext.of("session.id", id)) {
			this.sessions.findById(id).ifPresent((s) -> {
				if (s.live(this.clock.instant())) {
					this.sessions.save(s);
					log.info("Session {} is LIVE", id);
					this.events.publishEvent(new SessionStarted(id, s.interviewId(), s.practice()));
				}
			});
		}
	}

	/** The candidate left or the room closed: ENDED. Idempotent. */
	@Transactional
	void ended(String id) {
		try (LogContext ids = LogContext.of("session.id", id)) {
			this.sessions.findById(id).ifPresent((s) -> {
				if (s.ended(this.clock.instant())) {
					this.sessions.save(s);
					log.info("Session {} ENDED", id);
					this.events.publishEvent(new SessionEnded(id, s.interviewId(), s.practice()));
				}
			});
		}
	}

	/**
	 * The candidate left on purpose: a session that is on ends now (one not started yet
	 * too: nothing was said). Idempotent.
	 */
	@Transactional
	void leave(String id) {
		session(id);
		log.info("Session {}: the candidate left on purpose", id);
		ended(id);
	}

	/** The ended session's analysis moved on. Idempotent. */
	@Transactional
	void analysis(String id, SessionRecords.AnalysisState state, String reason) {
		this.sessions.findById(id).filter((s) -> s.analysis(state, reason)).ifPresent(this.sessions::save);
	}

	private InterviewSession session(String id) {
		return this.sessions.findById(id).orElseThrow(() -> new InterviewProblem.NotFound("session", id));
	}

}
