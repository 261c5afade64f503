package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Voice activity in one stream of 16 kHz mono audio: where speech starts and where it
 * ends, from Silero VAD v5's speech probability of each 32 ms window, with the hysteresis
 * of upstream's {@code VADIterator}: speech starts when a window reaches the
 * {@link Settings#activation() activation} probability and lasts until the probability
 * falls below the {@link Settings#deactivation() deactivation} one. A start is reported
 * only once the speech has lasted {@link Settings#minSpeech()}, an end only once the
 * silence has lasted {@link Settings#minSilence()}: an event comes that much (and up to a
 * window) after the instant it names, which is where the speech really started or ended.
 *
 * <p>
 * No threads: the caller {@link #feed feeds} frames of any length (the room delivers 10
 * ms) and gets the events back. One instance per stream, used from one thread at a time;
 * {@link #close() close} it to release the model.
 */
public final class VoiceActivity implements AutoCloseable {

	/** The only sample rate this takes: resample (and mix down) before feeding. */
	public static final int SAMPLE_RATE = SileroVad.SAMPLE_RATE;

	private static final int SAMPLES_PER_MILLI = SAMPLE_RATE / 1000;

	/**
	 * When speech starts and ends.
	 *
	 * @param activation the probability from which a window is speech (upstream: 0.5)
	 * @param deactivation the probability under which a window is silence (upstream:
	 * activation - 0.15); in between, a window continues what the previous ones were
	 * @param minSpeech how long speech (with pauses shorter than {@code minSilence}) must
	 * last before its start is reported; shorter sounds are not speech
	 * @param minSilence how long silence must last before the end of speech is reported
	 * (shorter pauses belong to the speech)
	 */
	public record Settings(float activation, float deactivation, Duration minSpeech, Duration minSilence) {

		/** 0.5 and 0.35, 100 ms of speech, 100 ms of silence. */
		public static final Settings DEFAULTS = new Settings(0.5f, 0.35f, Duration.ofMillis(100),
				Duration.ofMillis(100));

		public Settings {
			if (!(activation > 0 && activation < 1) || !(deactivation > 0 && deactivation <= activation)) {
				throw new IllegalArgumentException("need 0 < deactivation <= activation < 1, got activation "
						+ activation + ", deactivation " + deactivation);
			}
			if (minSpeech == null || minSpeech.isNegative() || minSilence == null || minSilence.isNegative()) {
				throw new IllegalArgumentException("minSpeech and minSilence must be zero or more");
			}
		}

	}

	/**
	 * Something that happened in the stream, at an offset in ms from the first sample
	 * fed.
	 */
	public sealed interface Event permits SpeechStarted, SpeechEnded {

		long offsetMillis();

	}

	/**
	 * Speech started at {@code offsetMillis} (the start of the first 32 ms window heard
	 * as speech).
	 *
	 * @param offsetMillis where, in ms from the first sample fed
	 */
	public record SpeechStarted(long offsetMillis) implements Event {
	}

	/**
	 * Speech ended at {@code offsetMillis} (the start of the first 32 ms window heard as
	 * silence).
	 *
	 * @param offsetMillis where, in ms from the first sample fed
	 */
	public record SpeechEnded(long offsetMillis) implements Event {
	}

	private enum State {

		SILENCE,
		/**
		 * Speech heard, not yet for {@link Settings#minSpeech()}: reported when it gets
		 * there (and is not in a pause), forgotten if a silence of
		 * {@link Settings#minSilence()} comes first.
		 */
		ONSET, SPEECH

	}

	private final Settings settings;

	private final SileroVad vad;

	private final long minSpeechSamples;

	private final long minSilenceSamples;

	private final float[] window = new float[SileroVad.WINDOW];

	private int filled;

	/** Samples judged so far: the end of the last window. */
	private long judged;

	private State state = State.SILENCE;

	private long speechStart;

	/** Where the silence that may end the speech began; -1 while there is none. */
	private long silenceStart = -1;

	private float probability;

	/**
	 * Create a detector with the {@link Settings#DEFAULTS default settings}.
	 * @throws IllegalStateException when the Silero VAD model is missing from the
	 * classpath
	 */
	public VoiceActivity() {
		this(Settings.DEFAULTS);
	}

	/**
	 * Create a detector.
	 * @param settings when speech starts and ends
	 * @throws IllegalStateException when the Silero VAD model is missing from the
	 * classpath
	 */
	public VoiceActivity(Settings settings) {
		this(settings, new SileroVad());
	}

	VoiceActivity(Settings settings, SileroVad vad) {
		this.settings = settings;
		this.vad = vad;
		this.minSpeechSamples = settings.minSpeech().toMillis() * SAMPLES_PER_MILLI;
		this.minSilenceSamples = settings.minSilence().toMillis() * SAMPLES_PER_MILLI;
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * Take the next samples of the stream; every full 32 ms window is judged, the rest
	 * waits for the next call.
	 * @param samples 16 kHz mono 16-bit samples, any number
	 * @return what happened in the windows judged, in order; usually nothing
	 */
	public List<Event> feed(short[] samples) {
		List<Event> events = null;
		for (short sample : samples) {
			this.window[this.filled++] = sample / 32768f;
			if (this.filled == this.window.length) {
				this.filled = 0;
				Event event = judge(this.vad.probability(this.window));
				if (event != null) {
					events = (events != null) ? events : new ArrayList<>(2);
					events.add(event);
				}
			}
		}
		return (events != null) ? events : List.of();
	}

	private Event judge(float probability) {
		long start = this.judged;
		long end = start + SileroVad.WINDOW;
		this.judged = end;
		this.probability = probability;
		boolean voiced = probability >= this.settings.activation();
		boolean silent = probability < this.settings.deactivation();
		if (this.state == State.SILENCE) {
			if (!voiced) {
				return null;
			}
			this.state = State.ONSET;
			this.speechStart = start;
			this.silenceStart = -1;
		}
		else if (voiced) {
			this.silenceStart = -1;
		}
		else if (silent) {
			// Like VADIterator, a window in between neither ends a pause nor lengthens it
			// as silence.
			if (this.silenceStart < 0) {
				this.silenceStart = start;
			}
			if (end - this.silenceStart >= this.minSilenceSamples) {
				boolean reported = this.state == State.SPEECH;
				this.state = State.SILENCE;
				return reported ? new SpeechEnded(millis(this.silenceStart)) : null;
			}
		}
		if (this.state == State.ONSET && this.silenceStart < 0 && end - this.speechStart >= this.minSpeechSamples) {
			this.state = State.SPEECH;
			return new SpeechStarted(millis(this.speechStart));
		}
		return null;
	}

	/** Whether the stream is in speech: started (and reported), not yet ended. */
	public boolean speaking() {
		return this.state == State.SPEECH;
	}

	/**
	 * How long the current speech has lasted so far, to the end of the last window judged
	 * (pauses shorter than {@link Settings#minSilence()} included); 0 when not
	 * {@link #speaking()}.
	 */
	public long speechMillis() {
		return speaking() ? millis(this.judged - this.speechStart) : 0;
	}

	/** The speech probability of the last window judged; 0 before the first. */
	public float probability() {
		return this.probability;
	}

	/** How much of the stream has been judged, in ms: where the last window ended. */
	public long judgedMillis() {
		return millis(this.judged);
	}

	/** Start over with a new stream: offsets count from the next sample fed. */
	public void reset() {
		this.vad.reset();
		this.filled = 0;
		this.judged = 0;
		this.state = State.SILENCE;
		this.silenceStart = -1;
		this.probability = 0;
	}

	@Override
	public void close() {
		this.vad.close();
	}

	private static long millis(long samples) {
		return samples / SAMPLES_PER_MILLI;
	}

}
