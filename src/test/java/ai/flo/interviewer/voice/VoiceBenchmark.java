package ai.flo.interviewer.voice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * first byte); the worker's CPU and resident memory are sampled from /proc, and the cost
 * of each added interview is printed: (peak RSS at N - peak RSS at the first count) / (N
 * - first count), and the same for CPU. The worker runs the way users run it: start.sh
 * with START_API=false (its class data sharing archive and default JVM options); several
 * variants (jars, JVM options) can be measured in one run, alternately
 * ({@code -Drounds=2}).
 */
public final class VoiceBenchmark {

	public static void main(String[] args) {
		try {
			measure();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			// the candidates' threads must not keep the process (and the benchmark lock)
			System.exit(1);
		}
		System.exit(0);
	}

	private static void measure() throws Exception {
		int[] counts = Arrays.stream(System.getProperty("interviews", "1,5,10").split(","))
			.mapToInt(Integer::parseInt)
			.toArray();
		int turns = Integer.getInteger("turns", 6);
		int rounds = Integer.getInteger("rounds", 1);
		List<Variant> variants = Variant.fromProperties();
		short[] answer = Speech.pcm16kMono("I would put the work on a queue and retry failed calls with backoff.");
		Map<String, List<String>> results = new LinkedHashMap<>();
		try (LiveKitTestServer livekit = LiveKitTestServer.start();
				ScriptedUtteranceServer stt = new ScriptedUtteranceServer();
				ScriptedOpenAiServer llm = ScriptedOpenAiServer.startOnFreePort();
				ScriptedTtsServer tts = ScriptedTtsServer.startOnFreePort()) {
			stt.otherwise("I would put the work on a queue and retry failed calls with backoff.");
			llm.route((request) -> Reply.stream(List.of("Thank you. ", "What would you monitor?"), List.of(), 5));
			Path cds = Files.createTempDirectory("flo-voice-bench-cds");
			for (int round = 1; round <= rounds; round++) {
				for (Variant variant : variants) {
					System.out.printf(Locale.ROOT, "%n== %s (round %d): %s %s%n", variant.name(), round, variant.jar(),
							variant.javaOpts());
					List<String> lines = bench(variant, cds, livekit, stt, llm, tts, counts, turns, answer);
					results.computeIfAbsent(variant.name(), (name) -> new ArrayList<>()).addAll(lines);
				}
			}
		}
		System.out.printf(Locale.ROOT, "%n== Summary%n");
		results.forEach((name, lines) -> lines.forEach((line) -> System.out.println(name + ": " + line)));
	}

	/**
	 * One worker the way users run it ({@code start.sh} with {@code START_API=false},
	 * from a folder laid out like the image: app.jar and start.sh, class data sharing
	 * archives made on its first start) through each number of interviews; the lines it
	 * printed.
	 */
	private static List<String> bench(Variant variant, Path cds, LiveKitTestServer livekit, ScriptedUtteranceServer stt,
			ScriptedOpenAiServer llm, ScriptedTtsServer tts, int[] counts, int turns, short[] answer) throws Exception {
		Path home = Files.createTempDirectory("flo-voice-bench");
		Files.copy(variant.jar(), home.resolve("app.jar"));
		// the same modification time for every copy of a jar, so that start.sh finds its
		// archives
		Files.setLastModifiedTime(home.resolve("app.jar"), FileTime.fromMillis(1_700_000_000_000L));
		Files.copy(AppProcess.projectDir().resolve("start.sh"), home.resolve("start.sh"));
		Files.setPosixFilePermissions(home.resolve("start.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
		int health = AppProcess.freePort();
		Map<String, String> env = AppProcess.env("LIVEKIT_URL", livekit.url(), "LIVEKIT_API_KEY", LiveKitTestServer.KEY,
				"LIVEKIT_API_SECRET", LiveKitTestServer.SECRET, "FLO_HOME", home.toString(), "DATABASE_URL",
				"sqlite:///voice.db", "FLO_WORKER_HEALTH_PORT", String.valueOf(health), "FLO_AGENT_MAX_JOBS", "12",
				"OPENAI_API_KEY", "sk-bench", "OPENAI_BASE_URL", llm.baseUrl(), "GROQ_API_KEY", "gsk-bench",
				"GROQ_BASE_URL", stt.baseUrl(), "FLO_STT_PROVIDER", "groq", "FLO_STT_MODEL", "whisper-large-v3",
				"CARTESIA_API_KEY", "ck-bench", "CARTESIA_BASE_URL", tts.baseUrl(), "FLO_JOBS_RUNNER_ENABLED", "false",
				"RUST_LOG", "error", "START_API", "false",
				// one line per turn with where its time went (InterviewRun)
				"LOGGING_LEVEL_AI_FLO_INTERVIEWER_VOICE", "DEBUG", "APP_CDS_DIR", cds.toString(), "WORKER_JAVA_OPTS",
				variant.javaOpts());
		List<String> lines = new ArrayList<>();
		try (AppProcess start = AppProcess.start(home, env, List.of("bash", home.resolve("start.sh").toString()),
				false)) {
			long deadline = System.currentTimeMillis() + 300_000;
			while (!AppProcess.get("http://127.0.0.1:" + health + "/health")
				.body()
				.contains("\"state\":\"REGISTERED\"")) {
				if (System.currentTimeMillis() > deadline || !start.process().isAlive()) {
					throw new IllegalStateException("worker did not register: " + start.output());
				}
				Thread.sleep(250);
			}
			long pid = start.process()
				.descendants()
				.filter((p) -> p.info().command().orElse("").endsWith("/java"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no worker JVM under start.sh: " + start.output()))
				.pid();
			Thread.sleep(3000);
			double idle = rss(pid);
			lines.add(String.format(Locale.ROOT, "Idle worker: RSS %.0f MiB", idle));
			System.out.println(lines.get(0));
			List<double[]> measured = new ArrayList<>();
			for (int count : counts) {
				// The last count's jobs wait for their candidates to come back before
				// they
				// end; until then they fill the worker's job slots.
				awaitNoJobs(health);
				int logged = start.output().length();
				Result result = run(livekit, home, pid, count, turns, answer);
				lines.add(result.line());
				String stages = stages(count, start.output().substring(logged));
				if (stages != null) {
					lines.add(stages);
					System.out.println(stages);
				}
				measured.add(new double[] { count, result.cpu(), result.peakRss() });
			}
			// per added interview: from the first count to each larger one
			double[] first = measured.get(0);
			for (double[] m : measured.subList(1, measured.size())) {
				String line = String.format(Locale.ROOT,
						"per added interview, %.0f -> %.0f: %.1f MiB and %.1f %% of one core (RSS %.0f -> %.0f MiB, CPU %.0f -> %.0f %%)",
						first[0], m[0], (m[2] - first[2]) / (m[0] - first[0]), (m[1] - first[1]) / (m[0] - first[0]),
						first[2], m[2], first[1], m[1]);
				lines.add(line);
				System.out.println(line);
			}
		}
		return lines;
	}

	private static Result run(LiveKitTestServer livekit, Path home, long pid, int count, int turns, short[] answer)
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
		// as the candidate hears it: from their answer's last frame written to the first
		// loud frame of the agent's reply received
		List<Long> heard = java.util.Collections.synchronizedList(new ArrayList<>());
		for (String session : sessions) {
			candidates.add(pool.submit(() -> {
				try (VoiceCandidate candidate = new VoiceCandidate(livekit, "interview-" + session,
						"candidate-" + session, "{\"sessionId\":\"" + session + "\"}")) {
					candidate.listenToAgent(Duration.ofSeconds(120));
					long said = 0;
					for (int t = 0; t <= turns; t++) {
						candidate.awaitAgentDone(Duration.ofMillis(1200), Duration.ofSeconds(90));
						long reply = candidate.agentVoiceSince.get();
						if (said > 0 && reply > said) {
							heard.add((reply - said) / 1_000_000);
						}
						if (t == turns) {
							break;
						}
						candidate.say(answer);
						candidate.awaitSaid(Duration.ofSeconds(30));
						candidate.agentVoiceSince.set(0);
						said = System.nanoTime();
					}
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
		String line = String.format(Locale.ROOT,
				"%2d interviews: %d turns measured; end to end p50 %d ms p95 %d ms; our overhead p50 %d ms p95 %d ms; "
						+ "worker CPU %.0f %% of one core; peak RSS %.0f MiB; as heard by the candidate (%d replies: "
						+ "their answer's last frame sent to the reply's first loud frame received) p50 %d ms p95 %d ms",
				count, endToEnd.size(), percentile(endToEnd, 50), percentile(endToEnd, 95), percentile(overhead, 50),
				percentile(overhead, 95), cpu, peak, heard.size(), percentile(heard, 50), percentile(heard, 95));
		System.out.println(line);
		Thread.sleep(3000);
		return new Result(line, cpu, peak);
	}

	private record Result(String line, double cpu, double peakRss) {
	}

	private static final java.util.regex.Pattern STAGE = java.util.regex.Pattern.compile("([a-z+-]+[a-z]) (-?[0-9.]+)");

	/**
	 * Where our overhead went, from the worker's "Turn stages:" lines (InterviewRun, a
	 * worker that writes them): p50 / p95 of each part in milliseconds; null without
	 * them.
	 */
	static String stages(int count, String output) {
		Map<String, List<Double>> parts = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			int at = line.indexOf("Turn stages:");
			if (at < 0) {
				continue;
			}
			java.util.regex.Matcher m = STAGE.matcher(line.substring(at + "Turn stages:".length()));
			while (m.find()) {
				double value = Double.parseDouble(m.group(2));
				if (value != -1) {
					parts.computeIfAbsent(m.group(1), (k) -> new ArrayList<>()).add(value);
				}
			}
		}
		if (parts.isEmpty()) {
			return null;
		}
		StringBuilder line = new StringBuilder(
				String.format(Locale.ROOT, "%2d interviews, where the time went (ms, p50/p95):", count));
		parts.forEach((name, values) -> {
			List<Double> sorted = new ArrayList<>(values);
			sorted.sort(Double::compare);
			line.append(String.format(Locale.ROOT, " %s %.1f/%.1f", name,
					sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1),
					sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1)));
		});
		return line.toString();
	}

	/**
	 * A worker to measure: a jar and the extra JVM options start.sh passes it
	 * ({@code WORKER_JAVA_OPTS}). {@code -Dvariants=current,c1} names them (default:
	 * {@code current}); {@code -Dvariant.c1.opts=-XX:TieredStopAtLevel=1} and
	 * {@code -Dvariant.before.jar=/tmp/before.jar} give each its options and jar
	 * (default: none, and the jar Maven built).
	 */
	private record Variant(String name, Path jar, String javaOpts) {

		static List<Variant> fromProperties() {
			List<Variant> variants = new ArrayList<>();
			for (String name : System.getProperty("variants", "current").split(",")) {
				String jar = System.getProperty("variant." + name + ".jar");
				variants.add(new Variant(name, (jar != null) ? Path.of(jar) : AppProcess.jar(),
						System.getProperty("variant." + name + ".opts", "")));
			}
			return variants;
		}

	}

	private static void awaitNoJobs(int health) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 120_000;
		while (!AppProcess.get("http://127.0.0.1:" + health + "/health").body().contains("\"jobs\":0")
				&& System.currentTimeMillis() < deadline) {
			Thread.sleep(500);
		}
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
