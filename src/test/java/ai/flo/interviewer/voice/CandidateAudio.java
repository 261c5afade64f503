package ai.flo.interviewer.voice;

import java.util.Arrays;

/**
 * The candidate's audio as the room delivers it, fed straight into a {@link Listener}: 10
 * ms frames of 16 kHz mono, stamped by a clock that advances 10 ms a frame from when it
 * was made (so the audio is "heard" as if it were played in real time, however fast it is
 * fed).
 */
final class CandidateAudio {

	static final int FRAME = 160;

	private final Listener listener;

	private long nowNanos = System.nanoTime();

	CandidateAudio(Listener listener) {
		this.listener = listener;
	}

	/** Feeds {@code samples}, frame by frame. */
	CandidateAudio says(short[] samples) {
		for (int at = 0; at + FRAME <= samples.length; at += FRAME) {
			this.listener.hear(Arrays.copyOfRange(samples, at, at + FRAME), this.nowNanos);
			this.nowNanos += 10_000_000L;
		}
		return this;
	}

	/** Feeds {@code millis} of silence. */
	CandidateAudio pauses(int millis) {
		return says(new short[millis * 16]);
	}

	/** The clock's time after the last frame fed. */
	long nowNanos() {
		return this.nowNanos;
	}

}
