package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks the text-to-speech wire formats of Cartesia
 * ({@code POST
 * /tts/bytes}, raw PCM in the format asked) and OpenAI ({@code POST /v1/audio/speech}
 * with {@code response_format=pcm}: 24 kHz mono 16-bit little-endian). It answers with
 * espeak-ng's speech of the text it is sent, streamed the way the providers do: in chunks
 * ({@link #chunk}, 20 ms of audio unless told), each flushed on its own, after an
 * optional first-byte delay and with an optional delay between chunks, so a client can be
 * seen to play audio before the answer ends and to stop reading in the middle.
 * <p>
 * It checks each request (an API key, the version header for Cartesia, the JSON fields,
 * the audio format asked): anything off is answered with 400 (401 without a key) and kept
 * in {@link #violations()}, which a test asserts to be empty. Every request is kept in
 * {@link #requests()} once answered, with whether the client dropped the connection
 * before the end ({@link Request#aborted()}). {@link #failNext} scripts errors.
 * <p>
 * Errors come as OpenAI's {@code {"error":{"message":...}}} on the OpenAI path and as
 * {@code {"error":...}} on the Cartesia path (the client must also cope with a plain-text
 * body).
 */
public final class ScriptedTtsServer implements AutoCloseable {

	public static final String CARTESIA = "cartesia";

	public static final String OPENAI = "openai";

	/** OpenAI's {@code pcm} rate. */
	public static final int OPENAI_SAMPLE_RATE = 24_000;

	private static final Set<Integer> CARTESIA_RATES = Set.of(8000, 16000, 22050, 24000, 44100, 48000);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor;

	private final java.util.concurrent.atomic.AtomicInteger handling = new java.util.concurrent.atomic.AtomicInteger();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

	private final Map<String, short[]> speech = new ConcurrentHashMap<>();

	private volatile Duration chunk = Duration.ofMillis(20);

	private volatile Duration chunkDelay = Duration.ZERO;

	private volatile Duration firstByteDelay = Duration.ZERO;

	/**
	 * One request as received and answered.
	 *
	 * @param provider {@value #CARTESIA} or {@value #OPENAI} (by path)
	 * @param text the transcript (Cartesia) or input (OpenAI)
	 * @param speed as sent: {@code generation_config.speed} or
	 * {@code voice.__experimental_controls.speed} for Cartesia, {@code speed} for OpenAI;
	 * null if none
	 * @param sampleRate the rate asked (Cartesia) or given (OpenAI)
	 * @param version the {@code Cartesia-Version} header (null for OpenAI)
	 * @param status the status answered
	 * @param bytesSent audio bytes written before the end or the client leaving
	 * @param aborted whether the client dropped the connection before the audio ended
	 */
	public record Request(String provider, String text, String voice, String model, Double speed, String language,
			int sampleRate, String version, int status, long bytesSent, boolean aborted) {
	}

	private record Failure(int status, String message, Duration retryAfter) {
	}

	private ScriptedTtsServer() throws IOException {
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "scripted-tts");
			thread.setDaemon(true);
			return thread;
		});
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static ScriptedTtsServer startOnFreePort() {
		try {
			return new ScriptedTtsServer();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The base URL to configure for Cartesia ({@code CARTESIA_BASE_URL}). */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The base URL to configure for OpenAI ({@code OPENAI_BASE_URL}). */
	public String openAiBaseUrl() {
		return baseUrl() + "/v1";
	}

	/** How much audio each write carries (20 ms unless told). */
	public ScriptedTtsServer chunk(Duration audio) {
		this.chunk = audio;
		return this;
	}

	/**
	 * A pause after each chunk (none unless told): 20 ms per 20 ms chunk is real time.
	 */
	public ScriptedTtsServer chunkDelay(Duration delay) {
		this.chunkDelay = delay;
		return this;
	}

	/** A pause before the status line and the first chunk (none unless told). */
	public ScriptedTtsServer firstByteDelay(Duration delay) {
		this.firstByteDelay = delay;
		return this;
	}

	/**
	 * Answers the next request that passes the checks with this error (queued: call twice
	 * for two).
	 */
	public ScriptedTtsServer failNext(int status, String message) {
		return failNext(status, message, null);
	}

	/** As {@link #failNext(int, String)}, with a Retry-After header. */
	public ScriptedTtsServer failNext(int status, String message, Duration retryAfter) {
		this.failures.add(new Failure(status, message, retryAfter));
		return this;
	}

	/** Every request answered (or refused, or left by the client), in that order. */
	/**
	 * Every request, once the ones being handled are finished (a request is recorded
	 * after its answer, and the client can be done reading before that).
	 */
	public List<Request> requests() {
		long deadline = System.nanoTime() + 3_000_000_000L;
		while (this.handling.get() > 0 && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return List.copyOf(this.requests);
	}

	/** Every way a request broke the contract, in words; empty when all was well. */
	public List<String> violations() {
		return List.copyOf(this.violations);
	}

	/** Forgets requests and violations and drops scripted failures and delays. */
	public void reset() {
		this.requests.clear();
		this.violations.clear();
		this.failures.clear();
		this.chunk = Duration.ofMillis(20);
		this.chunkDelay = Duration.ZERO;
		this.firstByteDelay = Duration.ZERO;
	}

	/**
	 * The audio this server answers for {@code text} at {@code sampleRate}: espeak-ng's,
	 * made once.
	 */
	public short[] speech(String text, int sampleRate) {
		return this.speech.computeIfAbsent(sampleRate + ":" + text, (key) -> {
			try {
				return Speech.pcmMono(text, sampleRate);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.handling.incrementAndGet();
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if (!"POST".equals(exchange.getRequestMethod())
					|| !("/tts/bytes".equals(path) || "/v1/audio/speech".equals(path))) {
				refuse(exchange, null, 404, exchange.getRequestMethod() + " " + path + " is not scripted", null);
				return;
			}
			boolean cartesia = "/tts/bytes".equals(path);
			JsonNode body;
			try {
				body = JSON.readTree(exchange.getRequestBody().readAllBytes());
			}
			catch (RuntimeException ex) {
				refuse(exchange, cartesia ? CARTESIA : OPENAI, 400, "body is not JSON: " + ex.getMessage(), null);
				return;
			}
			Request request = cartesia ? cartesia(exchange, body) : openAi(exchange, body);
			if (request == null) {
				return; // refused
			}
			Failure failure = this.failures.poll();
			if (failure != null) {
				if (failure.retryAfter() != null) {
					exchange.getResponseHeaders().set("Retry-After", String.valueOf(failure.retryAfter().toSeconds()));
				}
				error(exchange, request.provider(), failure.status(), failure.message());
				this.requests.add(answered(request, failure.status(), 0, false));
				return;
			}
			stream(exchange, request);
		}
		finally {
			this.handling.decrementAndGet();
		}
	}

	private Request cartesia(HttpExchange exchange, JsonNode body) throws IOException {
		String key = exchange.getRequestHeaders().getFirst("X-API-Key");
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		String version = exchange.getRequestHeaders().getFirst("Cartesia-Version");
		JsonNode voice = body.path("voice");
		JsonNode format = body.path("output_format");
		JsonNode speed = body.path("generation_config").path("speed");
		if (speed.isMissingNode()) {
			speed = voice.path("__experimental_controls").path("speed");
		}
		Request request = new Request(CARTESIA, text(body, "transcript"), text(voice, "id"), text(body, "model_id"),
				speed.isNumber() ? speed.asDouble() : null, text(body, "language"), format.path("sample_rate").asInt(0),
				version, 0, 0, false);
		List<String> wrong = new ArrayList<>();
		if (isBlank(key)
				&& (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7)) {
			refuse(exchange, CARTESIA, 401, "no API key (X-API-Key)", request);
			return null;
		}
		if (version == null || !version.matches("\\d{4}-\\d{2}-\\d{2}")) {
			wrong.add("Cartesia-Version header " + version + " (expected a date)");
		}
		if (isBlank(request.model())) {
			wrong.add("no model_id");
		}
		if (isBlank(request.text())) {
			wrong.add("no transcript");
		}
		if (!"id".equals(text(voice, "mode")) || isBlank(request.voice())) {
			wrong.add("voice " + voice + " (expected {\"mode\":\"id\",\"id\":...})");
		}
		if (!"raw".equals(text(format, "container")) || !"pcm_s16le".equals(text(format, "encoding"))
				|| !CARTESIA_RATES.contains(request.sampleRate())) {
			wrong.add("output_format " + format + " (expected raw pcm_s16le at one of " + CARTESIA_RATES + ")");
		}
		if (!body.path("generation_config").path("speed").isMissingNode()
				&& !(request.speed() != null && request.speed() >= 0.6 && request.speed() <= 1.5)) {
			wrong.add("generation_config.speed " + body.path("generation_config").path("speed")
					+ " (expected 0.6 to 1.5)");
		}
		if (!voice.path("__experimental_controls").path("speed").isMissingNode()
				&& !(request.speed() != null && request.speed() >= -1 && request.speed() <= 1)) {
			wrong.add("__experimental_controls.speed " + voice.path("__experimental_controls").path("speed")
					+ " (expected -1 to 1)");
		}
		if (!wrong.isEmpty()) {
			refuse(exchange, CARTESIA, 400, String.join(", ", wrong), request);
			return null;
		}
		return request;
	}

	private Request openAi(HttpExchange exchange, JsonNode body) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		JsonNode speed = body.path("speed");
		Request request = new Request(OPENAI, text(body, "input"), text(body, "voice"), text(body, "model"),
				speed.isNumber() ? speed.asDouble() : null, null, OPENAI_SAMPLE_RATE, null, 0, 0, false);
		if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
			refuse(exchange, OPENAI, 401, "no API key (Authorization: Bearer ...)", request);
			return null;
		}
		List<String> wrong = new ArrayList<>();
		if (isBlank(request.model())) {
			wrong.add("no model");
		}
		if (isBlank(request.text())) {
			wrong.add("no input");
		}
		if (isBlank(request.voice())) {
			wrong.add("no voice");
		}
		if (!"pcm".equals(text(body, "response_format"))) {
			wrong.add("response_format " + text(body, "response_format") + " (only pcm is scripted)");
		}
		if (!speed.isMissingNode() && !(request.speed() != null && request.speed() >= 0.25 && request.speed() <= 4.0)) {
			wrong.add("speed " + speed + " (expected 0.25 to 4.0)");
		}
		if (!wrong.isEmpty()) {
			refuse(exchange, OPENAI, 400, String.join(", ", wrong), request);
			return null;
		}
		return request;
	}

	/** Streams the speech in chunks; notes whether the client left before the end. */
	private void stream(HttpExchange exchange, Request request) {
		short[] pcm = speech(request.text(), request.sampleRate());
		ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asShortBuffer().put(pcm);
		byte[] audio = bytes.array();
		int chunkBytes = (int) Math.max(2, request.sampleRate() * this.chunk.toMillis() / 1000 * 2);
		long sent = 0;
		try {
			sleep(this.firstByteDelay);
			exchange.getResponseHeaders().set("Content-Type", "audio/pcm");
			exchange.sendResponseHeaders(200, 0); // chunked: the length is not known up
													// front
			OutputStream out = exchange.getResponseBody();
			for (int at = 0; at < audio.length; at += chunkBytes) {
				int length = Math.min(chunkBytes, audio.length - at);
				out.write(audio, at, length);
				out.flush();
				sent += length;
				sleep(this.chunkDelay);
			}
			out.close();
			this.requests.add(answered(request, 200, sent, false));
		}
		catch (IOException ex) {
			// the client dropped the connection (barge-in)
			this.requests.add(answered(request, 200, sent, true));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.requests.add(answered(request, 200, sent, true));
		}
	}

	private void refuse(HttpExchange exchange, String provider, int status, String message, Request request)
			throws IOException {
		this.violations.add(message);
		error(exchange, provider, status, message);
		if (request != null) {
			this.requests.add(answered(request, status, 0, false));
		}
	}

	private static void error(HttpExchange exchange, String provider, int status, String message) throws IOException {
		String body = OPENAI.equals(provider)
				? JSON.writeValueAsString(Map.of("error", Map.of("message", message, "type", "invalid_request_error")))
				: JSON.writeValueAsString(Map.of("error", message));
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Request answered(Request request, int status, long sent, boolean aborted) {
		return new Request(request.provider(), request.text(), request.voice(), request.model(), request.speed(),
				request.language(), request.sampleRate(), request.version(), status, sent, aborted);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static void sleep(Duration duration) throws InterruptedException {
		if (!duration.isZero()) {
			Thread.sleep(duration.toMillis());
		}
	}

}
