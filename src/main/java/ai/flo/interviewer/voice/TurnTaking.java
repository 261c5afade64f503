package ai.flo.interviewer.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.speech.SpeechException;
import ai.flo.interviewer.speech.SpeechToText;

/**
 * Turn-taking: waits for the candidate's turn, decides when it is over and transcribes
 * it. A turn ends after {@code minEndpointingDelay} of silence, or, when its words look
 * unfinished ("and ...", "so ..."), after up to {@code maxEndpointingDelay} more; speech
 * within that time belongs to the same turn. It never speaks and never writes: it says
 * what happened, and the run decides what to do about it.
 */
final class TurnTaking {

	private static final Pattern UNFINISHED = Pattern
		.compile("(?i).*\\b(and|but|so|because|or|um+|uh+|like|then|the|a|to|of|with|which|that)[,.…\\s]*$");

	/** How long {@link #next()} waits for speech before it answers {@link Silence}. */
	private static final long POLL_MILLIS = 100;

	/** What came of waiting for the candidate. */
	sealed interface Outcome permits Heard, Silence, NotUnderstood {

	}

	/**
	 * The candidate's turn.
	 *
	 * @param text what they said
	 * @param startMs where their speech started, from the start of the interview
	 * @param endMs where it ended
	 * @param endNanos the same as a {@code System.nanoTime()}
	 * @param timings endpointing and speech-to-text
	 */
	record Heard(String text, long startMs, long endMs, long endNanos, TurnTimings timings) implements Outcome {
	}

	/**
	 * Nothing to answer: no speech yet, or speech without words (a cough).
	 *
	 * @param speaking whether the candidate is speaking now
	 * @param lastSpeechNanos when they last spoke (System.nanoTime), 0 before they did
	 */
	record Silence(boolean speaking, long lastSpeechNanos) implements Outcome {
	}

	/** The candidate spoke but speech-to-text failed. */
	record NotUnderstood(String reason) implements Outcome {
	}

	private final Listener listener;

	private final SpeechToText stt;

	private final Duration minDelay;

	private final Duration maxDelay;

	private final BooleanSupplier gone;

	/**
	 * @param gone whether the interview is over (the room closed): stops waiting for more
	 * speech
	 */
	TurnTaking(Listener listener, SpeechToText stt, VoiceProperties properties, BooleanSupplier gone) {
		this.listener = listener;
		this.stt = stt;
		this.minDelay = properties.minEndpointingDelay();
		this.maxDelay = properties.maxEndpointingDelay();
		this.gone = gone;
	}

	/** Whether the candidate is speaking right now. */
	boolean candidateSpeaking() {
		return this.listener.speaking();
	}

	/**
	 * The candidate's next turn, or {@link Silence} when no speech came within 100 ms.
	 */
	Outcome next() throws InterruptedException {
		return next((text) -> {
		});
	}

	/**
	 * The candidate's next turn, or {@link Silence} when no speech came within 100 ms.
	 * @param soFar told the words transcribed so far while the turn may go on (they look
	 * unfinished)
	 */
	Outcome next(java.util.function.Consumer<String> soFar) throws InterruptedException {
		Listener.Utterance first = this.listener.utterances().poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
		if (first == null) {
			return silence();
		}
		List<Listener.Utterance> parts = new ArrayList<>(List.of(first));
		int transcribed = 0;
		StringBuilder text = new StringBuilder();
		long sttMs = -1;
		Duration delay = this.minDelay;
		while (true) {
			Listener.Utterance more = awaitMore(parts.get(parts.size() - 1), delay);
			if (more != null) {
				parts.add(more);
				delay = this.minDelay;
				continue;
			}
			if (transcribed < parts.size()) {
				long started = System.nanoTime();
				try {
					String words = this.stt
						.transcribe(wav(parts.subList(transcribed, parts.size())), "utterance.wav", null)
						.text()
						.strip();
					text.append((text.length() > 0 && !words.isEmpty()) ? " " : "").append(words);
				}
				catch (SpeechException | ProviderNotConfiguredException ex) {
					return new NotUnderstood(ex.getMessage());
				}
				sttMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				transcribed = parts.size();
			}
			if (delay.equals(this.maxDelay) || !UNFINISHED.matcher(text).matches()) {
				break;
			}
			if (!text.toString().isBlank()) {
				soFar.accept(text.toString());
			}
			delay = this.maxDelay;
		}
		Listener.Utterance last = parts.get(parts.size() - 1);
		if (text.toString().isBlank()) {
			return silence();
		}
		// The one transcription after the last words is on this clock too: it is counted
		// as
		// speech-to-text, not as waiting.
		long endpointingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - last.endNanos()) - sttMs;
		return new Heard(text.toString(), parts.get(0).startMs(), last.endMs(), last.endNanos(),
				TurnTimings.heard(endpointingMs, sttMs));
	}

	private Silence silence() {
		return new Silence(this.listener.speaking(), this.listener.lastSpeechNanos());
	}

	/**
	 * The next utterance if the candidate speaks again within {@code delay} of the last
	 * one's end (or is speaking); null once that time has passed in silence.
	 */
	private Listener.Utterance awaitMore(Listener.Utterance last, Duration delay) throws InterruptedException {
		long deadline = last.endNanos() + delay.toNanos();
		while (true) {
			Listener.Utterance next = this.listener.utterances().poll(10, TimeUnit.MILLISECONDS);
			if (next != null) {
				return next;
			}
			if (this.listener.speaking()) {
				deadline = Math.max(deadline, System.nanoTime() + delay.toNanos());
				continue;
			}
			if (System.nanoTime() >= deadline || this.gone.getAsBoolean()) {
				return null;
			}
		}
	}

	/** The utterances' audio as one 16 kHz mono 16-bit WAV. */
	static byte[] wav(List<Listener.Utterance> parts) {
		int samples = parts.stream().mapToInt((part) -> part.samples().length).sum();
		ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
		wav.put(StereoRecorder.header(1, samples));
		for (Listener.Utterance part : parts) {
			for (short sample : part.samples()) {
				wav.putShort(sample);
			}
		}
		return wav.array();
	}

}
