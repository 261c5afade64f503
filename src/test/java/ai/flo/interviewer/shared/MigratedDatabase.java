package ai.flo.interviewer.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ai.flo.interviewer.testsupport.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh database with the migrations applied, and the same connection settings as the
 * service's ({@link DatabaseConfiguration}), without a Spring context: for tests of the
 * repositories' SQL on SQLite and PostgreSQL.
 */
public final class MigratedDatabase implements AutoCloseable {

	private final DatabaseUrl url;

	private final HikariDataSource dataSource;

	private MigratedDatabase(String databaseUrl) {
		Path folder;
		try {
			folder = Files.createTempDirectory("flo-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		DatabaseProperties properties = new DatabaseProperties(databaseUrl, 4, Duration.ofSeconds(30));
		this.url = DatabaseUrl.parse(databaseUrl, folder);
		this.dataSource = new DatabaseConfiguration().dataSource(this.url, properties);
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
	}

	/** A new SQLite file in a temporary folder, or a new database on the test server. */
	public static MigratedDatabase create(DatabaseUrl.Kind kind) {
		return new MigratedDatabase(
				(kind == DatabaseUrl.Kind.SQLITE) ? "sqlite:///test.db" : TestDatabases.freshPostgres());
	}

	public DatabaseUrl url() {
		return this.url;
	}

	public JdbcClient jdbc() {
		return JdbcClient.create(this.dataSource);
	}

	public TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	/** The table's columns as the migrations made them, lower case, in their order. */
	public List<String> columns(String table) {
		ResultSetExtractor<List<String>> names = (rs) -> {
			List<String> columns = new java.util.ArrayList<>();
			for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
				columns.add(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
			}
			return columns;
		};
		return jdbc().sql("SELECT * FROM " + table + " WHERE 1 = 0").query(names);
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
