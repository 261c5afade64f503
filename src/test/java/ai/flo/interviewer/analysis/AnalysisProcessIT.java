package ai.flo.interviewer.analysis;

import java.io.IOException;
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
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.Chromium;
import ai.flo.interviewer.testsupport.ScriptedOpenAiServer;
import ai.flo.interviewer.testsupport.ScriptedSpeechServer;
import ai.flo.interviewer.testsupport.TestMedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as it runs in the container: an API process and worker processes on
 * one SQLite file, real Tomcat multipart handling, real ffmpeg, local servers speaking
 * OpenAI's transcription and chat wire formats, and Debian's headless Chromium for the
 * report page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysisProcessIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	Path home;

	Path media;

	TestMedia.Spoken spoken;

	Path recording;

	ScriptedSpeechServer speech;

	ScriptedOpenAiServer openAi;

	AppProcess api;

	AppProcess worker;

	int apiPort;

	String analysisId;

	@BeforeAll
	void start() throws Exception {
		this.home = Files.createTempDirectory("flo-analysis-it");
		this.media = Files.createTempDirectory("flo-analysis-it-media");
		TestMedia.Spoken sentences = TestMedia.speech(this.media, AnalysisApiScenarios.SENTENCES);
		this.recording = this.media.resolve("long.mp3");
		this.spoken = TestMedia.large(sentences, this.recording, 3, TestMedia.Format.MP3);
		this.speech = ScriptedSpeechServer.startOnFreePort(this.spoken);
		this.openAi = ScriptedOpenAiServer.startOnFreePort();
		AnalysisLlmScript llm = new AnalysisLlmScript();
		this.openAi.route(llm::answer);
		this.apiPort = AppProcess.freePort();
		this.api = AppProcess.javaJar(this.home, env(), "--server.port=" + this.apiPort);
		this.worker = startWorker();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(this.api.process().isAlive()).as("API alive; output:\n%s", this.api.output()).isTrue();
			assertThat(AppProcess.get(url("/health/readiness")).status()).isEqualTo(200);
		});
	}

	private Map<String, String> env() {
		return AppProcess.env("DATABASE_URL", "sqlite:///analysis.db", "FLO_HOME", this.home.toString(),
				"ADMIN_API_KEYS", AdminKey.VALUE, "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", this.openAi.baseUrl(),
				"GROQ_API_KEY", "gsk-test", "GROQ_BASE_URL", this.speech.baseUrl(), "FLO_STT_PROVIDER", "groq",
				"FLO_STT_MODEL", "whisper-large-v3", "FLO_STT_MAX_ATTEMPTS", "1", "FLO_UPLOAD_MAX_SIZE", "20MB",
				"FLO_ANALYSIS_CHUNK_MAX_DURATION", "20s", "FLO_ANALYSIS_TRANSCRIPTION_CONCURRENCY", "1",
				"FLO_JOBS_LEASE", "4s", "FLO_JOBS_POLL_INTERVAL", "100ms", "FLO_JOBS_BACKOFF_INITIAL", "500ms",
				"FLO_WORKER_REQUIRED", "false");
	}

	private AppProcess startWorker() throws IOException {
		Map<String, String> env = env();
		env.put("FLO_WORKER_HEALTH_PORT", String.valueOf(AppProcess.freePort()));
		return AppProcess.javaJar(this.home, env, "--spring.profiles.active=worker");
	}

	@AfterAll
	void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { this.worker, this.api, this.speech, this.openAi }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// best effort
			}
		}
	}

	@Test
	@Order(1)
	void aWorkerKilledBetweenChunksIsReplacedAndNoChunkIsTranscribedTwice_localSpeechAndOpenAiWireFormatServers()
			throws Exception {
		this.speech.holdAfter(2);
		HttpResponse<String> created = upload(this.recording, "long.mp3", List.of("Java", "Kubernetes"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
		this.analysisId = JSON.readTree(created.body()).path("id").asString();
		// Two chunks transcribed, the third is on its way: the worker dies now.
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(this.speech.held()).isEqualTo(1));
		this.worker.process().destroyForcibly().waitFor();
		this.speech.release();
		this.worker = startWorker();

		JsonNode done = await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> analysis(this.analysisId), (a) -> {
				assertThat(a.path("status").asString()).isNotEqualTo("FAILED");
				return a.path("status").asString().equals("COMPLETED");
			});
		assertThat(this.speech.violations()).isEmpty();
		Map<String, Long> sent = this.speech.requests()
			.stream()
			.collect(Collectors.groupingBy(ScriptedSpeechServer.Request::filename, java.util.TreeMap::new,
					Collectors.counting()));
		assertThat(sent).hasSizeGreaterThanOrEqualTo(5);
		// The two chunks transcribed before the kill were not sent again; the one in
		// flight at the kill
		// (its answer never reached the dead worker) was sent once more; every other
		// chunk once.
		sent.forEach((chunk, times) -> assertThat(times).as(chunk).isEqualTo(chunk.equals("chunk-002.flac") ? 2L : 1L));
		List<String> texts = new ArrayList<>();
		done.path("report").path("transcript").forEach((s) -> texts.add(s.path("text").asString()));
		assertThat(texts)
			.containsExactlyElementsOf(this.spoken.utterances().stream().map(TestMedia.Utterance::text).toList());
	}

	@Test
	@Order(2)
	void theServletContainerRefusesAnOversizedUploadWithAProblem() throws Exception {
		Path big = this.media.resolve("big.wav");
		Files.write(big, new byte[21 * 1024 * 1024]);
		HttpResponse<String> refused = upload(big, "big.wav", List.of());
		assertThat(refused.statusCode()).isEqualTo(413);
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:flo:problem:upload-too-large");
		assertThat(problem.path("detail").asString()).contains("20 MB").contains("FLO_UPLOAD_MAX_SIZE");
		try (var left = Files.list(this.home.resolve("uploads").resolve(".incoming"))) {
			assertThat(left.toList()).isEmpty();
		}
	}

	@Test
	@Order(3)
	void theReportRendersInARealBrowserThroughAShareLink() throws Exception {
		HttpResponse<String> link = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/api/analyses/" + this.analysisId + "/report-links")))
				.header("Authorization", AdminKey.HEADER)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
		String page = JSON.readTree(link.body()).path("html").asString();
		JsonNode report = analysis(this.analysisId).path("report");
		String dom = Chromium.dumpDom(page);
		assertThat(dom).contains("id=\"overall-score\"")
			.contains(String.valueOf(report.path("scorecard").path("overall").asInt()))
			.contains(this.spoken.utterances().get(4).text())
			.contains("id=\"transcript\"");
		Path png = AppProcess.projectDir().resolve("target/test-artifacts/analysis-report.png");
		Files.createDirectories(png.getParent());
		Chromium.screenshot(page, png, 1200, 2400);
		assertThat(Files.size(png)).isGreaterThan(20_000);
		byte[] head = Files.readAllBytes(png);
		assertThat(new String(head, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
	}

	private JsonNode analysis(String id) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/api/analyses/" + id)))
				.header("Authorization", AdminKey.HEADER)
				.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> upload(Path file, String name, List<String> skills) throws Exception {
		String boundary = "it-" + UUID.randomUUID();
		List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
		for (String skill : skills) {
			parts.add(HttpRequest.BodyPublishers.ofString(
					"--" + boundary + "\r\nContent-Disposition: form-data; name=\"skills\"\r\n\r\n" + skill + "\r\n"));
		}
		parts.add(HttpRequest.BodyPublishers
			.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
		parts.add(HttpRequest.BodyPublishers.ofFile(file));
		parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url("/api/analyses")))
					.header("Authorization", AdminKey.HEADER)
					.header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.timeout(Duration.ofMinutes(2))
					.POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("the upload failed at the HTTP level (the server should answer a problem): " + ex,
					ex);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.apiPort + path;
	}

}
