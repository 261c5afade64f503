package ai.flo.interviewer.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import ai.flo.interviewer.shared.ProcessIdentity;
import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's {@code /health} follows the heartbeat of the worker on its host; anyone sees
 * its status, only an admin its components and their details.
 */
@SpringBootTest(properties = { "flo.worker.heartbeat-stale-after=10s",
		"flo.access.admin-api-keys=test-admin-key-0123456789abcdef" })
@AutoConfigureMockMvc
class WorkerHealthTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	WorkerInstanceRepository workers;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ProcessIdentity identity;

	@Autowired
	Clock clock;

	static final String ADMIN = "Bearer test-admin-key-0123456789abcdef";

	@BeforeEach
	void noWorkers() {
		this.jdbc.sql("DELETE FROM worker_instances").update();
	}

	@Test
	void downWhileNoWorkerHasStarted() {
		assertThat(this.mvc.get().uri("/health").header("Authorization", ADMIN)).hasStatus(503)
			.bodyJson()
			.satisfies((json) -> {
				json.assertThat().extractingPath("$.status").isEqualTo("DOWN");
				json.assertThat()
					.extractingPath("$.components.worker.details.reason")
					.asString()
					.contains("no worker has started");
			});
	}

	@Test
	void upWithAFreshHeartbeatFromThisHost() {
		this.workers.save(new WorkerInstance(this.identity.host() + ":4242", this.identity.host(), 4242, "test",
				this.clock.instant()));
		assertThat(this.mvc.get().uri("/health").header("Authorization", ADMIN)).hasStatusOk()
			.bodyJson()
			.satisfies((json) -> {
				json.assertThat().extractingPath("$.status").isEqualTo("UP");
				json.assertThat().extractingPath("$.components.worker.status").isEqualTo("UP");
			});
	}

	@Test
	void downWhenTheHeartbeatIsStale() {
		Instant old = this.clock.instant().minus(Duration.ofSeconds(11));
		this.workers.save(new WorkerInstance(this.identity.host() + ":4243", this.identity.host(), 4243, "test", old));
		assertThat(this.mvc.get().uri("/health").header("Authorization", ADMIN)).hasStatus(503)
			.bodyJson()
			.satisfies((json) -> json.assertThat()
				.extractingPath("$.components.worker.details.reason")
				.asString()
				.contains("no heartbeat", "within PT10S"));
	}

	@Test
	void aWorkerOnAnotherHostDoesNotCount() {
		this.workers.save(new WorkerInstance("elsewhere:1", "elsewhere", 1, "test", this.clock.instant()));
		assertThat(this.mvc.get().uri("/health").header("Authorization", ADMIN)).hasStatus(503);
	}

	@Test
	void aStoppedWorkerIsDownAtOnce() {
		WorkerInstance worker = new WorkerInstance(this.identity.host() + ":4244", this.identity.host(), 4244, "test",
				this.clock.instant());
		worker.stopped(this.clock.instant());
		this.workers.save(worker);
		assertThat(this.mvc.get().uri("/health").header("Authorization", ADMIN)).hasStatus(503);
	}

	@Test
	void withoutAnAdminKeyOnlyTheStatusIsShown() {
		this.workers.save(new WorkerInstance(this.identity.host() + ":4245", this.identity.host(), 4245, "test",
				this.clock.instant()));
		for (String authorization : new String[] { null, "Bearer wrong-key-0123456789abcdefgh" }) {
			var request = this.mvc.get().uri("/health");
			if (authorization != null) {
				request = request.header("Authorization", authorization);
			}
			assertThat(request).hasStatusOk().bodyJson().satisfies((json) -> {
				json.assertThat().extractingPath("$.status").isEqualTo("UP");
				assertThat(json.getJson()).doesNotContain("components");
				assertThat(json.getJson()).doesNotContain("details");
			});
		}
	}

	@Test
	void probesAndProvidersWithoutSecrets() {
		assertThat(this.mvc.get().uri("/health/liveness")).hasStatusOk();
		assertThat(this.mvc.get().uri("/health/readiness")).hasStatusOk();
		assertThat(this.mvc.get().uri("/health").header("Authorization", ADMIN)).bodyJson().satisfies((json) -> {
			json.assertThat().extractingPath("$.components.providers.details.openai.configured").isEqualTo(false);
			json.assertThat().extractingPath("$.components.livekit.details.configured").isEqualTo(false);
		});
	}

}
