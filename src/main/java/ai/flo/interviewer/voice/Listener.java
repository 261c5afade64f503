package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.shared.LogContext;

/**
 * Hears the candidate: each 10 ms frame of their 16 kHz audio goes through voice activity
 * detection, and each stretch of speech becomes an {@link Utterance} (with 300 ms of
 * audio before the detected start, so first syllables are kept). When the candidate talks
 * over the agent for long enough it reports a barge-in; stopping the agent's voice is the
 * caller's part. {@link #listen} feeds it from the room on a thread of its own;
 * {@link #hear} takes frames directly.
 */
final class Listener implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Listener.class);

	private static final int PRE_ROLL_FRAMES = 30;

	/**
	 * One stretch of candidate speech. Offsets are from the start of the interview.
	 *
	 * @param samples 16 kHz mono samples
	 * @param startMs where it starts (pre-roll included)
	 * @param endMs where the voice activity detection ended it
	 * @param endNanos the same as a {@code System.nanoTime()}
	 */
	record Utterance(short[] samples, long startMs, long endMs, long endNanos) {
	}

	private final VoiceActivity vad;

	private final Duration bargeIn;

	private final BooleanSupplier agentSpeaking;

	private final Runnable onBargeIn;

	private final long startNanos;

	private final BlockingQueue<Utterance> utterances = new LinkedBlockingQueue<>();

	private final ArrayDeque<short[]> preRoll = new ArrayDeque<>();

	/** The frames of the utterance being heard; null between utterances. */
	private List<short[]> current;

	private long currentStartMs;

	private boolean bargedIn;

	private volatile boolean speaking;

	private volatile long lastSpeechNanos;

	private volatile long bargeIns;

	private volatile RemoteAudio audio;

	private volatile Thread thread;

	/**
	 * @param bargeIn how long the candidate must talk over the agent to interrupt it
	 * @param agentSpeaking whether the agent's voice is playing
	 * @param onBargeIn called (on the listening thread) when the candidate interrupts
	 * @param startNanos the start of the interview
	 */
	Listener(VoiceActivity vad, Duration bargeIn, BooleanSupplier agentSpeaking, Runnable onBargeIn, long startNanos) {
		this.vad = vad;
		this.bargeIn = bargeIn;
		this.agentSpeaking = agentSpeaking;
		this.onBargeIn = onBargeIn;
		this.startNanos = startNanos;
	}

	/**
	 * Starts a thread that hears {@code audio} until it ends, recording each frame as
	 * heard.
	 */
	void listen(RemoteAudio audio, StereoRecorder recorder) {
		this.audio = audio;
		Thread listening = new Thread(LogContext.carried(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				AudioFrame frame;
				try {
					frame = audio.poll(Duration.ofMillis(100));
				}
				catch (InterruptedException ex) {
					return;
				}
				if (frame == null) {
					if (audio.ended()) {
						return;
					}
					continue;
				}
				long now = System.nanoTime();
				recorder.candidate(frame.samples(), now);
				hear(frame.samples(), now);
			}
		}), "listener-" + audio.participantIdentity());
		listening.setDaemon(true);
		this.thread = listening;
		listening.start();
	}

	/** Hears one frame (always from one thread at a time). */
	void hear(short[] frame, long nowNanos) {
		long heardMs = (nowNanos - this.startNanos) / 1_000_000;
		for (VoiceActivity.Event event : this.vad.feed(frame)) {
			if (event instanceof VoiceActivity.SpeechStarted) {
				this.speaking = true;
				this.bargedIn = false;
				this.current = new ArrayList<>(this.preRoll);
				this.currentStartMs = Math.max(0, heardMs - (long) this.preRoll.size() * 10);
				// Spent: the next utterance's pre-roll is the silence after this one.
				this.preRoll.clear();
			}
			else if (this.current != null) {
				this.speaking = false;
				this.lastSpeechNanos = nowNanos;
				this.current.add(frame);
				this.utterances.add(new Utterance(join(this.current), this.currentStartMs, heardMs, nowNanos));
				this.current = null;
			}
		}
		if (this.current != null) {
			this.current.add(frame);
			this.lastSpeechNanos = nowNanos;
			if (!this.bargedIn && this.vad.speechMillis() >= this.bargeIn.toMillis()
					&& this.agentSpeaking.getAsBoolean()) {
				this.bargedIn = true;
				this.bargeIns++;
				log.debug("Barge-in after {} ms of candidate speech", this.vad.speechMillis());
				this.onBargeIn.run();
			}
		}
		else {
			this.preRoll.addLast(frame);
			if (this.preRoll.size() > PRE_ROLL_FRAMES) {
				this.preRoll.removeFirst();
			}
		}
	}

	/** The utterances heard, in order, as each ends. */
	BlockingQueue<Utterance> utterances() {
		return this.utterances;
	}

	/** Whether the candidate is speaking right now. */
	boolean speaking() {
		return this.speaking;
	}

	/** When the candidate last spoke (System.nanoTime), 0 before they did. */
	long lastSpeechNanos() {
		return this.lastSpeechNanos;
	}

	long bargeIns() {
		return this.bargeIns;
	}

	/** Whether the room's audio of the candidate has ended. */
	boolean ended() {
		RemoteAudio heard = this.audio;
		return heard != null && heard.ended();
	}

	private static short[] join(List<short[]> frames) {
		short[] all = new short[frames.stream().mapToInt((frame) -> frame.length).sum()];
		int at = 0;
		for (short[] frame : frames) {
			System.arraycopy(frame, 0, all, at, frame.length);
			at += frame.length;
		}
		return all;
	}

	@Override
	public void close() throws InterruptedException {
		Thread listening = this.thread;
		if (listening != null) {
			listening.interrupt();
			listening.join(2000);
		}
	}

}
