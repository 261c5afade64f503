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
	 * Per run, back to back: one plain ffmpeg decode to 16 kHz mono FLAC (the baseline);
	 * the same with our normalisation; the first one pass as it was (probe, one ffmpeg
	 * run through jaffree writing 24-bit FLAC, chunks cut by an ffmpeg stream copy); the
	 * one pass now (probe, two ffmpeg processes joined by a pipe writing 16-bit FLAC,
	 * chunks cut in Java), and the same with one ffmpeg process. Wall time, and the CPU
	 * time of the child processes (ffprobe, ffmpeg) and of this JVM.
	 */
	private static void ratio(Path input, Path folder) throws Exception {
		MediaTools tools = new MediaTools(java.time.Duration.ofMinutes(10));
		MediaTools single = new MediaTools(java.time.Duration.ofMinutes(10), false);
		List<Double> plain = new ArrayList<>();
		List<Double> plainNormalised = new ArrayList<>();
		List<Double> old = new ArrayList<>();
		List<Double> ours = new ArrayList<>();
		List<Double> oursSingle = new ArrayList<>();
		for (int run = 0; run < Integer.getInteger("runs", 3); run++) {
			Cpu cpu = new Cpu();
			long start = System.nanoTime();
			TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", input.toString(), "-map",
					"0:a:0", "-ac", "1", "-ar", "16000", "-c:a", "flac", folder.resolve("plain.flac").toString()));
			plain.add((System.nanoTime() - start) / 1e9);
			String plainCpu = cpu.since();
			start = System.nanoTime();
			TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", input.toString(), "-map",
					"0:a:0", "-af", "aresample=16000," + MediaTools.NORMALIZE, "-ac", "1", "-c:a", "flac",
					folder.resolve("plain-normalised.flac").toString()));
			plainNormalised.add((System.nanoTime() - start) / 1e9);

			Path before = Files.createDirectories(folder.resolve("before"));
			cpu = new Cpu();
			start = System.nanoTime();
			tools.probe(input);
			Path normalized = before.resolve("normalized.flac");
			List<MediaTools.Silence> silences = firstOnePass(tools, input, normalized);
			MediaTools.Flac flac = MediaTools.flac(normalized);
			List<MediaTools.Piece> pieces = pieces(before, flac.durationMs(), silences, Files.size(normalized),
					flac.blockMs());
			streamCopy(tools, normalized, pieces);
			old.add((System.nanoTime() - start) / 1e9);
			String oldCpu = cpu.since();

			String[] figures = new String[2];
			for (MediaTools variant : List.of(tools, single)) {
				Path after = Files.createDirectories(folder.resolve((variant == tools) ? "after" : "single"));
				int decodes = variant.decodes();
				cpu = new Cpu();
				start = System.nanoTime();
				MediaTools.Probe probe = variant.probe(input);
				Path work = Files.createDirectories(Preparation.work(after));
				long probed = System.nanoTime();
				MediaTools.Decoded decoded = variant.normalize(input, Preparation.normalized(work), -35, 400, (ms) -> {
				});
				long passed = System.nanoTime();
				Preparation.saveSilences(work, decoded.silences());
				silences = Preparation.savedSilences(work);
				flac = MediaTools.flac(Preparation.normalized(work));
				pieces = pieces(work, flac.durationMs(), silences, Files.size(Preparation.normalized(work)),
						flac.blockMs());
				long planned = System.nanoTime();
				variant.copy(Preparation.normalized(work), pieces);
				double seconds = (System.nanoTime() - start) / 1e9;
				((variant == tools) ? ours : oursSingle).add(seconds);
				figures[(variant == tools) ? 0 : 1] = String.format(Locale.ROOT,
						"%.1f s (ratio %.2f; %s; probe %.2f s, the one decode %.2f s, plan %.2f s, cut %.2f s; "
								+ "%d decode(s), %d silences, %d chunks, FLAC %.1f MB)",
						seconds, seconds / plain.get(run), cpu.since(), (probed - start) / 1e9, (passed - probed) / 1e9,
						(planned - passed) / 1e9, (System.nanoTime() - planned) / 1e9, variant.decodes() - decodes,
						silences.size(), pieces.size(), Files.size(Preparation.normalized(work)) / 1e6);
				if (variant == tools) {
					figures[0] += " " + probe.describe();
				}
			}
			System.out.printf(Locale.ROOT,
					"run %d: plain ffmpeg %.1f s (%s; with normalisation %.1f s); first one pass %.1f s (ratio %.2f; %s, "
							+ "FLAC %.1f MB)%n  one pass, two processes: %s%n  one pass, one process: %s%n",
					run + 1, plain.get(run), plainCpu, plainNormalised.get(run), old.get(run),
					old.get(run) / plain.get(run), oldCpu, Files.size(normalized) / 1e6, figures[0], figures[1]);
		}
		double p = median(plain);
		System.out.printf(Locale.ROOT,
				"MEDIAN plain ffmpeg %.1f s (with normalisation %.1f s), first one pass %.1f s (ratio %.2f), one pass "
						+ "%.1f s (ratio %.2f; target 1.3), with one process %.1f s (ratio %.2f)%n",
				p, median(plainNormalised), median(old), median(old) / p, median(ours), median(ours) / p,
				median(oursSingle), median(oursSingle) / p);
		single.close();
	}

	/** CPU seconds used since it was made by finished child processes and by this JVM. */
	static final class Cpu {

		private final long[] start = ticks();

		String since() {
			long[] now = ticks();
			return String.format(Locale.ROOT, "CPU: children %.2f s, JVM %.2f s", (now[0] - this.start[0]) / 100.0,
					(now[1] - this.start[1]) / 100.0);
		}

		/** Children's and own user + system time, in clock ticks (100 a second). */
		private static long[] ticks() {
			try {
				String stat = Files.readString(Path.of("/proc/self/stat"));
				String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// After the name: state is field 3; utime 14, stime 15, cutime 16, cstime
				// 17.
				return new long[] { Long.parseLong(f[13]) + Long.parseLong(f[14]),
						Long.parseLong(f[11]) + Long.parseLong(f[12]) };
			}
			catch (IOException ex) {
				return new long[] { 0, 0 };
			}
		}

	}

	/**
	 * The first one pass (as of dace289): one ffmpeg run through jaffree, the filters on
	 * the source's rate and channels, 24-bit FLAC.
	 */
	private static List<MediaTools.Silence> firstOnePass(MediaTools tools, Path input, Path output) {
		List<MediaTools.Silence> silences = new ArrayList<>();
		java.util.concurrent.atomic.AtomicReference<Double> open = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.regex.Pattern start = java.util.regex.Pattern.compile("silence_start: (-?[0-9.]+)");
		java.util.regex.Pattern end = java.util.regex.Pattern.compile("silence_end: (-?[0-9.]+)");
		tools.within(input, Duration.ofMinutes(10),
				() -> com.github.kokorin.jaffree.ffmpeg.FFmpeg.atPath()
					.addInput(com.github.kokorin.jaffree.ffmpeg.UrlInput.fromPath(input))
					.addArguments("-map", "0:a:0")
					.setFilter(com.github.kokorin.jaffree.StreamType.AUDIO,
							"volumedetect,aresample=16000," + MediaTools.NORMALIZE + ",silencedetect=n=-35.0dB:d=0.400")
					.addOutput(com.github.kokorin.jaffree.ffmpeg.UrlOutput.toPath(output)
						.addArguments("-ac", "1")
						.addArguments("-ar", "16000")
						.addArguments("-c:a", "flac")
						.addArguments("-compression_level", "5")
						.addArguments("-frame_size", "1152"))
					.setOverwriteOutput(true)
					.setProgressListener((p) -> {
					})
					.setOutputListener((line) -> {
						java.util.regex.Matcher s = start.matcher(line);
						java.util.regex.Matcher e = end.matcher(line);
						if (s.find()) {
							open.set(Double.parseDouble(s.group(1)));
						}
						else if (e.find() && open.get() != null) {
							silences.add(new MediaTools.Silence(Math.round(Math.max(0, open.get()) * 1000),
									Math.round(Double.parseDouble(e.group(1)) * 1000)));
							open.set(null);
						}
					})
					.execute());
		return silences;
	}

	/** The first one pass's chunks: one ffmpeg run through jaffree, {@code -c copy}. */
	private static void streamCopy(MediaTools tools, Path input, List<MediaTools.Piece> pieces) {
		com.github.kokorin.jaffree.ffmpeg.FFmpeg ffmpeg = com.github.kokorin.jaffree.ffmpeg.FFmpeg.atPath()
			.addInput(com.github.kokorin.jaffree.ffmpeg.UrlInput.fromPath(input))
			.setOverwriteOutput(true);
		for (MediaTools.Piece piece : pieces) {
			ffmpeg.addOutput(com.github.kokorin.jaffree.ffmpeg.UrlOutput.toPath(piece.output())
				.setPosition(piece.startMs())
				.setDuration(piece.endMs() - piece.startMs())
				.addArguments("-map", "0:a:0")
				.addArguments("-c:a", "copy"));
		}
		tools.within(input, Duration.ofMinutes(10), ffmpeg::execute);
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
