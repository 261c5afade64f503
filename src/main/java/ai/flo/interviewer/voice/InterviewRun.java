package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.llm.Conversation;

/**
 * One interview in one room, from greeting to goodbye. The job's thread runs the
 * conversation: it waits for the candidate's turn ({@link TurnTaking}: end of turn after
 * a silence, longer when the words look unfinished; transcribed), lets the LLM answer as
 * the interviewer ({@link Interviewer}: its tool calls move the plan), speaks the answer
 * sentence by sentence ({@link Voice}), and keeps time. The plan, not the model, moves on
 * when a question's time is up, and the interview closes when its length is reached.
 * Silence gets a nudge, the question once more, then a polite end ({@link SilenceWatch});
 * providers failing three times in a row end it too. What was said goes to the
 * {@link Transcript}, each answer's latencies to the {@link TurnLog}.
 */
final class InterviewRun {

	private static final Logger log = LoggerFactory.getLogger(InterviewRun.class);

	private static final int MAX_PROVIDER_FAILURES = 3;

	/**
	 * The longest wait for an answer's first audio (text-to-speech is slow, or broken).
	 */
	private static final Duration FIRST_AUDIO_WAIT = Duration.ofSeconds(20);

	/** The longest wait for the agent to finish speaking. */
	private static final long SPEECH_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(2);

	/**
	 * How often the time left is published besides when the interview starts or goes on.
	 */
	private static final long TIME_LEFT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final InterviewState state;

	private final TurnTaking turns;

	private final Interviewer interviewer;

	private final Voice voice;

	private final Transcript transcript;

	private final AgentState agentState;

	private final TurnLog turnLog;

	private final SilenceWatch silence;

	private final BooleanSupplier gone;

	/** Stores where the interview stands, after every turn. */
	private final Runnable checkpoint;

	private final Presence presence;

	/** Whether the candidate is in the room, and waiting for them when they left. */
	interface Presence {

		boolean away();

		/**
		 * Waits for the candidate to come back within the rejoin grace; whether they did
		 * (and are heard again).
		 */
		boolean awaitReturn() throws InterruptedException;

		/** A candidate who never leaves (tests). */
		Presence ALWAYS = new Presence() {

			@Override
			public boolean away() {
				return false;
			}

			@Override
			public boolean awaitReturn() {
				return true;
			}

		};

	}

	private int providerFailures;

	private long timeLeftPublishedNanos;

	/**
	 * @param gone whether the interview is over outside the conversation: the candidate
	 * left, LiveKit ended the job
	 */
	InterviewRun(InterviewState state, TurnTaking turns, Interviewer interviewer, Voice voice, Transcript transcript,
			AgentState agentState, TurnLog turnLog, VoiceProperties properties, BooleanSupplier gone, long startNanos,
			Runnable checkpoint, Presence presence) {
		this.checkpoint = checkpoint;
		this.presence = presence;
		this.state = state;
		this.turns = turns;
		this.interviewer = interviewer;
		this.voice = voice;
		this.transcript = transcript;
		this.agentState = agentState;
		this.turnLog = turnLog;
		this.silence = new SilenceWatch(properties.nudgeAfter(), properties.silenceEnd(), startNanos);
		this.gone = gone;
	}

	InterviewState state() {
		return this.state;
	}

	/** Runs the interview until it closes, the candidate leaves, or the job is ended. */
	void run() throws InterruptedException {
		publishTimeLeft();
		if (this.state.started()) {
			// Carried on after the agent went: back to where it stood.
			say(InterviewerPrompt.welcomeBack(this.state.plan().candidateName(),
					this.state.current().map(InterviewPlan.Item::question).orElse(null)), true);
		}
		else {
			String first = this.state.next(System.nanoTime()).map(InterviewPlan.Item::question).orElse(null);
			if (first == null) {
				this.state.end(EndReason.NOTHING_PLANNED);
			}
			say(InterviewerPrompt.greeting(this.state.plan(), first), true);
		}
		while (!this.gone.getAsBoolean() && !this.state.ended()) {
			if (this.presence.away()) {
				awaitReturn();
				continue;
			}
			TurnTaking.Outcome outcome = this.turns.next(this.transcript::candidateSoFar);
			if (this.gone.getAsBoolean() || this.state.ended()) {
				break;
			}
			if (outcome instanceof TurnTaking.Heard heard) {
				respond(heard);
			}
			else if (outcome instanceof TurnTaking.NotUnderstood failed) {
				log.warn("Session {}: speech-to-text failed: {}", sessionId(), failed.reason());
				providerTrouble(InterviewerPrompt.NOT_UNDERSTOOD);
			}
			else if (outcome instanceof TurnTaking.Silence quiet) {
				silence(quiet);
			}
			keepTime();
		}
		if (!this.gone.getAsBoolean() && this.state.endReason() != EndReason.CANDIDATE_LEFT) {
			say(InterviewerPrompt.closing(this.state.endReason(), this.state.plan().candidateName()), false);
		}
	}

	/**
	 * The candidate left (a lost connection, a reloaded page): the interview stands still
	 * until they are back, then goes on with the question it was at; if they are not back
	 * within the grace, it is over.
	 */
	private void awaitReturn() throws InterruptedException {
		long left = System.nanoTime();
		this.voice.interrupt();
		log.info("Session {}: the candidate left; waiting for them to come back", sessionId());
		boolean back = this.presence.awaitReturn();
		this.state.pause(Duration.ofNanos(System.nanoTime() - left));
		if (!back) {
			log.info("Session {}: the candidate did not come back", sessionId());
			this.state.end(EndReason.CANDIDATE_LEFT);
			return;
		}
		log.info("Session {}: the candidate is back after {} s", sessionId(),
				Duration.ofNanos(System.nanoTime() - left).toSeconds());
		publishTimeLeft();
		say(InterviewerPrompt.welcomeBack(this.state.plan().candidateName(),
				this.state.current().map(InterviewPlan.Item::question).orElse(null)), true);
	}

	/**
	 * The candidate page's clock: the interview's time left (it stood still while they
	 * were away), when the interview starts or goes on, and every half minute besides (a
	 * page loaded meanwhile starts from the last one published).
	 */
	private void publishTimeLeft() {
		long now = System.nanoTime();
		this.timeLeftPublishedNanos = now;
		this.agentState.timeLeft(this.state.plan().length().minus(this.state.interviewTime(now)));
	}

	private void respond(TurnTaking.Heard heard) throws InterruptedException {
		long heardAt = System.nanoTime();
		this.providerFailures = 0;
		this.state.nextTurn();
		this.agentState.set(AgentState.State.THINKING);
		this.transcript.candidate(heard.text(), heard.startMs(), heard.endMs());
		this.state.heard(heard.startMs(), heard.endMs());
		this.voice.newTurn();
		long asked = System.nanoTime();
		Interviewer.Reply reply = this.interviewer.answer(heard.text(), this.voice::say);
		finishTurn("answer", reply.said(), heard.endNanos(), heard.timings().thought(reply.firstTokenMillis()));
		if (log.isDebugEnabled()) {
			logStages(heard, heardAt, asked, reply.firstTokenMillis());
		}
		if (reply.failed()) {
			providerTrouble(InterviewerPrompt.TECHNICAL_PROBLEM);
		}
	}

	/**
	 * Where the turn's time went between the providers' measured parts, in milliseconds
	 * (one DEBUG line; the voice benchmark reads them): from the turn's decision to the
	 * LLM call (the transcript row, the state), from the call to the first sentence less
	 * the first token, the hand-off to the voice's thread, from the synthesis start to
	 * its first audio less the first byte, and from that audio to its first frame written
	 * to the room (the speaker's thread and pacing). -1 where a part did not happen.
	 */
	private void logStages(TurnTaking.Heard heard, long heardAt, long asked, long firstTokenMs) {
		long said = this.voice.firstSayNanos();
		long synthesis = this.voice.firstSynthesisNanos();
		long audio = this.voice.firstAudioNanos();
		long frame = this.voice.firstFrameNanos();
		long firstByteMs = this.voice.firstByteMillis();
		log.debug(
				"Turn stages: heard-to-llm {} llm-less-first-token {} to-voice-thread {} tts-less-first-byte {} audio-to-frame {} (endpointing+stt {} first-token {} first-byte {})",
				ms(asked - heardAt), (said > 0) ? ms(said - asked) - firstTokenMs : -1,
				(said > 0 && synthesis > 0) ? ms(synthesis - said) : -1,
				(synthesis > 0 && audio > 0) ? ms(audio - synthesis) - firstByteMs : -1,
				(audio > 0 && frame > 0) ? ms(frame - audio) : -1, ms(heardAt - heard.endNanos()), firstTokenMs,
				firstByteMs);
	}

	/** Milliseconds to a tenth. */
	private static double ms(long nanos) {
		return Math.round(nanos / 1e5) / 10.0;
	}

	/** No words: a nudge, then the question once more, then a polite end. */
	private void silence(TurnTaking.Silence quiet) {
		if (quiet.speaking() || this.voice.speaking()) {
			return;
		}
		switch (this.silence.check(System.nanoTime(), this.voice.lastSpeechNanos(), quiet.lastSpeechNanos())) {
			case NUDGE -> say(InterviewerPrompt.NUDGE, false);
			case REPEAT ->
				say(InterviewerPrompt.repeat(this.state.current().map(InterviewPlan.Item::question).orElse("")), false);
			case END -> this.state.end(EndReason.CANDIDATE_SILENT);
			case WAIT -> {
			}
		}
	}

	/**
	 * The clock: the interview closes when its time is up; a question that ran over is
	 * left.
	 */
	private void keepTime() throws InterruptedException {
		long now = System.nanoTime();
		if (this.state.ended()) {
			return;
		}
		if (now - this.timeLeftPublishedNanos > TIME_LEFT_EVERY_NANOS) {
			publishTimeLeft();
		}
		if (this.state.timeUp(now)) {
			this.state.end(EndReason.TIME_UP);
			return;
		}
		if (this.interviewer.followsPlan() && this.state.questionTimeUp(now) && !this.turns.candidateSpeaking()
				&& !this.voice.speaking()) {
			this.voice.newTurn();
			String words = this.interviewer.moveOn(InterviewerPrompt.MOVE_ON_IN_TIME, this.voice::say);
			finishTurn("time", words, 0, TurnTimings.NONE);
		}
	}

	/**
	 * Waits for a turn to be spoken, writes it to the transcript and its latencies to the
	 * turn log.
	 * @param kind {@code answer} (to the candidate) or {@code time} (the clock moved on)
	 * @param heardEndNanos when the candidate's speech ended, 0 for a turn the clock
	 * began
	 */
	private void finishTurn(String kind, String said, long heardEndNanos, TurnTimings timings)
			throws InterruptedException {
		long firstFrame = said.isEmpty() ? 0 : this.voice.awaitFirstFrame(FIRST_AUDIO_WAIT, this.gone);
		long endToEnd = (firstFrame > 0 && heardEndNanos > 0)
				? TimeUnit.NANOSECONDS.toMillis(firstFrame - heardEndNanos) : -1;
		long agentStart = (firstFrame > 0) ? offsetMs(firstFrame) : elapsedMs();
		this.voice.awaitDone(SPEECH_WAIT_MILLIS);
		this.agentState.set(AgentState.State.LISTENING);
		if (!said.isEmpty()) {
			this.transcript.interviewer(said, agentStart, Math.max(agentStart, elapsedMs()));
		}
		if (this.voice.failure() != null) {
			providerTrouble(null);
		}
		this.turnLog.record(sessionId(), this.state.turns(), kind,
				timings.spoke(this.voice.firstByteMillis(), endToEnd));
		this.silence.asked(System.nanoTime());
		this.checkpoint.run();
	}

	/**
	 * Says fixed words (greeting, nudge, apology, closing), to the transcript and the
	 * history too.
	 * @param expectsAnswer whether the candidate's silence counts from the end of these
	 * words (not for a nudge or the repetition)
	 */
	private void say(String words, boolean expectsAnswer) {
		this.voice.newTurn();
		long start = elapsedMs();
		this.voice.say(words);
		try {
			this.voice.awaitDone(SPEECH_WAIT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.agentState.set(AgentState.State.LISTENING);
		long firstFrame = this.voice.firstFrameNanos();
		long agentStart = (firstFrame > 0) ? offsetMs(firstFrame) : start;
		this.transcript.interviewer(words, agentStart, Math.max(agentStart, elapsedMs()));
		this.state.add(new Conversation.Assistant(words));
		if (this.voice.failure() != null) {
			providerTrouble(null);
		}
		if (expectsAnswer) {
			this.silence.asked(System.nanoTime());
		}
		this.checkpoint.run();
	}

	/** One more failure in a row; the third ends the interview. */
	private void providerTrouble(String apology) {
		this.providerFailures++;
		if (this.providerFailures >= MAX_PROVIDER_FAILURES) {
			this.state.end(EndReason.PROVIDER_FAILING);
			return;
		}
		if (apology != null) {
			say(apology, true);
		}
	}

	private String sessionId() {
		return this.state.plan().sessionId();
	}

	/** A {@code System.nanoTime()} as milliseconds from the start of the interview. */
	private long offsetMs(long nanos) {
		return this.state.elapsed(nanos).toMillis();
	}

	private long elapsedMs() {
		return offsetMs(System.nanoTime());
	}

}
