package ai.flo.interviewer.voice;

import java.time.Duration;

/**
 * What the candidate's silence calls for: nothing yet, a nudge, the question once more,
 * or the end of the interview. A nudge comes after {@code nudgeAfter} without a sound
 * from either side; the end after {@code silenceEnd} counted from the later of the
 * candidate's last words and the end of the agent's last turn that expects an answer (a
 * nudge or the repetition do not restart it). The candidate speaking again resets the
 * nudges.
 */
final class SilenceWatch {

	enum Step {

		WAIT, NUDGE, REPEAT, END

	}

	private final Duration nudgeAfter;

	private final Duration silenceEnd;

	private final long startNanos;

	private long askedNanos;

	private long heardNanos;

	private int nudges;

	SilenceWatch(Duration nudgeAfter, Duration silenceEnd, long startNanos) {
		this.nudgeAfter = nudgeAfter;
		this.silenceEnd = silenceEnd;
		this.startNanos = startNanos;
		this.askedNanos = startNanos;
	}

	/** The agent has just finished a turn that expects an answer. */
	void asked(long nowNanos) {
		this.askedNanos = nowNanos;
	}

	/**
	 * @param lastAgentSpeechNanos when the agent's voice last played, 0 before it did
	 * @param lastCandidateSpeechNanos when the candidate last spoke, 0 before they did
	 */
	Step check(long nowNanos, long lastAgentSpeechNanos, long lastCandidateSpeechNanos) {
		if (lastCandidateSpeechNanos > this.heardNanos) {
			this.heardNanos = lastCandidateSpeechNanos;
			this.nudges = 0;
		}
		long waitingSince = Math.max(lastCandidateSpeechNanos, this.askedNanos);
		if (nowNanos - waitingSince >= this.silenceEnd.toNanos()) {
			return Step.END;
		}
		long lastSound = Math.max(Math.max(lastAgentSpeechNanos, lastCandidateSpeechNanos), this.startNanos);
		if (nowNanos - lastSound < this.nudgeAfter.toNanos() || this.nudges >= 2) {
			return Step.WAIT;
		}
		this.nudges++;
		return (this.nudges == 1) ? Step.NUDGE : Step.REPEAT;
	}

}
