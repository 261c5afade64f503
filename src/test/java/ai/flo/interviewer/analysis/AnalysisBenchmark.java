package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.TestMedia;

/**
 * Recording analysis benchmarks (prints figures; run by
 * {@code scripts/bench/analysis.sh}):
 * <ol>
 * <li>one hour of speech (MP3) up to the transcription requests (probe, the decode that
 * proves the file whole and audible, normalisation with silence detection, cutting
 * chunks), the path before the one pass and the one pass, each as a ratio to one plain
 * ffmpeg decode of the same file to 16 kHz mono FLAC;</li>
 * <li>resident memory of the API and the worker (packaged jar, default start.sh JVM
 * options) while a ~400 MB WAV is uploaded and processed, sampled every 200 ms.</li>
 * </ol>
 */
public final class AnalysisBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) throws Exception {
		Path folder = Files.createTempDirectory("flo-analysis-bench");
		int minutes = Integer.getInteger("minutes", 60);
		// The hour of speech takes a while to make: kept in target/ (ignored) between
		// runs.
		Path cache = Path.of(System.getProperty("flo.it.projectDir", "."), "target", "bench-media");
		Path hour = cache.resolve("speech-" + minutes + "min.mp3");
		TestMedia.Spoken spoken = null;
		if (!Files.isRegularFile(hour) || !Boolean.getBoolean("skipMemory")) {
			TestMedia.Spoken sentences = TestMedia.speech(folder, AnalysisApiScenarios.SENTENCES);
			int repeats = (int) Math.ceil(minutes * 60_000.0 / sentences.durationMs());
			Files.createDirectories(cache);
			Path made = folder.resolve("hour.mp3");
			spoken = TestMedia.large(sentences, made, repeats, TestMedia.Format.MP3);
			Files.copy(made, hour, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		MediaTools.Probe input = new MediaTools(Duration.ofMinutes(1)).probe(hour);
		System.out.printf(Locale.ROOT, "Input: %.1f min of speech, MP3 64 kb/s mono, %.1f MB%n",
				input.durationMs() / 60_000.0, Files.size(hour) / 1e6);
		if (!Boolean.getBoolean("skipRatio")) {
			ratio(hour, folder);
		}
		if (!Boolean.getBoolean("skipMemory")) {
			memory(spoken, folder);
		}
		// jaffree's threads would keep the JVM (and the benchmark lock) alive.
		System.exit(0);
	}

	/**
	 * Per run, back to back: one plain ffmpeg decode to 16 kHz mono FLAC; the same with
	 * our normalisation; the path before the one pass (probe, validation decode, decode
	 * with normalisation and silence detection, probe, a decode and one encode per
	 * chunk); and the one pass (probe, the one decode writing the normalised FLAC and the
	 * silence map, chunks cut by stream copy).
	 */
	private static void ratio(Path input, Path folder) throws Exception {
		MediaTools tools = new MediaTools(java.time.Duration.ofMinutes(10));
		List<Double> plain = new ArrayList<>();
		List<Double> plainNormalised = new ArrayList<>();
		List<Double> old = new ArrayList<>();
		List<Double> ours = new ArrayList<>();
		for (int run = 0; run < Integer.getInteger("runs", 3); run++) {
			long start = System.nanoTime();
			TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", input.toString(), "-map",
					"0:a:0", "-ac", "1", "-ar", "16000", "-c:a", "flac", folder.resolve("plain.flac").toString()));
			plain.add((System.nanoTime() - start) / 1e9);
			start = System.nanoTime();
			TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", input.toString(), "-map",
					"0:a:0", "-af", "aresample=16000," + MediaTools.NORMALIZE, "-ac", "1", "-c:a", "flac",
					folder.resolve("plain-normalised.flac").toString()));
			plainNormalised.add((System.nanoTime() - start) / 1e9);

			Path before = Files.createDirectories(folder.resolve("before"));
			start = System.nanoTime();
			tools.probe(input);
			tools.decode(input);
			Path normalized = before.resolve("normalized.flac");
			List<MediaTools.Silence> silences = tools.normalize(input, normalized, -35, 400, (ms) -> {
			}).silences();
			long total = tools.probe(normalized).durationMs();
			List<MediaTools.Piece> pieces = pieces(before, total, silences, Files.size(normalized), 0);
			tools.cut(normalized, pieces);
			old.add((System.nanoTime() - start) / 1e9);

			Path after = Files.createDirectories(folder.resolve("after"));
			int decodes = tools.decodes();
			start = System.nanoTime();
			MediaTools.Probe probe = tools.probe(input);
			Path work = Files.createDirectories(Preparation.work(after));
			long probed = System.nanoTime();
			MediaTools.Decoded decoded = tools.normalize(input, Preparation.normalized(work), -35, 400, (ms) -> {
			});
			long passed = System.nanoTime();
			Preparation.saveSilences(work, decoded.silences());
			silences = Preparation.savedSilences(work);
			MediaTools.Flac flac = MediaTools.flac(Preparation.normalized(work));
			pieces = pieces(work, flac.durationMs(), silences, Files.size(Preparation.normalized(work)),
					flac.blockMs());
			long planned = System.nanoTime();
			tools.copy(Preparation.normalized(work), pieces);
			ours.add((System.nanoTime() - start) / 1e9);
			System.out.printf(Locale.ROOT, "one pass: probe %.2f s, the one decode %.2f s, plan %.2f s, copy %.2f s%n",
					(probed - start) / 1e9, (passed - probed) / 1e9, (planned - passed) / 1e9,
					(System.nanoTime() - planned) / 1e9);
			System.out.printf(Locale.ROOT,
					"run %d: plain ffmpeg %.1f s (with normalisation %.1f s), before %.1f s (ratio %.2f), "
							+ "one pass %.1f s (ratio %.2f; %s, %d ffmpeg decode(s), %d silences, %d chunks)%n",
					run + 1, plain.get(run), plainNormalised.get(run), old.get(run), old.get(run) / plain.get(run),
					ours.get(run), ours.get(run) / plain.get(run), probe.describe(), tools.decodes() - decodes,
					silences.size(), pieces.size());
		}
		double p = median(plain);
		double o = median(old);
		double n = median(ours);
		System.out.printf(Locale.ROOT,
				"MEDIAN plain ffmpeg %.1f s (with normalisation %.1f s), before %.1f s (ratio %.2f), one pass %.1f s "
						+ "(ratio %.2f; target 1.3)%n",
				p, median(plainNormalised), o, o / p, n, n / p);
	}

	/** The chunks as the prepare stage plans them (on blocks when blockMs > 0). */
	private static List<MediaTools.Piece> pieces(Path folder, long total, List<MediaTools.Silence> silences, long bytes,
			long blockMs) {
		double bytesPerMs = bytes / (double) total;
		long maxMs = Math.min(600_000, (long) (25 * 1024 * 1024 * 0.9 / bytesPerMs));
		List<Timeline.Span> spans = Timeline.spans(total, Timeline.cuts(total, silences, maxMs, 1000), 1000);
		List<MediaTools.Piece> pieces = new ArrayList<>();
		for (int i = 0; i < spans.size(); i++) {
			Timeline.Span span = (blockMs > 0) ? Timeline.onBlocks(spans.get(i), blockMs, total) : spans.get(i);
			pieces.add(new MediaTools.Piece(span.startMs(), span.endMs(), folder.resolve("chunk-" + i + ".flac")));
		}
		return pieces;
	}

	private static void memory(TestMedia.Spoken spoken, Path folder) throws Exception {
		// About 400 MB: the speech as 44.1 kHz stereo 16-bit WAV (176 kB/s), cut to 38
		// minutes.
		Path wav = folder.resolve("big.wav");
		TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", spoken.wav().toString(), "-t",
				"2280", "-ar", "44100", "-ac", "2", "-c:a", "pcm_s16le", wav.toString()));
		System.out.printf(Locale.ROOT, "Upload: %.0f MB WAV (44.1 kHz stereo)%n", Files.size(wav) / 1e6);
		AtomicLong transcriptions = new AtomicLong();
		HttpServer stt = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		stt.createContext("/", (exchange) -> {
			exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
			transcriptions.incrementAndGet();
			byte[] body = "{\"text\":\"Benchmark speech.\",\"segments\":[{\"start\":0.5,\"end\":2.0,\"text\":\"Benchmark speech.\"}]}"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		stt.start();
		ScriptedOpenAiServer llm = ScriptedOpenAiServer.startOnFreePort();
		llm.route(new AnalysisLlmScript()::answer);
		Path home = Files.createTempDirectory("flo-analysis-bench-home");
		int port = AppProcess.freePort();
		String opts = "-XX:MaxRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss512k";
		Map<String, String> env = AppProcess.env("DATABASE_URL", "sqlite:///bench.db", "FLO_HOME", home.toString(),
				"ADMIN_API_KEYS", AdminKey.VALUE, "OPENAI_API_KEY", "sk-bench", "OPENAI_BASE_URL", llm.baseUrl(),
				"GROQ_API_KEY", "gsk-bench", "GROQ_BASE_URL", "http://127.0.0.1:" + stt.getAddress().getPort() + "/v1",
				"FLO_STT_PROVIDER", "groq", "FLO_STT_MODEL", "whisper-large-v3", "FLO_WORKER_REQUIRED", "false",
				"FLO_JOBS_POLL_INTERVAL", "200ms", "JAVA_TOOL_OPTIONS", opts);
		Map<String, String> workerEnv = new java.util.HashMap<>(env);
		workerEnv.put("FLO_WORKER_HEALTH_PORT", String.valueOf(AppProcess.freePort()));
		try (AppProcess api = AppProcess.javaJar(home, env, "--server.port=" + port);
				AppProcess worker = AppProcess.javaJar(home, workerEnv, "--spring.profiles.active=worker")) {
			long deadline = System.currentTimeMillis() + 120_000;
			while (AppProcess.get("http://127.0.0.1:" + port + "/health/readiness").status() != 200) {
				if (System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("API did not start: " + api.output());
				}
				Thread.sleep(250);
			}
			Thread.sleep(5000);
			Peak apiPeak = new Peak(api.pid());
			Peak workerPeak = new Peak(worker.pid());
			System.out.printf(Locale.ROOT, "Idle RSS: API %.0f MiB, worker %.0f MiB%n", Peak.rss(api.pid()),
					Peak.rss(worker.pid()));
			AtomicBoolean sampling = new AtomicBoolean(true);
			Thread sampler = new Thread(() -> {
				while (sampling.get()) {
					apiPeak.sample();
					workerPeak.sample();
					try {
						Thread.sleep(200);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			sampler.start();
			long start = System.nanoTime();
			HttpResponse<String> created = upload("http://127.0.0.1:" + port, wav);
			double uploadSeconds = (System.nanoTime() - start) / 1e9;
			if (created.statusCode() != 202) {
				throw new IllegalStateException("upload refused: " + created.statusCode() + " " + created.body());
			}
			double apiAfterUpload = apiPeak.peak;
			String id = JSON.readTree(created.body()).path("id").asString();
			JsonNode analysis;
			do {
				Thread.sleep(500);
				analysis = get("http://127.0.0.1:" + port + "/api/analyses/" + id);
			}
			while (!analysis.path("status").asString().matches("COMPLETED|FAILED"));
			double totalSeconds = (System.nanoTime() - start) / 1e9;
			sampling.set(false);
			sampler.join();
			System.out.printf(Locale.ROOT,
					"Upload + checks (202): %.1f s; until %s: %.1f s; %d transcription requests%n", uploadSeconds,
					analysis.path("status").asString(), totalSeconds, transcriptions.get());
			System.out.printf(Locale.ROOT,
					"Peak RSS: API %.0f MiB during the upload (%.0f MiB overall), worker %.0f MiB%n", apiAfterUpload,
					apiPeak.peak, workerPeak.peak);
		}
		finally {
			stt.stop(0);
			llm.close();
		}
	}

	private static HttpResponse<String> upload(String base, Path file) throws Exception {
		String boundary = "bench-" + UUID.randomUUID();
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/api/analyses"))
				.header("Authorization", AdminKey.HEADER)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.timeout(Duration.ofMinutes(10))
				.POST(HttpRequest.BodyPublishers.concat(
						HttpRequest.BodyPublishers.ofString(
								"--" + boundary + "\r\nContent-Disposition: form-data; name=\"skills\"\r\n\r\nJava\r\n"
										+ "--" + boundary
										+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
										+ "Content-Type: audio/wav\r\n\r\n"),
						HttpRequest.BodyPublishers.ofFile(file),
						HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode get(String url) throws Exception {
		return JSON.readTree(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AdminKey.HEADER).build(),
					HttpResponse.BodyHandlers.ofString())
			.body());
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return sorted.get(sorted.size() / 2);
	}

	/** The highest resident size seen, from /proc. */
	static final class Peak {

		final long pid;

		volatile double peak;

		Peak(long pid) {
			this.pid = pid;
		}

		void sample() {
			try {
				this.peak = Math.max(this.peak, rss(this.pid));
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		static double rss(long pid) throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
				}
			}
			return Double.NaN;
		}

	}

}
