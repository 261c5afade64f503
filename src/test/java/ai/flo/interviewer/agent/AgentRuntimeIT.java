package ai.flo.interviewer.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.flo.interviewer.agent.rtc.AudioFrame;
import ai.flo.interviewer.agent.rtc.LocalAudio;
import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.Speech;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The agent runtime against a real LiveKit server: the packaged jar's worker registers,
 * is dispatched by a candidate's token, hears the candidate's espeak-ng speech (the echo
 * agent reports what it heard over the data channel) and speaks back; two workers share
 * rooms; the worker comes back after the server restarts and drains on SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentRuntimeIT {

	private static final Pattern STAT = Pattern.compile("\"(\\w+)\":\"?([\\w.-]+)\"?");

	LiveKitTestServer server;

	WorkerProcess worker;

	@BeforeAll
	void start() throws Exception {
		this.server = LiveKitTestServer.start();
		this.worker = WorkerProcess.start(this.server, Map.of("FLO_AGENT_MAX_JOBS", "4"));
	}

	@AfterAll
	void stop() throws Exception {
		if (this.worker != null) {
			this.worker.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	@Order(1)
	void aRoomCreatedWithADispatchingTokenGetsExactlyOneAgent() throws Exception {
		try (Candidate candidate = new Candidate(this.server, room(), "candidate-1")) {
			RoomListener.Participant agent = candidate.awaitAgent(Duration.ofSeconds(20));
			assertThat(agent.identity()).startsWith("agent-");
			assertThat(agent.attributes()).containsEntry("lk.agent_name", "interviewer");
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(3))
				.until(() -> candidate.agents().size() == 1);
			assertThat(this.worker.agentHealth().path("details").path("jobs").asInt()).isEqualTo(1);
		}
	}

	@Test
	@Order(2)
	void theAgentHearsTheCandidatesSpeechAndTheCandidateHearsTheAgent() throws Exception {
		short[] speech = Speech.pcm16kMono("Hello, my name is Alex and I have five years of experience with Java.");
		double speechSpan = Speech.voicedSpanMillis(speech, 16_000, 300);
		assertThat(speechSpan).as("espeak-ng made speech").isGreaterThan(2000);
		short[] silence = new short[8_000];
		try (Candidate candidate = new Candidate(this.server, room(), "candidate-2")) {
			RoomListener.Participant agent = candidate.awaitAgent(Duration.ofSeconds(20));
			candidate.listenTo(agent.identity());
			try (LocalAudio microphone = candidate.microphone()) {
				// Let the agent subscribe before the speech starts, then half a second of
				// silence each side.
				await().atMost(Duration.ofSeconds(10)).until(() -> !candidate.stats.isEmpty());
				microphone.write(silence);
				microphone.write(speech);
				microphone.write(silence);
				microphone.write(silence);
				double published = (silence.length * 3 + speech.length) / 16.0;
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(number(candidate.lastStats(), "millis"))
						.isGreaterThanOrEqualTo(published - 200));
				Map<String, String> stats = parse(candidate.lastStats());
				// The agent heard the speech: its loud part as long as the file's, and
				// loud.
				assertThat(Double.parseDouble(stats.get("voicedSpanMillis"))).isCloseTo(speechSpan, within(250.0));
				assertThat(Double.parseDouble(stats.get("maxRms"))).isGreaterThan(1500);
				assertThat(Double.parseDouble(stats.get("millis"))).isCloseTo(published, within(published * 0.1));
				assertThat(Long.parseLong(stats.get("pid"))).isEqualTo(this.worker.pid());
			}
			// The candidate heard the agent (echo, 300 ms late): speech of the same
			// length.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(voicedSpan(candidate.heard)).isCloseTo(speechSpan, within(250.0)));
			assertThat(candidate.heard.stream().mapToDouble(AudioFrame::rms).max().orElse(0)).isGreaterThan(1500);
		}
	}

	@Test
	@Order(3)
	void aLoneWorkerFillsEverySlotThenASecondTakesTheRestOneAgentEachRoom() throws Exception {
		List<Candidate> candidates = new ArrayList<>();
		try {
			// The first worker alone (FLO_AGENT_MAX_JOBS=4) is sent a fourth room too,
			// although 3 of 4 slots taken is over LiveKit's target load of 0.7.
			Set<Long> pids = new HashSet<>();
			for (int i = 0; i < 3; i++) {
				candidates.add(new Candidate(this.server, room(), "candidate-" + i));
			}
			for (Candidate candidate : candidates) {
				pids.add(agentPid(candidate));
			}
			// As in life, where interviews start minutes apart: the worker has told
			// LiveKit its load with 3 taken (FLO_AGENT_STATUS_INTERVAL=1s) when the
			// fourth
			// room starts.
			Thread.sleep(2500);
			candidates.add(new Candidate(this.server, room(), "candidate-3"));
			pids.add(agentPid(candidates.get(3)));
			assertThat(pids).containsExactly(this.worker.pid());
			assertThat(this.worker.agentHealth().path("details").path("jobs").asInt()).isEqualTo(4);
			// Full: the next rooms go to a second worker.
			try (WorkerProcess second = WorkerProcess.start(this.server, Map.of("FLO_AGENT_MAX_JOBS", "2"))) {
				for (int i = 4; i < 6; i++) {
					candidates.add(new Candidate(this.server, room(), "candidate-" + i));
					pids.add(agentPid(candidates.get(i)));
				}
				await().during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(2))
					.until(() -> candidates.stream().allMatch((c) -> c.agents().size() == 1));
				assertThat(pids).containsExactlyInAnyOrder(this.worker.pid(), second.pid());
				assertThat(this.worker.agentHealth().path("details").path("jobs").asInt()).isEqualTo(4);
				assertThat(second.agentHealth().path("details").path("jobs").asInt()).isEqualTo(2);
			}
		}
		finally {
			for (Candidate candidate : candidates) {
				candidate.close();
			}
		}
	}

	/** The process id of the agent that joined the candidate's room, as its stats say. */
	private long agentPid(Candidate candidate) throws Exception {
		RoomListener.Participant agent = candidate.awaitAgent(Duration.ofSeconds(30));
		candidate.listenTo(agent.identity());
		await().atMost(Duration.ofSeconds(15)).until(() -> !candidate.stats.isEmpty());
		return Long.parseLong(parse(candidate.lastStats()).get("pid"));
	}

	@Test
	@Order(4)
	void afterTheServerRestartsTheWorkerRegistersAgainAndTakesTheNextJob() throws Exception {
		// The earlier rooms are over first: this test is about the worker's connection to
		// LiveKit.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.worker.agentHealth().path("details").path("jobs").asInt() == 0);
		this.server.kill();
		this.worker.awaitAgent("DOWN", Duration.ofSeconds(20));
		this.server.startProcess();
		this.worker.awaitAgent("UP", Duration.ofSeconds(30));
		try (Candidate candidate = new Candidate(this.server, room(), "candidate-after-restart")) {
			candidate.awaitAgent(Duration.ofSeconds(20));
		}
	}

	@Test
	@Order(5)
	void sigtermDrainsTheRunningJobAndExitsAfterIt() throws Exception {
		Candidate candidate = new Candidate(this.server, room(), "candidate-drain");
		try {
			candidate.awaitAgent(Duration.ofSeconds(20));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.worker.agentHealth().path("details").path("jobs").asInt() == 1);
			this.worker.process.signal("TERM");
			// Draining: still alive, still in the room, no longer taking jobs.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "DRAINING".equals(this.worker.agentHealth().path("details").path("state").asString()));
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(4))
				.until(() -> this.worker.process.process().isAlive() && candidate.agents().size() == 1);
		}
		finally {
			candidate.close();
		}
		// The interview ended: the worker leaves.
		assertThat(this.worker.process.waitForExit(Duration.ofSeconds(30))).as(this.worker.process.output()).isTrue();
		assertThat(this.worker.process.output()).contains("Agent worker draining", "Agent worker stopped");
	}

	private static String room() {
		return "room-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static double voicedSpan(List<AudioFrame> heard) {
		// One snapshot: the listener thread keeps appending.
		List<AudioFrame> frames = List.copyOf(heard);
		int count = frames.stream().mapToInt((f) -> f.samples().length).sum();
		short[] all = new short[count];
		int offset = 0;
		for (AudioFrame frame : frames) {
			System.arraycopy(frame.samples(), 0, all, offset, frame.samples().length);
			offset += frame.samples().length;
		}
		return Speech.voicedSpanMillis(all, 16_000, 300);
	}

	private static double number(String json, String key) {
		String value = parse(json).get(key);
		return (value == null) ? 0 : Double.parseDouble(value);
	}

	private static Map<String, String> parse(String json) {
		Map<String, String> values = new java.util.HashMap<>();
		Matcher matcher = STAT.matcher(json);
		while (matcher.find()) {
			values.put(matcher.group(1), matcher.group(2));
		}
		return values;
	}

}
