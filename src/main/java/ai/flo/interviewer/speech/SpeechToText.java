package ai.flo.interviewer.speech;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.providers.ProvidersProperties;
import ai.flo.interviewer.providers.RetryAfter;

import org.springframework.stereotype.Component;

/**
 * Speech-to-text through an OpenAI-compatible {@code POST /audio/transcriptions}. Models
 * that can give segment timestamps are asked for them ({@code verbose_json}); others
 * answer one text, which is returned as untimed. 429, 5xx, timeouts and connection
 * failures are retried with backoff (honouring Retry-After); other errors are not. Keys
 * never reach the logs.
 */
@Component
public class SpeechToText {

	private static final Logger log = LoggerFactory.getLogger(SpeechToText.class);

	private final SpeechProperties properties;

	private final ProvidersProperties providers;

	private final JsonMapper json;

	private final HttpClient http;

	SpeechToText(SpeechProperties properties, ProvidersProperties providers, JsonMapper json) {
		this.properties = properties;
		this.providers = providers;
		this.json = json;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * One stretch of recognised speech; times in seconds from the start of the audio
	 * sent.
	 */
	public record Segment(double start, double end, String text) {
	}

	/**
	 * @param text the whole text
	 * @param segments timed segments; empty when {@code timed} is false
	 * @param timed whether the provider gave segment timestamps
	 */
	public record Transcription(String text, List<Segment> segments, boolean timed) {
	}

	/**
	 * Fails with a "not configured" problem naming the variable to set when the provider
	 * has no key.
	 */
	public void ensureConfigured() {
		this.providers.requireKey(this.properties.provider());
	}

	public String describe() {
		return this.properties.provider() + "/" + this.properties.model();
	}

	/**
	 * Transcribes one audio file.
	 * @param prompt context for the model (the previous text, vocabulary), or
	 * {@code null}
	 * @throws SpeechException when no usable answer came after the allowed attempts
	 */
	public Transcription transcribe(Path audio, String prompt) {
		String key = this.providers.requireKey(this.properties.provider());
		URI uri = URI
			.create(this.providers.byName().get(this.properties.provider()).baseUrl().toString().replaceAll("/+$", "")
					+ "/audio/transcriptions");
		boolean timed = this.properties.timestamps();
		Duration backoff = Duration.ofSeconds(1);
		Duration wait = backoff;
		SpeechException last = null;
		for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
			try {
				HttpResponse<String> response = this.http.send(request(uri, key, audio, prompt, timed),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				int status = response.statusCode();
				if (status == 200) {
					return parse(response.body(), timed);
				}
				String reason = this.properties.provider() + " speech-to-text (" + this.properties.model()
						+ ") answered " + status + ": " + errorMessage(response.body());
				boolean retry = status == 429 || status >= 500;
				last = new SpeechException(reason, retry, null);
				if (!retry) {
					throw last;
				}
				wait = retryAfter(response, backoff);
			}
			catch (IOException ex) {
				last = new SpeechException(this.properties.provider() + " speech-to-text could not be reached: " + ex,
						true, ex);
				wait = backoff;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SpeechException("interrupted", true, ex);
			}
			if (attempt < this.properties.maxAttempts()) {
				log.info("Speech-to-text attempt {} failed ({}); retrying in {}", attempt, last.getMessage(), wait);
				sleep(wait);
				// The provider's Retry-After applies to that wait only; our own backoff
				// keeps doubling.
				backoff = min(backoff.multipliedBy(2), this.properties.maxRetryWait());
				wait = backoff;
			}
		}
		throw new SpeechException(last.getMessage() + " (after " + this.properties.maxAttempts() + " attempts)", true,
				last.getCause());
	}

	private HttpRequest request(URI uri, String key, Path audio, String prompt, boolean timed) throws IOException {
		String boundary = "flo-" + UUID.randomUUID();
		List<byte[]> head = new ArrayList<>();
		head.add(field(boundary, "model", this.properties.model()));
		head.add(field(boundary, "response_format", timed ? "verbose_json" : "json"));
		if (timed) {
			head.add(field(boundary, "timestamp_granularities[]", "segment"));
		}
		head.add(field(boundary, "temperature", "0"));
		if (this.properties.language() != null) {
			head.add(field(boundary, "language", this.properties.language()));
		}
		if (prompt != null && !prompt.isBlank()) {
			head.add(field(boundary, "prompt", prompt));
		}
		String name = audio.getFileName().toString();
		head.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
				+ name.replace("\"", "") + "\"\r\nContent-Type: " + contentType(name) + "\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
		head.forEach((bytes) -> parts.add(HttpRequest.BodyPublishers.ofByteArray(bytes)));
		parts.add(HttpRequest.BodyPublishers.ofFile(audio));
		parts.add(HttpRequest.BodyPublishers
			.ofByteArray(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
		return HttpRequest.newBuilder(uri)
			.timeout(this.properties.timeout())
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
			.build();
	}

	private static byte[] field(String boundary, String name, String value) {
		return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String contentType(String name) {
		if (name.endsWith(".flac")) {
			return "audio/flac";
		}
		if (name.endsWith(".wav")) {
			return "audio/wav";
		}
		if (name.endsWith(".ogg") || name.endsWith(".opus")) {
			return "audio/ogg";
		}
		return "application/octet-stream";
	}

	private Transcription parse(String body, boolean timed) {
		JsonNode root;
		try {
			root = this.json.readTree(body);
		}
		catch (RuntimeException ex) {
			throw new SpeechException(
					this.properties.provider() + " speech-to-text answered something that is not JSON", true, ex);
		}
		JsonNode text = root.get("text");
		if (text == null || !text.isString()) {
			throw new SpeechException(this.properties.provider() + " speech-to-text answered JSON without a text", true,
					null);
		}
		List<Segment> segments = new ArrayList<>();
		JsonNode list = root.get("segments");
		if (timed && list != null && list.isArray()) {
			for (JsonNode segment : list) {
				double start = segment.path("start").asDouble(Double.NaN);
				double end = segment.path("end").asDouble(Double.NaN);
				String words = segment.path("text").asString("").strip();
				if (Double.isNaN(start) || Double.isNaN(end) || end < start) {
					throw new SpeechException(
							this.properties.provider() + " speech-to-text answered a segment without valid times", true,
							null);
				}
				if (!words.isEmpty()) {
					segments.add(new Segment(start, end, words));
				}
			}
		}
		boolean hasTimes = timed && list != null && list.isArray();
		return new Transcription(text.asString().strip(), segments, hasTimes);
	}

	private String errorMessage(String body) {
		try {
			JsonNode message = this.json.readTree(body).path("error").path("message");
			if (message.isString()) {
				return message.asString();
			}
		}
		catch (RuntimeException ex) {
			// not JSON: fall through
		}
		String plain = (body == null) ? "" : body.strip();
		return (plain.length() > 200) ? plain.substring(0, 200) + "..." : plain;
	}

	private Duration retryAfter(HttpResponse<String> response, Duration backoff) {
		return RetryAfter
			.parse(response.headers().firstValue("retry-after-ms").orElse(null),
					response.headers().firstValue("retry-after").orElse(null), java.time.Instant.now())
			.map((wait) -> min(wait, this.properties.maxRetryWait()))
			.orElse(backoff);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SpeechException("interrupted", true, ex);
		}
	}

}
