package ai.flo.interviewer.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedTtsServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.Speech;

/**
 * Interviews that outlive what goes wrong, as people would meet it: the packaged jar's
 * API and two workers against a real LiveKit server, with local servers speaking the wire
 * formats of speech-to-text, the LLM and text-to-speech. A candidate whose connection
 * drops gets a new token from the API and is back in the same interview, which waited; a
 * worker killed with SIGKILL mid-interview is replaced by the other one, which carries
 * the interview on; a session that ended is never interviewed again. Each interview ends
 * with one transcript, one recording and one analysis. Prints the seconds from the kill
 * to the new agent's voice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern JOBS = Pattern.compile("\"jobs\":(\\d+)");

	private static final String QUESTION = "What is a record in Java?";

	private static final String SECOND = "What is a sealed interface?";

	private static final String ANSWER = "A record holds immutable data.";

	private static final Duration GRACE = Duration.ofSeconds(10);

	LiveKitTestServer livekit;

	ScriptedUtteranceServer stt;

	ScriptedOpenAiServer llm;

	ScriptedTtsServer tts;

	Path home;

	VoiceSessions sessions;

	AppProcess api;

	int apiPort;

	final List<Worker> workers = new ArrayList<>();

	/** The session of the first scenario, with its first LiveKit token. */
	String endedSession;

	String endedSessionToken;

	String endedLiveKitToken;

	record Worker(AppProcess process, int health) {

		int jobs() {
			Matcher jobs = JOBS.matcher(AppProcess.get("http://127.0.0.1:" + this.health + "/health").body());
			return jobs.find() ? Integer.parseInt(jobs.group(1)) : -1;
		}

	}

	@BeforeAll
	void start() throws Exception {
		this.livekit = LiveKitTestServer.start();
		this.stt = new ScriptedUtteranceServer();
		this.llm = ScriptedOpenAiServer.startOnFreePort();
		// The interviewer's turns stream; an analysis of an ended session (not streamed)
		// must not take the interviewer's scripted answers.
		this.llm.route((request) -> request.body().contains("\"stream\":true") ? null
				: Reply.error(400, "no analysis is scripted in this test"));
		this.tts = ScriptedTtsServer.startOnFreePort();
		this.home = Files.createTempDirectory("flo-resilience-it");
		this.sessions = new VoiceSessions("sqlite:///resilience.db", this.home);
		this.apiPort = AppProcess.freePort();
		this.api = AppProcess.javaJar(this.home, env(), "--server.port=" + this.apiPort);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(this.api.process().isAlive()).as("API alive; output:\n%s", this.api.output()).isTrue();
			// Answering: DOWN (503) until a worker's heartbeat is there.
			assertThat(AppProcess.get("http://127.0.0.1:" + this.apiPort + "/health").status()).isIn(200, 503);
		});
		// Both workers start together: the migrations are the API's, already done.
		startWorkers(2);
	}

	/**
	 * Starts workers until there are {@code count}, and waits for all to be registered.
	 */
	private void startWorkers(int count) throws Exception {
		while (this.workers.size() < count) {
			int health = AppProcess.freePort();
			Map<String, String> env = env();
			env.put("FLO_WORKER_HEALTH_PORT", String.valueOf(health));
			this.workers.add(new Worker(AppProcess.javaJar(this.home, env, "--spring.profiles.active=worker"), health));
		}
		awaitWorkersRegistered(Duration.ofSeconds(120));
	}

	/** Every worker alive (none died unnoticed) and registered with LiveKit. */
	private void awaitWorkersRegistered(Duration timeout) {
		for (Worker worker : this.workers) {
			await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
				assertThat(worker.process().process().isAlive())
					.as("worker alive; output:\n%s", worker.process().output())
					.isTrue();
				assertThat(AppProcess.get("http://127.0.0.1:" + worker.health() + "/health").body())
					.contains("\"state\":\"REGISTERED\"");
			});
		}
	}

	private Map<String, String> env() {
		// The reconciler looks every second, an agent quiet for 3 s is lost; a candidate
		// who left has GRACE to come back. No nudges or silence limit in the way.
		return AppProcess.env("LIVEKIT_URL", this.livekit.url(), "LIVEKIT_API_KEY", LiveKitTestServer.KEY,
				"LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", this.home.toString(), "DATABASE_URL",
				"sqlite:///resilience.db", "FLO_AGENT_HANDLER", "interviewer", "FLO_AGENT_STATUS_INTERVAL", "1s",
				"OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", this.llm.baseUrl(), "GROQ_API_KEY", "gsk-test",
				"GROQ_BASE_URL", this.stt.baseUrl(), "FLO_STT_PROVIDER", "groq", "FLO_STT_MODEL", "whisper-large-v3",
				"CARTESIA_API_KEY", "ck-test", "CARTESIA_BASE_URL", this.tts.baseUrl(), "FLO_LLM_MAX_ATTEMPTS", "1",
				"FLO_VOICE_NUDGE_AFTER", "60s", "FLO_VOICE_SILENCE_END", "120s", "FLO_VOICE_REJOIN_GRACE",
				GRACE.toSeconds() + "s", "FLO_INTERVIEW_AGENT_QUIET_AFTER", "3s", "FLO_INTERVIEW_RECONCILE_EVERY", "1s",
				"FLO_JOBS_POLL_INTERVAL", "500ms", "RUST_LOG", "warn");
	}

	@AfterAll
	void stop() throws Exception {
		List<AutoCloseable> all = new ArrayList<>();
		this.workers.forEach((w) -> all.add(w.process()));
		Stream.of(this.api, this.livekit, this.stt, this.llm, this.tts).forEach(all::add);
		for (AutoCloseable closeable : all) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	@Order(1)
	void aCandidateWhoseConnectionDropsRejoinsTheSameInterview_localSpeechLlmAndTtsWireFormatServers()
			throws Exception {
		String token = "session-token-" + UUID.randomUUID();
		String session = this.sessions.create(10, skills(1), token);
		JsonNode first = rejoin(session, token);
		// The candidate's client dies without a word to LiveKit once the question is
		// asked.
		Process client = CandidateProcess.start(first.path("serverUrl").asString(),
				first.path("participantToken").asString());
		try {
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(said(session)).contains(QUESTION));
		}
		finally {
			client.destroyForcibly().waitFor();
		}
		// The reloaded page asks for a new token with the session's token: the same room,
		// the same interview, which waited.
		JsonNode again = rejoin(session, token);
		assertThat(again.path("roomName").asString()).isEqualTo(first.path("roomName").asString());
		assertThat(again.path("participantToken").asString()).isNotEqualTo(first.path("participantToken").asString());
		assertThat(this.sessions.status(session)).isEqualTo("LIVE");
		try (VoiceCandidate candidate = join(again)) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(askedAgainAfterWelcomeBack(session, QUESTION)).as(said(session)).isTrue());
			candidate.awaitAgentQuiet(Duration.ofMillis(800), Duration.ofSeconds(30));
		}
		// Gone for good: the session ends once the grace is over.
		await().atMost(GRACE.plusSeconds(40))
			.untilAsserted(() -> assertThat(this.sessions.status(session)).isIn("ENDED", "ANALYSING", "ANALYSED"));
		assertThat(spoken(session)).filteredOn((line) -> line.contains("Welcome back")).hasSize(1);
		assertThat(said(session)).containsSubsequence(QUESTION, "Welcome back", QUESTION);
		assertOneOfEach(session);
		this.endedSession = session;
		this.endedSessionToken = token;
		this.endedLiveKitToken = first.path("participantToken").asString();
	}

	@Test
	@Order(2)
	void aWorkerKilledMidAnswerIsReplacedAndTheInterviewCarriesOn_localSpeechLlmAndTtsWireFormatServers()
			throws Exception {
		String token = "session-token-" + UUID.randomUUID();
		String session = this.sessions.create(10, skills(2), token);
		double beforeKill;
		this.stt.answer(ANSWER);
		this.llm.reply(Reply.stream(List.of("Thanks."),
				List.of(new ScriptedOpenAiServer.ScriptedToolCall("call_1", "next_question", List.of("{}"))), 5));
		try (VoiceCandidate candidate = join(rejoin(session, token))) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			candidate.awaitAgentDone(Duration.ofMillis(800), Duration.ofSeconds(60));
			candidate.say(Speech.pcm16kMono(ANSWER));
			candidate.awaitSaid(Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(said(session)).contains(SECOND));
			// The line is stored as its speech ends: the agent may be quiet already.
			candidate.awaitAgentQuiet(Duration.ofMillis(800), Duration.ofSeconds(30));
			// The candidate is answering the second question when the worker dies.
			candidate.say(Speech.pcm16kMono("A sealed interface names the classes that may implement it, "
					+ "so that a switch over it can be exhaustive."));
			Worker holding = await().atMost(Duration.ofSeconds(10))
				.until(() -> this.workers.stream().filter((w) -> w.jobs() == 1).findFirst().orElse(null),
						(w) -> w != null);
			Thread.sleep(1000);
			beforeKill = (System.nanoTime() - candidate.firstAgentVoice.get()) / 1e9;
			long killed = System.nanoTime();
			holding.process().process().destroyForcibly().waitFor();
			this.workers.remove(holding);
			// The other worker's reconciler finds the agent quiet with the candidate
			// there, and dispatches a new one, which carries the interview on.
			candidate.listenToNewAgent(Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> candidate.lastAgentVoice.get() > killed);
			System.out.printf("ResilienceIT: from SIGKILL of the worker to the new agent's voice: %.1f s%n",
					(candidate.lastAgentVoice.get() - killed) / 1e9);
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(
						() -> assertThat(askedAgainAfterWelcomeBack(session, SECOND)).as(said(session)).isTrue());
			candidate.awaitAgentQuiet(Duration.ofMillis(800), Duration.ofSeconds(30));
		}
		await().atMost(GRACE.plusSeconds(40))
			.untilAsserted(() -> assertThat(this.sessions.status(session)).isIn("ENDED", "ANALYSING", "ANALYSED"));
		// The recording keeps what the killed worker recorded (its part joined with the
		// new agent's; at most what sat in its write buffer is gone).
		Path recording = this.home.resolve("interview_data").resolve(session).resolve("recording.wav");
		double recorded = (Files.size(recording) - 44) / 4.0 / 16_000;
		assertThat(recorded).isGreaterThan(beforeKill - 1.5);
		// What was said before the kill is all there, and the current question again.
		assertThat(said(session)).containsSubsequence(QUESTION, ANSWER, "Thanks.", SECOND, "Welcome back", SECOND);
		assertThat(spoken(session)).filteredOn((line) -> line.contains("Welcome back")).hasSize(1);
		assertOneOfEach(session);
	}

	@Test
	@Order(3)
	void aSessionThatEndedIsNeverInterviewedAgain_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		assertThat(this.endedSession).as("the first scenario's session").isNotNull();
		HttpResponse<String> refused = post("/api/sessions/" + this.endedSession + "/rejoin", this.endedSessionToken);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(JSON.readTree(refused.body()).path("type").asString()).isEqualTo("urn:flo:problem:session-over");
		int lines = this.sessions.transcript(this.endedSession).size();
		String status = this.sessions.status(this.endedSession);
		assertThat(status).isIn("ENDED", "ANALYSING", "ANALYSED");
		// Its old LiveKit token still opens the room once the old one has closed (its
		// dispatch comes with a room that starts), and dispatches an agent, which leaves
		// without a word.
		String room = "interview-" + this.endedSession;
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.livekit.hasRoom(room)).as(this.livekit::agentLog).isFalse());
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit.url(), this.endedLiveKitToken)) {
			Worker worker = this.workers.get(0);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(worker.process().output())
					.as(() -> "the worker's output:\n" + worker.process().output() + "\nLiveKit's log:\n"
							+ this.livekit.agentLog())
					.contains("session " + this.endedSession + " has ended: it is not interviewed again"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> candidate.room.participants()
					.stream()
					.noneMatch((p) -> "PARTICIPANT_KIND_AGENT".equals(p.kind())));
		}
		assertThat(this.sessions.status(this.endedSession)).isEqualTo(status);
		assertThat(this.sessions.transcript(this.endedSession)).hasSize(lines);
	}

	@Test
	@Order(4)
	void aLiveKitServerRestartedTenTimesLosesNoInterview_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		startWorkers(2);
		int open = 3;
		int restarts = 10;
		List<String> sessions = new ArrayList<>();
		List<String> tokens = new ArrayList<>();
		List<VoiceCandidate> candidates = new ArrayList<>();
		try {
			for (int i = 0; i < open; i++) {
				tokens.add("session-token-" + UUID.randomUUID());
				sessions.add(this.sessions.create(30, skills(1), tokens.get(i)));
				candidates.add(join(rejoin(sessions.get(i), tokens.get(i))));
			}
			for (String session : sessions) {
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(said(session)).contains(QUESTION));
			}
			List<Long> backAfterMs = new ArrayList<>();
			for (int restart = 1; restart <= restarts; restart++) {
				this.livekit.kill();
				long killed = System.nanoTime();
				this.livekit.startProcess();
				// Every worker notices, and registers again by itself.
				awaitWorkersRegistered(Duration.ofSeconds(60));
				for (int i = 0; i < open; i++) {
					// The candidate's page joins again (as it does when LiveKit's own
					// reconnection gives up): the interview carries on, welcomed back.
					candidates.get(i).close();
					candidates.set(i, join(rejoin(sessions.get(i), tokens.get(i))));
				}
				for (String session : sessions) {
					int expected = restart;
					await().atMost(Duration.ofSeconds(90))
						.untilAsserted(() -> assertThat(welcomesBack(session)).as(said(session))
							.isGreaterThanOrEqualTo(expected));
				}
				backAfterMs.add((System.nanoTime() - killed) / 1_000_000);
			}
			System.out.printf(
					"ResilienceIT: LiveKit killed and restarted %d times with %d interviews open: "
							+ "all resumed every time, seconds until all were welcomed back: %s%n",
					restarts, open, backAfterMs.stream().map((ms) -> String.format("%.1f", ms / 1000.0)).toList());
		}
		finally {
			for (VoiceCandidate candidate : candidates) {
				candidate.close();
			}
		}
		for (String session : sessions) {
			await().atMost(GRACE.plusSeconds(60))
				.untilAsserted(() -> assertThat(this.sessions.status(session)).isIn("ENDED", "ANALYSING", "ANALYSED"));
			// Welcomed back after every restart (once more when the candidate's own
			// client
			// came back to the room before the page joined again), and one agent at a
			// time:
			// the interviewer's lines never overlap.
			assertThat(welcomesBack(session)).isBetween((long) restarts, 2L * restarts);
			List<long[]> times = this.sessions.interviewerTimes(session);
			for (int i = 1; i < times.size(); i++) {
				assertThat(times.get(i)[0]).as("line %d starts after line %d ends", i + 1, i)
					.isGreaterThanOrEqualTo(times.get(i - 1)[1] - 200);
			}
			assertOneOfEach(session);
		}
		for (Worker worker : this.workers) {
			assertThat(worker.process().process().isAlive()).as("worker alive; output:\n%s", worker.process().output())
				.isTrue();
		}
	}

	private long welcomesBack(String session) throws Exception {
		return spoken(session).stream().filter((line) -> line.startsWith("Welcome back")).count();
	}

	private static List<VoiceInterviewIT.Skill> skills(int questions) {
		return List.of(new VoiceInterviewIT.Skill("Java", true, 1, questions, List.of(QUESTION, SECOND)));
	}

	private boolean askedAgainAfterWelcomeBack(String session, String question) throws Exception {
		String all = said(session);
		int back = all.indexOf("Welcome back");
		return back >= 0 && all.indexOf(question, back) > 0;
	}

	/** All that was said, line by line, in one text. */
	private String said(String session) throws Exception {
		return String.join(" | ", spoken(session));
	}

	private List<String> spoken(String session) throws Exception {
		return this.sessions.transcript(session).stream().map((line) -> line[1]).toList();
	}

	/**
	 * One transcript, one recording (its parts joined), one analysis queued, and the
	 * stored progress gone with the interview.
	 */
	private void assertOneOfEach(String session) throws Exception {
		Path folder = this.home.resolve("interview_data").resolve(session);
		assertThat(folder.resolve("recording.wav")).exists();
		try (Stream<Path> files = Files.list(folder)) {
			assertThat(files.map((f) -> f.getFileName().toString())).noneMatch((f) -> f.startsWith("recording.part-"));
		}
		assertThat(this.sessions.count("SELECT COUNT(*) FROM analyses WHERE session_id = ?", session)).isEqualTo(1);
		assertThat(this.sessions.count("SELECT COUNT(*) FROM interview_progress WHERE session_id = ?", session))
			.isZero();
	}

	private VoiceCandidate join(JsonNode grant) {
		assertThat(grant.path("serverUrl").asString()).isEqualTo(this.livekit.url());
		return new VoiceCandidate(grant.path("serverUrl").asString(), grant.path("participantToken").asString());
	}

	private JsonNode rejoin(String session, String token) throws Exception {
		HttpResponse<String> response = post("/api/sessions/" + session + "/rejoin", token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> post(String path, String bearer) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.apiPort + path))
				.header("Authorization", "Bearer " + bearer)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
