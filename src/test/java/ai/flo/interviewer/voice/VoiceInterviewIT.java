package ai.flo.interviewer.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import ai.flo.interviewer.agent.rtc.RoomListener;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedTtsServer;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.Speech;
import ai.flo.interviewer.testsupport.TestMedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The voice interviewer against a real LiveKit server: the packaged jar's worker conducts
 * interviews with a simulated candidate (our room client speaking espeak-ng answers), and
 * local HTTP servers for speech-to-text (OpenAI's transcription wire format: checks each
 * utterance and answers its known text), the LLM (OpenAI's streaming chat format:
 * scripted turns with tool calls) and text-to-speech (Cartesia's wire format: answers
 * espeak-ng speech).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceInterviewIT {

	LiveKitTestServer livekit;

	ScriptedUtteranceServer stt;

	ScriptedOpenAiServer llm;

	ScriptedTtsServer tts;

	AppProcess worker;

	Path home;

	String databaseUrl;

	VoiceSessions sessions;

	@BeforeAll
	void start() throws Exception {
		this.livekit = LiveKitTestServer.start();
		this.stt = new ScriptedUtteranceServer();
		this.llm = ScriptedOpenAiServer.startOnFreePort();
		this.tts = ScriptedTtsServer.startOnFreePort();
		this.home = Files.createTempDirectory("flo-voice-it");
		this.databaseUrl = "sqlite:///voice.db";
		this.sessions = new VoiceSessions(this.databaseUrl, this.home);
		this.worker = startWorker(this.livekit, Map.of());
	}

	private AppProcess startWorker(LiveKitTestServer server, Map<String, String> extra) throws Exception {
		int health = AppProcess.freePort();
		Map<String, String> env = AppProcess.env("LIVEKIT_URL", server.url(), "LIVEKIT_API_KEY", LiveKitTestServer.KEY,
				"LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", this.home.toString(), "DATABASE_URL",
				this.databaseUrl, "FLO_WORKER_HEALTH_PORT", String.valueOf(health), "FLO_AGENT_HANDLER", "interviewer",
				"FLO_AGENT_STATUS_INTERVAL", "1s", "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", this.llm.baseUrl(),
				"GROQ_API_KEY", "gsk-test", "GROQ_BASE_URL", this.stt.baseUrl(), "FLO_STT_PROVIDER", "groq",
				"FLO_STT_MODEL", "whisper-large-v3", "FLO_STT_MAX_ATTEMPTS", "1", "CARTESIA_API_KEY", "ck-test",
				"CARTESIA_BASE_URL", this.tts.baseUrl(), "FLO_LLM_MAX_ATTEMPTS", "1", "FLO_VOICE_NUDGE_AFTER", "4s",
				"FLO_VOICE_SILENCE_END", "20s", "FLO_VOICE_REJOIN_GRACE", "3s", "FLO_JOBS_POLL_INTERVAL", "60s",
				"RUST_LOG", "warn");
		// No job runner: the analyses that ended sessions queue must not consume the
		// scripted LLM answers.
		env.put("FLO_JOBS_RUNNER_ENABLED", "false");
		env.putAll(extra);
		AppProcess started = AppProcess.javaJar(this.home, env, "--spring.profiles.active=worker");
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(started.process().isAlive()).as("worker alive; output:\n%s", started.output()).isTrue();
			assertThat(AppProcess.get("http://127.0.0.1:" + health + "/health").body())
				.contains("\"state\":\"REGISTERED\"");
		});
		return started;
	}

	@AfterAll
	void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { this.worker, this.livekit, this.stt, this.llm,
				this.tts }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@BeforeEach
	void reset() {
		this.llm.reset();
		this.stt.reset();
	}

	@Test
	void aWholeInterviewFollowsThePlan_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		String session = session(10, List.of(
				// name, mandatory, priority, numQuestions, questions
				new Skill("Kubernetes", false, 1, 1,
						List.of("How do you roll out a change on Kubernetes?", "unused question")),
				new Skill("Java", true, 2, 1, List.of("How do you make a Java service resilient?")),
				new Skill("Testing", true, 1, 2, List.of("How do you test a payment flow?", "What is a flaky test?"))));
		// Planned order: mandatory first, by priority: Testing (2 questions), Java, then
		// Kubernetes.
		List<String> answers = List.of("I test it end to end with a sandbox and contract tests.",
				"Can I get a hint please?", "A flaky test passes and fails without any change.",
				"I use timeouts, retries with backoff and circuit breakers.",
				"We use rolling updates with readiness probes.");
		answers.forEach(this.stt::answer);
		this.llm
			.reply(Reply.stream(List.of("Thanks, ", "that is a clear approach."), List.of(tool("next_question")), 5));
		this.llm.reply(Reply.stream(List.of(), List.of(tool("give_hint")), 5));
		this.llm.reply(Reply.stream(List.of("Think about what makes a test ", "fail only sometimes."), List.of(), 5));
		this.llm.reply(Reply.stream(List.of("Good."), List.of(tool("next_question")), 5));
		this.llm.reply(Reply.stream(List.of("Thank you."), List.of(tool("next_question")), 5));
		this.llm.reply(Reply.stream(List.of("Great, thanks."), List.of(tool("next_question")), 5));

		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			for (String answer : answers) {
				candidate.awaitAgentDone(Duration.ofMillis(1200), Duration.ofSeconds(60));
				candidate.say(Speech.pcm16kMono(answer));
				candidate.awaitSaid(Duration.ofSeconds(30));
			}
			String agent = candidate.agentIdentity();
			String agentTrack = candidate.room.microphoneTrackSid(agent).orElseThrow();
			// The closing words, then the agent leaves and the session ends.
			await().atMost(Duration.ofSeconds(60)).until(() -> status(session).equals("ENDED"));
			// LiveKit's standard protocol, as a stock front end reads it: the candidate's
			// words sent on the candidate's behalf for their microphone track, the
			// agent's
			// on its own track, each segment ending final.
			String me = "candidate-" + session;
			assertThat(candidate.transcriptions).anySatisfy((t) -> {
				assertThat(t.senderIdentity()).isEqualTo(me);
				assertThat(t.text()).isEqualTo(answers.get(0));
				assertThat(t.attributes()).containsEntry("lk.transcription_final", "true")
					.containsEntry("lk.transcribed_track_id", candidate.microphoneSid())
					.containsKey("lk.segment_id");
			});
			assertThat(candidate.transcriptions).anySatisfy((t) -> {
				assertThat(t.senderIdentity()).isEqualTo(agent);
				assertThat(t.text()).startsWith("Hello Alex, thank you for joining.")
					.endsWith("How do you test a payment flow?");
				assertThat(t.attributes()).containsEntry("lk.transcription_final", "true")
					.containsEntry("lk.transcribed_track_id", agentTrack);
			});
			assertThat(candidate.transcriptions.stream()
				.filter((t) -> t.senderIdentity().equals(me))
				.map(RoomListener.TextMessage::text)).containsExactlyElementsOf(answers);
			assertThat(candidate.transcriptions.stream().map((t) -> t.attributes().get("lk.segment_id")).distinct())
				.hasSameSizeAs(candidate.transcriptions);
			// The agent's state: speaking the greeting, listening, thinking about an
			// answer, speaking again.
			assertThat(candidate.agentStates).containsSubsequence("speaking", "listening", "thinking", "speaking",
					"listening");
			// The page's clock: the whole ten minutes (less the moment it took to start),
			// published when the interview starts.
			assertThat(candidate.timeLeft).isNotEmpty();
			assertThat(candidate.timeLeft.get(0)).isBetween(Duration.ofMinutes(9).toMillis(),
					Duration.ofMinutes(10).toMillis());
		}
		assertThat(this.stt.violations()).isEmpty();
		assertThat(this.stt.requests()).hasSize(answers.size());
		List<String[]> transcript = transcript(session);
		List<String> interviewer = transcript.stream()
			.filter((t) -> t[0].equals("interviewer"))
			.map((t) -> t[1])
			.toList();
		List<String> said = transcript.stream().filter((t) -> t[0].equals("candidate")).map((t) -> t[1]).toList();
		assertThat(said).containsExactlyElementsOf(answers);
		String all = String.join(" | ", interviewer);
		assertThat(all).containsSubsequence("How do you test a payment flow?", "What is a flaky test?",
				"How do you make a Java service resilient?", "How do you roll out a change on Kubernetes?",
				"end of the interview");
		assertThat(all).doesNotContain("unused question");
		assertThat(all).contains("fail only sometimes");
		// The hint request carried the ideal answer's key points to the model, not to the
		// candidate.
		assertThat(this.llm.requests().get(2).body()).contains("keyPoints");
		// Latency metrics per answered turn.
		assertThat(
				count("SELECT COUNT(*) FROM voice_turns WHERE session_id = ? AND end_to_end_ms IS NOT NULL", session))
			.isGreaterThanOrEqualTo(4);
		// The session's own record of its plan: every question asked, with its time and
		// the answer's span; the hint and the follow-up on the flaky test; why it ended.
		assertThat(count("SELECT COUNT(*) FROM session_plan_questions WHERE session_id = ? AND status = 'ASKED' "
				+ "AND asked_at_ms IS NOT NULL AND answer_start_ms IS NOT NULL AND answer_end_ms >= answer_start_ms",
				session))
			.isEqualTo(4);
		assertThat(count("SELECT COUNT(*) FROM session_plan_questions WHERE session_id = ? AND position = 1 "
				+ "AND question = 'What is a flaky test?' AND hints = 1 AND follow_ups = 1", session))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM interview_sessions WHERE id = ? AND interview_end_reason = 'PLAN_DONE'",
				session))
			.isEqualTo(1);
		// The analysis is queued for the ended session.
		assertThat(count("SELECT COUNT(*) FROM analyses WHERE session_id = ?", session)).isEqualTo(1);
		// The stereo recording: two channels, speech on both.
		Path recording = this.home.resolve("interview_data").resolve(session).resolve("recording.wav");
		TestMedia.Probe probe = TestMedia.probe(recording);
		assertThat(probe.audio().orElseThrow().channels()).isEqualTo(2);
		assertThat(probe.durationSeconds()).isGreaterThan(15);
		double[] rms = channelRms(recording);
		assertThat(rms[0]).as("agent (left)").isGreaterThan(300);
		assertThat(rms[1]).as("candidate (right)").isGreaterThan(150);
	}

	@Test
	void silenceGetsANudgeARepeatAndThenAPoliteEnd() throws Exception {
		String session = session(10, List.of(new Skill("Java", true, 1, 1, List.of("What is a record in Java?"))));
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(60)).until(() -> status(session).equals("ENDED"));
		}
		String all = String.join(" | ", transcript(session).stream().map((t) -> t[1]).toList());
		assertThat(all).containsSubsequence("What is a record in Java?", "Would you like me to repeat the question?",
				"Let me repeat the question. What is a record in Java?", "lost the connection");
	}

	@Test
	void theCandidateLeavingEndsTheInterviewAndKeepsTheTranscript() throws Exception {
		String session = session(10, List.of(new Skill("Java", true, 1, 1, List.of("What is a record in Java?"))));
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			candidate.awaitAgentDone(Duration.ofMillis(800), Duration.ofSeconds(60));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> status(session).equals("ENDED"));
		assertThat(transcript(session)).isNotEmpty();
		assertThat(this.home.resolve("interview_data").resolve(session).resolve("recording.wav")).exists();
	}

	@Test
	void theInterviewClosesWhenItsTimeIsUpWhateverThePlan_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		// One minute, less 45 s kept for the closing: 15 s after the start the clock
		// closes the
		// interview, with a second question still planned and no silence limit reached.
		String session = session(1, List
			.of(new Skill("Java", true, 1, 2, List.of("What is a record in Java?", "What is a sealed interface?"))));
		long start = System.nanoTime();
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			await().atMost(Duration.ofSeconds(60)).until(() -> status(session).equals("ENDED"));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(45));
		String all = String.join(" | ", transcript(session).stream().map((t) -> t[1]).toList());
		assertThat(all).containsSubsequence("What is a record in Java?", "end of the interview");
		assertThat(all).doesNotContain("sealed interface").doesNotContain("lost the connection");
		// The question the clock left out is recorded as not reached, never asked.
		assertThat(count("SELECT COUNT(*) FROM session_plan_questions WHERE session_id = ? AND position = 1 "
				+ "AND status = 'NOT_REACHED' AND asked_at_ms IS NULL", session))
			.isEqualTo(1);
		assertThat(count("SELECT COUNT(*) FROM interview_sessions WHERE id = ? AND interview_end_reason = 'TIME_UP'",
				session))
			.isEqualTo(1);
	}

	@Test
	void theCandidateTalkingOverTheAgentStopsItsVoice_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		String session = session(10, List.of(new Skill("Java", true, 1, 1, List.of("What is a record in Java?"))));
		this.stt.answer("Sorry, could you speak more slowly?");
		this.llm.reply(Reply.stream(List.of("Of course."), List.of(), 5));
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			// Wait until the greeting is well under way, then talk over it.
			await().atMost(Duration.ofSeconds(30)).until(() -> candidate.agentVoiceFrames.get() > 150);
			long spokeAt = System.nanoTime();
			candidate.say(Speech.pcm16kMono("Sorry, could you speak more slowly?"));
			// The agent's voice stops: no loud frame for 600 ms. Waited for up to 4 s so
			// that
			// a slow stop on a loaded machine is measured and reported below, not a
			// timeout.
			await().atMost(Duration.ofSeconds(4))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> System.nanoTime() - candidate.lastAgentVoice.get() > 600_000_000L);
			long stoppedAfterMs = (candidate.lastAgentVoice.get() - spokeAt) / 1_000_000;
			assertThat(stoppedAfterMs).as("agent voice stopped after the candidate started talking").isLessThan(2000);
			candidate.awaitSaid(Duration.ofSeconds(10));
			// The interruption is a turn: it is transcribed and answered.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> transcript(session).stream()
					.anyMatch((t) -> t[1].equals("Of course.") || t[1].startsWith("Of course.")));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> status(session).equals("ENDED"));
	}

	@Test
	void aSpeechToTextOutageGetsApologiesAndThenACleanEnd_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		String session = session(10, List.of(new Skill("Java", true, 1, 1, List.of("What is a record in Java?"))));
		this.stt.failAll(503);
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			for (int i = 0; i < 3 && !status(session).equals("ENDED"); i++) {
				candidate.awaitAgentDone(Duration.ofMillis(1200), Duration.ofSeconds(60));
				candidate.say(Speech.pcm16kMono("A record is a class for immutable data."));
				candidate.awaitSaid(Duration.ofSeconds(10));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> status(session).equals("ENDED"));
		}
		finally {
			this.stt.failAll(0);
		}
		String all = String.join(" | ", transcript(session).stream().map((t) -> t[1]).toList());
		assertThat(all).containsSubsequence("What is a record in Java?", "Sorry, I didn't catch that",
				"Sorry, I didn't catch that", "technical difficulties");
	}

	@Test
	void aPracticeInterviewUsesTheShortPlanAndIsNotAnalysed() throws Exception {
		String session = session(30, List.of(new Skill("Java", true, 1, 1, List.of("What is a record in Java?"))));
		this.sessions.update("UPDATE interview_sessions SET practice = 1 WHERE id = ?", session);
		try (VoiceCandidate candidate = new VoiceCandidate(this.livekit, "interview-" + session, "candidate-" + session,
				"{\"sessionId\":\"" + session + "\"}")) {
			candidate.listenToAgent(Duration.ofSeconds(30));
			candidate.awaitAgentDone(Duration.ofMillis(800), Duration.ofSeconds(60));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> status(session).equals("ENDED"));
		String all = String.join(" | ", transcript(session).stream().map((t) -> t[1]).toList());
		assertThat(all).contains("practice interview")
			.contains("Tell me a little about yourself")
			.doesNotContain("record in Java");
		assertThat(count("SELECT COUNT(*) FROM analyses WHERE session_id = ?", session)).isZero();
	}

	@Test
	void theLegacyInterviewerRunsFromThePromptAlone_localSpeechLlmAndTtsWireFormatServers() throws Exception {
		// Its own LiveKit server and worker (USE_LEGACY_AGENT=true), on the same
		// database.
		try (LiveKitTestServer server = LiveKitTestServer.start();
				AppProcess legacy = startWorker(server, Map.of("USE_LEGACY_AGENT", "true"))) {
			String session = session(10, List.of(new Skill("Java", true, 1, 2,
					List.of("What is a record in Java?", "What is a sealed interface?"))));
			this.stt.answer("A record holds immutable data.").answer("It limits which classes may implement it.");
			this.llm.reply(Reply.stream(List.of("Thanks. ", "What is a sealed interface?"), List.of(), 5));
			this.llm.reply(Reply.stream(List.of("Thank you."), List.of(tool("end_interview")), 5));
			try (VoiceCandidate candidate = new VoiceCandidate(server, "interview-" + session, "candidate-" + session,
					"{\"sessionId\":\"" + session + "\"}")) {
				candidate.listenToAgent(Duration.ofSeconds(30));
				for (String answer : List.of("A record holds immutable data.",
						"It limits which classes may implement it.")) {
					candidate.awaitAgentDone(Duration.ofMillis(1200), Duration.ofSeconds(60));
					candidate.say(Speech.pcm16kMono(answer));
					candidate.awaitSaid(Duration.ofSeconds(30));
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> status(session).equals("ENDED"));
			}
			String first = this.llm.requests().get(0).body();
			// The question list is in the system prompt, and the only tool is
			// end_interview.
			assertThat(first).contains("1. What is a record in Java?")
				.contains("2. What is a sealed interface?")
				.contains("end_interview")
				.doesNotContain("next_question")
				.doesNotContain("give_hint");
			String all = String.join(" | ", transcript(session).stream().map((t) -> t[1]).toList());
			assertThat(all).containsSubsequence("What is a record in Java?", "immutable data",
					"What is a sealed interface?", "which classes may implement it", "end of the interview");
			// It asks from its prompt, not from a plan our code keeps: no plan is
			// recorded
			// (its analysis lists the questions it finds in the transcript).
			assertThat(count("SELECT COUNT(*) FROM session_plan_questions WHERE session_id = ?", session)).isZero();
		}
	}

	record Skill(String name, boolean mandatory, int priority, int numQuestions, List<String> questions) {
	}

	private static ScriptedOpenAiServer.ScriptedToolCall tool(String name) {
		return new ScriptedOpenAiServer.ScriptedToolCall("call_" + UUID.randomUUID().toString().substring(0, 8), name,
				List.of("{}"));
	}

	private String session(int lengthMinutes, List<Skill> skills) throws Exception {
		return this.sessions.create(lengthMinutes, skills, UUID.randomUUID().toString());
	}

	private String status(String session) throws Exception {
		return this.sessions.status(session);
	}

	private int count(String sql, String session) throws Exception {
		return this.sessions.count(sql, session);
	}

	private List<String[]> transcript(String session) throws Exception {
		return this.sessions.transcript(session);
	}

	/** RMS of each channel of a 16-bit stereo WAV. */
	private static double[] channelRms(Path wav) throws Exception {
		ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
		double[] sums = new double[2];
		long frames = 0;
		for (int i = 44; i + 3 < data.capacity(); i += 4) {
			double left = data.getShort(i);
			double right = data.getShort(i + 2);
			sums[0] += left * left;
			sums[1] += right * right;
			frames++;
		}
		return new double[] { Math.sqrt(sums[0] / frames), Math.sqrt(sums[1] / frames) };
	}

}
