package ai.flo.interviewer.speech;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import ai.flo.interviewer.providers.ProviderMetrics;
import ai.flo.interviewer.providers.ProvidersProperties;
import ai.flo.interviewer.providers.RetryAfter;
import ai.flo.interviewer.providers.Retrying;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Text-to-speech for the voice interviewer: one sentence per request, its audio handed on
 * as 16 kHz mono 16-bit PCM piece by piece while it streams in, so that the candidate
 * hears the start of a sentence before the provider has finished it.
 * <p>
 * Cartesia ({@code POST /tts/bytes}) is asked for raw 16 kHz {@code pcm_s16le} directly.
 * OpenAI ({@code POST /audio/speech}, {@code response_format=pcm}) only answers 24 kHz,
 * which a {@link Resampler} brings to 16 kHz on the fly. The text is sent as
 * {@link Pronunciations} say it (API as letters, SQL as "sequel").
 * <p>
 * 429, 5xx, timeouts and connection failures are retried with a short backoff (honouring
 * Retry-After, capped: the candidate is waiting), but only as long as no audio came: a
 * sentence half spoken cannot be taken back. Other errors are not retried. Keys never
 * reach the logs.
 * <p>
 * Barge-in: the call stops reading and drops the connection within about
 * {@value #POLL_MILLIS} ms once its thread is interrupted or its {@code cancelled} check
 * says so, and returns what was delivered (with {@link Synthesis#cancelled()} set; an
 * interrupt stays set on the thread).
 */
@Component
public class TextToSpeech {

	/** The sample rate of all audio handed on. */
	public static final int SAMPLE_RATE = 16_000;

	/** OpenAI's {@code pcm} format: 24 kHz mono 16-bit little-endian. */
	static final int OPENAI_SAMPLE_RATE = 24_000;

	/** How often a waiting call looks at its cancel check. */
	static final long POLL_MILLIS = 10;

	/** Cartesia's own speed control (0.6 to 1.5) of the sonic-3 family and later. */
	private static final double CARTESIA_MIN_SPEED = 0.6;

	private static final double CARTESIA_MAX_SPEED = 1.5;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

	/** The most of an error answer kept to find the provider's message in. */
	private static final int MAX_ERROR_BYTES = 64 * 1024;

	private final SynthesisProperties properties;

	private final ProvidersProperties providers;

	private final JsonMapper json;

	private final Pronunciations pronunciations = Pronunciations.standard();

	private final HttpClient http;

	private final ProviderMetrics metrics;

	TextToSpeech(SynthesisProperties properties, ProvidersProperties providers, JsonMapper json) {
		this(properties, providers, json, ProviderMetrics.none());
	}

	@Autowired
	TextToSpeech(SynthesisProperties properties, ProvidersProperties providers, JsonMapper json,
			ObjectProvider<ProviderMetrics> metrics) {
		this(properties, providers, json, metrics.getIfAvailable(ProviderMetrics::none));
	}

	TextToSpeech(SynthesisProperties properties, ProvidersProperties providers, JsonMapper json,
			ProviderMetrics metrics) {
		this.properties = properties;
		this.providers = providers;
		this.json = json;
		this.metrics = metrics;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/**
	 * What one sentence took.
	 *
	 * @param firstByteMillis from the call to the first byte of audio (-1 if none came)
	 * @param totalMillis from the call to its return
	 * @param samples 16 kHz samples handed on
	 * @param cancelled whether the call stopped early because it was cancelled or
	 * interrupted
	 */
	public record Synthesis(long firstByteMillis, long totalMillis, long samples, boolean cancelled) {

		/** The duration of the audio handed on. */
		public Duration audio() {
			return Duration.ofMillis(this.samples * 1000 / SAMPLE_RATE);
		}

	}

	/**
	 * Fails with a "not configured" problem naming the variable to set when the provider
	 * has no key.
	 */
	public void ensureConfigured() {
		this.providers.requireKey(this.properties.provider());
	}

	public String describe() {
		return this.properties.provider() + "/" + this.properties.model() + "/" + this.properties.voice();
	}

	/**
	 * Speaks one sentence.
	 * @param pcm receives 16 kHz mono samples, piece by piece, on the calling thread
	 * @throws SpeechException when no usable answer came after the allowed attempts, or
	 * the audio broke off
	 */
	public Synthesis synthesize(String text, Consumer<short[]> pcm) {
		return synthesize(text, pcm, () -> false);
	}

	/**
	 * Speaks one sentence, stopping early once {@code cancelled} says so (checked every
	 * {@value #POLL_MILLIS} ms or so) or the calling thread is interrupted.
	 * @param pcm receives 16 kHz mono samples, piece by piece, on the calling thread
	 * @throws SpeechException when no usable answer came after the allowed attempts, or
	 * the audio broke off
	 */
	public Synthesis synthesize(String text, Consumer<short[]> pcm, BooleanSupplier cancelled) {
		long started = System.nanoTime();
		String spoken = this.pronunciations.apply(text).strip();
		if (spoken.isEmpty()) {
			return new Synthesis(-1, 0, 0, false);
		}
		String outcome = "failed";
		try {
			Synthesis synthesis = attempts(spoken, pcm, cancelled, started);
			outcome = synthesis.cancelled() ? "cancelled" : "ok";
			return synthesis;
		}
		finally {
			this.metrics.call(this.properties.provider(), "synthesis", outcome,
					Duration.ofNanos(System.nanoTime() - started));
		}
	}

	private Synthesis attempts(String spoken, Consumer<short[]> pcm, BooleanSupplier cancelled, long started) {
		String key = this.providers.requireKey(this.properties.provider());
		boolean cartesia = "cartesia".equals(this.properties.provider());
		URI uri = URI
			.create(this.providers.byName().get(this.properties.provider()).baseUrl().toString().replaceAll("/+$", "")
					+ (cartesia ? "/tts/bytes" : "/audio/speech"));
		byte[] body = this.json.writeValueAsBytes(cartesia ? cartesiaRequest(spoken) : openAiRequest(spoken));
		Audio audio = new Audio(pcm, cartesia ? SAMPLE_RATE : OPENAI_SAMPLE_RATE, started);
		BooleanSupplier stop = () -> Thread.currentThread().isInterrupted() || cancelled.getAsBoolean();
		Retrying retrying = new Retrying(this.properties.maxAttempts(), FIRST_BACKOFF, this.properties.maxRetryWait());
		try {
			return retrying.run(name(), (number) -> {
				if (stop.getAsBoolean()) {
					return audio.synthesis(true);
				}
				try {
					boolean finished = attempt(request(uri, key, body, cartesia), audio, stop);
					return audio.synthesis(!finished);
				}
				catch (Failure failure) {
					if (!failure.exception.retryable() || audio.started()) {
						throw failure.exception;
					}
					throw new Retrying.Retry(failure.exception, failure.retryAfter);
				}
			}, (wait) -> pause(wait, stop));
		}
		catch (Retrying.GaveUp ex) {
			throw new SpeechException(ex.last().getMessage() + " (after " + ex.attempts() + " attempts)", true,
					ex.last().getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return audio.synthesis(true);
		}
	}

	private ObjectNode cartesiaRequest(String text) {
		ObjectNode request = this.json.createObjectNode();
		request.put("model_id", this.properties.model());
		request.put("transcript", text);
		ObjectNode voice = request.putObject("voice");
		voice.put("mode", "id");
		voice.put("id", this.properties.voice());
		ObjectNode format = request.putObject("output_format");
		format.put("container", "raw");
		format.put("encoding", "pcm_s16le");
		format.put("sample_rate", SAMPLE_RATE);
		request.put("language", this.properties.language());
		double speed = this.properties.speed();
		if (speed != 1.0) {
			if (cartesiaLegacyModel(this.properties.model())) {
				// sonic-2 and before: an experimental control from -1 (slowest) through 0
				// (normal) to 1 (fastest)
				double control = Math.max(-1, Math.min(1, (speed - 1) * 2));
				voice.putObject("__experimental_controls").put("speed", Math.round(control * 100) / 100.0);
			}
			else {
				request.putObject("generation_config")
					.put("speed", Math.max(CARTESIA_MIN_SPEED, Math.min(CARTESIA_MAX_SPEED, speed)));
			}
		}
		return request;
	}

	/**
	 * Models that take speed as {@code voice.__experimental_controls}, not
	 * {@code generation_config}.
	 */
	static boolean cartesiaLegacyModel(String model) {
		return model.equals("sonic") || model.startsWith("sonic-2") || model.startsWith("sonic-turbo")
				|| model.startsWith("sonic-english") || model.startsWith("sonic-multilingual");
	}

	private ObjectNode openAiRequest(String text) {
		ObjectNode request = this.json.createObjectNode();
		request.put("model", this.properties.model());
		request.put("input", text);
		request.put("voice", this.properties.voice());
		request.put("response_format", "pcm");
		request.put("speed", this.properties.speed());
		return request;
	}

	private HttpRequest request(URI uri, String key, byte[] body, boolean cartesia) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (cartesia) {
			request.header("X-API-Key", key).header("Cartesia-Version", this.properties.cartesiaVersion());
		}
		else {
			request.header("Authorization", "Bearer " + key);
		}
		return request.build();
	}

	/**
	 * One request: hands its audio on as it comes.
	 * @return true when the audio ended, false when the call was stopped
	 * @throws Failure when the provider refused or could not be reached, or the audio
	 * broke off
	 */
	private boolean attempt(HttpRequest request, Audio audio, BooleanSupplier stop) throws Failure {
		long deadline = System.nanoTime() + this.properties.timeout().toNanos();
		CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofPublisher());
		HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
		try {
			response = awaitResponse(pending, stop, deadline);
		}
		catch (InterruptedException ex) {
			pending.cancel(true);
			Thread.currentThread().interrupt();
			return false;
		}
		if (response == null) {
			pending.cancel(true);
			return false;
		}
		Chunks chunks = new Chunks();
		response.body().subscribe(chunks);
		boolean ended = false;
		try {
			if (response.statusCode() != 200) {
				String error = errorBody(chunks, deadline);
				int status = response.statusCode();
				boolean retry = status == 429 || status >= 500;
				throw new Failure(
						new SpeechException(name() + " answered " + status + ": " + errorMessage(error), retry, null),
						retry ? retryAfter(response) : null);
			}
			while (true) {
				if (stop.getAsBoolean()) {
					return false;
				}
				if (System.nanoTime() > deadline) {
					throw new Failure(new SpeechException(name() + " did not finish within " + this.properties.timeout()
							+ " (" + audio.samples + " samples came)", true, null), null);
				}
				Object next = chunks.next(POLL_MILLIS);
				if (next == Chunks.END) {
					audio.end();
					ended = true;
					return true;
				}
				if (next instanceof Throwable failure) {
					throw new Failure(
							new SpeechException(name() + " broke off after " + audio.samples + " samples: " + failure,
									true, failure),
							null);
				}
				if (next != null) {
					@SuppressWarnings("unchecked")
					List<ByteBuffer> buffers = (List<ByteBuffer>) next;
					for (ByteBuffer buffer : buffers) {
						audio.bytes(buffer);
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			if (!ended) {
				chunks.cancel(); // drops the connection: nothing more is read
			}
		}
	}

	/** The response (status and headers), or null once stopped. */
	private HttpResponse<Flow.Publisher<List<ByteBuffer>>> awaitResponse(
			CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending, BooleanSupplier stop,
			long deadline) throws InterruptedException, Failure {
		while (true) {
			if (stop.getAsBoolean()) {
				return null;
			}
			try {
				return pending.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (System.nanoTime() > deadline) {
					pending.cancel(true);
					throw new Failure(new SpeechException(
							name() + " did not answer within " + this.properties.timeout(), true, ex), null);
				}
			}
			catch (ExecutionException ex) {
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				String what = (cause instanceof HttpTimeoutException)
						? " did not answer within " + this.properties.timeout() : " could not be reached: " + cause;
				throw new Failure(new SpeechException(name() + what, true, cause), null);
			}
		}
	}

	/** The error answer as text, as much of it as comes before the deadline. */
	private static String errorBody(Chunks chunks, long deadline) throws InterruptedException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		while (System.nanoTime() < deadline && bytes.size() < MAX_ERROR_BYTES) {
			Object next = chunks.next(POLL_MILLIS);
			if (next == Chunks.END || next instanceof Throwable) {
				break;
			}
			if (next != null) {
				@SuppressWarnings("unchecked")
				List<ByteBuffer> buffers = (List<ByteBuffer>) next;
				for (ByteBuffer buffer : buffers) {
					byte[] part = new byte[buffer.remaining()];
					buffer.get(part);
					bytes.write(part, 0, part.length);
				}
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private String name() {
		return this.properties.provider() + " text-to-speech (" + this.properties.model() + ")";
	}

	/**
	 * The provider's own message from an error answer: OpenAI's, Cartesia's, or the text
	 * itself.
	 */
	private String errorMessage(String body) {
		try {
			JsonNode root = this.json.readTree(body);
			for (JsonNode candidate : List.of(root.path("error").path("message"), root.path("error"),
					root.path("message"), root.path("detail"), root.path("title"))) {
				if (candidate.isString() && !candidate.asString().isBlank()) {
					return candidate.asString();
				}
			}
		}
		catch (RuntimeException ex) {
			// not JSON: fall through
		}
		String plain = (body == null) ? "" : body.strip();
		return (plain.length() > 200) ? plain.substring(0, 200) + "..." : plain;
	}

	private static Duration retryAfter(HttpResponse<?> response) {
		return RetryAfter
			.parse(response.headers().firstValue("retry-after-ms").orElse(null),
					response.headers().firstValue("retry-after").orElse(null), Instant.now())
			.orElse(null);
	}

	/** Waits, looking at the stop check meanwhile; false when stopped. */
	private static boolean pause(Duration duration, BooleanSupplier stop) {
		long until = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < until) {
			if (stop.getAsBoolean()) {
				return false;
			}
			try {
				Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (until - System.nanoTime()) / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return !stop.getAsBoolean();
	}

	/** A failed attempt, with the provider's Retry-After if it gave one. */
	private static final class Failure extends Exception {

		private final transient SpeechException exception;

		private final transient Duration retryAfter;

		Failure(SpeechException exception, Duration retryAfter) {
			super(exception.getMessage(), null, false, false);
			this.exception = exception;
			this.retryAfter = retryAfter;
		}

	}

	/**
	 * The audio of one call: bytes in (at the provider's rate, split anywhere, even
	 * inside a sample), 16 kHz samples out to the consumer.
	 */
	private static final class Audio {

		private final Consumer<short[]> consumer;

		private final Resampler resampler;

		private final long started;

		private long firstByteNanos = -1;

		private int oddByte = -1;

		private long samples;

		Audio(Consumer<short[]> consumer, int sampleRate, long started) {
			this.consumer = consumer;
			this.resampler = (sampleRate == SAMPLE_RATE) ? null : new Resampler(sampleRate, SAMPLE_RATE);
			this.started = started;
		}

		boolean started() {
			return this.firstByteNanos >= 0;
		}

		void bytes(ByteBuffer buffer) {
			if (!buffer.hasRemaining()) {
				return;
			}
			if (this.firstByteNanos < 0) {
				this.firstByteNanos = System.nanoTime();
			}
			int total = buffer.remaining() + ((this.oddByte >= 0) ? 1 : 0);
			short[] pcm = new short[total / 2];
			int i = 0;
			if (this.oddByte >= 0 && pcm.length > 0) {
				pcm[i++] = (short) (this.oddByte | (buffer.get() << 8)); // little-endian:
																			// low byte
																			// first
				this.oddByte = -1;
			}
			while (i < pcm.length) {
				int low = buffer.get() & 0xff;
				pcm[i++] = (short) (low | (buffer.get() << 8));
			}
			if (buffer.hasRemaining()) {
				this.oddByte = buffer.get() & 0xff;
			}
			deliver((this.resampler != null) ? this.resampler.push(pcm) : pcm);
		}

		void end() {
			if (this.resampler != null) {
				deliver(this.resampler.flush());
			}
		}

		private void deliver(short[] pcm) {
			if (pcm.length > 0) {
				this.consumer.accept(pcm);
				this.samples += pcm.length;
			}
		}

		Synthesis synthesis(boolean cancelled) {
			long now = System.nanoTime();
			return new Synthesis(started() ? (this.firstByteNanos - this.started) / 1_000_000 : -1,
					(now - this.started) / 1_000_000, this.samples, cancelled);
		}

	}

	/**
	 * The response body as a queue the calling thread polls, one buffer list at a time
	 * (asked for only when the previous one is taken, so nothing piles up), ending with
	 * {@link #END} or a {@link Throwable}.
	 */
	private static final class Chunks implements Flow.Subscriber<List<ByteBuffer>> {

		static final Object END = new Object();

		private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

		private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription.complete(subscription);
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> item) {
			this.queue.add(item);
		}

		@Override
		public void onError(Throwable throwable) {
			this.queue.add(throwable);
		}

		@Override
		public void onComplete() {
			this.queue.add(END);
		}

		/** The next item, or null when none came within {@code millis}. */
		Object next(long millis) throws InterruptedException {
			Object next = this.queue.poll(millis, TimeUnit.MILLISECONDS);
			if (next instanceof List<?>) {
				this.subscription.thenAccept((subscription) -> subscription.request(1));
			}
			return next;
		}

		/**
		 * Stops the body: the client closes the connection (HTTP/1.1) or resets the
		 * stream (HTTP/2).
		 */
		void cancel() {
			this.subscription.thenAccept(Flow.Subscription::cancel);
		}

	}

}
