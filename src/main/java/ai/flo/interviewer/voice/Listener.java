package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.RemoteAudio;

/**
 * Hears the candidate: a thread reads their 16 kHz audio, records it, runs voice activity
 * detection, cuts utterances (with 300 ms of audio before the detected start, so first
 * syllables are kept), and stops the agent when the candidate talks over it for long
 * enough (barge-in).
 */
final class Listener implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Listener.class);

	private static final int PRE_ROLL_FRAMES = 30;

	/** One stretch of candidate speech. Offsets are from the start of the interview. */
	record Utterance(short[] samples, long startMs, long endMs, long endNanos) {
	}

	private final RemoteAudio audio;

	private final VoiceActivity vad;

	private final StereoRecorder recorder;

	private final Speaker speaker;

	private final Duration bargeIn;

	private final Runnable onBargeIn;

	private final long startNanos;

	private final BlockingQueue<Utterance> utterances = new LinkedBlockingQueue<>();

	private final Thread thread;

	private volatile boolean running = true;

	private volatile boolean speaking;

	private volatile long lastSpeechNanos;

	private volatile long bargeIns;

	Listener(RemoteAudio audio, VoiceActivity vad, StereoRecorder recorder, Speaker speaker, Duration bargeIn,
			Runnable onBargeIn, long startNanos) {
		this.audio = audio;
		this.vad = vad;
		this.recorder = recorder;
		this.speaker = speaker;
		this.bargeIn = bargeIn;
		this.onBargeIn = onBargeIn;
		this.startNanos = startNanos;
		this.thread = new Thread(this::listen, "listener-" + audio.participantIdentity());
		this.thread.setDaemon(true);
		this.thread.start();
	}

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

	boolean ended() {
		return this.audio.ended();
	}

	private void listen() {
		ArrayDeque<short[]> preRoll = new ArrayDeque<>();
		java.io.ByteArrayOutputStream current = null;
		long currentStartMs = 0;
		boolean bargedIn = false;
		long heardMs = 0;
		while (this.running) {
			AudioFrame frame;
			try {
				frame = this.audio.poll(Duration.ofMillis(100));
			}
			catch (InterruptedException ex) {
				return;
			}
			if (frame == null) {
				if (this.audio.ended()) {
					return;
				}
				continue;
			}
			long now = System.nanoTime();
			this.recorder.candidate(frame.samples(), now);
			heardMs = (now - this.startNanos) / 1_000_000;
			for (VoiceActivity.Event event : this.vad.feed(frame.samples())) {
				if (event instanceof VoiceActivity.SpeechStarted) {
					this.speaking = true;
					bargedIn = false;
					current = new java.io.ByteArrayOutputStream();
					currentStartMs = Math.max(0, heardMs - (long) preRoll.size() * 10);
					for (short[] earlier : preRoll) {
						write(current, earlier);
					}
				}
				else if (current != null) {
					this.speaking = false;
					this.lastSpeechNanos = now;
					write(current, frame.samples());
					short[] samples = toShorts(current.toByteArray());
					this.utterances.add(new Utterance(samples, currentStartMs, heardMs, now));
					current = null;
				}
			}
			if (current != null) {
				write(current, frame.samples());
				this.lastSpeechNanos = now;
				if (!bargedIn && this.speaker.speaking() && this.vad.speechMillis() >= this.bargeIn.toMillis()) {
					bargedIn = true;
					this.bargeIns++;
					this.speaker.stop();
					this.onBargeIn.run();
					log.debug("Barge-in after {} ms of candidate speech", this.vad.speechMillis());
				}
			}
			else {
				preRoll.addLast(frame.samples());
				if (preRoll.size() > PRE_ROLL_FRAMES) {
					preRoll.removeFirst();
				}
			}
		}
	}

	private static void write(java.io.ByteArrayOutputStream out, short[] samples) {
		for (short s : samples) {
			out.write(s & 0xff);
			out.write((s >> 8) & 0xff);
		}
	}

	private static short[] toShorts(byte[] bytes) {
		short[] samples = new short[bytes.length / 2];
		for (int i = 0; i < samples.length; i++) {
			samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
		}
		return samples;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join(2000);
	}

}
