package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.shared.LogContext;

/**
 * The agent's state as LiveKit's front ends read it: the agent participant's attribute
 * {@code lk.agent.state}, as LiveKit's own agents set it ({@code ATTRIBUTE_AGENT_STATE}
 * in livekit-agents' {@code types.py}; read by components-js' {@code useVoiceAssistant}
 * and our candidate page). Set from any thread without waiting: a thread of its own
 * publishes it, and only the latest state counts. Beside it, {@value #TIME_LEFT}: the
 * interview's time left when it was published (ms), for the candidate page's clock, which
 * stands still while the interview does (the candidate away) and is set again when it
 * goes on.
 */
final class AgentState implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AgentState.class);

	static final String ATTRIBUTE = "lk.agent.state";

	static final String TIME_LEFT = "flo.interview.time_left_ms";

	/**
	 * The states, as LiveKit's agents name them ({@code idle} is not used: our agent is
	 * always listening when it is not thinking or speaking).
	 */
	enum State {

		/** Joined, not yet conducting the interview. */
		INITIALIZING,
		/** Waiting for the candidate's words. */
		LISTENING,
		/** The candidate's turn is over; the answer is being written. */
		THINKING,
		/** The agent's voice is playing. */
		SPEAKING;

		String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final Room room;

	private final ExecutorService thread;

	private final AtomicReference<State> wanted = new AtomicReference<>();

	private State published;

	private final AtomicReference<Long> wantedLeft = new AtomicReference<>();

	private Long publishedLeft;

	/** Publishes {@link State#INITIALIZING} at once. */
	AgentState(Room room) {
		this.room = room;
		this.thread = Executors.newSingleThreadExecutor(LogContext.threads("agent-state-" + room.name(), true));
		set(State.INITIALIZING);
	}

	/** The state now (what was last set; it reaches the room a moment later). */
	State current() {
		return this.wanted.get();
	}

	void set(State state) {
		if (this.wanted.getAndSet(state) != state) {
			publishSoon();
		}
	}

	/** The interview's time left now (published with the state). */
	void timeLeft(Duration left) {
		this.wantedLeft.set(Math.max(0, left.toMillis()));
		publishSoon();
	}

	private void publishSoon() {
		try {
			this.thread.execute(this::publish);
		}
		catch (RejectedExecutionException ex) {
			// Closed: the agent is leaving.
		}
	}

	private void publish() {
		State now = this.wanted.get();
		Long left = this.wantedLeft.get();
		if ((now == this.published && (left == null || left.equals(this.publishedLeft))) || !this.room.isConnected()) {
			return;
		}
		// Both, whichever changed: the attributes stay whole however an update is
		// applied.
		Map<String, String> attributes = new HashMap<>();
		attributes.put(ATTRIBUTE, now.wire());
		if (left != null) {
			attributes.put(TIME_LEFT, Long.toString(left));
		}
		try {
			this.room.setAttributes(attributes);
			this.published = now;
			this.publishedLeft = left;
		}
		catch (RuntimeException ex) {
			log.debug("Agent attributes {} not published: {}", attributes, ex.getMessage());
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.thread.shutdown();
		if (!this.thread.awaitTermination(2, TimeUnit.SECONDS)) {
			this.thread.shutdownNow();
		}
	}

}
