package ai.flo.interviewer.agent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.RoomListener;

/**
 * One dispatched job as its handler sees it: the joined room, the dispatch's metadata,
 * the first non-agent participant (the candidate), and whether LiveKit asked the job to
 * end.
 */
public final class AgentJob implements RoomListener {

	private final String id;

	private final String roomName;

	private final String metadata;

	private final CountDownLatch ended = new CountDownLatch(1);

	private final AtomicReference<String> endReason = new AtomicReference<>();

	private final AtomicReference<End> end = new AtomicReference<>();

	/** Why a job ends, by who ended it. */
	public enum End {

		/** The candidate left the room. */
		CANDIDATE_LEFT,

		/** LiveKit terminated the job (its room or dispatch is gone). */
		TERMINATED,

		/**
		 * This worker stops (shutdown after the drain, a panic of the engine), or lost
		 * its connection to the room: the interview itself did not end, another agent may
		 * carry it on.
		 */
		AGENT_LOST

	}

	private final AtomicReference<Participant> candidate = new AtomicReference<>();

	private final CountDownLatch candidateJoined = new CountDownLatch(1);

	private volatile Room room;

	/**
	 * Whether the candidate leaving ends the job (by default), or only makes them away.
	 */
	private volatile boolean staysWhenCandidateLeaves;

	/** Since when the candidate is away ({@code System.nanoTime()}), 0 while present. */
	private volatile long awaySince;

	/**
	 * How many times the candidate joined: more than once when they came back, which may
	 * be without a departure seen first (a client that died silently, replaced by the
	 * same identity joining again).
	 */
	private final java.util.concurrent.atomic.AtomicInteger candidateArrivals = new java.util.concurrent.atomic.AtomicInteger();

	private final Object presence = new Object();

	AgentJob(String id, String roomName, String metadata) {
		this.id = id;
		this.roomName = roomName;
		this.metadata = metadata;
	}

	public String id() {
		return this.id;
	}

	public String roomName() {
		return this.roomName;
	}

	/** The dispatch's metadata (set by whoever created the room's token). */
	public String metadata() {
		return this.metadata;
	}

	public Room room() {
		return this.room;
	}

	void attach(Room room) {
		this.room = room;
		room.participants().stream().filter(AgentJob::isCandidate).findFirst().ifPresent(this::participantConnected);
	}

	/** Waits for the first participant that is not an agent. */
	public Optional<Participant> awaitCandidate(Duration timeout) throws InterruptedException {
		if (!this.candidateJoined.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.candidate.get());
	}

	/**
	 * Whether the job should end: LiveKit terminated it, the worker is stopping, or the
	 * candidate left.
	 */
	public boolean ended() {
		return this.ended.getCount() == 0;
	}

	/** Waits until {@link #ended()}; returns whether it did within {@code timeout}. */
	public boolean awaitEnd(Duration timeout) throws InterruptedException {
		return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	public String endReason() {
		return this.endReason.get();
	}

	/** Who ended the job, or null while it runs. */
	public End end() {
		return this.end.get();
	}

	void end(End kind, String reason) {
		if (this.end.compareAndSet(null, kind)) {
			this.endReason.set(reason);
		}
		this.ended.countDown();
	}

	/**
	 * The candidate leaving does not end the job: they may come back (a reloaded page, a
	 * lost connection); the handler decides how long to wait
	 * ({@link #awaitCandidateBack}).
	 */
	public void staysWhenCandidateLeaves() {
		this.staysWhenCandidateLeaves = true;
	}

	/**
	 * How many times the candidate joined the room so far: a change means they came back
	 * (with a new connection and new tracks).
	 */
	public int candidateArrivals() {
		return this.candidateArrivals.get();
	}

	/** Whether the candidate left and has not come back. */
	public boolean candidateAway() {
		return this.awaySince != 0;
	}

	/**
	 * Waits for the candidate to come back; their new participant, or empty when the
	 * timeout passed or the job ended first.
	 */
	public Optional<Participant> awaitCandidateBack(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.presence) {
			while (this.awaySince != 0 && !ended()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return Optional.empty();
				}
				this.presence.wait(Math.max(1, Math.min(500, left / 1_000_000)));
			}
		}
		return (this.awaySince == 0 && !ended()) ? Optional.ofNullable(this.candidate.get()) : Optional.empty();
	}

	@Override
	public void participantConnected(Participant participant) {
		if (!isCandidate(participant)) {
			return;
		}
		Participant previous = this.candidate.get();
		if (previous == null || previous.identity().equals(participant.identity())) {
			this.candidate.set(participant);
			synchronized (this.presence) {
				this.candidateArrivals.incrementAndGet();
				this.awaySince = 0;
				this.presence.notifyAll();
			}
			this.candidateJoined.countDown();
		}
	}

	@Override
	public void participantDisconnected(String identity, String reason) {
		Participant current = this.candidate.get();
		if (current != null && current.identity().equals(identity)) {
			if (this.staysWhenCandidateLeaves) {
				synchronized (this.presence) {
					this.awaySince = System.nanoTime();
					this.presence.notifyAll();
				}
			}
			else {
				end(End.CANDIDATE_LEFT, "the candidate left (" + reason + ")");
			}
		}
	}

	@Override
	public void disconnected(String reason) {
		end(End.AGENT_LOST, "the room connection ended (" + reason + ")");
	}

	private static boolean isCandidate(Participant participant) {
		return !"PARTICIPANT_KIND_AGENT".equals(participant.kind());
	}

}
