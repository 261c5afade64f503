package ai.flo.interviewer.voice;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.testsupport.LiveKitTestServer;

import static org.awaitility.Awaitility.await;

/**
 * A simulated candidate in the room: our room client in the test JVM. It publishes a
 * microphone that carries silence until it is told to speak (like a real microphone),
 * listens to the agent and tells when the agent's voice stops, and collects what a
 * LiveKit front end reads: the {@code lk.transcription} text streams and the agent's
 * {@code lk.agent.state}, each change in order.
 */
final class VoiceCandidate implements RoomListener, AutoCloseable {

	static final int RATE = 16_000;

	static final double VOICE_RMS = 200;

	final Room room;

	final List<RoomListener.TextMessage> transcriptions = new CopyOnWriteArrayList<>();

	final List<String> agentStates = new CopyOnWriteArrayList<>();

	/** The agent's {@code flo.interview.time_left_ms} as published, in order. */
	final List<Long> timeLeft = new CopyOnWriteArrayList<>();

	private final LocalAudio microphone;

	private final Thread talker;

	private final java.util.concurrent.BlockingQueue<short[]> speech = new java.util.concurrent.LinkedBlockingQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicBoolean talking = new AtomicBoolean();

	private volatile RemoteAudio agentAudio;

	/** The agent listened to. */
	private volatile String agent;

	private Thread listener;

	/** When the agent's audio was last loud (System.nanoTime), and when it first was. */
	final AtomicLong lastAgentVoice = new AtomicLong();

	final AtomicLong firstAgentVoice = new AtomicLong();

	final AtomicLong agentVoiceFrames = new AtomicLong();

	/**
	 * The first loud frame of the agent's since this was last set to 0 (System.nanoTime).
	 */
	final AtomicLong agentVoiceSince = new AtomicLong();

	VoiceCandidate(LiveKitTestServer server, String roomName, String identity, String metadata) {
		this(server.url(), LiveKitTestServer.candidateToken(roomName, identity, "interviewer", metadata));
	}

	/** Joins with a token handed out by the API, as a candidate's page does. */
	VoiceCandidate(String url, String token) {
		this.room = Room.connect(url, token, this, Duration.ofSeconds(20));
		this.microphone = this.room.publishAudio("microphone", RATE, 1, 100);
		this.talker = new Thread(this::talk, "candidate-microphone");
		this.talker.setDaemon(true);
		this.talker.start();
	}

	/** Waits for the agent to join and starts listening to it. */
	void listenToAgent(Duration timeout) {
		listenToAgentOtherThan(null, timeout);
	}

	/**
	 * Waits for another agent than the one listened to so far (one dispatched after it
	 * was lost) and listens to it instead.
	 */
	void listenToNewAgent(Duration timeout) {
		listenToAgentOtherThan(this.agent, timeout);
	}

	private void listenToAgentOtherThan(String previous, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> newAgent(previous) != null);
		String identity = newAgent(previous);
		await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			this.agentAudio = this.room.subscribeAudio(identity, RATE, 1, 3000);
			return true;
		});
		this.agent = identity;
		if (this.listener != null) {
			return;
		}
		this.listener = new Thread(() -> {
			try {
				while (this.running.get()) {
					AudioFrame frame;
					try {
						frame = this.agentAudio.poll(Duration.ofMillis(100));
					}
					catch (IllegalStateException ex) {
						// The agent's track is gone (it left or died): wait for the next
						// one.
						Thread.sleep(100);
						continue;
					}
					if (frame != null && frame.rms() > VOICE_RMS) {
						long now = System.nanoTime();
						this.firstAgentVoice.compareAndSet(0, now);
						this.agentVoiceSince.compareAndSet(0, now);
						this.lastAgentVoice.set(now);
						this.agentVoiceFrames.incrementAndGet();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "candidate-ears");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	private String newAgent(String previous) {
		return this.room.participants()
			.stream()
			.filter((p) -> "PARTICIPANT_KIND_AGENT".equals(p.kind()) && !p.identity().isEmpty()
					&& !p.identity().equals(previous))
			.map((p) -> p.identity())
			.findFirst()
			.orElse(null);
	}

	/** Waits until the agent has spoken and then been quiet for {@code quiet}. */
	void awaitAgentDone(Duration quiet, Duration timeout) {
		long startFrames = this.agentVoiceFrames.get();
		await().atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.agentVoiceFrames.get() > startFrames
					&& System.nanoTime() - this.lastAgentVoice.get() > quiet.toNanos());
	}

	/**
	 * Waits until the agent has been quiet for {@code quiet}, whether or not it spoke
	 * since the call (its last words may be over already).
	 */
	void awaitAgentQuiet(Duration quiet, Duration timeout) {
		await().atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> System.nanoTime() - this.lastAgentVoice.get() > quiet.toNanos());
	}

	/** Whether the agent's voice is heard right now (within the last 150 ms). */
	boolean agentSpeaking() {
		return System.nanoTime() - this.lastAgentVoice.get() < 150_000_000L;
	}

	/** Says this speech (16 kHz mono PCM) into the microphone, then silence again. */
	void say(short[] pcm) {
		this.talking.set(true);
		this.speech.add(pcm);
	}

	/** Waits until what was given to {@link #say} has been sent. */
	void awaitSaid(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> !this.talking.get());
	}

	private void talk() {
		short[] silence = new short[RATE / 100];
		while (this.running.get()) {
			short[] next = this.speech.poll();
			try {
				if (next == null) {
					this.talking.set(!this.speech.isEmpty() && this.talking.get());
					this.microphone.write(silence);
				}
				else {
					this.microphone.write(next);
				}
			}
			catch (IllegalStateException ex) {
				return;
			}
		}
	}

	@Override
	public java.util.Set<String> textTopics() {
		return java.util.Set.of("lk.transcription");
	}

	@Override
	public void textReceived(TextMessage message) {
		this.transcriptions.add(message);
	}

	@Override
	public void attributesChanged(Participant participant, java.util.Map<String, String> changed) {
		String state = changed.get("lk.agent.state");
		if (state != null && "PARTICIPANT_KIND_AGENT".equals(participant.kind())) {
			this.agentStates.add(state);
		}
		String left = changed.get("flo.interview.time_left_ms");
		if (left != null && "PARTICIPANT_KIND_AGENT".equals(participant.kind())) {
			this.timeLeft.add(Long.parseLong(left));
		}
	}

	/** The sid of our microphone track. */
	String microphoneSid() {
		return this.microphone.sid();
	}

	/** The first agent participant's identity. */
	String agentIdentity() {
		return this.room.participants()
			.stream()
			.filter((p) -> "PARTICIPANT_KIND_AGENT".equals(p.kind()))
			.findFirst()
			.orElseThrow()
			.identity();
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		if (this.listener != null) {
			this.listener.join(2000);
		}
		this.talker.join(2000);
		this.microphone.close();
		this.room.close();
	}

}
