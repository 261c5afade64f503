package ai.flo.interviewer.speech;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ai.flo.interviewer.providers.NoDelayTls;
import ai.flo.interviewer.providers.ProviderMetrics;
import ai.flo.interviewer.providers.ProvidersProperties;
import ai.flo.interviewer.providers.RetryAfter;
import ai.flo.interviewer.providers.Retrying;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.Timeout;
import com.openai.core.http.Headers;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams.TimestampGranularity;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.audio.transcriptions.TranscriptionSegment;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Speech-to-text through an OpenAI-compatible {@code POST /audio/transcriptions}
 * (openai-java's client; Groq and self-hosted servers by base URL). Models that can give
 * segment timestamps are asked for them ({@code verbose_json}); others answer one text,
 * which is returned as untimed. 429, 5xx, timeouts and connection failures are retried
 * with backoff (honouring Retry-After); other errors are not. Keys never reach the logs.
 */
@Component
public class SpeechToText {

	/** Nagle off: see {@link NoDelayTls}. */
	private static final NoDelayTls TLS = NoDelayTls.create();

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final SpeechProperties properties;

	private final ProvidersProperties providers;

	private final ProviderMetrics metrics;

	private volatile OpenAIClient client;

	SpeechToText(SpeechProperties properties, ProvidersProperties providers) {
		this(properties, providers, ProviderMetrics.none());
	}

	@Autowired
	SpeechToText(SpeechProperties properties, ProvidersProperties providers, ObjectProvider<ProviderMetrics> metrics) {
		this(properties, providers, metrics.getIfAvailable(ProviderMetrics::none));
	}

	SpeechToText(SpeechProperties properties, ProvidersProperties providers, ProviderMetrics metrics) {
		this.properties = properties;
		this.providers = providers;
		this.metrics = metrics;
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
	 * Transcribes one audio file (read afresh for each attempt, never whole into memory).
	 * @param prompt context for the model (the previous text, vocabulary), or
	 * {@code null}
	 * @throws SpeechException when no usable answer came after the allowed attempts
	 */
	public Transcription transcribe(Path audio, String prompt) {
		return transcribe(audio.getFileName().toString(), () -> Files.newInputStream(audio), prompt);
	}

	/**
	 * Transcribes audio held in memory.
	 * @param filename its name, whose extension tells the provider the format
	 * ({@code utterance.wav})
	 * @param prompt context for the model, or {@code null}
	 * @throws SpeechException when no usable answer came after the allowed attempts
	 */
	public Transcription transcribe(byte[] audio, String filename, String prompt) {
		return transcribe(filename, () -> new ByteArrayInputStream(audio), prompt);
	}

	private Transcription transcribe(String filename, Source audio, String prompt) {
		long started = System.nanoTime();
		String outcome = "failed";
		try {
			Transcription transcription = attempts(filename, audio, prompt);
			outcome = "ok";
			return transcription;
		}
		finally {
			this.metrics.call(name(), "transcription", outcome, Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private Transcription attempts(String filename, Source audio, String prompt) {
		OpenAIClient client = client();
		boolean timed = this.properties.timestamps();
		Retrying retrying = new Retrying(this.properties.maxAttempts(), Duration.ofSeconds(1),
				this.properties.maxRetryWait());
		try {
			return retrying.run(name() + " speech-to-text", (number) -> {
				try (InputStream in = audio.open()) {
					return read(client.audio().transcriptions().create(params(filename, in, prompt, timed)), timed);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not read " + filename, ex);
				}
				catch (RateLimitException | InternalServerException ex) {
					throw new Retrying.Retry(refused(ex, true), retryAfter(ex.headers()));
				}
				catch (OpenAIServiceException ex) {
					throw refused(ex, false);
				}
				catch (OpenAIIoException ex) {
					Throwable why = (ex.getCause() != null) ? ex.getCause() : ex;
					throw new Retrying.Retry(
							new SpeechException(name() + " speech-to-text could not be reached: " + why, true, ex),
							null);
				}
			});
		}
		catch (Retrying.GaveUp ex) {
			throw new SpeechException(ex.last().getMessage() + " (after " + ex.attempts() + " attempts)", true,
					ex.last().getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SpeechException("interrupted", true, ex);
		}
	}

	private TranscriptionCreateParams params(String filename, InputStream audio, String prompt, boolean timed) {
		TranscriptionCreateParams.Builder params = TranscriptionCreateParams.builder()
			.file(MultipartField.<InputStream>builder()
				.value(audio)
				.filename(filename)
				.contentType(contentType(filename))
				.build())
			.model(this.properties.model())
			.responseFormat(timed ? AudioResponseFormat.VERBOSE_JSON : AudioResponseFormat.JSON)
			.temperature(0);
		if (timed) {
			params.addTimestampGranularity(TimestampGranularity.SEGMENT);
		}
		if (this.properties.language() != null) {
			params.language(this.properties.language());
		}
		if (prompt != null && !prompt.isBlank()) {
			params.prompt(prompt);
		}
		return params.build();
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

	/**
	 * The answer as text and segments. An answer without a text, or with a segment
	 * without valid times, fails at once (retryable: a later call may get a good one).
	 */
	private Transcription read(TranscriptionCreateResponse response, boolean timed) {
		try {
			if (response.isVerbose()) {
				var verbose = response.asVerbose();
				List<Segment> segments = new ArrayList<>();
				boolean hasTimes = timed && verbose.segments().isPresent();
				for (TranscriptionSegment segment : verbose.segments().orElse(List.of())) {
					double start = seconds(segment.start());
					double end = seconds(segment.end());
					if (Double.isNaN(start) || Double.isNaN(end) || end < start) {
						throw new SpeechException(name() + " speech-to-text answered a segment without valid times",
								true, null);
					}
					String words = segment.text().strip();
					if (hasTimes && !words.isEmpty()) {
						segments.add(new Segment(start, end, words));
					}
				}
				return new Transcription(verbose.text().strip(), segments, hasTimes);
			}
			if (response.isTranscription()) {
				return new Transcription(response.asTranscription().text().strip(), List.of(), false);
			}
			throw new SpeechException(name() + " speech-to-text answered JSON without a text", true, null);
		}
		catch (OpenAIInvalidDataException ex) {
			throw new SpeechException(name() + " speech-to-text answered something unreadable: " + ex.getMessage(),
					true, ex);
		}
	}

	/**
	 * openai-java reads segment times as floats: their shortest decimal form is the
	 * number the provider wrote (1.234, not 1.2339999675750732).
	 */
	private static double seconds(float value) {
		return Double.parseDouble(Float.toString(value));
	}

	private SpeechException refused(OpenAIServiceException ex, boolean retryable) {
		// openai-java's message is "STATUS: the provider's message" ("null" when the body
		// had none)
		String message = ex.getMessage().replaceFirst("^\\d{3}: ", "").replaceFirst("^null$", "no message");
		return new SpeechException(name() + " speech-to-text (" + this.properties.model() + ") answered "
				+ ex.statusCode() + ": " + message, retryable, null);
	}

	private static Duration retryAfter(Headers headers) {
		return RetryAfter.parse(first(headers, "retry-after-ms"), first(headers, "retry-after"), Instant.now())
			.orElse(null);
	}

	private static String first(Headers headers, String name) {
		List<String> values = headers.values(name);
		return values.isEmpty() ? null : values.get(0);
	}

	private String name() {
		return this.properties.provider();
	}

	/**
	 * One client for the configured provider, made on first use (the key may be missing
	 * at start). It never retries by itself: the loop here does, with our settings.
	 */
	private OpenAIClient client() {
		String key = this.providers.requireKey(this.properties.provider());
		OpenAIClient current = this.client;
		if (current == null) {
			synchronized (this) {
				current = this.client;
				if (current == null) {
					Duration timeout = this.properties.timeout();
					current = OpenAIOkHttpClient.builder()
						.sslSocketFactory(TLS.socketFactory())
						.trustManager(TLS.trustManager())
						.apiKey(key)
						.baseUrl(this.providers.byName().get(this.properties.provider()).baseUrl().toString())
						.timeout(Timeout.builder()
							.connect(CONNECT_TIMEOUT)
							.read(timeout)
							.write(timeout)
							.request(timeout)
							.build())
						.maxRetries(0)
						.build();
					this.client = current;
				}
			}
		}
		return current;
	}

	/** Opens the audio for one attempt. */
	@FunctionalInterface
	private interface Source {

		InputStream open() throws IOException;

	}

}
