package ai.flo.interviewer.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.analysis.AnalysisFinished;
import ai.flo.interviewer.hiring.RecordReady;
import ai.flo.interviewer.interview.SessionStarted;
import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events reach a local receiver that verifies them as the Standard Webhooks specification
 * says; 500s are retried with the same message id and a fresh signature; a replayed or
 * tampered delivery is refused by the receiver; 410 stops; every delivery and its outcome
 * can be read through the API. Real job runner, real SQLite.
 */
@SpringBootTest(properties = { "flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE,
		"flo.jobs.runner-enabled=true", "flo.jobs.poll-interval=100ms", "flo.jobs.backoff-initial=200ms",
		"flo.jobs.backoff-max=1s", "flo.webhook.max-attempts=4" })
@AutoConfigureMockMvc
class WebhookDeliveryTests {

	static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+UstLUzfkQs=";

	static final StandardWebhooksReceiver receiver = start();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
		registry.add("flo.webhook.url", receiver::url);
		registry.add("flo.webhook.secret", () -> SECRET);
	}

	@AfterAll
	static void stop() {
		receiver.close();
	}

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void clear() {
		receiver.clear();
	}

	@Test
	void anEventIsSignedAndRetriedAfter500sUntilTheReceiverAcceptsIt() {
		receiver.failNext(2, 500);
		publish(new RecordReady("rec-1", "Backend Engineer", 4));
		JsonNode delivery = awaitDelivery("record.ready", "DELIVERED");
		assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
		assertThat(delivery.path("lastStatus").asInt()).isEqualTo(204);

		List<StandardWebhooksReceiver.Received> received = receiver.received();
		assertThat(received).extracting(StandardWebhooksReceiver.Received::verdict)
			.containsExactly("scripted failure", "scripted failure", "accepted");
		assertThat(received).extracting(StandardWebhooksReceiver.Received::id)
			.containsOnly(delivery.path("id").asString());
		JsonNode body = JSON.readTree(received.get(2).body());
		assertThat(body.path("type").asString()).isEqualTo("record.ready");
		assertThat(body.path("data").path("recordId").asString()).isEqualTo("rec-1");
		assertThat(body.path("data").path("skills").asInt()).isEqualTo(4);
		assertThat(body.path("timestamp").asString()).isNotBlank();
	}

	@Test
	void aReplayedOrTamperedDeliveryIsRefusedByTheReceiver() throws Exception {
		publish(new SessionStarted("ses-1", "int-1", false));
		awaitDelivery("session.started", "DELIVERED");
		StandardWebhooksReceiver.Received original = receiver.received().get(0);

		assertThat(post(original.id(), original.timestamp(), original.signature(), original.body()))
			.as("the same delivery again")
			.isEqualTo(409);
		assertThat(post("msg_other", original.timestamp(), original.signature(), original.body()))
			.as("another id under the old signature")
			.isEqualTo(401);
		assertThat(post(original.id(), original.timestamp(), original.signature(),
				original.body().replace("ses-1", "ses-2")))
			.as("a changed body")
			.isEqualTo(401);
		assertThat(post(original.id(), String.valueOf(Long.parseLong(original.timestamp()) - 3600),
				original.signature(), original.body()))
			.as("an old timestamp")
			.isEqualTo(401);
	}

	@Test
	void analysesCompletedAndFailedAreBothReported() {
		publish(new AnalysisFinished("ana-1", "ses-9", "rec-9", 1, true, 72, null));
		publish(new AnalysisFinished("ana-2", null, null, 2, false, null, "The LLM step 'skills' failed: 400"));
		JsonNode completed = JSON.readTree(awaitDelivery("analysis.completed", "DELIVERED").path("payload").asString());
		assertThat(completed.path("data").path("overall").asInt()).isEqualTo(72);
		JsonNode failed = JSON.readTree(awaitDelivery("analysis.failed", "DELIVERED").path("payload").asString());
		assertThat(failed.path("data").path("error").asString()).contains("skills");
		assertThat(failed.path("data").path("run").asInt()).isEqualTo(2);
	}

	@Test
	void goneStopsAtOnceAndAFailedDeliveryCanBeSentAgain() {
		receiver.failNext(1, 410);
		publish(new RecordReady("rec-gone", "Data Engineer", 2));
		JsonNode failed = awaitDelivery("record.ready", "FAILED");
		assertThat(failed.path("attempts").asInt()).isEqualTo(1);
		assertThat(failed.path("lastError").asString()).startsWith("HTTP 410");

		MvcTestResult again = this.mvc.post()
			.uri("/api/webhooks/deliveries/" + failed.path("id").asString() + "/redeliver")
			.header("Authorization", AdminKey.HEADER)
			.exchange();
		assertThat(again).hasStatus(202);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> delivery(failed.path("id").asString()).path("status").asString(), "DELIVERED"::equals);
		assertThat(this.mvc.get().uri("/api/webhooks/deliveries")).hasStatus(401);
	}

	private void publish(Object event) {
		this.transactions.executeWithoutResult((status) -> this.events.publishEvent(event));
	}

	private JsonNode awaitDelivery(String type, String status) {
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			MvcTestResult result = this.mvc.get()
				.uri("/api/webhooks/deliveries?type=" + type)
				.header("Authorization", AdminKey.HEADER)
				.exchange();
			JsonNode list = JSON.readTree(result.getResponse().getContentAsByteArray());
			return (list.size() > 0) ? list.get(0) : null;
		}, (d) -> d != null && status.equals(d.path("status").asString()));
	}

	private JsonNode delivery(String id) {
		MvcTestResult result = this.mvc.get()
			.uri("/api/webhooks/deliveries/" + id)
			.header("Authorization", AdminKey.HEADER)
			.exchange();
		return JSON.readTree(result.getResponse().getContentAsByteArray());
	}

	private static int post(String id, String timestamp, String signature, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
			.header("webhook-id", id)
			.header("webhook-timestamp", timestamp)
			.header("webhook-signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static StandardWebhooksReceiver start() {
		try {
			return new StandardWebhooksReceiver(SECRET);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
