package ai.flo.interviewer.shared;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two connection pools on one SQLite file stand for the API and the worker. Each
 * transaction reads and then writes, the pattern that makes SQLite answer "database is
 * locked" when a reader has to upgrade to a writer; with our settings every transaction
 * completes.
 */
class SqliteConcurrencyTests {

	@TempDir
	Path folder;

	@Test
	void twoPoolsWritingTheSameFileNeverSeeDatabaseLocked() throws Exception {
		DatabaseProperties properties = new DatabaseProperties("sqlite:///shared.db", 4, Duration.ofSeconds(30));
		DatabaseUrl url = DatabaseUrl.parse(properties.url(), this.folder);
		DatabaseConfiguration configuration = new DatabaseConfiguration();
		try (HikariDataSource api = configuration.dataSource(url, properties);
				HikariDataSource worker = configuration.dataSource(url, properties)) {
			JdbcClient.create(api)
				.sql("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
				.update();
			JdbcClient.create(api).sql("INSERT INTO counter (id, value) VALUES (1, 0)").update();
			List<TransactionTemplate> sides = List.of(new TransactionTemplate(new DataSourceTransactionManager(api)),
					new TransactionTemplate(new DataSourceTransactionManager(worker)));
			List<JdbcClient> clients = List.of(JdbcClient.create(api), JdbcClient.create(worker));
			int threadsPerSide = 4;
			int incrementsPerThread = 100;
			ExecutorService pool = Executors.newFixedThreadPool(threadsPerSide * 2);
			List<Future<?>> futures = new ArrayList<>();
			for (int side = 0; side < 2; side++) {
				TransactionTemplate transactions = sides.get(side);
				JdbcClient jdbc = clients.get(side);
				for (int t = 0; t < threadsPerSide; t++) {
					futures.add(pool.submit(() -> {
						for (int i = 0; i < incrementsPerThread; i++) {
							transactions.executeWithoutResult((status) -> {
								int value = jdbc.sql("SELECT value FROM counter WHERE id = 1")
									.query(Integer.class)
									.single();
								jdbc.sql("UPDATE counter SET value = :v WHERE id = 1").param("v", value + 1).update();
							});
						}
					}));
				}
			}
			for (Future<?> future : futures) {
				future.get();
			}
			pool.shutdown();
			int total = JdbcClient.create(api)
				.sql("SELECT value FROM counter WHERE id = 1")
				.query(Integer.class)
				.single();
			// No lost update either: read-then-write transactions were serialised.
			assertThat(total).isEqualTo(2 * threadsPerSide * incrementsPerThread);
			assertThat(JdbcClient.create(worker).sql("PRAGMA journal_mode").query(String.class).single())
				.isEqualToIgnoringCase("wal");
			assertThat(JdbcClient.create(worker).sql("PRAGMA foreign_keys").query(Integer.class).single()).isEqualTo(1);
			assertThat(JdbcClient.create(worker).sql("PRAGMA busy_timeout").query(Integer.class).single())
				.isEqualTo(30000);
		}
		assertThat(Files.exists(this.folder.resolve("shared.db"))).isTrue();
	}

}
