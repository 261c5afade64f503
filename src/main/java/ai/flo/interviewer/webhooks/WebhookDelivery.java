package ai.flo.interviewer.webhooks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.PermanentJobFailure;

import org.springframework.stereotype.Component;

/**
 * Sends one stored event, signed (Standard Webhooks: {@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}), and records the answer. A 2xx
 * delivers it; anything else, or no answer, is retried by the job with backoff (the same
 * message and id, a fresh timestamp and signature); 410 Gone stops at once. When the
 * attempts are spent the delivery is FAILED.
 */
@Component
class WebhookDelivery implements JobHandler {

	private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

	private final Webhooks webhooks;

	private final WebhookProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final HttpClient http;

	WebhookDelivery(Webhooks webhooks, WebhookProperties properties, JsonMapper json, Clock clock) {
		this.webhooks = webhooks;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@Override
	public String type() {
		return Webhooks.DELIVER;
	}

	@Override
	public String run(JobContext context) throws InterruptedException {
		String id = this.json.readTree(context.payload()).path("deliveryId").asString();
		Webhooks.Delivery delivery = this.webhooks.find(id).orElse(null);
		if (delivery == null || "DELIVERED".equals(delivery.status())) {
			return null;
		}
		if (!this.properties.enabled()) {
			throw new PermanentJobFailure("FLO_WEBHOOK_URL is no longer set");
		}
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "flo-interviewer-webhooks")
			.header("webhook-id", id)
			.header("webhook-timestamp", String.valueOf(timestamp))
			.header("webhook-signature",
					WebhookSignature.sign(this.properties.key(), id, timestamp, delivery.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			this.webhooks.attempted(id, null, "no answer: " + ex, false);
			throw new IllegalStateException("the receiver did not answer: " + ex.getMessage(), ex);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			this.webhooks.attempted(id, status, null, true);
			log.info("Webhook {} ({}) delivered on attempt {}", id, delivery.type(), context.attempt());
			return "{\"status\":" + status + "}";
		}
		String body = response.body();
		String error = "HTTP " + status
				+ ((body != null && !body.isBlank()) ? ": " + body.substring(0, Math.min(300, body.length())) : "");
		this.webhooks.attempted(id, status, error, false);
		if (status == 410) {
			throw new PermanentJobFailure("the receiver answered 410 Gone: it takes no more events");
		}
		throw new IllegalStateException("the receiver answered " + error);
	}

	@Override
	public void gaveUp(String payload, String reason) {
		this.webhooks.failed(this.json.readTree(payload).path("deliveryId").asString());
	}

}
