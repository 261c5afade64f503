package ai.flo.interviewer.agent;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ai.flo.interviewer.agent.rtc.FfiEngine;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RemoteAudio;
import ai.flo.interviewer.agent.rtc.Room;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Our room client against a real LiveKit server, in this JVM: audio and data between two
 * participants, and no native handle, route or thread left behind after many
 * connect/disconnect cycles (counted, not assumed).
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
		RoomListener receiver = new RoomListener() {
			@Override
			public void dataReceived(String participantIdentity, String topic, byte[] data) {
				messages.add(topic + ":" + new String(data, StandardCharsets.UTF_8));
			}
		};
		try (Room speaker = Room.connect(server.url(), LiveKitTestServer.candidateToken(room, "speaker", null, null),
				null, Duration.ofSeconds(20));
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
			}
		}
	}

	private static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

}
