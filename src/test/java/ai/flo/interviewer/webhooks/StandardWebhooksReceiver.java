package ai.flo.interviewer.webhooks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A hiring system's webhook endpoint that verifies deliveries exactly as the Standard
 * Webhooks specification says, written from the specification and not from our sender:
 * the key is the base64 after {@code whsec_}; the signed content is
 * {@code id.timestamp.body}; {@code webhook-signature} is a space-separated list of
 * {@code v1,<base64>} of which one must match (compared in constant time); the timestamp
 * must be within five minutes; a message id already accepted is refused (replay). It can
 * answer with scripted failures first.
 */
final class StandardWebhooksReceiver implements AutoCloseable {

	static final long TOLERANCE_SECONDS = 300;

	/** One request as it arrived, and what the receiver made of it. */
	record Received(String id, String timestamp, String signature, String body, int answer, String verdict) {
	}

	private final HttpServer server;

	private final byte[] key;

	private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	private final AtomicInteger failuresLeft = new AtomicInteger();

	private volatile int failureStatus = 500;

	StandardWebhooksReceiver(String secret) throws IOException {
		if (!secret.startsWith("whsec_")) {
			throw new IllegalArgumentException("a Standard Webhooks secret starts with whsec_");
		}
		this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
		this.server.createContext("/hooks", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hooks";
	}

	/** The next {@code count} valid deliveries are answered with {@code status}. */
	void failNext(int count, int status) {
		this.failureStatus = status;
		this.failuresLeft.set(count);
	}

	List<Received> received() {
		synchronized (this.received) {
			return List.copyOf(this.received);
		}
	}

	void clear() {
		this.received.clear();
		this.failuresLeft.set(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String id = exchange.getRequestHeaders().getFirst("webhook-id");
		String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
		int answer;
		String verdict;
		if (id == null || timestamp == null || signature == null) {
			answer = 400;
			verdict = "missing headers";
		}
		else if (!verify(id, timestamp, signature, body)) {
			answer = 401;
			verdict = "bad signature";
		}
		else if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
			answer = 401;
			verdict = "stale timestamp";
		}
		else if (this.accepted.contains(id)) {
			answer = 409;
			verdict = "replayed message id";
		}
		else if (this.failuresLeft.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			answer = this.failureStatus;
			verdict = "scripted failure";
		}
		else {
			this.accepted.add(id);
			answer = 204;
			verdict = "accepted";
		}
		this.received.add(new Received(id, timestamp, signature, body, answer, verdict));
		exchange.sendResponseHeaders(answer, -1);
		exchange.close();
	}

	private boolean verify(String id, String timestamp, String header, String body) {
		byte[] expected;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		for (String candidate : header.split(" ")) {
			String[] parts = candidate.split(",", 2);
			if (parts.length == 2 && parts[0].equals("v1")) {
				byte[] given;
				try {
					given = Base64.getDecoder().decode(parts[1]);
				}
				catch (IllegalArgumentException ex) {
					continue;
				}
				if (MessageDigest.isEqual(expected, given)) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
