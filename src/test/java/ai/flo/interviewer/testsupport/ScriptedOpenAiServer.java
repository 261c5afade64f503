package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks OpenAI's chat-completions wire format: it records every
 * request (for the test to check) and answers from a script (status, headers, body,
 * delay), or with a stream of {@code chat.completion.chunk} events the way OpenAI streams
 * them. No provider is reachable from here; the product code under test is the same that
 * talks to the real ones.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
	 * Answers by request instead of by order (for callers that send requests in
	 * parallel): the router's reply wins over the script; {@code null} from it falls back
	 * to the script.
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
		boolean dropped = false;
		try {
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
			String id = "chatcmpl-" + this.ids.incrementAndGet();
			if (reply.stream() != null && reply.status() == 200) {
				dropped = !stream(exchange, reply, id, includeUsage(body));
			}
			else {
				byte[] bytes = reply.body().replace("$ID", id).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
				exchange.sendResponseHeaders(reply.status(), bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
		catch (IOException ex) {
			// The client gave up (timeout test): nothing to answer.
		}
		finally {
			if (!dropped) {
				exchange.close();
			}
		}
		if (dropped) {
			// Closing the exchange would end the chunked body properly. A handler that
			// throws makes the
			// server close the socket instead: the client sees a body cut off mid-stream.
			throw new IOException("Scripted: the connection drops mid-stream");
		}
	}

	/**
	 * Writes the stream's events one by one, flushing each (so the client sees them as
	 * they come). Returns false when the script breaks the stream: the first events were
	 * sent, and the connection is to be dropped without ending the body.
	 */
	private boolean stream(HttpExchange exchange, Reply reply, String id, boolean includeUsage) throws IOException {
		List<byte[]> events = reply.stream()
			.events(id, includeUsage)
			.stream()
			.map((data) -> ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8))
			.toList();
		exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-cache");
		reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		int breakAfter = reply.stream().breakAfterEvents();
		boolean broken = breakAfter >= 0 && breakAfter < events.size();
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = exchange.getResponseBody();
		for (int i = 0; i < events.size() && (!broken || i < breakAfter); i++) {
			try {
				if (i > 0 && i == reply.stream().holdAfterEvents()) {
					reply.stream().release().await(10, TimeUnit.SECONDS);
				}
				if (i > 0 && reply.stream().delayBetweenChunksMillis() > 0) {
					Thread.sleep(reply.stream().delayBetweenChunksMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
			// Counted before it is written: the client may read it before this thread
			// runs again.
			reply.stream().sent().incrementAndGet();
			out.write(events.get(i));
			out.flush();
		}
		return !broken;
	}

	private static boolean includeUsage(String body) {
		try {
			return JSON.readTree(body).path("stream_options").path("include_usage").asBoolean(false);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/** One recorded request. */
	public record Request(String method, String path, String authorization, String body) {
	}

	/**
	 * One scripted answer: a body, or (when {@code stream} is set) a stream of chunks.
	 */
	public record Reply(int status, Map<String, String> headers, String body, long delayMillis, StreamScript stream) {

		public Reply(int status, Map<String, String> headers, String body, long delayMillis) {
			this(status, headers, body, delayMillis, null);
		}

		/**
		 * A streamed chat completion ({@code text/event-stream}): the text in these
		 * pieces, then the tool calls (their arguments in the given pieces), with a pause
		 * between chunks.
		 */
		public static Reply stream(List<String> textDeltas, List<ScriptedToolCall> toolCalls,
				long delayBetweenChunksMillis) {
			return new Reply(200, Map.of(), "", 0, new StreamScript(List.copyOf(textDeltas), List.copyOf(toolCalls),
					delayBetweenChunksMillis, -1, -1, null, 0, 0, new AtomicInteger()));
		}

		/** A chat completion whose message content is {@code content}. */
		public static Reply chat(String content, long promptTokens, long completionTokens) {
			String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
			return new Reply(200, Map.of(), """
					{"id":"$ID","object":"chat.completion","created":1764300000,"model":"scripted",
					 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},
					 "finish_reason":"stop","logprobs":null}],
					 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(escaped,
					promptTokens, completionTokens, promptTokens + completionTokens), 0);
		}

		public static Reply error(int status, String message) {
			return new Reply(status, Map.of(),
					"{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"code\":null}}", 0);
		}

		public Reply withHeader(String name, String value) {
			Map<String, String> all = new java.util.HashMap<>(this.headers);
			all.put(name, value);
			return new Reply(this.status, all, this.body, this.delayMillis, this.stream);
		}

		/**
		 * Waits this long before answering at all (before the headers, for a stream too).
		 */
		public Reply delayed(long millis) {
			return new Reply(this.status, this.headers, this.body, millis, this.stream);
		}

		/** The usage chunk a stream sends last, when the request asked for it. */
		public Reply usage(long promptTokens, long completionTokens) {
			StreamScript s = streamOnly();
			return new Reply(this.status, this.headers, this.body, this.delayMillis,
					new StreamScript(s.textDeltas(), s.toolCalls(), s.delayBetweenChunksMillis(), s.breakAfterEvents(),
							s.holdAfterEvents(), s.release(), promptTokens, completionTokens, s.sent()));
		}

		/**
		 * Drops the connection after this many {@code data:} events (the first one is the
		 * role chunk), before the stream is complete.
		 */
		public Reply brokenAfter(int events) {
			StreamScript s = streamOnly();
			return new Reply(this.status, this.headers, this.body, this.delayMillis,
					new StreamScript(s.textDeltas(), s.toolCalls(), s.delayBetweenChunksMillis(), events,
							s.holdAfterEvents(), s.release(), s.promptTokens(), s.completionTokens(), s.sent()));
		}

		/**
		 * Sends this many {@code data:} events, then waits for {@code release} (at most
		 * 10 s) before sending the rest: what the client does before it is released, it
		 * did with the first events only.
		 */
		public Reply heldAfter(int events, CountDownLatch release) {
			StreamScript s = streamOnly();
			return new Reply(this.status, this.headers, this.body, this.delayMillis,
					new StreamScript(s.textDeltas(), s.toolCalls(), s.delayBetweenChunksMillis(), s.breakAfterEvents(),
							events, release, s.promptTokens(), s.completionTokens(), s.sent()));
		}

		/**
		 * How many {@code data:} events of this streamed answer have been sent so far.
		 */
		public int eventsSent() {
			return streamOnly().sent().get();
		}

		private StreamScript streamOnly() {
			if (this.stream == null) {
				throw new IllegalStateException("Not a streamed reply");
			}
			return this.stream;
		}

	}

	/**
	 * A tool call to stream: the arguments JSON cut into the pieces the client receives.
	 */
	public record ScriptedToolCall(String id, String name, List<String> argumentPieces) {
	}

	/**
	 * A streamed answer's script; {@code breakAfterEvents} -1 for a complete stream,
	 * {@code holdAfterEvents} -1 for one that does not wait for {@code release};
	 * {@code sent} counts the events sent.
	 */
	public record StreamScript(List<String> textDeltas, List<ScriptedToolCall> toolCalls, long delayBetweenChunksMillis,
			int breakAfterEvents, int holdAfterEvents, CountDownLatch release, long promptTokens, long completionTokens,
			AtomicInteger sent) {

		/**
		 * The {@code data:} payloads as OpenAI sends them: a role chunk, content chunks,
		 * per tool call a chunk with its index, id, type and name then one per arguments
		 * piece, a chunk with the finish reason, the usage chunk (no choices) when asked
		 * for, and {@code [DONE]}.
		 */
		List<String> events(String id, boolean includeUsage) {
			List<String> events = new ArrayList<>();
			Map<String, Object> role = new LinkedHashMap<>();
			role.put("role", "assistant");
			role.put("content", this.textDeltas.isEmpty() ? null : "");
			role.put("refusal", null);
			events.add(chunk(id, role, null, includeUsage));
			for (String text : this.textDeltas) {
				events.add(chunk(id, Map.of("content", text), null, includeUsage));
			}
			for (int index = 0; index < this.toolCalls.size(); index++) {
				ScriptedToolCall call = this.toolCalls.get(index);
				Map<String, Object> first = new LinkedHashMap<>();
				first.put("index", index);
				first.put("id", call.id());
				first.put("type", "function");
				first.put("function", Map.of("name", call.name(), "arguments", ""));
				events.add(chunk(id, Map.of("tool_calls", List.of(first)), null, includeUsage));
				for (String piece : call.argumentPieces()) {
					Map<String, Object> next = Map.of("index", index, "function", Map.of("arguments", piece));
					events.add(chunk(id, Map.of("tool_calls", List.of(next)), null, includeUsage));
				}
			}
			events.add(chunk(id, Map.of(), this.toolCalls.isEmpty() ? "stop" : "tool_calls", includeUsage));
			if (includeUsage) {
				Map<String, Object> usage = base(id);
				usage.put("choices", List.of());
				usage.put("usage", Map.of("prompt_tokens", this.promptTokens, "completion_tokens",
						this.completionTokens, "total_tokens", this.promptTokens + this.completionTokens));
				events.add(JSON.writeValueAsString(usage));
			}
			events.add("[DONE]");
			return events;
		}

		private static String chunk(String id, Map<String, Object> delta, String finishReason, boolean includeUsage) {
			Map<String, Object> choice = new LinkedHashMap<>();
			choice.put("index", 0);
			choice.put("delta", delta);
			choice.put("logprobs", null);
			choice.put("finish_reason", finishReason);
			Map<String, Object> chunk = base(id);
			chunk.put("choices", List.of(choice));
			if (includeUsage) {
				chunk.put("usage", null);
			}
			return JSON.writeValueAsString(chunk);
		}

		private static Map<String, Object> base(String id) {
			Map<String, Object> chunk = new LinkedHashMap<>();
			chunk.put("id", id);
			chunk.put("object", "chat.completion.chunk");
			chunk.put("created", 1764300000);
			chunk.put("model", "scripted");
			chunk.put("system_fingerprint", null);
			return chunk;
		}

	}

}
