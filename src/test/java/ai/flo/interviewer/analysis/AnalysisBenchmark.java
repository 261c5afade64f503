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
 * <li>one hour of speech (MP3) up to the transcription requests (probe, full-decode check
 * with volume measurement, normalisation with silence detection, cutting chunks), as a
 * ratio to one plain ffmpeg command doing the same conversion (decode, 16 kHz mono,
 * normalisation, FLAC);</li>
 * <li>resident memory of the API and the worker (packaged jar, default start.sh JVM
 * options) while a ~400 MB WAV is uploaded and processed, sampled every 200 ms.</li>
 * </ol>
 */
public final class AnalysisBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) throws Exception {
		Path folder = Files.createTempDirectory("flo-analysis-bench");
		TestMedia.Spoken sentences = TestMedia.speech(folder, AnalysisApiScenarios.SENTENCES);
		int minutes = Integer.getInteger("minutes", 60);
		int repeats = (int) Math.ceil(minutes * 60_000.0 / sentences.durationMs());
		Path hour = folder.resolve("hour.mp3");
		TestMedia.Spoken spoken = TestMedia.large(sentences, hour, repeats, TestMedia.Format.MP3);
		System.out.printf(Locale.ROOT, "Input: %.1f min of speech, MP3 64 kb/s mono, %.1f MB%n",
				spoken.durationMs() / 60_000.0, Files.size(hour) / 1e6);
		if (!Boolean.getBoolean("skipRatio")) {
			ratio(hour, folder);
		}
		if (!Boolean.getBoolean("skipMemory")) {
			memory(spoken, folder);
		}
	}

	private static void ratio(Path input, Path folder) throws Exception {
		MediaTools tools = new MediaTools(java.time.Duration.ofMinutes(10));
		List<Double> ours = new ArrayList<>();
		List<Double> plain = new ArrayList<>();
		for (int run = 0; run < 3; run++) {
			long start = System.nanoTime();
			MediaTools.Probe probe = tools.probe(input);
			MediaTools.Decoded decoded = tools.decode(input);
			Path normalized = folder.resolve("normalized.flac");
			List<MediaTools.Silence> silences = tools.normalize(input, normalized, -35, 400, (ms) -> {
			});
			long total = tools.probe(normalized).durationMs();
			double bytesPerMs = Files.size(normalized) / (double) total;
			long maxMs = Math.min(600_000, (long) (25 * 1024 * 1024 * 0.9 / bytesPerMs));
			List<Timeline.Span> spans = Timeline.spans(total, Timeline.cuts(total, silences, maxMs, 1000), 1000);
			List<MediaTools.Piece> pieces = new ArrayList<>();
			for (int i = 0; i < spans.size(); i++) {
				pieces.add(new MediaTools.Piece(spans.get(i).startMs(), spans.get(i).endMs(),
						folder.resolve("chunk-" + i + ".flac")));
			}
			tools.cut(normalized, pieces);
			double oursSeconds = (System.nanoTime() - start) / 1e9;
			ours.add(oursSeconds);
			start = System.nanoTime();
			TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", input.toString(), "-map",
					"0:a:0", "-af", "aresample=16000," + MediaTools.NORMALIZE, "-ac", "1", "-c:a", "flac",
					folder.resolve("plain.flac").toString()));
			double plainSeconds = (System.nanoTime() - start) / 1e9;
			plain.add(plainSeconds);
			System.out.printf(Locale.ROOT,
					"run %d: ours %.1f s (%s, %d silences, %d chunks), plain ffmpeg %.1f s, ratio %.2f%n", run + 1,
					oursSeconds, probe.describe(), silences.size(), spans.size(), plainSeconds,
					oursSeconds / plainSeconds);
		}
		double o = median(ours);
		double p = median(plain);
		System.out.printf(Locale.ROOT, "MEDIAN ours %.1f s, plain ffmpeg %.1f s, ratio %.2f%n", o, p, o / p);
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
