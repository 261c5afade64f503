package ai.flo.interviewer.interview;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.livekit.LiveKitRooms;
import ai.flo.interviewer.shared.LogContext;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Live sessions whose agent went quiet (its worker crashed or stopped, its connection to
 * the room dropped): when the candidate is still in the room, our agent is dispatched
 * again and carries the interview on from its stored progress; when nobody is there any
 * more for longer than the rejoin grace, the session ENDS with the reason, and is
 * analysed like any other. LiveKit's server does not give a dead worker's job to another
 * worker by itself (and answers nothing about a room it cannot be asked about: then
 * nothing is changed). A session not started yet whose candidate has been in the room for
 * a quiet period with no agent (the room's dispatch found no worker that could take it:
 * all full, or none running, and LiveKit does not try again) is LIVE from then on, as
 * LiveKit's webhook would have made it, and our agent is dispatched. A durable job, once
 * per period however many workers schedule it.
 */
@Component
class SessionReconciler implements JobHandler {

	static final String TYPE = "interview.reconcile";

	private static final Logger log = LoggerFactory.getLogger(SessionReconciler.class);

	private final JdbcClient jdbc;

	private final LiveKitRooms rooms;

	private final SessionService sessions;

	private final InterviewProperties properties;

	private final JobQueue jobs;

	private final JsonMapper json;

	private final Clock clock;

	SessionReconciler(JdbcClient jdbc, LiveKitRooms rooms, SessionService sessions, InterviewProperties properties,
			JobQueue jobs, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.rooms = rooms;
		this.sessions = sessions;
		this.properties = properties;
		this.jobs = jobs;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public boolean routine() {
		return true;
	}

	/** A live session whose agent is quiet; the agent's identity in the room if known. */
	record Quiet(String id, String interviewId, String recordId, boolean practice, int lengthMinutes, long quietSince,
			String agentIdentity) {
	}

	@Override
	public String run(JobContext context) {
		long now = this.clock.millis();
		long quietAfter = this.properties.agentQuietAfter().toMillis();
		int redispatched = 0;
		int ended = 0;
		for (Quiet session : quiet("LIVE", now - quietAfter, Long.MIN_VALUE)) {
			try (LogContext ids = LogContext.of("session.id", session.id())) {
				String room = "interview-" + session.id();
				LiveKitRooms.Presence presence = this.rooms.presence(room);
				if (!presence.answered()) {
					continue;
				}
				// The quiet agent itself may still be listed: LiveKit keeps a participant
				// whose
				// process died until its connection times out. Any other agent is alive.
				List<String> agents = presence.agents();
				boolean onlyTheQuietOne = !agents.isEmpty()
						&& agents.stream().allMatch((a) -> a.equals(session.agentIdentity()));
				if (!agents.isEmpty() && !onlyTheQuietOne) {
					continue;
				}
				boolean candidateThere = presence.has("candidate-" + session.id());
				if (candidateThere) {
					if (onlyTheQuietOne) {
						log.info("Session {}: its agent {} is quiet but still listed in the room: removed",
								session.id(), session.agentIdentity());
						this.rooms.remove(room, session.agentIdentity());
					}
					redispatch(session, now, "its agent went quiet with the candidate still there");
					redispatched++;
				}
				else if (now - session.quietSince() > quietAfter + this.properties.rejoinGrace().toMillis()) {
					log.info("Session {}: no agent and no candidate since {} s ago: it ends", session.id(),
							(now - session.quietSince()) / 1000);
					this.sessions.ended(session.id());
					ended++;
				}
			}
		}
		// Not started yet: only while the candidate's token may still bring them in.
		for (Quiet session : quiet("CREATED", now - quietAfter, now - this.properties.tokenValidity().toMillis())) {
			try (LogContext ids = LogContext.of("session.id", session.id())) {
				LiveKitRooms.Presence presence = this.rooms.presence("interview-" + session.id());
				if (presence.answered() && presence.agents().isEmpty() && presence.has("candidate-" + session.id())) {
					this.sessions.candidateJoined(session.id());
					redispatch(session, now, "the candidate is in the room and no agent came");
					redispatched++;
				}
			}
		}
		schedule(now / this.properties.reconcileEvery().toMillis() + 1);
		// A pass every few seconds: keep an hour of them.
		this.jobs.forgetFinished(TYPE, this.clock.instant().minus(Duration.ofHours(1)));
		return "{\"redispatched\":" + redispatched + ",\"ended\":" + ended + "}";
	}

	private void redispatch(Quiet session, long now, String why) {
		try {
			this.rooms.dispatch("interview-" + session.id(), InterviewService.dispatchMetadata(this.json, session.id(),
					session.interviewId(), session.recordId(), session.practice(), session.lengthMinutes()));
			// The new agent has until the next quiet period to say it is alive.
			this.jdbc.sql("UPDATE interview_sessions SET agent_seen_at = :now WHERE id = :id")
				.param("now", now)
				.param("id", session.id())
				.update();
			log.info("Session {}: {}: dispatched our agent", session.id(), why);
		}
		catch (RuntimeException ex) {
			log.warn("Session {}: dispatching another agent failed: {}", session.id(), ex.getMessage());
		}
	}

	/**
	 * Sessions in {@code status} with no sign of an agent since before {@code before},
	 * created after {@code createdAfter}.
	 */
	private List<Quiet> quiet(String status, long before, long createdAfter) {
		return this.jdbc.sql("""
				SELECT s.id, s.interview_id, i.record_id, s.practice, i.length_minutes,
				  COALESCE(s.agent_seen_at, s.started_at, s.created_at) AS quiet_since, s.agent_identity
				FROM interview_sessions s JOIN interviews i ON i.id = s.interview_id
				WHERE s.status = :status AND COALESCE(s.agent_seen_at, s.started_at, s.created_at) < :before
				  AND s.created_at > :after""")
			.param("status", status)
			.param("before", before)
			.param("after", createdAfter)
			.query((rs, row) -> new Quiet(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
					rs.getInt(5), rs.getLong(6), rs.getString(7)))
			.list();
	}

	/** Schedules the current period's pass, unless it is scheduled or done already. */
	void scheduleCurrent() {
		schedule(this.clock.millis() / this.properties.reconcileEvery().toMillis());
	}

	private void schedule(long period) {
		long at = period * this.properties.reconcileEvery().toMillis();
		this.jobs.enqueueOnce("reconcile-" + period, TYPE, "{}",
				Duration.ofMillis(Math.max(0, at - this.clock.millis())));
	}

}
