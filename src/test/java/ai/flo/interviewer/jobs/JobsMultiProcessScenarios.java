package ai.flo.interviewer.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static ai.flo.interviewer.testsupport.AppProcess.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker processes of the packaged jar on one database: every job runs exactly once,
 * both workers take part, and a job whose worker is killed with {@code kill -9} runs
 * again on the other after its lease expires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JobsMultiProcessScenarios {

	static final int JOBS = 300;

	Path home;

	String databaseUrl;

	AppProcess first;

	AppProcess second;

	abstract String databaseUrl(Path home);

	@BeforeAll
	void startTwoWorkers() throws Exception {
		this.home = Files.createTempDirectory("flo-two-workers");
		this.databaseUrl = databaseUrl(this.home);
		int firstPort = AppProcess.freePort();
		int secondPort = AppProcess.freePort();
		this.first = AppProcess.javaJar(this.home, workerEnv(firstPort), "--spring.profiles.active=worker");
		this.second = AppProcess.javaJar(this.home, workerEnv(secondPort), "--spring.profiles.active=worker");
		awaitHealthy(this.first, firstPort);
		awaitHealthy(this.second, secondPort);
	}

	private Map<String, String> workerEnv(int healthPort) {
		return env("DATABASE_URL", this.databaseUrl, "FLO_HOME", this.home.toString(), "FLO_JOBS_DIAGNOSTICS_ENABLED",
				"true", "FLO_JOBS_CONCURRENCY", "4", "FLO_JOBS_POLL_INTERVAL", "50ms", "FLO_JOBS_LEASE", "3s",
				"FLO_WORKER_HEALTH_PORT", String.valueOf(healthPort));
	}

	private static void awaitHealthy(AppProcess worker, int port) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(worker.process().isAlive()).as("worker alive; output:\n%s", worker.output()).isTrue();
			assertThat(AppProcess.get("http://127.0.0.1:" + port + "/health").status()).isEqualTo(200);
		});
	}

	@AfterAll
	void stopWorkers() {
		if (this.first != null) {
			this.first.close();
		}
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	@Order(1)
	void twoWorkersShareTheQueueAndNeverRunAJobTwice() throws Exception {
		Set<String> ids = new HashSet<>();
		try (Connection connection = Sql.connect(this.databaseUrl, this.home)) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO jobs (id, type, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
					VALUES (?, 'diagnostics.sleep', '{"millis": 20}', 'QUEUED', 0, 3, ?, ?, ?)""")) {
				long now = System.currentTimeMillis();
				for (int i = 0; i < JOBS; i++) {
					String id = UUID.randomUUID().toString();
					ids.add(id);
					insert.setString(1, id);
					insert.setLong(2, now);
					insert.setLong(3, now + i);
					insert.setLong(4, now);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			connection.commit();
			connection.setAutoCommit(true);

			await().atMost(Duration.ofSeconds(180))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> count(connection,
						"SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED' AND type = 'diagnostics.sleep'") == JOBS);

			assertThat(
					count(connection, "SELECT COUNT(*) FROM jobs WHERE attempts <> 1 AND type = 'diagnostics.sleep'"))
				.as("jobs run more than once")
				.isZero();
			assertThat(count(connection,
					"SELECT COUNT(*) FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.type = 'diagnostics.sleep'"))
				.isEqualTo(JOBS);
			Map<String, Integer> perWorker = new HashMap<>();
			try (Statement statement = connection.createStatement();
					ResultSet rows = statement
						.executeQuery("SELECT worker, COUNT(*) FROM job_attempts GROUP BY worker")) {
				while (rows.next()) {
					perWorker.put(rows.getString(1), rows.getInt(2));
				}
			}
			assertThat(perWorker).as("both workers took jobs: %s", perWorker).hasSize(2);
			assertThat(perWorker.keySet()).containsExactlyInAnyOrder(workerId(this.first), workerId(this.second));
		}
		assertThat(ids).hasSize(JOBS);
	}

	@Test
	@Order(2)
	void aJobOfAWorkerKilledMidJobRunsAgainOnTheOther() throws Exception {
		String id = UUID.randomUUID().toString();
		try (Connection connection = Sql.connect(this.databaseUrl, this.home)) {
			long now = System.currentTimeMillis();
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO jobs (id, type, payload, status, attempts, max_attempts, run_at, created_at, updated_at)
					VALUES (?, 'diagnostics.sleep', '{"millis": 6000, "steps": 6}', 'QUEUED', 0, 3, ?, ?, ?)""")) {
				insert.setString(1, id);
				insert.setLong(2, now);
				insert.setLong(3, now);
				insert.setLong(4, now);
				insert.executeUpdate();
			}
			String owner = await().atMost(Duration.ofSeconds(30))
				.until(() -> text(connection,
						"SELECT lease_owner FROM jobs WHERE id = '" + id + "' AND status = 'RUNNING'"),
						(value) -> value != null);
			AppProcess victim = owner.equals(workerId(this.first)) ? this.first : this.second;
			AppProcess survivor = (victim == this.first) ? this.second : this.first;
			victim.signal("KILL");
			assertThat(victim.waitForExit(Duration.ofSeconds(10))).isTrue();

			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> text(connection, "SELECT status FROM jobs WHERE id = '" + id + "'"), "SUCCEEDED"::equals);
			assertThat(count(connection, "SELECT attempts FROM jobs WHERE id = '" + id + "'")).isEqualTo(2);
			List<String> history = List.of(
					text(connection,
							"SELECT worker || ' ' || outcome FROM job_attempts WHERE job_id = '" + id
									+ "' AND attempt = 1"),
					text(connection, "SELECT worker || ' ' || outcome FROM job_attempts WHERE job_id = '" + id
							+ "' AND attempt = 2"));
			assertThat(history).containsExactly(owner + " LOST", workerId(survivor) + " SUCCEEDED");
		}
	}

	private static String workerId(AppProcess worker) throws Exception {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			host = java.net.InetAddress.getLocalHost().getHostName();
		}
		return host + ":" + worker.pid();
	}

	private static long count(Connection connection, String sql) throws Exception {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getLong(1) : -1;
		}
	}

	private static String text(Connection connection, String sql) throws Exception {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getString(1) : null;
		}
	}

}
