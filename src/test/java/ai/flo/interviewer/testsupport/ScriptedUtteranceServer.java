package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server speaking OpenAI's {@code POST /v1/audio/transcriptions} wire format
 * for the voice interviewer's utterances: it checks each upload (a 16 kHz mono 16-bit WAV
 * with speech in it) and answers the known text of the candidate's next utterance, in
 * order. A scripted status can replace an answer (provider failures), with a Retry-After
 * if the script says so.
 */
public final class ScriptedUtteranceServer implements AutoCloseable {

	/**
	 * One request: the form's fields, the utterance's length and loudness, and what was
	 * answered.
	 */
	public record Request(String authorization, String model, String responseFormat, String filename, String prompt,
			long durationMs, double rms, int sampleRate, int channels, String answer, int status) {
	}

	/** A scripted failure. */
	private record Failure(int status, String retryAfter) {
	}

	private final HttpServer server;

	private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final AtomicInteger statusOverride = new AtomicInteger();

	private volatile String otherwise = "";

	public ScriptedUtteranceServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool((r) -> {
			Thread thread = new Thread(r, "scripted-utterances");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/v1/", this::handle);
		this.server.start();
	}

	/** Starts a server; for static fields of test classes. */
	public static ScriptedUtteranceServer startOnFreePort() {
		try {
			return new ScriptedUtteranceServer();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/** The text to answer for the next utterance. */
	public ScriptedUtteranceServer answer(String text) {
		this.script.add(text);
		return this;
	}

	/** The text answered when the script is empty (none: an empty text). */
	public ScriptedUtteranceServer otherwise(String text) {
		this.otherwise = text;
		return this;
	}

	/** Answers the next utterance with this error status instead. */
	public ScriptedUtteranceServer fail(int status) {
		return fail(status, null);
	}

	/**
	 * Answers the next utterance with this error status and {@code Retry-After} header
	 * instead.
	 */
	public ScriptedUtteranceServer fail(int status, String retryAfter) {
		this.script.add(new Failure(status, retryAfter));
		return this;
	}

	/** Answers every request with this status from now on (0: back to the script). */
	public void failAll(int status) {
		this.statusOverride.set(status);
	}

	/** Forgets the script, the requests, the violations and any failure. */
	public void reset() {
		this.script.clear();
		this.requests.clear();
		this.violations.clear();
		this.statusOverride.set(0);
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public List<String> violations() {
		return List.copyOf(this.violations);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String auth = exchange.getRequestHeaders().getFirst("Authorization");
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			byte[] wav = part(body, contentType, "file");
			ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
			int channels = (wav.length >= 44) ? header.getShort(22) : 0;
			int rate = (wav.length >= 44) ? header.getInt(24) : 0;
			long samples = Math.max(0, (wav.length - 44) / 2);
			double sum = 0;
			for (int i = 44; i + 1 < wav.length; i += 2) {
				double s = header.getShort(i);
				sum += s * s;
			}
			double rms = (samples > 0) ? Math.sqrt(sum / samples) : 0;
			long durationMs = (rate > 0) ? samples * 1000 / rate / Math.max(1, channels) : 0;
			if (auth == null || !auth.startsWith("Bearer ")) {
				this.violations.add("no API key");
			}
			if (rate != 16_000 || channels != 1
					|| !new String(wav, 0, Math.min(4, wav.length), StandardCharsets.US_ASCII).equals("RIFF")) {
				this.violations.add("not a 16 kHz mono WAV: rate " + rate + ", channels " + channels);
			}
			if (rms < 100) {
				this.violations.add("an utterance without speech (rms " + Math.round(rms) + ")");
			}
			String model = text(part(body, contentType, "model"));
			String format = text(part(body, contentType, "response_format"));
			String filename = filename(body, contentType);
			String prompt = text(part(body, contentType, "prompt"));
			int override = this.statusOverride.get();
			Object next = (override != 0) ? new Failure(override, null) : this.script.poll();
			if (next instanceof Failure failure) {
				this.requests.add(new Request(auth, model, format, filename, prompt, durationMs, rms, rate, channels,
						null, failure.status()));
				if (failure.retryAfter() != null) {
					exchange.getResponseHeaders().set("Retry-After", failure.retryAfter());
				}
				send(exchange, failure.status(),
						"{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
				return;
			}
			String text = (next != null) ? (String) next : this.otherwise;
			this.requests
				.add(new Request(auth, model, format, filename, prompt, durationMs, rms, rate, channels, text, 200));
			send(exchange, 200, "{\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"duration\":"
					+ (durationMs / 1000.0) + ",\"segments\":[{\"id\":0,\"start\":0.0,\"end\":" + (durationMs / 1000.0)
					+ ",\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]}");
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** The bytes of the multipart part named {@code name}; empty when there is none. */
	private static byte[] part(byte[] body, String contentType, String name) {
		String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
		String text = new String(body, StandardCharsets.ISO_8859_1);
		int at = text.indexOf("name=\"" + name + "\"");
		if (at < 0) {
			return new byte[0];
		}
		int start = text.indexOf("\r\n\r\n", at) + 4;
		int end = text.indexOf("\r\n" + boundary, start);
		return java.util.Arrays.copyOfRange(body, start, end);
	}

	/** The filename of the part named {@code file}, or null. */
	private static String filename(byte[] body, String contentType) {
		String text = new String(body, StandardCharsets.ISO_8859_1);
		int at = text.indexOf("name=\"file\"; filename=\"");
		if (at < 0) {
			return null;
		}
		int start = at + "name=\"file\"; filename=\"".length();
		return text.substring(start, text.indexOf('"', start));
	}

	private static String text(byte[] value) {
		return (value.length == 0) ? null : new String(value, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
