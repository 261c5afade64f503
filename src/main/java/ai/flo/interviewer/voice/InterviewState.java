package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.flo.interviewer.interview.SessionPlans;
import ai.flo.interviewer.llm.Conversation;

/**
 * Where the interview stands, by a real clock: the question being discussed, its
 * follow-ups and hints, how much time is left for it and for the interview, why it ended,
 * and the conversation so far (what the model reads each turn). The model's tool calls
 * move this state; when time runs out, our code moves it.
 * <p>
 * Apart from the clock's origin (a {@code System.nanoTime()} of this process) everything
 * here is plain data, times counted from the start of the interview: what another process
 * would need to carry on.
 */
final class InterviewState {

	/** Time kept for the closing words. */
	static final Duration CLOSING = Duration.ofSeconds(45);

	private final InterviewPlan plan;

	private final int maxFollowUps;

	private final int maxHints;

	private final long startNanos;

	private final List<Conversation.Message> history = new ArrayList<>();

	private int index = -1;

	/**
	 * When the current question was asked, in interview time (from the start, pauses not
	 * counted).
	 */
	private Duration questionStart = Duration.ZERO;

	/** Time the interview stood still: the candidate was away and came back. */
	private Duration paused = Duration.ZERO;

	private int followUps;

	private int hints;

	private EndReason endReason;

	/** Answers given so far (each numbers a row of the turn log). */
	private int turns;

	/**
	 * When this process asked the current question, on the transcript's clock
	 * ({@code null}: asked by an agent before it).
	 */
	private Long askedAtMs;

	/**
	 * The candidate's answer to the current question heard here: first start, last end.
	 */
	private Long answerStartMs;

	private Long answerEndMs;

	/** Questions left since the plan's record was last written. */
	private final List<SessionPlans.Progress> left = new ArrayList<>();

	InterviewState(InterviewPlan plan, int maxFollowUps, int maxHints, long startNanos) {
		this.plan = plan;
		this.maxFollowUps = maxFollowUps;
		this.maxHints = maxHints;
		this.startNanos = startNanos;
	}

	/**
	 * Everything but the clock's origin, as plain data: what is stored after every turn,
	 * and what another process resumes from.
	 */
	record Snapshot(int index, long questionStartMs, int followUps, int hints, int turns, long elapsedMs, long pausedMs,
			EndReason endReason, List<Conversation.Message> history) {
	}

	Snapshot snapshot(long nowNanos) {
		return new Snapshot(this.index, this.questionStart.toMillis(), this.followUps, this.hints, this.turns,
				elapsed(nowNanos).toMillis(), this.paused.toMillis(), this.endReason, List.copyOf(this.history));
	}

	/**
	 * The state of an interview resumed from {@code snapshot}, on a clock whose origin is
	 * {@code startNanos} (now, less the interview's elapsed time: one clock across
	 * processes).
	 */
	static InterviewState resume(InterviewPlan plan, Snapshot snapshot, int maxFollowUps, int maxHints,
			long startNanos) {
		InterviewState state = new InterviewState(plan, maxFollowUps, maxHints, startNanos);
		state.index = snapshot.index();
		state.questionStart = Duration.ofMillis(snapshot.questionStartMs());
		state.followUps = snapshot.followUps();
		state.hints = snapshot.hints();
		state.turns = snapshot.turns();
		state.paused = Duration.ofMillis(snapshot.pausedMs());
		state.endReason = snapshot.endReason();
		state.history.addAll(snapshot.history());
		return state;
	}

	/** Whether a question has been asked: a resumed interview, not a new one. */
	boolean started() {
		return this.index >= 0;
	}

	/** Numbers the next answer. */
	int nextTurn() {
		return ++this.turns;
	}

	/** The number of the latest answer. */
	int turns() {
		return this.turns;
	}

	InterviewPlan plan() {
		return this.plan;
	}

	/** The question being discussed, if one has been asked. */
	Optional<InterviewPlan.Item> current() {
		return (this.index >= 0 && this.index < this.plan.items().size())
				? Optional.of(this.plan.items().get(this.index)) : Optional.empty();
	}

	int index() {
		return this.index;
	}

	/** Moves to the next planned question; empty when the plan is done. */
	Optional<InterviewPlan.Item> next(long nowNanos) {
		if (current().isPresent()) {
			this.left.add(progressOfCurrent());
		}
		this.askedAtMs = elapsed(nowNanos).toMillis();
		this.answerStartMs = null;
		this.answerEndMs = null;
		this.index++;
		this.followUps = 0;
		this.hints = 0;
		this.questionStart = interviewTime(nowNanos);
		return current();
	}

	/**
	 * The candidate spoke from {@code startMs} to {@code endMs} (the transcript's clock)
	 * on the current question.
	 */
	void heard(long startMs, long endMs) {
		if (current().isEmpty()) {
			return;
		}
		this.answerStartMs = (this.answerStartMs == null) ? startMs : Math.min(this.answerStartMs, startMs);
		this.answerEndMs = (this.answerEndMs == null) ? endMs : Math.max(this.answerEndMs, endMs);
	}

	/**
	 * What happened to the plan's questions since this was last asked: the questions left
	 * meanwhile and the current one, for the session's record of its plan.
	 */
	List<SessionPlans.Progress> planProgress() {
		List<SessionPlans.Progress> progress = new ArrayList<>(this.left);
		this.left.clear();
		if (current().isPresent()) {
			progress.add(progressOfCurrent());
		}
		return progress;
	}

	private SessionPlans.Progress progressOfCurrent() {
		return new SessionPlans.Progress(this.index, this.askedAtMs, this.followUps, this.hints, this.answerStartMs,
				this.answerEndMs);
	}

	/** Counts a follow-up; false when the question has used its follow-ups. */
	boolean followUp() {
		if (this.followUps >= this.maxFollowUps) {
			return false;
		}
		this.followUps++;
		return true;
	}

	/** Counts a hint; false when the question has used its hints. */
	boolean hint() {
		if (this.hints >= this.maxHints) {
			return false;
		}
		this.hints++;
		return true;
	}

	int followUps() {
		return this.followUps;
	}

	int hints() {
		return this.hints;
	}

	int followUpsLeft() {
		return Math.max(0, this.maxFollowUps - this.followUps);
	}

	int hintsLeft() {
		return Math.max(0, this.maxHints - this.hints);
	}

	Duration elapsed(long nowNanos) {
		return Duration.ofNanos(nowNanos - this.startNanos);
	}

	/**
	 * The interview's own time: from its start, less the time it stood still while the
	 * candidate was away.
	 */
	Duration interviewTime(long nowNanos) {
		return elapsed(nowNanos).minus(this.paused);
	}

	/** The candidate was away this long and is back: the interview's time stood still. */
	void pause(Duration away) {
		this.paused = this.paused.plus(away);
	}

	/** Time left before the closing must begin. */
	Duration remaining(long nowNanos) {
		return this.plan.length().minus(CLOSING).minus(interviewTime(nowNanos));
	}

	/** Whether the interview's time is up (the closing must begin). */
	boolean timeUp(long nowNanos) {
		return remaining(nowNanos).isNegative() || remaining(nowNanos).isZero();
	}

	/** Whether the current question has used its time budget. */
	boolean questionTimeUp(long nowNanos) {
		return current().map((item) -> interviewTime(nowNanos).minus(this.questionStart).compareTo(item.budget()) >= 0)
			.orElse(false);
	}

	/** Ends the interview; the first reason given stays. */
	void end(EndReason reason) {
		if (this.endReason == null) {
			this.endReason = reason;
		}
	}

	boolean ended() {
		return this.endReason != null;
	}

	EndReason endReason() {
		return this.endReason;
	}

	/**
	 * Adds to the conversation: what the candidate said, the model's turns, tool results.
	 */
	void add(Conversation.Message message) {
		this.history.add(message);
	}

	/** The conversation so far under the given instructions. */
	Conversation conversation(String system) {
		return new Conversation(system, this.history);
	}

}
