package ai.flo.interviewer.agent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.testsupport.LiveKitTestServer;

import static org.awaitility.Awaitility.await;

/** A simulated candidate: our own room client in the test JVM, speaking and listening. */
final class Candidate implements RoomListener, AutoCloseable {

	final List<String> stats = new CopyOnWriteArrayList<>();

	final List<AudioFrame> heard = new CopyOnWriteArrayList<>();

	final Room room;

	private final AtomicBoolean listening = new AtomicBoolean();

	private Thread listener;

	private RemoteAudio audio;

	Candidate(LiveKitTestServer server, String roomName, String identity) {
		this.room = Room.connect(server.url(),
				LiveKitTestServer.candidateToken(roomName, identity, "interviewer", "{\"test\":true}"), this,
				Duration.ofSeconds(20));
	}

	List<Participant> agents() {
		return this.room.participants().stream().filter((p) -> "PARTICIPANT_KIND_AGENT".equals(p.kind())).toList();
	}

	Participant awaitAgent(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> !agents().isEmpty());
		return agents().get(0);
	}

	/** Starts collecting the agent's audio (16 kHz mono). */
	void listenTo(String agentIdentity) {
		this.audio = this.room.subscribeAudio(agentIdentity, 16_000, 1, 3000);
		this.listening.set(true);
		this.listener = new Thread(() -> {
			try {
				while (this.listening.get()) {
					AudioFrame frame = this.audio.poll(Duration.ofMillis(100));
					if (frame != null) {
						this.heard.add(frame);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "candidate-listener");
		this.listener.start();
	}

	void speak(short[] pcm) {
		try (LocalAudio microphone = this.room.publishAudio("microphone", 16_000, 1, 200)) {
			microphone.write(pcm);
		}
	}

	LocalAudio microphone() {
		return this.room.publishAudio("microphone", 16_000, 1, 200);
	}

	String lastStats() {
		return this.stats.isEmpty() ? "" : this.stats.get(this.stats.size() - 1);
	}

	@Override
	public void dataReceived(String participantIdentity, String topic, byte[] data) {
		if ("flo.echo.stats".equals(topic)) {
			this.stats.add(new String(data, StandardCharsets.UTF_8));
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.listening.set(false);
		if (this.listener != null) {
			this.listener.join(2000);
		}
		this.room.close();
	}

}
