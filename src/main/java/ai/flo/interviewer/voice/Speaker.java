package ai.flo.interviewer.voice;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.shared.LogContext;

/**
 * Plays the agent's voice into the room: a thread writes one 10 ms frame at a time to the
 * published track (the track's small queue paces it in real time) and records every frame
 * as played. While the agent is quiet nothing is written: LiveKit's audio source sends
 * silence itself when its queue stays empty, and the recording takes a side that wrote
 * nothing as silence, so the first frame of an answer goes straight into an empty queue
 * instead of waiting behind a queue full of silence (and is heard that much sooner). Each
 * sentence's text rides in the queue before its first frame, so the {@link Playback}
 * hears of a sentence when it starts to sound, not when it was synthesised.
 * {@link #stop()} drops what is queued here and in the track at once (barge-in).
 */
final class Speaker implements AutoCloseable {

	/** What is told as the agent's audio plays. */
	interface Playback {

		/** The first frame of this sentence's audio is being played. */
		void sentence(String text);

		/** Playback was stopped: nothing queued will be heard. */
		void stopped();

	}

	private static final Logger log = LoggerFactory.getLogger(Speaker.class);

	static final int SAMPLE_RATE = 16_000;

	static final int FRAME = SAMPLE_RATE / 100;

	private static final long FRAME_NANOS = 10_000_000L;

	/**
	 * How long the idle thread waits for speech before it looks whether it should stop.
	 */
	private static final long IDLE_POLL_MILLIS = 50;

	private final LocalAudio track;

	private final StereoRecorder recorder;

	/** Frames ({@code short[]}) and, before a sentence's first frame, its text. */
	private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

	private final Playback playback;

	private final Thread thread;

	private final AtomicLong generation = new AtomicLong();

	/** Frames of the current utterance still queued (0 when the agent is silent). */
	private final AtomicLong queued = new AtomicLong();

	private volatile long lastSpeechFrameNanos;

	private volatile long firstFrameNanos;

	/**
	 * When the audio written so far ends (System.nanoTime; 0 after a stop): a frame
	 * written now plays once what is queued before it has.
	 */
	private volatile long playhead;

	private volatile boolean running = true;

	private short[] partial = new short[0];

	Speaker(LocalAudio track, StereoRecorder recorder, Playback playback, String name) {
		this.track = track;
		this.recorder = recorder;
		this.playback = playback;
		this.thread = new Thread(LogContext.carried(this::play), name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Queues PCM (any length; cut into 10 ms frames). */
	synchronized void enqueue(short[] pcm) {
		enqueue(pcm, null);
	}

	/**
	 * Queues PCM (any length; cut into 10 ms frames); {@code sentence}, when given, is
	 * told to the {@link Playback} as this audio starts to play.
	 */
	synchronized void enqueue(short[] pcm, String sentence) {
		if (sentence != null) {
			this.frames.add(sentence);
		}
		short[] all = new short[this.partial.length + pcm.length];
		System.arraycopy(this.partial, 0, all, 0, this.partial.length);
		System.arraycopy(pcm, 0, all, this.partial.length, pcm.length);
		int whole = all.length / FRAME;
		for (int i = 0; i < whole; i++) {
			short[] frame = new short[FRAME];
			System.arraycopy(all, i * FRAME, frame, 0, FRAME);
			this.queued.incrementAndGet();
			this.frames.add(frame);
		}
		this.partial = java.util.Arrays.copyOfRange(all, whole * FRAME, all.length);
	}

	/**
	 * Queues what is left of a partial frame, padded with silence (the end of an
	 * utterance).
	 */
	synchronized void flush() {
		if (this.partial.length > 0) {
			short[] frame = new short[FRAME];
			System.arraycopy(this.partial, 0, frame, 0, this.partial.length);
			this.partial = new short[0];
			this.queued.incrementAndGet();
			this.frames.add(frame);
		}
	}

	/** Stops speaking now: drops everything queued, here and in the track. */
	synchronized void stop() {
		this.generation.incrementAndGet();
		this.frames.clear();
		this.partial = new short[0];
		this.queued.set(0);
		this.track.clearQueue();
		this.playhead = 0;
		this.playback.stopped();
	}

	/** Whether speech is queued or playing. */
	boolean speaking() {
		return this.queued.get() > 0;
	}

	/** When the last speech frame was played (System.nanoTime), 0 before any. */
	long lastSpeechFrameNanos() {
		return this.lastSpeechFrameNanos;
	}

	/**
	 * Marks the start of a turn's audio: {@link #firstFrameNanos()} is the first speech
	 * frame played after it.
	 */
	void markTurn() {
		this.firstFrameNanos = 0;
	}

	long firstFrameNanos() {
		return this.firstFrameNanos;
	}

	/** Waits until everything queued has been played (or {@code timeoutMillis}). */
	boolean awaitSilence(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (speaking()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(10);
		}
		return true;
	}

	private void play() {
		while (this.running) {
			try {
				Object next = this.frames.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (next == null) {
					continue;
				}
				if (next instanceof String sentence) {
					this.playback.sentence(sentence);
					continue;
				}
				short[] frame = (short[]) next;
				this.track.write(frame);
				long now = System.nanoTime();
				// Recorded where it is heard: after what was queued, or now after a
				// pause.
				long at = Math.max(now, this.playhead);
				this.playhead = at + FRAME_NANOS;
				this.recorder.agent(frame, at);
				if (this.firstFrameNanos == 0) {
					this.firstFrameNanos = now;
				}
				this.lastSpeechFrameNanos = now;
				this.queued.updateAndGet((n) -> Math.max(0, n - 1));
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (IllegalStateException ex) {
				if (this.running) {
					log.debug("Playback stopped: {}", ex.getMessage());
				}
				return;
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(2000);
	}

}
