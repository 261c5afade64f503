package ai.flo.interviewer.agent;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.flo.interviewer.agent.rtc.FfiEngine;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.agent.rtc.TextStreamWriter;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanSubscribe;
import io.livekit.server.CanUpdateOwnMetadata;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Our room client against a real LiveKit server, in this JVM: audio, data, text streams
 * and participant attributes between two participants, and no native handle, route or
 * thread left behind after many connect/disconnect cycles (counted, not assumed).
 */
class RoomLifecycleIT {

	static final int CYCLES = 25;

	@Test
	void manyConnectDisconnectCyclesLeaveNoHandleRouteOrThreadBehind() throws Exception {
		try (LiveKitTestServer server = LiveKitTestServer.start()) {
			FfiEngine engine = FfiEngine.get();
			cycle(server, engine);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.ownedHandleCount() == 0 && engine.routeCount() == 0);
			Thread.sleep(1000);
			int threadsAfterWarmUp = threads();
			for (int i = 0; i < CYCLES; i++) {
				cycle(server, engine);
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> engine.ownedHandleCount() == 0 && engine.routeCount() == 0);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(threads())
					.as("live threads after %d cycles (after warm-up: %d)", CYCLES, threadsAfterWarmUp)
					.isLessThanOrEqualTo(threadsAfterWarmUp + 2));
			assertThat(Thread.getAllStackTraces().keySet()).noneMatch((t) -> t.getName().startsWith("room-"));
			assertThat(engine.panic()).isNull();
		}
	}

	private static void cycle(LiveKitTestServer server, FfiEngine engine) throws Exception {
		String room = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> messages = new CopyOnWriteArrayList<>();
		List<RoomListener.TextMessage> texts = new CopyOnWriteArrayList<>();
		List<Map<String, String>> attributes = new CopyOnWriteArrayList<>();
		RoomListener receiver = new RoomListener() {
			@Override
			public void dataReceived(String participantIdentity, String topic, byte[] data) {
				messages.add(topic + ":" + new String(data, StandardCharsets.UTF_8));
			}

			@Override
			public Set<String> textTopics() {
				return Set.of("lk.transcription");
			}

			@Override
			public void textReceived(TextMessage message) {
				texts.add(message);
			}

			@Override
			public void attributesChanged(Participant participant, Map<String, String> changed) {
				attributes.add(participant.attributes());
			}
		};
		AccessToken token = new AccessToken(LiveKitTestServer.KEY, LiveKitTestServer.SECRET);
		token.setIdentity("speaker");
		token.addGrants(new RoomJoin(true), new RoomName(room), new CanPublish(true), new CanSubscribe(true),
				new CanPublishData(true), new CanUpdateOwnMetadata(true));
		try (Room speaker = Room.connect(server.url(), token.toJwt(), null, Duration.ofSeconds(20));
				Room listener = Room.connect(server.url(),
						LiveKitTestServer.candidateToken(room, "listener", null, null), receiver,
						Duration.ofSeconds(20))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.participant("speaker").isPresent());
			try (LocalAudio microphone = speaker.publishAudio("tone", 16_000, 1, 200);
					RemoteAudio heard = listener.subscribeAudio("speaker", 16_000, 1, 100)) {
				assertThat(engine.ownedHandleCount()).as("handles are counted while in use").isGreaterThanOrEqualTo(6);
				short[] tone = new short[1600];
				for (int i = 0; i < tone.length; i++) {
					tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
				}
				for (int i = 0; i < 10 && heard.receivedFrames() == 0; i++) {
					microphone.write(tone);
				}
				await().atMost(Duration.ofSeconds(5)).until(() -> heard.receivedFrames() > 0);
				speaker.sendData("hello".getBytes(StandardCharsets.UTF_8), "caption", true);
				await().atMost(Duration.ofSeconds(5)).until(() -> messages.contains("caption:hello"));
				assertThat(listener.microphoneTrackSid("speaker")).contains(microphone.sid());
			}
			// A whole text, a stream written in pieces (trailer attributes merged), a
			// stream on a topic nobody reads, and an attribute.
			speaker.sendText("lk.transcription", "Hello there.", Map.of("lk.segment_id", "SG_1"), null);
			speaker.sendText("elsewhere", "not read", Map.of(), null);
			try (TextStreamWriter writer = speaker.openTextStream("lk.transcription",
					Map.of("lk.segment_id", "SG_2", "lk.transcription_final", "false"), null)) {
				writer.write("How are ");
				writer.write("you?");
				writer.close(Map.of("lk.transcription_final", "true"));
			}
			speaker.setAttributes(Map.of("lk.agent.state", "listening"));
			await().atMost(Duration.ofSeconds(5)).until(() -> texts.size() == 2 && !attributes.isEmpty());
			assertThat(texts).extracting(RoomListener.TextMessage::text)
				.containsExactly("Hello there.", "How are you?");
			assertThat(texts).allSatisfy((text) -> assertThat(text.senderIdentity()).isEqualTo("speaker"));
			assertThat(texts.get(1).attributes()).containsEntry("lk.segment_id", "SG_2")
				.containsEntry("lk.transcription_final", "true");
			assertThat(listener.participant("speaker").orElseThrow().attributes()).containsEntry("lk.agent.state",
					"listening");
		}
	}

	private static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
