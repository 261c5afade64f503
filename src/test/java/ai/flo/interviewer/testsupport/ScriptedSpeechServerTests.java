package ai.flo.interviewer.testsupport;

import java.io.ByteArrayOutputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ai.flo.interviewer.testsupport.ScriptedSpeechServer.Request;
import ai.flo.interviewer.testsupport.TestMedia.Spoken;
import ai.flo.interviewer.testsupport.TestMedia.Utterance;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams.TimestampGranularity;
import com.openai.models.audio.transcriptions.TranscriptionSegment;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The scripted speech-to-text server places chunks of a normalised recording (cut where
 * it was not told) to within a few milliseconds, answers each sentence once with its
 * timing in the chunk, in OpenAI's wire format, and refuses what the product must not
 * send.
 */
class ScriptedSpeechServerTests {

	static final List<String> SENTENCES = List.of("Tell me about a system you designed from scratch and why.",
			"I built a payment service that handled ten thousand requests every second.",
			"What was the hardest part of scaling it to that level?",
			"Keeping the ledger consistent while we sharded the main database.",
			"How did you test the migration before it went live for customers?",
			"We replayed a week of production traffic against a shadow cluster.",
			"What would you do differently if you started again today?",
			"I would invest in observability and tracing much earlier in the project.");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newHttpClient();

	@TempDir
	static Path folder;

	static Spoken spoken;

	/** The recording as the product normalises it before cutting. */
	static Path normalised;

	static ScriptedSpeechServer server;

	@BeforeAll
	static void prepare() {
		spoken = TestMedia.speech(folder.resolve("speech"), SENTENCES);
		normalised = folder.resolve("normalised.flac");
		TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", spoken.wav().toString(),
				"-ac", "1", "-ar", "16000", "-af", "loudnorm=I=-16:TP=-1.5:LRA=11,aresample=16000", "-c:a", "flac",
				normalised.toString()));
		server = ScriptedSpeechServer.startOnFreePort(spoken);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void reset() {
		server.reset();
	}

	@Test
	void placesOverlappingChunksAndAnswersEachSentenceOnceTimedWithinItsChunk() throws Exception {
		assertThat(spoken.durationMs()).isBetween(35_000L, 50_000L);
		List<Utterance> u = spoken.utterances();
		long gap2 = middleOfGapAfter(2);
		long gap5 = middleOfGapAfter(5);
		// the second chunk starts 400 ms before the end of sentence 2: cut in the middle
		// of speech
		List<long[]> cuts = List.of(new long[] { 0, gap2 + 400 }, new long[] { gap2 - 1000, gap5 },
				new long[] { gap5 - 600, spoken.durationMs() });
		assertThat(cuts.get(1)[0]).isBetween(u.get(2).startMs(), u.get(2).endMs());

		String previous = "";
		List<String> answered = new ArrayList<>();
		for (long[] cut : cuts) {
			Path chunk = cut(cut[0], cut[1]);
			String prompt = lastWords(previous, 8);
			HttpResponse<String> response = post(chunk, Map.of("model", "whisper-1", "response_format", "verbose_json",
					"timestamp_granularities[]", "segment", "prompt", prompt, "language", "en"));

			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode body = JSON.readTree(response.body());
			List<Utterance> expected = u.stream().filter((s) -> s.midMs() >= cut[0] && s.midMs() < cut[1]).toList();
			assertThat(body.get("segments")).hasSize(expected.size());
			for (int i = 0; i < expected.size(); i++) {
				JsonNode segment = body.get("segments").get(i);
				Utterance truth = expected.get(i);
				assertThat(segment.get("text").asString()).isEqualTo(" " + truth.text());
				assertThat(segment.get("start").asDouble() * 1000).isCloseTo(clamp(truth.startMs() - cut[0], cut),
						within(150.0));
				assertThat(segment.get("end").asDouble() * 1000).isCloseTo(clamp(truth.endMs() - cut[0], cut),
						within(150.0));
			}
			assertThat(body.get("duration").asDouble() * 1000).isCloseTo(cut[1] - cut[0], within(20.0));
			assertThat(body.get("language").asString()).isEqualTo("english");
			assertThat(body.get("text").asString())
				.isEqualTo(String.join(" ", expected.stream().map(Utterance::text).toList()));

			Request request = server.requests().get(server.requests().size() - 1);
			assertThat(request.offsetMs()).as("offset of chunk %d..%d", cut[0], cut[1]).isCloseTo(cut[0], within(100L));
			assertThat(request.prompt()).isEqualTo(prompt);
			assertThat(request.model()).isEqualTo("whisper-1");
			assertThat(request.language()).isEqualTo("en");
			assertThat(request.timestampGranularities()).containsExactly("segment");
			assertThat(request.codec()).isEqualTo("flac");
			assertThat(request.sampleRate()).isEqualTo(16_000);
			assertThat(request.channels()).isEqualTo(1);
			assertThat(request.bytes()).isEqualTo(Files.size(chunk));
			assertThat(request.authorization()).isEqualTo("Bearer sk-test");
			answered.addAll(request.texts());
			previous = body.get("text").asString();
		}
		assertThat(answered).as("each sentence exactly once").containsExactlyElementsOf(SENTENCES);
		assertThat(server.requests().get(1).prompt()).endsWith("scaling it to that level?");
		assertThat(server.violations()).isEmpty();
	}

	@Test
	void clampsSentencesCutByBothEdgesOfAChunk() throws Exception {
		List<Utterance> u = spoken.utterances();
		long from = u.get(1).startMs() + 400;
		long to = u.get(4).endMs() - 400;

		HttpResponse<String> response = post(cut(from, to),
				Map.of("model", "whisper-1", "response_format", "verbose_json"));

		JsonNode segments = JSON.readTree(response.body()).get("segments");
		assertThat(segments).hasSize(4);
		assertThat(segments.get(0).get("text").asString()).isEqualTo(" " + SENTENCES.get(1));
		assertThat(segments.get(0).get("start").asDouble()).isZero();
		assertThat(segments.get(3).get("text").asString()).isEqualTo(" " + SENTENCES.get(4));
		assertThat(segments.get(3).get("end").asDouble() * 1000).isCloseTo(to - from, within(20.0));
		assertThat(server.requests().get(0).offsetMs()).isCloseTo(from, within(100L));
		assertThat(server.violations()).isEmpty();
	}

	@Test
	void answersTheOpenAiJavaClientInAFormItParses() {
		long to = middleOfGapAfter(3);
		Path chunk = cut(0, to);
		OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("sk-test").build();
		try {
			TranscriptionVerbose verbose = client.audio()
				.transcriptions()
				.create(TranscriptionCreateParams.builder()
					.file(chunk)
					.model("whisper-1")
					.responseFormat(AudioResponseFormat.VERBOSE_JSON)
					.timestampGranularities(List.of(TimestampGranularity.SEGMENT))
					.prompt("An interview.")
					.build())
				.asVerbose()
				.validate();

			assertThat(verbose.segments())
				.hasValueSatisfying((segments) -> assertThat(segments).extracting(TranscriptionSegment::text)
					.containsExactly(" " + SENTENCES.get(0), " " + SENTENCES.get(1), " " + SENTENCES.get(2),
							" " + SENTENCES.get(3)));
			assertThat(verbose.duration() * 1000).isCloseTo(to, within(20.0));
			Request request = server.requests().get(0);
			assertThat(request.filename()).isEqualTo(chunk.getFileName().toString());
			assertThat(request.timestampGranularities()).containsExactly("segment");
			assertThat(request.responseFormat()).isEqualTo("verbose_json");
			assertThat(request.prompt()).isEqualTo("An interview.");
			assertThat(server.violations()).isEmpty();
		}
		finally {
			client.close();
		}
	}

	@Test
	void answersJsonAndText() throws Exception {
		Path chunk = cut(0, middleOfGapAfter(1));

		HttpResponse<String> json = post(chunk, Map.of("model", "gpt-4o-transcribe", "response_format", "json"));
		HttpResponse<String> text = post(chunk, Map.of("model", "gpt-4o-transcribe", "response_format", "text"));
		HttpResponse<String> unsaid = post(chunk, Map.of("model", "gpt-4o-transcribe"));

		String both = SENTENCES.get(0) + " " + SENTENCES.get(1);
		assertThat(JSON.readTree(json.body()).get("text").asString()).isEqualTo(both);
		assertThat(JSON.readTree(unsaid.body()).get("text").asString()).isEqualTo(both);
		assertThat(text.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(text.body().strip()).isEqualTo(both);
		assertThat(server.violations()).isEmpty();
	}

	@Test
	void silenceHasNoSegments() throws Exception {
		Path silence = TestMedia.silent(folder.resolve("silence.flac"), 3);

		HttpResponse<String> response = post(silence, Map.of("model", "whisper-1", "response_format", "verbose_json"));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("segments")).isEmpty();
		assertThat(body.get("text").asString()).isEmpty();
		assertThat(server.requests().get(0).offsetMs()).isNull();
		assertThat(server.violations()).isEmpty();
	}

	@Test
	void refusesAnMp3At44KilohertzAsAViolation() throws Exception {
		Path mp3 = folder.resolve("chunk-44k.mp3");
		TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", cut(0, 8000).toString(),
				"-ar", "44100", "-c:a", "libmp3lame", mp3.toString()));

		HttpResponse<String> response = post(mp3, Map.of("model", "whisper-1", "response_format", "verbose_json"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(response.body()).get("error").get("message").asString()).contains("sample rate 44100");
		assertThat(server.violations()).singleElement()
			.satisfies((violation) -> assertThat(violation).contains("codec mp3").contains("sample rate 44100"));
		assertThat(server.requests()).singleElement().satisfies((request) -> {
			assertThat(request.status()).isEqualTo(400);
			assertThat(request.sampleRate()).isEqualTo(44_100);
			assertThat(request.codec()).isEqualTo("mp3");
		});
	}

	@Test
	void refusesARequestWithoutAnApiKeyAndOneTooLarge() throws Exception {
		Path chunk = cut(0, 5000);

		HttpResponse<String> anonymous = HTTP.send(multipart(chunk, Map.of("model", "whisper-1"), null),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> large;
		try {
			server.maxBytes(1000);
			large = post(chunk, Map.of("model", "whisper-1"));
		}
		finally {
			server.maxBytes(25L * 1024 * 1024);
		}

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(anonymous.body()).get("error").get("code").asString()).isEqualTo("invalid_api_key");
		assertThat(large.statusCode()).isEqualTo(413);
		assertThat(server.violations()).hasSize(2);
	}

	@Test
	void failsTheNextRequestOnceWhenTold() throws Exception {
		Path chunk = cut(0, 5000);
		server.failNext(500, "The server had an error while processing your request.");

		HttpResponse<String> failed = post(chunk, Map.of("model", "whisper-1"));
		HttpResponse<String> retried = post(chunk, Map.of("model", "whisper-1"));

		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(JSON.readTree(failed.body()).get("error").get("type").asString()).isEqualTo("server_error");
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(server.requests()).extracting(Request::status).containsExactly(500, 200);
		assertThat(server.violations()).isEmpty();
	}

	@Test
	void holdsRequestsAfterSomeAreAnsweredUntilReleased() throws Exception {
		Path chunk = cut(0, 5000);
		server.holdAfter(1);

		assertThat(post(chunk, Map.of("model", "whisper-1")).statusCode()).isEqualTo(200);
		CompletableFuture<HttpResponse<String>> held = HTTP
			.sendAsync(multipart(chunk, Map.of("model", "whisper-1"), "sk-test"), HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10)).until(() -> server.held() == 1);
		assertThat(held).isNotDone();

		server.release();

		assertThat(held.get().statusCode()).isEqualTo(200);
		assertThat(server.held()).isZero();
	}

	@Test
	void dropsHeldRequestsWhenClosed() throws Exception {
		Path chunk = cut(0, 5000);
		ScriptedSpeechServer own = ScriptedSpeechServer.startOnFreePort(spoken).holdAfter(0);
		CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(
				multipart(own.baseUrl(), chunk, Map.of("model", "whisper-1"), "sk-test"),
				HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(10)).until(() -> own.held() == 1);

		own.close();

		await().atMost(Duration.ofSeconds(10)).until(held::isDone);
		assertThat(held).isCompletedExceptionally();
	}

	/** The middle of the silence after the {@code i}-th sentence. */
	private static long middleOfGapAfter(int i) {
		return (spoken.utterances().get(i).endMs() + spoken.utterances().get(i + 1).startMs()) / 2;
	}

	private static double clamp(long ms, long[] cut) {
		return Math.max(0, Math.min(cut[1] - cut[0], ms));
	}

	private static String lastWords(String text, int words) {
		String[] all = text.isBlank() ? new String[0] : text.strip().split("\\s+");
		return String.join(" ", List.of(all).subList(Math.max(0, all.length - words), all.length));
	}

	/** A FLAC chunk of the normalised recording, cut to the sample. */
	private static Path cut(long fromMs, long toMs) {
		Path chunk = folder.resolve("chunk-" + fromMs + "-" + toMs + ".flac");
		TestMedia.run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", normalised.toString(), "-af",
				"atrim=start_sample=" + fromMs * 16 + ":end_sample=" + toMs * 16, "-c:a", "flac", chunk.toString()));
		return chunk;
	}

	private static HttpResponse<String> post(Path file, Map<String, String> fields)
			throws IOException, InterruptedException {
		return HTTP.send(multipart(file, fields, "sk-test"), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest multipart(Path file, Map<String, String> fields, String apiKey) throws IOException {
		return multipart(server.baseUrl(), file, fields, apiKey);
	}

	private static HttpRequest multipart(String baseUrl, Path file, Map<String, String> fields, String apiKey)
			throws IOException {
		String boundary = "flo-" + System.nanoTime();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Map.Entry<String, String> field : new LinkedHashMap<>(fields).entrySet()) {
			body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
					+ field.getValue() + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		body.write(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
						+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
		body.write(Files.readAllBytes(file));
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/audio/transcriptions"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		if (apiKey != null) {
			request.header("Authorization", "Bearer " + apiKey);
		}
		return request.build();
	}

}
