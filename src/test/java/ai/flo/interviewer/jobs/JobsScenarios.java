package ai.flo.interviewer.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ai.flo.interviewer.testsupport.AdminKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job runner against the real database, once on SQLite and once on PostgreSQL:
 * transactional enqueue, retries with backoff, final failure with its reason, progress
 * through the API, and take-over of a job whose owner stopped renewing its lease.
 */
abstract class JobsScenarios {

	static final Duration BACKOFF = Duration.ofMillis(300);

	@SpringBootTest(properties = { "flo.jobs.runner-enabled=true", "flo.jobs.poll-interval=100ms", "flo.jobs.lease=3s",
			"flo.jobs.max-attempts=3", "flo.jobs.backoff-initial=300ms", "flo.jobs.backoff-max=2s",
			"flo.worker.required=false", "flo.access.admin-api-keys=" + AdminKey.VALUE })
	@AutoConfigureMockMvc
	@Import(TestHandlers.class)
	abstract static class Scenarios {

		@Autowired
		JobQueue queue;

		@Autowired
		JobStore store;

		@Autowired
		JdbcClient jdbc;

		@Autowired
		TransactionTemplate transactions;

		@Autowired
		MockMvcTester mvc;

		@Autowired
		TestHandlers handlers;

		@AfterEach
		void openLatches() {
			this.handlers.latches.values().forEach(CountDownLatch::countDown);
		}

		@Test
		void enqueueJoinsTheCallersTransaction() {
			String[] ids = new String[2];
			this.transactions.executeWithoutResult((status) -> {
				ids[0] = this.queue.enqueue("test.echo", "{\"n\":1}");
				this.jdbc.sql("INSERT INTO admin_api_keys (id, key_digest, created_at) VALUES ('rolled-back', 'x', 0)")
					.update();
				status.setRollbackOnly();
			});
			assertThat(this.queue.find(ids[0])).isEmpty();
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM admin_api_keys WHERE id = 'rolled-back'")
				.query(Long.class)
				.single()).isZero();

			this.transactions.executeWithoutResult((status) -> ids[1] = this.queue.enqueue("test.echo", "{\"n\":2}"));
			awaitStatus(ids[1], JobStatus.SUCCEEDED);
		}

		@Test
		void failedAttemptsAreRetriedWithGrowingBackoffUntilSuccess() {
			String id = this.queue.enqueue("test.flaky", "{\"failures\":2}");
			JobView job = awaitStatus(id, JobStatus.SUCCEEDED);
			assertThat(job.attempts()).isEqualTo(3);
			assertThat(job.history()).extracting(JobView.Attempt::outcome)
				.containsExactly("FAILED", "FAILED", "SUCCEEDED");
			assertThat(job.history().get(0).error()).contains("IllegalStateException", "flaky failure 1");
			Duration firstWait = Duration.between(job.history().get(0).finishedAt(), job.history().get(1).startedAt());
			Duration secondWait = Duration.between(job.history().get(1).finishedAt(), job.history().get(2).startedAt());
			assertThat(firstWait).isGreaterThanOrEqualTo(BACKOFF);
			assertThat(secondWait).isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2));
			assertThat(job.lastError()).isNull();
			assertThat(job.percent()).isEqualTo(100);
		}

		@Test
		void aJobOutOfAttemptsFailsForGoodAndKeepsTheReason() {
			String id = this.queue.enqueue("test.flaky", "{\"failures\":99}");
			JobView job = awaitStatus(id, JobStatus.FAILED);
			assertThat(job.attempts()).isEqualTo(3);
			assertThat(job.lastError()).contains("flaky failure 3");
			assertThat(job.finishedAt()).isNotNull();
			assertThat(job.history()).hasSize(3).allSatisfy((a) -> assertThat(a.outcome()).isEqualTo("FAILED"));

			assertThat(this.mvc.get().uri("/api/jobs/{id}", id).header("Authorization", AdminKey.HEADER)).hasStatusOk()
				.bodyJson()
				.satisfies((json) -> {
					json.assertThat().extractingPath("$.status").isEqualTo("FAILED");
					json.assertThat().extractingPath("$.lastError").asString().contains("flaky failure 3");
				});
		}

		@Test
		void aPermanentFailureIsNotRetried() {
			String id = this.queue.enqueue("test.permanent", "{}");
			JobView job = awaitStatus(id, JobStatus.FAILED);
			assertThat(job.attempts()).isEqualTo(1);
			assertThat(job.lastError()).isEqualTo("the input cannot be processed");
		}

		@Test
		void aJobOfUnknownTypeFailsSayingSo() {
			String id = this.queue.enqueue("test.nobody-handles-this", "{}");
			JobView job = awaitStatus(id, JobStatus.FAILED);
			assertThat(job.attempts()).isEqualTo(1);
			assertThat(job.lastError()).contains("No handler for job type 'test.nobody-handles-this'");
		}

		@Test
		void progressIsVisibleThroughTheApiWhileTheJobRuns() {
			String id = this.queue.enqueue("test.progress", "{}");
			CountDownLatch release = this.handlers.latch(id);
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(
						this.mvc.get().uri("/api/jobs/{id}", id).header("Authorization", AdminKey.HEADER))
					.bodyJson()
					.satisfies((json) -> {
						json.assertThat().extractingPath("$.status").isEqualTo("RUNNING");
						json.assertThat().extractingPath("$.stage").isEqualTo("transcribing");
						json.assertThat().extractingPath("$.percent").isEqualTo(40);
						json.assertThat().extractingPath("$.worker").asString().isNotBlank();
					}));
			release.countDown();
			JobView done = awaitStatus(id, JobStatus.SUCCEEDED);
			assertThat(done.percent()).isEqualTo(100);
		}

		@Test
		void aJobWhoseOwnerStoppedRenewingItsLeaseRunsAgainElsewhere() {
			String id = this.queue.enqueue("test.echo", "{}", 3, Duration.ofHours(1));
			this.jdbc.sql("UPDATE jobs SET run_at = 0 WHERE id = :id").param("id", id).update();
			// A worker that claims the job and then dies: it never renews.
			boolean ghostClaimed = false;
			for (int i = 0; i < 50 && !ghostClaimed; i++) {
				ghostClaimed = this.store.claim("ghost-worker:1").map((c) -> c.id().equals(id)).orElse(false);
			}
			assertThat(ghostClaimed).as("the ghost worker claimed the job").isTrue();
			JobView job = awaitStatus(id, JobStatus.SUCCEEDED);
			assertThat(job.attempts()).isEqualTo(2);
			assertThat(job.history()).extracting(JobView.Attempt::worker, JobView.Attempt::outcome)
				.first()
				.isEqualTo(org.assertj.core.groups.Tuple.tuple("ghost-worker:1", "LOST"));
			assertThat(job.history().get(1).outcome()).isEqualTo("SUCCEEDED");
			assertThat(job.history().get(1).worker()).isNotEqualTo("ghost-worker:1");
		}

		@Test
		void aFailedJobCanBeRetriedExplicitly() {
			String id = this.queue.enqueue("test.flaky", "{\"failures\":3}");
			awaitStatus(id, JobStatus.FAILED);
			assertThat(this.mvc.post().uri("/api/jobs/{id}/retry", id).header("Authorization", AdminKey.HEADER))
				.hasStatus(202);
			JobView job = awaitStatus(id, JobStatus.SUCCEEDED);
			assertThat(job.attempts()).isEqualTo(4);
			assertThat(job.history()).hasSize(4);

			assertThat(this.mvc.post().uri("/api/jobs/{id}/retry", id).header("Authorization", AdminKey.HEADER))
				.hasStatus(409)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("urn:flo:problem:job-not-failed");
		}

		@Test
		void aJobThatFailsForGoodTellsItsOwnerOnceWithTheReason() {
			String payload = "{\"failures\":99,\"owner\":\""
					+ java.util.UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "\"}";
			String id = this.queue.enqueue("test.flaky", payload);
			awaitStatus(id, JobStatus.FAILED);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.handlers.gaveUp(payload)).singleElement()
					.asString()
					.contains("flaky failure 3"));
			assertThat(pending(id)).isZero();
			// The periodic sweep finds nothing more to tell.
			await().during(Duration.ofMillis(1500))
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.handlers.gaveUp(payload)).hasSize(1));
		}

		@Test
		void aJobWhoseWorkersKeptDyingTellsItsOwnerThroughTheSweep() {
			String payload = "{\"owner\":\"" + java.util.UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "\"}";
			String id = this.queue.enqueue("test.echo", payload, 1, Duration.ofHours(1));
			this.jdbc.sql("UPDATE jobs SET run_at = 0 WHERE id = :id").param("id", id).update();
			boolean ghostClaimed = false;
			for (int i = 0; i < 50 && !ghostClaimed; i++) {
				ghostClaimed = this.store.claim("ghost-worker:2").map((c) -> c.id().equals(id)).orElse(false);
			}
			assertThat(ghostClaimed).as("the ghost worker claimed the job's only attempt").isTrue();
			JobView job = awaitStatus(id, JobStatus.FAILED);
			assertThat(job.lastError()).contains("stopped renewing its lease").contains("no attempts left");
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(this.handlers.gaveUp(payload)).singleElement()
					.asString()
					.contains("stopped renewing its lease"));
			assertThat(pending(id)).isZero();
		}

		@Test
		void retryingAFailedJobPutsItsOwnerBackInProgress() {
			String payload = "{\"failures\":3,\"owner\":\""
					+ java.util.UUID.randomUUID().toString().replaceAll("[^a-f]", "") + "\"}";
			String id = this.queue.enqueue("test.flaky", payload);
			awaitStatus(id, JobStatus.FAILED);
			assertThat(this.mvc.post().uri("/api/jobs/{id}/retry", id).header("Authorization", AdminKey.HEADER))
				.hasStatus(202);
			assertThat(this.handlers.retrying).contains(payload);
			awaitStatus(id, JobStatus.SUCCEEDED);
		}

		private int pending(String id) {
			return this.jdbc.sql("SELECT give_up_pending FROM jobs WHERE id = :id")
				.param("id", id)
				.query(Integer.class)
				.single();
		}

		@Test
		void unknownJobIsA404Problem() {
			assertThat(this.mvc.get().uri("/api/jobs/does-not-exist").header("Authorization", AdminKey.HEADER))
				.hasStatus(404)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("urn:flo:problem:job-not-found");
		}

		@Test
		void listingFiltersByStatusAndRejectsBadParameters() {
			String id = this.queue.enqueue("test.permanent", "{}");
			awaitStatus(id, JobStatus.FAILED);
			assertThat(this.mvc.get()
				.uri("/api/jobs?status=FAILED&type=test.permanent")
				.header("Authorization", AdminKey.HEADER)).hasStatusOk()
				.bodyJson()
				.extractingPath("$[*].id")
				.asArray()
				.contains(id);
			assertThat(this.mvc.get().uri("/api/jobs?status=EXPLODED").header("Authorization", AdminKey.HEADER))
				.hasStatus(400);
			assertThat(this.mvc.get().uri("/api/jobs?limit=0").header("Authorization", AdminKey.HEADER)).hasStatus(400)
				.bodyJson()
				.extractingPath("$.detail")
				.asString()
				.contains("limit");
		}

		JobView awaitStatus(String id, JobStatus status) {
			return await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.queue.find(id).orElseThrow(), (job) -> job.status() == status);
		}

	}

	/** Real handlers run by the real runner; their behaviour is driven by the payload. */
	@TestConfiguration
	static class TestHandlers {

		final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

		/** Payload to the reasons given to the give-up hook, in order. */
		final Map<String, java.util.List<String>> givenUp = new ConcurrentHashMap<>();

		final java.util.Set<String> retrying = ConcurrentHashMap.newKeySet();

		java.util.List<String> gaveUp(String payload) {
			return java.util.List.copyOf(this.givenUp.getOrDefault(payload, java.util.List.of()));
		}

		CountDownLatch latch(String jobId) {
			return this.latches.computeIfAbsent(jobId, (k) -> new CountDownLatch(1));
		}

		@Bean
		JobHandler echo() {
			return handler("test.echo", (context) -> context.payload());
		}

		@Bean
		JobHandler flaky() {
			return handler("test.flaky", (context) -> {
				int failures = Integer.parseInt(context.payload().replaceAll("\\D+", ""));
				if (context.attempt() <= failures) {
					throw new IllegalStateException("flaky failure " + context.attempt());
				}
				return null;
			});
		}

		@Bean
		JobHandler permanent() {
			return handler("test.permanent", (context) -> {
				throw new PermanentJobFailure("the input cannot be processed");
			});
		}

		@Bean
		JobHandler progress() {
			return handler("test.progress", (context) -> {
				context.progress("transcribing", 40);
				latch(context.id()).await(30, TimeUnit.SECONDS);
				return null;
			});
		}

		interface Body {

			String run(JobContext context) throws Exception;

		}

		JobHandler handler(String type, Body body) {
			return new JobHandler() {

				@Override
				public String type() {
					return type;
				}

				@Override
				public void gaveUp(String payload, String reason) {
					TestHandlers.this.givenUp
						.computeIfAbsent(payload,
								(p) -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
						.add(reason);
				}

				@Override
				public void retrying(String payload) {
					TestHandlers.this.retrying.add(payload);
				}

				@Override
				public String run(JobContext context) throws Exception {
					return body.run(context);
				}

			};
		}

	}

}
