package ai.flo.interviewer.voice;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.shared.LogContext;

/**
 * One agent's charge of a live session: taken when the agent starts (the newest agent
 * wins: one dispatched to carry the interview on replaces one that finds its room again
 * late), kept by a heartbeat every few seconds (which the reconciler reads), and lost
 * when another agent has taken the session over. An agent that lost its charge leaves the
 * interview to the other without a word, and stores nothing more of its progress.
 */
final class AgentCharge implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AgentCharge.class);

	private final SessionRecords sessions;

	private final String sessionId;

	private final String agent;

	private final AtomicBoolean lost = new AtomicBoolean();

	private final ScheduledExecutorService heartbeat;

	private AgentCharge(SessionRecords sessions, String sessionId, String agent, long everyMs) {
		this.sessions = sessions;
		this.sessionId = sessionId;
		this.agent = agent;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor(LogContext.threads("alive-" + agent, true));
		this.heartbeat.scheduleWithFixedDelay(this::stillMine, everyMs, everyMs, TimeUnit.MILLISECONDS);
	}

	/** Takes charge of the session as {@code agent} (its identity in the room). */
	static AgentCharge take(SessionRecords sessions, String sessionId, String agent, long heartbeatMs) {
		sessions.claim(sessionId, agent);
		return new AgentCharge(sessions, sessionId, agent, heartbeatMs);
	}

	/**
	 * Says this agent is alive, if it is still in charge: whether it is (once lost, lost
	 * for good).
	 */
	boolean stillMine() {
		if (this.lost.get()) {
			return false;
		}
		if (!this.sessions.agentAlive(this.sessionId, this.agent)) {
			log.warn("Agent {}: another agent has taken session {} over: this one leaves it", this.agent,
					this.sessionId);
			this.lost.set(true);
			return false;
		}
		return true;
	}

	/** Whether another agent took the session over. */
	boolean lost() {
		return this.lost.get();
	}

	@Override
	public void close() {
		this.heartbeat.shutdownNow();
	}

}
