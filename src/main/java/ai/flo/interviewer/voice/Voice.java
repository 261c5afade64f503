package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.speech.SpeechException;
import ai.flo.interviewer.speech.TextToSpeech;
import ai.flo.interviewer.shared.LogContext;

/**
 * The agent's voice: turns sentences into speech, one after another, on its own thread,
 * so the LLM can keep writing while the first sentence is already being spoken, and plays
 * it through the {@link Speaker}. Everything about the agent's audio goes through here:
 * whether it is speaking, when it last did, when a turn's first audio played.
 * {@link #interrupt()} (barge-in) drops what is waiting, stops the synthesis in progress
 * and silences what is playing.
 */
final class Voice implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Voice.class);

	private static final String END = "\u0000end";

	private final TextToSpeech tts;

	private final Speaker speaker;

	private final BlockingQueue<String> sentences = new LinkedBlockingQueue<>();

	private final Thread thread;

	private final AtomicLong generation = new AtomicLong();

	private final AtomicLong pending = new AtomicLong();

	private volatile long firstByteMillis = -1;

	/**
	 * When this turn's first sentence was handed over, its synthesis began, and its first
	 * audio came back (System.nanoTime, 0 before): where a turn's time goes.
	 */
	private volatile long firstSayNanos;

	private volatile long firstSynthesisNanos;

	private volatile long firstAudioNanos;

	private volatile SpeechException failure;

	private volatile boolean running = true;

	Voice(TextToSpeech tts, Speaker speaker, String name) {
		this.tts = tts;
		this.speaker = speaker;
		this.thread = new Thread(LogContext.carried(this::speak), name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Queues a sentence to be spoken. */
	void say(String sentence) {
		if (sentence != null && !sentence.isBlank()) {
			if (this.firstSayNanos == 0) {
				this.firstSayNanos = System.nanoTime();
			}
			this.pending.incrementAndGet();
			this.sentences.add(sentence.strip());
		}
	}

	/** Starts a new turn: its first-byte time is measured afresh. */
	void newTurn() {
		this.firstByteMillis = -1;
		this.firstSayNanos = 0;
		this.firstSynthesisNanos = 0;
		this.firstAudioNanos = 0;
		this.failure = null;
		this.speaker.markTurn();
	}

	/** Time to the first audio byte of this turn's first sentence, or -1. */
	long firstByteMillis() {
		return this.firstByteMillis;
	}

	/**
	 * When this turn's first sentence was handed to the voice (System.nanoTime), 0
	 * before.
	 */
	long firstSayNanos() {
		return this.firstSayNanos;
	}

	/** When the synthesis of this turn's first sentence began, 0 before. */
	long firstSynthesisNanos() {
		return this.firstSynthesisNanos;
	}

	/** When this turn's first synthesised audio was queued to the speaker, 0 before. */
	long firstAudioNanos() {
		return this.firstAudioNanos;
	}

	/** The synthesis failure of this turn, if any. */
	SpeechException failure() {
		return this.failure;
	}

	/**
	 * Stops speaking now (barge-in): drops queued sentences, stops the one being
	 * synthesised and silences what is playing.
	 */
	void interrupt() {
		synchronized (this.generation) {
			this.generation.incrementAndGet();
			this.sentences.clear();
			this.pending.set(0);
			this.speaker.stop();
		}
	}

	/** Whether the agent's speech is queued or playing. */
	boolean speaking() {
		return this.speaker.speaking();
	}

	/** When the agent's last speech frame played (System.nanoTime), 0 before any. */
	long lastSpeechNanos() {
		return this.speaker.lastSpeechFrameNanos();
	}

	/** When this turn's first speech frame played (System.nanoTime), 0 before it did. */
	long firstFrameNanos() {
		return this.speaker.firstFrameNanos();
	}

	/**
	 * Waits until this turn's first speech frame plays; returns when it did, or 0 when
	 * nothing played before {@code timeout}, a synthesis failure, or {@code giveUp}.
	 */
	long awaitFirstFrame(Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.speaker.firstFrameNanos() == 0 && System.nanoTime() < deadline && this.failure == null
				&& !giveUp.getAsBoolean()) {
			Thread.sleep(5);
		}
		return this.speaker.firstFrameNanos();
	}

	/** Waits until every queued sentence has been synthesised and played. */
	boolean awaitDone(long timeoutMillis) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		while (this.pending.get() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(10);
		}
		long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
		return this.speaker.awaitSilence(Math.max(0, left));
	}

	private void speak() {
		while (this.running) {
			String sentence;
			try {
				sentence = this.sentences.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (END.equals(sentence)) {
				return;
			}
			long turn = this.generation.get();
			try {
				boolean[] first = { true };
				if (this.firstSynthesisNanos == 0) {
					this.firstSynthesisNanos = System.nanoTime();
				}
				TextToSpeech.Synthesis synthesis = this.tts.synthesize(sentence, (pcm) -> {
					// Under the lock interrupt() takes: no audio of a stopped turn slips
					// in after the speaker was silenced. The sentence's words go with its
					// first audio, so they are shown when they are heard.
					synchronized (this.generation) {
						if (this.generation.get() == turn) {
							this.speaker.enqueue(pcm, first[0] ? sentence : null);
							first[0] = false;
							if (this.firstAudioNanos == 0) {
								this.firstAudioNanos = System.nanoTime();
							}
						}
					}
				}, () -> this.generation.get() != turn || !this.running);
				if (this.generation.get() == turn) {
					this.speaker.flush();
					if (this.firstByteMillis < 0) {
						this.firstByteMillis = synthesis.firstByteMillis();
					}
				}
			}
			catch (SpeechException ex) {
				log.warn("Text-to-speech failed: {}", ex.getMessage());
				this.failure = ex;
			}
			catch (RuntimeException ex) {
				log.warn("Text-to-speech failed", ex);
				this.failure = new SpeechException(String.valueOf(ex.getMessage()), true, ex);
			}
			finally {
				this.pending.updateAndGet((n) -> Math.max(0, n - 1));
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.generation.incrementAndGet();
		this.sentences.clear();
		this.pending.set(0);
		this.sentences.add(END);
		this.thread.join(2000);
	}

}
