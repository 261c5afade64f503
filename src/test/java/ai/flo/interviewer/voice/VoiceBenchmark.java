package ai.flo.interviewer.voice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.LiveKitTestServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer.Reply;
import ai.flo.interviewer.testsupport.ScriptedTtsServer;
import ai.flo.interviewer.testsupport.ScriptedUtteranceServer;
import ai.flo.interviewer.testsupport.Speech;
import ai.flo.interviewer.testsupport.Sql;

/**
 * Voice interviewer benchmark (prints figures; run by {@code scripts/bench/voice.sh}): 1,
 * 5 and 10 simultaneous interviews through a local LiveKit server, each a simulated
 * candidate answering after every agent turn, with local speech-to-text, LLM and
 * text-to-speech servers. Per turn, our own overhead is the time from the end of the
 * candidate's speech to the first audio frame of the answer, minus the endpointing wait
 * and the providers' measured latencies (speech-to-text, LLM first token, text-to-speech
 * first byte); the worker's CPU and resident memory are sampled from /proc.
 */
public final class VoiceBenchmark {

	public static void main(String[] args) throws Exception {
		int[] counts = Arrays.stream(System.getProperty("interviews", "1,5,10").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int turns = Integer.getInteger("turns", 6);
		short[] answer = Speech.pcm16kMono("I would put the work on a queue and retry failed calls with backoff.");
		try (LiveKitTestServer livekit = LiveKitTestServer.start();
				ScriptedUtteranceServer stt = new ScriptedUtteranceServer();
				ScriptedOpenAiServer llm = ScriptedOpenAiServer.startOnFreePort();
				ScriptedTtsServer tts = ScriptedTtsServer.startOnFreePort()) {
			stt.otherwise("I would put the work on a queue and retry failed calls with backoff.");
			llm.route((request) -> Reply.stream(List.of("Thank you. ", "What would you monitor?"), List.of(), 5));
			Path home = Files.createTempDirectory("flo-voice-bench");
			int health = AppProcess.freePort();
			Map<String, String> env = AppProcess.env("LIVEKIT_URL", livekit.url(), "LIVEKIT_API_KEY",
					LiveKitTestServer.KEY, "LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", home.toString(),
					"DATABASE_URL", "sqlite:///voice.db", "FLO_WORKER_HEALTH_PORT", String.valueOf(health),
					"FLO_AGENT_MAX_JOBS", "12", "OPENAI_API_KEY", "sk-bench", "OPENAI_BASE_URL", llm.baseUrl(),
					"GROQ_API_KEY", "gsk-bench", "GROQ_BASE_URL", stt.baseUrl(), "FLO_STT_PROVIDER", "groq",
					"FLO_STT_MODEL", "whisper-large-v3", "CARTESIA_API_KEY", "ck-bench", "CARTESIA_BASE_URL",
					tts.baseUrl(), "FLO_JOBS_RUNNER_ENABLED", "false", "JAVA_TOOL_OPTIONS",
					"-XX:MaxRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss512k", "RUST_LOG",
					"error");
			try (AppProcess worker = AppProcess.javaJar(home, env, "--spring.profiles.active=worker")) {
				long deadline = System.currentTimeMillis() + 120_000;
				while (!AppProcess.get("http://127.0.0.1:" + health + "/health")
					.body()
					.contains("\"state\":\"REGISTERED\"")) {
					if (System.currentTimeMillis() > deadline || !worker.process().isAlive()) {
						throw new IllegalStateException("worker did not register: " + worker.output());
					}
					Thread.sleep(250);
				}
				Thread.sleep(3000);
				System.out.printf(Locale.ROOT, "Idle worker: RSS %.0f MiB%n", rss(worker.pid()));
				for (int count : counts) {
					run(livekit, home, worker.pid(), count, turns, answer);
				}
			}
		}
	}

	private static void run(LiveKitTestServer livekit, Path home, long pid, int count, int turns, short[] answer)
			throws Exception {
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sessions.add(session(home));
		}
		ExecutorService pool = Executors.newFixedThreadPool(count);
		List<Future<?>> candidates = new ArrayList<>();
		long before = ticks(pid);
		long start = System.nanoTime();
		double peak = 0;
		for (String session : sessions) {
			candidates.add(pool.submit(() -> {
				try (VoiceCandidate candidate = new VoiceCandidate(livekit, "interview-" + session,
						"candidate-" + session, "{\"sessionId\":\"" + session + "\"}")) {
					candidate.listenToAgent(Duration.ofSeconds(60));
					for (int t = 0; t < turns; t++) {
						candidate.awaitAgentDone(Duration.ofMillis(1200), Duration.ofSeconds(90));
						candidate.say(answer);
						candidate.awaitSaid(Duration.ofSeconds(30));
					}
					candidate.awaitAgentDone(Duration.ofMillis(1200), Duration.ofSeconds(90));
				}
				return null;
			}));
		}
		while (candidates.stream().anyMatch((f) -> !f.isDone())) {
			peak = Math.max(peak, rss(pid));
			Thread.sleep(500);
		}
		for (Future<?> candidate : candidates) {
			candidate.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpu = (ticks(pid) - before) / 100.0 / seconds * 100;
		pool.shutdown();
		List<Long> endToEnd = new ArrayList<>();
		List<Long> overhead = new ArrayList<>();
		try (Connection db = Sql.connect("sqlite:///voice.db", home)) {
			for (String session : sessions) {
				try (PreparedStatement statement = db
					.prepareStatement("SELECT endpointing_ms, stt_ms, llm_first_token_ms, "
							+ "tts_first_byte_ms, end_to_end_ms FROM voice_turns WHERE session_id = ? AND end_to_end_ms IS NOT NULL")) {
					statement.setString(1, session);
					try (ResultSet rs = statement.executeQuery()) {
						while (rs.next()) {
							long e2e = rs.getLong(5);
							endToEnd.add(e2e);
							overhead.add(e2e - rs.getLong(1) - rs.getLong(2) - rs.getLong(3) - rs.getLong(4));
						}
					}
				}
			}
		}
		System.out.printf(Locale.ROOT,
				"%2d interviews: %d turns measured; end to end p50 %d ms p95 %d ms; our overhead p50 %d ms p95 %d ms; "
						+ "worker CPU %.0f %% of one core; peak RSS %.0f MiB%n",
				count, endToEnd.size(), percentile(endToEnd, 50), percentile(endToEnd, 95), percentile(overhead, 50),
				percentile(overhead, 95), cpu, peak);
		Thread.sleep(3000);
	}

	private static String session(Path home) throws Exception {
		String record = UUID.randomUUID().toString();
		String skill = UUID.randomUUID().toString();
		String interview = UUID.randomUUID().toString();
		String session = UUID.randomUUID().toString();
		try (Connection db = Sql.connect("sqlite:///voice.db", home)) {
			update(db,
					"INSERT INTO job_records (id, title, job_description, status, created_at, updated_at) VALUES (?, 'Backend Engineer', 'Java', 'READY', 0, 0)",
					record);
			update(db,
					"INSERT INTO skills (id, record_id, name, level, requirement, category, num_questions, difficulty, priority, "
							+ "questions_status, position, created_at, updated_at) VALUES (?, ?, 'Java', 'PROFESSIONAL', 'MANDATORY', 'TECHNICAL', "
							+ "10, 'MEDIUM', 1, 'READY', 0, 0, 0)",
					skill, record);
			for (int q = 0; q < 10; q++) {
				update(db,
						"INSERT INTO questions (id, skill_id, question, ideal_answer, format, difficulty, coding, position, created_at) "
								+ "VALUES (?, ?, ?, 'Queues, retries, idempotency.', 'OPEN_ENDED', 'MEDIUM', 0, ?, 0)",
						UUID.randomUUID().toString(), skill,
						"How would you design part " + (q + 1) + " of a payment service?", q);
			}
			update(db,
					"INSERT INTO interviews (id, record_id, role, skill_level, length_minutes, practice_allowed, code_digest, code_hint, "
							+ "code_expires_at, max_uses, uses, status, created_at, updated_at) VALUES (?, ?, 'Backend Engineer', 'PROFESSIONAL', 30, 0, ?, "
							+ "'AB', 0, 1, 1, 'ACTIVE', 0, 0)",
					interview, record, UUID.randomUUID().toString());
			update(db,
					"INSERT INTO interview_sessions (id, interview_id, candidate_name, practice, room_name, token_digest, status, "
							+ "created_at) VALUES (?, ?, 'Alex Doe', 0, ?, ?, 'CREATED', 0)",
					session, interview, "interview-" + session, UUID.randomUUID().toString());
		}
		return session;
	}

	private static void update(Connection db, String sql, Object... params) throws Exception {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			statement.executeUpdate();
		}
	}

	private static long percentile(List<Long> values, int p) {
		if (values.isEmpty()) {
			return -1;
		}
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(Long::compare);
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	private static long ticks(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static double rss(long pid) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
			}
		}
		return Double.NaN;
	}

}
