package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that speaks OpenAI's chat-completions wire format: it records every request
 * (for the test to check) and answers from a script (status, headers, body, delay). No provider is
 * reachable from here; the product code under test is the same that talks to the real ones.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger ids = new AtomicInteger();

	private volatile java.util.function.Function<Request, Reply> router;

	public ScriptedOpenAiServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.createContext("/v1/", this::handle);
		this.server.start();
	}

	/** Starts a server; for static fields of test classes. */
	public static ScriptedOpenAiServer startOnFreePort() {
		try {
			return new ScriptedOpenAiServer();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The base URL to configure as OPENAI_BASE_URL (or another provider's). */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/**
	 * Answers by request instead of by order (for callers that send requests in parallel): the
	 * router's reply wins over the script; {@code null} from it falls back to the script.
	 */
	public ScriptedOpenAiServer route(java.util.function.Function<Request, Reply> router) {
		this.router = router;
		return this;
	}

	public ScriptedOpenAiServer reply(Reply reply) {
		this.script.add(reply);
		return this;
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	public void reset() {
		this.script.clear();
		this.requests.clear();
		this.router = null;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("Authorization"), body);
			this.requests.add(request);
			java.util.function.Function<Request, Reply> routing = this.router;
			Reply reply = (routing != null) ? routing.apply(request) : null;
			if (reply == null) {
				reply = this.script.poll();
			}
			if (reply == null) {
				reply = Reply.error(500, "no scripted answer left");
			}
			if (reply.delayMillis() > 0) {
				try {
					Thread.sleep(reply.delayMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			byte[] bytes = reply.body().replace("$ID", "chatcmpl-" + this.ids.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			exchange.sendResponseHeaders(reply.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// The client gave up (timeout test): nothing to answer.
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One recorded request. */
	public record Request(String method, String path, String authorization, String body) {
	}

	/** One scripted answer. */
	public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {

		/** A chat completion whose message content is {@code content}. */
		public static Reply chat(String content, long promptTokens, long completionTokens) {
			String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
			return new Reply(200, Map.of(), """
					{"id":"$ID","object":"chat.completion","created":1764300000,"model":"scripted",
					 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},
					 "finish_reason":"stop","logprobs":null}],
					 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
				.formatted(escaped, promptTokens, completionTokens, promptTokens + completionTokens), 0);
		}

		public static Reply error(int status, String message) {
			return new Reply(status, Map.of(),
					"{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"code\":null}}", 0);
		}

		public Reply withHeader(String name, String value) {
			Map<String, String> all = new java.util.HashMap<>(this.headers);
			all.put(name, value);
			return new Reply(this.status, all, this.body, this.delayMillis);
		}

		public Reply delayed(long millis) {
			return new Reply(this.status, this.headers, this.body, millis);
		}

	}

}
